package workflow_test

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// moreBidders adds n suppliers ready to bid to the world.
func (w *bw) moreBidders(t testing.TB, n int) {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		o, err := w.svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: fmt.Sprintf("投标压力测试%03d服务有限公司", i), Kind: goumai.KindEnterprise,
			CreditCode: projCode(t, "330106", fmt.Sprintf("004%05dX", i)), Region: "330106"})
		if err != nil {
			t.Fatal(err)
		}
		w.bidders = append(w.bidders, w.newBidder(t, o, fmt.Sprintf("burst%03d", i)))
	}
}

// TestBidsAtTheDeadline: 200 suppliers submit in the last second while the
// scheduler closes the procedure at the deadline. Every submission that
// committed is in — its commitment logged before the close — and every other
// one was refused naming the rule and left its bid a draft; nothing is
// half-written, and the log verifies.
func TestBidsAtTheDeadline(t *testing.T) {
	if testing.Short() {
		t.Skip("200 suppliers")
	}
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newBidWorld(t, s, clock)
		w.lists(t, nil, nil)
		w.moreBidders(t, 200-len(w.bidders))
		deadline := at(2026, 3, 30, 9, 30)
		p := w.openTender(t, w.approved(t, 50_000_000), deadline)
		lot := w.lot(t, p)
		clock.Set(deadline.Add(-time.Minute))
		ins := make([]workflow.SubmitInput, len(w.bidders))
		for i, b := range w.bidders {
			d := must[goumai.Bid](t, "draft")(w.svc.SaveBid(ctx, b.Actor, p.ID, lot.ID, bidInput(goumai.Fen(40_000_000+i))))
			ins[i] = b.sign(t, d)
		}
		clock.Set(deadline.Add(-time.Second))

		// The first half submits at once; once 20 are in, the second half and
		// the scheduler's close start together.
		errs := make([]error, len(w.bidders))
		var in atomic.Int64
		second := make(chan struct{})
		var once sync.Once
		var wg sync.WaitGroup
		submit := func(i int) {
			defer wg.Done()
			_, errs[i] = w.svc.SubmitBid(ctx, w.bidders[i].Actor, p.ID, lot.ID, ins[i])
			if errs[i] == nil && in.Add(1) >= 20 {
				once.Do(func() { close(second) })
			}
		}
		half := len(w.bidders) / 2
		for i := range half {
			wg.Add(1)
			go submit(i)
		}
		var closeErr error
		closed := make(chan struct{})
		go func() {
			defer close(closed)
			<-second
			clock.Set(deadline)
			_, closeErr = w.svc.Tick(ctx)
		}()
		wg.Add(1) // the launcher of the second half
		go func() {
			defer wg.Done()
			<-second
			for i := half; i < len(w.bidders); i++ {
				wg.Add(1)
				go submit(i)
			}
		}()
		wg.Wait()
		<-closed
		if closeErr != nil {
			t.Fatalf("tick: %v", closeErr)
		}

		p = must[goumai.Procurement](t, "procurement")(s.Procurement(ctx, p.ID))
		if p.Status != goumai.ProcEvaluation && p.Status != goumai.ProcFailed { // closed and opened at once
			t.Fatalf("the procedure is %s", p.Status)
		}
		closes := must[[]goumai.Event](t, "events")(s.FindEvents(ctx, sqlstore.EventFilter{ObjectType: "procurements", ObjectID: strconv.FormatInt(p.ID, 10), Limit: 50}))
		closeAt := int64(-1)
		for _, e := range closes {
			if e.Action == "procurement.close" {
				closeAt = e.ID
			}
		}
		if closeAt < 0 {
			t.Fatal("no close event")
		}
		var accepted, refused int
		for i, b := range w.bidders {
			own := must[[]goumai.Bid](t, "own")(w.svc.MyBids(ctx, b.Actor))
			if len(own) != 1 {
				t.Fatalf("%s has %d bids", b.Username, len(own))
			}
			got := own[0]
			switch {
			case errs[i] == nil:
				accepted++
				if got.Status != goumai.BidSubmitted || got.Submitted == nil || got.Submitted.Commitment != ins[i].Commitment {
					t.Fatalf("%s: accepted, but its bid is %s %+v", b.Username, got.Status, got.Submitted)
				}
				es := must[[]goumai.Event](t, "commit event")(s.FindEvents(ctx, sqlstore.EventFilter{ObjectType: "bid_commitments",
					ObjectID: strconv.FormatInt(got.Submitted.CommitmentID, 10), Limit: 2}))
				if len(es) != 1 || es[0].ID > closeAt {
					t.Fatalf("%s: accepted, its commitment logged at %v, the close at %d", b.Username, es, closeAt)
				}
			case goumai.AsError(errs[i]).Rule == "O87-33" || goumai.ErrorCode(errs[i]) == goumai.EBusy:
				refused++
				if got.Status != goumai.BidDraft || got.Submitted != nil || got.Draft.Commitment != ins[i].Commitment {
					t.Fatalf("%s: refused (%v), but its bid is %s %+v", b.Username, errs[i], got.Status, got.Submitted)
				}
			default:
				t.Fatalf("%s: %v", b.Username, errs[i])
			}
		}
		var rows int
		if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM bid_commitments`).Scan(&rows); err != nil || rows != accepted {
			t.Fatalf("%d commitments logged for %d accepted bids (%v)", rows, accepted, err)
		}
		t.Logf("%d in, %d out", accepted, refused)
		if accepted < 20 || refused < 1 {
			t.Fatalf("the burst did not straddle the deadline: %d in, %d out", accepted, refused)
		}
		verify(t, s)
	})
}

// TestBidsOneSupplierAtOnce: requests of one supplier on one lot at once take
// turns on its bid: every submission that succeeded is in the bid's history
// (none lost to another's write), and each was logged once.
func TestBidsOneSupplierAtOnce(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w, p, lot := tenderScene(t, s, clock)
		kang := w.bidders[0]
		must[goumai.Bid](t, "first draft")(w.svc.SaveBid(ctx, kang.Actor, p.ID, lot.ID, bidInput(40_000_000)))
		var ok atomic.Int64
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() {
				d, err := w.svc.SaveBid(ctx, kang.Actor, p.ID, lot.ID, bidInput(goumai.Fen(41_000_000+i)))
				if err != nil {
					t.Errorf("save %d: %v", i, err)
					return
				}
				_, err = w.svc.SubmitBid(ctx, kang.Actor, p.ID, lot.ID, kang.sign(t, d))
				switch c := goumai.ErrorCode(err); {
				case err == nil:
					ok.Add(1)
				case c == goumai.EInvalid || c == goumai.EConflict || c == goumai.EBusy: // another's draft came between
				default:
					t.Errorf("submit %d: %v", i, err)
				}
			})
		}
		wg.Wait()
		b := must[[]goumai.Bid](t, "own")(w.svc.MyBids(ctx, kang.Actor))
		var rows int64
		if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM bid_commitments`).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if n := ok.Load(); n == 0 || len(b) != 1 || int64(len(b[0].History))+1 != n || rows != n {
			t.Fatalf("%d submissions succeeded; the bid's history holds %d before the standing one; %d commitments logged", n, len(b[0].History), rows)
		}
		verify(t, s)
	})
}
