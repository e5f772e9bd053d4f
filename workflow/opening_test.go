package workflow_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// submitAt drafts and submits a lawful bid at price for bidder b on lot.
func (w *bw) submitAt(t testing.TB, b bidder, p goumai.Procurement, lot goumai.Lot, price goumai.Fen) goumai.Bid {
	t.Helper()
	ctx := context.Background()
	d := must[goumai.Bid](t, "save")(w.svc.SaveBid(ctx, b.Actor, p.ID, lot.ID, bidInput(price)))
	return must[goumai.Bid](t, "submit")(w.svc.SubmitBid(ctx, b.Actor, p.ID, lot.ID, b.sign(t, d)))
}

// checkOpening runs the log-only opening check over the store's leaves.
func checkOpening(t testing.TB, s *sqlstore.Store, id int64) goumai.OpeningCheck {
	t.Helper()
	ctx := context.Background()
	size := must[int64](t, "tree size")(s.TreeSize(ctx))
	leaves := must[[][]byte](t, "leaves")(s.ReadEntries(ctx, 0, size))
	c := goumai.NewOpeningChecker(id)
	for i, l := range leaves {
		if err := c.Visit(int64(i), l); err != nil {
			t.Fatal(err)
		}
	}
	return c.Result()
}

// TestOpening opens a tender at its deadline: the standing bids only (a
// replaced one by its last version), each checked against its logged
// commitment — one tampered with after submission is set aside — the
// opening record public, the log check passing, and two ticks at once
// opening it once.
func TestOpening(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w, p, lot := tenderScene(t, s, clock)
		bids := map[int64]goumai.Bid{}
		for i, b := range w.bidders {
			bids[b.Org.ID] = w.submitAt(t, b, p, lot, goumai.Fen(45_000_000+i*1_000_000))
		}
		// The first bidder replaces its bid: the replacement is what opens.
		replaced := w.submitAt(t, w.bidders[0], p, lot, 44_500_000)
		bids[w.bidders[0].Org.ID] = replaced
		// Someone holding the seal key alters the last bidder's stored price.
		last := w.bidders[len(w.bidders)-1]
		tamper(t, s, w, bids[last.Org.ID].ID, 30_000_000)

		if _, err := w.svc.OpeningRecord(ctx, goumai.Actor{}, p.ID); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("the opening record before the deadline: %v", err)
		}
		clock.Set(p.Periods.BidDeadline)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func() { defer wg.Done(); _, errs[i] = w.svc.Tick(ctx) }()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("tick: %v", err)
			}
		}
		p = must[goumai.Procurement](t, "procurement")(w.svc.Procurement(ctx, w.agent, p.ID))
		if p.Status != goumai.ProcEvaluation {
			t.Fatalf("after the deadline the procedure is %s", p.Status)
		}
		if n := countEvents(t, s, "procurements", p.ID, "procurement.open"); n != 1 {
			t.Fatalf("opened %d times", n)
		}
		rec := must[goumai.Opening](t, "opening record")(w.svc.OpeningRecord(ctx, goumai.Actor{}, p.ID))
		if len(rec.Bids) != len(w.bidders) {
			t.Fatalf("opened %d bids, want %d: %+v", len(rec.Bids), len(w.bidders), rec.Bids)
		}
		for _, o := range rec.Bids {
			want := bids[o.OrgID]
			switch {
			case o.OrgID == last.Org.ID:
				if o.Matches || o.SetAside != goumai.RuleCommitmentMismatch || o.Price != 30_000_000 {
					t.Errorf("the tampered bid is opened as %+v", o)
				}
			case !o.Valid() || o.Price != want.Submitted.Content.Price || o.Commitment != want.Submitted.Commitment || o.Supplier == "":
				t.Errorf("bid of %d opened as %+v, want price %d commitment %s", o.OrgID, o, want.Submitted.Content.Price, want.Submitted.Commitment)
			}
		}
		// The opening record is a public notice.
		ns := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, p.ID))
		if k := ns[len(ns)-1].Kind; k != goumai.NoticeOpening || len(ns[len(ns)-1].Body.Opening) != len(w.bidders) {
			t.Errorf("the last notice is %s with %d bids", k, len(ns[len(ns)-1].Body.Opening))
		}
		// From the log alone: every opened bid was committed before the close.
		c := checkOpening(t, s, p.ID)
		if !c.OK() || len(c.Opened) != len(w.bidders) {
			t.Fatalf("the log check: %+v", c)
		}
		// goumai log verify sees the tampering too, and nothing else.
		rep := must[sqlstore.VerifyReport](t, "verify")(s.Verify(ctx, nil))
		if tampered := fmt.Sprintf("bids %d: row differs", bids[last.Org.ID].ID); len(rep.Problems) != 1 || !strings.HasPrefix(rep.Problems[0], tampered) {
			t.Fatalf("log verify: %v; want only %q", rep.Problems, tampered)
		}
		// A bid after the opening is late, naming the rule.
		if _, err := w.svc.SaveBid(ctx, w.bidders[1].Actor, p.ID, lot.ID, bidInput(40_000_000)); goumai.AsError(err).Rule != "O87-33" {
			t.Errorf("a bid after the opening: %v", err)
		}
		if _, err := w.svc.OpenBids(ctx, w.staff, p.ID); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("opening again: %v", err)
		}
	})
}

// TestOpeningFails fails a tender with two bids at its deadline (ENG-E2):
// the opening record and the 废标公告 are published, and the project is free
// for a new procedure.
func TestOpeningFails(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w, p, lot := tenderScene(t, s, clock)
		for _, b := range w.bidders[:2] {
			w.submitAt(t, b, p, lot, 45_000_000)
		}
		clock.Set(p.Periods.BidDeadline)
		if _, err := w.svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		p = must[goumai.Procurement](t, "procurement")(w.svc.Procurement(ctx, w.agent, p.ID))
		if p.Status != goumai.ProcFailed {
			t.Fatalf("a tender with two bids is %s", p.Status)
		}
		ns := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, p.ID))
		kinds := []goumai.NoticeKind{}
		for _, n := range ns {
			kinds = append(kinds, n.Kind)
		}
		if len(kinds) < 2 || kinds[len(kinds)-2] != goumai.NoticeOpening || kinds[len(kinds)-1] != goumai.NoticeFailure {
			t.Fatalf("notices %v: want the opening record then the 废标公告", kinds)
		}
		if r := ns[len(ns)-1].Body.Reason; r == "" || !json.Valid([]byte(`"`+r+`"`)) {
			t.Errorf("the 废标公告 says why: %q", r)
		}
		if c := checkOpening(t, s, p.ID); !c.OK() || len(c.Opened) != 2 {
			t.Errorf("the log check: %+v", c)
		}
		// The next step: an approved negotiation with the two (ENG-E2), once.
		if _, err := w.svc.FollowUp(ctx, w.bidders[0].Actor, p.ID, workflow.FollowUpInput{Version: p.Version, Kind: "negotiate"}); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("a supplier starting the follow-up: %v", err)
		}
		next := must[goumai.Procurement](t, "negotiate")(w.svc.FollowUp(ctx, w.staff, p.ID, workflow.FollowUpInput{Version: p.Version, Kind: "negotiate"}))
		two := []int64{w.bidders[0].Org.ID, w.bidders[1].Org.ID}
		slices.Sort(two)
		if next.Method != goumai.MethodCompetitiveNeg || next.Reason != goumai.ReasonFailedTender || !slices.Equal(next.Invited, two) ||
			next.Status != goumai.ProcDraft || next.ProjectID != p.ProjectID {
			t.Errorf("the negotiation: %+v", next)
		}
		if _, err := w.svc.FollowUp(ctx, w.staff, p.ID, workflow.FollowUpInput{Version: p.Version, Kind: "retender"}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("a second follow-up: %v", err)
		}
	})
}

// TestOpeningFailsRetender: a tender with one valid bid (the other's
// document was swapped after sealing: set aside) fails; a negotiation is
// refused (ENG-E2: it needs exactly two), a re-tender copies the documents
// and lots into a new draft of the same project.
func TestOpeningFailsRetender(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w, p, lot := tenderScene(t, s, clock)
		// The second bidder's document is replaced in the store after it was
		// sealed: its bid opens as not matching its commitment.
		doc := must[goumai.Bid](t, "document")(w.svc.AddBidDocument(ctx, w.bidders[1].Actor, p.ID, lot.ID, "方案.pdf", pdf("原始技术方案")))
		for _, b := range w.bidders[:2] {
			w.submitAt(t, b, p, lot, 45_000_000)
		}
		slot := w.svc.Sealer.Tag("bid-slot", strconv.FormatInt(p.ID, 10), strconv.FormatInt(lot.ID, 10), strconv.FormatInt(w.bidders[1].Org.ID, 10))
		tag := w.svc.Sealer.Tag("bid-document", slot, doc.Draft.Content.Documents[0].SHA256)
		if _, err := s.DB().ExecContext(ctx, `UPDATE bid_documents SET sealed = $1 WHERE tag = $2`, w.svc.Sealer.Seal(pdf("调换后的方案"), "bid-document:"+tag), tag); err != nil {
			t.Fatal(err)
		}
		clock.Set(p.Periods.BidDeadline)
		if _, err := w.svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		p = must[goumai.Procurement](t, "procurement")(w.svc.Procurement(ctx, w.staff, p.ID))
		if p.Status != goumai.ProcFailed {
			t.Fatalf("a tender with one valid bid is %s", p.Status)
		}
		rec := must[goumai.Opening](t, "opening")(w.svc.OpeningRecord(ctx, goumai.Actor{}, p.ID))
		for _, o := range rec.Bids {
			if swapped := o.OrgID == w.bidders[1].Org.ID; o.Matches == swapped || swapped != (o.SetAside == goumai.RuleDocumentMismatch) {
				t.Errorf("opened %s: matches %v, set aside %q", o.Supplier, o.Matches, o.SetAside)
			}
		}
		if c := checkOpening(t, s, p.ID); !c.OK() {
			t.Errorf("the log check (a document mismatch is the record's statement): %+v", c)
		}
		for _, c := range []struct {
			kind string
			code goumai.Code
			rule string
		}{{"negotiate", goumai.EConflict, "ENG-E2"}, {"bogus", goumai.EInvalid, ""}, {"", goumai.EInvalid, ""}} {
			if _, err := w.svc.FollowUp(ctx, w.staff, p.ID, workflow.FollowUpInput{Version: p.Version, Kind: c.kind}); goumai.ErrorCode(err) != c.code || goumai.AsError(err).Rule != c.rule {
				t.Errorf("follow-up %q: %v", c.kind, err)
			}
		}
		next := must[goumai.Procurement](t, "retender")(w.svc.FollowUp(ctx, w.staff, p.ID, workflow.FollowUpInput{Version: p.Version, Kind: "retender"}))
		lots := must[[]goumai.Lot](t, "lots")(s.Lots(ctx, next.ID))
		if next.Method != p.Method || next.Status != goumai.ProcDraft || len(lots) != 1 || lots[0].Budget != lot.Budget || next.Documents.Requirements != p.Documents.Requirements {
			t.Errorf("the re-tender: %+v lots %+v", next, lots)
		}
	})
}

// tamper re-seals a stored bid with another submitted price, as someone
// holding the seal key could: the content no longer hashes to the
// commitment the log holds.
func tamper(t testing.TB, s *sqlstore.Store, w *bw, bidID int64, price goumai.Fen) {
	t.Helper()
	ctx := context.Background()
	row := must[sqlstore.SealedBid](t, "bid row")(s.Bid(ctx, bidID))
	plain, err := w.svc.Sealer.Open(row.Sealed, "bid:"+row.Slot)
	if err != nil {
		t.Fatal(err)
	}
	var b map[string]any
	if err := json.Unmarshal(plain, &b); err != nil {
		t.Fatal(err)
	}
	b["submitted"].(map[string]any)["content"].(map[string]any)["price"] = price
	plain, _ = json.Marshal(b)
	if _, err := s.DB().ExecContext(ctx, `UPDATE bids SET sealed = $1 WHERE id = $2`, w.svc.Sealer.Seal(plain, "bid:"+row.Slot), bidID); err != nil {
		t.Fatal(err)
	}
}

// TestOpeningPartnerShare: publication writes the SME deductions into the
// documents (ENG-G4, the range's lowest when left at 0), and the opening
// keeps the small and micro partners' share a sealed bid declares, which
// the evaluation deducts by.
func TestOpeningPartnerShare(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w, p, lot := tenderScene(t, s, clock)
		if d := p.Documents; d.SMEDeductionPct != 10 || d.SMEPartnerPct != 4 {
			t.Fatalf("published deductions %d %% and %d %%, want 10 and 4", d.SMEDeductionPct, d.SMEPartnerPct)
		}
		for i, b := range w.bidders {
			in := bidInput(goumai.Fen(45_000_000 + i*1_000_000))
			if i == 0 {
				in.SME = goumai.SMEDeclaration{Size: "medium", Statement: "联合协议约定小微企业合同份额40%。", PartnerSharePct: 40}
			}
			d := must[goumai.Bid](t, "save")(w.svc.SaveBid(ctx, b.Actor, p.ID, lot.ID, in))
			must[goumai.Bid](t, "submit")(w.svc.SubmitBid(ctx, b.Actor, p.ID, lot.ID, b.sign(t, d)))
		}
		clock.Set(p.Periods.BidDeadline)
		if _, err := w.svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		rec := must[goumai.Opening](t, "opening record")(w.svc.OpeningRecord(ctx, goumai.Actor{}, p.ID))
		for _, o := range rec.Bids {
			want := 0
			if o.OrgID == w.bidders[0].Org.ID {
				want = 40
			}
			if o.PartnerSharePct != want || !o.Valid() {
				t.Errorf("bid of %d opened with partners' share %d (valid %v), want %d", o.OrgID, o.PartnerSharePct, o.Valid(), want)
			}
		}
	})
}
