package procedure

import (
	"reflect"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/repetition-demarches/repetition/server/authoring"
	"gopkg.in/yaml.v3"
)

// Pos is where a mapping starts in its file; the decoder fills it in.
type Pos struct {
	Line, Column int
}

func posOf(n *yaml.Node) Pos { return Pos{n.Line, n.Column} }

// nodeDecoder is implemented by the types that read their own YAML shape.
type nodeDecoder interface {
	decodeYAML(d *decoder, n *yaml.Node)
}

// decoder turns yaml.Node trees into the procedure types, collecting every
// problem with its position instead of stopping at the first one.
type decoder struct {
	file     string
	problems Problems
	// patch rewrites expressions before they are checked (group.sub, see groupPatch).
	patch ast.Visitor
}

// errorf records the problem key of the authoring catalogue at at, with
// its arguments as name/value pairs.
func (d *decoder) errorf(at Pos, key string, args ...any) {
	d.problems = append(d.problems, NewProblem(d.file, at, key, args...))
}

func (d *decoder) nodeErrorf(n *yaml.Node, key string, args ...any) {
	d.errorf(posOf(n), key, args...)
}

// q marks what an author wrote, to be quoted in the reader's language.
func q(s string) authoring.Quoted { return authoring.Quoted(s) }

var posType = reflect.TypeOf(Pos{})

// decode reads n into v, which must be settable.
func (d *decoder) decode(n *yaml.Node, v reflect.Value) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if v.CanAddr() {
		if nd, ok := v.Addr().Interface().(nodeDecoder); ok {
			nd.decodeYAML(d, n)
			return
		}
	}
	switch v.Kind() {
	case reflect.Pointer:
		if isNull(n) {
			return
		}
		elem := reflect.New(v.Type().Elem())
		d.decode(n, elem.Elem())
		v.Set(elem)
	case reflect.Struct:
		d.decodeStruct(n, v)
	case reflect.Slice:
		if isNull(n) {
			return
		}
		if n.Kind != yaml.SequenceNode {
			d.nodeErrorf(n, "decode.want_list", "Found", describe(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.decode(item, s.Index(i))
		}
		v.Set(s)
	case reflect.Map:
		if isNull(n) {
			return
		}
		if n.Kind != yaml.MappingNode {
			d.nodeErrorf(n, "decode.want_mapping", "Found", describe(n))
			return
		}
		pairs := d.mergedPairs(n)
		m := reflect.MakeMapWithSize(v.Type(), len(pairs)/2)
		for i := 0; i+1 < len(pairs); i += 2 {
			k, val := pairs[i], pairs[i+1]
			if m.MapIndex(reflect.ValueOf(k.Value)).IsValid() {
				d.nodeErrorf(k, "decode.duplicate_key", "Key", q(k.Value))
				continue
			}
			e := reflect.New(v.Type().Elem()).Elem()
			d.decode(val, e)
			m.SetMapIndex(reflect.ValueOf(k.Value), e)
		}
		v.Set(m)
	case reflect.String:
		if s, ok := d.scalar(n); ok {
			v.SetString(s)
		}
	case reflect.Bool:
		if s, ok := d.scalar(n); ok {
			if n.Tag != "!!bool" {
				d.nodeErrorf(n, "decode.want_bool", "Found", q(s))
				return
			}
			v.SetBool(s == "true" || s == "True" || s == "TRUE")
		}
	case reflect.Int:
		var i int
		if err := n.Decode(&i); err != nil || n.Tag != "!!int" {
			d.nodeErrorf(n, "decode.want_int", "Found", describe(n))
			return
		}
		v.SetInt(int64(i))
	case reflect.Float64:
		var f float64
		if err := n.Decode(&f); err != nil || (n.Tag != "!!int" && n.Tag != "!!float") {
			d.nodeErrorf(n, "decode.want_number", "Found", describe(n))
			return
		}
		v.SetFloat(f)
	default:
		panic("procedure: no decoder for " + v.Type().String())
	}
}

// scalar returns the text of a scalar node; null reads as "".
func (d *decoder) scalar(n *yaml.Node) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.nodeErrorf(n, "decode.want_scalar", "Found", describe(n))
		return "", false
	}
	if n.Tag == "!!null" {
		return "", true
	}
	return n.Value, true
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value) {
	t := v.Type()
	what := authoring.Term(strings.ToLower(t.Name()))
	if n.Kind != yaml.MappingNode {
		d.nodeErrorf(n, "decode.want_mapping_for", "What", what, "Found", describe(n))
		return
	}
	fields := map[string]int{}
	var known, required []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Type == posType {
			v.Field(i).Set(reflect.ValueOf(posOf(n)))
			continue
		}
		tag := f.Tag.Get("yaml")
		if tag == "" || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		fields[name] = i
		known = append(known, name)
		if opts == "required" {
			required = append(required, name)
		}
	}
	seen := map[string]bool{}
	// A misspelt key ("lable") already names the key it stands for: that
	// key is not reported missing a second time.
	suggested := map[string]bool{}
	pairs := d.mergedPairs(n)
	for i := 0; i+1 < len(pairs); i += 2 {
		k, val := pairs[i], pairs[i+1]
		idx, ok := fields[k.Value]
		switch {
		case !ok:
			close := suggest(k.Value, known)
			suggested[close] = true
			d.nodeErrorf(k, "decode.unknown_key", "Key", q(k.Value), "What", what, authoring.SuggestArg, close)
			continue
		case seen[k.Value]:
			d.nodeErrorf(k, "decode.duplicate_key", "Key", q(k.Value))
			continue
		}
		seen[k.Value] = true
		d.decode(val, v.Field(idx))
	}
	for _, name := range required {
		if !seen[name] && !suggested[name] {
			d.nodeErrorf(n, "decode.missing_key", "Key", q(name), "What", what)
		}
	}
}

// mergedPairs returns the key/value nodes of a mapping with YAML merge keys
// (<<: *anchor) expanded; keys written in the mapping win over merged ones.
func (d *decoder) mergedPairs(n *yaml.Node) []*yaml.Node {
	var merged, own []*yaml.Node
	ownKeys := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Tag != "!!merge" {
			own = append(own, k, v)
			ownKeys[k.Value] = true
			continue
		}
		sources := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			sources = v.Content
		}
		for _, src := range sources {
			if src.Kind == yaml.AliasNode {
				src = src.Alias
			}
			if src.Kind != yaml.MappingNode {
				d.nodeErrorf(v, "decode.merge")
				continue
			}
			merged = append(merged, d.mergedPairs(src)...)
		}
	}
	if merged == nil {
		return n.Content
	}
	var out []*yaml.Node
	done := map[string]bool{}
	for i := 0; i+1 < len(merged); i += 2 {
		if k := merged[i].Value; !ownKeys[k] && !done[k] {
			done[k] = true
			out = append(out, merged[i], merged[i+1])
		}
	}
	return append(out, own...)
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// describe names what an author wrote, for error messages: a kind of
// node (a term of the catalogue) or the value itself.
func describe(n *yaml.Node) any {
	switch n.Kind {
	case yaml.MappingNode:
		return authoring.Term("a_mapping")
	case yaml.SequenceNode:
		return authoring.Term("a_list")
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return authoring.Term("nothing")
		}
		return q(n.Value)
	}
	return authoring.Term("something_else")
}
