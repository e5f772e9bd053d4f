package workflow_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestDubanJourney: 杭州市 issues a 督办 notice to 西湖区 (deadline in
// working days), 西湖区 answers, 杭州市 closes it with 意见. On the way: the
// province (not directly above) and a sibling cannot issue; bad input is
// refused field by field, nothing stored; the sibling cannot read it (404);
// closing before the answer is a conflict; the region below cannot close.
func TestDubanJourney(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		c := newReportChain(t, s)
		in := workflow.DubanInput{Region: "330106", Text: "统计数据录入滞后，请限期整改。", Days: 5}
		for _, a := range []goumai.Actor{c.zj, c.binjiang, c.xihu} {
			if _, err := c.svc.IssueDuban(ctx, a, in); goumai.ErrorCode(err) != goumai.EForbidden {
				t.Errorf("%s issues to 西湖区: %v", a.Org.Region, err)
			}
		}
		_, err := c.svc.IssueDuban(ctx, c.hangzhou, workflow.DubanInput{Region: "330106", Text: " ", Days: 0})
		if fe := goumai.AsError(err); fe.Code != goumai.EInvalid || fe.Fields["text"].EN == "" || fe.Fields["days"].ZH == "" {
			t.Errorf("bad input: %+v", fe)
		}
		if l, _ := s.DubansTo(ctx, "330106", 10); len(l) != 0 {
			t.Fatalf("refused yet stored: %+v", l)
		}
		d := must[goumai.Duban](t, "issue")(c.svc.IssueDuban(ctx, c.hangzhou, in))
		// Read by the region and the issuer, not by a sibling nor the province.
		for _, a := range []goumai.Actor{c.xihu, c.hangzhou} {
			if _, err := c.svc.Duban(ctx, a, d.ID); err != nil {
				t.Errorf("%s reads: %v", a.Org.Region, err)
			}
		}
		for _, a := range []goumai.Actor{c.binjiang, c.zj, {}} {
			if _, err := c.svc.Duban(ctx, a, d.ID); goumai.ErrorCode(err) != goumai.ENotFound {
				t.Errorf("%q reads: %v", a.Org.Region, err)
			}
		}
		if l := must[workflow.DubanLists](t, "lists")(c.svc.Dubans(ctx, c.hangzhou)); len(l.Issued) != 1 || len(l.Received) != 0 {
			t.Errorf("issuer's lists %+v", l)
		}
		if l := must[workflow.DubanLists](t, "lists")(c.svc.Dubans(ctx, c.binjiang)); len(l.Issued)+len(l.Received) != 0 {
			t.Errorf("sibling's lists %+v", l)
		}
		// To-do: the region answers; past the deadline, overdue on both sides.
		if n := dubanItems(t, c.svc, c.xihu, "todo.kind.duban_answer"); n != 1 {
			t.Errorf("region's notices to answer: %d", n)
		}
		if n := dubanItems(t, c.svc, c.binjiang, "todo.kind.duban_answer"); n != 0 {
			t.Errorf("sibling's notices to answer: %d", n)
		}
		now := clock.Now()
		clock.Set(d.DueAt.Add(time.Hour))
		if dubanItems(t, c.svc, c.xihu, "todo.kind.duban_overdue") != 1 || dubanItems(t, c.svc, c.hangzhou, "todo.kind.duban_overdue_child") != 1 {
			t.Error("overdue not on both sides' to-do lists")
		}
		clock.Set(now)
		if d.Status != goumai.DubanIssued || !d.DueAt.After(clock.Now()) || d.Issuer != "330100" {
			t.Fatalf("issued %+v", d)
		}
		if !d.Overdue(d.DueAt.AddDate(0, 0, 1)) {
			t.Error("not overdue after its deadline")
		}
		if _, err := c.svc.AnswerDuban(ctx, c.binjiang, d.ID, d.Version, "x"); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Errorf("a sibling answers: %v", err)
		}
		if _, err := c.svc.CloseDuban(ctx, c.hangzhou, d.ID, d.Version, "同意"); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("closed before the answer: %v", err)
		}
		if _, err := c.svc.AnswerDuban(ctx, c.xihu, d.ID, d.Version, ""); goumai.AsError(err).Fields["answer"].ZH == "" {
			t.Errorf("empty answer: %v", err)
		}
		d = must[goumai.Duban](t, "answer")(c.svc.AnswerDuban(ctx, c.xihu, d.ID, d.Version, "已完成数据补录。"))
		if d.Status != goumai.DubanAnswered || d.Overdue(d.DueAt.AddDate(0, 0, 1)) {
			t.Fatalf("answered %+v", d)
		}
		if _, err := c.svc.CloseDuban(ctx, c.xihu, d.ID, d.Version, "自行办结"); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("the region below closes: %v", err)
		}
		// The issuer sees the answer to review; it returns it with 意见, the
		// region sees it to answer again (and on its returned list).
		if n := dubanItems(t, c.svc, c.hangzhou, "todo.kind.duban_review"); n != 1 {
			t.Errorf("issuer's answers to review: %d", n)
		}
		if _, err := c.svc.DecideDuban(ctx, c.hangzhou, d.ID, workflow.DubanDecision{Version: d.Version, Action: "reopen", Opinion: "x"}); goumai.AsError(err).Fields["action"].EN == "" {
			t.Errorf("unknown decision: %v", err)
		}
		if _, err := c.svc.ReturnDuban(ctx, c.hangzhou, d.ID, d.Version, " "); goumai.AsError(err).Fields["opinion"].ZH == "" {
			t.Errorf("return without 意见: %v", err)
		}
		d = must[goumai.Duban](t, "return")(c.svc.DecideDuban(ctx, c.hangzhou, d.ID, workflow.DubanDecision{Version: d.Version, Action: "return", Opinion: "请补充整改时限。"}))
		if d.Status != goumai.DubanIssued || !d.Returned() {
			t.Fatalf("returned %+v", d)
		}
		if in := must[workflow.Inbox](t, "inbox")(c.svc.Inbox(ctx, c.xihu)); len(in.Returned) == 0 || in.Returned[0].Kind != "todo.kind.duban_returned" {
			t.Errorf("region's returned list: %+v", in.Returned)
		}
		d = must[goumai.Duban](t, "answer again")(c.svc.AnswerDuban(ctx, c.xihu, d.ID, d.Version, "已完成数据补录，本月底前整改完毕。"))
		d = must[goumai.Duban](t, "close")(c.svc.CloseDuban(ctx, c.hangzhou, d.ID, d.Version, "整改到位，同意办结。"))
		if d.Status != goumai.DubanClosed || d.Opinion == "" {
			t.Fatalf("closed %+v", d)
		}
		if l, _ := s.DubansFrom(ctx, "330100", 10); len(l) != 1 || l[0].Status != goumai.DubanClosed || l[0].Answer == "" {
			t.Errorf("issued list %+v", l)
		}
		if n := dubanItems(t, c.svc, c.xihu, "") + dubanItems(t, c.svc, c.hangzhou, ""); n != 0 {
			t.Errorf("to-do items left after closing: %d", n)
		}
	})
}

// dubanItems counts the actor's to-do items of kind (every 督办 kind when empty).
func dubanItems(t *testing.T, svc *workflow.Service, a goumai.Actor, kind string) int {
	t.Helper()
	in := must[workflow.Inbox](t, "inbox")(svc.Inbox(context.Background(), a))
	n := 0
	for _, it := range in.Todo {
		if it.Kind == kind || kind == "" && strings.HasPrefix(it.Kind, "todo.kind.duban") {
			n++
		}
	}
	return n
}
