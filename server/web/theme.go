package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"testing/fstest"

	"github.com/gofiber/template/html/v2"
)

// themes holds one template engine per theme. Each theme is themes/base
// with the theme's own files laid over it, path for path, so a theme only
// carries what differs (the html engine has a single namespace per engine,
// so a shared engine could not let two themes define the same page).
type themes struct {
	engines map[string]*html.Engine
	static  map[string]staticFile // by URL path
	css     map[string]string     // theme → URL of its stylesheet, with a version
	js      map[string]string     // theme → URL of its optional script, with a version
	scripts map[string]string     // base theme's scripts by file name → URL with a version
}

type staticFile struct {
	data        []byte
	contentType string
	etag        string
}

const baseTheme = "base"

func loadThemes(fsys fs.FS, dir string) (*themes, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	th := &themes{engines: map[string]*html.Engine{}, static: map[string]staticFile{}, css: map[string]string{}, js: map[string]string{}, scripts: map[string]string{}}
	base, err := readTree(fsys, path.Join(dir, baseTheme))
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		merged := fstest.MapFS{}
		for p, f := range base {
			merged[p] = f
		}
		if name != baseTheme {
			own, err := readTree(fsys, path.Join(dir, name))
			if err != nil {
				return nil, err
			}
			for p, f := range own {
				merged[p] = f
			}
			// A theme's styles come after the base ones, in the same file:
			// one request, and a theme only writes what differs.
			if extra, ok := own["static/theme.css"]; ok {
				css := append(append(append([]byte{}, base["static/site.css"].Data...), '\n'), extra.Data...)
				merged["static/site.css"] = &fstest.MapFile{Data: css}
				delete(merged, "static/theme.css")
			}
		}
		if err := th.add(name, merged); err != nil {
			return nil, fmt.Errorf("themes/%s: %w", name, err)
		}
	}
	if th.engines[baseTheme] == nil {
		return nil, fmt.Errorf("%s/%s is missing", dir, baseTheme)
	}
	return th, nil
}

func (th *themes) add(name string, files fstest.MapFS) error {
	views := fstest.MapFS{}
	for p, f := range files {
		rel, isStatic := strings.CutPrefix(p, "static/")
		switch {
		case isStatic:
			sum := sha256.Sum256(f.Data)
			ct := mime.TypeByExtension(path.Ext(p))
			th.static["/static/"+name+"/"+rel] = staticFile{data: f.Data, contentType: ct, etag: hex.EncodeToString(sum[:8])}
			if rel == "site.css" {
				th.css[name] = "/static/" + name + "/site.css?v=" + hex.EncodeToString(sum[:6])
			}
			if rel == "lire.js" {
				th.js[name] = "/static/" + name + "/lire.js?v=" + hex.EncodeToString(sum[:6])
			}
			if name == baseTheme && strings.HasSuffix(rel, ".js") {
				th.scripts[rel] = "/static/" + name + "/" + rel + "?v=" + hex.EncodeToString(sum[:6])
			}
		case strings.HasSuffix(p, ".html"):
			views[p] = f
		}
	}
	engine := html.NewFileSystem(http.FS(views), ".html")
	if err := engine.Load(); err != nil {
		return err
	}
	for _, page := range []string{"layouts/main", "pages/error"} {
		if engine.Templates.Lookup(page) == nil {
			return fmt.Errorf("template %s.html is missing", page)
		}
	}
	th.engines[name] = engine
	return nil
}

// script is the versioned address of a script of the base theme.
func (th *themes) script(name string) string { return th.scripts[name] }

// theme returns the theme for an organisation, falling back to base.
func (th *themes) theme(org string) string {
	if _, ok := th.engines[org]; ok {
		return org
	}
	return baseTheme
}

func (th *themes) render(w io.Writer, theme, page string, data any) error {
	return th.engines[th.theme(theme)].Render(w, "pages/"+page, data, "layouts/main")
}

// readTree reads every file under dir into memory, keyed by relative path.
func readTree(fsys fs.FS, dir string) (fstest.MapFS, error) {
	out := fstest.MapFS{}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		out[strings.TrimPrefix(p, dir+"/")] = &fstest.MapFile{Data: data}
		return nil
	})
	return out, err
}

// CheckThemes parses every theme of fsys (themes/base and the
// organisations' themes over it), as the server does at start-up.
func CheckThemes(fsys fs.FS) error {
	_, err := loadThemes(fsys, "themes")
	return err
}
