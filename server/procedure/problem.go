package procedure

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong in a procedure file, located at its line and column.
type Problem struct {
	File    string
	Line    int
	Column  int
	Message string
	// Excerpt shows the lines around the place with a caret under the
	// column (see Excerpt); empty when the source is not at hand.
	Excerpt string
}

// String is "file:line:col: message", then the excerpt when there is one.
func (p Problem) String() string {
	s := fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Column, p.Message)
	if p.Excerpt != "" {
		s += "\n" + p.Excerpt
	}
	return s
}

// Problems is every problem found while loading, in file and line order.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
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

// suggest returns ` (did you mean "x"?)` when a known name is close to name.
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
	return fmt.Sprintf(" (did you mean %q?)", best)
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
