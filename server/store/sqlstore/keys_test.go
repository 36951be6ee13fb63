package sqlstore

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/store/storetest"
)

// TestMigrationForgetsPasswordKeys: a database written before the key of
// the practice passwords left the attempts keeps the key of each
// fingerprint in Login.Key. Opening it removes every key from the stored
// attempts and from the files, and changes nothing else.
func TestMigrationForgetsPasswordKeys(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "old.db")
	ms, err := migrations(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	db := openRaw(t, path)
	if err := migrate(ctx, db, ms[:4]); err != nil {
		t.Fatal(err)
	}
	loc := time.FixedZone("Paris", 3600)
	full := storetest.FullAttempt(t, loc)
	plain := &engine.Attempt{Procedure: "sans-compte", Answers: map[string]string{"nir": "1 95 03"}}
	// The key as the engine of that time wrote it: 32 numbers, here
	// 200…231, which nothing else in the attempts holds.
	var key []string
	for i := range 32 {
		key = append(key, strconv.Itoa(200+i))
	}
	keyJSON := "[" + strings.Join(key, ",") + "]"
	data, err := encodeAttempts(map[string]*engine.Attempt{"avec-compte": full, "sans-compte": plain, "vide": nil})
	if err != nil {
		t.Fatal(err)
	}
	old := strings.Replace(string(data), `"Login":{`, `"Login":{"Key":`+keyJSON+`,`, 1)
	if !strings.Contains(old, keyJSON) {
		t.Fatal("the old attempt has no key: the test proves nothing")
	}
	for _, id := range []string{"s1", "s2"} {
		if _, err := db.Exec(`INSERT INTO sessions (id, created, last_seen, attempts) VALUES (?, 1, 1, ?)`, id, []byte(old)); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	s, err := Open(path, WithClock(func() time.Time { return time.Date(2026, 11, 22, 10, 0, 0, 0, loc) }))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var stored []byte
	if err := s.reader.QueryRow(`SELECT attempts FROM sessions WHERE id = 's1'`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(stored), `"Key":[`) {
		t.Errorf("the key is still in the stored attempts: %.300s", stored)
	}
	if n := occurrences(t, dir, keyJSON); n > 0 {
		t.Errorf("the key is on disk %d time(s) after the migration", n)
	}
	sess, err := s.Get(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if d := storetest.Diff(full, sess.Attempts["avec-compte"]); d != "" {
		t.Errorf("the migration changed the attempt: %s", d)
	}
	if d := storetest.Diff(plain, sess.Attempts["sans-compte"]); d != "" {
		t.Errorf("the migration changed an attempt with no account: %s", d)
	}
	if a, ok := sess.Attempts["vide"]; !ok || a != nil {
		t.Errorf("a null attempt became %v (present %v)", a, ok)
	}
	var rest map[string]json.RawMessage
	if err := json.Unmarshal(stored, &rest); err != nil || len(rest) != 3 {
		t.Errorf("the stored attempts are not one object of 3: %v, %d", err, len(rest))
	}
}
