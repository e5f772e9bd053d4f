package workflow_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestNegativeListIntake is the case: labour dispatch bought outside
// the catalogue with a filing record. The catalogue's flags cannot see it; the
// applicant's answer refuses it, the words of its content warn the reviewer,
// and approving at a finance step needs the reviewer's confirmation.
func TestNegativeListIntake(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProjectWorld(t, s)
		in := w.fullInput(20_000_000)
		in.CatalogCode, in.FilingRef, in.Class, in.Consultation = "", "西财购备〔2026〕9号", goumai.ClassAuxiliaryService, nil
		in.Title, in.Content = "街道执法辅助人员劳务派遣服务", "通过劳务派遣方式为街道配备执法辅助人员20名。"
		in.NegativeAnswers = nil
		p, err := w.svc.CreateProject(ctx, w.staff, in)
		if err != nil {
			t.Fatal(err)
		}
		// The log records the answers with the project, none yet for this draft.
		if st := latestState(t, s, "projects", p.ID); !strings.Contains(st, `"negative_answers":{}`) {
			t.Errorf("unanswered draft's state: %s", st)
		}
		staffHiring := rules.NegativeField(goumai.NegStaffHiring)
		for _, c := range []struct {
			name    string
			answers goumai.NegativeAnswers
			field   string
			text    string
		}{
			{"unanswered", nil, rules.NegativeField(goumai.NegOutsideGovDuty), "请回答负面清单问题"},
			{"labour dispatch: yes", func() goumai.NegativeAnswers { a := rules.NoneApply(); a[goumai.NegStaffHiring] = true; return a }(), staffHiring, "劳务派遣"},
			{"one left out", func() goumai.NegativeAnswers { a := rules.NoneApply(); delete(a, goumai.NegStaffHiring); return a }(), staffHiring, "第十条第（五）项"},
		} {
			in.NegativeAnswers = c.answers
			if p, err = w.svc.UpdateProject(ctx, w.staff, p.ID, p.Version, in); err != nil {
				t.Fatalf("%s: update: %v", c.name, err)
			}
			before := treeSize(t, s)
			_, err := w.svc.SubmitProject(ctx, w.staff, p.ID, p.Version)
			e := goumai.AsError(err)
			if e.Code != goumai.EInvalid || e.Rule != "ENG-B3" || !strings.Contains(e.Fields[c.field].ZH, c.text) {
				t.Errorf("%s: submit: %v; want ENG-B3 on %s naming %q", c.name, err, c.field, c.text)
			}
			if after := treeSize(t, s); after != before {
				t.Errorf("%s: the refused submission wrote %d events", c.name, after-before)
			}
		}
		// Answered "no" throughout it may be submitted; the reviewer sees the
		// answers and a warning on the words of its content.
		in.NegativeAnswers = rules.NoneApply()
		if p, err = w.svc.UpdateProject(ctx, w.staff, p.ID, p.Version, in); err != nil {
			t.Fatal(err)
		}
		if st := latestState(t, s, "projects", p.ID); !strings.Contains(st, `"negative_answers":{"financing":false`) {
			t.Errorf("the log does not record the answers: %s", st)
		}
		if p, err = w.svc.SubmitProject(ctx, w.staff, p.ID, p.Version); err != nil {
			t.Fatalf("submit: %v", err)
		}
		checks, _, err := w.svc.ProjectChecks(ctx, w.reviewer, p)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]rules.Check{}
		for _, c := range checks {
			got[c.Key] = c
		}
		if c := got["negative_list"]; c.Status != rules.CheckPass || !strings.Contains(c.Detail.ZH, "申报人逐项回答") {
			t.Errorf("negative_list check: %+v", c)
		}
		if c := got["negative_keywords"]; c.Status != rules.CheckWarn || !strings.Contains(c.Detail.ZH, "劳务派遣") {
			t.Errorf("negative_keywords check: %+v", c)
		}
		// The purchaser's approver need not confirm; the finance reviewer must.
		p = w.decide(t, w.approver, p, goumai.ActApprove, "同意")
		before := treeSize(t, s)
		_, err = w.svc.DecideProject(ctx, w.reviewer, p.ID, workflow.Decision{Version: p.Version, Action: goumai.ActApprove, Opinion: "同意"})
		if e := goumai.AsError(err); e.Code != goumai.EInvalid || e.Rule != "ENG-B3" || e.Fields["negative_list_confirmed"].ZH == "" {
			t.Errorf("finance approval without confirmation: %v", err)
		}
		if after := treeSize(t, s); after != before {
			t.Errorf("the refused approval wrote %d events", after-before)
		}
		p = w.decide(t, w.reviewer, p, goumai.ActApprove, "已核对负面清单，同意")
		trail, err := w.svc.ProjectReviews(ctx, w.reviewer, p)
		if err != nil {
			t.Fatal(err)
		}
		if last := trail[len(trail)-1]; !last.NegativeListConfirmed || last.ActorUserID != w.reviewer.UserID {
			t.Errorf("the trail does not record the confirmation: %+v", last)
		}
		if st := latestState(t, s, "project_reviews", trail[len(trail)-1].ID); !strings.Contains(st, `"negative_list_confirmed":true`) {
			t.Errorf("the log does not record the confirmation: %s", st)
		}
		verify(t, s)
	})
}

// TestNegativeListUnansweredInReview: an application submitted before the
// questions existed (no answers on record) cannot be approved at a finance
// step, confirmed or not: it goes back to the applicant to answer them.
func TestNegativeListUnansweredInReview(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProjectWorld(t, s)
		p := w.submitted(t, 20_000_000)
		p = w.decide(t, w.approver, p, goumai.ActApprove, "同意")
		// As a row migrated from before 0008 (behind the log's back, so no verify here).
		if _, err := s.DB().ExecContext(ctx, `UPDATE projects SET negative_answers = '{}' WHERE id = $1`, p.ID); err != nil {
			t.Fatal(err)
		}
		_, err := w.svc.DecideProject(ctx, w.reviewer, p.ID, workflow.Decision{Version: p.Version, Action: goumai.ActApprove, NegativeListConfirmed: true})
		if e := goumai.AsError(err); e.Code != goumai.EConflict || e.Rule != "ENG-B3" {
			t.Fatalf("approval of an unanswered application: %v", err)
		}
		p = w.decide(t, w.reviewer, p, goumai.ActReturn, "请回答负面清单问题")
		if p.Status != goumai.ProjectReturned {
			t.Errorf("status %s", p.Status)
		}
	})
}

// latestState is the state the latest event recorded for an object.
func latestState(t *testing.T, s *sqlstore.Store, table string, id int64) string {
	t.Helper()
	evs, err := s.FindEvents(context.Background(), sqlstore.EventFilter{ObjectType: table, ObjectID: strconv.FormatInt(id, 10), Limit: 1})
	if err != nil || len(evs) == 0 {
		t.Fatalf("events of %s %d: %v", table, id, err)
	}
	return string(evs[0].State)
}
