package web

import (
	"net/url"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/repetition-demarches/repetition/server/engine"
)

type mailboxPage struct {
	*Page
	// Email is the practice address; HasMessage is set when the
	// activation message was sent, Read once the account is active.
	Email            string
	HasMessage, Read bool
	Back             string
	// Link is the activation link, on the message's own page.
	Link string
}

func mailboxURL(id string) string { return "/demarches/" + id + "/messagerie" }

// mailbox is the practice mailbox: the inbox, or (?message=activation) the
// activation message with its link. Its messages are drawn from the
// attempt; nothing is ever sent.
func (s *server) mailbox(c *fiber.Ctx) error {
	p, a, err := s.withAttempt(c)
	if err != nil {
		return err
	}
	if a == nil || p.Traps.Account == nil || !p.Traps.Account.ConfirmEmail {
		return c.Redirect(startURL(p), fiber.StatusSeeOther)
	}
	page := s.newPage(c, p)
	mp := &mailboxPage{Page: page, Back: gateURL(p)}
	if l := a.Login; l != nil && l.Created {
		mp.Email, mp.HasMessage, mp.Read = l.Email, true, l.Activated
		if l.Activated && !a.GatePassed(p) {
			mp.Back = gateURL(p)
		}
	}
	if a.GatePassed(p) {
		mp.Back = resumeURL(s.Engine.Eval(p, a))
	}
	if c.Query("message") == "activation" && mp.HasMessage {
		page.Title = page.S("site.mail.subject")
		if l := a.Login; l.Activation != "" {
			mp.Link = "/demarches/" + p.ID + "/compte/activer?cle=" + url.QueryEscape(l.Activation)
		}
		return s.render(c, "mail-message", mp, nil)
	}
	page.Title = page.T("trap.mailbox.title")
	return s.render(c, "mailbox", mp, nil)
}

// activate follows the activation link of the message, then goes back to
// the sign-in page, which says whether the account is active.
func (s *server) activate(c *fiber.Ctx) error {
	p, err := s.procedure(c)
	if err != nil {
		return err
	}
	token := utils.CopyString(c.Query("cle"))
	err = s.updateAttempt(c, p, func(a *engine.Attempt) error {
		if !a.Activate(token) {
			return errNotSaved
		}
		return nil
	})
	return s.afterGate(c, p, gateURL(p), err)
}
