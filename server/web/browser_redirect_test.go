package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestRedirectsStayOnSiteInBrowser: Chromium drops a tab inside an
// address, so a language switch answering "Location: /\t/host/" would
// take the learner to //host/, another site. Here the other site is real
// (a second server on this machine), so that leaving would show.
func TestRedirectsStayOnSiteInBrowser(t *testing.T) {
	bt := needBrowser(t, false)
	ta := newTestApp(t)
	base := serve(t, ta)
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<!doctype html><title>ailleurs</title><p>Another site")
	}))
	t.Cleanup(elsewhere.Close)
	other := strings.TrimPrefix(elsewhere.URL, "http://")
	browser := startBrowser(t, bt)
	for _, retour := range []string{"/%09/" + other + "/", "/%09%09/" + other + "/x", "/%09/evil.example/"} {
		tb := newTab(t, browser, base, "")
		// Every page the tab asks for, redirects included: a host that does
		// not resolve fails the navigation, and a page of another site runs
		// in another process, so the history alone would not tell.
		var mu sync.Mutex
		var asked []string
		listenErr := chromedp.Listen(tb.ctx, func(ev any) {
			if e, ok := ev.(*network.EventRequestWillBeSent); ok && e.Type == network.ResourceTypeDocument {
				mu.Lock()
				asked = append(asked, e.Request.URL)
				mu.Unlock()
			}
		})
		if listenErr != nil {
			t.Fatal(listenErr)
		}
		ctx, cancel := context.WithTimeout(tb.ctx, actionTimeout)
		res, err := chromedp.Run(ctx, chromedp.NavigateResponse(base+"/langue/en?retour="+retour))
		cancel()
		mu.Lock()
		for _, a := range asked {
			if u, perr := url.Parse(a); perr != nil || "http://"+u.Host != base {
				t.Errorf("retour=%s: the browser left the sandbox (%s) for %s", retour, base, a)
			}
		}
		mu.Unlock()
		if err != nil || res == nil || res.Status != http.StatusOK {
			t.Errorf("retour=%s: the language switch did not end on a page of the sandbox (%v)", retour, err)
			continue
		}
		if lang := eval[string](tb, `document.documentElement.lang`); lang != "en" {
			t.Errorf("retour=%s: the page at %s is in %q, want en", retour, tb.path(), lang)
		}
	}
}
