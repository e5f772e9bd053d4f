package workflow_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// pw is the projects' test world: the Zhejiang catalogue in force with a
// public-service leaf (A0101), an auxiliary leaf (B0101) and a leaf on the
// negative list (A0102); the Xihu and Yuhang finance bureaus; the Xihu civil
// affairs bureau (purchaser) with an institution under it; a supplier; a
// budget line of ¥1,000,000 for the purchaser; and one actor per role.
type pw struct {
	svc                               *workflow.Service
	s                                 *sqlstore.Store
	xihuFin, yuhangFin, buyer, inst   goumai.Org
	supplierOrg                       goumai.Org
	line                              goumai.BudgetLine
	staff, approver, reviewer, fapp   goumai.Actor
	yuhangReviewer, auditor, supplier goumai.Actor
	xihuAdmin, yuhangAdmin            goumai.Actor
}

const lineAmount = goumai.Fen(100_000_000) // ¥1,000,000

func newProjectWorld(t testing.TB, s *sqlstore.Store) *pw {
	t.Helper()
	ctx := context.Background()
	svc := workflow.New(s)
	svc.PasswordParams = workflow.FastPasswordParams
	w := &pw{svc: svc, s: s}
	sys := goumai.System
	mk := func(in workflow.OrgInput) goumai.Org {
		t.Helper()
		o, err := svc.CreateOrg(ctx, sys, in)
		if err != nil {
			t.Fatalf("create %s: %v", in.Name, err)
		}
		return o
	}
	organ := func(name, region, body string, fin bool) goumai.Org {
		return mk(workflow.OrgInput{Name: name, Kind: goumai.KindStateOrgan, CreditCode: projCode(t, region, body), Region: region, FinanceDept: fin})
	}
	organ("浙江省财政厅", "330000", "00300001X", true)
	w.xihuFin = organ("杭州市西湖区财政局", "330106", "00300002X", true)
	w.yuhangFin = organ("杭州市余杭区财政局", "330110", "00300003X", true)
	w.buyer = organ("杭州市西湖区民政局", "330106", "00300004X", false)
	audit := organ("浙江省审计厅", "330000", "00300005X", false)
	w.inst = mk(workflow.OrgInput{Name: "杭州市西湖区社会福利中心", Kind: goumai.KindInstitution, Class: goumai.ClassPublicI,
		CreditCode: projCode(t, "330106", "00300006X"), Region: "330106", ParentID: w.buyer.ID})
	w.supplierOrg = mk(workflow.OrgInput{Name: "杭州康宁养老服务有限公司", Kind: goumai.KindEnterprise, CreditCode: projCode(t, "330106", "00300007X"), Region: "330106"})
	n := 0
	user := func(o goumai.Org, role goumai.Role) goumai.Actor {
		t.Helper()
		n++
		name := fmt.Sprintf("user%02d", n)
		u, err := svc.CreateUser(ctx, sys, goumai.NewUser{Username: name, DisplayName: "用户" + name, Password: "Test-2026-goumai"}, o.ID, role)
		if err != nil {
			t.Fatalf("create user in %s: %v", o.Name, err)
		}
		return goumai.Actor{UserID: u.ID, Username: u.Username, Name: u.DisplayName, Org: o, Roles: []goumai.Role{role}}
	}
	w.staff = user(w.buyer, goumai.RolePurchaserStaff)
	w.approver = user(w.buyer, goumai.RolePurchaserApprover)
	w.reviewer = user(w.xihuFin, goumai.RoleFinanceReviewer)
	w.fapp = user(w.xihuFin, goumai.RoleFinanceApprover)
	w.yuhangReviewer = user(w.yuhangFin, goumai.RoleFinanceReviewer)
	w.auditor = user(audit, goumai.RoleAuditor)
	w.supplier = user(w.supplierOrg, goumai.RoleSupplier)
	w.xihuAdmin = user(w.xihuFin, goumai.RoleAdmin)
	w.yuhangAdmin = user(w.yuhangFin, goumai.RoleAdmin)

	// The provincial catalogue in force.
	v, err := svc.CreateCatalogDraft(ctx, sys, workflow.CatalogDraftInput{Region: "330000", Title: "浙江省政府购买服务指导性目录（2026年版）"})
	if err != nil {
		t.Fatalf("catalogue draft: %v", err)
	}
	for _, it := range []workflow.CatalogItemInput{
		{Code: "A", Name: "公共服务", Class: goumai.ClassPublicService},
		{Code: "A01", Parent: "A", Name: "社会福利服务"},
		{Code: "A0101", Parent: "A01", Name: "居家养老服务", ItemCode: "C2301"},
		{Code: "A0102", Parent: "A01", Name: "养老机构护理员招聘", ItemCode: "C2302", Negative: []goumai.NegativeFlag{goumai.NegStaffHiring}},
		{Code: "B", Name: "政府履职所需辅助性服务", Class: goumai.ClassAuxiliaryService},
		{Code: "B01", Parent: "B", Name: "评估服务"},
		{Code: "B0101", Parent: "B01", Name: "绩效评价", ItemCode: "C0901"},
	} {
		if _, err := svc.AddCatalogItem(ctx, sys, v.ID, it); err != nil {
			t.Fatalf("catalogue item %s: %v", it.Code, err)
		}
	}
	if _, err := svc.SubmitCatalog(ctx, sys, v.ID, ""); err != nil {
		t.Fatalf("submit catalogue: %v", err)
	}
	if _, err := svc.PublishCatalog(ctx, sys, v.ID, ""); err != nil {
		t.Fatalf("publish catalogue: %v", err)
	}
	w.line, err = svc.CreateBudgetLine(ctx, sys, workflow.BudgetLineInput{BudgetLine: goumai.BudgetLine{OrgID: w.buyer.ID, FiscalYear: 2026,
		Name: "2026年居家养老服务补助", FundingSource: "一般公共预算", CatalogCode: "A0101"}, Amount: lineAmount})
	if err != nil {
		t.Fatalf("budget line: %v", err)
	}
	return w
}

// fullInput is a complete application for a public service on the test world's line.
func (w *pw) fullInput(amount goumai.Fen) workflow.ProjectInput {
	from := time.Date(2026, 2, 1, 0, 0, 0, 0, goumai.Shanghai)
	return workflow.ProjectInput{
		Title: "2026年西湖区居家养老上门服务", CatalogCode: "A0101", BudgetLineID: w.line.ID, Amount: amount,
		Content: "为辖区80周岁以上独居老人提供助餐、助洁、助浴等上门服务。", Quantity: 12000, QuantityUnit: "人次",
		QualityStandards: "符合《居家养老服务规范》（DB33/T 2160）", ExAnte: "事前绩效评估认为项目必要、可行，预算测算合理。",
		Targets: []goumai.PerformanceTarget{{Category: "output", Indicator: "服务人次", Target: "≥12000", Unit: "人次", Weight: 50},
			{Category: "satisfaction", Indicator: "服务对象满意度", Target: "≥90%", Weight: 10}},
		SupplierConditions: "具有独立承担民事责任的能力；近三年无重大违法记录。", EvaluationStandards: "按服务人次、质量抽查和满意度综合评价。",
		Method: goumai.MethodConsultation, TermMonths: 12, Beneficiaries: "辖区80周岁以上独居老人", ExpectedStart: "2026-04",
		Consultation:    &goumai.Consultation{From: from, To: from.AddDate(0, 0, 15), Method: "网上公开征求意见", Summary: "收到意见12条，采纳3条。", Count: 12},
		NegativeAnswers: rules.NoneApply(),
	}
}

// submitted creates and submits a complete application of the given amount.
func (w *pw) submitted(t testing.TB, amount goumai.Fen) goumai.Project {
	t.Helper()
	ctx := context.Background()
	p, err := w.svc.CreateProject(ctx, w.staff, w.fullInput(amount))
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if p, err = w.svc.SubmitProject(ctx, w.staff, p.ID, p.Version); err != nil {
		t.Fatalf("submit: %v", err)
	}
	return p
}

// decide takes a decision and fails the test on error; an approval confirms
// the negative-list answers.
func (w *pw) decide(t testing.TB, a goumai.Actor, p goumai.Project, act goumai.ProjectAction, opinion string) goumai.Project {
	t.Helper()
	p, err := w.svc.DecideProject(context.Background(), a, p.ID, workflow.Decision{Version: p.Version, Action: act, Opinion: opinion,
		NegativeListConfirmed: act == goumai.ActApprove})
	if err != nil {
		t.Fatalf("%s by %s: %v", act, a.Username, err)
	}
	return p
}

// projCode builds a valid unified social credit code in a region from a 9-character body.
func projCode(t testing.TB, region, body string) string {
	t.Helper()
	c, ok := goumai.CreditCheckChar("11" + region + body)
	if !ok {
		t.Fatalf("bad code body %s", body)
	}
	return "11" + region + body + string(c)
}
