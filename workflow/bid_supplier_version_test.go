package workflow_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestPreparedSupplierData: a submission reads the supplier data (the
// organisation, its evidence, the lists and its entries, its signing key)
// before its transaction, and the transaction takes it only when the supplier
// data's version is unchanged. Data changed between the two — a ban list
// naming the supplier, its evidence, its organisation, its key — is read
// again by the transaction and judged: the submission is refused by the new
// data, and the check recorded says so. A submission itself leaves the
// version as it was (it writes none of the counted tables).
func TestPreparedSupplierData(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w, p, lot := tenderScene(t, s, clock)
		clock.Set(at(2026, 3, 20, 10, 0))
		var taken atomic.Int64
		workflow.SetTakenHook(w.svc, func() { taken.Add(1) })
		version := func() int64 {
			t.Helper()
			var v int64
			if err := s.ReadSnapshot(ctx, func(r *sqlstore.Snapshot) error {
				var err error
				v, err = r.SupplierDataVersion(ctx)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return v
		}
		lastCheck := func(b bidder) goumai.SupplierCheck {
			t.Helper()
			cs := must[[]goumai.SupplierCheck](t, "checks")(s.FindSupplierChecks(ctx, sqlstore.CheckFilter{OrgID: b.Org.ID, Limit: 1}))
			if len(cs) != 1 {
				t.Fatalf("no check of %s recorded", b.Org.Name)
			}
			return cs[0]
		}
		submit := func(b bidder, between func()) (goumai.Bid, error) {
			t.Helper()
			d := must[goumai.Bid](t, "save")(w.svc.SaveBid(ctx, b.Actor, p.ID, lot.ID, bidInput(48_000_000)))
			workflow.SetPreparedHook(w.svc, between)
			defer workflow.SetPreparedHook(w.svc, nil)
			taken.Store(0)
			return w.svc.SubmitBid(ctx, b.Actor, p.ID, lot.ID, b.sign(t, d))
		}

		// Nothing changed: the data read before is taken, and the submission
		// bumps nothing.
		b0 := w.bidders[0]
		before := version()
		if _, err := submit(b0, nil); err != nil {
			t.Fatalf("submit: %v", err)
		}
		if taken.Load() != 1 {
			t.Errorf("the transaction took the data read before %d times, want 1", taken.Load())
		}
		if v := version(); v != before {
			t.Errorf("a submission changed the supplier data's version: %d → %d", before, v)
		}
		if c := lastCheck(b0); c.Result != goumai.CheckPassed || len(c.Lists) == 0 || len(c.Evidence) == 0 {
			t.Errorf("the check of the data read before: %+v", c)
		}

		for _, c := range []struct {
			name    string
			b       bidder
			between func()
			code    goumai.Code
			rule    string
		}{
			{"a ban list naming the supplier", w.bidders[1], func() { w.lists(t, nil, []goumai.Org{w.bidders[1].Org}) }, goumai.EForbidden, "ENG-A5"},
			{"its licence replaced by one not yet in force", w.bidders[2], func() {
				b := w.bidders[2]
				if _, err := w.svc.AddEvidence(ctx, b.Actor, b.Org.ID, goumai.EvidenceInput{Kind: goumai.RequiredEvidence[0], ValidFrom: at(2026, 6, 1, 0, 0)},
					"later.pdf", pdf("later licence")); err != nil {
					t.Fatal(err)
				}
			}, goumai.EForbidden, "ENG-A3"},
			{"its organisation deactivated", w.bidders[3], func() {
				o := w.bidders[3].Org
				if _, err := w.svc.UpdateOrg(ctx, goumai.System, o.ID, workflow.OrgInput{Name: o.Name, Kind: o.Kind, Class: o.Class, Staffing: o.Staffing,
					CreditCode: o.CreditCode, Region: o.Region, ParentID: o.ParentID, Address: o.Address, Phone: o.Phone}, false); err != nil {
					t.Fatal(err)
				}
			}, goumai.EForbidden, "ENG-A2"},
			{"its key revoked", b0, func() {
				if _, err := w.svc.RevokeKey(ctx, b0.Actor, b0.Org.ID, b0.keyID); err != nil {
					t.Fatal(err)
				}
				clock.Advance(time.Second)
			}, goumai.EInvalid, "signature"},
		} {
			_, err := submit(c.b, c.between)
			wantRule(t, c.name, err, c.code, c.rule)
			if taken.Load() != 0 {
				t.Errorf("%s: the transaction took the data read before", c.name)
			}
			if c.code == goumai.EForbidden {
				if ch := lastCheck(c.b); ch.Result != goumai.CheckRefused || ch.Rule != c.rule {
					t.Errorf("%s: the check recorded: %+v", c.name, ch)
				}
			}
		}
	})
}
