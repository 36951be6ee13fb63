package procedure

import (
	"sort"
	"time"
)

// FieldTypes lists the field types an author may use.
func FieldTypes() []string {
	return []string{"text", "textarea", "number", "money", "date", "radio", "select", "checkbox", "yesno", "email", "phone", "postal_code", "nir", "password", "iban", "numero_fiscal", "reference_avis", "neph", "plate", "formule", "file", "commune", "group"}
}

// MessageKeys lists the failures a field can report; a field's messages map
// gives the real site's wording for any of them.
func MessageKeys() []string {
	return []string{"required", "format", "min", "max", "min_length", "max_length", "pattern", "cents", "key", "with_key", "provisional", "not_mobile", "past", "future", "min_age", "option", "file_type", "file_size", "commune", "postal_code", "group_min", "incorrect"}
}

// exprZero is the value a field has in expressions before it is answered;
// its type is what expressions are checked against. Passwords have none:
// they are never kept.
func exprZero(f *Field) (any, bool) {
	var v any
	switch f.Type {
	case "password":
		return nil, false
	case "number", "money":
		v = float64(0)
	case "yesno":
		v = false
	case "checkbox":
		if len(f.Options) == 0 {
			v = false
		} else {
			v = []string{}
		}
	case "date":
		v = time.Time{}
	case "group":
		return f.Items(nil), f.itemType != nil
	default:
		v = ""
	}
	if r := f.Repeat; r != nil {
		n := max(r.Count, 0)
		switch v.(type) {
		case float64:
			return make([]float64, n), true
		case time.Time:
			return make([]time.Time, n), true
		default:
			return make([]string, n), true
		}
	}
	return v, true
}

func hasOptions(typ string) bool { return typ == "radio" || typ == "select" || typ == "checkbox" }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
