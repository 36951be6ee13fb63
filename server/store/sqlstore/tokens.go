package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"time"
)

// Tokens is a key-value table with expiry in the same database, for the
// forms' anti-forgery tokens: a page loaded before a restart can still be
// sent after it. It has the methods of fiber.Storage without importing
// Fiber. Store.Expire erases the expired tokens.
type Tokens struct{ s *Store }

// Tokens returns the token table of the store.
func (s *Store) Tokens() *Tokens { return &Tokens{s: s} }

// Get returns the value of key, nil when it is missing or expired.
func (t *Tokens) Get(key string) ([]byte, error) {
	if key == "" {
		return nil, nil
	}
	var v []byte
	err := t.s.reader.QueryRowContext(context.Background(),
		`SELECT value FROM tokens WHERE key = ? AND expires > ?`, key, t.s.now().UnixNano()).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return v, err
}

// Set stores val under key for exp (0: until Reset).
func (t *Tokens) Set(key string, val []byte, exp time.Duration) error {
	if key == "" || len(val) == 0 {
		return nil
	}
	expires := int64(math.MaxInt64)
	if exp > 0 {
		expires = t.s.now().Add(exp).UnixNano()
	}
	_, err := t.s.writer.ExecContext(context.Background(),
		`INSERT INTO tokens (key, value, expires) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires`, key, val, expires)
	return err
}

// Delete erases key.
func (t *Tokens) Delete(key string) error {
	_, err := t.s.writer.ExecContext(context.Background(), `DELETE FROM tokens WHERE key = ?`, key)
	return err
}

// Reset erases every token.
func (t *Tokens) Reset() error {
	_, err := t.s.writer.ExecContext(context.Background(), `DELETE FROM tokens`)
	return err
}

// Close does nothing: the Store closes the database.
func (t *Tokens) Close() error { return nil }
