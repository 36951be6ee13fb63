package sqlstore

import (
	"context"
	"errors"
)

// Erased must mean gone from the disk, not only from the tables. SQLite
// keeps deleted rows in two places unless told otherwise:
//
//   - in the database file, as freed cells and free pages: the writer runs
//     with secure_delete, which overwrites them with zeroes (overflow pages
//     and a row's former version, left behind when it is rewritten, too);
//   - in the WAL, which holds every page written since the last
//     checkpoint, each in every version committed: a deleted session's
//     answers stay there until the WAL is copied into the file and
//     emptied. The -shm file is an index of the WAL (page numbers), with
//     no content.
//
// So every method that deletes rows scrubs after it: a truncating
// checkpoint copies the WAL (zeroed cells included) into the file and
// cuts the WAL to zero bytes. TestErasingLeavesNoBytesOnDisk checks it
// byte by byte.

// errScrubBusy is returned when readers kept the WAL past the busy
// timeout: the erased rows are gone from the tables, their bytes remain
// on disk until the next scrub.
var errScrubBusy = errors.New("sqlstore: a reader held the WAL; the erased bytes leave the disk at the next scrub")

// scrub empties the WAL into the database file (PRAGMA
// wal_checkpoint(TRUNCATE)). A reader still reading an older snapshot
// holds the checkpoint back, as the file must keep the pages it reads:
// SQLite then waits for it up to the busy timeout, after which scrub
// returns errScrubBusy and marks the scrub as pending.
func (s *Store) scrub(ctx context.Context) error {
	s.scrubMu.Lock()
	defer s.scrubMu.Unlock()
	var busy, frames, copied int
	err := s.writer.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &frames, &copied)
	if err == nil && busy != 0 {
		err = errScrubBusy
	}
	s.scrubPending = err != nil
	return err
}

// afterDelete scrubs after a deletion of n rows, or when an earlier scrub
// is still pending; with nothing deleted nor pending, there is nothing
// to scrub.
func (s *Store) afterDelete(ctx context.Context, n int64) error {
	s.scrubMu.Lock()
	pending := s.scrubPending
	s.scrubMu.Unlock()
	if n == 0 && !pending {
		return nil
	}
	return s.scrub(ctx)
}
