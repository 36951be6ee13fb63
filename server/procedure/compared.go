package procedure

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// Never is how an author writes that a draft was written from memory and
// never compared with the real site.
const NeverCompared = "jamais"

// Compared is the day a replica was last compared with the real site. A
// draft written from memory says `compared: jamais` or leaves the date out
// rather than inventing one: it is then zero, and learners read that it was
// not compared yet.
type Compared struct {
	Date
}

// Never reports whether the replica was never compared with the real site.
func (c Compared) Never() bool { return c.IsZero() }

func (c *Compared) decodeYAML(d *decoder, n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && strings.EqualFold(strings.TrimSpace(n.Value), NeverCompared) {
		return
	}
	c.Date.decodeYAML(d, n)
}
