package web

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// gzipBomb is n bytes of zeros, gzipped: about n/1000 bytes on the wire.
func gzipBomb(t testing.TB, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zero := make([]byte, 1<<20)
	for ; n > 0; n -= len(zero) {
		_, _ = zw.Write(zero[:min(n, len(zero))])
	}
	_ = zw.Close()
	return buf.Bytes()
}

// allocated is how many bytes the process allocated while fn ran.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestCompressedBodiesAreRefused: a request body with a Content-Encoding
// is refused (415) before anything inflates it. The review's request was a
// 1 MB gzip body, 1 GB inflated, that grew the server to 3.9 GB; here a
// 200 kB one (200 MB inflated) must cost the server almost nothing.
func TestCompressedBodiesAreRefused(t *testing.T) {
	ta := newTestApp(t)
	bomb := gzipBomb(t, 200<<20)
	var deflated bytes.Buffer
	zw := zlib.NewWriter(&deflated)
	_, _ = zw.Write([]byte("_csrf=x&message=bonjour"))
	_ = zw.Close()
	for _, tt := range []struct {
		path, encoding string
		body           []byte
	}{
		{"/healthz", "gzip", bomb},
		{"/effacer-mes-reponses", "gzip", bomb},
		{"/demarches/caf-declaration-trimestrielle/etapes/connexion", "GZIP", bomb},
		{"/avis", "deflate", deflated.Bytes()},
		{"/rejoindre", "br", []byte{0x0b, 0x02, 0x80}},
		{"/nowhere", "identity, gzip", bomb},
	} {
		var status int
		alloc := allocated(func() {
			req := httptest.NewRequest(http.MethodPost, tt.path, bytes.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Content-Encoding", tt.encoding)
			res, err := ta.app.Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			status = res.StatusCode
		})
		if status != http.StatusUnsupportedMediaType {
			t.Errorf("POST %s with Content-Encoding %s: %d, want 415", tt.path, tt.encoding, status)
		}
		// The test's own copies of the body are a few hundred kB.
		if alloc > 16<<20 {
			t.Errorf("POST %s with Content-Encoding %s: %d MB allocated", tt.path, tt.encoding, alloc>>20)
		}
	}
}

// multipartBody is a multipart form with the token and one file of size bytes.
func multipartBody(t testing.TB, token, field string, size int) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("_csrf", token)
	part, err := w.CreateFormFile(field, "photo.jpg")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = part.Write(bytes.Repeat([]byte{'%'}, size))
	_ = w.Close()
	return &buf, w.FormDataContentType()
}

// TestMultipartOnlyWhereAFileIsTaken: a multipart body is refused (415) on
// every address that takes no file, whatever its size, and on the upload
// addresses its limit is the page's files (twice their max_size, so that
// a file too heavy meets the site's own refusal), not 12 MB everywhere.
func TestMultipartOnlyWhereAFileIsTaken(t *testing.T) {
	ta := newTestApp(t)
	c := ta.client(t)
	c.get("/")
	for _, path := range []string{"/effacer-mes-reponses", "/avis", "/rejoindre", "/reprendre", "/animer", "/affichage",
		"/demarches/caf-declaration-trimestrielle/etapes/connexion", "/demarches/ants-permis-perte-vol/commencer"} {
		body, ctype := multipartBody(t, c.csrf, "piece", 10)
		req := httptest.NewRequest(http.MethodPost, path, body)
		req.Header.Set("Content-Type", ctype)
		if res := c.send(req); res.status != http.StatusUnsupportedMediaType {
			t.Errorf("multipart POST %s: %d, want 415", path, res.status)
		}
	}

	p := ta.proc(t, "ants-permis-perte-vol")
	var upload string
	var maxSize float64
	for _, st := range p.Steps {
		for _, f := range st.Fields {
			if f.Type == "file" && upload == "" {
				upload, maxSize = stepURL(p, st), f.MaxSize
				for _, g := range st.Fields {
					if g.Type == "file" && g != f {
						maxSize += g.MaxSize
					}
				}
			}
		}
	}
	limit := int(2*maxSize*1e6) + formLimit
	if got := ta.srv.uploadLimitOf(http.MethodPost, upload); got != limit {
		t.Fatalf("upload limit of %s = %d, want %d", upload, got, limit)
	}
	c.begin(p, p.Profiles[0].ID)
	for _, tt := range []struct {
		size int
		want int
	}{
		{limit + 1, http.StatusRequestEntityTooLarge},
		{11_500_000, http.StatusRequestEntityTooLarge},
	} {
		body, ctype := multipartBody(t, c.csrf, "x", tt.size)
		req := httptest.NewRequest(http.MethodPost, upload, body)
		req.Header.Set("Content-Type", ctype)
		if res := c.send(req); res.status != tt.want {
			t.Errorf("multipart POST of %d bytes to %s: %d, want %d", tt.size, upload, res.status, tt.want)
		}
	}
	// Below the limit, the page takes it (a redirect, to itself or on).
	body, ctype := multipartBody(t, c.csrf, "x", 1000)
	req := httptest.NewRequest(http.MethodPost, upload, body)
	req.Header.Set("Content-Type", ctype)
	if res := c.send(req); res.status != http.StatusSeeOther {
		t.Errorf("multipart POST of 1000 bytes to %s: %d, want 303", upload, res.status)
	}
}

// zeros is an endless source of zero bytes that allocates nothing.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// TestParallelUploadsToAFormAddressCostNothing is the review's second
// request: eight parallel multipart posts of 11.5 MB to
// /effacer-mes-reponses took the server from 49 MB to 532 MB. They are
// refused from their headers, before the body is read.
func TestParallelUploadsToAFormAddressCostNothing(t *testing.T) {
	ta := newTestApp(t)
	base := serve(t, ta)
	statuses := make([]int, 8)
	alloc := allocated(func() {
		var wg sync.WaitGroup
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				const size = 11_500_000
				req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, base+"/effacer-mes-reponses",
					io.LimitReader(zeros{}, size))
				req.ContentLength = size
				req.Header.Set("Content-Type", "multipart/form-data; boundary=xxxxxxxx")
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					return // the server may close before the client has sent everything
				}
				statuses[i] = res.StatusCode
				res.Body.Close()
			}()
		}
		wg.Wait()
	})
	for i, s := range statuses {
		if s != 0 && s != http.StatusUnsupportedMediaType {
			t.Errorf("post %d: %d, want 415", i, s)
		}
	}
	if alloc > 24<<20 {
		t.Errorf("eight refused 11.5 MB posts allocated %d MB", alloc>>20)
	}
}

// TestBodiesNeedALengthAndStayForms: a form over 64 kB is refused (413)
// from its Content-Length; a chunked body, whose length is unknown, is
// refused (411).
func TestBodiesNeedALengthAndStayForms(t *testing.T) {
	ta := newTestApp(t)
	c := ta.client(t)
	c.get("/")
	big := url.Values{"_csrf": {c.csrf}, "commentaire": {strings.Repeat("a", formLimit)}}.Encode()
	req := httptest.NewRequest(http.MethodPost, "/avis", strings.NewReader(big))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if res := c.send(req); res.status != http.StatusRequestEntityTooLarge {
		t.Errorf("a form of %d bytes: %d, want 413", len(big), res.status)
	}

	base := serve(t, ta)
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /effacer-mes-reponses HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n")
	fmt.Fprintf(conn, "%x\r\n%s\r\n", 8, "_csrf=ab")
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusLengthRequired {
		t.Errorf("a chunked body: %d, want 411", res.StatusCode)
	}
}

// TestAnUnreadBodyIsNotTheNextRequest: fasthttp hands the handlers a body
// of which it has read only the first 8 kB; what a handler leaves unread
// must not be taken for the next request on the connection, or a body
// shaped as a request would be served as one (request smuggling, where a
// proxy shares its connections). Found by TestFuzzHTTP.
func TestAnUnreadBodyIsNotTheNextRequest(t *testing.T) {
	ta := newTestApp(t)
	base := serve(t, ta)
	const smuggled = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
	pad := strings.Repeat("a", 8*1024) // what fasthttp reads before the handlers
	p := ta.proc(t, "ants-permis-perte-vol")
	var upload string
	for _, st := range p.Steps {
		for _, f := range st.Fields {
			if f.Type == "file" && upload == "" {
				upload = stepURL(p, st)
			}
		}
	}
	// A multipart form is read up to its last boundary: what follows it
	// (its epilogue) stays unread.
	form, ctype := multipartBody(t, "not-the-token", "x", 9000)
	for _, tt := range []struct {
		name, method, path, ctype, body string
	}{
		{"a body no handler reads (the token is refused from the headers)", "POST", "/avis", "text/plain", pad + smuggled},
		{"a form of an unknown type", "POST", "/reprendre", "application/json", pad + smuggled},
		{"a GET with a body", "GET", "/accessibilite", "", pad + smuggled},
		{"a multipart form read up to its last boundary", "POST", upload, ctype, form.String() + strings.Repeat("\r\n", 3000) + smuggled},
	} {
		t.Run(tt.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s",
				tt.method, tt.path, tt.ctype, len(tt.body), tt.body)
			fmt.Fprint(conn, "GET /glossaire HTTP/1.1\r\nHost: x\r\n\r\n")
			r := bufio.NewReader(conn)
			first, err := http.ReadResponse(r, nil)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, first.Body)
			first.Body.Close()
			// The next answer is the glossary's, or none (the connection
			// closed): never the smuggled request's.
			next, err := http.ReadResponse(r, nil)
			if err != nil {
				return
			}
			body, _ := io.ReadAll(next.Body)
			next.Body.Close()
			if next.StatusCode != http.StatusOK || !strings.Contains(string(body), "<html") {
				t.Errorf("after %s %s (%d), the next answer is %d %q: the body's end was taken for a request",
					tt.method, tt.path, first.StatusCode, next.StatusCode, body[:min(len(body), 80)])
			}
		})
	}
}
