package workflow_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// TestBiddersCheckedAtDeadline: two suppliers submit; before the deadline
// the finance department lists one of them as a serious dishonest party in
// government procurement. The scheduler's close at the deadline checks every
// bidder again (ENG-A4), records each check under a reference naming no
// procedure, and notes the refusal on the listed bidder's sealed bid only.
func TestBiddersCheckedAtDeadline(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w, p, lot := tenderScene(t, s, clock)
		clock.Set(at(2026, 3, 20, 10, 0))
		clean, listed := w.bidders[0], w.bidders[1]
		for i, b := range []bidder{clean, listed} {
			d := must[goumai.Bid](t, "save")(w.svc.SaveBid(ctx, b.Actor, p.ID, lot.ID, bidInput(goumai.Fen(40_000_000+i))))
			must[goumai.Bid](t, "submit")(w.svc.SubmitBid(ctx, b.Actor, p.ID, lot.ID, b.sign(t, d)))
		}
		clock.Set(at(2026, 3, 25, 10, 0))
		w.lists(t, []goumai.Org{listed.Org}, nil)

		clock.Set(p.Periods.BidDeadline.Add(time.Second))
		if n := must[int](t, "tick")(w.svc.Tick(ctx)); n != 1 {
			t.Fatalf("tick moved %d", n)
		}
		for _, c := range []struct {
			b       bidder
			refused bool
		}{{clean, false}, {listed, true}} {
			checks := must[[]goumai.SupplierCheck](t, "checks")(s.FindSupplierChecks(ctx, sqlstore.CheckFilter{OrgID: c.b.Org.ID, Ref: deadlineRef, Limit: 10}))
			if len(checks) != 1 || !checks[0].At.Equal(p.Periods.BidDeadline) || (checks[0].Result == goumai.CheckRefused) != c.refused {
				t.Errorf("%s: the checks at the deadline: %+v", c.b.Org.Name, checks)
			}
			if len(checks) == 1 && strings.Contains(checks[0].Ref, p.Code) {
				t.Errorf("the check names the procedure: %q", checks[0].Ref)
			}
			bids := must[[]goumai.Bid](t, "my bids")(w.svc.MyBids(ctx, c.b.Actor))
			if len(bids) != 1 || bids[0].Status != goumai.BidSubmitted || (len(bids[0].Refusals) == 1) != c.refused {
				t.Errorf("%s: the sealed bid after the deadline: %+v", c.b.Org.Name, bids)
			}
			if c.refused && len(bids) == 1 && len(bids[0].Refusals) == 1 && bids[0].Refusals[0].Rule != "ENG-A4" {
				t.Errorf("the refusal's rule: %q", bids[0].Refusals[0].Rule)
			}
		}
		// A second tick does nothing more: no second check.
		if n := must[int](t, "tick again")(w.svc.Tick(ctx)); n != 0 {
			t.Fatalf("a second tick moved %d", n)
		}
		if checks := must[[]goumai.SupplierCheck](t, "checks")(s.FindSupplierChecks(ctx, sqlstore.CheckFilter{OrgID: listed.Org.ID, Ref: deadlineRef, Limit: 10})); len(checks) != 1 {
			t.Errorf("checks after a second tick: %d", len(checks))
		}
	})
}

// deadlineRef is the reference of the checks made at the deadline.
const deadlineRef = "密封投标截止时核查 sealed bid at the deadline"
