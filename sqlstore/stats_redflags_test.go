package sqlstore_test

import (
	"context"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// checkFlagStats: the stored statistics equal their recompute, and the red
// flags' cells of the country and of each flag's county equal the flags
// table (raised, active, cleared, raised per indicator).
func checkFlagStats(t *testing.T, s *sqlstore.Store) {
	t.Helper()
	ctx := context.Background()
	diffs, err := s.CheckStats(ctx)
	sqltest.Must(t, err)
	for _, d := range diffs {
		t.Errorf("%s", d)
	}
	cell := func(region, key string) int64 {
		var n int64
		sqltest.Must(t, s.DB().QueryRowContext(ctx, `SELECT COALESCE(SUM(n), 0) FROM stat_cells WHERE region = $1 AND dim = 'red_flag' AND key = $2`,
			region, key).Scan(&n))
		return n
	}
	rows, err := s.DB().QueryContext(ctx, `SELECT region, indicator, state, count(*) FROM red_flags GROUP BY region, indicator, state`)
	sqltest.Must(t, err)
	want := map[[2]string]int64{}
	for rows.Next() {
		var region, ind, state string
		var n int64
		sqltest.Must(t, rows.Scan(&region, &ind, &state, &n))
		for _, r := range []string{region, goumai.NationalCode} {
			want[[2]string{r, "raised"}] += n
			want[[2]string{r, state}] += n
			want[[2]string{r, "raised:" + ind}] += n
		}
	}
	sqltest.Must(t, rows.Err())
	rows.Close()
	for k, n := range want {
		if got := cell(k[0], k[1]); got != n {
			t.Errorf("%s red_flag/%s: %d in the statistics, %d in the table", k[0], k[1], got, n)
		}
	}
	for _, k := range []string{"raised", "active", "cleared"} {
		if w := want[[2]string{goumai.NationalCode, k}]; cell(goumai.NationalCode, k) != w {
			t.Errorf("country %s: %d, want %d", k, cell(goumai.NationalCode, k), w)
		}
	}
}
