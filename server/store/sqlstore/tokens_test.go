package sqlstore_test

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

func TestTokens(t *testing.T) {
	ctx := context.Background()
	var offset atomic.Int64
	start := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	now := func() time.Time { return start.Add(time.Duration(offset.Load())) }
	path := filepath.Join(t.TempDir(), "tokens.db")
	s := open(t, path, now)
	tk := s.Tokens()

	if v, err := tk.Get("missing"); v != nil || err != nil {
		t.Fatalf("Get(missing) = %q, %v", v, err)
	}
	if err := tk.Set("a", []byte("1"), time.Hour); err != nil {
		t.Fatal(err)
	}
	_ = tk.Set("b", []byte("2"), 3*time.Hour)
	_ = tk.Set("forever", []byte("3"), 0)
	_ = tk.Set("b", []byte("2bis"), 3*time.Hour) // a new value replaces the old
	if v, _ := tk.Get("b"); string(v) != "2bis" {
		t.Fatalf("Get(b) = %q", v)
	}

	// A token survives a restart.
	_ = s.Close()
	s = open(t, path, now)
	tk = s.Tokens()
	if v, _ := tk.Get("a"); string(v) != "1" {
		t.Fatalf("after reopening, Get(a) = %q", v)
	}

	offset.Store(int64(2 * time.Hour))
	if v, _ := tk.Get("a"); v != nil {
		t.Fatalf("an expired token: %q", v)
	}
	if n, err := s.Expire(ctx, now().Add(-time.Hour)); err != nil || n != 0 {
		t.Fatalf("Expire = %d, %v: tokens are not sessions", n, err)
	}
	if v, _ := tk.Get("b"); string(v) != "2bis" {
		t.Fatalf("Expire erased a live token: %q", v)
	}
	if err := tk.Delete("b"); err != nil {
		t.Fatal(err)
	}
	if v, _ := tk.Get("b"); v != nil {
		t.Fatal("a deleted token is still there")
	}
	offset.Store(int64(1000 * time.Hour))
	if v, _ := tk.Get("forever"); string(v) != "3" {
		t.Fatal("a token without expiry expired")
	}
	if err := tk.Reset(); err != nil {
		t.Fatal(err)
	}
	if v, _ := tk.Get("forever"); v != nil {
		t.Fatal("Reset left a token")
	}
}
