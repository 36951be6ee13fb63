package procedure

import "strings"

// unaccent writes French letters without their accents, for the value an
// author meant: "propriétaire" is stored as "proprietaire".
var unaccent = strings.NewReplacer(
	"à", "a", "â", "a", "ä", "a", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"î", "i", "ï", "i", "ô", "o", "ö", "o", "ù", "u", "û", "u", "ü", "u",
	"ç", "c", "œ", "oe", "æ", "ae", "ÿ", "y", " ", "_", "'", "_", "’", "_",
)

// plainValue is value in lowercase, without accents, spaces or
// apostrophes: the fix proposed for an option value that has them.
func plainValue(value string) string {
	return unaccent.Replace(strings.ToLower(value))
}
