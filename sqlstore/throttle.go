package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// ThrottleRow is one counter of the throttle table (workflow/throttle.go says
// what each kind of key means). Zero times are stored as the empty string.
type ThrottleRow struct {
	Key       string
	N         int
	Since     time.Time
	NextAt    time.Time
	HoldUntil time.Time
}

func formatOptTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatTime(t)
}

func parseOptTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return parseTime(s)
}

func scanThrottle(sc scanner) (ThrottleRow, error) {
	var r ThrottleRow
	var since, next, hold string
	if err := sc.Scan(&r.Key, &r.N, &since, &next, &hold); err != nil {
		return r, err
	}
	var err error
	if r.Since, err = parseOptTime(since); err == nil {
		if r.NextAt, err = parseOptTime(next); err == nil {
			r.HoldUntil, err = parseOptTime(hold)
		}
	}
	return r, err
}

// LockThrottle returns the rows of keys, creating missing ones (count 0 since
// the transaction's time), locked until the transaction ends so that concurrent
// attempts are decided one after the other. Rows are locked in key order, the
// one global order, so that two transactions never wait for each other.
func (tx *Tx) LockThrottle(ctx context.Context, keys ...string) (map[string]ThrottleRow, error) {
	keys = slices.Compact(slices.Sorted(slices.Values(keys)))
	for _, k := range keys {
		if _, err := tx.exec(ctx, `INSERT INTO throttle (key, n, since) VALUES ($1, 0, $2) ON CONFLICT (key) DO NOTHING`, k, formatTime(tx.now)); err != nil {
			return nil, fmt.Errorf("throttle %s: %w", k, err)
		}
	}
	q, args := lockThrottleSQL(keys, tx.s.dialect)
	rows, err := queryList(ctx, tx.tx, listLockThrottle, scanThrottle, q, args...)
	if err != nil {
		return nil, fmt.Errorf("lock throttle: %w", err)
	}
	out := make(map[string]ThrottleRow, len(rows))
	for _, r := range rows {
		out[r.Key] = r
	}
	return out, nil
}

// PutThrottle writes rows returned by LockThrottle.
func (tx *Tx) PutThrottle(ctx context.Context, rows ...ThrottleRow) error {
	for _, r := range rows {
		if _, err := tx.exec(ctx, `UPDATE throttle SET n = $1, since = $2, next_at = $3, hold_until = $4 WHERE key = $5`,
			r.N, formatTime(r.Since), formatOptTime(r.NextAt), formatOptTime(r.HoldUntil), r.Key); err != nil {
			return fmt.Errorf("throttle %s: %w", r.Key, err)
		}
	}
	return nil
}

// TouchThrottle creates or restarts the row of key at the transaction's time
// (a marker such as a known sign-in address).
func (tx *Tx) TouchThrottle(ctx context.Context, key string) error {
	_, err := tx.exec(ctx, `INSERT INTO throttle (key, n, since) VALUES ($1, 0, $2)
		ON CONFLICT (key) DO UPDATE SET n = 0, since = excluded.since, next_at = '', hold_until = ''`, key, formatTime(tx.now))
	return err
}

// DeleteThrottle forgets the rows of keys.
func (tx *Tx) DeleteThrottle(ctx context.Context, keys ...string) error {
	for _, k := range keys {
		if _, err := tx.exec(ctx, `DELETE FROM throttle WHERE key = $1`, k); err != nil {
			return fmt.Errorf("throttle %s: %w", k, err)
		}
	}
	return nil
}

// ThrottleSince returns when the row of key started, if it exists.
func (tx *Tx) ThrottleSince(ctx context.Context, key string) (time.Time, bool, error) {
	rows, err := queryList(ctx, tx.tx, listThrottleSince, scanThrottle, throttleSinceSQL, key)
	if err != nil || len(rows) == 0 {
		return time.Time{}, false, err
	}
	return rows[0].Since, true, nil
}

const throttleSinceSQL = `SELECT key, n, since, next_at, hold_until FROM throttle WHERE key = $1`

// lockThrottleSQL selects the rows of keys in key order, locking them on
// PostgreSQL (SQLite has one writer: the transaction already excludes the others).
func lockThrottleSQL(keys []string, d Dialect) (string, []any) {
	var w where
	w.in("key", anys(keys)...)
	q := `SELECT key, n, since, next_at, hold_until FROM throttle WHERE ` + w.sql() + ` ORDER BY key`
	if d == Postgres {
		q += ` FOR UPDATE`
	}
	return q, w.args
}

var (
	listLockThrottle = registerList("LockThrottle", func(s *Store) []listSample {
		return []listSample{sample(lockThrottleSQL([]string{"acct:7", "addr:198.51.100.1"}, s.dialect))}
	})
	listThrottleSince = registerList("ThrottleSince", func(s *Store) []listSample {
		return []listSample{sample(throttleSinceSQL, []any{"acct:7"})}
	})
)

// DeleteStaleThrottle removes the rows of keys starting with prefix whose every
// time is before before: counters whose windows and back-offs are long over,
// and markers that have lapsed.
func (s *Store) DeleteStaleThrottle(ctx context.Context, prefix string, before time.Time) (int64, error) {
	b := formatTime(before)
	res, err := s.w.ExecContext(ctx, `DELETE FROM throttle WHERE key LIKE $1 AND since < $2 AND next_at < $2 AND hold_until < $2`, prefix+"%", b)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
