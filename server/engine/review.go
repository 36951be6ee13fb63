package engine

import (
	"strings"
	"time"

	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/validate"
)

// ReviewSection is one step on "Vérifiez vos réponses".
type ReviewSection struct {
	Step *procedure.Step
	Rows []ReviewRow
}

// ReviewRow is one answer as the learner gave it.
type ReviewRow struct {
	Field *procedure.Field
	Key   string // form key, the anchor of the "Modifier" link
	Label string
	// Value is the answer as the site prints it; Word, when set, is a
	// site word to translate instead ("yes", "no", "empty").
	Value string
	Word  string
	// Item names the item of a group the answer belongs to ("Employeur 2").
	Item string
}

// Review lists the visible steps and answers, passwords excepted.
func (ev *Eval) Review() []ReviewSection {
	var out []ReviewSection
	for _, s := range ev.P.Steps {
		if !ev.StepVisible(s) || !s.InReview() {
			continue
		}
		sec := ReviewSection{Step: s}
		for _, f := range ev.VisibleFields(s) {
			if f.Type == "password" {
				continue
			}
			if f.IsGroup() {
				sec.Rows = append(sec.Rows, ev.groupRows(f)...)
				continue
			}
			label := ev.Text(f.Label)
			for i, key := range f.Keys() {
				row := ReviewRow{Field: f, Key: key, Label: label}
				if f.Repeat != nil {
					row.Label = label + " — " + ev.RepeatLabel(f, i)
				}
				row.Value, row.Word = ev.Display(f, ev.A.Answers[key])
				sec.Rows = append(sec.Rows, row)
			}
		}
		out = append(out, sec)
	}
	return out
}

// Display prints an answer as the simulated site shows it.
func (ev *Eval) Display(f *procedure.Field, raw string) (value, word string) {
	v, key := parse(f, raw, ev.today())
	if key != "" {
		return raw, ""
	}
	if f.Type == "file" && v != nil {
		return fileDisplay(raw), ""
	}
	if f.Type == "iban" && v != nil {
		return validate.FormatIBAN(v.(string)), ""
	}
	if f.Type == "phone" && v != nil {
		return pairs(v.(string)), ""
	}
	switch x := v.(type) {
	case nil:
		return "", "empty"
	case bool:
		if x {
			return "", "yes"
		}
		return "", "no"
	case float64:
		if f.Type == "money" {
			return procedure.FormatEuros(x), ""
		}
		return format(x), ""
	case time.Time:
		return x.Format("02/01/2006"), ""
	case []string:
		labels := make([]string, len(x))
		for i, val := range x {
			labels[i] = optionLabel(f, val)
		}
		return strings.Join(labels, ", "), ""
	case string:
		if len(f.Options) > 0 {
			return optionLabel(f, x), ""
		}
		return x, ""
	}
	return raw, ""
}

// pairs writes a phone number as French people read it: 06 12 34 56 78.
func pairs(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%2 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func optionLabel(f *procedure.Field, v string) string {
	for _, o := range f.Options {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}
