package workflow_test

import (
	"context"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// A project approved while its purchaser still funds the function (两头占)
// is published with the finding, and the release's transaction raises the
// live red flag GM-DOUBLE with that release as evidence; auditors and
// finance staff of the region see it, others do not.
func TestLiveRedFlags(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProjectWorld(t, s)
		if _, err := w.svc.CreateFunction(ctx, goumai.System, workflow.FunctionInput{OrgID: w.inst.ID, Name: "居家养老上门服务",
			CatalogCode: "A0101", FundedPosts: 6, AnnualCost: 90_000_000}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.SetReviewChain(ctx, w.xihuAdmin, goumai.ReviewChain{Region: "330106", Steps: []goumai.ReviewStep{
			{Name: "财政审批", Role: goumai.RoleFinanceApprover, Where: goumai.WhereFinance}}}); err != nil {
			t.Fatal(err)
		}
		p := w.decide(t, w.fapp, w.submitted(t, 10_000_000), goumai.ActApprove, "同意")
		if p.Status != goumai.ProjectApproved || len(p.DoubleFunded) != 1 {
			t.Fatalf("project %s %v", p.Status, p.DoubleFunded)
		}
		flags, err := w.svc.LiveRedFlags(ctx, w.auditor, sqlstore.RedFlagFilter{Indicator: "GM-DOUBLE"})
		if err != nil {
			t.Fatal(err)
		}
		if len(flags) != 1 {
			t.Fatalf("%d GM-DOUBLE flags: %+v", len(flags), flags)
		}
		f := flags[0]
		if f.Region != "330106" || f.PurchaserOrgID != w.buyer.ID || f.State != goumai.RedFlagActive || len(f.Evidence.Releases) != 1 ||
			f.Evidence.Releases[0].LogIndex <= 0 || f.LegalBasis == "" {
			t.Errorf("flag %+v", f)
		}
		if got, err := w.svc.LiveRedFlags(ctx, w.reviewer, sqlstore.RedFlagFilter{PurchaserOrgID: w.buyer.ID, State: goumai.RedFlagActive}); err != nil || len(got) != 1 {
			t.Errorf("county reviewer: %v %v", got, err)
		}
		if got, err := w.svc.LiveRedFlags(ctx, w.yuhangReviewer, sqlstore.RedFlagFilter{}); err != nil || len(got) != 0 {
			t.Errorf("other county's own list: %v %v", got, err)
		}
		_, err = w.svc.LiveRedFlags(ctx, w.yuhangReviewer, sqlstore.RedFlagFilter{Region: "330106"})
		wantProjCode(t, "other county asks for this one", err, goumai.EForbidden)
		_, err = w.svc.LiveRedFlags(ctx, w.supplier, sqlstore.RedFlagFilter{})
		wantProjCode(t, "supplier", err, goumai.EForbidden)
		_, err = w.svc.LiveRedFlags(ctx, w.auditor, sqlstore.RedFlagFilter{State: "open"})
		wantProjCode(t, "bad state", err, goumai.EInvalid)
		if one, err := w.svc.LiveRedFlag(ctx, w.reviewer, f.ID); err != nil || one.ID != f.ID {
			t.Errorf("one flag: %v %v", one, err)
		}
		_, err = w.svc.LiveRedFlag(ctx, w.yuhangReviewer, f.ID)
		wantProjCode(t, "other county's reviewer, one flag", err, goumai.EForbidden)
	})
}
