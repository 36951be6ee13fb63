// Package sqlstore keeps practice sessions in a SQLite file, so that a
// restart of the server loses nothing. It uses modernc.org/sqlite, a pure
// Go driver: no cgo, the binary still builds anywhere.
//
// One connection writes and every change goes through it, which serialises
// writes as SQLite wants; a small pool of read-only connections serves
// pure reads at the same time (WAL mode).
//
// What is erased leaves the disk too (see scrub.go): the writer zeroes
// what it deletes (secure_delete), and every deleting method then empties
// the WAL into the file.
package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/repetition-demarches/repetition/server/store"
)

// Store is a store.Store in a SQLite database.
type Store struct {
	now    func() time.Time
	loc    *time.Location
	writer *sql.DB
	reader *sql.DB
	// busy is how long a connection waits for a lock, and a scrub for
	// the readers of the WAL.
	busy time.Duration
	// scrubMu serialises the scrubs and guards scrubPending, set while
	// a scrub held back by a reader is still to be done.
	scrubMu      sync.Mutex
	scrubPending bool
}

// Option changes how Open sets up a store.
type Option func(*Store)

// WithClock sets the clock (time.Now by default). Times read back are
// shown in the clock's zone.
func WithClock(now func() time.Time) Option {
	return func(s *Store) { s.now = now }
}

// withBusyTimeout shortens the wait for locks and readers (5 seconds), so
// that a test of a blocked scrub does not wait that long.
func withBusyTimeout(d time.Duration) Option {
	return func(s *Store) { s.busy = d }
}

// Open opens the database at path, creating it if missing, and brings its
// schema up to date. It then scrubs (see scrub.go): a process killed
// between a deletion and its scrub leaves nothing behind once restarted.
func Open(path string, opts ...Option) (*Store, error) {
	s := &Store{now: time.Now, busy: 5 * time.Second}
	for _, o := range opts {
		o(s)
	}
	s.loc = s.now().Location()
	var err error
	// IMMEDIATE transactions take the write lock at BEGIN, so a
	// read-modify-write never fails half-way on a lock upgrade.
	// secure_delete zeroes the cells and pages freed by a deletion or
	// by a row rewritten elsewhere, instead of leaving them readable.
	s.writer, err = sql.Open("sqlite", dsn(path, s.busy, "_txlock=immediate&_pragma=secure_delete(1)"))
	if err != nil {
		return nil, err
	}
	s.writer.SetMaxOpenConns(1)
	s.writer.SetMaxIdleConns(1)
	s.writer.SetConnMaxLifetime(0)
	s.writer.SetConnMaxIdleTime(0)
	ms, err := migrations(migrationFiles, "migrations")
	if err == nil {
		err = migrate(context.Background(), s.writer, ms)
	}
	if err != nil {
		s.writer.Close()
		return nil, fmt.Errorf("%w (database %s)", err, path)
	}
	s.reader, err = sql.Open("sqlite", dsn(path, s.busy, "_pragma=query_only(1)"))
	if err != nil {
		s.writer.Close()
		return nil, err
	}
	readers := min(runtime.GOMAXPROCS(0), 4)
	s.reader.SetMaxOpenConns(readers)
	s.reader.SetMaxIdleConns(readers)
	if err := s.reader.Ping(); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.scrub(context.Background()); err != nil && !errors.Is(err, errScrubBusy) {
		s.Close()
		return nil, fmt.Errorf("%w (database %s)", err, path)
	}
	return s, nil
}

// dsn is the connection string: WAL so that readers never wait for the
// writer; synchronous=NORMAL, safe in WAL mode (a power cut may lose the
// last commits, a killed process loses nothing); a busy timeout rather
// than "database is locked" errors; foreign keys for the tables to come.
func dsn(path string, busy time.Duration, extra string) string {
	q := fmt.Sprintf("_pragma=busy_timeout(%d)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)", busy.Milliseconds())
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q + "&" + extra
}

// Close closes the database; the last connection folds the WAL back into
// the main file.
func (s *Store) Close() error {
	var errR error
	if s.reader != nil {
		errR = s.reader.Close()
	}
	return errors.Join(errR, s.writer.Close())
}

// Get implements store.Store. A page read is a read on the read-only
// connections; the session is marked as seen at most every
// store.SeenEvery, so that reading pages does not write at every page.
func (s *Store) Get(ctx context.Context, id string) (*store.Session, error) {
	sess, err := s.scan(id, s.reader.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if now := s.now(); now.Sub(sess.LastSeen) >= store.SeenEvery {
		// The condition keeps a concurrent write's newer time.
		if _, err := s.writer.ExecContext(ctx, `UPDATE sessions SET last_seen = ? WHERE id = ? AND last_seen < ?`,
			now.UnixNano(), id, now.UnixNano()); err != nil {
			return nil, err
		}
		sess.LastSeen = now
	}
	return sess, nil
}

// sessionColumns are the columns scan reads, in its order.
const sessionColumns = `created, last_seen, resume_code, attempts, training, learner, inbox`

// scanner is a row: *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func (s *Store) scan(id string, row scanner) (*store.Session, error) {
	var created, seen int64
	var code, training, learner sql.NullString
	var data, inbox []byte
	if err := row.Scan(&created, &seen, &code, &data, &training, &learner, &inbox); err != nil {
		return nil, err
	}
	as, err := decodeAttempts(data, s.loc)
	if err != nil {
		return nil, fmt.Errorf("%w (session %s)", err, id)
	}
	sess := &store.Session{
		ID: id, Attempts: as, ResumeCode: code.String, Training: training.String, Learner: learner.String,
		Created: time.Unix(0, created).In(s.loc), LastSeen: time.Unix(0, seen).In(s.loc),
	}
	if len(inbox) > 0 {
		if err := json.Unmarshal(inbox, &sess.Inbox); err != nil {
			return nil, fmt.Errorf("sqlstore: reading the inbox of session %s: %w", id, err)
		}
		for i := range sess.Inbox {
			inZone(&sess.Inbox[i].Sent, s.loc)
		}
	}
	return sess, nil
}

// Create implements store.Store.
func (s *Store) Create(ctx context.Context, id string, fn func(*store.Session) error) error {
	return s.save(ctx, id, true, fn)
}

// Update implements store.Store: read, change and write in one IMMEDIATE
// transaction on the single writing connection.
func (s *Store) Update(ctx context.Context, id string, fn func(*store.Session) error) error {
	return s.save(ctx, id, false, fn)
}

// save is Create (create set) or Update, in one transaction.
func (s *Store) save(ctx context.Context, id string, create bool, fn func(*store.Session) error) error {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := s.now()
	sess, err := s.scan(id, tx.QueryRowContext(ctx,
		`SELECT `+sessionColumns+` FROM sessions WHERE id = ?`, id))
	switch {
	case create && err == nil:
		return store.ErrExists
	case create && errors.Is(err, sql.ErrNoRows):
		sess = store.NewSession(id, now)
	case errors.Is(err, sql.ErrNoRows):
		return store.ErrNotFound
	case err != nil:
		return err
	}
	if err := fn(sess); err != nil {
		return err
	}
	data, err := encodeAttempts(sess.Attempts)
	if err != nil {
		return err
	}
	var inbox []byte
	if len(sess.Inbox) > 0 {
		if inbox, err = json.Marshal(sess.Inbox); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id, created, last_seen, resume_code, attempts, training, learner, inbox) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, resume_code = excluded.resume_code, attempts = excluded.attempts,
			training = excluded.training, learner = excluded.learner, inbox = excluded.inbox`,
		id, sess.Created.UnixNano(), now.UnixNano(), nullable(sess.ResumeCode), data, nullable(sess.Training), nullable(sess.Learner), inbox); err != nil {
		return err
	}
	return tx.Commit()
}

// Rotate implements store.Store: the row takes the new id, and the
// training's learner record follows, in one transaction.
func (s *Store) Rotate(ctx context.Context, old, newID string) error {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var training sql.NullString
	err = tx.QueryRowContext(ctx, `UPDATE sessions SET id = ?, last_seen = ? WHERE id = ? RETURNING training`,
		newID, s.now().UnixNano(), old).Scan(&training)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return store.ErrNotFound
	case err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed"):
		return store.ErrExists
	case err != nil:
		return err
	}
	if training.Valid {
		err := s.changeTraining(ctx, tx, training.String, func(t *store.Training) error {
			for i := range t.Learners {
				if t.Learners[i].Session == old {
					t.Learners[i].Session = newID
				}
			}
			return nil
		})
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return tx.Commit()
}

// Delete implements store.Store, then scrubs (see scrub.go): when a
// reader holds the scrub back past the busy timeout, the session is
// erased but its bytes stay on disk until the next deleting call (the
// sweeper's Expire, every minute), and Delete still returns nil.
func (s *Store) Delete(ctx context.Context, id string) error {
	res, err := s.writer.ExecContext(ctx, `DELETE FROM sessions WHERE id = ?`, id)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if err := s.afterDelete(ctx, n); err != nil && !errors.Is(err, errScrubBusy) {
		return err
	}
	return nil
}

// Expire implements store.Store. Then it always scrubs: besides what it
// erased, the WAL holds the former versions of rows rewritten since the
// last scrub (answers removed by "Recommencer" or a mediator's reset,
// password keys dropped), and the sweeper calls Expire every minute, so
// those leave the disk within a minute too. It returns errScrubBusy if a
// reader still holds the scrub back, for the sweeper to log (the next
// call tries again).
func (s *Store) Expire(ctx context.Context, before time.Time) (int, error) {
	res, err := s.writer.ExecContext(ctx, `DELETE FROM sessions WHERE last_seen < ? AND training IS NULL`, before.UnixNano())
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	return int(n), s.scrub(ctx)
}

// ByResumeCode implements store.Store.
func (s *Store) ByResumeCode(ctx context.Context, code string) (string, error) {
	if code == "" {
		return "", store.ErrNotFound
	}
	var id string
	err := s.reader.QueryRowContext(ctx, `SELECT id FROM sessions WHERE resume_code = ?`, code).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", store.ErrNotFound
	}
	return id, err
}

// nullable stores an empty string as NULL, which the partial indexes leave out.
func nullable(v string) any {
	if v == "" {
		return nil
	}
	return v
}
