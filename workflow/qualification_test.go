package workflow_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// meetAll is a review finding every condition of v met by the lot's first proof.
func meetAll(v workflow.QualificationView, l workflow.QualificationLot) []goumai.ConditionReview {
	var out []goumai.ConditionReview
	for _, c := range v.Conditions {
		out = append(out, goumai.ConditionReview{Name: c.Name, Met: true, Evidence: []int64{l.Evidence[0].ID}})
	}
	return out
}

// qualifyAll qualifies each lot's recommended supplier of p, as the purchaser's staff.
func qualifyAll(t testing.TB, w *bw, p goumai.Procurement) {
	t.Helper()
	ctx := context.Background()
	v := must[workflow.QualificationView](t, "qualification")(w.svc.Qualification(ctx, w.staff, p.ID))
	for _, l := range v.Lots {
		if l.OpenedBidID == 0 {
			continue
		}
		q := must[goumai.QualificationReview](t, "qualify")(w.svc.QualifySupplier(ctx, w.staff, p.ID, workflow.QualifyInput{Version: v.Version, LotID: l.LotID,
			Conditions: meetAll(v, l), Justification: "个人承接适宜", Attested: true, Opinion: "资质审核通过。"}))
		if q.Result != goumai.Qualified {
			t.Fatalf("qualify lot %d: %s %s %+v", l.LotNumber, q.Result, q.Rule, q.Failures())
		}
	}
}

// TestQualification: the purchaser cannot confirm before the recommended
// supplier is qualified; bad input and outsiders are refused; a rank 1 banned
// since its bid fails the fresh check (ENG-A5), its bid is set aside and the
// next candidate moves up; qualified, it may be confirmed. With three bidders,
// two failing reviews leave too few and the procedure fails with the reasons
// in its failure notice.
func TestQualification(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w, p, lot := unqualifiedSceneOf(t, s, clock, 48_000_000, 47_000_000, 46_000_000, 45_000_000)
		ranking := must[[]goumai.LotRanking](t, "ranking")(w.svc.Ranking(ctx, s, p.ID))
		first, second := ranking[0].Ranks[0], ranking[0].Ranks[1]
		confirm := func(bid int64) error {
			_, err := w.svc.ConfirmResult(ctx, w.staff, p.ID, workflow.ConfirmInput{Version: p.Version, Lots: []workflow.LotConfirmation{{LotID: lot.ID, OpenedBidID: bid}}})
			return err
		}
		if err := confirm(first.OpenedBidID); goumai.ErrorCode(err) != goumai.EConflict || goumai.AsError(err).Rule != "QUAL-1" {
			t.Fatalf("confirming before the qualification: %v", err)
		}
		in := must[workflow.Inbox](t, "inbox")(w.svc.Inbox(ctx, w.staff))
		if !slices.ContainsFunc(in.Todo, func(i workflow.Item) bool {
			return i.Kind == "todo.kind.qualify" && strings.Contains(i.Title, first.Supplier) && i.Link == workflow.QualificationLink(p.ID)
		}) {
			t.Errorf("no qualification to-do: %+v", in.Todo)
		}
		v := must[workflow.QualificationView](t, "view")(w.svc.Qualification(ctx, w.staff, p.ID))
		if len(v.Lots) != 1 || v.Lots[0].OpenedBidID != first.OpenedBidID || len(v.Lots[0].Evidence) == 0 || len(v.Conditions) != 2 {
			t.Fatalf("view: %+v", v)
		}
		for _, c := range v.Lots[0].Preview {
			if !c.Passed {
				t.Errorf("preview of an eligible supplier fails %s: %+v", c.Item, c.Reasons)
			}
		}
		good := workflow.QualifyInput{Version: p.Version, LotID: lot.ID, Conditions: meetAll(v, v.Lots[0]), Opinion: "经审核，符合资格条件。"}
		for _, c := range []struct {
			name  string
			a     goumai.Actor
			mod   func(*workflow.QualifyInput)
			code  goumai.Code
			field string
		}{
			{"no opinion", w.staff, func(in *workflow.QualifyInput) { in.Opinion = " " }, goumai.EInvalid, "opinion"},
			{"an opinion too long", w.staff, func(in *workflow.QualifyInput) { in.Opinion = strings.Repeat("意", goumai.MaxQualOpinionChars+1) }, goumai.EInvalid, "opinion"},
			{"no lot", w.staff, func(in *workflow.QualifyInput) { in.LotID = 0 }, goumai.EInvalid, "lot_id"},
			{"another procedure's lot", w.staff, func(in *workflow.QualifyInput) { in.LotID = lot.ID + 1000 }, goumai.EInvalid, "lot_id"},
			{"too many proofs cited", w.staff, func(in *workflow.QualifyInput) {
				in.Conditions = []goumai.ConditionReview{{Name: "x", Met: true, Evidence: make([]int64, goumai.MaxQualEvidenceRefs+1)}}
			}, goumai.EInvalid, "conditions.0.evidence"},
			{"stale", w.staff, func(in *workflow.QualifyInput) { in.Version-- }, goumai.EStale, ""},
			{"the supplier itself", w.bidders[0].Actor, nil, goumai.EForbidden, ""},
			{"the finance reviewer", w.reviewer, nil, goumai.EForbidden, ""},
		} {
			in := good
			in.Conditions = slices.Clone(good.Conditions)
			if c.mod != nil {
				c.mod(&in)
			}
			_, err := w.svc.QualifySupplier(ctx, c.a, p.ID, in)
			if goumai.ErrorCode(err) != c.code || c.field != "" && goumai.AsError(err).Fields[c.field].ZH == "" {
				t.Errorf("%s: %v, want %s %s", c.name, err, c.code, c.field)
			}
		}
		if got := must[[]goumai.QualificationReview](t, "reviews")(s.Qualifications(ctx, p.ID)); len(got) != 0 {
			t.Fatalf("refused reviews were recorded: %d", len(got))
		}

		// Banned since its bid: the fresh check fails it (ENG-A5).
		banned := w.suppliers[slices.IndexFunc(w.suppliers, func(o goumai.Org) bool { return o.ID == first.OrgID })]
		w.lists(t, nil, []goumai.Org{banned})
		q := must[goumai.QualificationReview](t, "qualify rank 1")(w.svc.QualifySupplier(ctx, w.staff, p.ID, good))
		if q.Result != goumai.NotQualified || q.Rule != "ENG-A5" || q.CheckID == 0 || q.OrgID != first.OrgID {
			t.Fatalf("banned rank 1: %s %s check %d", q.Result, q.Rule, q.CheckID)
		}
		if f := q.Failures(); len(f) == 0 || f[0].Rule != "ENG-A5" || f[0].Detail.ZH == "" || f[0].Detail.EN == "" {
			t.Errorf("failures: %+v", f)
		}
		if n := countEvents(t, s, "supplier_qualifications", q.ID, "qualification.not_qualified"); n != 1 {
			t.Errorf("%d public events of the failed review", n)
		}
		if n := countEvents(t, s, "opened_bids", first.OpenedBidID, "bid.set_aside"); n != 1 {
			t.Errorf("the failed supplier's bid: %d set-aside events", n)
		}
		ranking = must[[]goumai.LotRanking](t, "ranking")(w.svc.Ranking(ctx, s, p.ID))
		if r, ok := ranking[0].Recommended(); !ok || r.OpenedBidID != second.OpenedBidID {
			t.Fatalf("after the failure rank 1 is %+v, want %s", r, second.Supplier)
		}
		if err := confirm(second.OpenedBidID); goumai.AsError(err).Rule != "QUAL-1" {
			t.Errorf("confirming the next candidate before its qualification: %v", err)
		}
		qualifyAll(t, w, p)
		if err := confirm(second.OpenedBidID); err != nil {
			t.Fatalf("confirming the qualified next candidate: %v", err)
		}
		aws := must[[]goumai.Award](t, "awards")(s.Awards(ctx, p.ID))
		if len(aws) != 1 || aws[0].OrgID != second.OrgID {
			t.Errorf("awards %+v, want %s", aws, second.Supplier)
		}
		if _, err := w.svc.QualifySupplier(ctx, w.staff, p.ID, workflow.QualifyInput{Version: must[goumai.Procurement](t, "p")(s.Procurement(ctx, p.ID)).Version,
			LotID: lot.ID, Opinion: "再审"}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("reviewing after the confirmation: %v", err)
		}
	})
}

// TestQualificationFails: with three bidders, rank 1 failing a condition
// leaves two (ENG-E2): the lot, and with it the procedure, fails, the failure
// notice giving the supplier and the reason.
func TestQualificationFails(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w, p, lot := unqualifiedSceneOf(t, s, clock, 48_000_000, 47_000_000, 46_000_000)
		v := must[workflow.QualificationView](t, "view")(w.svc.Qualification(ctx, w.staff, p.ID))
		conds := meetAll(v, v.Lots[0])
		conds[1].Met = false
		q := must[goumai.QualificationReview](t, "qualify")(w.svc.QualifySupplier(ctx, w.staff, p.ID, workflow.QualifyInput{Version: p.Version, LotID: lot.ID,
			Conditions: conds, Opinion: "不具备养老服务机构备案。"}))
		if q.Result != goumai.NotQualified || q.Rule != "ENG-A3" {
			t.Fatalf("review: %s %s", q.Result, q.Rule)
		}
		p = must[goumai.Procurement](t, "p")(s.Procurement(ctx, p.ID))
		if p.Status != goumai.ProcFailed {
			t.Fatalf("after the only lot lost its candidate: %s", p.Status)
		}
		ns := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, p.ID))
		last := ns[len(ns)-1]
		if last.Kind != goumai.NoticeFailure || !strings.Contains(last.Body.Reason, q.Supplier) || !strings.Contains(last.Body.Reason, v.Conditions[1].Name) {
			t.Errorf("failure notice %s: %q", last.Kind, last.Body.Reason)
		}
	})
}
