package sqlstore

import (
	"context"
	"crypto/rand"
)

// Secret returns the site's key called name, 32 random bytes drawn the
// first time and kept in the database: the forms' tokens signed with it
// stay valid across a restart, and every instance sharing the database
// signs alike.
func (s *Store) Secret(ctx context.Context, name string) ([]byte, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	// The first writer wins; everyone reads the kept value back.
	if _, err := s.writer.ExecContext(ctx, `INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, name, key); err != nil {
		return nil, err
	}
	var kept []byte
	err := s.writer.QueryRowContext(ctx, `SELECT value FROM secrets WHERE name = ?`, name).Scan(&kept)
	return kept, err
}
