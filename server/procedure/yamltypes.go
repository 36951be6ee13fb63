package procedure

import (
	"regexp"
	"time"

	"gopkg.in/yaml.v3"
)

// Date is a calendar day written 2006-01-02.
type Date struct {
	time.Time
}

func (dt *Date) decodeYAML(d *decoder, n *yaml.Node) {
	s, ok := d.scalar(n)
	if !ok {
		return
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		if fr, err := time.Parse("02/01/2006", s); err == nil {
			// Written the French way: say how to write it here.
			d.nodeErrorf(n, "decode.want_date_fix", "Found", q(s), "Fix", fr.Format(time.DateOnly))
			return
		}
		d.nodeErrorf(n, "decode.want_date", "Found", q(s))
		return
	}
	dt.Time = t
}

// Pattern is a regular expression an answer must match entirely.
type Pattern struct {
	Source string
	re     *regexp.Regexp
}

// MatchString reports whether s matches the whole pattern.
func (p Pattern) MatchString(s string) bool { return p.re == nil || p.re.MatchString(s) }

func (p *Pattern) decodeYAML(d *decoder, n *yaml.Node) {
	s, ok := d.scalar(n)
	if !ok || s == "" {
		return
	}
	re, err := regexp.Compile("^(?:" + s + ")$")
	if err != nil {
		d.nodeErrorf(n, "decode.pattern", "Detail", err.Error())
		return
	}
	p.Source, p.re = s, re
}

// Hint is a line of the guide layer; After > 0 shows it only after that many failed tries.
type Hint struct {
	Pos   Pos
	After int  `yaml:"after"`
	Text  Text `yaml:"text,required"`
	// Always shows the hint in every mode, exam included: for a dead end
	// of the real site (a provisional NIR refused again and again), where
	// the learner can only hear what to do for real.
	Always bool `yaml:"always"`
}

func (h *Hint) decodeYAML(d *decoder, n *yaml.Node) {
	if n.Kind == yaml.ScalarNode {
		h.Pos = posOf(n)
		h.Text.decodeYAML(d, n)
		return
	}
	type hint Hint // without the method, so the struct decoder runs; its name is the one in messages
	var p hint
	d.decodeStruct(n, reflectValue(&p))
	*h = Hint(p)
}

// Value is a named expression computed from the answers.
type Value struct {
	Pos  Pos
	Name string
	Expr Expr
}

// Values keeps computed values in the order they were written: each may use
// the ones above it.
type Values []*Value

func (vs *Values) decodeYAML(d *decoder, n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		d.nodeErrorf(n, "decode.want_values", "Found", describe(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			d.nodeErrorf(k, "decode.duplicate_value", "Name", q(k.Value))
			continue
		}
		seen[k.Value] = true
		val := &Value{Pos: posOf(k), Name: k.Value}
		val.Expr.decodeYAML(d, v)
		*vs = append(*vs, val)
	}
}

// RawAnswers are answers as written in a profile or a scenario; the loader
// turns them into form values once the fields' types are known.
type RawAnswers struct {
	Pos  Pos
	node *yaml.Node // the mapping, decoded once the fields are known
	// Map holds the answers keyed like form fields (id, or id.N for repeats).
	Map map[string]string
	// Computed holds the answers written with ${ }, rendered when used.
	Computed map[string]*Text
	// household is the profile's household, whose facts the computed
	// answers read as foyer.x.
	household *Household
}

// Household is the household whose facts the computed answers read
// (foyer.nir), or nil.
func (a *RawAnswers) Household() *Household { return a.household }

func (a *RawAnswers) decodeYAML(d *decoder, n *yaml.Node) {
	a.Pos = posOf(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.nodeErrorf(n, "decode.want_answers", "Found", describe(n))
		return
	}
	a.node = n
}

// Literal is an expected value in a scenario: a number, a boolean or a string.
type Literal struct {
	Pos   Pos
	Value any
}

func (l *Literal) decodeYAML(d *decoder, n *yaml.Node) {
	l.Pos = posOf(n)
	s, ok := d.scalar(n)
	if !ok {
		return
	}
	switch n.Tag {
	case "!!int", "!!float":
		var f float64
		_ = n.Decode(&f)
		l.Value = f
	case "!!bool":
		var b bool
		_ = n.Decode(&b)
		l.Value = b
	default:
		l.Value = s
	}
}
