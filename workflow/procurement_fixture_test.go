package workflow_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// prw is the procurement test world: the projects' world, plus the Hangzhou
// finance bureau (设区的市, which approves non-tender methods for Xihu) with two
// approvers, a purchasing agency with one of its staff, four suppliers and a
// budget line of ¥10,000,000 for the purchaser.
type prw struct {
	*pw
	clock                  *goumai.FakeClock
	hzFin, agency          goumai.Org
	hzApprover, hzReviewer goumai.Actor
	agent                  goumai.Actor
	suppliers              []goumai.Org
	bigLine                goumai.BudgetLine
}

func newProcWorld(t testing.TB, s *sqlstore.Store, clock *goumai.FakeClock) *prw {
	t.Helper()
	ctx := context.Background()
	w := &prw{pw: newProjectWorld(t, s), clock: clock}
	svc, sys := w.svc, goumai.System
	mk := func(in workflow.OrgInput) goumai.Org {
		t.Helper()
		o, err := svc.CreateOrg(ctx, sys, in)
		if err != nil {
			t.Fatalf("create %s: %v", in.Name, err)
		}
		return o
	}
	user := func(o goumai.Org, name string, role goumai.Role) goumai.Actor {
		t.Helper()
		u, err := svc.CreateUser(ctx, sys, goumai.NewUser{Username: name, DisplayName: name, Password: "Test-2026-goumai"}, o.ID, role)
		if err != nil {
			t.Fatalf("create user %s: %v", name, err)
		}
		return goumai.Actor{UserID: u.ID, Username: u.Username, Name: name, Org: o, Roles: []goumai.Role{role}}
	}
	w.hzFin = mk(workflow.OrgInput{Name: "杭州市财政局", Kind: goumai.KindStateOrgan, CreditCode: projCode(t, "330100", "00300011X"), Region: "330100", FinanceDept: true})
	w.hzApprover = user(w.hzFin, "hz.approver", goumai.RoleFinanceApprover)
	w.hzReviewer = user(w.hzFin, "hz.reviewer", goumai.RoleFinanceReviewer)
	w.agency = mk(workflow.OrgInput{Name: "浙江公信招标代理有限公司", Kind: goumai.KindEnterprise, CreditCode: projCode(t, "330106", "00300012X"), Region: "330106"})
	w.agent = user(w.agency, "agency.staff", goumai.RoleAgency)
	w.suppliers = []goumai.Org{w.supplierOrg}
	for i, name := range []string{"杭州颐养社会工作服务中心", "浙江安康护理服务有限公司", "杭州夕阳红家政服务有限公司"} {
		kind := goumai.KindEnterprise
		if i == 0 {
			kind = goumai.KindSocialOrg
		}
		w.suppliers = append(w.suppliers, mk(workflow.OrgInput{Name: name, Kind: kind, CreditCode: projCode(t, "330106", "0030002"+string(rune('1'+i))+"X"), Region: "330106"}))
	}
	var err error
	w.bigLine, err = svc.CreateBudgetLine(ctx, sys, workflow.BudgetLineInput{BudgetLine: goumai.BudgetLine{OrgID: w.buyer.ID, FiscalYear: 2026,
		Name: "2026年养老服务体系建设", FundingSource: "一般公共预算", CatalogCode: "A0101"}, Amount: 1_000_000_000})
	if err != nil {
		t.Fatalf("budget line: %v", err)
	}
	return w
}

// approved returns an approved project of amount on the big line.
func (w *prw) approved(t testing.TB, amount goumai.Fen) goumai.Project {
	t.Helper()
	ctx := context.Background()
	in := w.fullInput(amount)
	in.BudgetLineID = w.bigLine.ID
	p, err := w.svc.CreateProject(ctx, w.staff, in)
	if err != nil {
		t.Fatalf("create project: %v", err)
	}
	if p, err = w.svc.SubmitProject(ctx, w.staff, p.ID, p.Version); err != nil {
		t.Fatalf("submit: %v", err)
	}
	for _, a := range []goumai.Actor{w.approver, w.reviewer, w.fapp} {
		p = w.decide(t, a, p, goumai.ActApprove, "同意")
	}
	if p.Status != goumai.ProjectApproved {
		t.Fatalf("project: %s", p.Status)
	}
	return p
}

// docs are lawful procurement documents for a procedure of the test world.
func docs() goumai.Documents {
	return goumai.Documents{Requirements: "为辖区80周岁以上独居老人提供助餐、助洁、助浴等上门服务，全年12000人次。",
		QualityStandards: "符合《居家养老服务规范》（DB33/T 2160）", Evaluation: goumai.EvalComprehensive, PriceWeightPct: 20,
		Qualifications: []goumai.Qualification{{Name: "具有独立承担民事责任的能力"}, {Name: "养老服务机构备案"}},
		Scoring: []goumai.ScoringItem{
			{Name: "价格", Factor: goumai.FactorPrice, Points: 20, Rule: "满足要求的最低价为基准价，得满分；其他报价得分=基准价/报价×20"},
			{Name: "服务方案", Factor: goumai.FactorTechnical, Points: 50, Rule: "按方案完整性、可行性评分",
				Ranges: []goumai.ScoreRange{{Condition: "完整且可行", Points: 50}, {Condition: "基本完整", Points: 30}, {Condition: "不完整", Points: 10}}},
			{Name: "持证人员比例", Factor: goumai.FactorService, Points: 30, Rule: "持证护理员占全部服务人员的比例",
				Ranges: []goumai.ScoreRange{{Condition: "≥90%", Points: 30}, {Condition: "70%–90%", Points: 20}, {Condition: "<70%", Points: 0}}}},
		ContractTerms: "按月考核，按季度支付。", TermMonths: 12}
}

// at returns a time in Shanghai.
func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, goumai.Shanghai)
}

// draftWith updates a draft with the test documents, the periods and suppliers.
func (w *prw) draftWith(t testing.TB, a goumai.Actor, p goumai.Procurement, edit func(u *workflow.ProcurementUpdate)) goumai.Procurement {
	t.Helper()
	u := workflow.ProcurementUpdate{Version: p.Version, Method: p.Method, Reason: p.Reason, ReasonDetail: p.ReasonDetail,
		SoleSupplierID: p.SoleSupplierID, Invited: p.Invited, Documents: docs(), Periods: p.Periods}
	if edit != nil {
		edit(&u)
	}
	p, err := w.svc.UpdateProcurement(context.Background(), a, p.ID, u)
	if err != nil {
		t.Fatalf("update procurement: %v", err)
	}
	return p
}

func (w *prw) supplierIDs(n int) []int64 {
	var ids []int64
	for _, o := range w.suppliers[:n] {
		ids = append(ids, o.ID)
	}
	return ids
}

// countEvents returns how many events of action the log holds for a row.
func countEvents(t testing.TB, s *sqlstore.Store, table string, id int64, action string) int {
	t.Helper()
	es, err := s.FindEvents(context.Background(), sqlstore.EventFilter{ObjectType: table, ObjectID: strconv.FormatInt(id, 10), Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range es {
		if e.Action == action {
			n++
		}
	}
	return n
}

// hasItemLike reports whether a to-do list holds an item of kind whose title contains part.
func hasItemLike(items []workflow.Item, kind, part string) bool {
	for _, it := range items {
		if it.Kind == kind && strings.Contains(it.Title, part) {
			return true
		}
	}
	return false
}
