package sqlstore

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func openRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(path, 5*time.Second, "_txlock=immediate"))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func version(t *testing.T, db *sql.DB) int {
	t.Helper()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestOpenMigratesAnEmptyDatabaseThenReopens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	for range 2 { // the second time finds the schema up to date
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		var mode string
		if err := s.writer.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("journal mode %q, %v", mode, err)
		}
		var fk int
		if err := s.reader.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
			t.Errorf("foreign keys %d, %v", fk, err)
		}
		if _, err := s.reader.Exec("DELETE FROM sessions"); err == nil {
			t.Error("the reading connections can write")
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	ms, _ := migrations(migrationFiles, "migrations")
	if v := version(t, openRaw(t, path)); v != len(ms) || v == 0 {
		t.Fatalf("schema version %d, want %d", v, len(ms))
	}
}

func TestMigrationsApplyInOrderEachInATransaction(t *testing.T) {
	ctx := context.Background()
	db := openRaw(t, filepath.Join(t.TempDir(), "m.db"))
	files := fstest.MapFS{
		"m/001_a.sql": {Data: []byte("CREATE TABLE a (x INTEGER);")},
		"m/002_b.sql": {Data: []byte("CREATE TABLE b (x INTEGER); INSERT INTO b VALUES (1);")},
	}
	ms, err := migrations(files, "m")
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, ms[:1]); err != nil || version(t, db) != 1 {
		t.Fatalf("first migration: %v, version %d", err, version(t, db))
	}
	if err := migrate(ctx, db, ms); err != nil || version(t, db) != 2 {
		t.Fatalf("upgrade: %v, version %d", err, version(t, db))
	}
	if err := migrate(ctx, db, ms); err != nil || version(t, db) != 2 {
		t.Fatalf("again: %v, version %d", err, version(t, db))
	}
	var n int
	if err := db.QueryRow("SELECT count(*) FROM b").Scan(&n); err != nil || n != 1 {
		t.Fatalf("002 ran %d times, %v", n, err)
	}

	// A migration that fails half-way leaves nothing behind.
	files["m/003_broken.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE c (x INTEGER); INSERT INTO nowhere VALUES (1);")}
	ms, _ = migrations(files, "m")
	err = migrate(ctx, db, ms)
	if err == nil || !strings.Contains(err.Error(), "003_broken.sql") {
		t.Fatalf("a broken migration: %v", err)
	}
	if version(t, db) != 2 {
		t.Fatalf("version %d after a failed migration", version(t, db))
	}
	if _, err := db.Exec("SELECT * FROM c"); err == nil {
		t.Fatal("the failed migration's table exists")
	}

	// A database from a newer program is refused.
	err = migrate(ctx, db, ms[:1])
	if err == nil || !strings.Contains(err.Error(), "newer version") {
		t.Fatalf("a newer database: %v", err)
	}
}

func TestMigrationNames(t *testing.T) {
	for _, tc := range []struct {
		files fstest.MapFS
		want  string
	}{
		{fstest.MapFS{"m/1_a.sql": {}, "m/3_c.sql": {}}, "3_c.sql: expected number 2"},
		{fstest.MapFS{"m/001_a.sql": {}, "m/001_b.sql": {}}, "expected number 2"},
		{fstest.MapFS{"m/first.sql": {}}, "first.sql: the name must be NNN_name.sql"},
	} {
		_, err := migrations(tc.files, "m")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("migrations(%v) = %v, want %q", tc.files, err, tc.want)
		}
	}
}
