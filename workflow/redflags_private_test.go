package workflow_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// ENG-F4 on live data: an expert seated on the panel declares (after the
// draw) that she left a bidder's employ a year ago. No release shows it (the
// expert pool is private), so the store checks the panel against the
// bidders in the transaction that publishes the award: the flag names the
// member's seat and the bidder, cites the award's release and the seat's
// leaf, and explains that the data are not public. A recompute of the store
// gives the same flag. A member without such a link raises nothing.
func TestRedFlagPanelLinks(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w, p, lot := reportedScene(t, s, clock)
		rec := must[goumai.Opening](t, "opening")(w.svc.OpeningRecord(ctx, w.staff, p.ID))
		cheapest := cheapestOpened(rec)
		var linked goumai.Org // a bidder that did not win
		for _, b := range w.bidders {
			if b.Org.ID != cheapest.OrgID && slices.ContainsFunc(rec.Bids, func(o goumai.OpenedBid) bool { return o.OrgID == b.Org.ID }) {
				linked = b.Org
				break
			}
		}
		seats := must[[]goumai.PanelMember](t, "panel")(s.PanelMembers(ctx, p.ID))
		seat := seats[0]
		sqltest.Must(t, s.Update(ctx, func(tx *sqlstore.Tx) error {
			from, to := clock.Now().AddDate(-4, 0, 0), clock.Now().AddDate(-1, 0, 0)
			e := goumai.Expert{UserID: seat.UserID, Region: "330000", Specialities: []string{"A01"}, Active: true,
				Relations: []goumai.ExpertRelation{{CreditCode: linked.CreditCode, Kind: goumai.RelEmployment, From: from, To: &to}}}
			id, err := tx.InsertExpert(ctx, e)
			if err != nil {
				return err
			}
			_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "expert.create", Table: "experts", Key: id, Region: e.Region})
			return err
		}))
		p = must[goumai.Procurement](t, "confirm")(w.svc.ConfirmResult(ctx, w.staff, p.ID, workflow.ConfirmInput{Version: p.Version,
			Lots: []workflow.LotConfirmation{{LotID: lot.ID, OpenedBidID: cheapest.ID}}}))
		must[goumai.Notice](t, "publish")(w.svc.PublishResult(ctx, w.staff, p.ID, p.Version))

		flags := must[[]goumai.RedFlag](t, "flags")(s.RedFlags(ctx, sqlstore.RedFlagFilter{Indicator: "ENG-F4"}))
		if len(flags) != 1 {
			t.Fatalf("%d ENG-F4 flags, want 1 (one member linked to one bidder): %+v", len(flags), flags)
		}
		f := flags[0]
		party := "CN-USCC-" + linked.CreditCode
		if f.SupplierID != party || f.SupplierOrgID != linked.ID || f.Subject != fmt.Sprintf("member-%d/%s", seat.ID, party) || f.State != goumai.RedFlagActive ||
			f.LegalBasis != "GPL-IR Art. 9; O74 Art. 7" || f.PurchaserOrgID == 0 {
			t.Errorf("flag %+v", f)
		}
		if len(f.Evidence.Releases) == 0 || len(f.Evidence.Leaves) != 1 || f.Evidence.Leaves[0].LogIndex <= 0 ||
			f.Evidence.Leaves[0].Object != fmt.Sprintf("panel_members/%d", seat.ID) || f.Evidence.Leaves[0].Source != "" {
			t.Errorf("evidence %+v: the award's release and the seat's leaf", f.Evidence)
		}
		if !strings.Contains(f.Evidence.Detail.EN, "not public") || !strings.Contains(f.Evidence.Detail.ZH, "不公开") || !strings.Contains(f.Evidence.Detail.EN, "employment") {
			t.Errorf("detail %+v", f.Evidence.Detail)
		}
		sqltest.Must(t, s.RecomputeRedFlags(ctx))
		again := must[[]goumai.RedFlag](t, "flags")(s.RedFlags(ctx, sqlstore.RedFlagFilter{Indicator: "ENG-F4"}))
		if len(again) != 1 || again[0].ID != f.ID || again[0].State != goumai.RedFlagActive || again[0].Value != f.Value ||
			again[0].Evidence.Detail != f.Evidence.Detail || !slices.Equal(again[0].Evidence.Leaves, f.Evidence.Leaves) || !slices.Equal(again[0].Evidence.Releases, f.Evidence.Releases) {
			t.Errorf("after a recompute: %+v, want %+v", again, f)
		}

		// The declaration withdrawn (entered by mistake): the profile's
		// transaction clears the flag, as a recompute would; declared again,
		// the same flag is active again.
		declare := func(rel []goumai.ExpertRelation) {
			t.Helper()
			sqltest.Must(t, s.Update(ctx, func(tx *sqlstore.Tx) error {
				e, err := tx.ExpertOfUser(ctx, seat.UserID)
				if err != nil {
					return err
				}
				e.Relations = rel
				if err := tx.UpdateExpert(ctx, e); err != nil {
					return err
				}
				_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "expert.update", Table: "experts", Key: e.ID, Region: e.Region})
				return err
			}))
		}
		state := func() goumai.RedFlagState {
			t.Helper()
			return must[goumai.RedFlag](t, "flag")(s.RedFlag(ctx, f.ID)).State
		}
		relations := must[goumai.Expert](t, "expert")(s.ExpertOfUser(ctx, seat.UserID)).Relations
		declare(nil)
		if got := state(); got != goumai.RedFlagCleared {
			t.Errorf("after the declaration was withdrawn: %s", got)
		}
		sqltest.Must(t, s.RecomputeRedFlags(ctx))
		if got := state(); got != goumai.RedFlagCleared {
			t.Errorf("withdrawn, after a recompute: %s", got)
		}
		declare(relations)
		if got := state(); got != goumai.RedFlagActive {
			t.Errorf("declared again: %s", got)
		}
	})
}
