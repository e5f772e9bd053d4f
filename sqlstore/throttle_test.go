package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// TestThrottle checks the throttle table's round trip, and that stale rows are
// forgotten by prefix while live ones stay.
func TestThrottle(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		start := clock.Now().UTC()
		put := func(rows ...sqlstore.ThrottleRow) {
			t.Helper()
			sqltest.Must(t, s.Update(ctx, func(tx *sqlstore.Tx) error {
				keys := make([]string, len(rows))
				for i, r := range rows {
					keys[i] = r.Key
				}
				if _, err := tx.LockThrottle(ctx, keys...); err != nil {
					return err
				}
				return tx.PutThrottle(ctx, rows...)
			}))
		}
		var got map[string]sqlstore.ThrottleRow
		sqltest.Must(t, s.Update(ctx, func(tx *sqlstore.Tx) error {
			var err error
			got, err = tx.LockThrottle(ctx, "pair:b", "pair:a", "pair:a")
			return err
		}))
		if len(got) != 2 || got["pair:a"].N != 0 || !got["pair:a"].Since.Equal(start) || !got["pair:a"].NextAt.IsZero() {
			t.Fatalf("new rows: %+v", got)
		}
		put(sqlstore.ThrottleRow{Key: "pair:a", N: 4, Since: start, NextAt: start.Add(2 * time.Second)},
			sqlstore.ThrottleRow{Key: "address:x", N: 1, Since: start, HoldUntil: start.Add(time.Hour)})
		sqltest.Must(t, s.Update(ctx, func(tx *sqlstore.Tx) error {
			var err error
			got, err = tx.LockThrottle(ctx, "pair:a", "address:x")
			return err
		}))
		if a := got["pair:a"]; a.N != 4 || !a.NextAt.Equal(start.Add(2*time.Second)) || !got["address:x"].HoldUntil.Equal(start.Add(time.Hour)) {
			t.Fatalf("round trip: %+v", got)
		}
		sqltest.Must(t, s.Update(ctx, func(tx *sqlstore.Tx) error { return tx.TouchThrottle(ctx, "known:a") }))
		// Two hours on: pair:b and pair:a are stale; the address, counted from
		// before a cut-off half an hour after the start, is kept by its hold
		// (until an hour after the start); the known marker by its own cut-off.
		clock.Advance(2 * time.Hour)
		n, err := s.DeleteStaleThrottle(ctx, "pair:", clock.Now().Add(-time.Hour))
		if err != nil || n != 2 {
			t.Fatalf("forget pairs: %d %v", n, err)
		}
		if n, err := s.DeleteStaleThrottle(ctx, "address:", start.Add(30*time.Minute)); err != nil || n != 0 {
			t.Fatalf("an address held past the cut-off was forgotten: %d %v", n, err)
		}
		if n, err := s.DeleteStaleThrottle(ctx, "address:", start.Add(61*time.Minute)); err != nil || n != 1 {
			t.Fatalf("an address held no longer was kept: %d %v", n, err)
		}
		if n, err := s.DeleteStaleThrottle(ctx, "known:", clock.Now().Add(-90*24*time.Hour)); err != nil || n != 0 {
			t.Fatalf("a live marker was forgotten: %d %v", n, err)
		}
		sqltest.Must(t, s.Update(ctx, func(tx *sqlstore.Tx) error {
			since, ok, err := tx.ThrottleSince(ctx, "known:a")
			if err == nil && (!ok || !since.Equal(start)) {
				t.Errorf("known:a since %v %v", since, ok)
			}
			return err
		}))
	})
}
