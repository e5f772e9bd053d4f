package workflow_test

import (
	"context"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

func wantProjCode(t *testing.T, what string, err error, want goumai.Code) {
	t.Helper()
	if got := goumai.ErrorCode(err); got != want {
		t.Fatalf("%s: got code %q (%v), want %q", what, got, err, want)
	}
}

func inboxHas(t *testing.T, w *pw, a goumai.Actor, list string, code string) bool {
	t.Helper()
	in, err := w.svc.Inbox(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	items := map[string][]workflow.Item{"todo": in.Todo, "returned": in.Returned}[list]
	for _, it := range items {
		if strings.HasPrefix(it.Title, code) {
			return true
		}
	}
	return false
}

// TestProjectLifeCycle walks an application through draft → validate →
// submit → purchaser approval → finance return with a field comment →
// resubmit → approvals → budget committed and published, under a fake clock.
func TestProjectLifeCycle(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProjectWorld(t, s)

		// A partial draft saves; validation lists every problem at once, naming rules.
		p, err := w.svc.CreateProject(ctx, w.staff, workflow.ProjectInput{Title: "居家养老上门服务"})
		if err != nil {
			t.Fatalf("create draft: %v", err)
		}
		if !strings.HasPrefix(p.Code, "GM-330106-2026-") || p.Status != goumai.ProjectDraft || p.Version != 1 {
			t.Fatalf("draft: got %s %s v%d", p.Code, p.Status, p.Version)
		}
		probs, err := w.svc.ValidateProject(ctx, w.staff, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		rules := map[string]string{}
		for _, pr := range probs {
			rules[pr.Field] = pr.Rule
		}
		for field, rule := range map[string]string{"catalog_code": "ENG-B1", "budget_line_id": "ENG-B2", "targets": "ENG-B4", "ex_ante": "ENG-B4",
			"supplier_conditions": "ENG-B5", "evaluation_standards": "ENG-B5", "term_months": "ENG-H1", "content": ""} {
			if got, ok := rules[field]; !ok || got != rule {
				t.Errorf("validate: field %s: got rule %q (present %v), want %q", field, got, ok, rule)
			}
		}
		before := treeSize(t, s)
		_, err = w.svc.SubmitProject(ctx, w.staff, p.ID, p.Version)
		wantProjCode(t, "submit incomplete", err, goumai.EInvalid)
		if e := goumai.AsError(err); !strings.Contains(e.Fields["catalog_code"].ZH, "[ENG-B1]") || e.Rule == "" || len(e.Fields) < 8 {
			t.Errorf("submit incomplete: rule %q, %d fields", e.Rule, len(e.Fields))
		}
		if after := treeSize(t, s); after != before {
			t.Errorf("refused submit wrote %d events", after-before)
		}

		// Complete it and submit: the default chain is fixed on it.
		if p, err = w.svc.UpdateProject(ctx, w.staff, p.ID, p.Version, w.fullInput(50_000_000)); err != nil {
			t.Fatalf("update: %v", err)
		}
		if p, err = w.svc.SubmitProject(ctx, w.staff, p.ID, p.Version); err != nil {
			t.Fatalf("submit: %v", err)
		}
		if p.Status != goumai.ProjectSubmitted || len(p.Chain) != 3 || p.Class != goumai.ClassPublicService {
			t.Fatalf("submitted: %s chain %d class %s", p.Status, len(p.Chain), p.Class)
		}
		if !inboxHas(t, w, w.approver, "todo", p.Code) || inboxHas(t, w, w.reviewer, "todo", p.Code) {
			t.Errorf("after submit: the purchaser approver, not the finance reviewer, should have it to do")
		}

		// Step 1 (purchaser), then the finance reviewer returns it with a field comment.
		clock.Advance(time2h)
		p = w.decide(t, w.approver, p, goumai.ActApprove, "同意")
		if p.Step != 1 || !inboxHas(t, w, w.reviewer, "todo", p.Code) {
			t.Fatalf("after step 1: step %d, reviewer's to-do %v", p.Step, inboxHas(t, w, w.reviewer, "todo", p.Code))
		}
		p, err = w.svc.DecideProject(ctx, w.reviewer, p.ID, workflow.Decision{Version: p.Version, Action: goumai.ActReturn,
			Opinion: "请细化服务标准", FieldComments: map[string]string{"quality_standards": "请写明每次服务时长"}})
		if err != nil {
			t.Fatalf("return: %v", err)
		}
		if p.Status != goumai.ProjectReturned || !inboxHas(t, w, w.staff, "returned", p.Code) {
			t.Fatalf("after return: %s, staff's returned list %v", p.Status, inboxHas(t, w, w.staff, "returned", p.Code))
		}
		trail, err := w.svc.ProjectReviews(ctx, w.staff, p)
		if err != nil {
			t.Fatal(err)
		}
		comments, opinion := workflow.LatestComments(trail)
		if comments["quality_standards"] != "请写明每次服务时长" || opinion != "请细化服务标准" {
			t.Errorf("latest comments: got %v %q", comments, opinion)
		}

		// Edit and resubmit: the chain starts again.
		in := w.fullInput(50_000_000)
		in.QualityStandards = "每次上门服务不少于1小时，符合 DB33/T 2160"
		if p, err = w.svc.UpdateProject(ctx, w.staff, p.ID, p.Version, in); err != nil {
			t.Fatalf("edit returned: %v", err)
		}
		if p, err = w.svc.SubmitProject(ctx, w.staff, p.ID, p.Version); err != nil {
			t.Fatalf("resubmit: %v", err)
		}
		for _, a := range []goumai.Actor{w.approver, w.reviewer, w.fapp} {
			clock.Advance(time2h)
			p = w.decide(t, a, p, goumai.ActApprove, "同意")
		}
		if p.Status != goumai.ProjectApproved || p.DecidedAt == nil {
			t.Fatalf("approved: got %s", p.Status)
		}
		b, err := s.Balance(ctx, w.line.ID)
		if err != nil {
			t.Fatal(err)
		}
		if b.Committed != 50_000_000 || b.Available() != lineAmount-50_000_000 {
			t.Errorf("balance: committed %d available %d", b.Committed, b.Available())
		}

		// Published: anyone sees it, in the list and as a purchase intention.
		if _, err := w.svc.Project(ctx, goumai.Actor{}, p.ID); err != nil {
			t.Errorf("public view: %v", err)
		}
		list, err := w.svc.Projects(ctx, goumai.Actor{}, sqlstore.ProjectFilter{})
		if err != nil || len(list.Projects) != 1 || list.Projects[0].ID != p.ID {
			t.Errorf("public list: %v %+v", err, list)
		}
		ints, err := w.svc.Intentions(ctx, "330100")
		if err != nil || len(ints) != 1 || ints[0].Title != p.Title || ints[0].Note != w.buyer.Name || ints[0].Amount != 50_000_000 {
			t.Errorf("intentions: %v %+v", err, ints)
		}
		if trail, err = w.svc.ProjectReviews(ctx, w.auditor, p); err != nil {
			t.Fatal(err)
		}
		var acts []string
		for _, r := range trail {
			if r.ActorName == "" || r.At.IsZero() {
				t.Errorf("trail record without actor or time: %+v", r)
			}
			acts = append(acts, string(r.Action))
		}
		if got, want := strings.Join(acts, ","), "submit,approve,return,submit,approve,approve,approve"; got != want {
			t.Errorf("trail: got %s, want %s", got, want)
		}
		// Every step is an event in the transparency log.
		evs, err := s.FindEvents(ctx, sqlstore.EventFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range evs {
			if e.ObjectType == "project_reviews" {
				n++
			}
		}
		if n != len(trail) {
			t.Errorf("review events: got %d, want %d", n, len(trail))
		}
		verify(t, s)
	})
}

const time2h = 2 * 60 * 60 * 1e9

// TestProjectRejected: a rejection is final, commits nothing and publishes nothing.
func TestProjectRejected(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProjectWorld(t, s)
		p := w.submitted(t, 30_000_000)
		p = w.decide(t, w.approver, p, goumai.ActApprove, "同意")
		_, err := w.svc.DecideProject(ctx, w.reviewer, p.ID, workflow.Decision{Version: p.Version, Action: goumai.ActReject})
		wantProjCode(t, "reject without opinion", err, goumai.EInvalid)
		p = w.decide(t, w.reviewer, p, goumai.ActReject, "属于应由政府直接履职事项")
		if p.Status != goumai.ProjectRejected {
			t.Fatalf("got %s", p.Status)
		}
		if b, err := s.Balance(ctx, w.line.ID); err != nil || b.Committed != 0 {
			t.Errorf("rejected project committed %d (%v)", b.Committed, err)
		}
		_, err = w.svc.Project(ctx, w.supplier, p.ID)
		wantProjCode(t, "supplier sees rejected", err, goumai.ENotFound)
		_, err = w.svc.DecideProject(ctx, w.fapp, p.ID, workflow.Decision{Version: p.Version, Action: goumai.ActApprove})
		wantProjCode(t, "approve rejected", err, goumai.EConflict)
		_, err = w.svc.SubmitProject(ctx, w.staff, p.ID, p.Version)
		wantProjCode(t, "resubmit rejected", err, goumai.EConflict)
		verify(t, s)
	})
}

// TestProjectAuthorization: who may see and act on what.
func TestProjectAuthorization(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProjectWorld(t, s)
		draft, err := w.svc.CreateProject(ctx, w.staff, workflow.ProjectInput{Title: "草稿"})
		if err != nil {
			t.Fatal(err)
		}
		p := w.submitted(t, 20_000_000)
		for _, c := range []struct {
			name string
			a    goumai.Actor
			id   int64
			want goumai.Code
		}{
			{"public sees draft", goumai.Actor{}, draft.ID, goumai.ENotFound},
			{"supplier sees submitted", w.supplier, p.ID, goumai.ENotFound},
			{"other county sees submitted", w.yuhangReviewer, p.ID, goumai.ENotFound},
			{"own reviewer sees submitted", w.reviewer, p.ID, ""},
			{"auditor sees submitted", w.auditor, p.ID, ""},
			{"approver sees draft", w.approver, draft.ID, ""},
		} {
			_, err := w.svc.Project(ctx, c.a, c.id)
			wantProjCode(t, c.name, err, c.want)
		}
		// Acting out of turn or out of region.
		for _, c := range []struct {
			name string
			a    goumai.Actor
			want goumai.Code
		}{
			{"finance reviewer before the purchaser step", w.reviewer, goumai.EForbidden},
			{"other county's reviewer", w.yuhangReviewer, goumai.ENotFound},
			{"applicant approves own", w.staff, goumai.EForbidden},
			{"supplier", w.supplier, goumai.ENotFound},
			{"anonymous", goumai.Actor{}, goumai.ENotFound},
		} {
			_, err := w.svc.DecideProject(ctx, c.a, p.ID, workflow.Decision{Version: p.Version, Action: goumai.ActApprove})
			wantProjCode(t, c.name, err, c.want)
		}
		p = w.decide(t, w.approver, p, goumai.ActApprove, "")
		_, err = w.svc.DecideProject(ctx, w.fapp, p.ID, workflow.Decision{Version: p.Version, Action: goumai.ActApprove})
		wantProjCode(t, "finance approver at the reviewer's step", err, goumai.EForbidden)
		// Editing another organisation's application, or one under review.
		other := w.staff
		other.Org = w.yuhangFin
		_, err = w.svc.UpdateProject(ctx, other, draft.ID, draft.Version, workflow.ProjectInput{Title: "x"})
		wantProjCode(t, "other organisation edits", err, goumai.ENotFound)
		_, err = w.svc.UpdateProject(ctx, w.staff, p.ID, p.Version, workflow.ProjectInput{Title: "x"})
		wantProjCode(t, "edit under review", err, goumai.EConflict)
		_, err = w.svc.CreateProject(ctx, w.supplier, workflow.ProjectInput{Title: "x"})
		wantProjCode(t, "supplier applies", err, goumai.EForbidden)
		// The public list never shows unpublished applications.
		list, err := w.svc.Projects(ctx, w.supplier, sqlstore.ProjectFilter{})
		if err != nil || len(list.Projects) != 0 {
			t.Errorf("supplier's list: %v %d projects", err, len(list.Projects))
		}
		list, err = w.svc.Projects(ctx, w.yuhangReviewer, sqlstore.ProjectFilter{})
		if err != nil || len(list.Projects) != 0 {
			t.Errorf("other county's list: %v %d projects", err, len(list.Projects))
		}
		verify(t, s)
	})
}

// TestProjectConcurrentDecisions: two reviewers acting on one step — exactly one wins.
func TestProjectConcurrentDecisions(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProjectWorld(t, s)
		second := w.approver
		u, err := w.svc.CreateUser(ctx, goumai.System, goumai.NewUser{Username: "approver2", DisplayName: "第二审核人", Password: "Test-2026-goumai"}, w.buyer.ID, goumai.RolePurchaserApprover)
		if err != nil {
			t.Fatal(err)
		}
		second.UserID, second.Username = u.ID, u.Username
		p := w.submitted(t, 20_000_000)
		errs := make(chan error, 2)
		for _, a := range []goumai.Actor{w.approver, second} {
			go func() {
				_, err := w.svc.DecideProject(ctx, a, p.ID, workflow.Decision{Version: p.Version, Action: goumai.ActApprove})
				errs <- err
			}()
		}
		var ok, conflict int
		for range 2 {
			switch goumai.ErrorCode(<-errs) {
			case "":
				ok++
			case goumai.EStale:
				conflict++
			}
		}
		if ok != 1 || conflict != 1 {
			t.Errorf("got %d successes and %d conflicts, want 1 and 1", ok, conflict)
		}
		if trail, err := w.svc.ProjectReviews(ctx, w.approver, p); err != nil || len(trail) != 2 {
			t.Errorf("trail has %d records (%v), want 2", len(trail), err)
		}
		verify(t, s)
	})
}

// TestApprovalCommitRefused: when the line no longer holds the amount at the
// last step, the approval is refused (ENG-B2) and nothing is written.
func TestApprovalCommitRefused(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProjectWorld(t, s)
		a := w.submitted(t, 60_000_000)
		b := w.submitted(t, 60_000_000) // each fits alone; together they overdraw
		for _, x := range []goumai.Actor{w.approver, w.reviewer, w.fapp} {
			a = w.decide(t, x, a, goumai.ActApprove, "")
		}
		b = w.decide(t, w.approver, b, goumai.ActApprove, "")
		b = w.decide(t, w.reviewer, b, goumai.ActApprove, "")
		before := treeSize(t, s)
		_, err := w.svc.DecideProject(ctx, w.fapp, b.ID, workflow.Decision{Version: b.Version, Action: goumai.ActApprove, NegativeListConfirmed: true})
		wantProjCode(t, "approve beyond budget", err, goumai.EFunds)
		if e := goumai.AsError(err); e.Rule != "ENG-B2" {
			t.Errorf("rule: got %q, want ENG-B2", e.Rule)
		}
		if after := treeSize(t, s); after != before {
			t.Errorf("refused approval wrote %d events", after-before)
		}
		got, err := s.Project(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != goumai.ProjectSubmitted || got.Step != 2 || got.Version != b.Version {
			t.Errorf("after refusal: %s step %d v%d", got.Status, got.Step, got.Version)
		}
		verify(t, s)
	})
}

// TestWithdraw: the applicant may withdraw before the first decision only.
func TestWithdraw(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProjectWorld(t, s)
		p := w.submitted(t, 10_000_000)
		p, err := w.svc.WithdrawProject(ctx, w.staff, p.ID, p.Version)
		if err != nil || p.Status != goumai.ProjectDraft {
			t.Fatalf("withdraw: %v %s", err, p.Status)
		}
		if p, err = w.svc.SubmitProject(ctx, w.staff, p.ID, p.Version); err != nil {
			t.Fatal(err)
		}
		p = w.decide(t, w.approver, p, goumai.ActApprove, "")
		_, err = w.svc.WithdrawProject(ctx, w.staff, p.ID, p.Version)
		wantProjCode(t, "withdraw after a decision", err, goumai.EConflict)
		verify(t, s)
	})
}
