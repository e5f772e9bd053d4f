package workflow_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestReviewChains: a configured chain applies by region and amount; only the
// region's finance administrators configure it; projects keep their chain.
func TestReviewChains(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProjectWorld(t, s)
		short := goumai.ReviewChain{Region: "330106", MinAmount: 0, Steps: []goumai.ReviewStep{{Name: "财政审批", Role: goumai.RoleFinanceApprover, Where: goumai.WhereFinance}}}
		_, err := w.svc.SetReviewChain(ctx, w.yuhangAdmin, short)
		wantProjCode(t, "other county configures", err, goumai.EForbidden)
		_, err = w.svc.SetReviewChain(ctx, w.reviewer, short)
		wantProjCode(t, "reviewer configures", err, goumai.EForbidden)
		bad := short
		bad.Steps = []goumai.ReviewStep{{Name: "x", Role: goumai.RolePurchaserApprover, Where: goumai.WhereFinance}}
		_, err = w.svc.SetReviewChain(ctx, w.xihuAdmin, bad)
		wantProjCode(t, "bad chain", err, goumai.EInvalid)
		c, err := w.svc.SetReviewChain(ctx, w.xihuAdmin, short)
		if err != nil {
			t.Fatal(err)
		}
		large := goumai.ReviewChain{Region: "330106", MinAmount: 50_000_000, Steps: []goumai.ReviewStep{
			{Name: "单位内部审核", Role: goumai.RolePurchaserApprover, Where: goumai.WherePurchaser},
			{Name: "财政审核", Role: goumai.RoleFinanceReviewer, Where: goumai.WhereFinance},
			{Name: "财政审批", Role: goumai.RoleFinanceApprover, Where: goumai.WhereFinance}}}
		if _, err := w.svc.SetReviewChain(ctx, w.xihuAdmin, large); err != nil {
			t.Fatal(err)
		}
		small := w.submitted(t, 10_000_000)
		big := w.submitted(t, 60_000_000)
		if len(small.Chain) != 1 || len(big.Chain) != 3 {
			t.Fatalf("chains: small %d steps, big %d", len(small.Chain), len(big.Chain))
		}
		if err := w.svc.DeleteReviewChain(ctx, w.xihuAdmin, c.ID); err != nil {
			t.Fatal(err)
		}
		// The small project keeps the chain fixed at submission: one step, then approved.
		small = w.decide(t, w.fapp, small, goumai.ActApprove, "同意")
		if small.Status != goumai.ProjectApproved {
			t.Errorf("small: got %s", small.Status)
		}
		list, err := w.svc.ReviewChains(ctx, w.xihuAdmin)
		if err != nil || len(list) != 1 || list[0].MinAmount != 50_000_000 {
			t.Errorf("chains: %v %+v", err, list)
		}
		verify(t, s)
	})
}

// TestSubmitRefusals: each rule refuses submission with its id and clause, and
// nothing is written.
func TestSubmitRefusals(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProjectWorld(t, s)
		for _, c := range []struct {
			name, field, rule string
			edit              func(in *workflow.ProjectInput)
		}{
			{"negative list", "catalog_code", "ENG-B3", func(in *workflow.ProjectInput) { in.CatalogCode = "A0102" }},
			{"a category", "catalog_code", "ENG-B1", func(in *workflow.ProjectInput) { in.CatalogCode = "A01" }},
			{"not in the catalogue", "catalog_code", "ENG-B1", func(in *workflow.ProjectInput) { in.CatalogCode = "Z9999" }},
			{"over the balance", "amount", "ENG-B2", func(in *workflow.ProjectInput) { in.Amount = lineAmount + 1 }},
			{"no consultation", "consultation", "ENG-B5", func(in *workflow.ProjectInput) { in.Consultation = nil }},
			{"two years", "term_months", "ENG-H1", func(in *workflow.ProjectInput) { in.TermMonths = 24 }},
			{"no ex-ante", "ex_ante", "ENG-B4", func(in *workflow.ProjectInput) { in.ExAnte = "" }},
		} {
			in := w.fullInput(10_000_000)
			c.edit(&in)
			p, err := w.svc.CreateProject(ctx, w.staff, in)
			if err != nil {
				t.Fatalf("%s: create: %v", c.name, err)
			}
			before := treeSize(t, s)
			_, err = w.svc.SubmitProject(ctx, w.staff, p.ID, p.Version)
			e := goumai.AsError(err)
			if e.Code != goumai.EInvalid || !strings.Contains(e.Fields[c.field].ZH, "["+c.rule+"]") || !strings.Contains(e.Fields[c.field].EN, "["+c.rule+"]") {
				t.Errorf("%s: got %v", c.name, err)
			}
			if after := treeSize(t, s); after != before {
				t.Errorf("%s: refused submit wrote %d events", c.name, after-before)
			}
		}
		// Outside the catalogue with a filing record and a declared class, it passes.
		in := w.fullInput(10_000_000)
		in.CatalogCode, in.FilingRef, in.Class = "Z9999", "西财购备〔2026〕3号", goumai.ClassAuxiliaryService
		p, err := w.svc.CreateProject(ctx, w.staff, in)
		if err == nil {
			_, err = w.svc.SubmitProject(ctx, w.staff, p.ID, p.Version)
		}
		if err != nil {
			t.Errorf("filed item: %v", err)
		}
		verify(t, s)
	})
}

// TestDraftBadInput: each field's bad input is refused with a bilingual message
// on that field, and nothing is written.
func TestDraftBadInput(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProjectWorld(t, s)
		for _, c := range []struct {
			field string
			edit  func(in *workflow.ProjectInput)
		}{
			{"title", func(in *workflow.ProjectInput) { in.Title = strings.Repeat("题", 201) }},
			{"amount", func(in *workflow.ProjectInput) { in.Amount = -5 }},
			{"amount", func(in *workflow.ProjectInput) { in.Amount = goumai.MaxFen + 1 }},
			{"quantity", func(in *workflow.ProjectInput) { in.Quantity = -1 }},
			{"quantity_unit", func(in *workflow.ProjectInput) { in.QuantityUnit = strings.Repeat("位", 51) }},
			{"content", func(in *workflow.ProjectInput) { in.Content = strings.Repeat("字", 5001) }},
			{"method", func(in *workflow.ProjectInput) { in.Method = "inquiry" }},
			{"term_months", func(in *workflow.ProjectInput) { in.TermMonths = 121 }},
			{"expected_start", func(in *workflow.ProjectInput) { in.ExpectedStart = "明年" }},
			{"class", func(in *workflow.ProjectInput) { in.Class = "goods" }},
			{"budget_line_id", func(in *workflow.ProjectInput) { in.BudgetLineID = 999999 }},
			{"targets", func(in *workflow.ProjectInput) { in.Targets[0].Weight = 101 }},
			{"consultation", func(in *workflow.ProjectInput) { in.Consultation.Count = -1 }},
		} {
			in := w.fullInput(10_000_000)
			c.edit(&in)
			before := treeSize(t, s)
			_, err := w.svc.CreateProject(ctx, w.staff, in)
			e := goumai.AsError(err)
			if e.Code != goumai.EInvalid || e.Fields[c.field].ZH == "" || e.Fields[c.field].EN == "" {
				t.Errorf("%s: got %v", c.field, err)
			}
			if after := treeSize(t, s); after != before {
				t.Errorf("%s: refused draft wrote %d events", c.field, after-before)
			}
		}
		p := w.submitted(t, 10_000_000)
		for _, d := range []workflow.Decision{
			{Version: p.Version, Action: "maybe"},
			{Version: p.Version, Action: goumai.ActReturn},
			{Version: p.Version, Action: goumai.ActReturn, Opinion: "x", FieldComments: map[string]string{"colour": "红色"}},
			{Version: p.Version, Action: goumai.ActApprove, FieldComments: map[string]string{"title": "改"}},
			{Version: p.Version, Action: goumai.ActReject, Opinion: strings.Repeat("意", 1001)},
		} {
			_, err := w.svc.DecideProject(ctx, w.approver, p.ID, d)
			wantProjCode(t, "decision "+string(d.Action), err, goumai.EInvalid)
		}
		verify(t, s)
	})
}

// TestDoubleFundedAndPrice: the reviewer's automatic checks show 两头占 and an
// unreasonable unit cost; the red-flag list shows the project to auditors.
func TestDoubleFundedAndPrice(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProjectWorld(t, s)
		if _, err := w.svc.CreateFunction(ctx, goumai.System, workflow.FunctionInput{OrgID: w.inst.ID, Name: "居家养老上门服务",
			CatalogCode: "A0101", FundedPosts: 6, AnnualCost: 90_000_000}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.AddUnitCostStandard(ctx, w.xihuAdmin, goumai.UnitCostStandard{Region: "330106", CatalogCode: "A0101",
			MaxUnitCost: 5000, Unit: "人次", EffectiveFrom: sqltest.Start.Add(-time.Hour)}); err != nil {
			t.Fatal(err)
		}
		_, err := w.svc.AddUnitCostStandard(ctx, w.yuhangAdmin, goumai.UnitCostStandard{Region: "330106", CatalogCode: "A0101",
			MaxUnitCost: 5000, Unit: "人次", EffectiveFrom: sqltest.Start})
		wantProjCode(t, "other county's standard", err, goumai.EForbidden)
		p := w.submitted(t, 72_000_000) // 12,000 人次 → ¥60.00 each, above ¥50.00
		if len(p.DoubleFunded) != 1 || p.DoubleFunded[0] != "居家养老上门服务" {
			t.Errorf("double funded: %v", p.DoubleFunded)
		}
		checks, price, err := w.svc.ProjectChecks(ctx, w.reviewer, p)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]rules.CheckStatus{}
		for _, c := range checks {
			got[c.Key] = c.Status
		}
		want := map[string]rules.CheckStatus{"catalog": rules.CheckPass, "negative_list": rules.CheckPass, "budget": rules.CheckPass,
			"purchaser": rules.CheckPass, "targets": rules.CheckPass, "ex_ante": rules.CheckPass, "consultation": rules.CheckPass,
			"double_funded": rules.CheckWarn, "price": rules.CheckWarn}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("check %s: got %q, want %q", k, got[k], v)
			}
		}
		if !price.Flagged || price.Standard == nil || price.UnitCost != 6000 {
			t.Errorf("price: %+v", price)
		}
		_, _, err = w.svc.ProjectChecks(ctx, w.supplier, p)
		wantProjCode(t, "supplier reads checks", err, goumai.EForbidden)
		flags, err := w.svc.DoubleFundedProjects(ctx, w.auditor)
		if err != nil || len(flags) != 1 || flags[0].ID != p.ID {
			t.Errorf("red flags: %v %d", err, len(flags))
		}
		_, err = w.svc.DoubleFundedProjects(ctx, w.staff)
		wantProjCode(t, "staff reads red flags", err, goumai.EForbidden)
		verify(t, s)
	})
}

// TestVerifyProjectCommitments: verify finds a project whose state disagrees
// with the ledger (changed behind goumai's back).
func TestVerifyProjectCommitments(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newProjectWorld(t, s)
		p := w.submitted(t, 10_000_000)
		for _, a := range []goumai.Actor{w.approver, w.reviewer, w.fapp} {
			p = w.decide(t, a, p, goumai.ActApprove, "")
		}
		verify(t, s)
		if _, err := s.DB().ExecContext(ctx, `UPDATE projects SET status = 'rejected' WHERE id = $1`, p.ID); err != nil {
			t.Fatal(err)
		}
		rep, err := s.Verify(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, pr := range rep.Problems {
			found = found || strings.Contains(pr, "rejected but 10000000 fen committed")
		}
		if !found {
			t.Errorf("verify problems %q lack the commitment mismatch", rep.Problems)
		}
	})
}
