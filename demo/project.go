package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// Demo projects: applications of 杭州市西湖区民政局 in every state of 项目申报
// and 项目评审, through the use cases and as the demo accounts — two approved
// and public, one awaiting the Xihu finance reviewer (flagged 两头占), one
// returned with comments per field, one rejected (also 两头占), one draft — plus a review
// chain for large projects and a unit-cost standard.

// demoProject is one application and how far it goes.
type demoProject struct {
	in    workflow.ProjectInput
	line  string // budget line name (demo/budget.go)
	steps []demoStep
}

// demoStep is one decision: the demo account, the action and the opinion.
type demoStep struct {
	user     string
	act      goumai.ProjectAction
	opinion  string
	comments map[string]string
}

var approveAll = []demoStep{
	{"xihu.minzheng.approver", goumai.ActApprove, "经局务会研究，同意申报。", nil},
	{"xihu.reviewer", goumai.ActApprove, "符合指导性目录和预算安排，绩效目标明确，同意。", nil},
	{"xihu.approver", goumai.ActApprove, "同意。", nil},
}

func demoProjects(now time.Time) []demoProject {
	month := now.In(goumai.Shanghai).AddDate(0, 2, 0).Format("2006-01")
	cons := &goumai.Consultation{From: now.AddDate(0, 0, -45), To: now.AddDate(0, 0, -15), Method: "区政府门户网站公开征求意见、社区座谈会",
		Summary: "收到意见37条，采纳9条：增加周末服务时段，明确服务人员持证上岗。", Count: 37}
	targets := func(out, unit string) []goumai.PerformanceTarget {
		return []goumai.PerformanceTarget{{Category: "output", Indicator: "服务数量", Target: "≥" + out, Unit: unit, Weight: 50},
			{Category: "benefit", Indicator: "服务对象生活质量改善率", Target: "≥85%", Weight: 30},
			{Category: "satisfaction", Indicator: "服务对象满意度", Target: "≥90%", Weight: 10},
			{Category: "cost", Indicator: "预算执行率", Target: "≥95%", Weight: 10}}
	}
	base := func(title, code, content string, amount goumai.Fen, qty int64, unit string) workflow.ProjectInput {
		return workflow.ProjectInput{Title: title, CatalogCode: code, Amount: amount, Content: content, Quantity: qty, QuantityUnit: unit,
			QualityStandards:   "服务人员持证上岗；服务记录100%可追溯；按《浙江省居家养老服务规范》执行。",
			Targets:            targets(fmt.Sprint(qty), unit),
			ExAnte:             "事前绩效评估结论：项目属于政府职责范围，需求真实，资金测算依据充分，绩效目标明确可衡量，建议实施。",
			SupplierConditions: "具有独立承担民事责任的能力；具有提供服务所必需的设施、人员和专业技术能力；近三年内在经营活动中没有重大违法记录；依法缴纳税收和社会保障资金。",
			EvaluationStandards: "按服务数量（50分）、服务质量抽查（30分）、服务对象满意度（10分）和预算执行（10分）综合评价，" +
				"90分以上为优，按合同约定结算。",
			Method: goumai.MethodConsultation, TermMonths: 12, Beneficiaries: "西湖区户籍60周岁以上居家老年人", Consultation: cons, ExpectedStart: month,
			NegativeAnswers: rules.NoneApply()} // each submitted application answers "no" to every negative-list question; the draft has not answered yet
	}
	return []demoProject{
		{base("2026年西湖区居家养老上门服务", DemoCodeHomeCare, "为辖区失能、半失能及80周岁以上独居老人提供助洁、助浴、助医、精神慰藉等上门服务。",
			1_800_000_00, 24000, "人次"), "2026年居家养老服务补助", approveAll},
		{base("2026年西湖区困境儿童关爱保护服务", "A0104", "为辖区困境儿童提供家庭走访、心理疏导、课业辅导和监护指导服务。",
			600_000_00, 3000, "人次"), "2026年困难群众救助服务", approveAll},
		{base("2026年西湖区老年助餐配送服务", DemoCodeMeals, "为辖区老年食堂和助餐点提供中心厨房配餐、送餐上门服务。",
			450_000_00, 90000, "份"), "2026年老年助餐服务", approveAll[:1]},
		{base("2026年西湖区社会工作服务站运营", "A0105", "在11个街道社会工作服务站开展个案、小组和社区工作。",
			300_000_00, 1100, "个案"), "2026年困难群众救助服务", []demoStep{approveAll[0],
			{"xihu.reviewer", goumai.ActReturn, "服务内容与质量标准需细化，请补充后重新送审。", map[string]string{
				"quality_standards": "请写明个案服务的频次和每次时长，以及社工持证比例。",
				"targets":           "产出指标请按街道分解。"}}}},
		{base("困难群众入户核查外包", DemoCodeAssist, "将困难群众家庭经济状况入户核查整体委托第三方实施。",
			200_000_00, 2000, "户"), "2026年困难群众救助服务", []demoStep{approveAll[0],
			{"xihu.reviewer", goumai.ActReject, "入户核查涉及行政确认，属于应当由政府直接履职的事项，不得购买（《政府购买服务管理办法》第十条）。", nil}}},
		{workflow.ProjectInput{Title: "2026年居家养老服务第三方绩效评价", CatalogCode: "", Content: "对居家养老上门服务项目开展第三方绩效评价。",
			ExpectedStart: month}, "", nil},
	}
}

// LoadProjects creates the demo applications in a demo world whose catalogue
// (LoadCatalog) and budget (LoadBudget) are loaded. If the demo budget lines
// are missing it creates nothing and says so; if 西湖区民政局 already has
// projects it does nothing (it has run before).
func LoadProjects(ctx context.Context, svc *workflow.Service) error {
	actors := map[string]goumai.Actor{}
	for _, u := range []string{"xihu.minzheng", "xihu.minzheng.approver", "xihu.reviewer", "xihu.approver", "xihu.admin"} {
		a, err := demoActor(ctx, svc.Store, u)
		if err != nil {
			return fmt.Errorf("load demo projects: %w", err)
		}
		actors[u] = a
	}
	staff := actors["xihu.minzheng"]
	if done, err := svc.Store.FindProjects(ctx, sqlstore.ProjectFilter{OrgID: staff.Org.ID, Limit: 1}); err != nil {
		return fmt.Errorf("load demo projects: %w", err)
	} else if len(done) > 0 {
		return nil // already loaded
	}
	lines := map[string]int64{}
	ls, err := svc.Store.FindBudgetLines(ctx, sqlstore.BudgetLineFilter{OrgID: staff.Org.ID, Limit: 100})
	if err != nil {
		return fmt.Errorf("load demo projects: %w", err)
	}
	for _, l := range ls {
		lines[l.Name] = l.ID
	}
	if len(lines) == 0 {
		return fmt.Errorf("load demo projects: %s has no budget lines (run LoadBudget first)", staff.Org.Name)
	}
	// Large projects of the district also go to the city finance bureau (REQ-C3).
	if _, err := svc.SetReviewChain(ctx, actors["xihu.admin"], goumai.ReviewChain{Region: RegionXihu, MinAmount: 5_000_000_00, Steps: []goumai.ReviewStep{
		{Name: "单位内部审核", Role: goumai.RolePurchaserApprover, Where: goumai.WherePurchaser},
		{Name: "区财政业务科审核", Role: goumai.RoleFinanceReviewer, Where: goumai.WhereFinance},
		{Name: "区财政局审批", Role: goumai.RoleFinanceApprover, Where: goumai.WhereFinance},
		{Name: "市财政局审批", Role: goumai.RoleFinanceApprover, Where: goumai.WhereFinanceParent}}}); err != nil {
		return fmt.Errorf("load demo projects: review chain: %w", err)
	}
	if _, err := svc.AddUnitCostStandard(ctx, actors["xihu.admin"], goumai.UnitCostStandard{Region: RegionXihu, CatalogCode: DemoCodeHomeCare,
		MaxUnitCost: 90_00, Unit: "人次", EffectiveFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, goumai.Shanghai), Note: "西财社〔2026〕2号：居家养老上门服务每人次不超过90元"}); err != nil {
		return fmt.Errorf("load demo projects: unit-cost standard: %w", err)
	}
	for _, dp := range demoProjects(svc.Clock.Now()) {
		in := dp.in
		if dp.line != "" {
			id, ok := lines[dp.line]
			if !ok {
				return fmt.Errorf("load demo projects: no budget line %s", dp.line)
			}
			in.BudgetLineID = id
		}
		p, err := svc.CreateProject(ctx, staff, in)
		if err != nil {
			return fmt.Errorf("load demo project %s: %w", in.Title, err)
		}
		if dp.steps == nil {
			continue
		}
		if p, err = svc.SubmitProject(ctx, staff, p.ID, p.Version); err != nil {
			return fmt.Errorf("submit demo project %s: %w", in.Title, err)
		}
		for _, st := range dp.steps {
			d := workflow.Decision{Version: p.Version, Action: st.act, Opinion: st.opinion, FieldComments: st.comments,
				NegativeListConfirmed: st.act == goumai.ActApprove} // each approver checked the negative-list answers
			if p, err = svc.DecideProject(ctx, actors[st.user], p.ID, d); err != nil {
				return fmt.Errorf("demo project %s, %s by %s: %w", in.Title, st.act, st.user, err)
			}
		}
	}
	return nil
}
