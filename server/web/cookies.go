package web

import (
	"time"

	"github.com/gofiber/fiber/v2"
)

// The sandbox's cookies. None holds an answer: the session cookie is a
// random id, the others hold choices (language, display, translation) or
// the secret the forms' tokens are made from.
const (
	sessionCookie     = "repetition_session"
	csrfCookie        = "repetition_csrf"
	langCookie        = "repetition_langue"
	displayCookie     = "repetition_affichage"
	translationCookie = "repetition_traduction"
)

// yearLong is how long a choice of the learner's is remembered.
const yearLong = 365 * 24 * time.Hour

// overTLS reports whether the request came over HTTPS: served with a
// certificate, or through a proxy named by -trusted-proxy that says so
// (Fiber reads X-Forwarded-Proto only from trusted proxies).
func overTLS(c *fiber.Ctx) bool { return c.Protocol() == "https" }

// cookieName is the name a cookie has on this request: under TLS it takes
// the __Host- prefix, which browsers accept only on a Secure cookie of the
// whole site set by the site itself, so that a neighbouring subdomain or a
// plain-HTTP page cannot plant it.
func cookieName(c *fiber.Ctx, name string) string {
	if overTLS(c) {
		return "__Host-" + name
	}
	return name
}

// setCookie sets one of the sandbox's cookies for the whole site: HttpOnly,
// SameSite=Lax, Secure under TLS. A zero life makes it last as long as the
// browser stays open.
func setCookie(c *fiber.Ctx, name, value string, life ...time.Duration) {
	ck := &fiber.Cookie{
		Name: cookieName(c, name), Value: value, Path: "/",
		HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode, Secure: overTLS(c),
		SessionOnly: len(life) == 0,
	}
	if len(life) > 0 {
		ck.MaxAge = int(life[0].Seconds())
	}
	c.Cookie(ck)
}

// clearCookie erases one of the sandbox's cookies.
func clearCookie(c *fiber.Ctx, name string) {
	c.Cookie(&fiber.Cookie{Name: cookieName(c, name), Value: "", Path: "/", Expires: time.Unix(1, 0),
		HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode, Secure: overTLS(c)})
}

// cookie reads one of the sandbox's cookies under its name for this request.
func cookie(c *fiber.Ctx, name string) string { return c.Cookies(cookieName(c, name)) }
