package web

import "testing"

func TestCSVSafe(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"", ""},
		{"Kévin", "Kévin"},
		{"a=b", "a=b"},
		{"Ali 2", "Ali 2"},
		{"=1+1", "'=1+1"},
		{"+33 6", "'+33 6"},
		{"-2", "'-2"},
		{"@SOMME(A1)", "'@SOMME(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"\t", "'\t"},
		{"＝HYPERLINK(\"x\")", "'＝HYPERLINK(\"x\")"},
		{"＋1", "'＋1"},
		{"－1", "'－1"},
		{"＠A1", "'＠A1"},
		// The first visible character counts, after invisible ones.
		{"\u200b=1", "'\u200b=1"},
		{"\u202e=1", "'\u202e=1"},
		{"\u2066@A1", "'\u2066@A1"},
		{"\ufeff+1", "'\ufeff+1"},
		{"\u00ad-1", "'\u00ad-1"},
		{" =1", "' =1"},
		{"\u00a0\u3000＝1", "'\u00a0\u3000＝1"},
		{"\n=1", "'\n=1"},
		{"\u200bKévin", "\u200bKévin"},
		{" Kévin=", " Kévin="},
	} {
		if got := csvSafe(tc.in); got != tc.want {
			t.Errorf("csvSafe(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
