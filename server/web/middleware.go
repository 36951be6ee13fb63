package web

import (
	"errors"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/repetition-demarches/repetition/server/schema"
)

// contentSecurityPolicy allows scripts and styles only from the site's own
// files (the optional read-aloud script, the stylesheet): no inline style,
// no inline script.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func securityHeaders(c *fiber.Ctx) error {
	h := &c.Response().Header
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	return c.Next()
}

// limitBody refuses a form body larger than formLimit unless it is an upload.
func limitBody(c *fiber.Ctx) error {
	if len(c.Body()) > formLimit && !strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEMultipartForm) {
		return fiber.ErrRequestEntityTooLarge
	}
	return c.Next()
}

const (
	langCookie    = "repetition_langue"
	sessionCookie = "repetition_session"
)

// language picks the learner's language once per request: the cookie set
// by the language switch, else the Accept-Language header.
func (s *server) language(c *fiber.Ctx) error {
	lang := s.a().locales.Match(c.Cookies(langCookie), c.Get(fiber.HeaderAcceptLanguage))
	c.Locals(langKey, lang)
	return c.Next()
}

type localsKey int

const (
	langKey localsKey = iota
	// sessionKey holds the learner's session once a handler has read it.
	sessionKey
)

func (s *server) csrfFailed(c *fiber.Ctx, err error) error {
	return fiber.NewError(fiber.StatusForbidden, "csrf: "+err.Error())
}

// handleError is the one place that turns errors into pages. Internal
// errors are logged (never with answers) and shown as a friendly page.
func (s *server) handleError(c *fiber.Ctx, err error) error {
	code := fiber.StatusInternalServerError
	var fe *fiber.Error
	if errors.As(err, &fe) {
		code = fe.Code
	}
	if code >= 500 {
		s.Logger.Error("request failed", "method", c.Method(), "path", c.Path(), "err", err)
	}
	key := "error.internal"
	switch code {
	case fiber.StatusNotFound:
		key = "error.not_found"
	case fiber.StatusForbidden:
		key = "error.forbidden"
	case fiber.StatusRequestEntityTooLarge:
		key = "error.too_large"
	case fiber.StatusTooManyRequests:
		key = "error.too_many"
	case fiber.StatusMethodNotAllowed:
		key = "error.not_found"
	}
	page := s.newPage(c, nil)
	page.Title = page.T(key + ".title")
	c.Status(code)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	if rerr := s.a().themes.render(c.Response().BodyWriter(), baseTheme, "error", &errorPage{Page: page, Key: key}); rerr != nil {
		s.Logger.Error("error page failed", "err", rerr)
		return c.SendString(page.T(key + ".title"))
	}
	return nil
}

type errorPage struct {
	*Page
	Key string
}

// schema serves the JSON Schema of the procedure format, for editors.
func (s *server) schema(c *fiber.Ctx) error {
	data, err := schema.Procedure()
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/schema+json")
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	return c.Send(data)
}

func (s *server) healthz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.SendString("ok")
}

// static serves the themes' files, cached for a year: their URLs carry a
// version, so a change gets a new URL.
func (s *server) static(c *fiber.Ctx) error {
	f, ok := s.a().themes.static[c.Path()]
	if !ok {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderContentType, f.contentType)
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set(fiber.HeaderETag, `"`+f.etag+`"`)
	if strings.Contains(c.Get(fiber.HeaderIfNoneMatch), f.etag) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	return c.Send(f.data)
}

// localPath accepts only paths of this site, so a "retour" parameter
// cannot send the learner elsewhere. Browsers drop tabs and line breaks
// inside an address and read a backslash as a slash ("/\t/x" and "/\\x"
// become "//x", another site), so anything but printable ASCII is refused
// before the address is parsed; the site's own addresses arrive
// percent-encoded.
func localPath(p string) string {
	if strings.ContainsFunc(p, func(r rune) bool { return r <= ' ' || r >= 0x7f || r == '\\' }) {
		return "/"
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(p, "/") || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return utils.CopyString(p)
}

// tooMany answers a request over a limiter's figure.
func tooMany(*fiber.Ctx) error { return fiber.ErrTooManyRequests }
