package check

import (
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/repetition-demarches/repetition/server/locale"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// Locales checks the sandbox's texts in locales/ of fsys: every language
// holds exactly the keys of fr.yaml. It returns the catalogue too (nil
// when it does not load), for the translations' coverage.
func Locales(fsys fs.FS) (*locale.Catalog, procedure.Problems) {
	locales, err := locale.Load(fsys, "locales")
	if err != nil {
		return nil, procedure.Problems{{File: "locales", Line: 1, Column: 1, Message: err.Error()}}
	}
	var problems procedure.Problems
	missing := locales.Missing()
	langs := make([]string, 0, len(missing))
	for lang := range missing {
		langs = append(langs, lang)
	}
	sort.Strings(langs)
	for _, lang := range langs {
		file := path.Join("locales", lang+".yaml")
		for _, m := range missing[lang] {
			key := "check.locale_missing"
			id, extra := strings.CutPrefix(m, "extra: ")
			if extra {
				key = "check.locale_extra"
			} else {
				id = strings.TrimPrefix(m, "missing: ")
			}
			problems = append(problems, procedure.NewProblem(file, procedure.Pos{Line: 1, Column: 1}, key, "Key", q(id)))
		}
	}
	return locales, problems
}
