package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/repetition-demarches/repetition/server/check"
	"github.com/repetition-demarches/repetition/server/locale"
	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/web"
)

// runCheck validates the bundled procedures, or those of a folder: a
// project tree (with procedures/, and possibly themes/ and locales/) or a
// folder of procedure files. It prints every problem with its place, then
// one summary line, and fails when there is any problem.
func runCheck(args []string, bundled fs.FS, stdout io.Writer) error {
	start := time.Now()
	files, procDir, name := bundled, "procedures", "bundled procedures"
	if len(args) > 0 {
		name = args[0]
		dir := os.DirFS(args[0])
		if st, err := fs.Stat(dir, "procedures"); err == nil && st.IsDir() {
			files = overlay{dir, bundled}
		} else {
			files, procDir = overlay{dir, bundled}, "."
		}
	}
	r := check.Procedures(files, procDir)
	var extra procedure.Problems
	if locales, err := locale.Load(files, "locales"); err != nil {
		extra = append(extra, procedure.Problem{File: "locales", Line: 1, Column: 1, Message: err.Error()})
	} else {
		missing := locales.Missing()
		langs := make([]string, 0, len(missing))
		for lang := range missing {
			langs = append(langs, lang)
		}
		sort.Strings(langs)
		for _, lang := range langs {
			for _, m := range missing[lang] {
				extra = append(extra, procedure.Problem{File: path.Join("locales", lang+".yaml"), Line: 1, Column: 1, Message: m})
			}
		}
	}
	if err := web.CheckThemes(files); err != nil {
		extra = append(extra, procedure.Problem{File: "themes", Line: 1, Column: 1, Message: err.Error()})
	}
	problems := append(r.Problems, extra...)
	for _, p := range problems {
		fmt.Fprintln(stdout, p)
	}
	if locales, err := locale.Load(files, "locales"); err == nil {
		for _, line := range coverage(r.Procedures, locales.Languages()) {
			fmt.Fprintln(stdout, line)
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintln(stdout, n)
	}
	fmt.Fprintf(stdout, "check %s: %d procedures, %d scenarios, %d problems (%s)\n",
		name, len(r.Procedures), r.Scenarios, len(problems), time.Since(start).Round(time.Millisecond))
	if len(problems) > 0 {
		return fmt.Errorf("check found %d problems", len(problems))
	}
	return nil
}

// coverage says, per procedure, how much of its guide layer each language
// translates (French is the procedure itself).
func coverage(procs []*procedure.Procedure, langs []string) []string {
	var out []string
	for _, p := range procs {
		line := p.File + ": translations"
		for _, lang := range langs {
			if lang == locale.Default {
				continue
			}
			done, total, missing := p.Coverage(lang)
			line += fmt.Sprintf(" %s %d%% (%d/%d)", lang, 100*done/max(total, 1), done, total)
			if len(missing) > 0 && done > 0 {
				line += " missing " + strings.Join(missing, ", ")
			}
		}
		out = append(out, line)
	}
	return out
}

// overlay reads from the first file system, then the second: a folder of
// procedures is checked with the bundled themes and locales.
type overlay [2]fs.FS

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o[0].Open(name)
	if err == nil {
		return f, nil
	}
	return o[1].Open(name)
}
