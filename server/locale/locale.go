// Package locale holds the sandbox's own texts (buttons, banner, guide
// layer) in every language, and picks the learner's language.
package locale

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"
)

// Default is the language of the simulated sites and the fallback for the
// sandbox's texts.
const Default = "fr"

// Catalog is every locale file, loaded and checked at start-up.
type Catalog struct {
	bundle      *i18n.Bundle
	matcher     language.Matcher
	tags        []language.Tag
	translators map[string]*Translator
	keys        map[string][]string // language → its message ids, sorted
}

// Load reads locales/<lang>.yaml files; fr.yaml must exist, as it is the
// reference every other language is compared with.
func Load(fsys fs.FS, dir string) (*Catalog, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	c := &Catalog{
		bundle:      i18n.NewBundle(language.French),
		translators: map[string]*Translator{},
		keys:        map[string][]string{},
	}
	c.bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	c.tags = []language.Tag{language.French} // first: the matcher's fallback
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		mf, err := c.bundle.ParseMessageFileBytes(data, name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		lang := mf.Tag.String()
		ids := make([]string, len(mf.Messages))
		for i, m := range mf.Messages {
			ids[i] = m.ID
		}
		sort.Strings(ids)
		c.keys[lang] = ids
		if mf.Tag != language.French {
			c.tags = append(c.tags, mf.Tag)
		}
	}
	if c.keys[Default] == nil {
		return nil, fmt.Errorf("%s: missing %s.yaml, the reference language", dir, Default)
	}
	c.matcher = language.NewMatcher(c.tags)
	for _, tag := range c.tags {
		lang := tag.String()
		c.translators[lang] = &Translator{Lang: lang, Dir: direction(tag), loc: i18n.NewLocalizer(c.bundle, lang, Default)}
	}
	return c, nil
}

// Languages lists the available languages, French first.
func (c *Catalog) Languages() []string {
	out := make([]string, len(c.tags))
	for i, t := range c.tags {
		out[i] = t.String()
	}
	return out
}

// Match picks the learner's language: an explicit choice (the language
// cookie) when it is available, otherwise the best match for the
// Accept-Language header, otherwise French.
func (c *Catalog) Match(choice, acceptLanguage string) string {
	if _, ok := c.translators[choice]; ok {
		return choice
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Default
	}
	_, i, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return Default
	}
	return c.tags[i].String()
}

// Translator returns the translator of lang, or the French one.
func (c *Catalog) Translator(lang string) *Translator {
	if t, ok := c.translators[lang]; ok {
		return t
	}
	return c.translators[Default]
}

// Missing lists, per language, the message ids of fr.yaml it lacks and the
// ids it has that fr.yaml does not.
func (c *Catalog) Missing() map[string][]string {
	ref := map[string]bool{}
	for _, id := range c.keys[Default] {
		ref[id] = true
	}
	out := map[string][]string{}
	for lang, ids := range c.keys {
		if lang == Default {
			continue
		}
		have := map[string]bool{}
		for _, id := range ids {
			have[id] = true
			if !ref[id] {
				out[lang] = append(out[lang], "extra: "+id)
			}
		}
		for _, id := range c.keys[Default] {
			if !have[id] {
				out[lang] = append(out[lang], "missing: "+id)
			}
		}
	}
	return out
}

// Translator gives the texts of one language. It is safe for concurrent
// use: one is built per language at start-up and shared by requests.
type Translator struct {
	Lang string
	Dir  string // "ltr" or "rtl"
	loc  *i18n.Localizer
}

// T translates a message id; args are name/value pairs for the message's
// template ("T("error.min", "Min", 3)"). An int argument named Count picks
// the message's plural form ("one", "other") by the language's rules; a
// message without plural forms is used for every count. An unknown id
// comes back as itself, so that a missing text is visible rather than blank.
func (t *Translator) T(id string, args ...any) string {
	var data map[string]any
	if len(args) > 1 {
		data = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			data[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	return t.TData(id, data)
}

// TData translates with template data given as a map; a number named
// Count picks the plural form, as in T.
func (t *Translator) TData(id string, data map[string]any) string {
	cfg := &i18n.LocalizeConfig{MessageID: id, TemplateData: data}
	switch n := data["Count"].(type) {
	case int:
		cfg.PluralCount = n
	case float64: // a count read back from JSON
		cfg.PluralCount = int(n)
	}
	s, err := t.loc.Localize(cfg)
	if err != nil && (cfg.PluralCount == nil || s == "") {
		// With a count, a message lacking the language's form for it
		// falls back to its "other" form: s is that text.
		return id
	}
	return s
}

func direction(tag language.Tag) string {
	base, _ := tag.Base()
	switch strings.ToLower(base.String()) {
	case "ar", "he", "fa", "ur":
		return "rtl"
	}
	return "ltr"
}

// Has reports whether lang defines the message id.
func (c *Catalog) Has(lang, id string) bool {
	ids := c.keys[lang]
	i := sort.SearchStrings(ids, id)
	return i < len(ids) && ids[i] == id
}

// TCount translates a message with plural forms ("one", "other"): count
// picks the form, by the rules of the translator's language, and is
// available to the template as .Count.
func (t *Translator) TCount(id string, count int, data map[string]any) string {
	d := make(map[string]any, len(data)+1)
	for k, v := range data {
		d[k] = v
	}
	d["Count"] = count
	s, err := t.loc.Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: d})
	if err != nil {
		return id
	}
	return s
}
