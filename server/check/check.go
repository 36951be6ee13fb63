// Package check validates procedures the way an author needs: load
// problems, conditions that can never work, profiles that cannot finish,
// scenarios that fail, and the locales and themes they use. Every problem
// comes with its file, line and column.
package check

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/repetition-demarches/repetition/server/authoring"
	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/glossary"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// Report is the outcome of a check.
type Report struct {
	Procedures []*procedure.Procedure
	Scenarios  int
	Problems   procedure.Problems
	// Notes are worth reading but do not fail the check (steps no scenario visits).
	Notes procedure.Problems
	// Rechecked are the ids of the procedures checked anew, not taken
	// from a Checker's previous check.
	Rechecked []string
}

// Engine is the fixed clock and random source scenarios are played with, so
// that a check gives the same result on every run.
func Engine() *engine.Engine {
	return &engine.Engine{
		Now:    func() time.Time { return time.Date(2026, 11, 22, 10, 30, 0, 0, time.UTC) },
		Random: bytes.NewReader(bytes.Repeat([]byte{7}, 1<<14)),
	}
}

// Procedures loads and checks every procedure in dir of fsys, with the
// glossary of fsys (content/) for the plain-words check.
func Procedures(fsys fs.FS, dir string) Report {
	return new(Checker).Procedures(fsys, dir)
}

// Checker checks the same folder again and again, as the development
// mode does on every change: a procedure whose inputs (its file, its
// translations, the glossary and the kinds of paper) have not changed
// since a previous check keeps that check's problems instead of playing
// its profiles and scenarios again. The zero value is ready; a Checker
// is used by one goroutine at a time.
type Checker struct {
	done map[[sha256.Size]byte]Report
}

// Procedures is the package's Procedures, reusing what c checked before.
func (c *Checker) Procedures(fsys fs.FS, dir string) Report {
	procs, problems := procedure.Load(fsys, dir)
	r := Report{Procedures: procs, Problems: problems}
	gloss, err := glossary.Load(fsys)
	if err != nil {
		r.Problems = append(r.Problems, procedure.Problem{File: "content", Line: 1, Column: 1, Message: err.Error()}) // the glossary's own error
	}
	shared := sharedInputs(fsys, dir)
	done := make(map[[sha256.Size]byte]Report, len(procs))
	for _, p := range procs {
		key := inputs(fsys, dir, p, shared)
		one, ok := c.done[key]
		if !ok {
			one = Report{}
			one.order(p)
			missing := one.profiles(p)
			one.papers(p)
			one.rawExpr(p)
			one.scenarios(p, missing)
			one.Plain(p, gloss)
			r.Rechecked = append(r.Rechecked, p.ID)
		}
		done[key] = one
		r.Scenarios += one.Scenarios
		r.Problems = append(r.Problems, one.Problems...)
		r.Notes = append(r.Notes, one.Notes...)
	}
	c.done = done // what is no longer on disk is forgotten
	r.Problems.Sort()
	r.excerpts(fsys)
	return r
}

// sharedInputs is the digest of what every procedure's check reads
// besides its own files: the glossary, the kinds of paper and the
// households (content/ at the root, content/papiers and content/foyers
// beside dir).
func sharedInputs(fsys fs.FS, dir string) []byte {
	h := sha256.New()
	beside := path.Dir(path.Clean(dir))
	for _, root := range []string{"content", path.Join(beside, procedure.KindsDir), path.Join(beside, procedure.HouseholdsDir)} {
		_ = fs.WalkDir(fsys, root, func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			data, _ := fs.ReadFile(fsys, name)
			fmt.Fprintf(h, "%s %d\n", name, len(data))
			h.Write(data)
			return nil
		})
	}
	return h.Sum(nil)
}

// inputs is the digest of everything p's check depends on: its file, its
// translations (ID.LANG.yaml beside it) and the shared inputs.
func inputs(fsys fs.FS, dir string, p *procedure.Procedure, shared []byte) [sha256.Size]byte {
	h := sha256.New()
	h.Write(shared)
	names, _ := fs.Glob(fsys, path.Join(dir, p.ID+".*.yaml"))
	for _, name := range append([]string{p.File}, names...) {
		data, _ := fs.ReadFile(fsys, name)
		fmt.Fprintf(h, "%s %d\n", name, len(data))
		h.Write(data)
	}
	var key [sha256.Size]byte
	h.Sum(key[:0])
	return key
}

// excerpts shows, under each problem the check found, the lines of its
// file around the place (the loader's problems already have theirs).
func (r *Report) excerpts(fsys fs.FS) {
	files := map[string][]byte{}
	for i, p := range r.Problems {
		if p.Excerpt != "" {
			continue
		}
		data, ok := files[p.File]
		if !ok {
			data, _ = fs.ReadFile(fsys, p.File)
			files[p.File] = data
		}
		if data != nil {
			r.Problems[i].Excerpt = procedure.Excerpt(data, p.Line, p.Column)
		}
	}
}

// add records problem key of the authoring catalogue, with its arguments
// as name/value pairs.
func (r *Report) add(p *procedure.Procedure, at procedure.Pos, key string, args ...any) {
	r.Problems = append(r.Problems, procedure.NewProblem(p.File, at, key, args...))
}

// note records a note: a problem that does not fail the check.
func (r *Report) note(p *procedure.Procedure, at procedure.Pos, key string, args ...any) {
	r.Notes = append(r.Notes, procedure.NewProblem(p.File, at, key, args...))
}

func q(s string) authoring.Quoted { return authoring.Quoted(s) }

// order finds conditions that read what is asked later, and steps that an
// exit without condition makes unreachable.
func (r *Report) order(p *procedure.Procedure) {
	askedAt := map[string]int{}
	for i, st := range p.Steps {
		for _, f := range st.Fields {
			askedAt[f.ID] = i
		}
	}
	var deadEnd *procedure.Step
	for i, st := range p.Steps {
		if deadEnd != nil {
			r.add(p, st.Pos, "check.unreachable", "Step", q(st.ID), "Exit", q(deadEnd.ID), "Line", deadEnd.Pos.Line)
		}
		for _, name := range p.FieldsRead(st.When) {
			if j, ok := askedAt[name]; ok && j >= i {
				r.add(p, st.Pos, "check.step_reads_later", "Step", q(st.ID), "Field", q(name), "When", later(p, i, j))
			}
		}
		for _, f := range st.Fields {
			for _, name := range p.FieldsRead(f.When) {
				if j, ok := askedAt[name]; ok && j > i {
					r.add(p, f.Pos, "check.field_reads_later", "Field", q(f.ID), "Read", q(name), "When", later(p, i, j))
				}
			}
		}
		if st.Exit && st.When == nil && deadEnd == nil {
			deadEnd = st
		}
	}
}

// later says where a field read by a condition is asked: a message of
// its own, given to the problem's message as a nested one.
func later(p *procedure.Procedure, i, j int) authoring.Nested {
	if i == j {
		return authoring.Nested{Key: "check.same_step"}
	}
	return authoring.Nested{Key: "check.later_step", Args: []any{"Step", q(p.Steps[j].ID)}}
}

// profiles plays each profile alone: a profile must answer every question
// its path asks, or the learner who picks it meets an empty required field.
// It returns the missing answers, so that the scenarios they break are
// counted under them rather than reported one by one.
func (r *Report) profiles(p *procedure.Procedure) missingAnswers {
	missing := missingAnswers{}
	for _, pr := range p.Profiles {
		sc := &procedure.Scenario{Pos: pr.Pos, Name: "profile " + pr.ID, Profile: pr.ID, Expect: procedure.Expect{Reaches: procedure.StepReview}}
		out, err := Engine().Play(p, sc)
		if err != nil {
			r.add(p, pr.Pos, "check.profile_error", "Profile", q(pr.ID), "Detail", err.Error())
			continue
		}
		for _, is := range out.Issues {
			if is.Key == "required" {
				r.add(p, pr.Pos, "check.profile_required", "Profile", q(pr.ID), "Field", q(is.Field), "Step", q(out.At))
				missing.add(pr.ID, is.Field, len(r.Problems)-1)
			}
		}
	}
	return missing
}

// scenarios plays every scenario and notes the steps none of them visits.
func (r *Report) scenarios(p *procedure.Procedure, missing missingAnswers) {
	visited := map[string]bool{}
	broken := map[int][]string{} // profile problem → the scenarios it breaks
	defer r.countKnockOns(broken)
	for _, sc := range p.Scenarios {
		r.Scenarios++
		out, err := Engine().Play(p, sc)
		if cause, ok := missing.cause(sc, out); ok && err == nil {
			broken[cause] = append(broken[cause], sc.Name)
			continue
		}
		for _, m := range engine.Mismatches(sc, out) {
			r.add(p, sc.Pos, "check.scenario_failed", "Scenario", q(sc.Name), "Detail", mismatch(m))
		}
		if err != nil {
			r.add(p, sc.Pos, "check.scenario_failed", "Scenario", q(sc.Name), "Detail", err.Error())
		}
		if out.Eval != nil {
			for _, st := range p.Steps {
				if out.Eval.StepVisible(st) && (out.Eval.Complete(st) || st.ID == out.At) {
					visited[st.ID] = true
				}
			}
		}
	}
	for _, st := range p.Steps {
		if !visited[st.ID] {
			r.note(p, st.Pos, "check.note_unvisited", "Step", q(st.ID))
		}
	}
}

// mismatch is a scenario's difference as a message of the authoring
// catalogue (play.*): what the author wrote (ids, values) between quotes.
func mismatch(m engine.Mismatch) authoring.Nested {
	args := slices.Clone(m.Args)
	for i := 1; i < len(args); i += 2 {
		if s, ok := args[i].(string); ok && args[i-1] != "Errors" && !strings.HasPrefix(s, "[") {
			args[i] = authoring.Quoted(s)
		}
	}
	return authoring.Nested{Key: "play." + m.Key, Args: args}
}
