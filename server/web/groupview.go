package web

import (
	"strconv"
	"strings"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// groupItemView is one item of a group: its questions and its "Supprimer"
// button. The buttons are submit buttons of the step's form, so that
// adding and removing work without JavaScript and keep what was typed.
type groupItemView struct {
	ID     string // the item's anchor, f-employeurs-2
	Legend string
	Fields []*fieldView
	// Remove is the value of the "Supprimer" button, "" at the group's min.
	Remove string
}

// Form actions of a group's buttons, sent as name="action".
const (
	actionAdd    = "ajouter"
	actionRemove = "supprimer"
)

// setGroup fills the view of group f: one item per answer block, the
// remove buttons above the min and the add button under the max.
func (fv *fieldView) setGroup(p *Page, g guide, ev *engine.Eval, f *procedure.Field, errs map[string]string) {
	fv.Group = true
	n := ev.Items(f)
	fv.AddLabel = f.AddLabel
	if fv.AddLabel == "" {
		fv.AddLabel = p.S("site.group.add")
	}
	if n < f.MaxItems() {
		fv.Add = actionAdd + ":" + f.ID
	}
	for i := range n {
		item := &groupItemView{
			ID:     fieldID(procedure.RepeatKey(f.ID, i)),
			Legend: ev.ItemLabel(f, i),
		}
		if n > f.MinItems() {
			item.Remove = actionRemove + ":" + f.ID + ":" + strconv.Itoa(i+1)
		}
		for _, sub := range f.Fields {
			key := procedure.GroupKey(f.ID, i, sub.ID)
			sv := subFieldView(p, g, ev, sub, key, errs[key])
			fv.HasError = fv.HasError || sv.Error != ""
			item.Fields = append(item.Fields, sv)
		}
		fv.GroupItems = append(fv.GroupItems, item)
	}
}

// subFieldView is one question of a group's item, named by its own key.
func subFieldView(p *Page, g guide, ev *engine.Eval, f *procedure.Field, key, err string) *fieldView {
	raw := ev.A.Answers[key]
	fv := &fieldView{
		P: p, Key: key, ID: fieldID(key), Type: f.Type,
		Label: ev.Text(f.Label), Required: f.IsRequired(), Width: f.Width, Error: err,
	}
	fv.LabelHTML, fv.LabelTerms = g.mark(fv.Label)
	fv.Help = g.link(ev.Text(f.Help))
	fv.Input, fv.InputMode, fv.Autocomplete = inputKind(f)
	if f.Autocomplete != "" {
		fv.Autocomplete = f.Autocomplete
	}
	switch {
	case f.Type == "yesno":
		fv.Group, fv.Choice = true, "radio"
		fv.Options = []optionView{
			{ID: fv.ID, Value: "true", Label: p.S("site.yes"), Checked: raw == "true"},
			{ID: fv.ID + "-non", Value: "false", Label: p.S("site.no"), Checked: raw == "false"},
		}
	case len(f.Options) > 0:
		fv.Group, fv.Choice = f.Type != "select", f.Type
		chosen := map[string]bool{}
		for _, v := range strings.Split(raw, ",") {
			chosen[v] = true
		}
		for i, o := range f.Options {
			id := fv.ID
			if i > 0 || f.Type == "select" {
				id = fv.ID + "-" + o.Value
			}
			fv.Options = append(fv.Options, optionView{ID: id, Value: o.Value, Label: o.Label, Help: o.Help, Checked: chosen[o.Value]})
		}
	case f.Type == "checkbox":
		fv.setCheckbox(raw)
	default:
		fv.Value = inputValue(f.Type, raw)
	}
	fv.describe(fv.Help != "")
	fv.HasError = fv.Error != ""
	return fv
}

// groupAction reads the value of a group's button: "ajouter:employeurs"
// or "supprimer:employeurs:2" (the item's number, from 1).
func groupAction(v string) (verb, id string, item int, ok bool) {
	parts := strings.Split(v, ":")
	switch {
	case len(parts) == 2 && parts[0] == actionAdd:
		return actionAdd, parts[1], -1, true
	case len(parts) == 3 && parts[0] == actionRemove:
		n, err := strconv.Atoi(parts[2])
		if err != nil || n < 1 {
			return "", "", 0, false
		}
		return actionRemove, parts[1], n - 1, true
	}
	return "", "", 0, false
}

// issueLabel is the wording of an issue on the error summary: an answer
// of a group's item names the item ("Employeur 2 : …").
func issueLabel(p *Page, ev *engine.Eval, is engine.Issue) string {
	text := issueText(p, is)
	if f, i, _, ok := ev.GroupItem(is.Field); ok {
		return ev.ItemLabel(f, i) + "\u00a0: " + text // French spacing, as the site's texts
	}
	return text
}
