package procedure

import (
	"regexp"
	"strings"
)

var (
	spaceBeforePunct = regexp.MustCompile(` ([?!;:»])`)
	spaceAfterQuote  = regexp.MustCompile(`« `)
	digitGroups      = regexp.MustCompile(`(\d) (\d{3}\b|€)`)
)

// FrenchSpacing puts the non-breaking spaces of French typography where
// authors type ordinary ones: before ? ! ; : », after «, inside amounts
// (1 240 €). On a narrow phone, "déclaration ?" then never breaks before
// its question mark.
func FrenchSpacing(s string) string {
	if !strings.ContainsAny(s, "?!;:»«€0123456789") {
		return s
	}
	s = spaceBeforePunct.ReplaceAllString(s, "\u00a0$1")
	s = spaceAfterQuote.ReplaceAllString(s, "«\u00a0")
	for digitGroups.MatchString(s) { // "1 240 000" needs two passes
		s = digitGroups.ReplaceAllString(s, "$1\u00a0$2")
	}
	return s
}

// typography applies FrenchSpacing to every text the simulated site or the
// presentation page shows, once, at load time.
func (c *checker) typography() {
	p := c.p
	for _, s := range []*string{&p.Title, &p.Summary, &p.Site, &p.Duration, &p.Real.Help, &p.Review.Title, &p.Submit.Attestation, &p.Submit.Button} {
		*s = FrenchSpacing(*s)
	}
	for i := range p.Prepare {
		p.Prepare[i] = FrenchSpacing(p.Prepare[i])
	}
	texts := []*Text{&p.Review.Intro, &p.Receipt.Title, &p.Receipt.Next}
	for _, st := range p.Steps {
		st.Button = FrenchSpacing(st.Button)
		texts = append(texts, &st.Title, &st.Intro)
		for i := range st.Hints {
			texts = append(texts, &st.Hints[i].Text)
		}
		for _, ch := range st.Checks {
			texts = append(texts, &ch.Message)
		}
		for _, f := range withGroupQuestions(st.Fields) {
			texts = append(texts, &f.Label, &f.Help)
			if f.IsGroup() {
				texts = append(texts, &f.ItemLabel)
				f.AddLabel = FrenchSpacing(f.AddLabel)
			}
			for i := range f.Hints {
				texts = append(texts, &f.Hints[i].Text)
			}
			if f.Repeat != nil {
				texts = append(texts, &f.Repeat.Label)
			}
			for i := range f.Options {
				f.Options[i].Label = FrenchSpacing(f.Options[i].Label)
				f.Options[i].Help = FrenchSpacing(f.Options[i].Help)
			}
			for k, v := range f.Messages {
				f.Messages[k] = FrenchSpacing(v)
			}
		}
	}
	for _, t := range texts {
		if t.IsStatic() {
			t.Source = FrenchSpacing(t.Source)
		}
		for i := range t.Parts {
			t.Parts[i].Literal = FrenchSpacing(t.Parts[i].Literal)
		}
	}
	for _, pr := range p.Profiles {
		pr.Name, pr.Story = FrenchSpacing(pr.Name), FrenchSpacing(pr.Story)
	}
}
