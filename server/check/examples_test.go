package check_test

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/repetition-demarches/repetition/server/check"
)

// The complete examples the guides point to (docs/exemples) load and
// every scenario of theirs passes, as a bundled procedure's would.
func TestGuideExamplesPass(t *testing.T) {
	names, err := filepath.Glob("../../docs/exemples/*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("no example in docs/exemples (%v)", err)
	}
	fsys := fstest.MapFS{}
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		fsys["exemples/"+filepath.Base(n)] = &fstest.MapFile{Data: data}
	}
	r := check.Procedures(fsys, "exemples")
	for _, p := range r.Problems {
		t.Error(p)
	}
	if len(r.Procedures) != len(names) || r.Scenarios == 0 {
		t.Errorf("%d procedures and %d scenarios checked for %d files", len(r.Procedures), r.Scenarios, len(names))
	}
}
