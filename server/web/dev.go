package web

import (
	"fmt"
	"hash/fnv"
	"io/fs"
	"time"

	"github.com/repetition-demarches/repetition/server/check"
	"github.com/repetition-demarches/repetition/server/glossary"
)

// Development mode: the folders on disk are watched and, when a file
// changes, procedures, locales and themes are loaded again. A part that
// fails to load keeps its previous version (a broken procedure is left out
// and the others keep serving) and its problems are shown on every page.

var watched = []string{"procedures", "themes", "locales", "content"}

// watch polls the folders every half second until done is closed. Polling
// needs no dependency and is cheap for a few hundred files.
// last is the fingerprint of what was loaded, taken before the watch
// starts so that no change made in between is missed.
func (s *server) watch(last uint64, done <-chan struct{}) {
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
			if now := fingerprint(s.Themes); now != last {
				last = now
				s.reload()
			}
		}
	}
}

// fingerprint sums the names, sizes and times of the watched files.
func fingerprint(fsys fs.FS) uint64 {
	h := fnv.New64a()
	for _, dir := range watched {
		_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if info, err := d.Info(); err == nil {
				fmt.Fprintf(h, "%s %d %d\n", p, info.Size(), info.ModTime().UnixNano())
			}
			return nil
		})
	}
	return h.Sum64()
}

// reload loads everything again from disk and publishes the result. The
// problems shown are everything `check` reports (loading, profiles,
// scenarios, plain words, papers, locales, themes), in the authoring
// language, so that the box and the command never disagree.
func (s *server) reload() {
	prev := s.a()
	r := s.checker.Procedures(s.Themes, "procedures")
	lang := s.AuthoringLang
	var shown []string
	for _, p := range r.Problems {
		shown = append(shown, p.In(lang))
	}
	locales, problems := check.Locales(s.Themes)
	for _, p := range problems {
		shown = append(shown, p.In(lang))
	}
	if locales == nil {
		locales = prev.locales
	}
	th, err := loadThemes(s.Themes, "themes")
	if err != nil {
		shown = append(shown, err.Error())
		th = prev.themes
	}
	next := newAssets(r.Procedures, locales, th)
	next.problems = shown
	next.content, next.glossary = prev.content, prev.glossary
	if gloss, err := glossary.Load(s.Themes); err == nil {
		next.glossary = gloss
	} else {
		next.problems = append(next.problems, err.Error())
	}
	if pages, err := loadContent(s.Themes); err == nil {
		next.content = pages
	} else {
		next.problems = append(next.problems, err.Error())
	}
	s.cur.Store(next)
	s.Logger.Info("reloaded", "procedures", len(r.Procedures), "checked_again", len(r.Rechecked), "problems", len(shown))
}
