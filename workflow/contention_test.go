package workflow_test

import (
	"context"
	"sync"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestConcurrentFeeFollowsFunction: several requests to transfer the same
// function (费随事转) are approved at once. The function's row is locked before
// the balances, so exactly one is posted; the others find it transferred.
func TestConcurrentFeeFollowsFunction(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newBudgetWorld(t, s)
		instLine, buyer := w.feeLines(t)
		fn, err := w.svc.CreateFunction(ctx, w.xihuAdmin, workflow.FunctionInput{OrgID: w.institute.ID, Name: "居家养老上门服务", CatalogCode: "A0102", FundedPosts: 6, AnnualCost: 100_000_00})
		if err != nil {
			t.Fatal(err)
		}
		const n = 6
		var requests []goumai.Transfer
		for range n {
			tr, err := w.svc.RequestTransfer(ctx, w.xihuAdmin, workflow.TransferInput{FromLine: instLine.ID, ToLine: buyer.ID, Amount: 100_000_00, FunctionID: fn.ID, Memo: "费随事转"})
			if err != nil {
				t.Fatal(err)
			}
			requests = append(requests, tr)
		}
		var wg sync.WaitGroup
		errs := make([]error, n)
		start := make(chan struct{})
		for i, tr := range requests {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = w.svc.DecideTransfer(ctx, w.approver, tr.ID, workflow.TransferDecision{Approve: true, Opinion: "同意"})
			}()
		}
		close(start)
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch goumai.ErrorCode(err) {
			case "":
				ok++
			case goumai.EConflict:
			default:
				t.Errorf("approval: %v, want success or conflict", err)
			}
		}
		if ok != 1 {
			t.Errorf("%d transfers of one function were posted, want exactly 1", ok)
		}
		if b := mustBalance(t, s, instLine.ID); b.Appropriated != 400_000_00 {
			t.Errorf("institution's line after the approvals: %+v, want one transfer out", b)
		}
		verify(t, s)
	})
}
