package workflow_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// BenchmarkPaymentApprovals measures approving and paying requests of one
// contract (each op: the purchaser's approval and the payment, two
// transactions, the second posting to the ledger). "uncontended": one
// goroutine, one request after another, the baseline. "contended": 8
// goroutines on the same contract (they serialise on its procedure lock and
// the budget line's balance row), each taking the next request.
// "duplicates": 8 goroutines all approving and paying the same request at
// once (7 are refused): the cost of the refusals. The requests are made
// before the timer starts; after the run the ledger's paid amount must equal
// the requests paid.
func BenchmarkPaymentApprovals(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		for _, mode := range []string{"uncontended", "contended", "duplicates"} {
			b.Run(dialect+"/"+mode, func(b *testing.B) {
				clock := goumai.NewFakeClock(sqltest.Start)
				var s *sqlstore.Store
				if dialect == "sqlite" {
					s = sqltest.SQLite(b, clock)
				} else {
					s = sqltest.Postgres(b, clock)
				}
				benchPayments(b, s, clock, mode)
			})
		}
	}
}

func benchPayments(b *testing.B, s *sqlstore.Store, clock *goumai.FakeClock, mode string) {
	ctx := context.Background()
	ps := newPaymentScene(b, s, clock)
	m := ps.accept(b, 0)
	n := b.N
	if mode == "duplicates" {
		n = (b.N + 7) / 8
	}
	ids := make([]int64, n)
	for i := range ids {
		p, err := ps.svc.RequestPayment(ctx, ps.winner.Actor, ps.c.ID, workflow.PaymentInput{MilestoneID: m.ID, Amount: 1})
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = p.ID
	}
	before := mustBalanceTB(b, s, ps.line)
	one := func(id int64) error {
		if _, err := ps.svc.ApprovePayment(ctx, ps.staff, id, workflow.PaymentDecision{}); err != nil && goumai.ErrorCode(err) != goumai.EConflict {
			return err
		}
		_, err := ps.svc.RecordPayment(ctx, ps.reviewer, id, workflow.PaymentDecision{})
		if goumai.ErrorCode(err) == goumai.EConflict {
			return nil // a duplicate: paid by another
		}
		return err
	}
	b.ResetTimer()
	switch mode {
	case "uncontended":
		for _, id := range ids {
			if err := one(id); err != nil {
				b.Fatal(err)
			}
		}
	case "contended", "duplicates":
		var next atomic.Int64
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := next.Add(1) - 1
					if i >= int64(b.N) {
						return
					}
					id := ids[i%int64(n)]
					if mode == "duplicates" {
						id = ids[i/8]
					}
					if err := one(id); err != nil {
						b.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "approvals/s")
	if after := mustBalanceTB(b, s, ps.line); after.Paid != before.Paid+goumai.Fen(n) {
		b.Fatalf("paid %d, want %d", after.Paid-before.Paid, n)
	}
}

func mustBalanceTB(b testing.TB, s *sqlstore.Store, line int64) goumai.Balance {
	b.Helper()
	bal, err := s.Balance(context.Background(), line)
	if err != nil {
		b.Fatal(err)
	}
	return bal
}
