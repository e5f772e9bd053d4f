package sqlstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// BenchmarkStatsRollup (issue 13) generates the statistics of 1,000,000
// projects (GOUMAI_STATS_PROJECTS says otherwise) spread over every county
// of the country (2,845) and the twelve months of 2026, writing their cells
// directly into stat_cells at every level (county, prefecture, province,
// country), as the statistics hook would have, and the same projects into a
// plain source table. It then times the page's reads (Store.Stats: the
// country, a province, a prefecture and a county's purchasers, each against
// the previous year) and, as the baseline in the same run, a full recompute
// of the country page's figures from the source rows (one GROUP BY per
// dimension and per period). The fill is done once per database, whatever
// b.N: run with -benchtime 1x.
//
//	GOUMAI_TEST_POSTGRES=... go test ./sqlstore -run '^$' -bench StatsRollup -benchtime 1x -timeout 60m
func BenchmarkStatsRollup(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("GOUMAI_STATS_PROJECTS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	benchStores(b, func(b *testing.B, s *sqlstore.Store) {
		ctx := context.Background()
		fmt.Printf("%s: load before fill: %s\n", s.Dialect(), loadavg())
		start := time.Now()
		cells := fillStats(b, s, n, goumai.NationalCode)
		fmt.Printf("%s: %d projects in %d cells and %d source rows, filled in %s; load %s\n", s.Dialect(), n, cells, n, time.Since(start).Round(time.Second), loadavg())
		year := goumai.StatPeriod{From: "2026-01", To: "2026-12"}
		var county string
		for _, c := range s.Regions().Children("330100") {
			if len(s.Regions().Children(c)) == 0 {
				county = c
				break
			}
		}
		for _, c := range []struct {
			name, region string
			grain        goumai.StatGrain
		}{
			{"country", goumai.NationalCode, goumai.GrainRegion},
			{"province 330000", "330000", goumai.GrainRegion},
			{"prefecture 330100", "330100", goumai.GrainRegion},
			{"county " + county + " by purchaser", county, goumai.GrainPurchaser},
		} {
			var times []time.Duration
			var rep goumai.StatReport
			for i := 0; i < 20; i++ {
				t0 := time.Now()
				var err error
				if rep, err = s.Stats(ctx, c.region, year, c.grain, false); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(t0))
			}
			var total int64
			for _, t := range rep.Tables {
				if t.Dim == goumai.StatTotal {
					for _, r := range t.Rows {
						if r.Key == "projects" {
							total = r.Now.N
						}
					}
				}
			}
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			fmt.Printf("%s: stats page of %s (%d approved projects, %d lines of drill-down): p50 %s, max %s (20 calls)\n",
				s.Dialect(), c.name, total, len(rep.Children), times[len(times)/2].Round(10*time.Microsecond), times[len(times)-1].Round(10*time.Microsecond))
		}
		// The baseline: the country page's figures recomputed from the source rows.
		var times []time.Duration
		for i := 0; i < 3; i++ {
			t0 := time.Now()
			rows := 0
			for _, p := range []goumai.StatPeriod{year, year.Previous()} {
				for _, col := range []string{"status", "catalog", "method", "supplier_kind", "province"} {
					r, err := s.DB().QueryContext(ctx, `SELECT `+col+`, count(*), SUM(amount) FROM bench_stat_source WHERE month >= $1 AND month <= $2 GROUP BY `+col, p.From, p.To)
					if err != nil {
						b.Fatal(err)
					}
					for r.Next() {
						rows++
					}
					r.Close()
				}
			}
			times = append(times, time.Since(t0))
			_ = rows
		}
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		fmt.Printf("%s: baseline, the country page recomputed from %d source rows: median %s of 3; load %s\n", s.Dialect(), n, times[1].Round(time.Millisecond), loadavg())
	})
}

// fillStats writes n synthetic projects of root's counties: their cells and
// source rows; it returns the number of cells.
func fillStats(b *testing.B, s *sqlstore.Store, n int, root string) int {
	ctx := context.Background()
	var counties []goumai.Region
	var walk func(code string)
	walk = func(code string) {
		cs := s.Regions().Children(code)
		if len(cs) == 0 {
			g, _ := s.Regions().Get(code)
			if g.Level == goumai.LevelCounty {
				counties = append(counties, g)
			}
			return
		}
		for _, c := range cs {
			walk(c)
		}
	}
	walk(root)
	type key struct{ region, month, dim, key string }
	type fig struct{ n, amount int64 }
	cells := map[key]*fig{}
	add := func(k key, amount int64) {
		f := cells[k]
		if f == nil {
			f = &fig{}
			cells[k] = f
		}
		f.n++
		f.amount += amount
	}
	statuses := []string{"approved", "approved", "approved", "submitted", "returned", "rejected", "draft"}
	catalogs := []string{"A", "A", "A", "B", "C", "D", "E", "F"}
	kinds := []string{"social_org", "social_org", "enterprise", "enterprise", "institution", "individual"}
	rng := rand.New(rand.NewPCG(13, 1))
	src := make([][]any, 0, n)
	for i := 0; i < n; i++ {
		c := counties[rng.IntN(len(counties))]
		path := s.Regions().Path(c.Code)
		month := fmt.Sprintf("2026-%02d", 1+rng.IntN(12))
		if i%4 == 0 {
			month = fmt.Sprintf("2025-%02d", 1+rng.IntN(12)) // the previous year too
		}
		status := statuses[rng.IntN(len(statuses))]
		cat, method, kind := catalogs[rng.IntN(len(catalogs))], searchMethods[rng.IntN(len(searchMethods))], kinds[rng.IntN(len(kinds))]
		amount := int64(50_000_00 + rng.IntN(2_000_000_00))
		purchaser := strconv.Itoa(rng.IntN(8) + 1)
		for _, g := range path {
			add(key{g.Code, month, "stage", "projects:" + status}, amount)
			if status == "approved" {
				add(key{g.Code, month, "total", "projects"}, amount)
				add(key{g.Code, month, "category", cat}, amount)
				add(key{g.Code, month, "method", method}, amount)
				add(key{g.Code, month, "supplier_kind", kind}, amount)
				add(key{g.Code, month, "total", "contracts"}, amount)
			}
		}
		if status == "approved" {
			add(key{c.Code, month, "purchaser", c.Code + purchaser}, amount)
		}
		src = append(src, []any{c.Code, path[1].Code, month, status, cat, method, kind, amount})
	}
	db := s.DB()
	if _, err := db.ExecContext(ctx, `CREATE TABLE bench_stat_source (region TEXT NOT NULL, province TEXT NOT NULL, month TEXT NOT NULL, status TEXT NOT NULL,
		catalog TEXT NOT NULL, method TEXT NOT NULL, supplier_kind TEXT NOT NULL, amount BIGINT NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	bulk := func(table string, cols int, rows [][]any) {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		defer tx.Rollback()
		const per = 500
		stmt := func(k int) string {
			var q strings.Builder
			q.WriteString("INSERT INTO " + table + " VALUES ")
			for j := 0; j < k; j++ {
				if j > 0 {
					q.WriteString(", ")
				}
				q.WriteString("(")
				for c := 0; c < cols; c++ {
					if c > 0 {
						q.WriteString(", ")
					}
					q.WriteString("$" + strconv.Itoa(j*cols+c+1))
				}
				q.WriteString(")")
			}
			return q.String()
		}
		full, err := tx.PrepareContext(ctx, stmt(per))
		if err != nil {
			b.Fatal(err)
		}
		defer full.Close()
		for i := 0; i < len(rows); i += per {
			end := min(i+per, len(rows))
			args := make([]any, 0, (end-i)*cols)
			for _, r := range rows[i:end] {
				args = append(args, r...)
			}
			if end-i == per {
				_, err = full.ExecContext(ctx, args...)
			} else {
				_, err = tx.ExecContext(ctx, stmt(end-i), args...)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	bulk("bench_stat_source", 8, src)
	rows := make([][]any, 0, len(cells))
	for k, f := range cells {
		rows = append(rows, []any{k.region, k.month, k.dim, k.key, f.n, f.amount})
	}
	bulk("stat_cells (region, month, dim, key, n, amount)", 6, rows)
	if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return len(cells)
}
