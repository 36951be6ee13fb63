package validate

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"sort"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// communes.tsv.gz lists every (postal code, commune) pair of France, from
// the Base Adresse Nationale's codes-postaux package (MIT licence).
//
//go:embed communes.tsv.gz
var communesGz []byte

// commune is one commune served by a postal code, with the postal label
// people also write ("PARIS" for "Paris 11e Arrondissement").
type commune struct {
	name, label string
}

// communesByCode is read once, on first use: a postal code's communes.
var communesByCode = sync.OnceValue(func() map[string][]commune {
	out := map[string][]commune{}
	r, err := gzip.NewReader(bytes.NewReader(communesGz))
	if err != nil {
		panic("validate: communes.tsv.gz is damaged: " + err.Error())
	}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "\t")
		if len(parts) == 3 && !strings.HasPrefix(parts[0], "#") {
			out[parts[0]] = append(out[parts[0]], commune{parts[1], parts[2]})
		}
	}
	return out
})

// Communes lists the communes served by a postal code, in alphabetical
// order; none for an unknown code.
func Communes(postalCode string) []string {
	var out []string
	for _, c := range communesByCode()[postalCode] {
		out = append(out, c.name)
	}
	sort.Strings(out)
	return out
}

// Commune checks that a commune's name matches a postal code, the way the
// real forms' commune pickers do. Case, accents, hyphens, apostrophes and
// "Saint"/"St" do not matter. It returns the commune's official name.
// Keys: "format" (empty or no letter), "postal_code" (the postal code is
// not a known one), "commune" (not a commune of that postal code).
func Commune(postalCode, raw string) (string, string) {
	name := strings.TrimSpace(raw)
	if name == "" || strings.IndexFunc(name, unicode.IsLetter) < 0 || len(name) > 200 {
		return name, "format"
	}
	names := communesByCode()[postalCode]
	if len(names) == 0 {
		return name, "postal_code"
	}
	want := communeKey(name)
	for _, c := range names {
		if communeKey(c.name) == want {
			return c.name, ""
		}
	}
	for _, c := range names {
		if communeKey(c.label) == want {
			return name, "" // the postal label, as written on envelopes
		}
	}
	return name, "commune"
}

// communeKey reduces a name to its letters and digits, lowercase, without
// accents, with "saint" written out: "St-Étienne" and "saint etienne" meet.
func communeKey(s string) string {
	var b strings.Builder
	for _, word := range strings.FieldsFunc(norm.NFD.String(strings.ToLower(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	}) {
		word = strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Mn, r) {
				return -1
			}
			return r
		}, word)
		switch word {
		case "st":
			word = "saint"
		case "ste":
			word = "sainte"
		}
		b.WriteString(word)
		b.WriteByte(' ')
	}
	return b.String()
}
