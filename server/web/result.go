package web

import (
	"slices"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/locale"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// resultView is the end of an exercise, step by step (engine.Result):
// the site's own words stay in French, the rest is the learner's language.
type resultView struct {
	// Tone picks the words: "exam" (plain, strict) or "practice" (gentler).
	Tone     string
	Verdict  string
	Mistakes int
	Steps    []stepResultView
	// Consequences name the letters and decisions the answers would bring.
	Consequences []string
	// Fell, Situation and Avoided are the pitfalls that name no step:
	// fallen into, fallen into as the person's story would, avoided.
	Fell, Situation, Avoided []pitfallView
	// Practise names the steps to practise again, with their questions.
	Practise []practiseView
}

type stepResultView struct {
	Title                    string
	Refused                  []refusalView
	Warnings                 []warningView
	Fell, Situation, Avoided []pitfallView
}

type refusalView struct {
	Label, Text string
	Times       int
}

type warningView struct {
	Text  string
	Times int
	Right bool
}

// pitfallView is a pitfall in the learner's language when the procedure's
// translation has it, in French otherwise.
type pitfallView struct {
	Title, Lesson phrase
}

// phrase is a text and the language it is written in: the site's words
// are French, a translated pitfall is in the learner's language.
type phrase struct {
	Text, Lang, Dir string
}

func french(s string) phrase { return phrase{Text: s, Lang: locale.Default, Dir: "ltr"} }

type practiseView struct {
	Step   phrase
	Fields []phrase
}

// resultFor words the result of an attempt for page p.
func resultFor(p *Page, r *engine.Result) *resultView {
	rv := &resultView{Tone: "practice", Verdict: r.Verdict, Mistakes: r.Mistakes}
	if r.Mode == engine.ModeExam {
		rv.Tone = "exam"
	}
	for _, s := range r.Steps {
		sv := stepResultView{Title: s.Title}
		for _, ref := range s.Refused {
			sv.Refused = append(sv.Refused, refusalView{Label: ref.Label, Text: issueText(p, ref.Issue), Times: ref.Times})
		}
		for _, w := range s.Warnings {
			sv.Warnings = append(sv.Warnings, warningView{Text: w.Text, Times: w.Times, Right: w.Right})
		}
		sv.Fell, sv.Situation, sv.Avoided = pitfallViews(p, s.Pitfalls)
		rv.Steps = append(rv.Steps, sv)
	}
	rv.Fell, rv.Situation, rv.Avoided = pitfallViews(p, r.Pitfalls)
	for _, c := range r.Consequences {
		rv.Consequences = append(rv.Consequences, consequenceTitle(p, c))
	}
	for _, s := range r.Practise() {
		pv := practiseView{Step: french(s.Title)}
		for _, ref := range s.Refused {
			pv.add(french(ref.Label))
		}
		for _, w := range s.Warnings {
			if !w.Right {
				pv.add(french(w.Label))
			}
		}
		for _, pf := range s.Pitfalls {
			if pf.Mistake() {
				pv.add(newPitfallView(p, pf.Pitfall).Title)
			}
		}
		rv.Practise = append(rv.Practise, pv)
	}
	for _, pf := range rv.Fell {
		rv.Practise = append(rv.Practise, practiseView{Step: pf.Title})
	}
	return rv
}

// add names a question or a pitfall to practise, once.
func (pv *practiseView) add(name phrase) {
	if name.Text != "" && !slices.Contains(pv.Fields, name) {
		pv.Fields = append(pv.Fields, name)
	}
}

// consequenceTitle names a consequence: its letter's title, or the status
// it gives the dossier, in the site's words.
func consequenceTitle(p *Page, c engine.Consequence) string {
	switch {
	case c.Title != "":
		return c.Title
	case c.Event.Label != "":
		return c.Event.Label
	}
	return p.S("site.follow.status." + c.Event.Status)
}

func pitfallViews(p *Page, pfs []engine.PitfallResult) (fell, situation, avoided []pitfallView) {
	for _, pf := range pfs {
		v := newPitfallView(p, pf.Pitfall)
		switch {
		case pf.Mistake():
			fell = append(fell, v)
		case pf.Fell:
			situation = append(situation, v)
		default:
			avoided = append(avoided, v)
		}
	}
	return fell, situation, avoided
}

// newPitfallView words a pitfall for page p: each of its title and lesson
// in the learner's language when the procedure's translation has it, as
// hints are, in French otherwise.
func newPitfallView(p *Page, pf *procedure.Pitfall) pitfallView {
	v := pitfallView{Title: french(pf.Title), Lesson: french(pf.Lesson)}
	if p.Lang == locale.Default || p.Proc == nil || p.Proc.Translations[p.Lang] == nil {
		return v
	}
	ptr := p.Proc.Translations[p.Lang].Pitfalls[pf.ID]
	if ptr == nil {
		return v
	}
	if ptr.Title != "" {
		v.Title = phrase{Text: ptr.Title, Lang: p.Lang, Dir: p.Dir}
	}
	if ptr.Lesson != "" && pf.Lesson != "" {
		v.Lesson = phrase{Text: ptr.Lesson, Lang: p.Lang, Dir: p.Dir}
	}
	return v
}
