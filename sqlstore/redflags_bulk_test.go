package sqlstore_test

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/redflag"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// On the benchmark's synthetic province-year (GOUMAI_REDFLAG_PROCESSES
// processes, 300 by default), the store's recompute equals the recompute
// from the bulk file.
func TestRedFlagsSyntheticRecompute(t *testing.T) {
	n := 300
	if v, err := strconv.Atoi(os.Getenv("GOUMAI_REDFLAG_PROCESSES")); err == nil && v > 0 {
		n = v
	}
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		bulk := fillBenchReleases(t, s, n)
		if err := s.RecomputeRedFlags(ctx); err != nil {
			t.Fatal(err)
		}
		want, err := redflag.NewEngine(s.RedFlagParams(ctx)).Recompute(bytes.NewReader(bulk))
		if err != nil {
			t.Fatal(err)
		}
		compareFlags(t, storedActive(t, s), want)
		count := map[string]int{}
		for _, f := range want {
			count[f.Indicator]++
		}
		t.Logf("%d processes: %d flags %v", n, len(want), count)
	})
}
