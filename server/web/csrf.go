package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"io"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
)

// Every form carries a token that only this site can make: an HMAC, under
// the site's form key (Config.FormKey), of a random secret held in the
// browser's csrf cookie and of the session id the page was drawn for. A
// page from another site cannot read the cookie, so it cannot make the
// token; a token drawn for one session is refused with another. Nothing
// is stored: drawing a page writes nothing, and a token stays valid as long
// as the cookie and the session do (across a restart, when the key is kept
// in the database).

// csrfField is the hidden field of every form that holds the token.
const csrfField = "_csrf"

// formSecretLen is the length of the cookie's secret, 16 random bytes in
// URL-safe base64.
const formSecretLen = 22

// formToken returns the token of the forms of this page, drawing the
// browser's secret when it has none. A page holding a token is not cached.
func (s *server) formToken(c *fiber.Ctx) (string, error) {
	secret, _ := c.Locals(formSecretKey).(string)
	if secret == "" {
		secret = cookie(c, csrfCookie)
		if len(secret) != formSecretLen {
			buf := make([]byte, 16)
			if _, err := io.ReadFull(s.Random, buf); err != nil {
				return "", err
			}
			secret = base64.RawURLEncoding.EncodeToString(buf)
			setCookie(c, csrfCookie, secret)
		} else {
			secret = utils.CopyString(secret)
		}
		c.Locals(formSecretKey, secret)
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return s.tokenOf(secret, sessionID(c)), nil
}

// tokenOf is the token of a browser's secret and session id.
func (s *server) tokenOf(secret, session string) string {
	m := hmac.New(sha256.New, s.FormKey)
	m.Write([]byte(secret))
	m.Write([]byte{0})
	m.Write([]byte(session))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// checkForm refuses a request that changes something (any method but GET,
// HEAD, OPTIONS and TRACE) unless its body carries the token of the
// browser's secret and session. The token is read from the body only,
// never from the address, where it would be logged and leaked by the
// Referer; checkBody has already refused bodies of the wrong size or kind.
func (s *server) checkForm(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions, fiber.MethodTrace:
		return c.Next()
	}
	secret := cookie(c, csrfCookie)
	sent := postedToken(c)
	if len(secret) != formSecretLen || sent == "" ||
		!hmac.Equal([]byte(sent), []byte(s.tokenOf(secret, sessionID(c)))) {
		return fiber.NewError(fiber.StatusForbidden, "the form's token is missing or is not this browser's")
	}
	return c.Next()
}

// postedToken is the token field of the request's body.
func postedToken(c *fiber.Ctx) string {
	if isMultipart(c) {
		form, err := c.MultipartForm()
		if err != nil || len(form.Value[csrfField]) != 1 {
			return ""
		}
		return form.Value[csrfField][0]
	}
	return string(c.Request().PostArgs().Peek(csrfField))
}
