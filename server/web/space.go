package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/store"
)

type spacePage struct {
	*Page
	Dossiers []spaceRow
}

// spaceRow is one procedure the learner has started, submitted or not.
type spaceRow struct {
	Title, Organisation string
	// Status is the simulated site's wording of the status (French); empty for a draft.
	Status string
	Number string
	// Draft is set before submission; Resume is where it goes on.
	Draft  bool
	Resume string
	// Missed is the consequence of a draft past its deadline (French).
	Missed string
	// Dossier is the dossier page, when the procedure has a follow-up.
	Dossier string
	Receipt string
	Unread  int
	// Documents are the documents the dossier has received so far.
	Documents []producedLink
}

// space is "Mon espace": every dossier of the learner's browser session,
// in all procedures, with its status, its unread messages, or, for a
// draft, where to resume and what the missed deadline has caused.
func (s *server) space(c *fiber.Ctx) error {
	page := s.newPage(c, nil)
	page.Title = page.T("space.title")
	sp := &spacePage{Page: page}
	if id := sessionID(c); id != "" {
		sess, err := s.Store.Get(c.UserContext(), id)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		for _, p := range s.a().list {
			if sess == nil || sess.Attempts[p.ID] == nil {
				continue
			}
			a := sess.Attempts[p.ID]
			row := spaceRow{Title: p.Title, Organisation: page.T("organisation." + p.Organisation), Draft: a.Receipt == nil}
			if row.Draft {
				row.Resume = resumeURL(s.Engine.Eval(p, a))
			} else {
				row.Number, row.Receipt = a.Receipt.Number, receiptURL(p)
				if row.Documents, err = s.producedLinks(p, a); err != nil {
					return err
				}
			}
			d, err := s.Engine.Dossier(p, a)
			if err != nil {
				return err
			}
			if d != nil {
				row.Dossier, row.Unread = dossierURL(p), d.Unread
				row.Status = statusLabel(page, d)
				if d.Missed != nil {
					row.Missed = d.Missed.Title
				}
			}
			sp.Dossiers = append(sp.Dossiers, row)
		}
	}
	return s.render(c, "space", sp, nil)
}
