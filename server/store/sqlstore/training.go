package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/repetition-demarches/repetition/server/store"
)

// Peek implements store.Store, on the read-only connections.
func (s *Store) Peek(ctx context.Context, ids []string) (map[string]*store.Session, error) {
	out := make(map[string]*store.Session, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.reader.QueryContext(ctx,
		`SELECT id, `+sessionColumns+` FROM sessions WHERE id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		sess, err := s.scan(id, prefixed{rows, &id})
		if err != nil {
			return nil, err
		}
		sess.ID = id
		out[id] = sess
	}
	return out, rows.Err()
}

// prefixed scans a leading id column before the session's columns.
type prefixed struct {
	rows *sql.Rows
	id   *string
}

func (p prefixed) Scan(dest ...any) error { return p.rows.Scan(append([]any{p.id}, dest...)...) }

// CreateTraining implements store.Trainings.
func (s *Store) CreateTraining(ctx context.Context, t *store.Training) error {
	data, err := json.Marshal(t)
	if err != nil {
		return err
	}
	_, err = s.writer.ExecContext(ctx, `INSERT INTO trainings (id, code, ends, closed, data) VALUES (?, ?, ?, ?, ?)`,
		t.ID, t.Code, t.Ends.UnixNano(), unixOrZero(t.Closed), data)
	if err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed") {
		return store.ErrCodeTaken
	}
	return err
}

// Training implements store.Trainings.
func (s *Store) Training(ctx context.Context, id string) (*store.Training, error) {
	return s.training(s.reader.QueryRowContext(ctx, `SELECT data FROM trainings WHERE id = ?`, id))
}

// TrainingByCode implements store.Trainings.
func (s *Store) TrainingByCode(ctx context.Context, code string) (*store.Training, error) {
	if code == "" {
		return nil, store.ErrNotFound
	}
	return s.training(s.reader.QueryRowContext(ctx, `SELECT data FROM trainings WHERE code = ?`, code))
}

func (s *Store) training(row scanner) (*store.Training, error) {
	var data []byte
	err := row.Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	t := &store.Training{}
	if err := json.Unmarshal(data, t); err != nil {
		return nil, fmt.Errorf("sqlstore: reading a training: %w", err)
	}
	inZone(&t.Created, s.loc)
	inZone(&t.Ends, s.loc)
	inZone(&t.Closed, s.loc)
	for i := range t.Learners {
		inZone(&t.Learners[i].Joined, s.loc)
	}
	return t, nil
}

// UpdateTraining implements store.Trainings, in one IMMEDIATE transaction.
func (s *Store) UpdateTraining(ctx context.Context, id string, fn func(*store.Training) error) error {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := s.changeTraining(ctx, tx, id, fn); err != nil {
		return err
	}
	return tx.Commit()
}

// changeTraining reads, changes and writes a training within tx.
func (s *Store) changeTraining(ctx context.Context, tx *sql.Tx, id string, fn func(*store.Training) error) error {
	t, err := s.training(tx.QueryRowContext(ctx, `SELECT data FROM trainings WHERE id = ?`, id))
	if err != nil {
		return err
	}
	if err := fn(t); err != nil {
		return err
	}
	data, err := json.Marshal(t)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE trainings SET ends = ?, closed = ?, data = ? WHERE id = ?`,
		t.Ends.UnixNano(), unixOrZero(t.Closed), data, id)
	return err
}

// PurgeTrainings implements store.Trainings: the trainings closed (by the
// mediator, or by their end time) before closedBefore, and the sessions
// still linked to them, in one transaction; then it scrubs (see Expire).
func (s *Store) PurgeTrainings(ctx context.Context, closedBefore time.Time) (int, error) {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	const closed = `SELECT id FROM trainings WHERE (CASE WHEN closed != 0 THEN closed ELSE ends END) < ?`
	cb := closedBefore.UnixNano()
	res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE training IN (`+closed+`)`, cb)
	if err != nil {
		return 0, err
	}
	sessions, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	res, err = tx.ExecContext(ctx, `DELETE FROM trainings WHERE id IN (`+closed+`)`, cb)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	return int(n), s.afterDelete(ctx, n+sessions)
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}
