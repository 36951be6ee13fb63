package web

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// rawRequest sends bytes as they are to the server and reads the answer.
func rawRequest(t *testing.T, base, raw string) *http.Response {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := fmt.Fprint(conn, raw); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

// TestProtocolErrorsCarryTheSecurityHeaders: what fasthttp answers itself
// (headers too large, a request it cannot parse) and what checkBody
// refuses carry the same security headers as the pages.
func TestProtocolErrorsCarryTheSecurityHeaders(t *testing.T) {
	ta := newTestApp(t)
	base := serve(t, ta)
	for _, tt := range []struct {
		name, raw string
		status    int
	}{
		{"headers too large", "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 9000) + "\r\n\r\n", http.StatusRequestHeaderFieldsTooLarge},
		{"unparsable", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n", http.StatusBadRequest},
		{"body too large", "POST /avis HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 9999999\r\n\r\n" + strings.Repeat("a", 8192), http.StatusRequestEntityTooLarge},
		{"compressed", "POST /avis HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabc", http.StatusUnsupportedMediaType},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := rawRequest(t, base, tt.raw)
			if res.StatusCode != tt.status {
				t.Errorf("status %d, want %d", res.StatusCode, tt.status)
			}
			for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "X-Robots-Tag"} {
				if res.Header.Get(h) == "" {
					t.Errorf("no %s", h)
				}
			}
			if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q on a page holding a form token", cc)
			}
		})
	}
}

// TestEveryPageWithATokenIsNotStored: every answer holding a form token,
// the error pages included, says Cache-Control: no-store.
func TestEveryPageWithATokenIsNotStored(t *testing.T) {
	ta := newTestApp(t)
	c := ta.client(t)
	p := ta.proc(t, "ants-permis-perte-vol")
	for _, path := range []string{"/", "/nulle-part", "/demarches/inconnue/", startURL(p), "/glossaire", "/reprendre", "/rejoindre", "/animer", "/accessibilite", "/affichage", "/demarches/" + p.ID + "/frictions"} {
		res := c.get(path)
		if !strings.Contains(res.body, `name="_csrf"`) {
			continue
		}
		if cc := res.header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("GET %s (%d) holds a form token with Cache-Control %q", path, res.status, cc)
		}
	}
}

// TestTLSOnlyFromTrustedProxies: X-Forwarded-Proto is believed only from
// the proxies named in the configuration. From one of them, cookies take
// the __Host- prefix and the Secure flag, and HSTS is sent; from anyone
// else, the header changes nothing.
func TestTLSOnlyFromTrustedProxies(t *testing.T) {
	p := "/demarches/ants-permis-perte-vol/"
	get := func(ta *testApp) *http.Response {
		req := httptest.NewRequest(http.MethodGet, p, nil)
		req.Header.Set("X-Forwarded-Proto", "https")
		res, err := ta.app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	untrusted := get(newTestApp(t))
	if h := untrusted.Header.Get("Strict-Transport-Security"); h != "" {
		t.Errorf("HSTS from an untrusted X-Forwarded-Proto: %q", h)
	}
	for _, ck := range untrusted.Cookies() {
		if ck.Secure || strings.HasPrefix(ck.Name, "__Host-") {
			t.Errorf("cookie %s made secure by an untrusted X-Forwarded-Proto", ck.Name)
		}
	}

	// Beginning an attempt through an untrusted "https" sets a plain cookie.
	ta := newTestApp(t)
	c := ta.client(t)
	c.header.Set("X-Forwarded-Proto", "https")
	c.header.Set("Referer", "https://example.com"+p) // app.Test's host
	c.get(p)
	res := c.post(p+"commencer", url.Values{"profil": {"sophie"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("commencer: %d", res.status)
	}
	for _, line := range res.header.Values("Set-Cookie") {
		if strings.Contains(line, sessionCookie) && (strings.Contains(strings.ToLower(line), "secure") || strings.HasPrefix(line, "__Host-")) {
			t.Errorf("session cookie from an untrusted X-Forwarded-Proto: %s", line)
		}
	}

	// app.Test's requests come from 0.0.0.0.
	trusted := get(newTestApp(t, func(c *Config) { c.TrustedProxies = []string{"0.0.0.0"} }))
	if h := trusted.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(h, "max-age=") {
		t.Errorf("no HSTS behind a trusted TLS proxy: %q", h)
	}
	if len(trusted.Cookies()) == 0 {
		t.Fatal("no cookie to check")
	}
	for _, ck := range trusted.Cookies() {
		if !ck.Secure || !strings.HasPrefix(ck.Name, "__Host-") || ck.Path != "/" || ck.Domain != "" {
			t.Errorf("cookie under TLS: %s secure=%v path=%q domain=%q", ck.Name, ck.Secure, ck.Path, ck.Domain)
		}
	}
}

// TestTLSCookiesWork: under TLS the prefixed cookies are the ones read: a
// learner behind the trusted proxy begins and goes on.
func TestTLSCookiesWork(t *testing.T) {
	ta := newTestApp(t, func(c *Config) { c.TrustedProxies = []string{"0.0.0.0"} })
	c := ta.client(t)
	c.header.Set("X-Forwarded-Proto", "https")
	p := ta.proc(t, "ants-permis-perte-vol")
	c.get(startURL(p))
	c.post(startURL(p)+"commencer", url.Values{"profil": {p.Profiles[0].ID}})
	if c.cookies["__Host-"+sessionCookie] == "" || c.cookies[sessionCookie] != "" {
		t.Fatalf("cookies under TLS: %v", c.cookies)
	}
	if a := ta.attemptOfID(t, c.cookies["__Host-"+sessionCookie], p.ID); a == nil {
		t.Fatal("the attempt begun under TLS is not in the session the browser holds")
	}
}
