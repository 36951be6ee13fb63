package sqlstore

import (
	"context"
	"time"

	"github.com/repetition-demarches/repetition/server/store"
)

// AddCounts implements store.Frictions: one transaction of UPSERTs.
func (s *Store) AddCounts(ctx context.Context, counts []store.Count) error {
	if len(counts) == 0 {
		return nil
	}
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO friction_counts (day, procedure, step, kind, key, n)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (procedure, day, step, kind, key) DO UPDATE SET n = n + excluded.n`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	day := store.Day(s.now())
	for _, c := range counts {
		if _, err := stmt.ExecContext(ctx, day, c.Procedure, c.Step, c.Kind, c.Key, c.N); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Counts implements store.Frictions.
func (s *Store) Counts(ctx context.Context, procedure string, since time.Time) ([]store.Count, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT step, kind, key, SUM(n) FROM friction_counts
		WHERE procedure = ? AND day >= ? GROUP BY step, kind, key`, procedure, store.Day(since.In(s.loc)))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Count
	for rows.Next() {
		c := store.Count{Procedure: procedure}
		if err := rows.Scan(&c.Step, &c.Kind, &c.Key, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AddComment implements store.Frictions.
func (s *Store) AddComment(ctx context.Context, c store.Comment) error {
	_, err := s.writer.ExecContext(ctx, `INSERT INTO friction_comments (day, procedure, step, rating, gave_up, text)
		VALUES (?, ?, ?, ?, ?, ?)`, store.Day(s.now()), c.Procedure, c.Step, c.Rating, c.GaveUp, c.Text)
	return err
}

// Comments implements store.Frictions.
func (s *Store) Comments(ctx context.Context, procedure string, limit int) ([]store.Comment, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT day, step, rating, gave_up, text FROM friction_comments
		WHERE procedure = ? ORDER BY seq DESC LIMIT ?`, procedure, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Comment
	for rows.Next() {
		c := store.Comment{Procedure: procedure}
		var day string
		if err := rows.Scan(&day, &c.Step, &c.Rating, &c.GaveUp, &c.Text); err != nil {
			return nil, err
		}
		if c.Day, err = time.ParseInLocation(time.DateOnly, day, s.loc); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// PurgeFrictions implements store.Frictions; then it scrubs (see Expire).
func (s *Store) PurgeFrictions(ctx context.Context, before time.Time) (int, error) {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	day, n := store.Day(before.In(s.loc)), int64(0)
	for _, q := range []string{`DELETE FROM friction_counts WHERE day < ?`, `DELETE FROM friction_comments WHERE day < ?`} {
		res, err := tx.ExecContext(ctx, q, day)
		if err != nil {
			return 0, err
		}
		m, err := res.RowsAffected()
		if err != nil {
			return 0, err
		}
		n += m
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	return int(n), s.afterDelete(ctx, n)
}
