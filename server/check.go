package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/repetition-demarches/repetition/server/authoring"
	"github.com/repetition-demarches/repetition/server/check"
	"github.com/repetition-demarches/repetition/server/locale"
	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/web"
)

// runCheck validates what the author edits: ./procedures of the current
// folder, or the folder given (a project tree with procedures/, and
// possibly themes/ and locales/, or a folder of procedure files). The
// procedures built into the binary are checked only with -bundled, so
// that a bare check never reports on files the author is not editing.
// It names the folder on its first line, prints every problem with its
// place, then one summary line, and fails when there is any problem.
func runCheck(args []string, bundled fs.FS, stdout io.Writer, getenv func(string) string) error {
	start := time.Now()
	flags := flag.NewFlagSet("check", flag.ContinueOnError)
	flags.SetOutput(stdout)
	langFlag := flags.String("lang", "", authoring.Bundled().Text(authoring.Lang(langArg(args), getenv), "cmd.lang_flag"))
	useBundled := flags.Bool("bundled", false, authoring.Bundled().Text(authoring.Lang(langArg(args), getenv), "cmd.bundled_flag"))
	if err := flags.Parse(args); err != nil {
		return err
	}
	lang, err := pickLang(*langFlag, getenv)
	if err != nil {
		return err
	}
	msg := authoring.Bundled()
	var files fs.FS
	var procDir, name string
	switch {
	case *useBundled:
		files, procDir, name = bundled, "procedures", msg.Text(lang, "cmd.bundled_name")
		fmt.Fprintln(stdout, msg.Text(lang, "cmd.check_bundled"))
	default:
		dir := "."
		if flags.NArg() > 0 {
			dir = flags.Arg(0)
		}
		fsys := os.DirFS(dir)
		shown := dir
		if st, err := fs.Stat(fsys, "procedures"); err == nil && st.IsDir() {
			files, procDir, shown = overlay{fsys, bundled}, "procedures", filepath.Join(dir, "procedures")
		} else if flags.NArg() > 0 {
			files, procDir = overlay{fsys, bundled}, "."
		} else {
			abs, _ := filepath.Abs(dir)
			return errors.New(msg.Text(lang, "cmd.no_folder", "Dir", abs))
		}
		if shown == "procedures" {
			shown = "./procedures"
		}
		name = shown
		fmt.Fprintln(stdout, msg.Text(lang, "cmd.check_folder", "Dir", shown))
	}
	r, extra, locales := checkAll(files, procDir)
	problems := append(r.Problems, extra...)
	for _, p := range problems {
		fmt.Fprintln(stdout, p.In(lang))
	}
	if locales != nil {
		for _, line := range coverage(r.Procedures, locales.Languages(), lang) {
			fmt.Fprintln(stdout, line)
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintln(stdout, n.In(lang))
	}
	fmt.Fprintln(stdout, msg.Text(lang, "cmd.summary", "Name", name,
		"Procedures", msg.Count(lang, "cmd.procedures", len(r.Procedures)),
		"Scenarios", msg.Count(lang, "cmd.scenarios", r.Scenarios),
		"Problems", msg.Count(lang, "cmd.problems", len(problems)),
		"Time", time.Since(start).Round(time.Millisecond)))
	if len(problems) > 0 {
		return errors.New(msg.Count(lang, "cmd.check_failed", len(problems)))
	}
	return nil
}

// checkAll is everything check reports on files: the procedures in
// procDir (loading, profiles, scenarios, plain words, papers), then the
// locales and the themes. The -dev box shows the same.
func checkAll(files fs.FS, procDir string) (check.Report, procedure.Problems, *locale.Catalog) {
	r := check.Procedures(files, procDir)
	locales, extra := check.Locales(files)
	if err := web.CheckThemes(files); err != nil {
		extra = append(extra, procedure.Problem{File: "themes", Line: 1, Column: 1, Message: err.Error()})
	}
	return r, extra, locales
}

// coverage says, per procedure, how much of its guide layer each language
// translates (French is the procedure itself).
func coverage(procs []*procedure.Procedure, langs []string, lang string) []string {
	msg := authoring.Bundled()
	var out []string
	for _, p := range procs {
		var b strings.Builder
		for _, l := range langs {
			if l == locale.Default {
				continue
			}
			done, total, missing := p.Coverage(l)
			fmt.Fprintf(&b, " %s %d%% (%d/%d)", l, 100*done/max(total, 1), done, total)
			if len(missing) > 0 && done > 0 {
				b.WriteString(" " + msg.Text(lang, "cmd.coverage_missing") + " " + strings.Join(missing, ", "))
			}
		}
		out = append(out, msg.Text(lang, "cmd.coverage", "File", p.File, "Langs", b.String()))
	}
	return out
}

// pickLang is the language of the authoring tools: -lang (fr or en),
// else the environment's.
func pickLang(flagValue string, getenv func(string) string) (string, error) {
	if flagValue != "" && flagValue != "fr" && flagValue != "en" {
		return "", errors.New(authoring.Bundled().Text(authoring.Lang("", getenv), "cmd.bad_lang", "Lang", flagValue))
	}
	return authoring.Lang(flagValue, getenv), nil
}

// langArg finds the value of -lang in args before they are parsed, so
// that the help of the flags is in the language asked for.
func langArg(args []string) string {
	for i, a := range args {
		a = strings.TrimPrefix(a, "-")
		if v, ok := strings.CutPrefix(a, "-lang="); ok {
			return v
		}
		if v, ok := strings.CutPrefix(a, "lang="); ok {
			return v
		}
		if (a == "lang" || a == "-lang") && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
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
