package workflow_test

import (
	"context"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// wantSeparation fails unless err is the policy's separation-of-duties refusal.
func wantSeparation(t *testing.T, what string, err error) {
	t.Helper()
	if e := goumai.AsError(err); e.Code != goumai.EForbidden || e.Rule != goumai.RuleSeparation {
		t.Errorf("%s: %v, want forbidden by %s", what, err, goumai.RuleSeparation)
	}
}

// TestSeparationProject: one person holding every role of the chain can draft,
// submit, and then decide none of it; a reviewer decides at most one step,
// though the same step again in a later round; CanDecide and the to-do list
// agree with the decision (不相容岗位相互分离, 财会〔2012〕21号 Art. 12).
func TestSeparationProject(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProjectWorld(t, s)
		// The purchaser's staff member is also given the approver role in the
		// purchaser, and the finance roles in another membership: the roles
		// alone would let her approve every step.
		all := w.staff
		all.Roles = append(all.Roles, goumai.RolePurchaserApprover)
		p := w.submitted(t, 10_000_000)
		if w.svc.CanDecide(ctx, all, p) {
			t.Error("CanDecide: the submitter may decide her own application")
		}
		_, err := w.svc.DecideProject(ctx, all, p.ID, workflow.Decision{Version: p.Version, Action: goumai.ActApprove})
		wantSeparation(t, "the submitter approves", err)
		_, err = w.svc.DecideProject(ctx, all, p.ID, workflow.Decision{Version: p.Version, Action: goumai.ActReject, Opinion: "x"})
		wantSeparation(t, "the submitter rejects", err)

		// Someone who only edited the draft (not the submitter) is a drafter too.
		editor := w.approver
		editor.Roles = append(editor.Roles, goumai.RolePurchaserStaff)
		q, err := w.svc.CreateProject(ctx, w.staff, w.fullInput(10_000_000))
		if err != nil {
			t.Fatal(err)
		}
		in := w.fullInput(10_000_000)
		in.Beneficiaries = "辖区80周岁以上独居、空巢老人"
		if q, err = w.svc.UpdateProject(ctx, editor, q.ID, q.Version, in); err != nil {
			t.Fatal(err)
		}
		if q, err = w.svc.SubmitProject(ctx, w.staff, q.ID, q.Version); err != nil {
			t.Fatal(err)
		}
		if w.svc.CanDecide(ctx, editor, q) {
			t.Error("CanDecide: an editor of the draft may decide it")
		}
		_, err = w.svc.DecideProject(ctx, editor, q.ID, workflow.Decision{Version: q.Version, Action: goumai.ActApprove})
		wantSeparation(t, "an editor of the draft approves", err)

		// One step each: the purchaser's approver, then a finance person who
		// also holds the approver role at the finance step is refused there.
		p = w.decide(t, w.approver, p, goumai.ActApprove, "同意")
		fin := w.reviewer
		fin.Roles = append(fin.Roles, goumai.RoleFinanceApprover)
		p = w.decide(t, fin, p, goumai.ActApprove, "审核通过")
		if w.svc.CanDecide(ctx, fin, p) {
			t.Error("CanDecide: the reviewer of step 2 may decide step 3")
		}
		_, err = w.svc.DecideProject(ctx, fin, p.ID, workflow.Decision{Version: p.Version, Action: goumai.ActApprove})
		wantSeparation(t, "one person decides two steps", err)
		before := treeSize(t, s)
		if p.Status != goumai.ProjectSubmitted || p.Step != 2 {
			t.Fatalf("after the refusals: %s step %d", p.Status, p.Step)
		}
		// A return at step 3, a resubmission, and the same people decide the
		// same steps again: allowed.
		p = w.decide(t, w.fapp, p, goumai.ActReturn, "请补充")
		if p, err = w.svc.SubmitProject(ctx, w.staff, p.ID, p.Version); err != nil {
			t.Fatal(err)
		}
		p = w.decide(t, w.approver, p, goumai.ActApprove, "同意")
		p = w.decide(t, fin, p, goumai.ActApprove, "同意")
		p = w.decide(t, w.fapp, p, goumai.ActApprove, "批准")
		if p.Status != goumai.ProjectApproved {
			t.Fatalf("approved: %s", p.Status)
		}
		if treeSize(t, s) <= before {
			t.Error("the later decisions wrote nothing")
		}
		// The trail names the step each decision was made at (a return at step 3 is step 2, 0-based).
		trail, err := w.svc.ProjectReviews(ctx, w.fapp, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range trail {
			if r.Action == goumai.ActReturn && r.Step != 2 {
				t.Errorf("the return is recorded at step %d, want 2", r.Step)
			}
		}
		verify(t, s)
	})
}

// TestSeparationCatalog: whoever drafted a version or edited one of its items
// never publishes or returns it, even holding the approver role.
func TestSeparationCatalog(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newWorld(t, s)
		svc := w.svc
		rev := member(t, w, w.zj, "zj.rev", goumai.RoleFinanceReviewer)
		appr := member(t, w, w.zj, "zj.appr", goumai.RoleFinanceApprover)
		both := member(t, w, w.zj, "zj.both", goumai.RoleFinanceReviewer)
		both.Roles = append(both.Roles, goumai.RoleFinanceApprover)

		v := must[sqlstore.CatalogVersionRow](t, "draft")(svc.CreateCatalogDraft(ctx, rev, workflow.CatalogDraftInput{Region: "330000", Title: "浙江省目录"}))
		a := item("A", "", "公共服务", "")
		a.Class = goumai.ClassPublicService
		for _, in := range []workflow.CatalogItemInput{a, item("A01", "A", "社会救助", ""), item("A0101", "A01", "困难群众救助服务", "C0901")} {
			must[goumai.CatalogItem](t, "add "+in.Code)(svc.AddCatalogItem(ctx, rev, v.ID, in))
		}
		// zj.both only renames one item, then the reviewer submits.
		must[goumai.CatalogItem](t, "rename")(svc.UpdateCatalogItem(ctx, both, v.ID, "A0101", item("", "A01", "困难群众救助服务（含临时救助）", "C0901")))
		v = must[sqlstore.CatalogVersionRow](t, "submit")(svc.SubmitCatalog(ctx, rev, v.ID, "请审核"))
		if svc.CanReviewCatalog(ctx, both, v) {
			t.Error("CanReviewCatalog: an editor of an item may publish")
		}
		_, err := svc.PublishCatalog(ctx, both, v.ID, "同意")
		wantSeparation(t, "an item editor publishes", err)
		_, err = svc.ReturnCatalog(ctx, both, v.ID, "退回")
		wantSeparation(t, "an item editor returns", err)
		in := must[workflow.Inbox](t, "inbox")(svc.Inbox(ctx, both))
		for _, it := range in.Todo {
			if it.Kind == "todo.kind.catalog_review" {
				t.Errorf("an item editor has the review on the to-do list: %+v", it)
			}
		}
		if !svc.CanReviewCatalog(ctx, appr, v) {
			t.Error("CanReviewCatalog: the approver who drafted nothing may not publish")
		}
		must[sqlstore.CatalogVersionRow](t, "publish")(svc.PublishCatalog(ctx, appr, v.ID, "同意发布"))
		verify(t, s)
	})
}
