package web

import (
	"bytes"
	"io"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// Request bodies are read only once checked. The server hands a body to
// the handlers unread (fiber.Config.StreamRequestBody), and checkBody
// decides from the headers alone, before anything reads it:
//   - a compressed body (any Content-Encoding) is refused: Fiber would
//     inflate it in memory with no limit;
//   - a body without a length (chunked) is refused: browsers send the
//     length of a form, and a limit needs it;
//   - a form is at most formLimit;
//   - a multipart body is accepted only where a procedure takes an upload,
//     up to twice the largest files that page allows (uploadLimitOf);
//   - what the handlers leave unread is dropped (dropUnread).
const (
	formLimit = 64 * 1024
	// serverBodyLimit is fasthttp's own ceiling; checkBody's limits are
	// all below it. It stays under fasthttp's 16 MB in-memory threshold,
	// so that an upload is never written to disk.
	serverBodyLimit = 15 * 1024 * 1024
)

func (s *server) checkBody(c *fiber.Ctx) error {
	h := &c.Request().Header
	if len(bytes.TrimSpace(h.Peek(fiber.HeaderContentEncoding))) > 0 {
		return refuseBody(c, fiber.StatusUnsupportedMediaType, "compressed request bodies are not accepted")
	}
	n := h.ContentLength()
	if n == -1 {
		return refuseBody(c, fiber.StatusLengthRequired, "a request body needs a Content-Length")
	}
	if n <= 0 {
		return c.Next()
	}
	limit := formLimit
	if isMultipart(c) {
		limit = s.uploadLimitOf(c.Method(), c.Path())
		if limit == 0 {
			return refuseBody(c, fiber.StatusUnsupportedMediaType, "this address takes no file")
		}
	}
	if n > limit {
		return refuseBody(c, fiber.StatusRequestEntityTooLarge, "the request body is too large")
	}
	defer dropUnread(c) // after a panic too
	return c.Next()
}

// dropUnread reads and drops what the handlers left of the body: fasthttp
// reads its first 8 kB before them, and would take the rest for the next
// request on the connection, so that a body shaped as a request would be
// served as one (request smuggling, behind a proxy that shares its
// connections). A handler leaves a body unread when it refuses it from the
// headers (no token in a body that is not a form), when it takes none (a
// GET), or reads it in part (a multipart form, up to its last boundary).
// Beyond formLimit, or when the rest does not come, the connection closes
// instead.
func dropUnread(c *fiber.Ctx) {
	rest := c.Request().BodyStream()
	if rest == nil {
		return
	}
	if _, err := io.CopyN(io.Discard, rest, formLimit); err != io.EOF {
		c.Context().SetConnectionClose()
	}
}

// refuseBody answers without reading the body; the connection then closes,
// since the unread body would otherwise be taken for the next request.
func refuseBody(c *fiber.Ctx, code int, why string) error {
	c.Context().SetConnectionClose()
	return fiber.NewError(code, why)
}

func isMultipart(c *fiber.Ctx) bool {
	return strings.HasPrefix(utils.UnsafeString(c.Request().Header.ContentType()), fiber.MIMEMultipartForm)
}

// uploadLimitOf is the largest multipart body the request's address takes:
// twice the files of the step, or of the document the follow-up asks for,
// at their max_size, plus the form around them; 0 where no file is taken.
// Twice, because a file too heavy is one of the traps: a phone's photo of
// up to twice the size meets the site's own refusal, in its words; beyond,
// the sandbox's "too large" page. The two addresses are those of the
// route table's stepSave and dossierAnswer.
func (s *server) uploadLimitOf(method, path string) int {
	if method != fiber.MethodPost {
		return 0
	}
	rest, ok := strings.CutPrefix(path, "/demarches/")
	if !ok {
		return 0
	}
	procID, page, _ := strings.Cut(rest, "/")
	p := s.a().procs[procID]
	if p == nil {
		return 0
	}
	var mo float64
	switch stepID, isStep := strings.CutPrefix(page, "etapes/"); {
	case isStep:
		st := p.Step(stepID)
		if st == nil {
			return 0
		}
		for _, f := range st.Fields {
			if f.Type == "file" {
				mo += f.MaxSize
			}
		}
	case page == "suivi/piece":
		mo = largestRequest(p)
	}
	if mo == 0 {
		return 0
	}
	return min(int(2*mo*1e6)+formLimit, serverBodyLimit)
}

// largestRequest is the largest document p's follow-up may ask for, in Mo.
func largestRequest(p *procedure.Procedure) float64 {
	if p.FollowUp == nil {
		return 0
	}
	var mo float64
	for _, e := range p.FollowUp.Events {
		if e.Request != nil {
			mo = max(mo, e.Request.MaxSize)
		}
	}
	return mo
}
