package procedure

import (
	"io/fs"
	"path"
	"reflect"
	"regexp"

	"gopkg.in/yaml.v3"

	"github.com/repetition-demarches/repetition/server/authoring"
)

// A procedure's guide layer is translated in sibling files named
// ID.LANG.yaml (caf-declaration-trimestrielle.en.yaml), keyed by the ids of
// the procedure: no logic is copied, only texts. The simulated site stays
// in French; the translations serve the learner's own language (hints,
// the story of a profile, the pitfalls of the result) and the "afficher la
// traduction" option.

// Translation is one language's texts for a procedure.
type Translation struct {
	Pos      Pos
	Lang     string                         `yaml:"-"`
	File     string                         `yaml:"-"`
	Title    string                         `yaml:"title"`
	Summary  string                         `yaml:"summary"`
	Steps    map[string]*StepTranslation    `yaml:"steps"`
	Profiles map[string]*ProfileTranslation `yaml:"profiles"`
	Pitfalls map[string]*PitfallTranslation `yaml:"pitfalls"`
	// OwnData translates the intro and the fields of vos_donnees, as a step's.
	OwnData *StepTranslation `yaml:"vos_donnees"`
}

// StepTranslation translates a step's texts.
type StepTranslation struct {
	Pos    Pos
	Title  Text                         `yaml:"title"`
	Intro  Text                         `yaml:"intro"`
	Hints  []Text                       `yaml:"hints"`
	Fields map[string]*FieldTranslation `yaml:"fields"`
}

// FieldTranslation translates a field's texts; hints are in the order of
// the procedure's, and options are keyed by their value.
type FieldTranslation struct {
	Pos     Pos
	Label   Text              `yaml:"label"`
	Help    Text              `yaml:"help"`
	Hints   []Text            `yaml:"hints"`
	Options map[string]string `yaml:"options"`
}

// ProfileTranslation translates a fictional person's name and story.
type ProfileTranslation struct {
	Pos   Pos
	Name  string `yaml:"name"`
	Story string `yaml:"story"`
}

// PitfallTranslation translates a pitfall's title and lesson, shown at
// the end of an attempt.
type PitfallTranslation struct {
	Pos    Pos
	Title  string `yaml:"title"`
	Lesson string `yaml:"lesson"`
}

var translationName = regexp.MustCompile(`^(.+)\.([a-z]{2,3})\.yaml$`)

// isTranslation reports whether a file name is ID.LANG.yaml.
func isTranslation(name string) bool { return translationName.MatchString(path.Base(name)) }

// loadTranslations reads every ID.LANG.yaml of dir and attaches it to its
// procedure, checking every id it names and every text it holds.
func loadTranslations(fsys fs.FS, dir string, procs map[string]*Procedure, broken map[string]bool) Problems {
	names, _ := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	var problems Problems
	for _, name := range names {
		m := translationName.FindStringSubmatch(path.Base(name))
		if m == nil {
			continue
		}
		p := procs[m[1]]
		if p == nil && broken[m[1]] {
			continue // the procedure's own problems are reported
		}
		if p == nil {
			problems = append(problems, NewProblem(name, Pos{1, 1}, "translate.unknown_procedure", "ID", q(m[1]), authoring.SuggestArg, suggest(m[1], sortedKeys(procs))))
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			problems = append(problems, Problem{File: name, Line: 1, Column: 1, Message: err.Error()})
			continue
		}
		tr, ps := parseTranslation(name, m[2], data, p)
		problems = append(problems, ps...)
		if len(ps) == 0 {
			if p.Translations == nil {
				p.Translations = map[string]*Translation{}
			}
			p.Translations[tr.Lang] = tr
		}
	}
	return problems
}

func parseTranslation(file, lang string, data []byte, p *Procedure) (*Translation, Problems) {
	d := &decoder{file: file}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		ps := Problems{syntaxProblem(file, data, err)}
		withExcerpts(ps, file, data)
		return nil, ps
	}
	tr := &Translation{Lang: lang, File: file}
	if len(doc.Content) == 0 {
		return tr, nil
	}
	d.decode(doc.Content[0], reflect.ValueOf(tr).Elem())
	c := &checker{decoder: d, p: p}
	c.buildEnv()
	c.checkTranslation(tr)
	d.problems.Sort()
	return tr, d.problems
}

func (c *checker) checkTranslation(tr *Translation) {
	p := c.p
	for _, id := range sortedKeys(tr.Steps) {
		st, str := p.Step(id), tr.Steps[id]
		if st == nil {
			c.errorf(str.Pos, "translate.unknown_step", "Step", q(id), authoring.SuggestArg, suggest(id, sortedKeys(p.steps)))
			continue
		}
		c.compileText(&str.Title, c.env)
		c.compileText(&str.Intro, c.env)
		c.hintCount(str.Pos, "the_step", id, len(str.Hints), len(st.Hints))
		for i := range str.Hints {
			c.compileText(&str.Hints[i], c.env)
		}
		for _, fid := range sortedKeys(str.Fields) {
			f, ftr := p.Field(fid), str.Fields[fid]
			if f == nil || !containsField(st, f) {
				c.errorf(ftr.Pos, "translate.no_field", "Step", q(id), "Field", q(fid), authoring.SuggestArg, suggest(fid, fieldIDs(st)))
				continue
			}
			c.compileText(&ftr.Label, c.env)
			c.compileText(&ftr.Help, c.env)
			c.hintCount(ftr.Pos, "the_field", fid, len(ftr.Hints), len(f.Hints))
			for i := range ftr.Hints {
				c.compileText(&ftr.Hints[i], c.env)
			}
			for _, v := range sortedKeys(ftr.Options) {
				if !hasOptionValue(f, v) {
					c.errorf(ftr.Pos, "translate.no_option", "Field", q(fid), "Value", q(v))
				}
			}
		}
	}
	c.checkOwnTranslation(tr.OwnData)
	for _, id := range sortedKeys(tr.Profiles) {
		if p.Profile(id) == nil {
			c.errorf(tr.Profiles[id].Pos, "translate.unknown_profile", "Profile", q(id))
		}
	}
	c.checkPitfallTranslations(tr.Pitfalls)
}

// checkPitfallTranslations: a translated pitfall is one of the
// procedure's, and translates a lesson only where the French has one.
func (c *checker) checkPitfallTranslations(trs map[string]*PitfallTranslation) {
	var known []string
	for _, pf := range c.p.Pitfalls {
		known = append(known, pf.ID)
	}
	for _, id := range sortedKeys(trs) {
		pf, ptr := c.p.Pitfall(id), trs[id]
		switch {
		case pf == nil:
			c.errorf(ptr.Pos, "translate.unknown_pitfall", "Pitfall", q(id), authoring.SuggestArg, suggest(id, known))
		case ptr.Lesson != "" && pf.Lesson == "":
			c.errorf(ptr.Pos, "translate.pitfall_lesson", "Pitfall", q(id))
		}
	}
}

// hintCount: translated hints follow the original ones one for one.
func (c *checker) hintCount(at Pos, what authoring.Term, id string, got, want int) {
	if got != 0 && got != want {
		c.errorf(at, "translate.hint_count", "What", what, "ID", q(id), "Want", want, "Got", got)
	}
}

func containsField(s *Step, f *Field) bool {
	for _, g := range s.Fields {
		if g == f {
			return true
		}
	}
	return false
}

func hasOptionValue(f *Field, v string) bool {
	for _, o := range f.Options {
		if o.Value == v {
			return true
		}
	}
	return false
}

// Coverage counts, for one language, the texts of the guide layer a
// learner meets (step titles and intros, hints, labels, helps, options,
// profiles, pitfalls) and how many are translated; missing names the first ones that
// are not.
func (p *Procedure) Coverage(lang string) (done, total int, missing []string) {
	tr := p.Translations[lang]
	count := func(has bool, what string) {
		total++
		if has {
			done++
		} else if len(missing) < 5 {
			missing = append(missing, what)
		}
	}
	stepTexts := func(st *Step, str *StepTranslation, at string) {
		if st.ID != OwnDataStep {
			count(str != nil && !str.Title.IsZero(), at+".title")
		}
		if !st.Intro.IsZero() {
			count(str != nil && !str.Intro.IsZero(), at+".intro")
		}
		if len(st.Hints) > 0 {
			count(str != nil && len(str.Hints) > 0, at+".hints")
		}
		for _, f := range st.Fields {
			var ftr *FieldTranslation
			if str != nil {
				ftr = str.Fields[f.ID]
			}
			where := at + ".fields." + f.ID
			count(ftr != nil && !ftr.Label.IsZero(), where+".label")
			if !f.Help.IsZero() {
				count(ftr != nil && !ftr.Help.IsZero(), where+".help")
			}
			if len(f.Hints) > 0 {
				count(ftr != nil && len(ftr.Hints) > 0, where+".hints")
			}
			for _, o := range f.Options {
				count(ftr != nil && ftr.Options[o.Value] != "", where+".options."+o.Value)
			}
		}
	}
	for _, st := range p.Steps {
		var str *StepTranslation
		if tr != nil {
			str = tr.Steps[st.ID]
		}
		stepTexts(st, str, "steps."+st.ID)
	}
	// The page of vos_donnees is read in the learner's language too.
	if p.OwnData != nil {
		var str *StepTranslation
		if tr != nil {
			str = tr.OwnData
		}
		stepTexts(p.OwnData.Step(), str, "vos_donnees")
	}
	for _, pr := range p.Profiles {
		var ptr *ProfileTranslation
		if tr != nil {
			ptr = tr.Profiles[pr.ID]
		}
		count(ptr != nil && ptr.Story != "", "profiles."+pr.ID+".story")
	}
	for _, pf := range p.Pitfalls {
		var ptr *PitfallTranslation
		if tr != nil {
			ptr = tr.Pitfalls[pf.ID]
		}
		count(ptr != nil && ptr.Title != "", "pitfalls."+pf.ID+".title")
		if pf.Lesson != "" {
			count(ptr != nil && ptr.Lesson != "", "pitfalls."+pf.ID+".lesson")
		}
	}
	return done, total, missing
}

// Languages lists the languages a procedure is translated into.
func (p *Procedure) Languages() []string {
	return sortedKeys(p.Translations)
}

// checkOwnTranslation checks the translation of vos_donnees: its intro,
// and the labels and helps of the fields it asks.
func (c *checker) checkOwnTranslation(str *StepTranslation) {
	if str == nil {
		return
	}
	o := c.p.OwnData
	if o == nil {
		c.errorf(str.Pos, "translate.unknown_step", "Step", q(OwnDataStep), authoring.SuggestArg, "")
		return
	}
	c.compileText(&str.Intro, c.env)
	st := o.Step()
	for _, fid := range sortedKeys(str.Fields) {
		ftr := str.Fields[fid]
		if !o.Asks(fid) {
			c.errorf(ftr.Pos, "translate.no_field", "Step", q(OwnDataStep), "Field", q(fid), authoring.SuggestArg, suggest(fid, fieldIDs(st)))
			continue
		}
		c.compileText(&ftr.Label, c.env)
		c.compileText(&ftr.Help, c.env)
	}
}
