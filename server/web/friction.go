package web

import (
	"cmp"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/store"
)

// frictionTop is how many rows the errors and help charts show.
const frictionTop = 10

// frictionComments is how many of the latest comments are shown.
const frictionComments = 20

// frictionChart is one chart of the friction page and its data table.
type frictionChart struct {
	ID, Title string
	SVG       template.HTML
	Rows      []bar
	// Head names the table's columns: the label, the detail (if any), the count.
	Head []string
}

type frictionPage struct {
	*Page
	Days     int
	Empty    bool
	Charts   []frictionChart
	Comments []commentView
}

type commentView struct {
	Day, Place, Rating, Text string
	GaveUp                   bool
}

// frictions is a procedure's friction page: where learners stop, which
// fields refuse them, which steps need help, what they think. Anonymous
// counters only, over the retention.
func (s *server) frictions(c *fiber.Ctx) error {
	p, err := s.procedure(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	counts, err := s.Store.Counts(ctx, p.ID, s.Engine.Now().Add(-s.Retention))
	if err != nil {
		return err
	}
	comments, err := s.Store.Comments(ctx, p.ID, frictionComments)
	if err != nil {
		return err
	}
	page := s.newPage(c, p)
	page.Title = page.T("frictions.title", "Title", p.Title)
	fp := &frictionPage{Page: page, Days: int(s.Retention.Hours() / 24), Empty: len(counts) == 0 && len(comments) == 0}
	sums := map[[3]string]int{} // step, kind, key
	for _, ct := range counts {
		sums[[3]string{ct.Step, ct.Kind, ct.Key}] += ct.N
	}
	place := func(id string) string { return placeName(page, p, id) }
	t := page.T

	var funnel []bar
	for _, st := range p.Steps {
		funnel = append(funnel, bar{Label: st.Title.Source, French: true, N: sums[[3]string{st.ID, store.CountReached, ""}]})
	}
	funnel = append(funnel, bar{Label: t("frictions.submitted"), N: sums[[3]string{"", store.CountSubmitted, ""}]})
	fp.add("parcours", t("frictions.funnel"), funnel, t("frictions.col_step"), "", t("frictions.col_learners"))

	var refused, help, gaveUp, warned, confirmed []bar
	ratings := make([]bar, ratings)
	for i := range ratings {
		ratings[i].Label = t("feedback.rating_" + strconv.Itoa(i+1))
	}
	for k, n := range sums {
		switch k[1] {
		case store.CountRefused:
			label, french := t("frictions.whole_step"), false
			if f := p.Field(k[2]); f != nil {
				label, french = f.Label.Source, true
			}
			refused = append(refused, bar{Label: label, Detail: place(k[0]), N: n, French: french})
		case store.CountHelp, store.CountHint:
			help = addTo(help, place(k[0]), n)
		case store.CountWarned, store.CountConfirmed:
			label, french := k[2], false
			if c := checkOf(p, k[0], k[2]); c != nil {
				label, french = c.Message.Source, true
			}
			row := bar{Label: label, Detail: place(k[0]), N: n, French: french}
			if k[1] == store.CountWarned {
				warned = append(warned, row)
			} else {
				confirmed = append(confirmed, row)
			}
		case store.CountGaveUp:
			gaveUp = append(gaveUp, bar{Label: place(k[0]), N: n})
		case store.CountRating:
			if r, err := strconv.Atoi(k[2]); err == nil && r >= 1 && r <= len(ratings) {
				ratings[r-1].N += n
			}
		}
	}
	fp.add("erreurs", t("frictions.errors"), top(refused), t("frictions.col_field"), t("frictions.col_step"), t("frictions.col_refusals"))
	fp.add("aide", t("frictions.help"), top(help), t("frictions.col_step"), "", t("frictions.col_help"))
	fp.add("avertissements", t("frictions.warned"), top(warned), t("frictions.col_warning"), t("frictions.col_step"), t("frictions.col_warned"))
	fp.add("confirmes", t("frictions.confirmed"), top(confirmed), t("frictions.col_warning"), t("frictions.col_step"), t("frictions.col_confirmed"))
	fp.add("notes", t("frictions.ratings"), ratings, t("frictions.col_rating"), "", t("frictions.col_answers"))
	fp.add("arrets", t("frictions.gave_up"), top(gaveUp), t("frictions.col_page"), "", t("frictions.col_answers"))

	for _, cm := range comments {
		cv := commentView{Day: cm.Day.Format("02/01/2006"), Place: place(cm.Step), Text: cm.Text, GaveUp: cm.GaveUp}
		if cm.Rating >= 1 && cm.Rating <= len(ratings) {
			cv.Rating = ratings[cm.Rating-1].Label
		}
		fp.Comments = append(fp.Comments, cv)
	}
	return s.render(c, "frictions", fp, nil)
}

// add puts a chart on the page, when it has something to show.
func (fp *frictionPage) add(id, title string, rows []bar, head ...string) {
	total := 0
	for _, r := range rows {
		total += r.N
	}
	if total == 0 {
		return
	}
	fp.Charts = append(fp.Charts, frictionChart{ID: id, Title: title, SVG: barChart(title, rows), Rows: rows, Head: head})
}

// addTo adds n to the row labelled label, or appends one.
func addTo(rows []bar, label string, n int) []bar {
	for i := range rows {
		if rows[i].Label == label {
			rows[i].N += n
			return rows
		}
	}
	return append(rows, bar{Label: label, N: n})
}

// top sorts rows by count, then label, and keeps the first frictionTop.
func top(rows []bar) []bar {
	slices.SortFunc(rows, func(a, b bar) int {
		return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Label, b.Label), cmp.Compare(a.Detail, b.Detail))
	})
	return rows[:min(len(rows), frictionTop)]
}

// placeName names where a count was made: a step's title, or the page.
func placeName(page *Page, p *procedure.Procedure, id string) string {
	if st := p.Step(id); st != nil {
		return st.Title.Source
	}
	switch id {
	case "", "accueil", "recapitulatif", "recepisse", "suivi", "papiers", "pour-de-vrai", "indisponible",
		"session-expiree", "connexion", "telephone", "compte", "messagerie", "identipass":
		return page.T("frictions.page." + strings.ReplaceAll(cmp.Or(id, "accueil"), "-", "_"))
	}
	return id
}

// checkOf is the check id of step sid, or nil.
func checkOf(p *procedure.Procedure, sid, id string) *procedure.Check {
	st := p.Step(sid)
	if st == nil {
		return nil
	}
	for _, c := range st.Checks {
		if c.ID == id {
			return c
		}
	}
	return nil
}
