package workflow_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

func wantRule(t *testing.T, what string, err error, code goumai.Code, rule string) {
	t.Helper()
	if goumai.ErrorCode(err) != code {
		t.Fatalf("%s: error %v, want %s", what, err, code)
	}
	e := goumai.AsError(err)
	all := e.Rule + " " + e.Message.ZH + " " + e.Message.EN
	for f, m := range e.Fields {
		all += " " + f + " " + m.ZH + " " + m.EN
	}
	if !strings.Contains(all, rule) {
		t.Fatalf("%s: %v does not name %s", what, err, rule)
	}
}

// TestProcurementConsultation: an agency entrusted by the purchaser runs a
// 竞争性磋商 below the threshold from draft to closed bids: banned criteria are
// refused when drafted, a period shorter than the law's when published, a
// clarification inside the window moves the deadline (ENG-D2) with an 更正公告,
// and the scheduler closes the bids once.
func TestProcurementConsultation(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProcWorld(t, s, clock)
		pr := w.approved(t, 50_000_000)

		// Only the purchaser's staff entrust an agency, with an agreement.
		in := workflow.AgreementInput{ProjectID: pr.ID, AgencyOrgID: w.agency.ID, Reference: "XH-WT-2026-001", Scope: "组织竞争性磋商", SignedOn: "2026-03-01"}
		if _, err := w.svc.RecordAgreement(ctx, w.agent, in); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("agency recording its own agreement: %v", err)
		}
		bad := in
		bad.AgencyOrgID = w.buyer.ID
		_, err := w.svc.RecordAgreement(ctx, w.staff, bad)
		wantCode(t, "the purchaser as its own agency", err, goumai.EInvalid, "agency_org_id")
		must[goumai.AgencyAgreement](t, "agreement")(w.svc.RecordAgreement(ctx, w.staff, in))
		if !hasItemLike(must[workflow.Inbox](t, "inbox")(w.svc.Inbox(ctx, w.agent)).Todo, "todo.kind.entrusted", pr.Code) {
			t.Error("the entrusted project is the agency's to-do")
		}

		// 询价 is for goods only (ENG-C4).
		_, err = w.svc.CreateProcurement(ctx, w.agent, workflow.ProcurementInput{ProjectID: pr.ID, Method: goumai.MethodInquiry})
		wantRule(t, "询价 for a service", err, goumai.EInvalid, "ENG-C4")
		// A supplier may not run a procedure.
		_, err = w.svc.CreateProcurement(ctx, w.supplier, workflow.ProcurementInput{ProjectID: pr.ID, Method: goumai.MethodConsultation, Reason: goumai.ReasonPurchaseOfServices})
		wantCode(t, "a supplier creating a procedure", err, goumai.EForbidden, "")

		p := must[goumai.Procurement](t, "create")(w.svc.CreateProcurement(ctx, w.agent, workflow.ProcurementInput{ProjectID: pr.ID,
			Method: goumai.MethodConsultation, Reason: goumai.ReasonPurchaseOfServices}))
		if p.Status != goumai.ProcDraft || p.AgencyOrgID != w.agency.ID || !strings.HasPrefix(p.Code, "CG-330106-2026-") {
			t.Fatalf("created: %+v", p)
		}
		if todo := must[workflow.Inbox](t, "inbox")(w.svc.Inbox(ctx, w.agent)).Todo; hasItemLike(todo, "todo.kind.entrusted", pr.Code) ||
			!hasItemLike(todo, "todo.kind.procurement_draft", p.Code) {
			t.Errorf("once started, the procedure is the agency's to-do: %+v", todo)
		}
		if hasItemLike(must[workflow.Inbox](t, "inbox")(w.svc.Inbox(ctx, w.staff)).Todo, "todo.kind.procurement_draft", p.Code) {
			t.Error("an entrusted procedure is not the purchaser's to-do")
		}
		lots := must[[]goumai.Lot](t, "lots")(w.svc.Lots(ctx, w.agent, p))
		if len(lots) != 1 || lots[0].Budget != pr.Amount {
			t.Fatalf("one lot holds the budget: %+v", lots)
		}
		if p.Documents.Requirements != pr.Content || len(p.Documents.Targets) != len(pr.Targets) {
			t.Errorf("the documents start from the application: %+v", p.Documents)
		}
		// Not published: hidden from suppliers, open to the region's auditors.
		if _, err := w.svc.Procurement(ctx, w.supplier, p.ID); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Errorf("a supplier reading a draft: %v", err)
		}
		must[goumai.Procurement](t, "auditor reads")(w.svc.Procurement(ctx, w.auditor, p.ID))

		// A banned criterion is refused when drafted, naming the clause; nothing changes.
		_, err = w.svc.UpdateProcurement(ctx, w.agent, p.ID, workflow.ProcurementUpdate{Version: p.Version, Method: p.Method, Reason: p.Reason,
			Documents: func() goumai.Documents {
				d := docs()
				d.Qualifications = append(d.Qualifications, goumai.Qualification{Name: "注册资本不少于500万元"})
				return d
			}()})
		wantRule(t, "a size condition", err, goumai.EInvalid, "ENG-A7")
		if got := must[goumai.Procurement](t, "read")(w.svc.Procurement(ctx, w.agent, p.ID)); got.Version != p.Version {
			t.Fatalf("a refused draft changed the procedure: version %d → %d", p.Version, got.Version)
		}

		// A deadline 5 days out is shorter than 磋商's 10 days (ENG-D3): publication is refused.
		now := clock.Now()
		p = w.draftWith(t, w.agent, p, func(u *workflow.ProcurementUpdate) {
			u.Periods = goumai.Periods{DocsUntil: now.AddDate(0, 0, 5), BidDeadline: now.AddDate(0, 0, 5)}
		})
		_, err = w.svc.Publish(ctx, w.agent, p.ID, p.Version)
		wantRule(t, "a short period", err, goumai.EInvalid, "ENG-D3")
		if got := must[goumai.Procurement](t, "read")(w.svc.Procurement(ctx, w.agent, p.ID)); got.Status != goumai.ProcDraft {
			t.Fatalf("refused publication moved it: %s", got.Status)
		}
		// The purchaser's staff may no longer run it: the agency does.
		if _, err := w.svc.Publish(ctx, w.staff, p.ID, p.Version); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("the purchaser publishing an entrusted procedure: %v", err)
		}

		deadline := at(2026, 3, 16, 9, 30)
		p = w.draftWith(t, w.agent, p, func(u *workflow.ProcurementUpdate) {
			u.Periods = goumai.Periods{DocsUntil: deadline, BidDeadline: deadline}
		})
		p = must[goumai.Procurement](t, "publish")(w.svc.Publish(ctx, w.agent, p.ID, p.Version))
		if p.Status != goumai.ProcTendering || p.NextDue == nil || !p.NextDue.Equal(deadline) {
			t.Fatalf("published: %s due %v", p.Status, p.NextDue)
		}
		ns := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, p.ID))
		if len(ns) != 1 || ns[0].Kind != goumai.NoticeNonTender || len(ns[0].Body.Documents.Scoring) != 3 || ns[0].Body.Lots[0].Budget != pr.Amount ||
			ns[0].Body.Agency != w.agency.Name || !ns[0].Body.Periods.BidDeadline.Equal(deadline) {
			t.Fatalf("the notice's disclosure fields: %+v", ns)
		}
		if countEvents(t, s, "notices", ns[0].ID, "notice.non_tender") != 1 {
			t.Error("the notice is one event")
		}
		// Published: anyone may read it.
		must[goumai.Procurement](t, "supplier reads")(w.svc.Procurement(ctx, w.supplier, p.ID))
		must[goumai.Procurement](t, "anonymous reads")(w.svc.Procurement(ctx, goumai.Actor{}, p.ID))

		// Nothing is due before the deadline.
		if n := must[int](t, "tick")(w.svc.Tick(ctx)); n != 0 {
			t.Fatalf("tick before the deadline moved %d", n)
		}

		// A clarification that may affect bids 3 days before the deadline: 磋商
		// needs 5 days (ENG-D2), so the deadline moves to 5 days after it.
		clock.Set(at(2026, 3, 13, 10, 0))
		cl := docs()
		cl.Requirements += "增加助浴服务频次要求。"
		p = must[goumai.Procurement](t, "clarify")(w.svc.Clarify(ctx, w.agent, p.ID, workflow.Clarification{Version: p.Version, Documents: cl,
			Changes: "第三章服务要求增加助浴频次。", AffectsBids: true}))
		moved := at(2026, 3, 18, 9, 30)
		if !p.Periods.BidDeadline.Equal(moved) || !p.NextDue.Equal(moved) {
			t.Fatalf("clarified deadline %v (due %v), want %v", p.Periods.BidDeadline, p.NextDue, moved)
		}
		ns = must[[]goumai.Notice](t, "notices")(s.Notices(ctx, p.ID))
		if len(ns) != 2 || ns[1].Kind != goumai.NoticeCorrection || !strings.Contains(ns[1].Body.Changes, "顺延至2026年03月18日") {
			t.Fatalf("更正公告: %+v", ns[len(ns)-1])
		}

		// The old deadline passes: nothing; the new one: the bids close, once.
		clock.Set(at(2026, 3, 16, 9, 31))
		if n := must[int](t, "tick")(w.svc.Tick(ctx)); n != 0 {
			t.Fatalf("tick after the old deadline moved %d", n)
		}
		clock.Set(moved)
		if n := must[int](t, "tick")(w.svc.Tick(ctx)); n != 1 {
			t.Fatalf("tick at the deadline moved %d", n)
		}
		if n := must[int](t, "tick again")(w.svc.Tick(ctx)); n != 0 {
			t.Fatalf("a second tick moved %d", n)
		}
		p = must[goumai.Procurement](t, "read")(w.svc.Procurement(ctx, w.agent, p.ID))
		if p.Status != goumai.ProcFailed || p.NextDue != nil { // closed and opened at once: no bids, 废标 (ENG-E3)
			t.Fatalf("after the deadline: %s due %v", p.Status, p.NextDue)
		}
		if countEvents(t, s, "procurements", p.ID, "procurement.close") != 1 {
			t.Error("closed once, by one event")
		}
		if _, err := w.svc.Clarify(ctx, w.agent, p.ID, workflow.Clarification{Version: p.Version, Documents: cl, Changes: "太晚"}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("clarifying after the deadline: %v", err)
		}
	})
}

// TestProcurementMethodApproval: a 竞争性谈判 at or above the open-tender
// threshold waits for the Hangzhou finance bureau's approval (ENG-C1, GPL-IR
// Art. 23) with the 化整为零 figures; the county bureau cannot decide; a
// refusal needs an opinion; an approval undecided past its time limit is
// marked overdue by the scheduler, once.
func TestProcurementMethodApproval(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProcWorld(t, s, clock)
		pr := w.approved(t, 300_000_000) // ¥3,000,000 ≥ ¥2,000,000
		p := must[goumai.Procurement](t, "create")(w.svc.CreateProcurement(ctx, w.staff, workflow.ProcurementInput{ProjectID: pr.ID,
			Method: goumai.MethodCompetitiveNeg, Reason: goumai.ReasonCannotSpecify, ReasonDetail: "服务对象需求差异大，无法事先确定详细服务规格。"}))
		deadline := at(2026, 3, 20, 9, 30)
		p = w.draftWith(t, w.staff, p, func(u *workflow.ProcurementUpdate) {
			u.Invited = w.supplierIDs(3)
			u.Periods = goumai.Periods{DocsUntil: deadline, BidDeadline: deadline}
		})
		c := must[workflow.ProcurementCheck](t, "validate")(w.svc.ValidateProcurement(ctx, w.staff, p.ID))
		if !c.Method.NeedsApproval || len(c.Problems) != 1 || c.Problems[0].Rule != "ENG-C1" {
			t.Fatalf("validation before approval: %+v", c)
		}
		_, err := w.svc.Publish(ctx, w.staff, p.ID, p.Version)
		wantRule(t, "publishing without approval", err, goumai.EInvalid, "ENG-C1")

		p = must[goumai.Procurement](t, "request")(w.svc.RequestApproval(ctx, w.staff, p.ID, p.Version))
		if p.Status != goumai.ProcApproval || p.NextDue == nil {
			t.Fatalf("requested: %s due %v", p.Status, p.NextDue)
		}
		ds := must[[]goumai.MethodDecision](t, "decisions")(s.Decisions(ctx, p.ID))
		if len(ds) != 1 || ds[0].ApproverOrgID != w.hzFin.ID || ds[0].Splitting.Total != pr.Amount || ds[0].Splitting.FiscalYear != 2026 {
			t.Fatalf("decision request: %+v", ds)
		}
		// 5 working days from Monday 2 March 2026: the end of Monday 9 March.
		if want := at(2026, 3, 9, 23, 59).Add(59 * time.Second); !ds[0].DueAt.Equal(want) {
			t.Errorf("due %v, want %v", ds[0].DueAt, want)
		}
		inbox := must[workflow.Inbox](t, "inbox")(w.svc.Inbox(ctx, w.hzApprover))
		if !hasItemLike(inbox.Todo, "todo.kind.method_approval", p.Code) {
			t.Fatalf("the approver's to-do: %+v", inbox.Todo)
		}
		// The county bureau is not the approving department; the drafter cannot decide.
		for _, a := range []goumai.Actor{w.fapp, w.staff, w.hzReviewer} {
			if _, err := w.svc.DecideMethod(ctx, a, p.ID, workflow.MethodDecisionInput{Approve: true, Opinion: "同意"}); goumai.ErrorCode(err) != goumai.EForbidden && goumai.ErrorCode(err) != goumai.ENotFound {
				t.Errorf("%s deciding: %v", a.Username, err)
			}
		}
		_, err = w.svc.DecideMethod(ctx, w.hzApprover, p.ID, workflow.MethodDecisionInput{Approve: false})
		wantCode(t, "a refusal without opinion", err, goumai.EInvalid, "opinion")

		// Past the time limit: overdue, once; still the approver's to decide.
		clock.Set(at(2026, 3, 10, 0, 1))
		if n := must[int](t, "tick")(w.svc.Tick(ctx)); n != 1 {
			t.Fatalf("tick after the limit moved %d", n)
		}
		if n := must[int](t, "tick again")(w.svc.Tick(ctx)); n != 0 {
			t.Fatalf("second tick moved %d", n)
		}
		ds = must[[]goumai.MethodDecision](t, "decisions")(s.Decisions(ctx, p.ID))
		if ds[0].OverdueAt == nil || ds[0].Status != goumai.DecisionRequested || countEvents(t, s, "method_decisions", ds[0].ID, "procurement.approval_overdue") != 1 {
			t.Fatalf("overdue: %+v", ds[0])
		}
		inbox = must[workflow.Inbox](t, "inbox")(w.svc.Inbox(ctx, w.hzApprover))
		if !hasItemLike(inbox.Todo, "todo.kind.method_approval", "已逾期") {
			t.Errorf("the to-do says it is overdue: %+v", inbox.Todo)
		}

		d := must[goumai.MethodDecision](t, "approve")(w.svc.DecideMethod(ctx, w.hzApprover, p.ID, workflow.MethodDecisionInput{Approve: true, Opinion: "同意采用竞争性谈判方式"}))
		if d.Status != goumai.DecisionApproved || d.DecidedBy != w.hzApprover.UserID {
			t.Fatalf("decision: %+v", d)
		}
		p = must[goumai.Procurement](t, "read")(w.svc.Procurement(ctx, w.staff, p.ID))
		if p.Status != goumai.ProcDraft || !p.MethodApproved {
			t.Fatalf("after approval: %s approved %v", p.Status, p.MethodApproved)
		}
		if _, err := w.svc.DecideMethod(ctx, w.hzApprover, p.ID, workflow.MethodDecisionInput{Approve: true, Opinion: "同意"}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("deciding twice: %v", err)
		}
		// Three working days for 谈判 (ENG-D4) from Tuesday 10 March: Friday 13 March.
		_, err = w.svc.Publish(ctx, w.staff, p.ID, p.Version)
		if err != nil {
			t.Fatalf("publish after approval: %v", err)
		}
		ns := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, p.ID))
		if len(ns) != 1 || ns[0].Kind != goumai.NoticeNonTender || len(ns[0].Body.Invited) != 3 {
			t.Fatalf("notice: %+v", ns)
		}
		// Changing the method after approval withdraws it (only drafts change; the method is fixed now).
	})
}

// TestSingleSourcePublicity: single source on the sole-supplier ground at or
// above the threshold is published for 5 working days for objections before
// its approval is asked (ENG-C5, GPL-IR Art. 38); the scheduler asks.
func TestSingleSourcePublicity(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProcWorld(t, s, clock)
		pr := w.approved(t, 250_000_000)
		p := must[goumai.Procurement](t, "create")(w.svc.CreateProcurement(ctx, w.staff, workflow.ProcurementInput{ProjectID: pr.ID,
			Method: goumai.MethodSingleSource, Reason: goumai.ReasonSoleSupplier}))
		_, err := w.svc.RequestApproval(ctx, w.staff, p.ID, p.Version)
		wantRule(t, "approval before publicity", err, goumai.EConflict, "ENG-C5")
		_, err = w.svc.StartPublicity(ctx, w.staff, p.ID, p.Version)
		wantCode(t, "publicity without supplier", err, goumai.EInvalid, "sole_supplier_id")

		sole := w.suppliers[1]
		p = w.draftWith(t, w.staff, p, func(u *workflow.ProcurementUpdate) {
			u.SoleSupplierID, u.ReasonDetail = sole.ID, "该中心是辖区唯一具备失智老人专业照护资质和床位的机构。"
		})
		p = must[goumai.Procurement](t, "publicity")(w.svc.StartPublicity(ctx, w.staff, p.ID, p.Version))
		end := at(2026, 3, 9, 23, 59).Add(59 * time.Second)
		if p.Status != goumai.ProcPublicity || p.NextDue == nil || !p.NextDue.Equal(end) {
			t.Fatalf("publicity: %s until %v", p.Status, p.NextDue)
		}
		ns := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, p.ID))
		if len(ns) != 1 || ns[0].Kind != goumai.NoticeSingleSource || ns[0].Body.SoleSupplier != sole.Name || !strings.Contains(ns[0].Body.Reason, "唯一") {
			t.Fatalf("公示: %+v", ns)
		}
		must[goumai.Procurement](t, "the public reads it")(w.svc.Procurement(ctx, goumai.Actor{}, p.ID))

		// Objections: signed-in only, during the window; answered by the organisers.
		if _, err := w.svc.FileObjection(ctx, goumai.Actor{}, p.ID, workflow.ObjectionInput{Body: "异议"}); goumai.ErrorCode(err) != goumai.EUnauthorized {
			t.Errorf("an anonymous objection: %v", err)
		}
		o := must[goumai.Objection](t, "objection")(w.svc.FileObjection(ctx, w.supplier, p.ID, workflow.ObjectionInput{Body: "我公司同样具备失智照护能力，请改为竞争性方式。"}))
		if !hasItemLike(must[workflow.Inbox](t, "inbox")(w.svc.Inbox(ctx, w.staff)).Todo, "todo.kind.objection", p.Code) {
			t.Error("the objection is the organisers' to-do")
		}
		if _, err := w.svc.AnswerObjection(ctx, w.supplier, o.ID, "自问自答"); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("the objector answering: %v", err)
		}
		must[goumai.Objection](t, "answer")(w.svc.AnswerObjection(ctx, w.staff, o.ID, "经核实，贵公司不具备失智照护床位，维持单一来源。"))
		if os := must[[]goumai.Objection](t, "approver reads")(w.svc.Objections(ctx, w.hzApprover, p)); len(os) != 1 || os[0].Answer == "" {
			t.Errorf("the approver sees the objection and answer: %+v", os)
		}
		if os := must[[]goumai.Objection](t, "another supplier")(w.svc.Objections(ctx, goumai.Actor{}, p)); len(os) != 0 {
			t.Errorf("the public sees objections: %+v", os)
		}

		clock.Set(end.Add(-time.Minute))
		if n := must[int](t, "tick")(w.svc.Tick(ctx)); n != 0 {
			t.Fatalf("tick inside the window moved %d", n)
		}
		clock.Set(end.Add(time.Second))
		if _, err := w.svc.FileObjection(ctx, w.supplier, p.ID, workflow.ObjectionInput{Body: "迟到的异议"}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("an objection after the window (before the tick): %v", err)
		}
		if n := must[int](t, "tick")(w.svc.Tick(ctx)); n != 1 {
			t.Fatalf("tick after the window moved %d", n)
		}
		p = must[goumai.Procurement](t, "read")(w.svc.Procurement(ctx, w.staff, p.ID))
		ds := must[[]goumai.MethodDecision](t, "decisions")(s.Decisions(ctx, p.ID))
		if p.Status != goumai.ProcApproval || len(ds) != 1 || ds[0].RequestedBy != 0 || ds[0].ApproverOrgID != w.hzFin.ID {
			t.Fatalf("after the window: %s %+v", p.Status, ds)
		}
		must[goumai.Procurement](t, "its publicity published it")(w.svc.Procurement(ctx, goumai.Actor{}, p.ID))
		must[goumai.MethodDecision](t, "approve")(w.svc.DecideMethod(ctx, w.hzApprover, p.ID, workflow.MethodDecisionInput{Approve: true, Opinion: "公示无有效异议，同意"}))
		p = must[goumai.Procurement](t, "read")(w.svc.Procurement(ctx, w.staff, p.ID))
		deadline := at(2026, 3, 16, 17, 0)
		p = w.draftWith(t, w.staff, p, func(u *workflow.ProcurementUpdate) {
			u.Periods = goumai.Periods{DocsUntil: deadline, BidDeadline: deadline}
		})
		p = must[goumai.Procurement](t, "publish")(w.svc.Publish(ctx, w.staff, p.ID, p.Version))
		ns = must[[]goumai.Notice](t, "notices")(s.Notices(ctx, p.ID))
		if p.Status != goumai.ProcTendering || ns[len(ns)-1].Kind != goumai.NoticeInvitation {
			t.Fatalf("published: %s %+v", p.Status, ns[len(ns)-1])
		}
	})
}

// TestProcurementTermination: a draft ends quietly; a published procedure ends
// with a 终止公告; neither moves again.
func TestProcurementTermination(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProcWorld(t, s, clock)
		mk := func() goumai.Procurement {
			pr := w.approved(t, 30_000_000)
			return must[goumai.Procurement](t, "create")(w.svc.CreateProcurement(ctx, w.staff, workflow.ProcurementInput{ProjectID: pr.ID, Method: goumai.MethodOpenTender}))
		}
		a := mk()
		_, err := w.svc.Terminate(ctx, w.staff, a.ID, workflow.TerminationInput{Version: a.Version})
		wantCode(t, "no reason", err, goumai.EInvalid, "reason")
		a = must[goumai.Procurement](t, "terminate draft")(w.svc.Terminate(ctx, w.staff, a.ID, workflow.TerminationInput{Version: a.Version, Reason: "需求变更"}))
		if a.Status != goumai.ProcTerminated || len(must[[]goumai.Notice](t, "notices")(s.Notices(ctx, a.ID))) != 0 {
			t.Fatalf("terminated draft: %s", a.Status)
		}
		if _, err := w.svc.Procurement(ctx, w.supplier, a.ID); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Errorf("a draft terminated before any notice is not public: %v", err)
		}

		b := mk()
		deadline := at(2026, 3, 23, 9, 30)
		b = w.draftWith(t, w.staff, b, func(u *workflow.ProcurementUpdate) {
			u.Periods = goumai.Periods{DocsUntil: at(2026, 3, 20, 17, 0), BidDeadline: deadline}
		})
		b = must[goumai.Procurement](t, "publish")(w.svc.Publish(ctx, w.staff, b.ID, b.Version))
		if ns := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, b.ID)); len(ns) != 1 || ns[0].Kind != goumai.NoticeTender {
			t.Fatalf("招标公告: %+v", ns)
		}
		b = must[goumai.Procurement](t, "terminate")(w.svc.Terminate(ctx, w.staff, b.ID, workflow.TerminationInput{Version: b.Version, Reason: "因预算调整，终止本项目采购活动。"}))
		ns := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, b.ID))
		if b.Status != goumai.ProcTerminated || b.NextDue != nil || len(ns) != 2 || ns[1].Kind != goumai.NoticeTermination || ns[1].Body.Reason == "" {
			t.Fatalf("terminated: %s %+v", b.Status, ns)
		}
		clock.Set(deadline.Add(time.Hour))
		if n := must[int](t, "tick")(w.svc.Tick(ctx)); n != 0 {
			t.Errorf("tick moved a terminated procedure: %d", n)
		}
		if _, err := w.svc.Terminate(ctx, w.staff, b.ID, workflow.TerminationInput{Version: b.Version, Reason: "再次"}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("terminating twice: %v", err)
		}
	})
}

// TestTickConcurrent: two schedulers at once close every due procedure once.
func TestTickConcurrent(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProcWorld(t, s, clock)
		deadline := at(2026, 3, 23, 9, 30)
		var ids []int64
		for range 6 {
			pr := w.approved(t, 10_000_000)
			p := must[goumai.Procurement](t, "create")(w.svc.CreateProcurement(ctx, w.staff, workflow.ProcurementInput{ProjectID: pr.ID, Method: goumai.MethodOpenTender}))
			p = w.draftWith(t, w.staff, p, func(u *workflow.ProcurementUpdate) {
				u.Periods = goumai.Periods{DocsUntil: deadline, BidDeadline: deadline}
			})
			p = must[goumai.Procurement](t, "publish")(w.svc.Publish(ctx, w.staff, p.ID, p.Version))
			ids = append(ids, p.ID)
		}
		clock.Set(deadline)
		var wg sync.WaitGroup
		moved := make([]int, 3)
		errs := make([]error, 3)
		for i := range moved {
			wg.Go(func() { moved[i], errs[i] = w.svc.Tick(ctx) })
		}
		wg.Wait()
		total := 0
		for i := range moved {
			if errs[i] != nil {
				t.Fatalf("tick %d: %v", i, errs[i])
			}
			total += moved[i]
		}
		if total != len(ids) {
			t.Errorf("three ticks moved %v, want %d in all", moved, len(ids))
		}
		for _, id := range ids {
			if n := countEvents(t, s, "procurements", id, "procurement.close"); n != 1 {
				t.Errorf("procurement %d closed %d times", id, n)
			}
		}
	})
}

// TestSplitting: the purchaser's non-tender procedures of the fiscal year
// under one budget line and category add up (ENG-C3): the third crosses the
// threshold and is flagged, with the figures.
func TestSplitting(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProcWorld(t, s, clock)
		var last goumai.Procurement
		for range 3 {
			pr := w.approved(t, 90_000_000) // ¥900,000 each
			last = must[goumai.Procurement](t, "create")(w.svc.CreateProcurement(ctx, w.staff, workflow.ProcurementInput{ProjectID: pr.ID,
				Method: goumai.MethodConsultation, Reason: goumai.ReasonPurchaseOfServices}))
		}
		c := must[workflow.ProcurementCheck](t, "validate")(w.svc.ValidateProcurement(ctx, w.staff, last.ID))
		if !c.Splitting.Flagged || c.Splitting.Earlier != 180_000_000 || c.Splitting.Total != 270_000_000 || c.Splitting.Threshold != 200_000_000 {
			t.Fatalf("化整为零: %+v", c.Splitting)
		}
		// On the red-flag list of the region's finance staff and auditors, not for others.
		flags := must[[]workflow.SplittingFlag](t, "red flags")(w.svc.SplittingFlags(ctx, w.reviewer))
		if len(flags) != 1 || flags[0].Total != 270_000_000 || len(flags[0].Procurements) != 3 || flags[0].PurchaserOrgID != w.buyer.ID {
			t.Fatalf("red flags: %+v", flags)
		}
		if got := must[[]workflow.SplittingFlag](t, "auditor")(w.svc.SplittingFlags(ctx, w.auditor)); len(got) != 1 {
			t.Errorf("the auditor's red flags: %d", len(got))
		}
		if got := must[[]workflow.SplittingFlag](t, "yuhang")(w.svc.SplittingFlags(ctx, w.yuhangReviewer)); len(got) != 0 {
			t.Errorf("another county's reviewer sees %d flags", len(got))
		}
		if _, err := w.svc.SplittingFlags(ctx, w.staff); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("the purchaser's staff reading red flags: %v", err)
		}
		// An open tender is never split.
		pr := w.approved(t, 90_000_000)
		ot := must[goumai.Procurement](t, "create")(w.svc.CreateProcurement(ctx, w.staff, workflow.ProcurementInput{ProjectID: pr.ID, Method: goumai.MethodOpenTender}))
		if c := must[workflow.ProcurementCheck](t, "validate")(w.svc.ValidateProcurement(ctx, w.staff, ot.ID)); c.Splitting.Flagged {
			t.Errorf("an open tender flagged: %+v", c.Splitting)
		}
	})
}

// TestProcurementParamsOfItsStart: a procedure uses the rule parameters in
// force for its region on the day it started, forever; one started after a
// change uses the new values.
func TestProcurementParamsOfItsStart(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProcWorld(t, s, clock)
		set := func(from time.Time, threshold goumai.Fen) {
			t.Helper()
			p := rules.NationalDefaults(rules.Services)
			p.Jurisdiction, p.EffectiveFrom, p.Source, p.OpenTenderThreshold = "330106", from, "测试", threshold
			if _, err := w.svc.SetParams(ctx, goumai.System, p); err != nil {
				t.Fatal(err)
			}
		}
		set(at(2026, 1, 1, 0, 0), 400_000_000) // ¥4,000,000 from 1 January
		start := func() goumai.Procurement {
			pr := w.approved(t, 300_000_000)
			return must[goumai.Procurement](t, "create")(w.svc.CreateProcurement(ctx, w.staff, workflow.ProcurementInput{ProjectID: pr.ID,
				Method: goumai.MethodCompetitiveNeg, Reason: goumai.ReasonCannotSpecify}))
		}
		before := start()
		needs := func(p goumai.Procurement) bool {
			t.Helper()
			return must[workflow.ProcurementCheck](t, "validate")(w.svc.ValidateProcurement(ctx, w.staff, p.ID)).Method.NeedsApproval
		}
		if needs(before) {
			t.Fatal("¥3,000,000 below the region's ¥4,000,000 threshold needs no approval")
		}
		set(at(2026, 3, 10, 0, 0), 200_000_000) // ¥2,000,000 from 10 March
		clock.Set(at(2026, 3, 11, 9, 0))
		if needs(before) {
			t.Error("the procedure started before the change took the new threshold")
		}
		if after := start(); !needs(after) {
			t.Error("a procedure started after the change did not take the new threshold")
		}
	})
}

// TestProcurementUnarrangedYear: a tender whose deadline reaches a year whose
// holiday arrangement is not loaded is refused, naming the year; once the
// Ministry's administrator loads it, the same publication goes through.
func TestProcurementUnarrangedYear(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProcWorld(t, s, clock)
		mof, err := w.svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: "中华人民共和国财政部", Kind: goumai.KindStateOrgan,
			CreditCode: projCode(t, "100000", "00300031X"), Region: goumai.NationalCode, FinanceDept: true})
		if err != nil {
			t.Fatal(err)
		}
		u, err := w.svc.CreateUser(ctx, goumai.System, goumai.NewUser{Username: "mof.admin", DisplayName: "管理员", Password: "Test-2026-goumai"}, mof.ID, goumai.RoleAdmin)
		if err != nil {
			t.Fatal(err)
		}
		admin := goumai.Actor{UserID: u.ID, Username: u.Username, Org: mof, Roles: []goumai.Role{goumai.RoleAdmin}}
		pr := w.approved(t, 50_000_000)
		clock.Set(at(2027, 12, 10, 9, 0))
		p := must[goumai.Procurement](t, "create")(w.svc.CreateProcurement(ctx, w.staff, workflow.ProcurementInput{ProjectID: pr.ID, Method: goumai.MethodOpenTender}))
		deadline := at(2028, 1, 10, 9, 30)
		p = w.draftWith(t, w.staff, p, func(u *workflow.ProcurementUpdate) {
			u.Periods = goumai.Periods{DocsUntil: at(2027, 12, 20, 17, 0), BidDeadline: deadline}
		})
		_, err = w.svc.Publish(ctx, w.staff, p.ID, p.Version)
		wantRule(t, "a deadline in 2028 before its arrangement is loaded", err, goumai.EInvalid, "2028")
		if _, err := w.svc.LoadCalendar(ctx, admin, fixture2028(t)); err != nil {
			t.Fatalf("load 2028: %v", err)
		}
		if p, err = w.svc.Publish(ctx, w.staff, p.ID, p.Version); err != nil || p.Status != goumai.ProcTendering {
			t.Fatalf("publish once 2028 is loaded: %v", err)
		}
	})
}

// TestTerminateAwaitingApproval: a procedure terminated while its method
// awaits the approver withdraws the request (recorded), leaves the approver's
// to-do, and can no longer be decided.
func TestTerminateAwaitingApproval(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProcWorld(t, s, clock)
		pr := w.approved(t, 300_000_000)
		p := must[goumai.Procurement](t, "create")(w.svc.CreateProcurement(ctx, w.staff, workflow.ProcurementInput{ProjectID: pr.ID,
			Method: goumai.MethodCompetitiveNeg, Reason: goumai.ReasonCannotSpecify}))
		p = must[goumai.Procurement](t, "request")(w.svc.RequestApproval(ctx, w.staff, p.ID, p.Version))
		p = must[goumai.Procurement](t, "terminate")(w.svc.Terminate(ctx, w.staff, p.ID, workflow.TerminationInput{Version: p.Version, Reason: "需求取消"}))
		ds := must[[]goumai.MethodDecision](t, "decisions")(s.Decisions(ctx, p.ID))
		if len(ds) != 1 || ds[0].Status != goumai.DecisionWithdrawn || countEvents(t, s, "method_decisions", ds[0].ID, "procurement.approval_withdrawn") != 1 {
			t.Fatalf("the request after termination: %+v", ds)
		}
		if hasItemLike(must[workflow.Inbox](t, "inbox")(w.svc.Inbox(ctx, w.hzApprover)).Todo, "todo.kind.method_approval", p.Code) {
			t.Error("a withdrawn request is still the approver's to-do")
		}
		if _, err := w.svc.DecideMethod(ctx, w.hzApprover, p.ID, workflow.MethodDecisionInput{Approve: true, Opinion: "同意"}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("deciding a withdrawn request: %v", err)
		}
	})
}

// TestPublicViewOfARedraft: after its single-source publicity, a procedure
// awaiting approval and drafted again stays public, but outsiders see its
// notices, not the documents being edited; the organisers may not object to
// their own publicity.
func TestPublicViewOfARedraft(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProcWorld(t, s, clock)
		pr := w.approved(t, 250_000_000)
		p := must[goumai.Procurement](t, "create")(w.svc.CreateProcurement(ctx, w.staff, workflow.ProcurementInput{ProjectID: pr.ID,
			Method: goumai.MethodSingleSource, Reason: goumai.ReasonSoleSupplier}))
		p = w.draftWith(t, w.staff, p, func(u *workflow.ProcurementUpdate) {
			u.SoleSupplierID, u.ReasonDetail = w.suppliers[1].ID, "唯一具备资质的机构。"
			u.Documents.ContractTerms = "草稿条款：尚在修改"
		})
		p = must[goumai.Procurement](t, "publicity")(w.svc.StartPublicity(ctx, w.staff, p.ID, p.Version))
		if _, err := w.svc.FileObjection(ctx, w.staff, p.ID, workflow.ObjectionInput{Body: "自己的异议"}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("the purchaser objecting to its own publicity: %v", err)
		}
		clock.Set(p.NextDue.Add(time.Second))
		must[int](t, "tick")(w.svc.Tick(ctx))
		v := must[workflow.ProcurementView](t, "public")(w.svc.ProcurementView(ctx, goumai.Actor{}, p.ID))
		if v.Status != goumai.ProcApproval || v.Documents.ContractTerms != "" || len(v.Notices) != 1 || len(v.Lots) != 0 {
			t.Errorf("the public's view awaiting approval: %s, terms %q, %d notices, %d lots", v.Status, v.Documents.ContractTerms, len(v.Notices), len(v.Lots))
		}
		if in := must[workflow.ProcurementView](t, "insider")(w.svc.ProcurementView(ctx, w.staff, p.ID)); in.Documents.ContractTerms == "" || len(in.Lots) == 0 {
			t.Error("the purchaser lost its own draft or its lots")
		}
		list := must[workflow.ProcurementList](t, "list")(w.svc.Procurements(ctx, goumai.Actor{}, sqlstore.ProcurementFilter{}))
		for _, q := range list.Procurements {
			if q.ID == p.ID && q.Documents.ContractTerms != "" {
				t.Error("the public list shows the draft's documents")
			}
		}
	})
}

// TestPrequalification: an invited tender publishes its 资格预审公告 for at
// least 5 working days (ENG-D5, across National Day); suppliers apply, the
// organisers may not; the list of applicants is confidential; the window's
// end returns it to drafting; every application is judged (not qualified
// with a reason) and only qualified applicants are invited (ENG-E1).
func TestPrequalification(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProcWorld(t, s, clock)
		pr := w.approved(t, 90_000_000)
		clock.Set(at(2026, 9, 29, 10, 0))
		p := must[goumai.Procurement](t, "create")(w.svc.CreateProcurement(ctx, w.staff, workflow.ProcurementInput{ProjectID: pr.ID,
			Method: goumai.MethodInvitedTender, Reason: goumai.ReasonRestrictedSupply, ReasonDetail: "具备失智照护资质的机构有限。"}))
		p = w.draftWith(t, w.staff, p, nil)
		_, err := w.svc.StartPrequal(ctx, w.staff, p.ID, workflow.PrequalInput{Version: p.Version, Until: at(2026, 10, 9, 17, 0)})
		wantRule(t, "a window of 4 working days", err, goumai.EInvalid, "ENG-D5")
		p = must[goumai.Procurement](t, "prequal")(w.svc.StartPrequal(ctx, w.staff, p.ID, workflow.PrequalInput{Version: p.Version}))
		until := at(2026, 10, 12, 23, 59).Add(59 * time.Second) // 30 Sep, 8, 9, 10 (a Saturday worked) and 12 October
		if p.Status != goumai.ProcPrequal || !p.NextDue.Equal(until) {
			t.Fatalf("prequalification: %s until %v, want %v", p.Status, p.NextDue, until)
		}
		ns := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, p.ID))
		if len(ns) != 1 || ns[0].Kind != goumai.NoticePrequal || ns[0].Body.PrequalUntil == nil || len(ns[0].Body.Documents.Qualifications) == 0 {
			t.Fatalf("资格预审公告: %+v", ns)
		}
		supplierOf := func(i int) goumai.Actor {
			return member2(t, w, w.suppliers[i], fmt.Sprintf("s%d.staff", i))
		}
		var apps []goumai.PrequalApplication
		for i := range 4 {
			apps = append(apps, must[goumai.PrequalApplication](t, "apply")(w.svc.ApplyPrequal(ctx, supplierOf(i), p.ID, workflow.ApplicationInput{Statement: "具备资质，详见附件。"})))
		}
		if _, err := w.svc.ApplyPrequal(ctx, supplierOf(0), p.ID, workflow.ApplicationInput{Statement: "再次申请"}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("a second application: %v", err)
		}
		if _, err := w.svc.ApplyPrequal(ctx, w.staff, p.ID, workflow.ApplicationInput{Statement: "我方"}); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("the purchaser applying: %v", err)
		}
		if got := must[[]goumai.PrequalApplication](t, "public")(w.svc.Applications(ctx, goumai.Actor{}, p)); len(got) != 0 {
			t.Errorf("the public sees %d applications", len(got))
		}
		if got := must[[]goumai.PrequalApplication](t, "applicant")(w.svc.Applications(ctx, supplierOf(1), p)); len(got) != 1 || got[0].OrgID != w.suppliers[1].ID {
			t.Errorf("an applicant sees %+v", got)
		}
		if _, err := w.svc.JudgeApplication(ctx, w.staff, apps[0].ID, workflow.JudgementInput{Qualified: true}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("judging during the window: %v", err)
		}

		clock.Set(until.Add(time.Second))
		if _, err := w.svc.ApplyPrequal(ctx, w.supplier, p.ID, workflow.ApplicationInput{Statement: "迟到"}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("an application after the window (before the tick): %v", err)
		}
		must[int](t, "tick")(w.svc.Tick(ctx))
		p = must[goumai.Procurement](t, "read")(w.svc.Procurement(ctx, w.staff, p.ID))
		if p.Status != goumai.ProcDraft || !p.Public() {
			t.Fatalf("after the window: %s public %v", p.Status, p.Public())
		}
		if !hasItemLike(must[workflow.Inbox](t, "inbox")(w.svc.Inbox(ctx, w.staff)).Todo, "todo.kind.prequal_judge", p.Code) {
			t.Error("the applications to judge are the purchaser's to-do")
		}
		_, err = w.svc.JudgeApplication(ctx, w.staff, apps[3].ID, workflow.JudgementInput{Qualified: false})
		wantCode(t, "not qualified without a reason", err, goumai.EInvalid, "reason")
		must[goumai.PrequalApplication](t, "judge")(w.svc.JudgeApplication(ctx, w.staff, apps[3].ID, workflow.JudgementInput{Reason: "未提供养老机构备案证明"}))
		for _, ap := range apps[:2] {
			must[goumai.PrequalApplication](t, "judge")(w.svc.JudgeApplication(ctx, w.staff, ap.ID, workflow.JudgementInput{Qualified: true}))
		}
		// One application unjudged, and an applicant not qualified invited: both refused at publication.
		deadline := at(2026, 11, 10, 9, 30)
		p = w.draftWith(t, w.staff, p, func(u *workflow.ProcurementUpdate) {
			u.Invited = []int64{w.suppliers[0].ID, w.suppliers[1].ID, w.suppliers[3].ID}
			u.Periods = goumai.Periods{DocsUntil: at(2026, 10, 30, 17, 0), BidDeadline: deadline}
		})
		_, err = w.svc.Publish(ctx, w.staff, p.ID, p.Version)
		wantRule(t, "invitations after an unfinished prequalification", err, goumai.EInvalid, "ENG-E1")
		if fs := goumai.AsError(err).Fields; fs["applications"].ZH == "" || fs["invited.2"].ZH == "" {
			t.Errorf("the problems: %v", fs)
		}
		must[goumai.PrequalApplication](t, "judge")(w.svc.JudgeApplication(ctx, w.staff, apps[2].ID, workflow.JudgementInput{Qualified: true}))
		p = w.draftWith(t, w.staff, p, func(u *workflow.ProcurementUpdate) {
			u.Invited = []int64{w.suppliers[0].ID, w.suppliers[1].ID, w.suppliers[2].ID}
			u.Periods = goumai.Periods{DocsUntil: at(2026, 10, 30, 17, 0), BidDeadline: deadline}
		})
		p = must[goumai.Procurement](t, "publish")(w.svc.Publish(ctx, w.staff, p.ID, p.Version))
		if ns := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, p.ID)); p.Status != goumai.ProcTendering || ns[len(ns)-1].Kind != goumai.NoticeInvitation {
			t.Fatalf("invitations: %s %+v", p.Status, ns[len(ns)-1])
		}
	})
}

// member2 gives an organisation a supplier's staff account.
func member2(t *testing.T, w *prw, o goumai.Org, username string) goumai.Actor {
	t.Helper()
	ctx := context.Background()
	u, _, err := w.s.Credentials(ctx, username)
	if err != nil {
		if u, err = w.svc.CreateUser(ctx, goumai.System, goumai.NewUser{Username: username, DisplayName: username, Password: "Test-2026-goumai"}, o.ID, goumai.RoleSupplier); err != nil {
			t.Fatalf("create %s: %v", username, err)
		}
	}
	return goumai.Actor{UserID: u.ID, Username: u.Username, Org: o, Roles: []goumai.Role{goumai.RoleSupplier}}
}
