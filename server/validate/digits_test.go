package validate

import (
	"strings"
	"testing"
)

func TestDigits(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain", "0612345678", "0612345678"},
		{"spaces", "06 12 34 56 78", "0612345678"},
		{"dots", "06.12.34.56.78", "0612345678"},
		{"dashes", "06-12-34-56-78", "0612345678"},
		{"nbsp", "06\u00a012\u202f34", "061234"},
		{"unicode dashes", "06\u201112\u201334\u221256", "06123456"},
		{"letters kept", "2A 07", "2A07"},
		{"plus kept", "+33 6", "+336"},
		{"tab kept", "06\t12", "06\t12"},
		{"junk kept", "06\u200b12🙂", "06\u200b12🙂"},
		{"invalid utf8 kept", "06\xff12", "06\xff12"},
		{"only separators", " .-\u00a0", ""},
		{"long", strings.Repeat("1 ", 5000), strings.Repeat("1", 5000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Digits(tt.in); got != tt.want {
				t.Errorf("Digits(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
