package procedure

import (
	"gopkg.in/yaml.v3"

	"github.com/repetition-demarches/repetition/server/locale"
)

// foldReused keeps one of identical problems. A block reused with
// <<: *name or *name is decoded once per use, so a mistake inside it
// would otherwise be reported at the same place once per use; when the
// place is inside an anchored block, the message says how often it is
// reused, so that the author knows one correction is enough.
func foldReused(ps Problems, doc *yaml.Node) Problems {
	type place struct {
		line, col int
		msg       string
	}
	count := map[place]int{}
	var out Problems
	for _, p := range ps {
		k := place{p.Line, p.Column, p.Text(locale.Default)}
		if count[k]++; count[k] == 1 {
			out = append(out, p)
		}
	}
	spans := anchoredSpans(doc, nil)
	for i, p := range out {
		n := count[place{p.Line, p.Column, p.Text(locale.Default)}]
		if n > 1 && inSpans(spans, p.Line) {
			out[i].Then = append(out[i].Then[:len(out[i].Then):len(out[i].Then)], explainReused(n-1))
		}
	}
	return out
}

// anchoredSpans lists the first and last lines of every anchored node.
func anchoredSpans(n *yaml.Node, spans [][2]int) [][2]int {
	if n == nil || n.Kind == yaml.AliasNode {
		return spans
	}
	if n.Anchor != "" {
		spans = append(spans, [2]int{n.Line, lastLine(n)})
	}
	for _, c := range n.Content {
		spans = anchoredSpans(c, spans)
	}
	return spans
}

func lastLine(n *yaml.Node) int {
	last := n.Line
	for _, c := range n.Content {
		if c.Kind != yaml.AliasNode {
			last = max(last, lastLine(c))
		}
	}
	return last
}

func inSpans(spans [][2]int, line int) bool {
	for _, s := range spans {
		if line >= s[0] && line <= s[1] {
			return true
		}
	}
	return false
}
