package engine

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/validate"
)

// zero is the value of an unanswered field in expressions. A repeated
// field is a list of its unanswered values, so that sum() and indexing
// behave the same whether the field was shown or not.
func zero(f *procedure.Field) any {
	switch f.Type {
	case "number", "money":
		if f.Repeat != nil {
			return make([]float64, f.Repeat.Count)
		}
		return float64(0)
	case "yesno":
		return false
	case "checkbox":
		if len(f.Options) == 0 {
			return false
		}
		return []string{}
	case "group":
		return f.Items(nil)
	case "date":
		if f.Repeat != nil {
			return make([]time.Time, f.Repeat.Count)
		}
		return time.Time{}
	}
	if f.Repeat != nil {
		return make([]string, f.Repeat.Count)
	}
	return ""
}

// parse reads one raw answer of f. It returns the typed value (nil when the
// answer is empty) or the key of the problem, before any required check.
func parse(f *procedure.Field, raw string, today time.Time) (any, string) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, ""
	}
	switch f.Type {
	case "text", "textarea", "password":
		n := utf8.RuneCountInString(raw)
		switch {
		case f.MinLength > 0 && n < f.MinLength:
			return nil, "min_length"
		case f.MaxLength > 0 && n > f.MaxLength:
			return nil, "max_length"
		case !f.Pattern.MatchString(raw):
			return nil, "pattern"
		}
		return raw, ""
	case "number":
		n, ok := parseNumber(raw)
		if !ok {
			return nil, "format"
		}
		return n, bounds(f, n)
	case "money":
		s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(raw, "€"), "EUR"))
		n, ok := parseNumber(s)
		if !ok {
			return nil, "format"
		}
		// Decide on the digits typed, not on the float: 19,99 × 100 is not 1999.
		_, decimals, _ := strings.Cut(strings.ReplaceAll(s, ",", "."), ".")
		decimals = strings.TrimRight(decimals, "0")
		if len(decimals) > 2 {
			return nil, "format"
		}
		if !f.AllowsCents() && decimals != "" {
			return nil, "cents"
		}
		if f.Min == nil && n < 0 {
			return nil, "min"
		}
		return n, bounds(f, n)
	case "date":
		t, ok := parseDate(raw, today.Location())
		switch {
		case !ok:
			return nil, "format"
		case f.Past && t.After(today):
			return nil, "past"
		case f.Future && !t.After(today):
			return nil, "future"
		case f.MinAge > 0 && t.AddDate(f.MinAge, 0, 0).After(today):
			return nil, "min_age"
		}
		return t, ""
	case "yesno":
		switch raw {
		case "true", "oui":
			return true, ""
		case "false", "non":
			return false, ""
		}
		return nil, "option"
	case "radio", "select":
		if !hasOption(f, raw) {
			return nil, "option"
		}
		return raw, ""
	case "checkbox":
		if len(f.Options) == 0 {
			return raw == "true" || raw == "on", ""
		}
		vals := strings.Split(raw, ",")
		for _, v := range vals {
			if !hasOption(f, v) {
				return nil, "option"
			}
		}
		return vals, ""
	case "email":
		v, key := validate.Email(raw)
		return v, key
	case "phone":
		v, key := validate.Phone(raw, f.Mobile)
		return v, key
	case "postal_code":
		v, key := validate.PostalCode(raw)
		return v, key
	case "file":
		return parseFile(f, raw)
	case "commune":
		if len([]rune(raw)) > 200 {
			return nil, "format"
		}
		return raw, "" // checked against its postal code by Eval.check
	case "iban":
		return validate.IBAN(raw)
	case "numero_fiscal":
		return validate.NumeroFiscal(raw)
	case "reference_avis":
		return validate.ReferenceAvis(raw)
	case "neph":
		return validate.NEPH(raw)
	case "formule":
		return validate.Formule(raw)
	case "plate":
		r, key := validate.Plate(raw)
		return r.Canonical, key
	case "nir":
		r, key := validate.NIR(raw, f.WithKey)
		if key == "" && r.Provisional && f.Provisional == "refuse" {
			key = "provisional"
		}
		return r.Compact, key
	}
	return raw, ""
}

func bounds(f *procedure.Field, n float64) string {
	switch {
	case f.Min != nil && n < *f.Min:
		return "min"
	case f.Max != nil && n > *f.Max:
		return "max"
	}
	return ""
}

func hasOption(f *procedure.Field, v string) bool {
	for _, o := range f.Options {
		if o.Value == v {
			return true
		}
	}
	return false
}

// parseNumber reads a number as people type it in France: "1 240,50".
func parseNumber(s string) (float64, bool) {
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", ",", ".").Replace(s)
	if s == "" || strings.ContainsAny(s, "eEinfINFxX_") {
		return 0, false
	}
	n, err := strconv.ParseFloat(s, 64)
	return n, err == nil
}

// parseDate accepts 05/06/2026, 5/6/2026 and 2026-06-05, as a day in loc
// (the clock's zone, so that "today" compares as a calendar day).
func parseDate(s string, loc *time.Location) (time.Time, bool) {
	for _, layout := range []string{"02/01/2006", "2/1/2006", time.DateOnly} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil && t.Year() >= 1900 && t.Year() <= 2200 {
			return t, true
		}
	}
	return time.Time{}, false
}
