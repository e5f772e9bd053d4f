package workflow_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/translog"
	"github.com/goumai/goumai/workflow"
)

// bidRows is what a refused bid must leave as it was: the log and the bid tables.
type bidRows struct{ tree, bids, docs, commitments, checks int64 }

func bidRowsNow(t testing.TB, s *sqlstore.Store) bidRows {
	t.Helper()
	ctx := context.Background()
	var c bidRows
	var err error
	if c.tree, err = s.TreeSize(ctx); err != nil {
		t.Fatal(err)
	}
	for q, n := range map[string]*int64{"bids": &c.bids, "bid_documents": &c.docs, "bid_commitments": &c.commitments, "supplier_checks": &c.checks} {
		if err := s.DB().QueryRowContext(ctx, "SELECT count(*) FROM "+q).Scan(n); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// TestBids: one row per clause of issue 8 item 9 — what a supplier may do
// with its bid until the deadline, and every way it is refused: each
// refusal names its rule and writes nothing, except the refusals by a
// supplier rule, which keep their check and a note on the sealed bid.
func TestBids(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newBidWorld(t, s, clock)
		kang, yiyang, ankang, xiyang := w.bidders[0], w.bidders[1], w.bidders[2], w.bidders[3]
		w.lists(t, []goumai.Org{ankang.Org}, []goumai.Org{xiyang.Org})
		// 颐养 has the same head as 康宁: related bidders (ENG-A6).
		for _, b := range []bidder{kang, yiyang} {
			if _, err := w.svc.SaveSupplierProfile(ctx, b.Actor, b.Org.ID, goumai.ProfileInput{HeadName: "王美华", HeadID: "11010519491231002X"}); err != nil {
				t.Fatal(err)
			}
		}
		deadline := at(2026, 3, 30, 9, 30)
		p := w.openTender(t, w.approved(t, 50_000_000), deadline)
		lot := w.lot(t, p)
		clock.Set(at(2026, 3, 20, 10, 0))

		// Drafting, submitting, replacing, withdrawing and submitting again.
		d := must[goumai.Bid](t, "save")(w.svc.SaveBid(ctx, kang.Actor, p.ID, lot.ID, bidInput(48_000_000)))
		if d.Status != goumai.BidDraft || d.Draft.Commitment != goumai.BidCommitment(p.ID, lot.ID, kang.Org.ID, d.Draft.Content, d.Draft.Salt) {
			t.Fatalf("draft: %+v", d)
		}
		first := must[goumai.Bid](t, "submit")(w.svc.SubmitBid(ctx, kang.Actor, p.ID, lot.ID, kang.sign(t, d)))
		if first.Status != goumai.BidSubmitted || first.Submitted == nil || first.Submitted.Commitment != d.Draft.Commitment || first.Submitted.SignedBy != kang.UserID {
			t.Fatalf("submitted: %+v", first)
		}
		commitEvents := must[[]goumai.Event](t, "events")(s.FindEvents(ctx, sqlstore.EventFilter{ObjectType: "bid_commitments", Limit: 10}))
		if len(commitEvents) != 1 || !commitEvents[0].Public || commitEvents[0].OrgID != 0 || commitEvents[0].ActorUserID != 0 ||
			commitEvents[0].Region != goumai.NationalCode || !strings.Contains(string(commitEvents[0].State), d.Draft.Commitment) {
			t.Fatalf("the submission's public event holds the commitment and nothing else: %+v", commitEvents)
		}
		if st := string(commitEvents[0].State); strings.Contains(st, "48000000") || strings.Contains(st, kang.Org.Name) {
			t.Fatalf("the commitment event names the price or the bidder: %s", st)
		}
		repl := must[goumai.Bid](t, "save replacement")(w.svc.SaveBid(ctx, kang.Actor, p.ID, lot.ID, bidInput(46_500_000)))
		if repl.Submitted.Commitment != first.Submitted.Commitment || repl.Draft.Commitment == first.Submitted.Commitment {
			t.Fatal("a new draft leaves the submission standing")
		}
		replaced := must[goumai.Bid](t, "replace")(w.svc.SubmitBid(ctx, kang.Actor, p.ID, lot.ID, kang.sign(t, repl)))
		if replaced.Submitted.Content.Price != 46_500_000 || len(replaced.History) != 1 || replaced.History[0] != first.Submitted.Commitment || replaced.ID != first.ID {
			t.Fatalf("replaced: %+v", replaced)
		}
		wd := must[goumai.Bid](t, "withdraw")(w.svc.WithdrawBid(ctx, kang.Actor, p.ID, lot.ID))
		if wd.Status != goumai.BidWithdrawn || wd.Submitted != nil || wd.Draft.Commitment == replaced.Submitted.Commitment {
			t.Fatalf("withdrawn: %+v", wd)
		}
		again := must[goumai.Bid](t, "submit again")(w.svc.SubmitBid(ctx, kang.Actor, p.ID, lot.ID, kang.sign(t, wd)))
		if again.Status != goumai.BidSubmitted || again.Submitted.Content.Price != 46_500_000 || len(again.History) != 2 {
			t.Fatalf("resubmitted: %+v", again)
		}
		_, err := w.svc.SubmitBid(ctx, kang.Actor, p.ID, lot.ID, kang.sign(t, again))
		wantRule(t, "the same draft twice", err, goumai.EConflict, "submitted already")
		mine := must[[]goumai.Bid](t, "my bids")(w.svc.MyBids(ctx, kang.Actor))
		if len(mine) != 1 || mine[0].ID != again.ID {
			t.Fatalf("one bid per supplier per lot, whatever it did: %+v", mine)
		}

		type clause struct {
			name   string
			run    func() error
			code   goumai.Code
			part   string
			record bool // the refusal is recorded (check and sealed note)
		}
		sub := func(b bidder, in workflow.SubmitInput) func() error {
			return func() error { _, err := w.svc.SubmitBid(ctx, b.Actor, p.ID, lot.ID, in); return err }
		}
		// Drafts of the refused bidders and one of 康宁's with a bad signature.
		draftOf := func(b bidder) goumai.Bid {
			return must[goumai.Bid](t, "draft")(w.svc.SaveBid(ctx, b.Actor, p.ID, lot.ID, bidInput(45_000_000)))
		}
		kangDraft := draftOf(kang)
		badSig := kang.sign(t, kangDraft)
		badSig.Signature = strings.Repeat("ab", 64)
		otherKey := kang.sign(t, kangDraft)
		otherKey.KeyID = yiyang.keyID
		stale := kang.sign(t, kangDraft)
		stale.Commitment = first.Submitted.Commitment
		ankangIn, xiyangIn, yiyangIn := ankang.sign(t, draftOf(ankang)), xiyang.sign(t, draftOf(xiyang)), yiyang.sign(t, draftOf(yiyang))
		over := bidInput(lot.Budget + 1)
		for _, c := range []clause{
			{"price over the ceiling", func() error { _, err := w.svc.SaveBid(ctx, kang.Actor, p.ID, lot.ID, over); return err }, goumai.EInvalid, "price", false},
			{"price zero", func() error { _, err := w.svc.SaveBid(ctx, kang.Actor, p.ID, lot.ID, bidInput(0)); return err }, goumai.EInvalid, "price", false},
			{"bad signature", sub(kang, badSig), goumai.EInvalid, "signature", false},
			{"another supplier's key", sub(kang, otherKey), goumai.EInvalid, "key_id", false},
			{"a commitment not the draft's", sub(kang, stale), goumai.EInvalid, "commitment", false},
			{"credit-listed supplier", sub(ankang, ankangIn), goumai.EForbidden, "ENG-A4", true},
			{"banned supplier", sub(xiyang, xiyangIn), goumai.EForbidden, "ENG-A5", true},
			{"related supplier", sub(yiyang, yiyangIn), goumai.EForbidden, "ENG-A6", true},
			{"the purchaser", func() error { _, err := w.svc.SaveBid(ctx, w.staff, p.ID, lot.ID, bidInput(1000)); return err }, goumai.EForbidden, "supplier", false},
			{"the public", func() error { _, err := w.svc.SaveBid(ctx, goumai.Actor{}, p.ID, lot.ID, bidInput(1000)); return err }, goumai.EUnauthorized, "", false},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := bidRowsNow(t, s)
				wantRule(t, c.name, c.run(), c.code, c.part)
				after := bidRowsNow(t, s)
				if !c.record {
					if after != before {
						t.Fatalf("refused, but wrote: %+v → %+v", before, after)
					}
					return
				}
				if after.checks != before.checks+1 || after.bids != before.bids || after.commitments != before.commitments {
					t.Fatalf("a refusal by a supplier rule keeps its check and nothing else: %+v → %+v", before, after)
				}
			})
		}
		for _, b := range []bidder{ankang, xiyang, yiyang} {
			own := must[[]goumai.Bid](t, "own")(w.svc.MyBids(ctx, b.Actor))
			if len(own) != 1 || own[0].Status != goumai.BidDraft || len(own[0].Refusals) != 1 || own[0].Refusals[0].UserID != b.UserID {
				t.Errorf("%s: the refusal is kept on the sealed bid: %+v", b.Username, own)
			}
		}

		// A request begun before the deadline that commits after it is refused.
		ready := must[goumai.Bid](t, "draft")(w.svc.SaveBid(ctx, kang.Actor, p.ID, lot.ID, bidInput(44_000_000)))
		clock.Set(deadline.Add(-time.Second))
		workflow.SetBidHook(w.svc, func() { clock.Set(deadline) })
		// Each late attempt changes nothing but is kept on the sealed bid:
		// one event, the bid's refusal note.
		late := func(what string, call func() error) {
			t.Helper()
			before := bidRowsNow(t, s)
			before.tree++
			wantRule(t, what, call(), goumai.EConflict, "O87-33")
			own := must[goumai.Bid](t, "own bid")(w.svc.Bid(ctx, kang.Actor, again.ID))
			if after := bidRowsNow(t, s); after != before || own.Submitted == nil || own.Submitted.Commitment != again.Submitted.Commitment {
				t.Fatalf("%s wrote: %+v → %+v, or changed the bid", what, before, after)
			}
		}
		before := bidRowsNow(t, s)
		_, err = w.svc.SubmitBid(ctx, kang.Actor, p.ID, lot.ID, kang.sign(t, ready))
		before.tree++ // the refusal's note
		wantRule(t, "committing at the deadline", err, goumai.EConflict, "O87-33")
		if after := bidRowsNow(t, s); after != before {
			t.Fatalf("a late commit wrote: %+v → %+v", before, after)
		}
		workflow.SetBidHook(w.svc, nil)
		// Exactly at the deadline, and a second after.
		for _, at := range []time.Time{deadline, deadline.Add(time.Second)} {
			clock.Set(at)
			late("saving at "+at.String(), func() error {
				_, err := w.svc.SaveBid(ctx, kang.Actor, p.ID, lot.ID, bidInput(44_000_000))
				return err
			})
			late("withdrawing at "+at.String(), func() error { _, err := w.svc.WithdrawBid(ctx, kang.Actor, p.ID, lot.ID); return err })
		}
		// The deadline's tick closes the procedure; bids stay out, and the
		// submission before it stands.
		if _, err := w.svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		late("after the close", func() error {
			_, err := w.svc.SubmitBid(ctx, kang.Actor, p.ID, lot.ID, kang.sign(t, ready))
			return err
		})
		got := must[goumai.Bid](t, "own bid")(w.svc.Bid(ctx, kang.Actor, again.ID))
		lateNotes := 0
		for _, r := range got.Refusals {
			if r.Rule == "O87-33" && r.UserID == kang.UserID {
				lateNotes++
			}
		}
		if got.Submitted == nil || got.Submitted.Commitment != again.Submitted.Commitment || lateNotes != 6 {
			t.Fatalf("the last submission before the deadline stands, with the 6 late attempts noted: %+v", got)
		}
		verify(t, s)
	})
}

// TestBidsSealed: before opening nobody but the bidding organisation reads a
// bid, its documents or the list of bids, and every attempt is recorded as a
// security alert on the account that tried.
func TestBidsSealed(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w, p, lot := tenderScene(t, s, clock)
		kang, other := w.bidders[0], w.bidders[1]
		doc := pdf("康宁投标技术方案 sealed-doc-7Q4")
		d := must[goumai.Bid](t, "document")(w.svc.AddBidDocument(ctx, kang.Actor, p.ID, lot.ID, "技术方案.pdf", doc))
		if len(d.Draft.Content.Documents) != 1 {
			t.Fatalf("document attached: %+v", d.Draft)
		}
		in := bidInput(47_700_000)
		d = must[goumai.Bid](t, "save")(w.svc.SaveBid(ctx, kang.Actor, p.ID, lot.ID, in))
		if len(d.Draft.Content.Documents) != 1 {
			t.Fatal("saving without a document list keeps the documents")
		}
		b := must[goumai.Bid](t, "submit")(w.svc.SubmitBid(ctx, kang.Actor, p.ID, lot.ID, kang.sign(t, d)))
		f, data, err := w.svc.BidDocument(ctx, kang.Actor, b.ID, d.Draft.Content.Documents[0].SHA256)
		if err != nil || string(data) != string(doc) || f.Name != "技术方案.pdf" {
			t.Fatalf("the bidder reads its document back: %v %v", f, err)
		}
		// The receipt: the commitment's leaf, proven in a signed checkpoint.
		r := must[workflow.BidReceipt](t, "receipt")(w.svc.BidReceipt(ctx, kang.Actor, b.ID))
		if err := r.Verify(s.VerifierKey()); err != nil || r.Commitment != b.Submitted.Commitment {
			t.Fatalf("the receipt verifies: %v", err)
		}
		_, otherKey, err := translog.GenerateKey(s.LogOrigin())
		if err != nil {
			t.Fatal(err)
		}
		for name, bad := range map[string]func(r *workflow.BidReceipt) string{
			"another commitment": func(r *workflow.BidReceipt) string { r.Commitment = strings.Repeat("0", 64); return s.VerifierKey() },
			"another leaf": func(r *workflow.BidReceipt) string {
				r.Leaf = strings.Replace(r.Leaf, `"kind":"submit"`, `"kind":"submit" `, 1)
				return s.VerifierKey()
			},
			"another index":     func(r *workflow.BidReceipt) string { r.Inclusion.LeafIndex--; return s.VerifierKey() },
			"another log's key": func(r *workflow.BidReceipt) string { return otherKey },
		} {
			c := r
			c.Inclusion.Hashes = slices.Clone(r.Inclusion.Hashes)
			if err := c.Verify(bad(&c)); err == nil {
				t.Errorf("a receipt with %s verifies", name)
			}
		}
		for _, a := range []goumai.Actor{other.Actor, w.staff, w.agent, w.auditor, w.xihuAdmin, w.reviewer} {
			if _, err := w.svc.Bid(ctx, a, b.ID); goumai.ErrorCode(err) != goumai.ENotFound || goumai.AsError(err).Rule == "" {
				t.Errorf("%s reads the bid: %v", a.Username, err)
			}
			if _, _, err := w.svc.BidDocument(ctx, a, b.ID, d.Draft.Content.Documents[0].SHA256); goumai.ErrorCode(err) != goumai.ENotFound {
				t.Errorf("%s reads the document: %v", a.Username, err)
			}
			if _, err := w.svc.BidReceipt(ctx, a, b.ID); goumai.ErrorCode(err) != goumai.ENotFound {
				t.Errorf("%s gets the receipt: %v", a.Username, err)
			}
			if err := w.svc.ProcurementBids(ctx, a, p.ID); goumai.ErrorCode(err) != goumai.EForbidden {
				t.Errorf("%s lists the bids: %v", a.Username, err)
			}
			var n int
			if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM security_alerts WHERE user_id = $1 AND kind = $2`, a.UserID, goumai.AlertEarlyBidRead).Scan(&n); err != nil || n != 1 {
				t.Errorf("%s's attempts are recorded as an alert: %d %v", a.Username, n, err)
			}
		}
		if own := must[[]goumai.Bid](t, "others")(w.svc.MyBids(ctx, other.Actor)); len(own) != 0 {
			t.Errorf("another supplier's list holds someone else's bid: %+v", own)
		}
		if _, err := w.svc.MyBids(ctx, w.staff); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("the purchaser lists bids: %v", err)
		}
		// The events of the bid name no bidder, lot or price.
		for _, table := range []string{"bids", "bid_documents", "bid_commitments"} {
			es := must[[]goumai.Event](t, "events")(s.FindEvents(ctx, sqlstore.EventFilter{ObjectType: table, Limit: 100}))
			for _, e := range es {
				if e.OrgID != 0 || e.ActorUserID != 0 || e.Actor != goumai.SealedBidder.Username || e.Region != goumai.NationalCode ||
					strings.Contains(string(e.State), "47700000") || (table != "bid_commitments" && e.Public) {
					t.Errorf("event %s on %s says too much: %+v", e.Action, table, e)
				}
			}
		}
		verify(t, s)
	})
}
