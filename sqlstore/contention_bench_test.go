package sqlstore_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// BenchmarkOpposingTransfers is the load: 8 clients transferring
// between the same two lines, half in each direction. Beside it, in the same
// run and on the same database: the 8 clients all transferring one way (the
// same rows, no opposing order) and one client alone. It reports transfers per
// second and the transfers that failed (any error).
func BenchmarkOpposingTransfers(b *testing.B) {
	benchStores(b, func(b *testing.B, s *sqlstore.Store) {
		x, y := newLineB(b, s, "调剂甲"), newLineB(b, s, "调剂乙")
		for _, l := range []int64{x, y} {
			if _, err := post(s, l, goumai.LedgerAppropriate, 1_000_000_00); err != nil {
				b.Fatal(err)
			}
		}
		for _, c := range []struct {
			name     string
			clients  int
			opposing bool
		}{{"opposing/clients=8", 8, true}, {"one_way/clients=8", 8, false}, {"serial/clients=1", 1, false}} {
			b.Run(c.name, func(b *testing.B) {
				var next, failed atomic.Int64
				var wg sync.WaitGroup
				for i := range c.clients {
					from, to := x, y
					if c.opposing && i%2 == 1 {
						from, to = y, x
					}
					wg.Add(1)
					go func() {
						defer wg.Done()
						for next.Add(1) <= int64(b.N) {
							if err := transfer(s, from, to, 1); err != nil {
								failed.Add(1)
							}
						}
					}()
				}
				wg.Wait()
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "transfers/s")
				b.ReportMetric(float64(failed.Load()), "failed")
			})
		}
	})
}
