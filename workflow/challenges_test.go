package workflow_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// disputeRows is what a refused step must leave as it was: the log and the
// challenges' and complaints' rows.
type disputeRows struct {
	tree                   int64
	challenges, complaints string
	facts                  int64
}

func disputesNow(t *testing.T, s *sqlstore.Store) disputeRows {
	t.Helper()
	ctx := context.Background()
	var d disputeRows
	var err error
	if d.tree, err = s.TreeSize(ctx); err != nil {
		t.Fatal(err)
	}
	for q, v := range map[string]any{
		"SELECT coalesce(string_agg(id || ':' || status || ':' || verdict, ','), '') FROM challenges": &d.challenges,
		"SELECT coalesce(string_agg(id || ':' || status || ':' || verdict, ','), '') FROM complaints": &d.complaints,
		"SELECT count(*) FROM challenge_facts":                                                        &d.facts,
	} {
		if s.Dialect() == sqlstore.SQLite {
			q = strings.ReplaceAll(q, "string_agg(", "group_concat(")
		}
		if err := s.DB().QueryRowContext(ctx, q).Scan(v); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return d
}

// badStep is one step that must be refused with code (and rule, when given),
// writing nothing.
type badStep struct {
	name string
	do   func() error
	code goumai.Code
	rule string // the ENG- rule named, or a field, or "" for none checked
}

func refuseAll(t *testing.T, s *sqlstore.Store, steps []badStep) {
	t.Helper()
	for _, b := range steps {
		before := disputesNow(t, s)
		err := b.do()
		if goumai.ErrorCode(err) != b.code {
			t.Errorf("%s: error %v, want %s", b.name, err, b.code)
			continue
		}
		if e := goumai.AsError(err); b.rule != "" && e.Rule != b.rule && e.Fields[b.rule] == (goumai.Msg{}) {
			t.Errorf("%s: %v does not name %s", b.name, err, b.rule)
		}
		if after := disputesNow(t, s); after != before {
			t.Errorf("%s: refused, but wrote: %+v → %+v", b.name, before, after)
		}
	}
}

// TestChallenges: a supplier challenges the tender notice, the organiser
// answers, the challenger complains, the finance department suspends the
// procurement and decides; a second challenge left unanswered is complained
// of once its time limit passed. Every wrong actor and time is refused,
// naming ENG-D8, writing nothing.
func TestChallenges(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProcWorld(t, s, clock)
		p := w.openTender(t, w.approved(t, 50_000_000), at(2026, 3, 30, 9, 30))
		other := w.openTender(t, w.approved(t, 40_000_000), at(2026, 3, 30, 9, 30))
		notice := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, p.ID))[0]
		otherNotice := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, other.ID))[0]
		challenger, second := w.supplier, w.member(t, w.suppliers[1], "yiyang.staff", goumai.RoleSupplier)
		expert := w.member(t, w.suppliers[2], "anhang.expert", goumai.RoleExpert)
		in := workflow.ChallengeInput{NoticeID: notice.ID, Claims: "评分标准“持证人员比例”限制了兼职人员，请求修改。", Facts: "附：本公司兼职护理员持证名单（不公开）"}
		frozen := func() error {
			return s.Update(ctx, func(tx *sqlstore.Tx) error { return w.svc.CheckNotFrozen(ctx, tx, p.ID) })
		}

		refuseAll(t, s, []badStep{
			{"the public challenging", func() error { _, err := w.svc.FileChallenge(ctx, goumai.Actor{}, p.ID, in); return err }, goumai.EUnauthorized, ""},
			{"the purchaser challenging its own procedure", func() error { _, err := w.svc.FileChallenge(ctx, w.staff, p.ID, in); return err }, goumai.EForbidden, ""},
			{"an expert challenging", func() error { _, err := w.svc.FileChallenge(ctx, expert, p.ID, in); return err }, goumai.EForbidden, ""},
			{"empty claims", func() error {
				_, err := w.svc.FileChallenge(ctx, challenger, p.ID, workflow.ChallengeInput{NoticeID: notice.ID, Claims: " "})
				return err
			}, goumai.EInvalid, "claims"},
			{"another procedure's notice", func() error {
				_, err := w.svc.FileChallenge(ctx, challenger, p.ID, workflow.ChallengeInput{NoticeID: otherNotice.ID, Claims: "x"})
				return err
			}, goumai.EInvalid, "notice_id"},
		})

		// Monday 2 March 09:00: the answer is due by the end of Wednesday 11 March.
		c1 := must[goumai.Challenge](t, "file")(w.svc.FileChallenge(ctx, challenger, p.ID, in))
		if c1.Number != 1 || c1.Status != goumai.ChallengeFiled || !c1.DueAt.Equal(at(2026, 3, 11, 23, 59).Add(59*time.Second)) {
			t.Fatalf("filed: %+v", c1)
		}
		if n := countEvents(t, s, "challenges", c1.ID, "challenge.file"); n != 1 {
			t.Errorf("challenge.file events: %d", n)
		}
		es := must[[]goumai.Event](t, "events")(s.FindEvents(ctx, sqlstore.EventFilter{ObjectType: "challenge_facts", Limit: 10}))
		if len(es) != 1 || es[0].Public || es[0].Action != "challenge.facts" {
			t.Errorf("the facts are one private event: %+v", es)
		}
		if err := frozen(); goumai.ErrorCode(err) != goumai.EConflict || goumai.AsError(err).Rule != "ENG-D8" {
			t.Errorf("an unanswered challenge freezes the award: %v", err)
		}
		for _, a := range []goumai.Actor{{}, second} {
			l := must[workflow.ChallengeList](t, "list")(w.svc.Challenges(ctx, a, p.ID))
			if len(l.Challenges) != 1 || l.Challenges[0].Facts != "" || l.Challenges[0].UserID != 0 || l.Challenges[0].Claims != in.Claims {
				t.Errorf("%q sees the challenge without facts or filer: %+v", a.Username, l.Challenges)
			}
		}
		for _, a := range []goumai.Actor{challenger, w.staff, w.auditor} {
			l := must[workflow.ChallengeList](t, "list")(w.svc.Challenges(ctx, a, p.ID))
			if len(l.Challenges) != 1 || l.Challenges[0].Facts != in.Facts || l.Challenges[0].UserID != challenger.UserID {
				t.Errorf("%s sees the facts and the filer: %+v", a.Username, l.Challenges)
			}
		}
		if !hasItemLike(must[workflow.Inbox](t, "inbox")(w.svc.Inbox(ctx, w.staff)).Todo, "todo.kind.challenge", "第1号质疑，03月11日前答复") {
			t.Error("the challenge is the organiser's to-do, with its time limit")
		}

		// A second challenge, and a third answered at once (dismissed).
		c2 := must[goumai.Challenge](t, "file")(w.svc.FileChallenge(ctx, second, p.ID, workflow.ChallengeInput{NoticeID: notice.ID, Claims: "预算金额与需求不匹配。"}))
		c3 := must[goumai.Challenge](t, "file")(w.svc.FileChallenge(ctx, second, p.ID, workflow.ChallengeInput{NoticeID: notice.ID, Claims: "公告期限过短。"}))
		c3 = must[goumai.Challenge](t, "answer")(w.svc.AnswerChallenge(ctx, w.staff, c3.ID, workflow.RulingInput{Verdict: goumai.VerdictDismissed, Reasons: "期限符合ENG-D1。"}))
		c4 := must[goumai.Challenge](t, "file")(w.svc.FileChallenge(ctx, second, p.ID, workflow.ChallengeInput{NoticeID: notice.ID, Claims: "撤回测试。"}))

		upheld := workflow.RulingInput{Verdict: goumai.VerdictUpheld, Outcome: goumai.OutcomeCorrectDocuments, Reasons: "兼职人员持证应计入，修改评分标准。"}
		refuseAll(t, s, []badStep{
			{"an answer by the challenger", func() error { _, err := w.svc.AnswerChallenge(ctx, challenger, c1.ID, upheld); return err }, goumai.EForbidden, "ENG-D8"},
			{"an answer by the finance department", func() error { _, err := w.svc.AnswerChallenge(ctx, w.fapp, c1.ID, upheld); return err }, goumai.EForbidden, "ENG-D8"},
			{"an answer without a verdict", func() error {
				_, err := w.svc.AnswerChallenge(ctx, w.staff, c1.ID, workflow.RulingInput{Reasons: "x"})
				return err
			}, goumai.EInvalid, "verdict"},
			{"a dismissal with an outcome", func() error {
				_, err := w.svc.AnswerChallenge(ctx, w.staff, c1.ID, workflow.RulingInput{Verdict: goumai.VerdictDismissed, Outcome: goumai.OutcomeRerank, Reasons: "x"})
				return err
			}, goumai.EInvalid, "outcome"},
			{"an answer without reasons", func() error {
				_, err := w.svc.AnswerChallenge(ctx, w.staff, c1.ID, workflow.RulingInput{Verdict: goumai.VerdictUpheld})
				return err
			}, goumai.EInvalid, "reasons"},
			{"a second answer", func() error { _, err := w.svc.AnswerChallenge(ctx, w.staff, c3.ID, upheld); return err }, goumai.EConflict, "ENG-D8"},
			{"a complaint before the answer", func() error {
				_, err := w.svc.FileComplaint(ctx, second, c2.ID, workflow.ComplaintInput{Claims: "未答复。"})
				return err
			}, goumai.EConflict, "ENG-D8"},
			{"a complaint by another supplier", func() error {
				_, err := w.svc.FileComplaint(ctx, challenger, c3.ID, workflow.ComplaintInput{Claims: "代为投诉。"})
				return err
			}, goumai.EForbidden, "ENG-D8"},
			{"a withdrawal by the purchaser", func() error { _, err := w.svc.WithdrawChallenge(ctx, w.staff, c4.ID); return err }, goumai.EForbidden, "ENG-D8"},
		})

		c1 = must[goumai.Challenge](t, "answer")(w.svc.AnswerChallenge(ctx, w.staff, c1.ID, upheld))
		if c1.Status != goumai.ChallengeAnswered || c1.Answer == nil || c1.Answer.Outcome != goumai.OutcomeCorrectDocuments || c1.Answer.By != w.staff.UserID {
			t.Fatalf("answered: %+v", c1)
		}
		c4 = must[goumai.Challenge](t, "withdraw")(w.svc.WithdrawChallenge(ctx, second, c4.ID))
		if c4.Status != goumai.ChallengeWithdrawn || c4.WithdrawnAt == nil {
			t.Fatalf("withdrawn: %+v", c4)
		}
		refuseAll(t, s, []badStep{
			{"a second withdrawal", func() error { _, err := w.svc.WithdrawChallenge(ctx, second, c4.ID); return err }, goumai.EConflict, "ENG-D8"},
			{"a complaint of a withdrawn challenge", func() error {
				_, err := w.svc.FileComplaint(ctx, second, c4.ID, workflow.ComplaintInput{Claims: "x"})
				return err
			}, goumai.EConflict, "ENG-D8"},
		})

		// The challenger complains of the answer: the decision is due in 30 working days.
		k1 := must[goumai.Complaint](t, "complain")(w.svc.FileComplaint(ctx, challenger, c1.ID, workflow.ComplaintInput{Claims: "答复未说明修改后的评分标准。", Facts: "证据二"}))
		if k1.Status != goumai.ComplaintFiled || k1.Region != p.Region || !k1.DueAt.Equal(at(2026, 4, 14, 23, 59).Add(59*time.Second)) {
			t.Fatalf("complaint: %+v", k1)
		}
		if !hasItemLike(must[workflow.Inbox](t, "inbox")(w.svc.Inbox(ctx, w.fapp)).Todo, "todo.kind.complaint", "04月14日前处理") {
			t.Error("the complaint is the finance department's to-do, with its time limit")
		}
		if hasItemLike(must[workflow.Inbox](t, "inbox")(w.svc.Inbox(ctx, w.staff)).Todo, "todo.kind.complaint", "") {
			t.Error("the purchaser has no complaint to decide")
		}
		decision := workflow.RulingInput{Verdict: goumai.VerdictPartly, Outcome: goumai.OutcomeReevaluate, Reasons: "评分有误，由原评审委员会重新评审。"}
		refuseAll(t, s, []badStep{
			{"a second complaint", func() error {
				_, err := w.svc.FileComplaint(ctx, challenger, c1.ID, workflow.ComplaintInput{Claims: "再次投诉。"})
				return err
			}, goumai.EConflict, "ENG-D8"},
			{"a decision by the purchaser", func() error { _, err := w.svc.DecideComplaint(ctx, w.staff, k1.ID, decision); return err }, goumai.EForbidden, "ENG-D8"},
			{"a decision by a finance reviewer", func() error { _, err := w.svc.DecideComplaint(ctx, w.reviewer, k1.ID, decision); return err }, goumai.EForbidden, "ENG-D8"},
			{"a decision by the complainant", func() error { _, err := w.svc.DecideComplaint(ctx, challenger, k1.ID, decision); return err }, goumai.EForbidden, "ENG-D8"},
			{"a suspension without reason", func() error {
				_, err := w.svc.SuspendProcurement(ctx, w.fapp, k1.ID, workflow.SuspendInput{})
				return err
			}, goumai.EInvalid, "reason"},
			{"a resumption of what was not suspended", func() error { _, err := w.svc.ResumeProcurement(ctx, w.fapp, k1.ID); return err }, goumai.EConflict, "ENG-D8"},
			{"a withdrawal of the complaint by the purchaser", func() error { _, err := w.svc.WithdrawComplaint(ctx, w.staff, k1.ID); return err }, goumai.EForbidden, "ENG-D8"},
		})

		// The prefecture's finance department (above the county) suspends, resumes, suspends; the county's decides.
		k1 = must[goumai.Complaint](t, "suspend")(w.svc.SuspendProcurement(ctx, w.hzApprover, k1.ID, workflow.SuspendInput{Reason: "投诉事项可能影响中标结果。"}))
		if k1.Status != goumai.ComplaintSuspended || k1.SuspendedUntil == nil || !k1.SuspendedUntil.Equal(at(2026, 4, 1, 23, 59).Add(59*time.Second)) {
			t.Fatalf("suspended: %+v", k1)
		}
		if err := frozen(); goumai.ErrorCode(err) != goumai.EConflict || !strings.Contains(goumai.AsError(err).Message.EN, "suspended") {
			t.Errorf("the suspension freezes the procurement: %v", err)
		}
		k1 = must[goumai.Complaint](t, "resume")(w.svc.ResumeProcurement(ctx, w.hzApprover, k1.ID))
		k1 = must[goumai.Complaint](t, "decide")(w.svc.DecideComplaint(ctx, w.fapp, k1.ID, decision))
		if k1.Status != goumai.ComplaintDecided || k1.Decision == nil || k1.Decision.Verdict != goumai.VerdictPartly || k1.Decision.By != w.fapp.UserID {
			t.Fatalf("decided: %+v", k1)
		}
		// The decision is published in the same transaction: the 投诉处理结果公告
		// names the parties, the matters and the decision, never the facts.
		ns := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, k1.ProcurementID))
		var cn *goumai.ComplaintNotice
		for _, n := range ns {
			if n.Kind == goumai.NoticeComplaint {
				if cn != nil {
					t.Error("the decision is published twice")
				}
				cn = n.Body.Complaint
			}
		}
		if cn == nil || cn.Complainant != challenger.Org.Name || cn.Claims != k1.Claims || cn.Verdict != goumai.VerdictPartly ||
			cn.Outcome != goumai.OutcomeReevaluate || cn.Reasons != decision.Reasons || cn.Decider != w.fapp.Org.Name || !cn.DecidedAt.Equal(k1.Decision.At) {
			t.Errorf("the complaint decision notice: %+v", cn)
		}
		refuseAll(t, s, []badStep{
			{"a second decision", func() error { _, err := w.svc.DecideComplaint(ctx, w.fapp, k1.ID, decision); return err }, goumai.EConflict, "ENG-D8"},
			{"a withdrawal after the decision", func() error { _, err := w.svc.WithdrawComplaint(ctx, challenger, k1.ID); return err }, goumai.EConflict, "ENG-D8"},
		})
		for _, act := range []string{"complaint.file", "complaint.suspend", "complaint.resume", "complaint.decide"} {
			es := must[[]goumai.Event](t, "events")(s.FindEvents(ctx, sqlstore.EventFilter{ObjectType: "complaints", ObjectID: fmt.Sprint(k1.ID), Limit: 10}))
			found := false
			for _, e := range es {
				if e.Action == act {
					found = e.Public
					if strings.Contains(string(e.State), "证据") {
						t.Errorf("%s: the public state holds the facts: %s", act, e.State)
					}
				}
			}
			if !found {
				t.Errorf("%s is a public event", act)
			}
		}
		outs := must[[]goumai.ChallengeOutcome](t, "outcomes")(storeRead(s, func(tx *sqlstore.Tx) ([]goumai.ChallengeOutcome, error) {
			return w.svc.ChallengeOutcomes(ctx, tx, p.ID)
		}))
		if len(outs) != 2 || outs[0].Kind != goumai.OutcomeCorrectDocuments || outs[0].ComplaintID != 0 ||
			outs[1].Kind != goumai.OutcomeReevaluate || outs[1].ComplaintID != k1.ID || outs[1].NoticeID != notice.ID {
			t.Errorf("outcomes: %+v", outs)
		}

		// Thursday 12 March: c2's answer is overdue; the tick marks it once.
		clock.Set(at(2026, 3, 12, 9, 0))
		must[int](t, "tick")(w.svc.Tick(ctx))
		must[int](t, "tick")(w.svc.Tick(ctx))
		if n := countEvents(t, s, "challenges", c2.ID, "challenge.overdue"); n != 1 {
			t.Errorf("challenge.overdue events: %d", n)
		}
		if !hasItemLike(must[workflow.Inbox](t, "inbox")(w.svc.Inbox(ctx, w.staff)).Todo, "todo.kind.challenge", "第2号质疑，已逾期") {
			t.Error("the overdue challenge is still the organiser's to-do, marked overdue")
		}
		refuseAll(t, s, []badStep{
			{"a challenge after its window", func() error { _, err := w.svc.FileChallenge(ctx, challenger, p.ID, in); return err }, goumai.EConflict, "ENG-D8"},
		})
		k2 := must[goumai.Complaint](t, "complain unanswered")(w.svc.FileComplaint(ctx, second, c2.ID, workflow.ComplaintInput{Claims: "质疑逾期未答复。"}))
		l := must[workflow.ChallengeList](t, "list")(w.svc.Challenges(ctx, goumai.Actor{}, p.ID))
		if l.Challenges[1].Status != goumai.ChallengeUnanswered || len(l.Complaints) != 2 || l.Complaints[1].ID != k2.ID {
			t.Errorf("the unanswered challenge escalated: %+v / %+v", l.Challenges[1], l.Complaints)
		}
		refuseAll(t, s, []badStep{
			{"an answer after the complaint", func() error { _, err := w.svc.AnswerChallenge(ctx, w.staff, c2.ID, upheld); return err }, goumai.EConflict, "ENG-D8"},
		})
		k2 = must[goumai.Complaint](t, "withdraw complaint")(w.svc.WithdrawComplaint(ctx, second, k2.ID))
		if err := frozen(); err != nil {
			t.Errorf("nothing open: %v", err)
		}

		// Tuesday 24 March: c3's answer (2 March) is more than 15 working days old.
		clock.Set(at(2026, 3, 24, 9, 0))
		refuseAll(t, s, []badStep{
			{"a complaint after its window", func() error {
				_, err := w.svc.FileComplaint(ctx, second, c3.ID, workflow.ComplaintInput{Claims: "迟到的投诉。"})
				return err
			}, goumai.EConflict, "ENG-D8"},
		})
	})
}

// storeRead runs read in a transaction that writes nothing.
func storeRead[T any](s *sqlstore.Store, read func(tx *sqlstore.Tx) (T, error)) (T, error) {
	var v T
	err := s.Update(context.Background(), func(tx *sqlstore.Tx) error {
		var err error
		v, err = read(tx)
		return err
	})
	return v, err
}

// TestCheckNotFrozen: the award and the contract wait while a challenge or a
// complaint is open or a suspension is in force, one row per state.
func TestCheckNotFrozen(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProcWorld(t, s, clock)
		second := w.member(t, w.suppliers[1], "yiyang.staff", goumai.RoleSupplier)
		answer := workflow.RulingInput{Verdict: goumai.VerdictDismissed, Reasons: "不成立。"}
		file := func(p goumai.Procurement) goumai.Challenge {
			n := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, p.ID))[0]
			return must[goumai.Challenge](t, "file")(w.svc.FileChallenge(ctx, w.supplier, p.ID, workflow.ChallengeInput{NoticeID: n.ID, Claims: "质疑。"}))
		}
		complain := func(p goumai.Procurement) goumai.Complaint {
			c := file(p)
			must[goumai.Challenge](t, "answer")(w.svc.AnswerChallenge(ctx, w.staff, c.ID, answer))
			return must[goumai.Complaint](t, "complain")(w.svc.FileComplaint(ctx, w.supplier, c.ID, workflow.ComplaintInput{Claims: "投诉。"}))
		}
		for _, r := range []struct {
			name   string
			setup  func(p goumai.Procurement)
			frozen string // a part of the refusal's English message; "" when not frozen
		}{
			{"no challenge", func(goumai.Procurement) {}, ""},
			{"a challenge waiting for its answer", func(p goumai.Procurement) { file(p) }, "challenge no. 1 waits"},
			{"an answered challenge", func(p goumai.Procurement) {
				must[goumai.Challenge](t, "answer")(w.svc.AnswerChallenge(ctx, w.staff, file(p).ID, answer))
			}, ""},
			{"a withdrawn challenge", func(p goumai.Procurement) {
				must[goumai.Challenge](t, "withdraw")(w.svc.WithdrawChallenge(ctx, w.supplier, file(p).ID))
			}, ""},
			{"one open challenge among closed ones", func(p goumai.Procurement) {
				must[goumai.Challenge](t, "withdraw")(w.svc.WithdrawChallenge(ctx, w.supplier, file(p).ID))
				n := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, p.ID))[0]
				must[goumai.Challenge](t, "file")(w.svc.FileChallenge(ctx, second, p.ID, workflow.ChallengeInput{NoticeID: n.ID, Claims: "质疑二。"}))
			}, "challenge no. 2 waits"},
			{"a complaint waiting for its decision", func(p goumai.Procurement) { complain(p) }, "complaint waits"},
			{"a suspension in force", func(p goumai.Procurement) {
				must[goumai.Complaint](t, "suspend")(w.svc.SuspendProcurement(ctx, w.fapp, complain(p).ID, workflow.SuspendInput{Reason: "暂停。"}))
			}, "suspended the procurement"},
			{"a decided complaint", func(p goumai.Procurement) {
				must[goumai.Complaint](t, "decide")(w.svc.DecideComplaint(ctx, w.fapp, complain(p).ID, answer))
			}, ""},
			{"a withdrawn complaint", func(p goumai.Procurement) {
				must[goumai.Complaint](t, "withdraw")(w.svc.WithdrawComplaint(ctx, w.supplier, complain(p).ID))
			}, ""},
		} {
			clock.Set(sqltest.Start)
			p := w.openTender(t, w.approved(t, 10_000_000), at(2026, 3, 30, 9, 30))
			r.setup(p)
			err := s.Update(ctx, func(tx *sqlstore.Tx) error { return w.svc.CheckNotFrozen(ctx, tx, p.ID) })
			switch {
			case r.frozen == "" && err != nil:
				t.Errorf("%s: frozen: %v", r.name, err)
			case r.frozen != "" && (goumai.ErrorCode(err) != goumai.EConflict || goumai.AsError(err).Rule != "ENG-D8" ||
				!strings.Contains(goumai.AsError(err).Message.EN, r.frozen)):
				t.Errorf("%s: %v, want a conflict under ENG-D8 saying %q", r.name, err, r.frozen)
			}
		}
	})
}
