package workflow_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestBidsGrouped: submissions to one procedure made at once share a
// transaction (sqlstore.UpdateGrouped), and each keeps the result it has
// alone. The first submission holds its transaction until the others wait
// behind it; then, in one batch, a credit-listed supplier is refused (ENG-A4)
// with its check and refusal kept, a submission with a bad signature is
// refused and leaves nothing, of two related suppliers (ENG-A6) exactly one
// is in, a supplier related to the first one's is refused, and every other
// submission is in, its commitment logged once.
func TestBidsGrouped(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newBidWorld(t, s, clock)
		w.moreBidders(t, 10)
		kang, yiyang, ankang := w.bidders[0], w.bidders[1], w.bidders[2]
		pairA, pairB, forged := w.bidders[4], w.bidders[5], w.bidders[6]
		w.lists(t, []goumai.Org{ankang.Org}, nil)
		for _, r := range []struct {
			b        bidder
			head, id string
		}{{kang, "王美华", "11010519491231002X"}, {yiyang, "王美华", "11010519491231002X"},
			{pairA, "李建国", "110105198001010016"}, {pairB, "李建国", "110105198001010016"}} {
			if _, err := w.svc.SaveSupplierProfile(ctx, r.b.Actor, r.b.Org.ID, goumai.ProfileInput{HeadName: r.head, HeadID: r.id}); err != nil {
				t.Fatal(err)
			}
		}
		deadline := at(2026, 3, 30, 9, 30)
		p := w.openTender(t, w.approved(t, 50_000_000), deadline)
		lot := w.lot(t, p)
		clock.Set(deadline.Add(-time.Minute))
		ins := make([]workflow.SubmitInput, len(w.bidders))
		for i, b := range w.bidders {
			ins[i] = b.sign(t, must[goumai.Bid](t, "draft")(w.svc.SaveBid(ctx, b.Actor, p.ID, lot.ID, bidInput(goumai.Fen(40_000_000+i)))))
		}
		bad := []byte(ins[6].Signature)
		bad[0] ^= 1
		ins[6].Signature = string(bad)

		// The first submission (康宁's) waits inside its transaction until
		// every other one has been made and waits behind it.
		var made atomic.Int64
		var inside atomic.Bool
		workflow.SetBidHook(w.svc, func() {
			if !inside.CompareAndSwap(false, true) {
				return
			}
			for made.Load() < int64(len(w.bidders)-1) {
				time.Sleep(time.Millisecond)
			}
			time.Sleep(100 * time.Millisecond) // they queue in the group
		})
		errs := make([]error, len(w.bidders))
		var wg sync.WaitGroup
		wg.Go(func() { _, errs[0] = w.svc.SubmitBid(ctx, kang.Actor, p.ID, lot.ID, ins[0]) })
		for !inside.Load() {
			time.Sleep(time.Millisecond)
		}
		for i := 1; i < len(w.bidders); i++ {
			wg.Go(func() {
				made.Add(1)
				_, errs[i] = w.svc.SubmitBid(ctx, w.bidders[i].Actor, p.ID, lot.ID, ins[i])
			})
		}
		wg.Wait()

		accepted := 0
		pairIn := 0
		for i, b := range w.bidders {
			e := goumai.AsError(errs[i])
			own := must[[]goumai.Bid](t, "own")(w.svc.MyBids(ctx, b.Actor))[0]
			switch {
			case b.Org.ID == yiyang.Org.ID || b.Org.ID == ankang.Org.ID:
				rule := map[bool]string{true: "ENG-A6", false: "ENG-A4"}[b.Org.ID == yiyang.Org.ID]
				if errs[i] == nil || e.Code != goumai.EForbidden || e.Rule != rule {
					t.Errorf("%s: %v, want %s refused", b.Username, errs[i], rule)
				}
				if own.Status != goumai.BidDraft || len(own.Refusals) != 1 || own.Refusals[0].Rule != rule {
					t.Errorf("%s: refused, its bid %s with refusals %+v: want a draft with the refusal kept", b.Username, own.Status, own.Refusals)
				}
			case b.Org.ID == forged.Org.ID:
				if errs[i] == nil || e.Code != goumai.EInvalid || len(own.Refusals) != 0 || own.Status != goumai.BidDraft {
					t.Errorf("%s: forged signature: %v, bid %s %+v: want invalid, nothing kept", b.Username, errs[i], own.Status, own.Refusals)
				}
			case b.Org.ID == pairA.Org.ID || b.Org.ID == pairB.Org.ID:
				if errs[i] == nil {
					pairIn++
					accepted++
				} else if e.Rule != "ENG-A6" || own.Status != goumai.BidDraft {
					t.Errorf("%s: %v, bid %s: want in, or refused by ENG-A6", b.Username, errs[i], own.Status)
				}
			default:
				if errs[i] != nil || own.Status != goumai.BidSubmitted || own.Submitted.Commitment != ins[i].Commitment {
					t.Errorf("%s: %v, bid %s: want in", b.Username, errs[i], own.Status)
				}
				accepted++
			}
		}
		if pairIn != 1 {
			t.Errorf("%d of two related suppliers are in, want exactly one (ENG-A6)", pairIn)
		}
		var rows int
		if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM bid_commitments`).Scan(&rows); err != nil || rows != accepted {
			t.Errorf("%d commitments logged for %d accepted bids (%v)", rows, accepted, err)
		}
		checks := must[[]goumai.SupplierCheck](t, "checks")(s.FindSupplierChecks(ctx, sqlstore.CheckFilter{OrgID: ankang.Org.ID, Limit: 10}))
		if len(checks) != 1 || checks[0].Result != goumai.CheckRefused {
			t.Errorf("the credit-listed supplier's checks: %+v, want its refused check kept", checks)
		}
		verify(t, s)
	})
}
