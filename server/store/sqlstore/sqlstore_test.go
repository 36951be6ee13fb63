package sqlstore_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/store"
	"github.com/repetition-demarches/repetition/server/store/sqlstore"
	"github.com/repetition-demarches/repetition/server/store/storetest"
)

func open(t testing.TB, path string, now func() time.Time) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(path, sqlstore.WithClock(now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(now func() time.Time) store.Store {
		return open(t, filepath.Join(t.TempDir(), "test.db"), now)
	})
}
