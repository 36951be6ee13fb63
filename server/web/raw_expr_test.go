package web

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// noRawExpr fails when a page shows a learner a text whose ${ } was not
// computed, or a space before a period (noSpaceBeforePeriod).
func noRawExpr(t *testing.T, where, body string) {
	t.Helper()
	noSpaceBeforePeriod(t, where, body)
	if i := strings.Index(body, "${"); i >= 0 {
		t.Errorf("%s shows a raw ${: …%s…", where, body[max(0, i-80):min(len(body), i+80)])
	}
}

// TestNoRawExpressionOnAnyPage renders the pages of every bundled procedure
// that the scenarios do not walk through (TestScenariosThroughTheWeb checks
// each step, the review, the receipt, the dossier and Mon espace after the
// follow-up): the start page, the flow graph, the frictions and "pour de
// vrai" pages, and for every profile the first step with its papers to look
// up, its papers, each paper and Mon espace.
func TestNoRawExpressionOnAnyPage(t *testing.T) {
	ta := newTestApp(t)
	for _, p := range ta.procs {
		c := ta.client(t)
		for _, u := range []string{startURL(p), "/demarches/" + p.ID + "/parcours", "/demarches/" + p.ID + "/frictions", "/demarches/" + p.ID + "/pour-de-vrai"} {
			res := c.get(u)
			if res.status != 200 {
				t.Errorf("%s: status %d", u, res.status)
			}
			noRawExpr(t, u, res.body)
		}
		for _, pr := range p.Profiles {
			c := ta.client(t)
			c.get(startURL(p))
			first := c.follow(c.post(startURL(p)+"commencer", url.Values{"profil": {pr.ID}, "reponses": {"papiers"}}))
			noRawExpr(t, p.ID+"/"+pr.ID+" first page", first.body)
			noRawExpr(t, p.ID+"/"+pr.ID+" papers", c.get(papersURL(p)).body)
			for _, d := range pr.Documents {
				noRawExpr(t, p.ID+"/"+pr.ID+" paper "+d.Key(), c.get(papersURL(p)+"/"+d.Key()).body)
			}
			noRawExpr(t, p.ID+"/"+pr.ID+" Mon espace", c.get("/mon-espace").body)
		}
	}
}

// spaceBeforePeriod finds a word, a number or a closing mark followed by
// spaces and a period that ends a sentence ("envoyé ." for "envoyé."); a
// file extension (".pdf") or an ellipsis is not one.
var spaceBeforePeriod = regexp.MustCompile(`[\pL\d)»"][ \t\n\x{a0}\x{202f}]+\.(?:[\s\x{a0}]|$)`)

var pageTags = regexp.MustCompile(`(?s)<(script|style)\b.*?</(script|style)>|<[^>]*>`)

// noSpaceBeforePeriod fails when the text of a page puts a space before a
// period, a typography mistake of a template or a text.
func noSpaceBeforePeriod(t *testing.T, where, body string) {
	t.Helper()
	// Tags dropped between a word and its period leave a space that the
	// page does not show: only a space the page prints counts.
	text := html.UnescapeString(pageTags.ReplaceAllString(body, ""))
	for _, loc := range spaceBeforePeriod.FindAllStringIndex(text, 5) {
		t.Errorf("%s: a space before a period: …%s…", where, strings.TrimSpace(text[max(0, loc[0]-60):loc[1]]))
	}
}
