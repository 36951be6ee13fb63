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
	setSecurityHeaders(c)
	return c.Next()
}

// setSecurityHeaders gives a response the headers every answer of the site
// carries, pages and errors alike (handleError sets them again for the
// errors that fasthttp answers before any middleware runs).
func setSecurityHeaders(c *fiber.Ctx) {
	h := &c.Response().Header
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	if overTLS(c) {
		// A year of HTTPS only; subdomains are the operator's business.
		h.Set(fiber.HeaderStrictTransportSecurity, "max-age=31536000")
	}
}

// language picks the learner's language once per request: the cookie set
// by the language switch, else the Accept-Language header.
func (s *server) language(c *fiber.Ctx) error {
	lang := s.a().locales.Match(cookie(c, langCookie), c.Get(fiber.HeaderAcceptLanguage))
	c.Locals(langKey, lang)
	return c.Next()
}

type localsKey int

const (
	langKey localsKey = iota
	// sessionKey holds the learner's session once a handler has read it.
	sessionKey
	// issuedKey holds the session id issued during this request.
	issuedKey
	// formSecretKey holds the browser's form secret, once read or drawn.
	formSecretKey
)

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
	setSecurityHeaders(c)
	key := "error.internal"
	switch code {
	case fiber.StatusNotFound, fiber.StatusMethodNotAllowed:
		key = "error.not_found"
	case fiber.StatusForbidden:
		key = "error.forbidden"
	case fiber.StatusRequestEntityTooLarge:
		key = "error.too_large"
	case fiber.StatusTooManyRequests:
		key = "error.too_many"
	case fiber.StatusBadRequest, fiber.StatusLengthRequired, fiber.StatusUnsupportedMediaType,
		fiber.StatusRequestHeaderFieldsTooLarge, fiber.StatusRequestTimeout:
		key = "error.bad_request"
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
