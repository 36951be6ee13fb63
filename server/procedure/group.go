package procedure

import (
	"reflect"
	"slices"
	"strconv"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
)

// A group field is a block of questions asked once per item (each employer,
// each child): its answers are stored under id.N.sub, and the number of
// items under id. In expressions the group is a list of items
// (len(employeurs), employeurs[0].brut), and group.sub is the list of that
// question's answers (sum(employeurs.brut)).

// DefaultMaxItems is the number of items a group accepts when it sets no max.
const DefaultMaxItems = 10

// maxItems bounds what an author may allow, so that a page stays usable.
const maxItems = 50

// IsGroup reports whether the field is a group of repeated questions.
func (f *Field) IsGroup() bool { return f.Type == "group" }

// MinItems is the fewest items a group accepts (its min, 0 by default).
func (f *Field) MinItems() int {
	if f.Min == nil || *f.Min < 0 {
		return 0
	}
	return int(*f.Min)
}

// MaxItems is the most items a group accepts (its max, DefaultMaxItems by default).
func (f *Field) MaxItems() int {
	if f.Max == nil {
		return max(DefaultMaxItems, f.MinItems())
	}
	return min(int(*f.Max), maxItems)
}

// Sub returns the question of a group with this id, or nil.
func (f *Field) Sub(id string) *Field {
	for _, s := range f.Fields {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// GroupKey is the form key of question sub of item i (0-based) of group id.
func GroupKey(id string, i int, sub string) string {
	return id + "." + strconv.Itoa(i+1) + "." + sub
}

// ColumnName is the name, in expressions, of the list of the answers to
// question sub over the items of group id.
func ColumnName(id, sub string) string { return id + "." + sub }

// withGroupQuestions returns fields followed by the questions of the groups among them.
func withGroupQuestions(fields []*Field) []*Field {
	out := fields
	for _, f := range fields {
		if f.IsGroup() {
			out = append(slices.Clip(out), f.Fields...)
		}
	}
	return out
}

// itemFields are the questions of a group that expressions can read
// (passwords excepted), with their zero values.
func itemFields(f *Field) ([]*Field, []any) {
	var subs []*Field
	var zeros []any
	for _, s := range f.Fields {
		if z, ok := exprZero(s); ok {
			subs = append(subs, s)
			zeros = append(zeros, z)
		}
	}
	return subs, zeros
}

// buildItemType makes the struct type of the group's items: one field per
// question, named in expressions by its id, so that a misspelt question is
// refused when the procedure loads.
func (f *Field) buildItemType() {
	subs, zeros := itemFields(f)
	fields := make([]reflect.StructField, len(subs))
	for i, s := range subs {
		fields[i] = reflect.StructField{
			Name: "Q" + strconv.Itoa(i),
			Type: reflect.TypeOf(zeros[i]),
			Tag:  reflect.StructTag(`expr:"` + s.ID + `"`),
		}
	}
	f.itemType = reflect.StructOf(fields)
}

// Items returns the value of the group in expressions: one item per map of
// answers (question id to typed value; a missing one is its zero value).
func (f *Field) Items(items []map[string]any) any {
	if f.itemType == nil {
		return nil
	}
	subs, zeros := itemFields(f)
	out := reflect.MakeSlice(reflect.SliceOf(f.itemType), len(items), len(items))
	for i, vals := range items {
		it := out.Index(i)
		for j, s := range subs {
			v, ok := vals[s.ID]
			if !ok || v == nil || reflect.TypeOf(v) != reflect.TypeOf(zeros[j]) {
				v = zeros[j]
			}
			it.Field(j).Set(reflect.ValueOf(v))
		}
	}
	return out.Interface()
}

// Columns returns, for each question of the group, the list of its answers
// over the items, keyed by ColumnName.
func (f *Field) Columns(items []map[string]any) map[string]any {
	subs, zeros := itemFields(f)
	out := make(map[string]any, len(subs))
	for j, s := range subs {
		col := reflect.MakeSlice(reflect.SliceOf(reflect.TypeOf(zeros[j])), len(items), len(items))
		for i, vals := range items {
			if v, ok := vals[s.ID]; ok && v != nil && reflect.TypeOf(v) == reflect.TypeOf(zeros[j]) {
				col.Index(i).Set(reflect.ValueOf(v))
			}
		}
		out[ColumnName(f.ID, s.ID)] = col.Interface()
	}
	return out
}

// groupPatch rewrites group.sub, written as a member of the list, into the
// list of that question's answers (a variable of the environment).
type groupPatch struct{ groups map[string]*Field }

func (g groupPatch) Visit(n *ast.Node) {
	m, ok := (*n).(*ast.MemberNode)
	if !ok || m.Optional {
		return
	}
	id, ok := m.Node.(*ast.IdentifierNode)
	if !ok {
		return
	}
	prop, ok := m.Property.(*ast.StringNode)
	if !ok {
		return
	}
	if f := g.groups[id.Value]; f != nil && f.Sub(prop.Value) != nil {
		ast.Patch(n, &ast.IdentifierNode{Value: ColumnName(id.Value, prop.Value)})
	}
}

// misspelt finds, in an expression that failed to compile, a question that
// a group does not have (employeurs.bru, employeurs[0].noms), so that the
// problem names it instead of the item type.
// It returns the group, the name and the group's questions.
func (g groupPatch) misspelt(source string) (group *Field, name string, ids []string) {
	tree, err := parser.Parse(source)
	if err != nil {
		return nil, "", nil
	}
	v := &misspeltFinder{groups: g.groups}
	ast.Walk(&tree.Node, v)
	return v.group, v.name, v.ids
}

type misspeltFinder struct {
	groups map[string]*Field
	group  *Field
	name   string
	ids    []string
}

func (v *misspeltFinder) Visit(n *ast.Node) {
	m, ok := (*n).(*ast.MemberNode)
	if !ok || v.group != nil {
		return
	}
	prop, ok := m.Property.(*ast.StringNode)
	if !ok {
		return
	}
	base := m.Node
	if inner, ok := base.(*ast.MemberNode); ok {
		base = inner.Node // employeurs[0].nom
	}
	id, ok := base.(*ast.IdentifierNode)
	if !ok {
		return
	}
	if f := v.groups[id.Value]; f != nil && f.Sub(prop.Value) == nil {
		v.group, v.name = f, prop.Value
		for _, s := range f.Fields {
			v.ids = append(v.ids, s.ID)
		}
	}
}
