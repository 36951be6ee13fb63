package web

import (
	"github.com/repetition-demarches/repetition/server/glossary"
	"html/template"
	"regexp"
	"strings"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// fieldView is one question as the templates draw it. A repeated field is a
// group whose Items are its inputs.
type fieldView struct {
	P            *Page
	Key, ID      string // form name, and HTML id
	Type         string
	Input        string // the input element's type attribute
	InputMode    string
	Autocomplete string
	Label        string
	// LabelHTML is the label with its glossary terms marked, and
	// LabelTerms those terms, linked to their definitions next to it.
	LabelHTML  template.HTML
	LabelTerms []glossary.Found
	Help       template.HTML
	// Translation and HelpTranslation are in the learner's language, when shown.
	Translation, HelpTranslation string
	Required                     bool
	Value                        string
	Width                        int
	Options                      []optionView
	Error                        string
	Hints                        []hintView
	Items                        []*fieldView
	// GroupItems are the items of a group field, with its buttons'
	// values (Add is "" once the group is full) and the add button's text.
	GroupItems    []*groupItemView
	Add, AddLabel string
	// Group is true when the field is drawn as a fieldset with a legend.
	Group bool
	// Conditional marks a field asked only for some answers of the page.
	Conditional bool
	// Choice is "radio" or "checkbox" for fields drawn as options.
	Choice string
	// DescribedBy lists the ids of the help and error texts.
	DescribedBy string
	// InEuros adds a hidden "(en euros)" to a money field's label, unless
	// its label or help says it already: a screen reader says it once.
	InEuros bool
	// HasError is set when the field or one of its repeated answers is refused.
	HasError bool
	// Accept lists a file field's formats for the browser (".pdf,.jpg").
	Accept string
	// Where is "Où trouver cette information ?", when the profile's papers print the answer.
	Where *whereView
	// Prefilled draws the answer the site filled in as text (Shown) with
	// a "Modifier" link (ChangeURL); the value is sent unchanged.
	Prefilled        bool
	Shown, ChangeURL string
}

type optionView struct {
	ID, Value, Label, Help string
	Translation            string
	Checked                bool
}

type issueView struct {
	Anchor, Text string
}

// fieldID makes an HTML id from a form key ("salaires.2" → "f-salaires-2").
func fieldID(key string) string { return "f-" + strings.ReplaceAll(key, ".", "-") }

// issueText is the wording of an issue: the author's, or the site's default.
func issueText(p *Page, is engine.Issue) string {
	if is.Text != "" {
		return is.Text
	}
	return p.site.TData("site.error."+is.Key, is.Args)
}

func (s *server) fieldViews(p *Page, g guide, ev *engine.Eval, st *procedure.Step, issues []engine.Issue) []*fieldView {
	errs := map[string]string{}
	for _, is := range issues {
		if _, dup := errs[is.Field]; !dup {
			errs[is.Field] = issueText(p, is)
		}
	}
	failures := ev.A.Failures(st)
	var out []*fieldView
	for _, f := range ev.ShownFields(st) {
		ftr := g.field(st.ID, f.ID)
		var trHints []procedure.Text
		var trLabel, trHelp *procedure.Text
		if ftr != nil {
			trHints, trLabel, trHelp = ftr.Hints, &ftr.Label, &ftr.Help
		}
		fv := &fieldView{
			P:   p,
			Key: f.ID, ID: fieldID(f.ID), Type: f.Type,
			Label: ev.Text(f.Label), Help: g.link(ev.Text(f.Help)),
			Required: f.IsRequired(), Width: f.Width,
			Error:           errs[f.ID],
			Hints:           g.hints(ev, f.Hints, trHints, failures),
			Conditional:     f.Reveal,
			Translation:     g.translated(ev, trLabel),
			HelpTranslation: g.translated(ev, trHelp),
		}
		fv.LabelHTML, fv.LabelTerms = g.mark(fv.Label)
		fv.InEuros = f.Type == "money" && !saysEuros(fv.Label) && !saysEuros(string(fv.Help))
		fv.Input, fv.InputMode, fv.Autocomplete = inputKind(f)
		if f.Autocomplete != "" {
			fv.Autocomplete = f.Autocomplete
		}
		switch {
		case f.IsGroup():
			fv.setGroup(p, g, ev, f, errs)
		case f.Repeat != nil:
			fv.Group = true
			for i, key := range f.Keys() {
				item := &fieldView{
					P:   p,
					Key: key, ID: fieldID(key), Type: f.Type, Input: fv.Input, InputMode: fv.InputMode,
					Label: ev.RepeatLabel(f, i), Required: fv.Required, Width: f.Width,
					Value: inputValue(f.Type, ev.A.Answers[key]), Error: errs[key],
				}
				item.InEuros = f.Type == "money" && !saysEuros(item.Label)
				item.describe(false)
				fv.Items = append(fv.Items, item)
			}
		case f.Type == "yesno":
			fv.Group, fv.Choice = true, "radio"
			v := ev.A.Answers[f.ID]
			fv.Options = []optionView{
				{ID: fv.ID, Value: "true", Label: p.S("site.yes"), Checked: v == "true"},
				{ID: fv.ID + "-non", Value: "false", Label: p.S("site.no"), Checked: v == "false"},
			}
		case len(f.Options) > 0:
			fv.Group = f.Type != "select"
			fv.Choice = f.Type
			chosen := map[string]bool{}
			for _, v := range strings.Split(ev.A.Answers[f.ID], ",") {
				chosen[v] = true
			}
			for i, o := range f.Options {
				id := fv.ID
				if i > 0 || f.Type == "select" {
					id = fv.ID + "-" + o.Value
				}
				ov := optionView{ID: id, Value: o.Value, Label: o.Label, Help: o.Help, Checked: chosen[o.Value]}
				if g.show && ftr != nil {
					ov.Translation = ftr.Options[o.Value]
				}
				fv.Options = append(fv.Options, ov)
			}
		case f.Type == "checkbox":
			fv.setCheckbox(ev.A.Answers[f.ID])
		case f.Type == "file":
			if raw := ev.A.Answers[f.ID]; raw != "" {
				fv.Value, _ = ev.Display(f, raw)
			}
			fv.Accept = "." + strings.Join(f.Accept, ",.")
		case f.Type != "password":
			fv.Value = inputValue(f.Type, ev.A.Answers[f.ID])
		}
		fv.describe(fv.Help != "")
		fv.HasError = fv.HasError || fv.Error != ""
		for _, item := range fv.Items {
			fv.HasError = fv.HasError || item.Error != ""
		}
		out = append(out, fv)
	}
	return out
}

// saysEuros reports whether a label or help text already gives the unit.
func saysEuros(text string) bool {
	text = strings.ToLower(text)
	return strings.Contains(text, "euro") || strings.Contains(text, "€")
}

func (fv *fieldView) describe(help bool) {
	var ids []string
	if help {
		ids = append(ids, fv.ID+"-aide")
	}
	if fv.Error != "" {
		ids = append(ids, fv.ID+"-erreur")
	}
	fv.DescribedBy = strings.Join(ids, " ")
}

// setCheckbox sets a lone checkbox's state from its stored answer.
func (fv *fieldView) setCheckbox(raw string) {
	fv.Choice = "checkbox"
	fv.Options = []optionView{{ID: fv.ID, Value: "true", Label: fv.Label, Checked: raw == "true" || raw == "on"}}
}

// inputKind chooses the input type, the on-screen keyboard and the
// autocomplete purpose (WCAG 1.3.5) for a field type. Types are plain
// "text" where the browser's own checks would replace the site's wording.
func inputKind(f *procedure.Field) (input, mode, autocomplete string) {
	switch f.Type {
	case "number", "money":
		return "text", "decimal", "off"
	case "postal_code":
		return "text", "numeric", "postal-code"
	case "commune":
		return "text", "", "address-level2"
	case "phone":
		return "tel", "tel", "tel"
	case "email":
		return "email", "email", "email"
	case "password":
		return "password", "", "current-password"
	case "numero_fiscal", "neph":
		return "text", "numeric", "off"
	case "nir", "iban", "reference_avis", "plate", "formule":
		return "text", "text", "off"
	case "date":
		return "text", "numeric", "off"
	case "file":
		return "file", "", ""
	}
	return "text", "", ""
}

// plainDecimal is an amount as a profile or a computation writes it:
// 214.20, 214.2, 214,2.
var plainDecimal = regexp.MustCompile(`^-?[0-9]+[.,][0-9]{1,2}$`)

// inputValue is an answer as it is drawn in its input: an amount written
// by a profile as 214.20 or computed as 214,2 is shown 214,20, as a
// French site shows it and as the learner would type it.
func inputValue(typ, raw string) string {
	if typ == "money" && plainDecimal.MatchString(raw) {
		whole, cents, _ := strings.Cut(strings.Replace(raw, ".", ",", 1), ",")
		return whole + "," + (cents + "0")[:2]
	}
	return raw
}
