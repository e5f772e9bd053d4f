package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/redflag"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// BenchmarkCardinalLive (issue 12): Cardinal's indicators on the benchmark's
// synthetic province-year of n processes, three ways on the same data in the
// same run: one release's live update (its process recompiled, its process
// indicators re-decided: what every published release costs), the
// population indicators' pass over the kept compiled releases (what a
// scheduler tick after new releases costs), and `goumai indicators` on the
// compiled bulk file (every indicator, the full recompute).
func BenchmarkCardinalLive(b *testing.B) {
	for _, n := range []int{2000, 10000} {
		sqltest.EachBench(b, func(b *testing.B, s *sqlstore.Store, clock *goumai.FakeClock) {
			ctx := context.Background()
			fillBenchReleases(b, s, n)
			ocid := func(p int) string { return fmt.Sprintf("ocds-gm0000-%d", p) }
			for from := 1; from <= n; from += 500 { // the kept compiled releases, as the releases' transactions leave them
				if err := s.Update(ctx, func(tx *sqlstore.Tx) error {
					var ocids []string
					for p := from; p < from+500 && p <= n; p++ {
						ocids = append(ocids, ocid(p))
					}
					return sqlstore.UpdateCardinal(ctx, tx, ocids)
				}); err != nil {
					b.Fatal(err)
				}
			}
			b.Run(fmt.Sprintf("processes=%d/live-per-release", n), func(b *testing.B) {
				i := 0
				for b.Loop() {
					i++
					if err := s.Update(ctx, func(tx *sqlstore.Tx) error { return sqlstore.UpdateCardinal(ctx, tx, []string{ocid(1 + i%n)}) }); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("processes=%d/population-pass", n), func(b *testing.B) {
				for b.Loop() {
					if err := s.RefreshCardinalPopulation(ctx); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("processes=%d/full-file", n), func(b *testing.B) {
				settings, err := redflag.ParseSettings(strings.NewReader(redflag.LiveSettings()), redflag.Default)
				if err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
					acc, err := redflag.New(settings, redflag.Options{At: time.Now()})
					if err != nil {
						b.Fatal(err)
					}
					var bodies [][]byte
					cur := ""
					flush := func() {
						if len(bodies) > 0 {
							c, err := redflag.Compile(bodies...)
							if err != nil {
								b.Fatal(err)
							}
							_ = acc.Add(c)
							bodies = nil
						}
					}
					if err := s.ReleasesByOCID(ctx, func(r sqlstore.StoredRelease) error {
						if r.OCID != cur {
							flush()
							cur = r.OCID
						}
						bodies = append(bodies, r.Body)
						return nil
					}); err != nil {
						b.Fatal(err)
					}
					flush()
					acc.Result()
				}
			})
		})
	}
}
