package procedure

import (
	"errors"
	"reflect"
	"regexp"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
	"gopkg.in/yaml.v3"

	"github.com/repetition-demarches/repetition/server/authoring"
)

// Expr is an expr-lang expression written in YAML, compiled at load time
// against the procedure's fields and values.
type Expr struct {
	Source string
	node   *yaml.Node
	prog   *vm.Program
}

func (e *Expr) decodeYAML(d *decoder, n *yaml.Node) {
	if s, ok := d.scalar(n); ok {
		e.Source, e.node = s, n
	}
}

// Names lists the identifiers the expression reads (fields, values, functions).
func (e *Expr) Names() []string {
	if e == nil || e.prog == nil {
		return nil
	}
	v := &nameCollector{}
	node := e.prog.Node()
	ast.Walk(&node, v)
	return v.names
}

type nameCollector struct{ names []string }

func (v *nameCollector) Visit(n *ast.Node) {
	if id, ok := (*n).(*ast.IdentifierNode); ok {
		// A group's column (employeurs.brut, see groupPatch) reads the group.
		name, _, _ := strings.Cut(id.Value, ".")
		v.names = append(v.names, name)
	}
}

// Program is the compiled expression; nil before loading succeeded.
func (e *Expr) Program() *vm.Program { return e.prog }

// Text is a sentence that may embed expressions as ${ expr }.
type Text struct {
	Source string
	Parts  []TextPart
	node   *yaml.Node
}

// Position is where the text is written, or def when it was not read from a file.
func (t *Text) Position(def Pos) Pos {
	if t.node == nil {
		return def
	}
	return posOf(t.node)
}

// TextPart is a literal run of text, or an expression to print.
type TextPart struct {
	Literal string
	Expr    *Expr
}

func (t *Text) decodeYAML(d *decoder, n *yaml.Node) {
	s, ok := d.scalar(n)
	if !ok {
		return
	}
	t.Source, t.node = s, n
	rest := s
	for {
		start := strings.Index(rest, "${")
		if start < 0 {
			break
		}
		end := closingBrace(rest[start+2:])
		if end < 0 {
			d.nodeErrorf(n, "expr.unclosed")
			return
		}
		if start > 0 {
			t.Parts = append(t.Parts, TextPart{Literal: rest[:start]})
		}
		src := strings.TrimSpace(rest[start+2 : start+2+end])
		t.Parts = append(t.Parts, TextPart{Expr: &Expr{Source: src, node: n}})
		rest = rest[start+2+end+1:]
	}
	if rest != "" {
		t.Parts = append(t.Parts, TextPart{Literal: rest})
	}
}

// IsZero reports whether the text is empty.
func (t Text) IsZero() bool { return t.Source == "" }

// IsStatic reports whether the text embeds no expression.
func (t Text) IsStatic() bool {
	return len(t.Parts) <= 1 && (len(t.Parts) == 0 || t.Parts[0].Expr == nil)
}

// closingBrace finds the } that ends an embedded expression, skipping quoted strings and nested braces.
func closingBrace(s string) int {
	depth := 0
	var quote rune
	for i, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'' || r == '`':
			quote = r
		case r == '{':
			depth++
		case r == '}':
			if depth == 0 {
				return i
			}
			depth--
		}
	}
	return -1
}

var unknownName = regexp.MustCompile(`^unknown name ([\p{L}_][\p{L}\p{N}_]*)`)

// compile checks e against env; kind is "bool" for conditions, "" for any value.
func (d *decoder) compile(e *Expr, env map[string]any, asBool bool) {
	if e == nil || e.node == nil {
		return
	}
	opts := []expr.Option{expr.Env(env), expr.DisableBuiltin("now"), expr.DisableBuiltin("date")}
	if asBool {
		opts = append(opts, expr.AsBool())
	}
	if d.patch != nil {
		opts = append(opts, expr.Patch(d.patch))
	}
	prog, err := expr.Compile(e.Source, opts...)
	if err == nil {
		e.prog = prog
		return
	}
	msg := err.Error()
	var fe *file.Error
	if errors.As(err, &fe) {
		msg = fe.Message
	}
	msg, _, _ = strings.Cut(msg, "\n")
	if g, ok := d.patch.(groupPatch); ok {
		if f, name, ids := g.misspelt(e.Source); f != nil {
			d.nodeErrorf(e.node, "group.expr_unknown_question", "Expr", q(e.Source), "Field", q(f.ID), "Name", q(name), authoring.SuggestArg, suggest(name, ids))
			return
		}
	}
	if m := unknownName.FindStringSubmatch(msg); m != nil {
		names := make([]string, 0, len(env))
		for k := range env {
			names = append(names, k)
		}
		d.nodeErrorf(e.node, "expr.unknown_name", "Name", q(m[1]), "Expr", q(e.Source), authoring.SuggestArg, suggest(m[1], names))
		return
	}
	if typed, ok := explainExprType(e.Source, msg); ok {
		d.nodeErrorf(e.node, typed.Key, typed.Args...)
		return
	}
	d.nodeErrorf(e.node, "expr.invalid", "Expr", q(e.Source), "Detail", msg)
}

func (d *decoder) compileText(t *Text, env map[string]any) {
	for _, p := range t.Parts {
		d.compile(p.Expr, env, false)
	}
}

// resultZero is a zero value of the type an expression returns, so that
// later expressions can be type-checked against it.
// When the static type is unknown (built-ins such as sum return any), the
// expression is run once on the zero answers to learn it.
func resultZero(e *Expr, env map[string]any) any {
	if e.prog == nil {
		return nil
	}
	t := e.prog.Node().Type()
	if t == nil || t.Kind() == reflect.Interface || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		out, err := expr.Run(e.prog, env)
		if err != nil || out == nil {
			return nil
		}
		t = reflect.TypeOf(out)
	}
	return reflect.Zero(t).Interface()
}

func reflectValue(ptr any) reflect.Value { return reflect.ValueOf(ptr).Elem() }
