package workflow_test

import (
	"context"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// BenchmarkReleaseGeneration measures what publishing an OCDS release adds to
// an event's transaction. Each loop runs three transactions that each record
// one event of the same approved project (re-recorded with tx.Record, as
// TestFeedSlowWriter does), alternating so that all three see the same load:
//
//   - release: a public "project.approve", which yields a planning release
//     (the builder reads the purchaser and the budget line in the
//     transaction, encodes the release and inserts it into ocds_releases);
//   - public-none: a public "project.submit", which yields none;
//   - private: a private "project.approve", which yields none.
//
// ratio is release time / public-none time.
func BenchmarkReleaseGeneration(b *testing.B) {
	run := func(b *testing.B, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProcWorld(b, s, clock)
		p := w.approved(b, 1_000_000)
		record := func(action string, public bool) time.Duration {
			t0 := time.Now()
			err := s.Update(ctx, func(tx *sqlstore.Tx) error {
				_, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: action, Table: "projects", Key: p.ID, Region: p.Region, Public: public})
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			return time.Since(t0)
		}
		count := func() int {
			var n int
			if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM ocds_releases`).Scan(&n); err != nil {
				b.Fatal(err)
			}
			return n
		}
		before := count()
		var rel, none, priv time.Duration
		for b.Loop() {
			rel += record("project.approve", true)
			none += record("project.submit", true)
			priv += record("project.approve", false)
		}
		if got := count() - before; got != b.N {
			b.Fatalf("%d releases written for %d public project.approve events", got, b.N)
		}
		n := float64(b.N)
		b.ReportMetric(float64(rel.Nanoseconds())/n, "release-ns/op")
		b.ReportMetric(float64(none.Nanoseconds())/n, "public-none-ns/op")
		b.ReportMetric(float64(priv.Nanoseconds())/n, "private-ns/op")
		b.ReportMetric(float64(rel)/float64(none), "ratio")
		b.ReportMetric(float64(rel)/float64(priv), "ratio-vs-private")
	}
	sqltest.EachBench(b, run)
}
