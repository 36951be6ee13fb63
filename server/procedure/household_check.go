package procedure

import (
	"slices"
	"strings"

	"github.com/repetition-demarches/repetition/server/authoring"
)

// joinHouseholds gives each profile with household: its household's story
// (before its own) and papers (before its own). It runs before the steps
// are checked, since a field's where may name a household's paper.
func (c *checker) joinHouseholds() {
	for _, pr := range c.p.Profiles {
		if pr.Household == "" {
			continue
		}
		h := c.p.households[pr.Household]
		if h == nil {
			c.errorf(pr.Pos, "household.unknown", "Profile", q(pr.ID), "Household", q(pr.Household), authoring.SuggestArg, suggest(pr.Household, sortedKeys(c.p.households)))
			continue
		}
		pr.household = h
		pr.Answers.household = h
		for _, d := range pr.Documents {
			d.household = h
		}
		pr.Documents = append(slices.Clone(h.Documents), pr.Documents...)
		pr.Story = strings.TrimSpace(h.Story) + " " + pr.Story
	}
}

// checkProfile checks a profile's answers and own papers; with a
// household, they may read foyer.x and must agree with it.
func (c *checker) checkProfile(pr *Profile) {
	h, own := pr.household, pr.Documents
	if h != nil {
		own = pr.Documents[len(h.Documents):]
		if _, taken := c.env[HouseholdName]; taken {
			c.errorf(pr.Pos, "household.name_taken", "Profile", q(pr.ID), "Household", q(h.ID))
		} else {
			c.env[HouseholdName] = h.factsZero()
			defer delete(c.env, HouseholdName)
		}
	}
	c.answers(&pr.Answers)
	c.checkDocuments(pr.ID, own)
	if h != nil {
		c.agreeAnswers(pr, h)
		c.agreePapers(pr, h, own)
	}
}

// agreeAnswers reports a literal answer whose field id names a fact of the
// household with another literal value.
func (c *checker) agreeAnswers(pr *Profile, h *Household) {
	for _, id := range sortedKeys(pr.Answers.Map) {
		fact, ok := h.staticText(h.Facts[id])
		if _, computed := pr.Answers.Computed[id]; !ok || computed {
			continue
		}
		if answer := pr.Answers.Map[id]; !sameFact(answer, fact) {
			c.errorf(c.answerPos(&pr.Answers, id), "household.answer_contradicts", "Profile", q(pr.ID), "Procedure", q(c.p.ID), "Fact", id, "Answer", q(answer), "Household", q(h.ID), "Value", q(fact))
		}
	}
}

// agreePapers reports a profile's own paper that is already one of the
// household's (same id, or same kind when it has none): a box printed
// otherwise contradicts the household, and the same paper twice is
// written once, in the household.
func (c *checker) agreePapers(pr *Profile, h *Household, own []*Document) {
	for _, d := range own {
		i := slices.IndexFunc(h.Documents, func(hd *Document) bool { return hd.Key() == d.Key() })
		if i < 0 {
			continue
		}
		hd, contradicted := h.Documents[i], false
		for _, box := range sortedKeys(d.Boxes) {
			mine, ok1 := h.staticText(d.Boxes[box])
			theirs, ok2 := h.staticText(hd.Boxes[box])
			if ok1 && ok2 && !sameFact(mine, theirs) {
				c.errorf(d.Boxes[box].Position(d.Pos), "household.box_contradicts", "Profile", q(pr.ID), "Procedure", q(c.p.ID), "Document", d.Key(), "Box", box, "Value", q(mine), "Household", q(h.ID), "Want", q(theirs))
				contradicted = true
			}
		}
		if !contradicted {
			c.errorf(d.Pos, "household.document_again", "Profile", q(pr.ID), "Document", d.Key(), "Household", q(h.ID))
		}
	}
}

// staticText is what t prints whatever the day: its literal parts, and
// the facts it reads as ${ foyer.x } when they are literal themselves.
// ok is false for a text computed otherwise (today(), a sum…).
func (h *Household) staticText(t *Text) (string, bool) {
	if t == nil {
		return "", false
	}
	if len(t.Parts) == 0 {
		return t.Source, true
	}
	var b strings.Builder
	for _, p := range t.Parts {
		if p.Expr == nil {
			b.WriteString(p.Literal)
			continue
		}
		name, ok := strings.CutPrefix(p.Expr.Source, HouseholdName+".")
		fact := h.Facts[name]
		if !ok || fact == nil || !fact.IsStatic() {
			return "", false
		}
		b.WriteString(fact.Source)
	}
	return b.String(), true
}

// sameFact compares two literal values without regard to case and spaces
// (1 95 03 69 123 456 and 195036912345 6 are one NIR).
func sameFact(a, b string) bool {
	squash := strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "")
	return strings.EqualFold(squash.Replace(a), squash.Replace(b))
}

// answerPos is where answer key is written in a, or the answers' start.
func (c *checker) answerPos(a *RawAnswers, key string) Pos {
	if a.node != nil {
		for i := 0; i+1 < len(a.node.Content); i += 2 {
			if a.node.Content[i].Value == key {
				return posOf(a.node.Content[i+1])
			}
		}
	}
	return a.Pos
}
