package workflow_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// member adds a user with role to org and returns the actor.
func (w *prw) member(t testing.TB, o goumai.Org, name string, role goumai.Role) goumai.Actor {
	t.Helper()
	u, err := w.svc.CreateUser(context.Background(), goumai.System, goumai.NewUser{Username: name, DisplayName: name, Password: "Test-2026-goumai"}, o.ID, role)
	if err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	return goumai.Actor{UserID: u.ID, Username: u.Username, Name: name, Org: o, Roles: []goumai.Role{role}}
}

// openTender publishes an open tender of the purchaser for an approved project with its deadline.
func (w *prw) openTender(t testing.TB, pr goumai.Project, deadline time.Time) goumai.Procurement {
	t.Helper()
	ctx := context.Background()
	p := must[goumai.Procurement](t, "create")(w.svc.CreateProcurement(ctx, w.staff, workflow.ProcurementInput{ProjectID: pr.ID, Method: goumai.MethodOpenTender}))
	p = w.draftWith(t, w.staff, p, func(u *workflow.ProcurementUpdate) {
		u.Periods = goumai.Periods{DocsUntil: deadline, BidDeadline: deadline}
	})
	return must[goumai.Procurement](t, "publish")(w.svc.Publish(ctx, w.staff, p.ID, p.Version))
}

// written is what a refused action must leave as it was: the log and the enquiries.
type written struct{ tree, enquiries, askers int64 }

func writtenNow(t *testing.T, s *sqlstore.Store) written {
	t.Helper()
	ctx := context.Background()
	var c written
	var err error
	if c.tree, err = s.TreeSize(ctx); err != nil {
		t.Fatal(err)
	}
	for q, n := range map[string]*int64{"SELECT count(*) FROM enquiries": &c.enquiries, "SELECT count(*) FROM enquiry_askers": &c.askers} {
		if err := s.DB().QueryRowContext(ctx, q).Scan(n); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// refused checks that err has code (naming field or rule text when given) and
// that nothing was written since before.
func refused(t *testing.T, s *sqlstore.Store, what string, before written, err error, code goumai.Code, part string) {
	t.Helper()
	if goumai.ErrorCode(err) != code {
		t.Fatalf("%s: error %v, want %s", what, err, code)
	}
	if part != "" {
		e := goumai.AsError(err)
		all := e.Rule + " " + e.Message.ZH + " " + e.Message.EN
		for f, m := range e.Fields {
			all += " " + f + " " + m.ZH + " " + m.EN
		}
		if !strings.Contains(all, part) {
			t.Fatalf("%s: %v does not say %q", what, err, part)
		}
	}
	if after := writtenNow(t, s); after != before {
		t.Fatalf("%s: refused, but wrote: %+v → %+v", what, before, after)
	}
}

// TestEnquiries: a supplier asks about an open tender; nobody else sees the
// question until it is answered, then everyone sees question and answer but
// never who asked. A plain answer changes nothing else; an answer that amends
// the documents inside the ENG-D2 window moves the deadline and publishes an
// 更正公告 whose id the enquiry keeps. The wrong people and the wrong times are
// refused, writing nothing.
func TestEnquiries(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProcWorld(t, s, clock)
		deadline := at(2026, 3, 30, 9, 30)
		p := w.openTender(t, w.approved(t, 50_000_000), deadline)
		asker, other := w.supplier, w.member(t, w.suppliers[1], "yiyang.staff", goumai.RoleSupplier)
		expert := w.member(t, w.suppliers[2], "anhang.expert", goumai.RoleExpert)
		public := goumai.Actor{}
		q := workflow.EnquiryInput{Question: "第三章要求服务人员持证率不低于90%，是否包括兼职人员？"}

		// Who may not ask, and what may not be asked.
		before := writtenNow(t, s)
		_, err := w.svc.AskEnquiry(ctx, public, p.ID, q)
		refused(t, s, "the public asking", before, err, goumai.EUnauthorized, "")
		_, err = w.svc.AskEnquiry(ctx, w.staff, p.ID, q)
		refused(t, s, "the purchaser asking", before, err, goumai.EForbidden, "only the staff of a supplier")
		_, err = w.svc.AskEnquiry(ctx, expert, p.ID, q)
		refused(t, s, "an expert asking", before, err, goumai.EForbidden, "only the staff of a supplier")
		_, err = w.svc.AskEnquiry(ctx, asker, p.ID, workflow.EnquiryInput{Question: "  "})
		refused(t, s, "an empty question", before, err, goumai.EInvalid, "question")
		_, err = w.svc.AskEnquiry(ctx, asker, p.ID, workflow.EnquiryInput{Question: strings.Repeat("问", goumai.MaxEnquiryQuestion+1)})
		refused(t, s, "a question too long", before, err, goumai.EInvalid, "question")

		// Monday 2 March 09:00: due by the end of the 3rd working day, Thursday 5 March.
		e1 := must[goumai.Enquiry](t, "ask")(w.svc.AskEnquiry(ctx, asker, p.ID, q))
		if e1.Number != 1 || !e1.AskedAt.Equal(clock.Now()) || !e1.DueAt.Equal(at(2026, 3, 5, 23, 59).Add(59*time.Second)) || e1.AskerOrgID != asker.Org.ID {
			t.Fatalf("asked: %+v", e1)
		}
		for table, action := range map[string]string{"enquiries": "enquiry.ask", "enquiry_askers": "enquiry.asker"} {
			es := must[[]goumai.Event](t, "events")(s.FindEvents(ctx, sqlstore.EventFilter{ObjectType: table, ObjectID: fmt.Sprint(e1.ID), Limit: 10}))
			if len(es) != 1 || es[0].Action != action || es[0].Public {
				t.Errorf("the question is one private event on %s: %+v", table, es)
			}
		}
		see := func(a goumai.Actor) []goumai.Enquiry {
			t.Helper()
			return must[[]goumai.Enquiry](t, "enquiries")(w.svc.Enquiries(ctx, a, p.ID))
		}
		for _, a := range []goumai.Actor{other, public} {
			if got := see(a); len(got) != 0 {
				t.Errorf("%s sees an unanswered enquiry: %+v", a.Username, got)
			}
		}
		for _, a := range []goumai.Actor{asker, w.staff, w.auditor} {
			if got := see(a); len(got) != 1 || got[0].AskerOrgID != asker.Org.ID || got[0].AskerUserID != asker.UserID {
				t.Errorf("%s sees the enquiry with its asker: %+v", a.Username, got)
			}
		}
		if !hasItemLike(must[workflow.Inbox](t, "inbox")(w.svc.Inbox(ctx, w.staff)).Todo, "todo.kind.enquiry", "第1号询问，03月05日前答复") {
			t.Error("the unanswered enquiry is the organisers' to-do, with its time limit")
		}

		// Only the organisers answer.
		a1 := workflow.AnswerInput{Answer: "持证率按投标文件所列全部服务人员（含兼职）计算。"}
		before = writtenNow(t, s)
		for _, a := range []goumai.Actor{w.agent, w.approver, asker, w.auditor} {
			_, err = w.svc.AnswerEnquiry(ctx, a, e1.ID, a1)
			refused(t, s, a.Username+" answering", before, err, goumai.EForbidden, "")
		}
		_, err = w.svc.AnswerEnquiry(ctx, w.staff, e1.ID, workflow.AnswerInput{Answer: "见采购文件", AffectsBids: true})
		refused(t, s, "affecting bids without documents", before, err, goumai.EInvalid, "affects_bids")
		_, err = w.svc.AnswerEnquiry(ctx, w.staff, e1.ID, workflow.AnswerInput{})
		refused(t, s, "an empty answer", before, err, goumai.EInvalid, "answer")

		// A plain answer: public, and nothing else changes.
		clock.Set(at(2026, 3, 3, 14, 0))
		e1 = must[goumai.Enquiry](t, "answer")(w.svc.AnswerEnquiry(ctx, w.staff, e1.ID, a1))
		if e1.AnsweredAt == nil || !e1.AnsweredAt.Equal(clock.Now()) || e1.AnsweredBy != w.staff.UserID || e1.ClarificationNoticeID != 0 {
			t.Fatalf("answered: %+v", e1)
		}
		if got := must[goumai.Procurement](t, "read")(w.svc.Procurement(ctx, w.staff, p.ID)); got.Version != p.Version || !got.Periods.BidDeadline.Equal(deadline) {
			t.Errorf("a plain answer changed the procedure: version %d → %d, deadline %v", p.Version, got.Version, got.Periods.BidDeadline)
		}
		if ns := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, p.ID)); len(ns) != 1 {
			t.Errorf("a plain answer published a notice: %+v", ns)
		}
		es := must[[]goumai.Event](t, "events")(s.FindEvents(ctx, sqlstore.EventFilter{ObjectType: "enquiries", ObjectID: fmt.Sprint(e1.ID), PublicOnly: true, Limit: 10}))
		if len(es) != 1 || es[0].Action != "enquiry.answer" || !strings.Contains(string(es[0].State), "持证率按投标文件") {
			t.Fatalf("the answer is one public event with question and answer: %+v", es)
		}
		var state map[string]any
		if err := json.Unmarshal(es[0].State, &state); err != nil {
			t.Fatal(err)
		}
		for k := range state {
			if strings.Contains(k, "org") || strings.Contains(k, "asker") || k == "user_id" {
				t.Errorf("the answer's public event names who asked (%s): %s", k, es[0].State)
			}
		}
		if n := len(must[[]goumai.Event](t, "events")(s.FindEvents(ctx, sqlstore.EventFilter{ObjectType: "enquiry_askers", PublicOnly: true, Limit: 10}))); n != 0 {
			t.Errorf("%d public events name an asker", n)
		}
		for _, a := range []goumai.Actor{other, public} {
			got := see(a)
			if len(got) != 1 || got[0].Question != q.Question || got[0].Answer != a1.Answer || got[0].AskerOrgID != 0 || got[0].AskerUserID != 0 {
				t.Fatalf("%q sees the answered enquiry without its asker: %+v", a.Username, got)
			}
			if b, _ := json.Marshal(got); strings.Contains(string(b), "asker") {
				t.Errorf("the JSON names the asker: %s", b)
			}
		}
		if hasItemLike(must[workflow.Inbox](t, "inbox")(w.svc.Inbox(ctx, w.staff)).Todo, "todo.kind.enquiry", p.Code) {
			t.Error("an answered enquiry is still a to-do")
		}
		before = writtenNow(t, s)
		_, err = w.svc.AnswerEnquiry(ctx, w.staff, e1.ID, a1)
		refused(t, s, "answering twice", before, err, goumai.EConflict, "")

		// Another supplier's enquiry, answered with amended documents 14 days
		// before the deadline: a tender's clarification needs 15 (ENG-D2).
		clock.Set(at(2026, 3, 4, 10, 0))
		e2 := must[goumai.Enquiry](t, "ask")(w.svc.AskEnquiry(ctx, other, p.ID, workflow.EnquiryInput{Question: "助浴服务的频次要求是什么？"}))
		if e2.Number != 2 {
			t.Fatalf("the second enquiry is number %d", e2.Number)
		}
		if got := see(asker); len(got) != 1 || got[0].ID != e1.ID {
			t.Errorf("the first asker sees another supplier's unanswered enquiry: %+v", got)
		}
		clock.Set(at(2026, 3, 16, 10, 0))
		amended := docs()
		amended.Requirements += "助浴服务每人每月不少于2次。"
		a2 := workflow.AnswerInput{Answer: "助浴服务每人每月不少于2次，已补入采购需求。", Documents: &amended, AffectsBids: true, Version: p.Version - 1}
		before = writtenNow(t, s)
		_, err = w.svc.AnswerEnquiry(ctx, w.staff, e2.ID, a2)
		refused(t, s, "amending documents at a stale version", before, err, goumai.EStale, "")
		a2.Version = p.Version
		e2 = must[goumai.Enquiry](t, "answer with documents")(w.svc.AnswerEnquiry(ctx, w.staff, e2.ID, a2))
		moved := at(2026, 3, 31, 9, 30)
		got := must[goumai.Procurement](t, "read")(w.svc.Procurement(ctx, w.staff, p.ID))
		if !got.Periods.BidDeadline.Equal(moved) || got.NextDue == nil || !got.NextDue.Equal(moved) || got.Documents.Requirements != amended.Requirements {
			t.Fatalf("after the clarifying answer: deadline %v due %v, requirements %q", got.Periods.BidDeadline, got.NextDue, got.Documents.Requirements)
		}
		ns := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, p.ID))
		last := ns[len(ns)-1]
		if len(ns) != 2 || last.Kind != goumai.NoticeCorrection || e2.ClarificationNoticeID != last.ID ||
			!strings.Contains(last.Body.Changes, "助浴服务的频次要求") || !strings.Contains(last.Body.Changes, "顺延至2026年03月31日") ||
			!strings.Contains(last.Body.Documents.Requirements, "不少于2次") {
			t.Fatalf("更正公告 %+v for enquiry %+v", last, e2)
		}
		if got := see(public); len(got) != 2 || got[1].ClarificationNoticeID != last.ID || got[1].AskerOrgID != 0 {
			t.Errorf("the public sees both answers, the second with its notice: %+v", got)
		}

		// At the moved deadline, no more questions.
		clock.Set(moved)
		before = writtenNow(t, s)
		_, err = w.svc.AskEnquiry(ctx, asker, p.ID, q)
		refused(t, s, "asking at the deadline", before, err, goumai.EConflict, "deadline")
		must[int](t, "tick")(w.svc.Tick(ctx))
		before = writtenNow(t, s)
		_, err = w.svc.AskEnquiry(ctx, asker, p.ID, q)
		refused(t, s, "asking after the bids closed", before, err, goumai.EConflict, "deadline")
		verified(t, s)
	})
}

// verified checks that the log verifies: every row of every audited table is
// the state its latest event recorded.
func verified(t *testing.T, s *sqlstore.Store) {
	t.Helper()
	if rep, err := s.Verify(context.Background(), nil); err != nil || !rep.OK() {
		t.Fatalf("log verify: %+v %v", rep, err)
	}
}

// TestEnquiryOverdue: an enquiry unanswered past its 3 working days (ENG-D8)
// is marked overdue by the scheduler once — also by three ticks at once — and
// the to-do says so; it may still be answered.
func TestEnquiryOverdue(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProcWorld(t, s, clock)
		p := w.openTender(t, w.approved(t, 50_000_000), at(2026, 3, 30, 9, 30))
		// Friday 6 March: due by the end of Wednesday 11 March.
		clock.Set(at(2026, 3, 6, 16, 0))
		var es []goumai.Enquiry
		for i := range 5 {
			es = append(es, must[goumai.Enquiry](t, "ask")(w.svc.AskEnquiry(ctx, w.supplier, p.ID, workflow.EnquiryInput{Question: fmt.Sprintf("问题%d", i+1)})))
		}
		due := at(2026, 3, 11, 23, 59).Add(59 * time.Second)
		if !es[0].DueAt.Equal(due) {
			t.Fatalf("due %v, want %v", es[0].DueAt, due)
		}
		must[goumai.Enquiry](t, "answer one in time")(w.svc.AnswerEnquiry(ctx, w.staff, es[4].ID, workflow.AnswerInput{Answer: "按采购文件执行。"}))

		clock.Set(due)
		if n := must[int](t, "tick")(w.svc.Tick(ctx)); n != 0 {
			t.Fatalf("a tick at the time limit moved %d", n)
		}
		clock.Set(due.Add(time.Second))
		var wg sync.WaitGroup
		moved, errs := make([]int, 3), make([]error, 3)
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
		if total != 4 {
			t.Errorf("three ticks at once marked %v, want 4 in all", moved)
		}
		if n := must[int](t, "tick again")(w.svc.Tick(ctx)); n != 0 {
			t.Errorf("a later tick marked %d", n)
		}
		for i, e := range es {
			want := 1
			if i == 4 {
				want = 0
			}
			if n := countEvents(t, s, "enquiries", e.ID, "enquiry.overdue"); n != want {
				t.Errorf("enquiry %d: %d overdue events, want %d", e.Number, n, want)
			}
		}
		all := must[[]goumai.Enquiry](t, "enquiries")(w.svc.Enquiries(ctx, w.staff, p.ID))
		if all[0].OverdueAt == nil || !all[0].OverdueAt.Equal(due.Add(time.Second)) || all[4].OverdueAt != nil {
			t.Errorf("overdue marks: %+v", all)
		}
		if !hasItemLike(must[workflow.Inbox](t, "inbox")(w.svc.Inbox(ctx, w.staff)).Todo, "todo.kind.enquiry", "已逾期") {
			t.Error("the to-do says the answer is overdue")
		}
		e := must[goumai.Enquiry](t, "answer late")(w.svc.AnswerEnquiry(ctx, w.staff, es[0].ID, workflow.AnswerInput{Answer: "迟复为歉：按采购文件执行。"}))
		if e.OverdueAt == nil || e.AnsweredAt == nil {
			t.Errorf("answered late: %+v", e)
		}
		verified(t, s)
	})
}

// TestEnquiryInvited: for an invited method only the invited suppliers ask;
// an agency entrusted with the procedure answers, the purchaser does not.
func TestEnquiryInvited(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProcWorld(t, s, clock)
		pr := w.approved(t, 50_000_000)
		must[goumai.AgencyAgreement](t, "agreement")(w.svc.RecordAgreement(ctx, w.staff, workflow.AgreementInput{ProjectID: pr.ID, AgencyOrgID: w.agency.ID,
			Reference: "XH-WT-2026-009", SignedOn: "2026-03-01"}))
		p := must[goumai.Procurement](t, "create")(w.svc.CreateProcurement(ctx, w.agent, workflow.ProcurementInput{ProjectID: pr.ID,
			Method: goumai.MethodCompetitiveNeg, Reason: goumai.ReasonCannotSpecify, ReasonDetail: "服务对象需求差异大。"}))
		deadline := at(2026, 3, 10, 9, 30)
		p = w.draftWith(t, w.agent, p, func(u *workflow.ProcurementUpdate) {
			u.Invited = w.supplierIDs(3)
			u.Periods = goumai.Periods{DocsUntil: deadline, BidDeadline: deadline}
		})
		p = must[goumai.Procurement](t, "publish")(w.svc.Publish(ctx, w.agent, p.ID, p.Version))

		outsider := w.member(t, w.suppliers[3], "xiyanghong.staff", goumai.RoleSupplier)
		before := writtenNow(t, s)
		_, err := w.svc.AskEnquiry(ctx, outsider, p.ID, workflow.EnquiryInput{Question: "能否参加？"})
		refused(t, s, "a supplier not invited", before, err, goumai.EForbidden, "invited")
		e := must[goumai.Enquiry](t, "ask")(w.svc.AskEnquiry(ctx, w.supplier, p.ID, workflow.EnquiryInput{Question: "谈判分几轮？"}))
		if !hasItemLike(must[workflow.Inbox](t, "inbox")(w.svc.Inbox(ctx, w.agent)).Todo, "todo.kind.enquiry", p.Code) ||
			hasItemLike(must[workflow.Inbox](t, "inbox")(w.svc.Inbox(ctx, w.staff)).Todo, "todo.kind.enquiry", p.Code) {
			t.Error("the entrusted agency's to-do, not the purchaser's")
		}
		before = writtenNow(t, s)
		_, err = w.svc.AnswerEnquiry(ctx, w.staff, e.ID, workflow.AnswerInput{Answer: "两轮。"})
		refused(t, s, "the purchaser answering for its agency", before, err, goumai.EForbidden, "")
		if got := must[[]goumai.Enquiry](t, "purchaser reads")(w.svc.Enquiries(ctx, w.staff, p.ID)); len(got) != 1 || got[0].AskerOrgID == 0 {
			t.Errorf("the purchaser sees the enquiry with its asker: %+v", got)
		}
		must[goumai.Enquiry](t, "the agency answers")(w.svc.AnswerEnquiry(ctx, w.agent, e.ID, workflow.AnswerInput{Answer: "两轮。"}))

		// A procedure terminated: its open enquiries are no longer answered, nor anyone's to-do.
		late := must[goumai.Enquiry](t, "ask")(w.svc.AskEnquiry(ctx, w.supplier, p.ID, workflow.EnquiryInput{Question: "报价是否含税？"}))
		p = must[goumai.Procurement](t, "read")(w.svc.Procurement(ctx, w.agent, p.ID))
		must[goumai.Procurement](t, "terminate")(w.svc.Terminate(ctx, w.agent, p.ID, workflow.TerminationInput{Version: p.Version, Reason: "需求变更。"}))
		before = writtenNow(t, s)
		_, err = w.svc.AnswerEnquiry(ctx, w.agent, late.ID, workflow.AnswerInput{Answer: "含税。"})
		refused(t, s, "answering once terminated", before, err, goumai.EConflict, "terminated")
		if hasItemLike(must[workflow.Inbox](t, "inbox")(w.svc.Inbox(ctx, w.agent)).Todo, "todo.kind.enquiry", p.Code) {
			t.Error("a terminated procedure's enquiry is still a to-do")
		}
		verified(t, s)
	})
}

// TestEnquiryUnarrangedYear: a question whose answer would fall due in a year
// whose holiday arrangement is not loaded is refused, naming the year.
func TestEnquiryUnarrangedYear(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProcWorld(t, s, clock)
		pr := w.approved(t, 50_000_000)
		clock.Set(at(2027, 12, 1, 9, 0))
		p := w.openTender(t, pr, at(2027, 12, 23, 9, 30))
		// Wednesday 22 December: due on Monday 27 December, in the last week of
		// the year, which 2028's arrangement may change.
		clock.Set(at(2027, 12, 22, 9, 0))
		before := writtenNow(t, s)
		_, err := w.svc.AskEnquiry(ctx, w.supplier, p.ID, workflow.EnquiryInput{Question: "问题"})
		refused(t, s, "due in a year not arranged", before, err, goumai.EConflict, "2028")
	})
}
