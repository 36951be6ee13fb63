package procedure

import (
	"io/fs"
	"maps"
	"path"

	"gopkg.in/yaml.v3"
)

// readDocument parses one YAML file and returns its document node, whose
// Content[0] is the root; nil, with the problem (excerpt included), for a
// syntax error or an empty file.
func readDocument(file string, data []byte) (*yaml.Node, Problems) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		ps := Problems{syntaxProblem(file, data, err)}
		withExcerpts(ps, file, data)
		return nil, ps
	}
	if len(doc.Content) == 0 {
		return nil, Problems{NewProblem(file, Pos{1, 1}, "load.empty")}
	}
	return &doc, nil
}

// loadDir reads every *.yaml file of dir in fsys with parse and keys what
// it reads by id; a file with problems is left out, its problems kept.
func loadDir[T any](fsys fs.FS, dir string, parse func(file string, data []byte) (*T, Problems), id func(*T) string) (map[string]*T, Problems) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, Problems{{File: dir, Line: 1, Column: 1, Message: err.Error()}}
	}
	out := map[string]*T{}
	var problems Problems
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			problems = append(problems, Problem{File: name, Line: 1, Column: 1, Message: err.Error()})
			continue
		}
		v, ps := parse(name, data)
		problems = append(problems, ps...)
		if v != nil && len(ps) == 0 {
			out[id(v)] = v
		}
	}
	problems.Sort()
	return out, problems
}

// overlay is base with own over it: an author's folder adds to and
// replaces what is bundled.
func overlay[T any](base, own map[string]*T) map[string]*T {
	all := make(map[string]*T, len(base)+len(own))
	maps.Copy(all, base)
	maps.Copy(all, own)
	return all
}
