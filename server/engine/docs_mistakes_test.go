package engine_test

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/repetition-demarches/repetition/server/check"
)

// The aide-mémoire shows the mistakes everyone makes, each as a ```yaml
// faute block (a passage of its example with one line changed) followed
// by the message `check` prints for it, in a ```text block after a marker
// line. The messages change (they are being translated): this test says
// when a block is stale, and -update-docs rewrites the blocks.
var updateDocs = flag.Bool("update-docs", false, "rewrite the messages of docs/aide-memoire.md from what check prints")

const (
	aideMemoire   = "docs/aide-memoire.md"
	messageMarker = "<!-- message de check"
	regenerate    = "go test ./server/engine -run TestAideMemoireMistakes -update-docs"
)

// TestAideMemoireMistakes checks that each mistake of the aide-mémoire is
// one, and that the message shown is the one check prints today.
func TestAideMemoireMistakes(t *testing.T) {
	lines, blocks := readDoc(t, aideMemoire)
	var example guideBlock
	for _, b := range blocks {
		if b.kind() == "procedure" {
			example = b
		}
	}
	id := ""
	for _, l := range example.lines {
		if v, ok := strings.CutPrefix(l, "id: "); ok {
			id = strings.TrimSpace(v)
		}
	}
	if id == "" {
		t.Fatalf("%s: no yaml procedure block with an id", aideMemoire)
	}
	file := "procedures/" + id + ".yaml"
	n := 0
	var replaced []guideBlock // the message blocks, with the lines check prints
	for i, b := range blocks {
		if b.kind() != "faute" {
			continue
		}
		n++
		text, err := withMistake(example.lines, b.lines)
		if err != nil {
			t.Errorf("%s:%d: %v", aideMemoire, b.line, err)
			continue
		}
		r := check.Procedures(fstest.MapFS{file: {Data: []byte(text)}}, "procedures")
		if len(r.Problems) == 0 {
			t.Errorf("%s:%d: this mistake loads and passes check: it is no mistake", aideMemoire, b.line)
			continue
		}
		var got []string
		for _, p := range r.Problems {
			// A problem prints on several lines: its message, then its excerpt.
			got = append(got, strings.Split(fmt.Sprint(p), "\n")...)
		}
		if i+1 >= len(blocks) || blocks[i+1].info != "text" || !strings.HasPrefix(strings.TrimSpace(lines[blocks[i+1].line-3]), messageMarker) {
			t.Errorf("%s:%d: follow this mistake with a line %s … --> and a ```text block holding its message", aideMemoire, b.line, messageMarker)
			continue
		}
		msg := blocks[i+1]
		if slices.Equal(msg.lines, got) {
			continue
		}
		if *updateDocs {
			replaced = append(replaced, guideBlock{line: msg.line, lines: got, info: fmt.Sprint(len(msg.lines))})
			continue
		}
		t.Errorf("%s:%d: check prints another message now; run %s\nshown:\n%s\nprinted:\n%s",
			aideMemoire, msg.line, regenerate, strings.Join(msg.lines, "\n"), strings.Join(got, "\n"))
	}
	if n < 5 {
		t.Errorf("%s: found %d yaml faute blocks, expected the five mistakes", aideMemoire, n)
	}
	if len(replaced) > 0 {
		rewriteBlocks(t, lines, replaced)
	}
}

// withMistake returns the example with the mistake in it: mistake is a
// passage of the example, possibly less indented, with exactly one line
// changed, found at exactly one place.
func withMistake(example, mistake []string) (string, error) {
	if len(mistake) < 2 {
		return "", fmt.Errorf("write the line before the mistake too, so that the test finds its place")
	}
	indent := func(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
	var found []string
	for s := range example {
		k := indent(example[s]) - indent(mistake[0])
		if k < 0 || s+len(mistake) > len(example) || example[s] != strings.Repeat(" ", k)+mistake[0] {
			continue
		}
		pad := strings.Repeat(" ", k)
		changed := 0
		for i, l := range mistake {
			if example[s+i] != pad+l {
				changed++
			}
		}
		if changed != 1 {
			continue
		}
		out := slices.Clone(example)
		for i, l := range mistake {
			out[s+i] = pad + l
		}
		found = append(found, strings.Join(out, "\n")+"\n")
	}
	if len(found) != 1 {
		return "", fmt.Errorf("this mistake matches the example at %d places, with one line changed; it must match at one", len(found))
	}
	return found[0], nil
}

// rewriteBlocks writes the aide-mémoire again with new message blocks; a
// block's info holds the number of lines it had.
func rewriteBlocks(t *testing.T, lines []string, blocks []guideBlock) {
	t.Helper()
	for i := len(blocks) - 1; i >= 0; i-- {
		b := blocks[i]
		var old int
		fmt.Sscan(b.info, &old)
		start := b.line - 1
		lines = slices.Replace(lines, start, start+old, b.lines...)
	}
	if err := os.WriteFile("../../"+aideMemoire, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d messages rewritten", aideMemoire, len(blocks))
}
