package workflow_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// fillOpenProcedures inserts n approved projects and, for each, a procedure
// open for bids whose deadline is months away, behind the log's back (the
// scheduler reads only the procurements table): the open procedures a tick
// must not read. Ten procedures due now are added the same way, so that every
// tick has the same work; they are put back to due before each tick.
func fillOpenProcedures(b *testing.B, s *sqlstore.Store, org int64, prefix string, n int) {
	b.Helper()
	ctx := context.Background()
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO projects (code, purchaser_org_id, region, title, status, created_at, updated_at)
		WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $1)
		SELECT $2 || i, $3, '330106', '社区居家养老服务项目', 'approved', '2026-03-02T01:00:00.000000Z', '2026-03-02T01:00:00.000000Z' FROM seq`,
		n, "GM-"+prefix+"-", org); err != nil {
		b.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO procurements (code, project_id, purchaser_org_id, region, title, category, amount, method,
		params_from, status, next_due, published_at, created_at, updated_at)
		SELECT 'CG-' || code, id, purchaser_org_id, region, title, 'services', 100000000, 'open_tender',
		'2026-03-01T16:00:00.000000Z', 'tendering', '2026-06-01T01:30:00.000000Z', '2026-03-02T01:00:00.000000Z', created_at, updated_at
		FROM projects WHERE code LIKE $1`, "GM-"+prefix+"-%"); err != nil {
		b.Fatal(err)
	}
	if s.Dialect() == sqlstore.Postgres { // as autovacuum would
		if _, err := s.DB().ExecContext(ctx, `ANALYZE procurements`); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTick measures one scheduler pass (Service.Tick) that finds ten
// procedures due and closes them — ten transactions with their events and
// log leaves — among 1,000 and then 100,000 open procedures whose deadlines
// are months away, and a pass that finds nothing due; beside the bare
// single-row transaction of BenchmarkProjectApproval, in the same run on the
// same database; then, in the same run, without the index on the due time.
// The due procedures are put back before each pass, outside the timer.
func BenchmarkTick(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			clock := goumai.NewFakeClock(sqltest.Start)
			var s *sqlstore.Store
			if db == "sqlite" {
				s = sqltest.SQLite(b, clock)
			} else {
				s = sqltest.Postgres(b, clock)
			}
			ctx := context.Background()
			svc := workflow.New(s)
			org, err := svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: "杭州市西湖区民政局", Kind: goumai.KindStateOrgan,
				CreditCode: projCode(b, "330106", "00400001X"), Region: "330106"})
			if err != nil {
				b.Fatal(err)
			}
			b.Run("bare_insert", func(b *testing.B) {
				for i := 0; b.Loop(); i++ {
					tx, err := s.DB().BeginTx(ctx, nil)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := tx.ExecContext(ctx, `INSERT INTO orgs (name, kind, class, staffing, region, finance_dept, active, created_at)
						VALUES ($1, $2, '', '', $3, $4, $5, $6)`, fmt.Sprintf("杭州市西湖区第%d社会工作服务中心", i), "social_org", "330106", false, true, "2026-03-02T01:00:00.000000Z"); err != nil {
						b.Fatal(err)
					}
					if err := tx.Commit(); err != nil {
						b.Fatal(err)
					}
				}
			})
			fillOpenProcedures(b, s, org.ID, "DUE", 10)
			var due []int64
			rows, err := s.DB().QueryContext(ctx, `SELECT id FROM procurements WHERE code LIKE 'CG-GM-DUE-%'`)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					b.Fatal(err)
				}
				due = append(due, id)
			}
			if err := rows.Close(); err != nil || len(due) != 10 {
				b.Fatal(len(due), err)
			}
			reset := func(b *testing.B) {
				for _, id := range due {
					if _, err := s.DB().ExecContext(ctx, `UPDATE procurements SET status = 'tendering', next_due = '2026-03-02T00:30:00.000000Z' WHERE id = $1`, id); err != nil {
						b.Fatal(err)
					}
				}
			}
			tick := func(want int) func(b *testing.B) {
				return func(b *testing.B) {
					for b.Loop() {
						if want > 0 {
							b.StopTimer()
							reset(b)
							b.StartTimer()
						}
						n, err := svc.Tick(ctx)
						if err != nil || n != want {
							b.Fatalf("tick moved %d (%v), want %d", n, err, want)
						}
					}
				}
			}
			for _, open := range []int{1_000, 100_000} {
				fillOpenProcedures(b, s, org.ID, fmt.Sprint(open), open-countOpen(b, s))
				b.Run(fmt.Sprintf("open=%d/due=0", open), tick(0))
				b.Run(fmt.Sprintf("open=%d/due=10", open), tick(10))
			}
			// The same passes without the index on the due time: every open
			// procedure is read.
			if _, err := s.DB().ExecContext(ctx, `DROP INDEX procurements_due`); err != nil {
				b.Fatal(err)
			}
			b.Run("open=100000/due=0/without_index", tick(0))
			b.Run("open=100000/due=10/without_index", tick(10))
		})
	}
}

// countOpen returns how many procedures have a due time.
func countOpen(b *testing.B, s *sqlstore.Store) int {
	b.Helper()
	var n int
	if err := s.DB().QueryRowContext(context.Background(), `SELECT count(*) FROM procurements WHERE next_due IS NOT NULL`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}
