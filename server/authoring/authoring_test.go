package authoring_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/authoring"
)

// TestEnglishHasExactlyTheFrenchKeys: fr.yaml is the reference; en.yaml
// misses none of its keys and has none too many.
func TestEnglishHasExactlyTheFrenchKeys(t *testing.T) {
	c, err := authoring.Load(repetition.Files)
	if err != nil {
		t.Fatal(err)
	}
	if m := c.Missing(); len(m) > 0 {
		t.Errorf("locales/auteur: %v", m)
	}
}

// TestMissingKeyIsFound proves the test above can fail.
func TestMissingKeyIsFound(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, authoring.Dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("fr.yaml", "a: A\nb: B\n")
	write("en.yaml", "a: A\nc: C\n")
	c, err := authoring.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.Missing()["en"], ","); got != "extra: c,missing: b" {
		t.Errorf("missing %q", got)
	}
}

// keyRE finds the catalogue keys written in the code.
var keyRE = regexp.MustCompile(`"((?:decode|load|translate|expr|check|yaml|followup|documents|produced|cmd)\.[a-z_]+)"`)

// TestEveryKeyOfTheCodeIsInTheCatalogue: a key written in the code and
// absent from fr.yaml would print as the key itself.
func TestEveryKeyOfTheCodeIsInTheCatalogue(t *testing.T) {
	c := authoring.Bundled()
	n := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range keyRE.FindAllStringSubmatch(string(data), -1) {
			n++
			if !c.Has("fr", m[1]) {
				t.Errorf("%s: key %s is not in %s/fr.yaml", path, m[1], authoring.Dir)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Errorf("found only %d keys in the code", n)
	}
}

func TestPluralsAndQuotes(t *testing.T) {
	c := authoring.Bundled()
	for _, tc := range []struct {
		lang string
		n    int
		want string
	}{{"fr", 1, "1 problème"}, {"fr", 3, "3 problèmes"}, {"en", 1, "1 problem"}, {"en", 3, "3 problems"}} {
		if got := c.Count(tc.lang, "cmd.problems", tc.n); got != tc.want {
			t.Errorf("%s %d: %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
	if got := c.Text("fr", "decode.duplicate_key", "Key", authoring.Quoted("id")); got != "la clé « id » est écrite deux fois" {
		t.Errorf("French quotes: %q", got)
	}
	if got := c.Text("en", "decode.unknown_key", "Key", authoring.Quoted("lable"), "What", authoring.Term("field"), authoring.SuggestArg, "label"); got != `unknown key "lable" in field (did you mean "label"?)` {
		t.Errorf("English: %q", got)
	}
}

func TestLang(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	for _, tc := range []struct {
		flag string
		vars map[string]string
		want string
	}{
		{"", nil, "fr"},
		{"en", nil, "en"},
		{"fr", map[string]string{"LANG": "en_US.UTF-8"}, "fr"},
		{"", map[string]string{"LANG": "en_US.UTF-8"}, "en"},
		{"", map[string]string{"LC_MESSAGES": "en_GB.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"},
		{"", map[string]string{"LC_ALL": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "fr"},
		{"", map[string]string{"LANG": "C.UTF-8"}, "fr"},
	} {
		if got := authoring.Lang(tc.flag, env(tc.vars)); got != tc.want {
			t.Errorf("Lang(%q, %v) = %q, want %q", tc.flag, tc.vars, got, tc.want)
		}
	}
}
