// Package authoring holds the messages of the authoring tools (the loader's
// and the check's problems, the "check" and "new" commands, the -dev box):
// locales/auteur/fr.yaml, the reference, and en.yaml. They speak French
// by default, since the authors are French; English on request.
package authoring

import (
	"fmt"
	"io/fs"
	"strings"
	"sync"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/locale"
)

// Dir is the folder of the authoring catalogue.
const Dir = "locales/auteur"

// Term is a word of the tools themselves (a kind of YAML node, the name of
// a part of a procedure): it is translated through the key "term.WORD".
type Term string

// Quoted is something an author wrote (a key, an id, a value): it is shown
// between « » in French and between "" in English.
type Quoted string

// Nested is a message given as the argument of another one ("later, on
// step X"), rendered in the same language.
type Nested struct {
	Key  string
	Args []any
}

// SuggestArg is the argument holding the close name of a "did you mean"
// (empty when there is none); the message shows it through {{.Suggestion}}.
const SuggestArg = "Suggestion"

// Catalog is the loaded authoring catalogue.
type Catalog struct{ c *locale.Catalog }

// Load reads the authoring catalogue of fsys.
func Load(fsys fs.FS) (*Catalog, error) {
	c, err := locale.Load(fsys, Dir)
	if err != nil {
		return nil, err
	}
	return &Catalog{c}, nil
}

// bundled is the catalogue built into the binary, read once: the messages
// are fixed at build time and shared read-only.
var bundled = sync.OnceValue(func() *Catalog {
	c, err := Load(repetition.Files)
	if err != nil {
		panic("authoring: the built-in catalogue does not load: " + err.Error())
	}
	return c
})

// Bundled returns the catalogue built into the binary.
func Bundled() *Catalog { return bundled() }

// Missing lists, per language, the keys of fr.yaml it lacks and those it
// has too many (see locale.Catalog.Missing).
func (c *Catalog) Missing() map[string][]string { return c.c.Missing() }

// Has reports whether lang defines key.
func (c *Catalog) Has(lang, key string) bool { return c.c.Has(lang, key) }

// Text renders message key in lang with its arguments (name/value pairs).
func (c *Catalog) Text(lang, key string, args ...any) string {
	lang = norm(lang)
	return c.c.Translator(lang).TData(key, c.data(lang, pairs(args)))
}

// TextMap is Text with the arguments as a map.
func (c *Catalog) TextMap(lang, key string, args map[string]any) string {
	lang = norm(lang)
	return c.c.Translator(lang).TData(key, c.data(lang, args))
}

// Count renders a message with plural forms for count ("1 problème",
// "3 problèmes"); the template reads the number as .Count.
func (c *Catalog) Count(lang, key string, count int, args ...any) string {
	lang = norm(lang)
	return c.c.Translator(lang).TCount(key, count, c.data(lang, pairs(args)))
}

// data prepares the arguments for lang: terms translated, quoted texts
// between the language's quotes, and the suggestion phrased.
func (c *Catalog) data(lang string, args map[string]any) map[string]any {
	out := make(map[string]any, len(args)+1)
	out[SuggestArg] = ""
	for k, v := range args {
		switch v := v.(type) {
		case Term:
			out[k] = c.term(lang, v)
		case Quoted:
			out[k] = quote(lang, string(v))
		case Nested:
			out[k] = c.Text(lang, v.Key, v.Args...)
		case []Quoted:
			parts := make([]string, len(v))
			for i, s := range v {
				parts[i] = quote(lang, string(s))
			}
			out[k] = strings.Join(parts, ", ")
		default:
			out[k] = v
		}
	}
	if s, _ := args[SuggestArg].(string); s != "" {
		out[SuggestArg] = c.c.Translator(lang).TData("suggestion", map[string]any{"Name": quote(lang, s)})
	}
	return out
}

func (c *Catalog) term(lang string, t Term) string {
	word := string(t)
	if word == "translation" { // a reserved key of go-i18n's files
		word = "translation_doc"
	}
	key := "term." + word
	if !c.c.Has(lang, key) && !c.c.Has(locale.Default, key) {
		return string(t)
	}
	return c.c.Translator(lang).T(key)
}

// norm is the catalogue's language for lang: English when asked,
// French otherwise (an empty or unknown language included).
func norm(lang string) string {
	if lang == "en" {
		return "en"
	}
	return locale.Default
}

func quote(lang, s string) string {
	if lang == locale.Default {
		return "« " + s + " »"
	}
	return fmt.Sprintf("%q", s)
}

func pairs(args []any) map[string]any {
	m := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		m[fmt.Sprint(args[i])] = args[i+1]
	}
	return m
}

// Lang picks the language of the tools: the -lang flag when given, else
// the environment's (LC_ALL, then LC_MESSAGES, then LANG, as POSIX reads
// them) when it is English, else French.
func Lang(flag string, getenv func(string) string) string {
	if flag != "" {
		if strings.HasPrefix(strings.ToLower(flag), "en") {
			return "en"
		}
		return locale.Default
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "en") {
				return "en"
			}
			return locale.Default
		}
	}
	return locale.Default
}
