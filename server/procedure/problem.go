package procedure

import (
	"fmt"
	"sort"
	"strings"

	"github.com/repetition-demarches/repetition/server/authoring"
	"github.com/repetition-demarches/repetition/server/locale"
)

// Problem is one thing wrong in a procedure file, located at its line and
// column. Its text is a key of the authoring catalogue (locales/auteur)
// with its arguments, translated when printed; a problem without a key
// prints Message as it is (errors of other packages, messages not yet in
// the catalogue).
type Problem struct {
	File    string
	Line    int
	Column  int
	Key     string
	Args    map[string]any
	Message string
	// Excerpt shows the lines around the place with a caret under the
	// column (see Excerpt); empty when the source is not at hand.
	Excerpt string
	// Then are sentences printed after the message, each a key of the
	// catalogue with its arguments ("this block is reused 2 times"), so
	// that they are translated too, whether the message has a key or not.
	Then []authoring.Nested
	// format holds the arguments of a Message written as a format, by a
	// caller not yet converted to keys (see NewProblem).
	format []any
}

// String is the problem in French, the authors' language.
func (p Problem) String() string { return p.In(locale.Default) }

// In is the problem with its place, in lang, then the excerpt when
// there is one.
func (p Problem) In(lang string) string {
	s := fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Column, p.Text(lang))
	if p.Excerpt != "" {
		s += "\n" + p.Excerpt
	}
	return s
}

// Text is the problem's message alone, in lang, with its Then sentences.
func (p Problem) Text(lang string) string {
	s := p.text(lang)
	for _, n := range p.Then {
		s += authoring.Bundled().Text(lang, n.Key, n.Args...)
	}
	return s
}

func (p Problem) text(lang string) string {
	if p.Key == "" && p.format != nil {
		return fmt.Sprintf(p.Message, p.format...)
	}
	if p.Key == "" {
		return p.Message
	}
	return authoring.Bundled().TextMap(lang, p.Key, p.Args)
}

// NewProblem builds a problem from a catalogue key and its arguments
// (name/value pairs). A "key" holding a space is a message not yet in the
// catalogue, written in French as a format with its arguments
// ("le champ %q …", id): it prints as it is, so that messages added in
// the old way keep printing until they get their key.
func NewProblem(file string, at Pos, key string, args ...any) Problem {
	if strings.ContainsAny(key, " %") {
		return Problem{File: file, Line: at.Line, Column: at.Column, Message: key, format: args}
	}
	p := Problem{File: file, Line: at.Line, Column: at.Column, Key: key}
	if len(args) > 1 {
		p.Args = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			p.Args[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	return p
}

// Problems is every problem found while loading, in file and line order.
type Problems []Problem

// Error is every problem in French, one a line.
func (ps Problems) Error() string { return ps.In(locale.Default) }

// In is every problem in lang, one a line.
func (ps Problems) In(lang string) string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.In(lang)
	}
	return strings.Join(lines, "\n")
}

// Sort orders problems by file, line and column.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

// suggest returns the known name close to name, if any, for the "did you
// mean" of a message (its argument authoring.SuggestArg).
func suggest(name string, known []string) string {
	// Short names are close to everything: the allowed distance grows with length.
	limit := 0
	switch n := len([]rune(name)); {
	case n >= 5:
		limit = 2
	case n >= 3:
		limit = 1
	}
	best, bestDist := "", limit+1
	for _, k := range known {
		if d := distance(strings.ToLower(name), strings.ToLower(k)); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best == "" || best == name {
		return ""
	}
	return best
}

// distance counts the edits between a and b (insert, delete, replace, or
// swap two neighbours: "lable" is one edit from "label").
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
