package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestFormTokenFromTheBodyOnly: a token in the address (logged, leaked by
// the Referer) is not a token; the same one in the body is.
func TestFormTokenFromTheBodyOnly(t *testing.T) {
	ta := newTestApp(t)
	c := ta.client(t)
	c.get("/effacer-mes-reponses") // the page of the form
	if res := c.do(http.MethodPost, "/effacer-mes-reponses?_csrf="+url.QueryEscape(c.csrf), url.Values{}); res.status != http.StatusForbidden {
		t.Errorf("a token in the query string: %d, want 403", res.status)
	}
	if res := c.do(http.MethodPost, "/effacer-mes-reponses", url.Values{"_csrf": {c.csrf}}); res.status != http.StatusSeeOther {
		t.Errorf("the token in the body: %d, want 303", res.status)
	}
}

// TestFormTokenIsTiedToItsSession: a token drawn for one session is
// refused with another, even in the same browser (same form secret).
func TestFormTokenIsTiedToItsSession(t *testing.T) {
	ta := newTestApp(t)
	p := ta.proc(t, "ants-permis-perte-vol")
	a, b := ta.client(t), ta.client(t)
	a.begin(p, p.Profiles[0].ID)
	b.begin(p, p.Profiles[0].ID)
	a.get(startURL(p))
	tokenOfA := a.csrf
	// The browser now claims b's session, with a's secret and a's token.
	a.cookies[sessionCookie] = b.cookies[sessionCookie]
	if res := a.do(http.MethodPost, startURL(p)+"recommencer", url.Values{"_csrf": {tokenOfA}}); res.status != http.StatusForbidden {
		t.Errorf("a token of another session: %d, want 403", res.status)
	}
	// And no token at all, or a forged one, is refused too.
	for _, token := range []string{"", "forged", strings.Repeat("A", len(tokenOfA))} {
		if res := b.do(http.MethodPost, startURL(p)+"recommencer", url.Values{"_csrf": {token}}); res.status != http.StatusForbidden {
			t.Errorf("token %q: %d, want 403", token, res.status)
		}
	}
}
