package workflow_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// TestFeedSlowWriter: a crawler follows the OCDS change feed (Store.Releases
// after its cursor, below the watermark) while a deliberately slow writer
// holds a transaction whose release is written but not committed, and other
// writers publish meanwhile. The watermark never passes the slow
// transaction's position while it is in flight; once everything committed,
// the crawler has every release exactly once, in log order, as a full read
// gives them — on SQLite and PostgreSQL.
func TestFeedSlowWriter(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProcWorld(t, s, clock)
		first := w.approved(t, 1_000_000)

		var got []int64
		cursor := int64(-1)
		crawl := func() {
			t.Helper()
			if _, err := s.Releases(ctx, sqlstore.ReleaseFilter{After: cursor, Limit: 3}, func(r sqlstore.StoredRelease) error {
				got = append(got, r.LogIndex)
				cursor = r.LogIndex
				return nil
			}); err != nil {
				t.Error(err)
			}
		}
		crawl()

		// The slow writer: its event and release are appended, then it waits
		// before committing.
		written, release := make(chan int64), make(chan struct{})
		slowDone := make(chan error, 1)
		go func() {
			slowDone <- s.Update(ctx, func(tx *sqlstore.Tx) error {
				if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "project.approve", Table: "projects", Key: first.ID, Region: first.Region, Public: true}); err != nil {
					return err
				}
				tx.BeforeCommit(func(time.Time) error {
					size, err := s.TreeSize(ctx) // committed size, read outside tx
					if err != nil {
						return err
					}
					written <- size
					<-release
					return nil
				})
				return nil
			})
		}()
		slowAt := <-written // the slow transaction's leaf is at slowAt or above

		// Other writers publish while the slow one is in flight.
		var wg sync.WaitGroup
		others := make(chan goumai.Project, 2)
		for range 2 {
			wg.Go(func() { others <- w.approved(t, 1_000_000) })
		}
		for range 20 {
			crawl()
			if wm, err := s.Watermark(ctx); err != nil || wm > slowAt {
				t.Fatalf("watermark %d passed the in-flight transaction at %d (%v)", wm, slowAt, err)
			}
			if cursor >= slowAt {
				t.Fatalf("the crawler reached %d past the in-flight transaction at %d", cursor, slowAt)
			}
			time.Sleep(5 * time.Millisecond) // let the other writers queue behind the slow one; nothing is timed
		}
		close(release)
		if err := <-slowDone; err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		for range 100 {
			before := len(got)
			crawl()
			if len(got) == before {
				break
			}
		}

		var all []int64
		if _, err := s.Releases(ctx, sqlstore.ReleaseFilter{After: -1}, func(r sqlstore.StoredRelease) error {
			all = append(all, r.LogIndex)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(all) < 4 { // the first project, the slow re-approval, the two others
			t.Fatalf("only %d releases were published", len(all))
		}
		if len(got) != len(all) {
			t.Fatalf("the crawler got %d releases %v, the full read %d %v", len(got), got, len(all), all)
		}
		for i := range all {
			if got[i] != all[i] {
				t.Fatalf("release %d: crawler %d, full read %d", i, got[i], all[i])
			}
		}
		if all[len(all)-3] < slowAt {
			t.Fatalf("the slow release is not among the last three: %v (slow at %d)", all, slowAt)
		}
	})
}
