package procedure

import (
	"io/fs"
	"path"
	"reflect"
)

// Load reads every procedure (*.yaml) in dir of fsys and checks it. It
// returns every problem of every file at once; procedures with problems are
// left out of the result.
func Load(fsys fs.FS, dir string) ([]*Procedure, Problems) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, Problems{{File: dir, Line: 1, Column: 1, Message: err.Error()}}
	}
	kinds, problems := kindsFor(fsys, dir)
	households, hps := householdsFor(fsys, dir, kinds)
	problems = append(problems, hps...)
	var (
		procs  []*Procedure
		byID   = map[string]string{}
		broken = map[string]bool{}
	)
	for _, name := range names {
		if isTranslation(name) {
			continue // read once every procedure is known
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			problems = append(problems, Problem{File: name, Line: 1, Column: 1, Message: err.Error()})
			continue
		}
		p, ps := parse(name, data, kinds, households)
		problems = append(problems, ps...)
		if p != nil && len(ps) > 0 {
			broken[p.ID] = true // its translations wait until it loads
		}
		if p == nil || len(ps) > 0 {
			continue
		}
		if other, dup := byID[p.ID]; dup {
			problems = append(problems, NewProblem(name, p.Pos, "load.duplicate_id", "ID", q(p.ID), "Other", other))
			continue
		}
		byID[p.ID] = name
		procs = append(procs, p)
	}
	byProc := map[string]*Procedure{}
	for _, p := range procs {
		byProc[p.ID] = p
	}
	problems = append(problems, loadTranslations(fsys, dir, byProc, broken)...)
	problems.Sort()
	return procs, problems
}

// Parse decodes and checks one procedure file. The procedure is nil when
// the file is not YAML at all.
func Parse(file string, data []byte) (*Procedure, Problems) {
	kinds, _ := BundledKinds()
	households, _ := BundledHouseholds()
	return parse(file, data, kinds, households)
}

// parse is Parse with the kinds of paper the documents may use and the
// households the profiles may belong to.
func parse(file string, data []byte, kinds map[string]*Kind, households map[string]*Household) (*Procedure, Problems) {
	doc, problems := readDocument(file, data)
	if doc == nil {
		return nil, problems
	}
	d := &decoder{file: file}
	p := &Procedure{File: file, kinds: kinds, households: households}
	d.decode(doc.Content[0], reflect.ValueOf(p).Elem())
	c := checker{decoder: d, p: p}
	c.check()
	d.problems.Sort()
	ps := foldReused(d.problems, doc)
	withExcerpts(ps, file, data)
	return p, ps
}

func atoi(s string) (int, bool) {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, s != ""
}
