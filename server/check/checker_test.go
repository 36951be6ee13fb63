package check_test

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/check"
)

// bundledMapFS is the embedded tree as a map an edit can change.
func bundledMapFS(t testing.TB) fstest.MapFS {
	t.Helper()
	files := fstest.MapFS{}
	err := fs.WalkDir(repetition.Files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(repetition.Files, name)
		files[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestCheckerRechecksOnlyWhatChanged: a Checker plays again only the
// procedures whose files (or the glossary, shared by all) changed, and its
// report is always the one a fresh check gives.
func TestCheckerRechecksOnlyWhatChanged(t *testing.T) {
	// Two procedures are enough, and keep the test quick under -race.
	files := bundledMapFS(t)
	for name := range files {
		if strings.HasPrefix(name, "procedures/") && !strings.HasPrefix(name, "procedures/anah-maprimerenov.") && !strings.HasPrefix(name, "procedures/caf-declaration-trimestrielle.") {
			delete(files, name)
		}
	}
	edit := func(name, from, to string) {
		t.Helper()
		data := string(files[name].Data)
		if !strings.Contains(data, from) {
			t.Fatalf("%s lacks %q", name, from)
		}
		files[name] = &fstest.MapFile{Data: []byte(strings.Replace(data, from, to, 1))}
	}
	var c check.Checker
	all := []string{"anah-maprimerenov", "caf-declaration-trimestrielle"}
	steps := []struct {
		name      string
		change    func()
		rechecked []string
		problem   string
	}{
		{"first check", func() {}, all, ""},
		{"nothing changed", func() {}, nil, ""},
		{"a scenario broken", func() {
			edit("procedures/caf-declaration-trimestrielle.yaml", "values: {total_vous: 3325, total_foyer: 3325}", "values: {total_vous: 9999, total_foyer: 3325}")
		}, []string{"caf-declaration-trimestrielle"}, "Kévin déclare ses trois salaires et valide"},
		{"the same broken file again", func() {}, nil, "Kévin déclare ses trois salaires et valide"},
		{"a translation changed", func() {
			edit("procedures/anah-maprimerenov.en.yaml", "\n", "\n# edited\n")
		}, []string{"anah-maprimerenov"}, "Kévin déclare ses trois salaires et valide"},
		{"the glossary changed", func() {
			edit("content/glossaire.fr.yaml", "\n", "\n# edited\n")
		}, all, "Kévin déclare ses trois salaires et valide"},
		{"the scenario fixed", func() {
			edit("procedures/caf-declaration-trimestrielle.yaml", "total_vous: 9999", "total_vous: 3325")
		}, []string{"caf-declaration-trimestrielle"}, ""},
	}
	for _, st := range steps {
		st.change()
		got := c.Procedures(files, "procedures")
		fresh := check.Procedures(files, "procedures")
		slices.Sort(got.Rechecked)
		if !slices.Equal(got.Rechecked, st.rechecked) {
			t.Errorf("%s: checked again %v, want %v", st.name, got.Rechecked, st.rechecked)
		}
		if g, f := got.Problems.Error(), fresh.Problems.Error(); g != f || got.Scenarios != fresh.Scenarios || len(got.Notes) != len(fresh.Notes) {
			t.Errorf("%s: the checker reports\n%s\n(%d scenarios, %d notes), a fresh check\n%s\n(%d scenarios, %d notes)", st.name, g, got.Scenarios, len(got.Notes), f, fresh.Scenarios, len(fresh.Notes))
		}
		if has := strings.Contains(got.Problems.Error(), st.problem); st.problem != "" && !has || st.problem == "" && len(got.Problems) > 0 {
			t.Errorf("%s: want problem %q, got\n%s", st.name, st.problem, got.Problems.Error())
		}
	}
}

// BenchmarkRecheckOneChange is the development mode's reload after an
// author changed one procedure: the others are not played again.
func BenchmarkRecheckOneChange(b *testing.B) {
	files := bundledMapFS(b)
	name := "procedures/caf-declaration-trimestrielle.yaml"
	original := files[name].Data
	var c check.Checker
	c.Procedures(files, "procedures")
	for i := 0; b.Loop(); i++ {
		data := append(slices.Clone(original), []byte(strings.Repeat("#", i%2+1)+"\n")...)
		files[name] = &fstest.MapFile{Data: data}
		if r := c.Procedures(files, "procedures"); len(r.Rechecked) != 1 {
			b.Fatalf("checked again: %v", r.Rechecked)
		}
	}
}
