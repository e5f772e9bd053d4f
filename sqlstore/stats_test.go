package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// loadDemoWorld loads the demo world (a year of 浙江's purchases, through the
// use cases) late in the year, so that the history holds every stage.
func loadDemoWorld(t *testing.T, db string) *sqlstore.Store {
	t.Helper()
	ctx := context.Background()
	clock := goumai.NewFakeClock(time.Date(2026, 12, 7, 10, 0, 0, 0, goumai.Shanghai))
	var s *sqlstore.Store
	if db == "sqlite" {
		s = sqltest.SQLite(t, clock)
	} else {
		s = sqltest.Postgres(t, clock)
	}
	svc := workflow.New(s)
	svc.PasswordParams = workflow.FastPasswordParams
	var err error
	if svc.Sealer, err = goumai.NewSealer([]byte("goumai rebuild tests' seal key!!")); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, svc); err != nil {
		t.Fatalf("demo.Load: %v", err)
	}
	return s
}

// The statistics the store kept event by event while the demo world was
// written equal those recomputed from the log; they agree with counts taken
// from the source tables; a cell changed behind goumai's back is reported by
// the check and restored by a rebuild.
func TestStatsEqualRecompute(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo world")
	}
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			ctx := context.Background()
			s := loadDemoWorld(t, db)
			diffs, err := s.CheckStats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range diffs {
				t.Errorf("%s", d)
			}
			if t.Failed() {
				t.FailNow()
			}

			// Every dimension the demo exercises has figures at the country level.
			per := map[string]int64{}
			var dim string
			var n int64
			rows, err := s.DB().QueryContext(ctx, `SELECT dim, SUM(n) FROM stat_cells WHERE region = $1 GROUP BY dim`, goumai.NationalCode)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				sqltest.Must(t, rows.Scan(&dim, &n))
				per[dim] = n
			}
			rows.Close()
			for _, d := range []goumai.StatDim{goumai.StatTotal, goumai.StatStage, goumai.StatCategory, goumai.StatMethod,
				goumai.StatSupplierKind, goumai.StatCompetition, goumai.StatReform, goumai.StatMethodRule} {
				if per[string(d)] <= 0 {
					t.Errorf("no %s figures at the country level: %v", d, per)
				}
			}

			// The country's and 浙江's approved projects are those of the projects table.
			var want, wantAmount, got, gotAmount int64
			sqltest.Must(t, s.DB().QueryRowContext(ctx, `SELECT count(*), COALESCE(SUM(amount), 0) FROM projects WHERE status = 'approved'`).Scan(&want, &wantAmount))
			for _, region := range []string{goumai.NationalCode, "330000"} {
				sqltest.Must(t, s.DB().QueryRowContext(ctx, `SELECT COALESCE(SUM(n), 0), COALESCE(SUM(amount), 0) FROM stat_cells
					WHERE region = $1 AND dim = 'total' AND key = 'projects'`, region).Scan(&got, &gotAmount))
				if got != want || gotAmount != wantAmount || want == 0 {
					t.Errorf("%s: %d approved projects (%d fen) in the statistics, %d (%d fen) in the table", region, got, gotAmount, want, wantAmount)
				}
			}
			approved := want
			// Every published procurement (a public figure: not one under
			// method approval, but one back in draft after its
			// prequalification) counts by method.
			sqltest.Must(t, s.DB().QueryRowContext(ctx, `SELECT count(*) FROM procurements WHERE published_at IS NOT NULL`).Scan(&want))
			sqltest.Must(t, s.DB().QueryRowContext(ctx, `SELECT COALESCE(SUM(n), 0) FROM stat_cells WHERE region = $1 AND dim = 'method'`, goumai.NationalCode).Scan(&got))
			if got != want {
				t.Errorf("%d procurements by method, %d in the table", got, want)
			}

			// Every published procedure, and those awaiting approval or
			// publicity, counts by whether the rules allowed its method.
			sqltest.Must(t, s.DB().QueryRowContext(ctx, `SELECT count(*) FROM procurements WHERE published_at IS NOT NULL
				OR status IN ('method_approval', 'publicity')`).Scan(&want))
			sqltest.Must(t, s.DB().QueryRowContext(ctx, `SELECT COALESCE(SUM(n), 0) FROM stat_cells WHERE region = $1 AND dim = 'method_rule'`, goumai.NationalCode).Scan(&got))
			if got != want {
				t.Errorf("%d procurements by method rule, %d in the table", got, want)
			}
			// Approved: the published non-tender procedures with the approval recorded.
			sqltest.Must(t, s.DB().QueryRowContext(ctx, `SELECT count(*) FROM procurements WHERE published_at IS NOT NULL
				AND status NOT IN ('method_approval', 'publicity') AND method <> 'open_tender' AND method_approved`).Scan(&want))
			sqltest.Must(t, s.DB().QueryRowContext(ctx, `SELECT COALESCE(SUM(n), 0) FROM stat_cells WHERE region = $1 AND dim = 'method_rule'
				AND key = 'approved'`, goumai.NationalCode).Scan(&got))
			if got != want || want == 0 {
				t.Errorf("%d approved methods in the statistics, %d in the table", got, want)
			}
			checkFlagStats(t, s)

			checkStatsReport(t, s, approved)

			// Tamper with one cell and delete another.
			if _, err := s.DB().ExecContext(ctx, `UPDATE stat_cells SET n = n + 1 WHERE region = $1 AND dim = 'total' AND key = 'projects'
				AND month = (SELECT MIN(month) FROM stat_cells WHERE region = $1 AND dim = 'total' AND key = 'projects')`, goumai.NationalCode); err != nil {
				t.Fatal(err)
			}
			if _, err := s.DB().ExecContext(ctx, `DELETE FROM stat_cells WHERE region = '330000' AND dim = 'method'`); err != nil {
				t.Fatal(err)
			}
			diffs, err = s.CheckStats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(diffs) < 2 {
				t.Fatalf("after tampering: %v", diffs)
			}
			if _, err := s.RebuildStats(ctx); err != nil {
				t.Fatal(err)
			}
			if diffs, err = s.CheckStats(ctx); err != nil || len(diffs) != 0 {
				t.Fatalf("after the rebuild: %v %v", diffs, err)
			}
		})
	}
}

// checkStatsReport reads the report of the country and drills down to a
// county's purchasers.
func checkStatsReport(t *testing.T, s *sqlstore.Store, approved int64) {
	t.Helper()
	ctx := context.Background()
	year := goumai.StatPeriod{From: "2026-01", To: "2026-12"}
	rep, err := s.Stats(ctx, goumai.NationalCode, year, goumai.GrainRegion, false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Previous != (goumai.StatPeriod{From: "2025-01", To: "2025-12"}) {
		t.Errorf("previous period %v", rep.Previous)
	}
	var total int64
	for _, tb := range rep.Tables {
		if tb.Dim == goumai.StatTotal {
			for _, r := range tb.Rows {
				if r.Key == "projects" {
					total = r.Now.N
				}
			}
		}
	}
	if total != approved {
		t.Errorf("the country's report: %d approved projects, want %d", total, approved)
	}
	// The country's own level first (no project of the demo is central), then the 34 provinces.
	if len(rep.Children) != 35 || !rep.Children[0].Own || rep.Children[0].Projects.N != 0 {
		t.Errorf("%d lines in the drill-down, the first %+v", len(rep.Children), rep.Children[0])
	}
	// 浙江's own level holds the province's and its prefectures' own projects are not counted twice.
	zjRep, err := s.Stats(ctx, "330000", year, goumai.GrainRegion, false)
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, c := range zjRep.Children {
		sum += c.Projects.N
	}
	if sum != approved {
		t.Errorf("浙江's drill-down adds up to %d approved projects, want %d", sum, approved)
	}
	var zj goumai.StatChild
	for _, c := range rep.Children {
		if c.Code == "330000" {
			zj = c
		}
	}
	if zj.Projects.N != approved || zj.Projects.Amount == 0 {
		t.Errorf("浙江 in the drill-down: %+v", zj)
	}
	// The public report leaves out the staff's dimensions and the payments.
	pub, err := s.Stats(ctx, goumai.NationalCode, year, goumai.GrainRegion, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range pub.Tables {
		if !tb.Dim.Public() {
			t.Errorf("public report has %s", tb.Dim)
		}
		for _, r := range tb.Rows {
			if !goumai.StatPublic(tb.Dim, r.Key) {
				t.Errorf("public report has %s/%s", tb.Dim, r.Key)
			}
		}
	}
	// The finest grain over the whole country is refused, field by field.
	if _, err := s.Stats(ctx, goumai.NationalCode, year, goumai.GrainPurchaser, false); goumai.AsError(err) == nil || goumai.AsError(err).Fields["grain"].ZH == "" {
		t.Errorf("purchasers of the whole country: %v", err)
	}
	// A county's purchasers add up to its approved projects.
	var county string
	var n int64
	sqltest.Must(t, s.DB().QueryRowContext(ctx, `SELECT region, count(*) FROM projects WHERE status = 'approved' GROUP BY region ORDER BY count(*) DESC, region LIMIT 1`).Scan(&county, &n))
	rep, err = s.Stats(ctx, county, year, goumai.GrainPurchaser, false)
	if err != nil {
		t.Fatal(err)
	}
	sum = 0
	for _, c := range rep.Children {
		sum += c.Projects.N
		if c.Name == "" {
			t.Errorf("purchaser %s has no name", c.Code)
		}
	}
	if sum != n {
		t.Errorf("%s: the purchasers have %d approved projects, the table %d", county, sum, n)
	}
}

// The statistics move with each event in its transaction: a function created
// and transferred in one transaction counts once, as transferred, at its
// county and every level above; a transaction that fails leaves the cells as
// they were; the cells equal the recompute throughout.
func TestStatsIncremental(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		var org goumai.Org
		sqltest.Must(t, s.Update(ctx, func(tx *sqlstore.Tx) error {
			org = goumai.Org{Name: "西湖区社会福利中心", Kind: goumai.KindInstitution, Class: goumai.ClassPublicII, Region: "330106", Active: true}
			var err error
			org.ID, err = tx.InsertOrg(ctx, org)
			return err
		}))
		sqltest.Must(t, s.Update(ctx, func(tx *sqlstore.Tx) error {
			f, err := tx.InsertFunction(ctx, goumai.System, goumai.Function{OrgID: org.ID, Region: "330106", Name: "居家养老上门服务", CatalogCode: "A0101", FundedPosts: 3, AnnualCost: 1_000_000_00})
			if err != nil {
				return err
			}
			f.Transferred = true
			return tx.UpdateFunction(ctx, goumai.System, "reform.function_update", f)
		}))
		cell := func(region, key string) (n, amount int64) {
			t.Helper()
			sqltest.Must(t, s.DB().QueryRowContext(ctx, `SELECT COALESCE(SUM(n), 0), COALESCE(SUM(amount), 0) FROM stat_cells
				WHERE region = $1 AND dim = 'reform' AND key = $2`, region, key).Scan(&n, &amount))
			return n, amount
		}
		for _, region := range []string{"330106", "330100", "330000", goumai.NationalCode} {
			if n, amount := cell(region, "transferred"); n != 1 || amount != 1_000_000_00 {
				t.Errorf("%s: transferred %d, %d fen", region, n, amount)
			}
			if n, amount := cell(region, "pending"); n != 0 || amount != 0 {
				t.Errorf("%s: pending %d, %d fen", region, n, amount)
			}
		}
		if n, _ := cell("330203", "transferred"); n != 0 {
			t.Errorf("a sibling county counts %d", n)
		}
		err := s.Update(ctx, func(tx *sqlstore.Tx) error {
			if _, err := tx.InsertFunction(ctx, goumai.System, goumai.Function{OrgID: org.ID, Region: "330106", Name: "老年助餐配送", CatalogCode: "A0101", AnnualCost: 480_000_00}); err != nil {
				return err
			}
			return goumai.Fields{"name": goumai.M("测试", "test")}.Err()
		})
		if err == nil {
			t.Fatal("the failing transaction committed")
		}
		if n, amount := cell(goumai.NationalCode, "pending"); n != 0 || amount != 0 {
			t.Errorf("a rolled-back function counts: %d, %d fen", n, amount)
		}
		diffs, err := s.CheckStats(ctx)
		sqltest.Must(t, err)
		for _, d := range diffs {
			t.Errorf("%s", d)
		}
	})
}
