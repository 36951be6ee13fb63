package web

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/store"
)

// maxComment is the longest comment kept, in characters.
const maxComment = 500

// ratings is the scale of "Donner mon avis", from hard to easy.
const ratings = 4

// feedbackView is the "Donner mon avis" box under every page of a
// procedure: a form of its own, after the page's, posted to /avis.
type feedbackView struct {
	// Return is the page to come back to (its address without avis=).
	Return string
	// Status is what the last post gave: "merci", or a problem
	// ("vide", "invalide", "invisible"); the box opens on a problem.
	Status string
	// Step is set on a step page: the box's fields then belong to the
	// step's form (the form attribute), so that sending an opinion keeps
	// what the learner typed on the page.
	Step    bool
	Ratings []int
}

// feedbackFor prepares the box on a page of procedure p.
func feedbackFor(c *fiber.Ctx, p *procedure.Procedure) *feedbackView {
	if p == nil {
		return nil
	}
	u, err := url.Parse(string(c.Request().URI().RequestURI()))
	if err != nil {
		return nil
	}
	q := u.Query()
	status := q.Get("avis")
	q.Del("avis")
	u.RawQuery = q.Encode()
	proc, kind, _ := feedbackPlace(u.Path)
	if proc != p.ID || !feedbackPages[kind] {
		return nil // the author's pages (parcours, frictions, apercu) have no box
	}
	return &feedbackView{Return: u.RequestURI(), Status: status, Step: kind == "etapes", Ratings: []int{1, 2, 3, 4}}
}

// feedbackPlace splits a page address of a procedure into the procedure,
// the kind of page (its first segment after the procedure, "" for the
// start page) and the step or page name counted.
func feedbackPlace(path string) (proc, kind, place string) {
	rest, ok := strings.CutPrefix(path, "/demarches/")
	if !ok {
		return "", "", ""
	}
	proc, rest, _ = strings.Cut(rest, "/")
	kind, rest, _ = strings.Cut(rest, "/")
	place = kind
	if kind == "etapes" {
		place, _, _ = strings.Cut(rest, "/")
	}
	if place == "" {
		place = "accueil"
	}
	return proc, kind, place
}

// feedbackPages are the pages of a procedure that carry the box.
var feedbackPages = map[string]bool{
	"": true, "etapes": true, "recapitulatif": true, "recepisse": true, "suivi": true, "papiers": true,
	"pour-de-vrai": true, "indisponible": true, "session-expiree": true, "connexion": true, "telephone": true,
	"compte": true, "messagerie": true, "identipass": true,
}

// feedbackSave keeps an opinion: the rating and "I am stopping here" as
// anonymous counters, the comment (if any) until the retention. Nothing
// links it to the learner's session. It comes back to the page.
func (s *server) feedbackSave(c *fiber.Ctx) error {
	ret := localPath(c.FormValue("retour"))
	proc, kind, place := feedbackPlace(strings.SplitN(ret, "?", 2)[0])
	p := s.a().procs[proc]
	if p == nil || !feedbackPages[kind] || (kind == "etapes" && p.Step(place) == nil) {
		return fiber.ErrBadRequest
	}
	if kind == "etapes" {
		// Sent with the step's own form: what the learner typed there is
		// kept, unjudged, as "Besoin d'aide ?" does.
		if err := s.keepTyped(c, p, p.Step(place)); err != nil {
			return err
		}
	}
	rating, err := strconv.Atoi(c.FormValue("note", "0"))
	comment := strings.TrimSpace(c.FormValue("commentaire"))
	gaveUp := c.FormValue("arret") != ""
	switch {
	case err != nil || rating < 0 || rating > ratings || !utf8.ValidString(comment) ||
		utf8.RuneCountInString(comment) > maxComment:
		return seeOther(c, withFeedbackStatus(ret, "invalide"))
	case strings.ContainsFunc(comment, invisible):
		// Shown on the friction pages, it would read differently from what it is.
		return seeOther(c, withFeedbackStatus(ret, "invisible"))
	case rating == 0 && comment == "" && !gaveUp:
		return seeOther(c, withFeedbackStatus(ret, "vide"))
	}
	var counts []store.Count
	if rating > 0 {
		counts = append(counts, store.Count{Procedure: p.ID, Step: place, Kind: store.CountRating, Key: strconv.Itoa(rating), N: 1})
	}
	if gaveUp {
		counts = append(counts, store.Count{Procedure: p.ID, Step: place, Kind: store.CountGaveUp, N: 1})
	}
	ctx := c.UserContext()
	if err := s.Store.AddCounts(ctx, counts); err != nil {
		return err
	}
	if comment != "" {
		err := s.Store.AddComment(ctx, store.Comment{Procedure: p.ID, Step: place, Rating: rating, GaveUp: gaveUp, Text: utils.CopyString(comment)})
		if err != nil {
			return err
		}
	}
	return seeOther(c, withFeedbackStatus(ret, "merci"))
}

// keepTyped keeps the answers typed on step st, when the opinion was sent
// with the step's form, without judging them.
func (s *server) keepTyped(c *fiber.Ctx, p *procedure.Procedure, st *procedure.Step) error {
	if c.FormValue(csrfField) == "" || sessionID(c) == "" {
		return nil
	}
	form, err := formValues(c, st)
	if err != nil {
		return err
	}
	err = s.updateAttempt(c, p, func(a *engine.Attempt) error {
		if a.Receipt != nil || !s.Engine.Eval(p, a).MayOpen(st) {
			return errNotSaved
		}
		s.Engine.Keep(p, a, st, form)
		return nil
	})
	if errors.Is(err, errNotSaved) || errors.Is(err, errNoAttempt) {
		return nil
	}
	return err
}

// withFeedbackStatus is the page's address with avis=status, scrolled to the box.
func withFeedbackStatus(path, status string) string {
	u, err := url.Parse(path)
	if err != nil {
		return "/"
	}
	q := u.Query()
	q.Set("avis", status)
	u.RawQuery = q.Encode()
	u.Fragment = "avis"
	return u.String()
}

// feedbackLimits keeps a script from filling the comments: 60 opinions a
// minute from one address is more than a room of learners sends.
func feedbackLimits() []fiber.Handler {
	return []fiber.Handler{limiter.New(limiter.Config{
		Max: 60, Expiration: time.Minute,
		LimitReached: tooMany,
	})}
}
