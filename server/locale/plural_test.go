package locale_test

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/locale"
	"gopkg.in/yaml.v3"
)

// TestNoParenthesisedPlurals: a count is said with the plural forms of
// its language ("1 minute", "2 minutes"), never "minute(s)".
func TestNoParenthesisedPlurals(t *testing.T) {
	marks := regexp.MustCompile(`\pL\((s|x|es)\)`)
	for _, name := range []string{"locales/fr.yaml", "locales/en.yaml"} {
		data, err := fs.ReadFile(repetition.Files, name)
		if err != nil {
			t.Fatal(err)
		}
		var root yaml.Node
		if err := yaml.Unmarshal(data, &root); err != nil {
			t.Fatal(err)
		}
		var walk func(n *yaml.Node, path string)
		walk = func(n *yaml.Node, path string) {
			switch n.Kind {
			case yaml.DocumentNode:
				walk(n.Content[0], path)
			case yaml.MappingNode:
				for i := 0; i+1 < len(n.Content); i += 2 {
					walk(n.Content[i+1], strings.TrimPrefix(path+"."+n.Content[i].Value, "."))
				}
			case yaml.ScalarNode:
				if marks.MatchString(n.Value) {
					t.Errorf("%s:%d: %s says %q: use plural forms (one, other)", name, n.Line, path, n.Value)
				}
			}
		}
		walk(&root, "")
	}
}

// TestCountsAgree renders counted messages with 1 and with 2.
func TestCountsAgree(t *testing.T) {
	c, err := locale.Load(repetition.Files, "locales")
	if err != nil {
		t.Fatal(err)
	}
	fr, en := c.Translator("fr"), c.Translator("en")
	cases := []struct {
		tr    *locale.Translator
		id    string
		count int
		want  string
	}{
		{fr, "follow.minutes", 1, "1 minute"},
		{fr, "follow.minutes", 3, "3 minutes"},
		{fr, "follow.seconds", 1, "1 seconde"},
		{en, "follow.minutes", 1, "1 minute"},
		{en, "follow.minutes", 2, "2 minutes"},
		{fr, "space.unread", 1, "1 nouveau"},
		{fr, "space.unread", 2, "2 nouveaux"},
		{fr, "training.row.unread", 1, "1 message non lu"},
		{fr, "training.row.unread", 4, "4 messages non lus"},
		{fr, "site.error.group_min", 1, "Ajoutez au moins 1 élément."},
		{fr, "site.error.group_min", 2, "Ajoutez au moins 2 éléments."},
	}
	for _, tc := range cases {
		if got := tc.tr.T(tc.id, "Count", tc.count); got != tc.want {
			t.Errorf("%s %s %d: %q, want %q", tc.tr.Lang, tc.id, tc.count, got, tc.want)
		}
	}
}
