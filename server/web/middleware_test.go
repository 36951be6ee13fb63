package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestLocalPath(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"/", "/"},
		{"/demarches/caf-declaration-trimestrielle/", "/demarches/caf-declaration-trimestrielle/"},
		{"/demarches/caf/etapes/connexion?avis=merci#avis", "/demarches/caf/etapes/connexion?avis=merci#avis"},
		{"/?q=pr%C3%A9fecture", "/?q=pr%C3%A9fecture"},
		{"", "/"},
		{"demarches/", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"//evil.example/", "/"},
		{"///evil.example/", "/"},
		{"/\\evil.example/", "/"},
		{"\\\\evil.example/", "/"},
		// Browsers drop tabs and line breaks inside an address, and
		// C0 controls and spaces around it: "/\t/x" becomes "//x".
		{"/\t/evil.example/", "/"},
		{"/\n/evil.example/", "/"},
		{"/\r/evil.example/", "/"},
		{"/\x00/evil.example/", "/"},
		{"/\x0b/evil.example/", "/"},
		{"/ /evil.example/", "/"},
		{"\t//evil.example/", "/"},
		{" /", "/"},
		{"/\x7f/evil.example/", "/"},
		{"/%2F/evil.example/", "/"},
		{"/\u3000/evil.example/", "/"}, // the site's own addresses arrive percent-encoded
		{"/a?b=\t", "/"},
	} {
		if got := localPath(tc.in); got != tc.want {
			t.Errorf("localPath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// browserTarget is where a browser goes when sent to loc from the
// sandbox: it drops tabs and line breaks, trims C0 controls and spaces,
// and reads a backslash as a slash (WHATWG URL standard).
func browserTarget(t *testing.T, loc string) *url.URL {
	t.Helper()
	loc = strings.TrimFunc(loc, func(r rune) bool { return r <= 0x20 })
	loc = strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(loc)
	base, _ := url.Parse("http://sandbox.test/page")
	u, err := url.Parse(loc)
	if err != nil {
		return base // an address the browser cannot read keeps it here
	}
	return base.ResolveReference(u)
}

// TestRedirectsStayOnSite sends every page that goes back to a "retour"
// address to another site, in the ways browsers are known to read.
func TestRedirectsStayOnSite(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	evil := []string{
		"/\t/evil.example/", "/\x00/evil.example/", "/\x0b/evil.example/", "/ /evil.example/",
		"/\r\n/evil.example/", "/\t\t/evil.example/", "/\\evil.example/", "//evil.example/",
		"https://evil.example/", "\t//evil.example/", "/\x7f/evil.example/",
	}
	check := func(what string, res response) {
		t.Helper()
		if res.status != http.StatusSeeOther && res.status != http.StatusBadRequest {
			t.Errorf("%s: status %d", what, res.status)
			return
		}
		if u := browserTarget(t, res.location); res.location != "" && u.Host != "sandbox.test" {
			t.Errorf("%s: Location %q takes the browser to %s", what, res.location, u.Host)
		}
	}
	c := ta.client(t)
	c.get(startURL(p))
	for _, to := range evil {
		check("/langue "+to, c.get("/langue/en?retour="+url.QueryEscape(to)))
		check("POST /affichage "+to, c.post("/affichage", url.Values{"retour": {to}}))
		check("POST /traduction "+to, c.post("/traduction", url.Values{"retour": {to}}))
		check("POST /avis "+to, c.post("/avis", url.Values{"retour": {to + "demarches/" + p.ID + "/"}, "note": {"2"}}))
		check("POST /avis "+to, c.post("/avis", url.Values{"retour": {startURL(p) + to}, "note": {"2"}}))
		page := c.get("/affichage?retour=" + url.QueryEscape(to))
		if !strings.Contains(page.body, `<a class="back-link" href="/">`) || !strings.Contains(page.body, `name="retour" value="/">`) {
			t.Errorf("GET /affichage?retour=%q: the page links elsewhere than /", to)
		}
	}
	// The raw tab the review reported: /langue/en?retour=/%09/evil.example/
	if res := c.get("/langue/en?retour=/%09/evil.example/"); res.location != "/" {
		t.Errorf("/langue/en?retour=/%%09/evil.example/: Location %q, want /", res.location)
	}
	// The site's own addresses still come back.
	if res := c.post("/traduction", url.Values{"retour": {stepURL(p, p.Steps[0]) + "?x=1"}}); res.location != stepURL(p, p.Steps[0])+"?x=1" {
		t.Errorf("POST /traduction to a step: Location %q", res.location)
	}
}
