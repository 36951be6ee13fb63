package procedure

import "testing"

func TestFrenchSpacing(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Vivez-vous en couple ?", "Vivez-vous en couple\u00a0?"},
		{"Exemple : 1 85 05", "Exemple\u00a0: 1 85 05"},
		{"« Mon profil »", "«\u00a0Mon profil\u00a0»"},
		{"1 240 € puis 1 240 000 €", "1\u00a0240\u00a0€ puis 1\u00a0240\u00a0000\u00a0€"},
		{"Attention ! Vraiment ; oui", "Attention\u00a0! Vraiment\u00a0; oui"},
		{"rien à changer", "rien à changer"},
		{"https://example.org/a?b=c", "https://example.org/a?b=c"},
	}
	for _, tc := range cases {
		if got := FrenchSpacing(tc.in); got != tc.want {
			t.Errorf("FrenchSpacing(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
