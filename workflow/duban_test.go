package workflow_test

import (
	"context"
	"testing"

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
		d = must[goumai.Duban](t, "close")(c.svc.CloseDuban(ctx, c.hangzhou, d.ID, d.Version, "整改到位，同意办结。"))
		if d.Status != goumai.DubanClosed || d.Opinion == "" {
			t.Fatalf("closed %+v", d)
		}
		if l, _ := s.DubansFrom(ctx, "330100", 10); len(l) != 1 || l[0].Status != goumai.DubanClosed || l[0].Answer == "" {
			t.Errorf("issued list %+v", l)
		}
	})
}
