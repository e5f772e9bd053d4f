package workflow_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// BenchmarkProjectApproval measures one application from submission to final
// approval — submit, then the three steps of the default chain, the last
// committing the budget through the ledger: four use-case transactions with
// their rule checks, events and log leaves — beside the bare database/sql
// transaction of sqlstore's BenchmarkBareInsert, measured in the same run on
// the same database. Drafts are created outside the timer.
func BenchmarkProjectApproval(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			open := func() *sqlstore.Store {
				clock := goumai.NewFakeClock(sqltest.Start)
				if db == "sqlite" {
					return sqltest.SQLite(b, clock)
				}
				return sqltest.Postgres(b, clock)
			}
			b.Run("bare_insert", func(b *testing.B) {
				s := open()
				for i := 0; b.Loop(); i++ {
					bareInsert(b, s, i)
				}
			})
			b.Run("submit_to_approve", func(b *testing.B) {
				w := newProjectWorld(b, open())
				ctx := context.Background()
				in := w.fullInput(100) // ¥1.00: the line holds a million of them
				b.ReportAllocs()
				for b.Loop() {
					b.StopTimer()
					p, err := w.svc.CreateProject(ctx, w.staff, in)
					if err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					if p, err = w.svc.SubmitProject(ctx, w.staff, p.ID, p.Version); err != nil {
						b.Fatal(err)
					}
					for _, a := range []goumai.Actor{w.approver, w.reviewer, w.fapp} {
						p = w.decide(b, a, p, goumai.ActApprove, "同意")
					}
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "approvals/s")
			})
		})
	}
}

// bareInsert is the bare database/sql transaction the use cases are compared
// with: one single-row INSERT, committed.
func bareInsert(b *testing.B, s *sqlstore.Store, i int) {
	if err := bareInsertTx(s, i); err != nil {
		b.Fatal(err)
	}
}

// bareInsertTx is bareInsert returning its error, for RunParallel's goroutines.
func bareInsertTx(s *sqlstore.Store, i int) error {
	ctx := context.Background()
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO orgs (name, kind, class, staffing, region, finance_dept, active, created_at)
		VALUES ($1, $2, '', '', $3, $4, $5, $6)`, fmt.Sprintf("杭州市西湖区第%d社会工作服务中心", i), "social_org", "330106", false, true, "2026-03-02T01:00:00.000000Z"); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}
