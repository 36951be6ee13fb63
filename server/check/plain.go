package check

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/repetition-demarches/repetition/server/glossary"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// MaxSentenceWords is the longest hint sentence the plain-words check
// accepts: one idea per sentence, as easy-to-read writing asks.
const MaxSentenceWords = 20

var (
	embedded  = regexp.MustCompile(`\$\{[^}]*\}`)
	sentences = regexp.MustCompile(`[^.!?;]+[.!?;]*`)
)

// Plain flags, in the French hints and helps of p, sentences longer than
// MaxSentenceWords words and jargon that the glossary does not explain.
func (r *Report) Plain(p *procedure.Procedure, gloss *glossary.Glossary) {
	type text struct {
		at   procedure.Pos
		what string
		src  string
	}
	var texts []text
	for _, st := range p.Steps {
		for _, h := range st.Hints {
			texts = append(texts, text{h.Pos, "hint of step " + st.ID, h.Text.Source})
		}
		for _, f := range st.Fields {
			for _, h := range f.Hints {
				texts = append(texts, text{h.Pos, "hint of field " + f.ID, h.Text.Source})
			}
			if !f.Help.IsZero() {
				texts = append(texts, text{f.Pos, "help of field " + f.ID, f.Help.Source})
			}
		}
	}
	for _, t := range texts {
		if !strings.HasPrefix(t.what, "help") {
			for _, s := range sentences.FindAllString(embedded.ReplaceAllString(t.src, "X"), -1) {
				if n := words(s); n > MaxSentenceWords {
					r.add(p, t.at, "%s: a sentence of %d words (%d at most, one idea per sentence): %q", t.what, n, MaxSentenceWords, strings.TrimSpace(s))
				}
			}
		}
		if gloss != nil {
			for _, word := range gloss.UnexplainedJargon(t.src) {
				r.add(p, t.at, "%s: %q is administrative jargon: use plain words, or explain it in content/glossaire.fr.yaml", t.what, word)
			}
		}
	}
}

// words counts the words of a sentence: tokens with a letter, so that
// numbers and signs (86 €, 34 00) do not count.
func words(s string) int {
	n := 0
	for _, tok := range strings.Fields(s) {
		if strings.IndexFunc(tok, unicode.IsLetter) >= 0 {
			n++
		}
	}
	return n
}
