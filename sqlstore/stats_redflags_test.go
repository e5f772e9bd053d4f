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

// A database whose flags predate migration 0077 has no red-flag cells;
// applying it rebuilds the statistics, which then count them.
func TestStatsRedFlagsMigration(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		sqltest.InsertRedFlag(t, s, "R018", "ocds-gm0000-1", "330106", 0)
		for _, q := range []string{`DELETE FROM stat_cells WHERE dim = 'red_flag'`, `DELETE FROM schema_migrations WHERE version = 77`} {
			if _, err := s.DB().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if diffs, err := s.CheckStats(ctx); err != nil || len(diffs) == 0 {
			t.Fatalf("before the migration: %v %v", diffs, err)
		}
		applied, err := s.Migrate(ctx)
		if err != nil || len(applied) != 1 || applied[0] != "0077_stats_red_flags.sql" {
			t.Fatalf("applied %v %v", applied, err)
		}
		checkFlagStats(t, s)
		var n int64
		sqltest.Must(t, s.DB().QueryRowContext(ctx, `SELECT COALESCE(SUM(n), 0) FROM stat_cells WHERE region = '330000' AND dim = 'red_flag' AND key = 'raised'`).Scan(&n))
		if n != 1 {
			t.Errorf("浙江 counts %d flags raised, want 1", n)
		}
	})
}
