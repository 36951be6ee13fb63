package sqlstore_test

import (
	"bytes"
	"context"
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

func TestSecretIsKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := sqlstore.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	first, err := s.Secret(context.Background(), "forms")
	if err != nil || len(first) != 32 {
		t.Fatalf("Secret = %x, %v", first, err)
	}
	other, _ := s.Secret(context.Background(), "other")
	if bytes.Equal(first, other) {
		t.Fatal("two secrets are the same")
	}
	s.Close()
	s, err = sqlstore.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	again, _ := s.Secret(context.Background(), "forms")
	if !bytes.Equal(first, again) {
		t.Fatal("the secret changed across a reopening")
	}
}
