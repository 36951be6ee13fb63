package engine

import (
	"maps"
	"strconv"
	"strings"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// A group's answers are stored as id.N.sub, and its number of items under
// id: adding or removing an item changes that number, never the answers of
// other items but by renumbering them.

// Items is the number of items of group f: what the learner added or
// removed, the group's min before that.
func (ev *Eval) Items(f *procedure.Field) int {
	return itemCount(f, ev.A.Answers)
}

func itemCount(f *procedure.Field, answers map[string]string) int {
	if !f.IsGroup() {
		return 0
	}
	n, err := strconv.Atoi(answers[f.ID])
	if err != nil {
		n = f.MinItems()
	}
	return min(max(n, 0), f.MaxItems())
}

// Keys returns the answer keys of f: its id, id.1 … id.N when repeated, and
// id.N.sub for every question of every item of a group.
func (ev *Eval) Keys(f *procedure.Field) []string {
	if !f.IsGroup() {
		return f.Keys()
	}
	n := ev.Items(f)
	keys := make([]string, 0, n*len(f.Fields))
	for i := range n {
		for _, s := range f.Fields {
			keys = append(keys, procedure.GroupKey(f.ID, i, s.ID))
		}
	}
	return keys
}

// ItemLabel renders the name of item i (0-based) of group f.
func (ev *Eval) ItemLabel(f *procedure.Field, i int) string {
	env := maps.Clone(ev.env)
	env["n"] = i + 1
	return ev.textWith(f.ItemLabel, env)
}

// GroupItem splits a key of a group's answer, id.N.sub, into the group,
// the item (0-based) and the question; ok is false for any other key.
func (ev *Eval) GroupItem(key string) (f *procedure.Field, item int, sub *procedure.Field, ok bool) {
	parts := strings.Split(key, ".")
	if len(parts) != 3 {
		return nil, 0, nil, false
	}
	f = ev.P.Field(parts[0])
	n, err := strconv.Atoi(parts[1])
	if f == nil || !f.IsGroup() || err != nil || n < 1 {
		return nil, 0, nil, false
	}
	sub = f.Sub(parts[2])
	return f, n - 1, sub, sub != nil
}

// groupValues sets, in env, group f as a list of typed items and each of
// its questions as the list of its answers; a hidden group has no item.
func (ev *Eval) groupValues(env map[string]any, f *procedure.Field, hidden bool) {
	var items []map[string]any
	if !hidden {
		items = make([]map[string]any, ev.Items(f))
		for i := range items {
			items[i] = map[string]any{}
			for _, s := range f.Fields {
				if v, key := parse(s, ev.A.Answers[procedure.GroupKey(f.ID, i, s.ID)], ev.today()); key == "" && v != nil {
					items[i][s.ID] = v
				}
			}
		}
	}
	env[f.ID] = f.Items(items)
	maps.Copy(env, f.Columns(items))
}

// validateGroup checks the number of items of group f, then every answer
// of every item.
func (ev *Eval) validateGroup(f *procedure.Field) []Issue {
	n := ev.Items(f)
	if n < f.MinItems() {
		return []Issue{{Field: f.ID, Key: "group_min", Text: f.Messages["group_min"], Args: map[string]any{"Min": f.MinItems(), "Count": f.MinItems()}}}
	}
	var issues []Issue
	for i := range n {
		for _, s := range f.Fields {
			key := procedure.GroupKey(f.ID, i, s.ID)
			if k := ev.check(s, ev.A.Answers[key]); k != "" {
				issues = append(issues, ev.issue(s, key, k))
			}
		}
	}
	return issues
}

// AddItem records what was typed on step s without judging it, then adds
// an empty item at the end of group id. It returns the new item's number
// (0-based), or -1 when the group is full or not on the step.
func (e *Engine) AddItem(p *procedure.Procedure, a *Attempt, s *procedure.Step, form map[string]string, id string) int {
	ev := e.Eval(p, a)
	e.record(ev, a, s, form, nil)
	f := shownGroup(ev, s, id)
	if f == nil {
		return -1
	}
	n := itemCount(f, a.Answers)
	if n >= f.MaxItems() {
		return -1
	}
	a.Answers[f.ID] = strconv.Itoa(n + 1)
	forgetIssues(a, s)
	return n
}

// RemoveItem records what was typed on step s without judging it, then
// removes item i (0-based) of group id, the items after it moving up one
// place. It reports false when the group would have fewer items than its
// min, or has no item i.
func (e *Engine) RemoveItem(p *procedure.Procedure, a *Attempt, s *procedure.Step, form map[string]string, id string, i int) bool {
	ev := e.Eval(p, a)
	e.record(ev, a, s, form, nil)
	f := shownGroup(ev, s, id)
	if f == nil {
		return false
	}
	n := itemCount(f, a.Answers)
	if i < 0 || i >= n || n <= f.MinItems() {
		return false
	}
	for j := i; j < n; j++ {
		for _, sub := range f.Fields {
			to, from := procedure.GroupKey(f.ID, j, sub.ID), procedure.GroupKey(f.ID, j+1, sub.ID)
			if v, ok := a.Answers[from]; ok && j+1 < n {
				a.Answers[to] = v
			} else {
				delete(a.Answers, to)
			}
		}
	}
	a.Answers[f.ID] = strconv.Itoa(n - 1)
	forgetIssues(a, s)
	return true
}

// shownGroup is the group id when it is drawn on the page of s, or nil.
func shownGroup(ev *Eval, s *procedure.Step, id string) *procedure.Field {
	for _, f := range ev.ShownFields(s) {
		if f.ID == id && f.IsGroup() {
			return f
		}
	}
	return nil
}

// groupRows are the review rows of group f: each answer of each item,
// labelled with the item's name ("Employeur 2 — Salaire brut"); a group
// without items shows one empty row, so that it can be changed too.
func (ev *Eval) groupRows(f *procedure.Field) []ReviewRow {
	n := ev.Items(f)
	if n == 0 {
		return []ReviewRow{{Field: f, Key: f.ID, Label: ev.Text(f.Label), Word: "empty"}}
	}
	var rows []ReviewRow
	for i := range n {
		item := ev.ItemLabel(f, i)
		for _, s := range f.Fields {
			key := procedure.GroupKey(f.ID, i, s.ID)
			row := ReviewRow{Field: s, Key: key, Label: item + " — " + ev.Text(s.Label), Item: item}
			row.Value, row.Word = ev.Display(s, ev.A.Answers[key])
			rows = append(rows, row)
		}
	}
	return rows
}

// forgetIssues drops the refusals shown on step s: once items are added
// or renumbered, they would point to the wrong item.
func forgetIssues(a *Attempt, s *procedure.Step) {
	st := a.Steps[s.ID]
	st.Issues = nil
	a.Steps[s.ID] = st
}

// formKeys are the keys a page of f may send: for a group, those of every
// item it may have (the attempt keeps those of the items it holds).
func formKeys(f *procedure.Field) []string {
	if !f.IsGroup() {
		return f.Keys()
	}
	var keys []string
	for i := range f.MaxItems() {
		for _, s := range f.Fields {
			keys = append(keys, procedure.GroupKey(f.ID, i, s.ID))
		}
	}
	return keys
}
