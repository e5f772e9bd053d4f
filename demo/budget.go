package demo

import (
	"context"
	"fmt"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// Demo budget: 2026 budget lines for the demo purchasers with the keys of the
// integrated budget system, two 事业单位 under 杭州市西湖区民政局 with their
// functions and funded posts — one function already moved to purchased services
// by a 费随事转 transfer, one still staffed and funded while the bureau holds
// budget earmarked for it, so that an application for it is flagged 两头占.

// Catalogue codes the demo budget uses (the guidance catalogue's demo data
// should carry them: A0101 居家养老服务, A0102 困难群众救助服务, A0103 老年助餐服务).
const (
	DemoCodeHomeCare  = "A0101" // transferred by 费随事转
	DemoCodeAssist    = "A0102" // still staffed, nothing earmarked
	DemoCodeMeals     = "A0103" // still staffed while the purchaser holds earmarked budget: 两头占
	DemoFiscalYear    = 2026
	demoFundingSource = "一般公共预算"
)

// demoLine is one budget line of the demo world.
type demoLine struct {
	org     string // org name
	name    string
	catalog string
	amount  goumai.Fen
	keys    goumai.BudgetLine // the 一体化 keys
}

func keys(mof, agency, dept, pro, expFunc, govEco, depEco, bgtID, docNo string) goumai.BudgetLine {
	return goumai.BudgetLine{MofDivCode: mof, AgencyCode: agency, DeptCode: dept, ProCode: pro, ExpFuncCode: expFunc,
		GovBgtEcoCode: govEco, DepBgtEcoCode: depEco, FundTypeCode: "111", BgtID: bgtID, DocNo: docNo}
}

// demoLines are realistic 2026 lines: 支出功能分类 2080208 养老服务, 2080902 退役军人…,
// 经济分类 50502 商品和服务支出 / 30227 委托业务费, 资金性质 111 一般公共预算.
var demoLines = []demoLine{
	{"杭州市西湖区民政局", "2026年居家养老服务补助", DemoCodeHomeCare, 3_600_000_00,
		keys("330106", "106001", "106", "33010626000000000101", "2080208", "50502", "30227", "330106-2026-0101", "西财社〔2026〕3号")},
	{"杭州市西湖区民政局", "2026年老年助餐服务", DemoCodeMeals, 500_000_00,
		keys("330106", "106001", "106", "33010626000000000102", "2080208", "50502", "30227", "330106-2026-0102", "西财社〔2026〕3号")},
	{"杭州市西湖区民政局", "2026年困难群众救助服务", "", 1_200_000_00,
		keys("330106", "106001", "106", "33010626000000000103", "2081901", "50502", "30227", "330106-2026-0103", "西财社〔2026〕5号")},
	{"杭州市西湖区民政局", demoLineProcurement, "", 20_000_000_00,
		keys("330106", "106001", "106", "33010626000000000104", "2080208", "50502", "30227", "330106-2026-0104", "西财社〔2026〕8号")},
	{"杭州市民政局", "2026年社会组织培育孵化服务", "", 800_000_00,
		keys("330100", "101023", "101", "33010026000000002301", "2080299", "50502", "30227", "330100-2026-2301", "杭财社〔2026〕12号")},
	{"宁波市鄞州区司法局", "2026年基层公共法律服务", "", 600_000_00,
		keys("330212", "212015", "212", "33021226000000001501", "2040604", "50502", "30227", "330212-2026-1501", "鄞财行〔2026〕7号")},
	{"宁波市海曙区卫生健康局", "2026年社区心理健康服务", "", 950_000_00,
		keys("330203", "203031", "203", "33020326000000003101", "2100799", "50502", "30227", "330203-2026-3101", "海财社〔2026〕9号")},
	{"杭州市余杭区教育局", "2026年课后服务第三方评估", "", 420_000_00,
		keys("330110", "110008", "110", "33011026000000000801", "2050299", "50502", "30226", "330110-2026-0801", "余财教〔2026〕4号")},
}

// demoInstitutions are the 事业单位 of the reform demo, under 杭州市西湖区民政局.
var demoInstitutions = []struct {
	name, body string
	line       demoLine
	functions  []workflow.FunctionInput
}{
	{"杭州市西湖区社会福利中心", "MB1060011", demoLine{"", "2026年社会福利中心基本支出", "", 5_000_000_00,
		keys("330106", "106101", "106", "33010626000000010101", "2080201", "50501", "30101", "330106-2026-1101", "西财社〔2026〕1号")},
		[]workflow.FunctionInput{
			{Name: "居家养老上门服务", CatalogCode: DemoCodeHomeCare, FundedPosts: 8, AnnualCost: 1_200_000_00},
			{Name: "老年助餐配送", CatalogCode: DemoCodeMeals, FundedPosts: 4, AnnualCost: 480_000_00},
		}},
	{"杭州市西湖区社会救助服务指导中心", "MB1060022", demoLine{"", "2026年社会救助服务指导中心基本支出", "", 1_800_000_00,
		keys("330106", "106102", "106", "33010626000000010201", "2081901", "50501", "30101", "330106-2026-1102", "西财社〔2026〕1号")},
		[]workflow.FunctionInput{
			{Name: "困难群众入户核查", CatalogCode: DemoCodeAssist, FundedPosts: 3, AnnualCost: 360_000_00},
		}},
}

// LoadBudget creates the demo budget through the use cases, as the system; Load
// calls it. It does nothing when budget lines exist.
func LoadBudget(ctx context.Context, svc *workflow.Service) error {
	if ls, err := svc.Store.FindBudgetLines(ctx, sqlstore.BudgetLineFilter{Limit: 1}); err != nil || len(ls) > 0 {
		return err
	}
	byName := func(name string) (goumai.Org, error) {
		os, err := svc.Store.FindOrgs(ctx, sqlstore.OrgFilter{Query: name, Limit: 10})
		if err != nil {
			return goumai.Org{}, err
		}
		for _, o := range os {
			if o.Name == name {
				return o, nil
			}
		}
		return goumai.Org{}, fmt.Errorf("demo budget: no organisation %s", name)
	}
	create := func(org goumai.Org, l demoLine) (goumai.BudgetLine, error) {
		in := workflow.BudgetLineInput{BudgetLine: l.keys, Amount: l.amount}
		in.OrgID, in.FiscalYear, in.Name, in.CatalogCode, in.FundingSource = org.ID, DemoFiscalYear, l.name, l.catalog, demoFundingSource
		line, err := svc.CreateBudgetLine(ctx, goumai.System, in)
		if err != nil {
			return line, fmt.Errorf("demo budget line %s: %w", l.name, err)
		}
		return line, nil
	}
	lines := map[string]goumai.BudgetLine{}
	for _, l := range demoLines {
		org, err := byName(l.org)
		if err != nil {
			return err
		}
		if lines[l.name], err = create(org, l); err != nil {
			return err
		}
	}
	minzheng, err := byName("杭州市西湖区民政局")
	if err != nil {
		return err
	}
	reviewer, err := demoActor(ctx, svc.Store, "xihu.reviewer")
	if err != nil {
		return err
	}
	approver, err := demoActor(ctx, svc.Store, "xihu.approver")
	if err != nil {
		return err
	}
	// A transfer between the bureau's lines awaits the approver's decision (his to-do list).
	if _, err := svc.RequestTransfer(ctx, reviewer, workflow.TransferInput{FromLine: lines["2026年困难群众救助服务"].ID,
		ToLine: lines["2026年老年助餐服务"].ID, Amount: 100_000_00, Memo: "年中调剂：老年助餐服务需求增加（西民〔2026〕18号请示）"}); err != nil {
		return fmt.Errorf("demo transfer request: %w", err)
	}
	for i, inst := range demoInstitutions {
		code, err := CreditCode(PrefixInstitution, RegionXihu, inst.body[:8])
		if err != nil {
			return err
		}
		org, err := svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: inst.name, Kind: goumai.KindInstitution, Class: goumai.ClassPublicI,
			CreditCode: code, Region: RegionXihu, ParentID: minzheng.ID})
		if err != nil {
			return fmt.Errorf("demo institution %s: %w", inst.name, err)
		}
		instLine, err := create(org, inst.line)
		if err != nil {
			return err
		}
		for _, f := range inst.functions {
			f.OrgID = org.ID
			fn, err := svc.CreateFunction(ctx, goumai.System, f)
			if err != nil {
				return fmt.Errorf("demo function %s: %w", f.Name, err)
			}
			// The welfare centre's home-care function has moved to purchased services: its budget follows it.
			// A finance reviewer asks for it and a finance approver approves it (separation of duties).
			if i == 0 && f.CatalogCode == DemoCodeHomeCare {
				t, err := svc.RequestTransfer(ctx, reviewer, workflow.TransferInput{FromLine: instLine.ID, ToLine: lines["2026年居家养老服务补助"].ID,
					Amount: f.AnnualCost, FunctionID: fn.ID, Memo: "费随事转：居家养老上门服务转为政府购买服务（西编〔2026〕2号）"})
				if err == nil {
					_, err = svc.DecideTransfer(ctx, approver, t.ID, workflow.TransferDecision{Approve: true, Opinion: "同意调剂"})
				}
				if err != nil {
					return fmt.Errorf("demo 费随事转: %w", err)
				}
			}
		}
	}
	return nil
}
