package workflow_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// ew is the evaluation test world: an open tender (the test documents:
// 综合评分法, price weight 20, 服务方案 50 and 持证人员比例 30 by ranges) whose
// bids were opened at the deadline, the procedure under evaluation, and a
// panel of five experts seated.
type ew struct {
	*bw
	p       goumai.Procurement
	lot     goumai.Lot
	opened  []goumai.OpenedBid
	experts []goumai.Actor
	seats   []goumai.PanelMember
}

// evalWorld submits one bid per price (bidder i, a small firm), opens them
// and seats the panel, as the opening and the draw would.
func evalWorld(t testing.TB, s *sqlstore.Store, clock *goumai.FakeClock, prices ...goumai.Fen) *ew {
	t.Helper()
	return evalWorldBy(t, s, clock, goumai.MethodOpenTender, prices...)
}

// evalWorldBy is evalWorld with the procedure's method changed at opening
// (the bids were made in an open tender: the fixture only needs the method
// evaluation sees).
func evalWorldBy(t testing.TB, s *sqlstore.Store, clock *goumai.FakeClock, method goumai.ProcurementMethod, prices ...goumai.Fen) *ew {
	t.Helper()
	ctx := context.Background()
	w, p, lot := tenderScene(t, s, clock)
	if len(prices) > len(w.bidders) {
		w.moreBidders(t, len(prices)-len(w.bidders))
	}
	e := &ew{bw: w, p: p, lot: lot}
	clock.Set(p.Periods.BidDeadline.Add(-time.Hour))
	var bids []goumai.Bid
	for i, price := range prices {
		b := w.bidders[i]
		d := must[goumai.Bid](t, "draft")(w.svc.SaveBid(ctx, b.Actor, p.ID, lot.ID, bidInput(price)))
		bids = append(bids, must[goumai.Bid](t, "submit")(w.svc.SubmitBid(ctx, b.Actor, p.ID, lot.ID, b.sign(t, d))))
	}
	e.newExperts(t)
	clock.Set(p.Periods.BidDeadline.Add(time.Minute))
	err := s.Update(ctx, func(tx *sqlstore.Tx) error {
		q, err := tx.Procurement(ctx, p.ID)
		if err != nil {
			return err
		}
		q.Status, q.Method = goumai.ProcEvaluation, method
		if q.Version, err = tx.UpdateProcurement(ctx, q); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "procurement.open", Table: "procurements", Key: q.ID, Region: q.Region}); err != nil {
			return err
		}
		e.p = q
		for i, b := range bids {
			content, _ := json.Marshal(b.Submitted.Content)
			digest := sha256.Sum256(content)
			o := goumai.OpenedBid{ProcurementID: p.ID, LotID: lot.ID, BidID: b.ID, OrgID: b.OrgID, Supplier: w.bidders[i].Org.Name,
				Price: prices[i], SMESize: "small", ContentDigest: hex.EncodeToString(digest[:]), Salt: b.Submitted.Salt,
				Commitment: b.Submitted.Commitment, CommitmentID: b.Submitted.CommitmentID, Matches: true, OpenedAt: tx.Now()}
			if o.ID, err = tx.InsertOpenedBid(ctx, o, content); err != nil {
				return err
			}
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "bid.open", Table: "opened_bids", Key: o.ID, Region: q.Region}); err != nil {
				return err
			}
			e.opened = append(e.opened, o)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	e.seatPanel(t)
	return e
}

// newExperts makes the five experts of the panel.
func (e *ew) newExperts(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	w := e.bw
	experts := must[goumai.Org](t, "expert org")(w.svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: "浙江省政府采购评审专家库",
		Kind: goumai.KindStateOrgan, CreditCode: projCode(t, "330000", "00300077X"), Region: "330106"}))
	for i := range 5 {
		e.experts = append(e.experts, w.member(t, experts, fmt.Sprintf("expert%d", i), goumai.RoleExpert))
	}
}

// seatPanel seats the experts on the procedure's panel, as the draw would.
func (e *ew) seatPanel(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	err := e.s.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		p := e.p
		for _, x := range e.experts {
			m := goumai.PanelMember{ProcurementID: p.ID, UserID: x.UserID, Kind: goumai.PanelExpert, Status: goumai.PanelActive, JoinedAt: tx.Now()}
			if m.ID, err = tx.InsertPanelMember(ctx, m); err != nil {
				return err
			}
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "panel.seat", Table: "panel_members", Key: m.ID, Region: p.Region}); err != nil {
				return err
			}
			e.seats = append(e.seats, m)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seat: %v", err)
	}
}

// evalWorldOpened is evalWorld with the bids opened by the deadline's tick
// (the opening record published), not written in place.
func evalWorldOpened(t testing.TB, s *sqlstore.Store, clock *goumai.FakeClock, prices ...goumai.Fen) *ew {
	t.Helper()
	ctx := context.Background()
	w, p, lot := tenderScene(t, s, clock)
	e := &ew{bw: w, p: p, lot: lot}
	for i, price := range prices {
		w.submitAt(t, w.bidders[i], p, lot, price)
	}
	e.newExperts(t)
	clock.Set(p.Periods.BidDeadline.Add(time.Minute))
	if _, err := w.svc.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	e.p = must[goumai.Procurement](t, "procurement")(w.svc.Procurement(ctx, w.staff, p.ID))
	e.opened = must[goumai.Opening](t, "opening")(w.svc.OpeningRecord(ctx, w.staff, p.ID)).Bids
	e.seatPanel(t)
	return e
}

// passAll has the organiser qualify and the first expert pass every bid's compliance.
func (e *ew) passAll(t testing.TB) {
	t.Helper()
	for _, o := range e.opened {
		e.review(t, o, goumai.ReviewQualification, true)
		e.review(t, o, goumai.ReviewCompliance, true)
	}
}

func (e *ew) review(t testing.TB, o goumai.OpenedBid, stage goumai.ReviewStage, pass bool) {
	t.Helper()
	a := e.experts[0]
	if stage == goumai.ReviewQualification && goumai.MethodConfigs[e.p.Method].Tender {
		a = e.staff
	}
	in := workflow.ReviewInput{Stage: stage, Pass: pass}
	if !pass {
		in.Reason = "未按要求提供养老服务机构备案材料"
	}
	must[goumai.BidReview](t, "review")(e.svc.ReviewBid(context.Background(), a, e.p.ID, o.ID, in))
}

// score has every expert give bid o plan and staff points (full marks need no reason).
func (e *ew) score(t testing.TB, o goumai.OpenedBid, plan, staff string) {
	t.Helper()
	for _, x := range e.experts {
		must[[]goumai.ItemScore](t, "score")(e.svc.ScoreBid(context.Background(), x, e.p.ID, o.ID, workflow.ScoreInput{Scores: []workflow.ScoreEntry{
			{Item: "服务方案", Points: plan, Reason: "方案较完整"}, {Item: "持证人员比例", Points: staff, Reason: "持证比例未达90%"}}}))
	}
}

// status reads the procedure's state.
func (e *ew) status(t testing.TB) goumai.ProcurementStatus {
	t.Helper()
	p, err := e.s.Procurement(context.Background(), e.p.ID)
	if err != nil {
		t.Fatal(err)
	}
	return p.Status
}
