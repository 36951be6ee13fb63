package check

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/repetition-demarches/repetition/server/authoring"
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
		what authoring.Nested
		src  string
	}
	var texts []text
	for _, st := range p.Steps {
		for _, h := range st.Hints {
			texts = append(texts, text{h.Pos, authoring.Nested{Key: "check.hint_of_step", Args: []any{"ID", st.ID}}, h.Text.Source})
		}
		for _, f := range st.Fields {
			for _, h := range f.Hints {
				texts = append(texts, text{h.Pos, authoring.Nested{Key: "check.hint_of_field", Args: []any{"ID", f.ID}}, h.Text.Source})
			}
			if !f.Help.IsZero() {
				texts = append(texts, text{f.Pos, authoring.Nested{Key: "check.help_of_field", Args: []any{"ID", f.ID}}, f.Help.Source})
			}
		}
	}
	for _, t := range texts {
		if t.what.Key != "check.help_of_field" { // a help explains: only hints are kept short
			for _, s := range sentences.FindAllString(embedded.ReplaceAllString(t.src, "X"), -1) {
				if n := words(s); n > MaxSentenceWords {
					r.add(p, t.at, "check.plain_long", "What", t.what, "Words", n, "Max", MaxSentenceWords, "Sentence", q(strings.TrimSpace(s)))
				}
			}
		}
		if gloss != nil {
			for _, word := range gloss.UnexplainedJargon(t.src) {
				r.add(p, t.at, "check.plain_jargon", "What", t.what, "Word", q(word))
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
