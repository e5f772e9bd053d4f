package web

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The procurement tests' world: applications of 杭州市西湖区民政局 approved
// through the use cases by the demo accounts, then procedures in the state a
// test needs, each new for every request.

// Demo accounts and organisations of procurement.
const (
	xihuMinzheng  = "杭州市西湖区民政局"    // the purchaser, 330106
	zhongcheng    = "浙江中诚招标代理有限公司" // the purchasing agency, 330100
	haishuWeijian = "宁波市海曙区卫生健康局"  // a purchaser of Ningbo, 330203
)

// Amounts of the procurement tests: below and above the open-tender threshold
// of the demo's 浙江省 (¥4,000,000, illustrative: demo/rules.go; the national
// default is ¥2,000,000, 国办发〔2019〕55号).
const (
	belowThreshold = goumai.Fen(150_000_000) // ¥1,500,000
	aboveThreshold = goumai.Fen(450_000_000) // ¥4,500,000
)

// purchaserAccounts are a purchaser's staff and the accounts deciding its
// applications on the default review chain.
type purchaserAccounts struct {
	org, staff, approver, reviewer, finApprover string
}

var (
	xihuAccounts   = purchaserAccounts{xihuMinzheng, "xihu.minzheng", "xihu.minzheng.approver", "xihu.reviewer", "xihu.approver"}
	haishuAccounts = purchaserAccounts{haishuWeijian, "haishu.weijian", "haishu.weijian.approver", "haishu.reviewer", "haishu.approver"}
)

// procChain makes every application of region from ¥1,000,000 up to the
// demo's large-project chain go through the default chain, whatever chains
// other rows configured below it (the project rows add one of two finance
// reviews from ¥150,000), as the system.
func (f fixture) procChain(region string) {
	f.t.Helper()
	if _, err := f.w.svc.SetReviewChain(context.Background(), goumai.System, goumai.ReviewChain{Region: region, MinAmount: 100_000_000,
		Steps: slices.Clone(goumai.DefaultReviewChain)}); err != nil {
		f.t.Fatal(err)
	}
}

// approvedOf returns an approved application of amount of a purchaser, on a
// budget line of its own (so that no other procedure adds to its 化整为零
// figures), created, submitted and approved by the purchaser's demo accounts.
func (f fixture) approvedOf(pa purchaserAccounts, amount goumai.Fen) goumai.Project {
	f.t.Helper()
	ctx := context.Background()
	staff := f.account(pa.staff)
	f.procChain(staff.Org.Region)
	in := workflow.BudgetLineInput{Amount: amount}
	in.OrgID, in.FiscalYear, in.FundingSource = staff.Org.ID, 2026, "一般公共预算"
	in.Name, in.BgtID = fmt.Sprintf("采购测试指标%03d", f.next()), fmt.Sprintf("authz-proc-%03d", f.next())
	line, err := f.w.svc.CreateBudgetLine(ctx, goumai.System, in)
	if err != nil {
		f.t.Fatalf("budget line of %s: %v", pa.org, err)
	}
	var pin workflow.ProjectInput
	body := projectBody(f.t, f.w, map[string]any{"budget_line_id": line.ID, "amount": amount, "catalog_code": "",
		"filing_ref": "财购备〔2026〕1号", "class": goumai.ClassAuxiliaryService, "title": fmt.Sprintf("2026年居家养老服务采购%03d", f.next())})
	if err := json.Unmarshal([]byte(mustJSON(f.t, body)), &pin); err != nil {
		f.t.Fatal(err)
	}
	p, err := f.w.svc.CreateProject(ctx, staff, pin)
	if err != nil {
		f.t.Fatalf("application of %s: %v", pa.staff, err)
	}
	if p, err = f.w.svc.SubmitProject(ctx, staff, p.ID, p.Version); err != nil {
		f.t.Fatalf("submit: %v", err)
	}
	for _, d := range []string{pa.approver, pa.reviewer, pa.finApprover} {
		if p, err = f.w.svc.DecideProject(ctx, f.account(d), p.ID, workflow.Decision{Version: p.Version, Action: goumai.ActApprove,
			Opinion: "同意", NegativeListConfirmed: true}); err != nil {
			f.t.Fatalf("%s approves: %v", d, err)
		}
	}
	if p.Status != goumai.ProjectApproved {
		f.t.Fatalf("application %d: %s, want approved", p.ID, p.Status)
	}
	return p
}

// entrust records 杭州市西湖区民政局's agreement entrusting the agency with a
// project, by its staff.
func (f fixture) entrust(p goumai.Project) goumai.AgencyAgreement {
	f.t.Helper()
	ag, err := f.w.svc.RecordAgreement(context.Background(), f.account(xihuAccounts.staff), workflow.AgreementInput{ProjectID: p.ID,
		AgencyOrgID: f.w.org(f.t, zhongcheng).ID, Reference: fmt.Sprintf("XH-WT-2026-%03d", f.next()), Scope: "组织采购活动",
		SignedOn: f.w.clock.Now().In(goumai.Shanghai).Format("2006-01-02")})
	if err != nil {
		f.t.Fatalf("agency agreement: %v", err)
	}
	return ag
}

// procSpec says which procedure a fixture starts.
type procSpec struct {
	amount    goumai.Fen
	method    goumai.ProcurementMethod
	reason    goumai.MethodReason
	entrusted bool // the purchaser entrusts the agency first, which creates and runs it
}

var (
	consultation = procSpec{belowThreshold, goumai.MethodConsultation, goumai.ReasonPurchaseOfServices, false}
	negotiation  = procSpec{aboveThreshold, goumai.MethodCompetitiveNeg, goumai.ReasonCannotSpecify, false}
	soleSupplier = procSpec{aboveThreshold, goumai.MethodSingleSource, goumai.ReasonSoleSupplier, false}
	invited      = procSpec{belowThreshold, goumai.MethodInvitedTender, goumai.ReasonRestrictedSupply, false}
)

// byAgency returns the spec run by the agency.
func (s procSpec) byAgency() procSpec { s.entrusted = true; return s }

// organiser is the demo account running a procedure of the spec.
func (s procSpec) organiser() string {
	if s.entrusted {
		return agency
	}
	return xihuAccounts.staff
}

// drafted starts a procedure of 杭州市西湖区民政局 in drafting.
func (f fixture) drafted(s procSpec) goumai.Procurement {
	f.t.Helper()
	pr := f.approvedOf(xihuAccounts, s.amount)
	if s.entrusted {
		f.entrust(pr)
	}
	p, err := f.w.svc.CreateProcurement(context.Background(), f.account(s.organiser()), workflow.ProcurementInput{ProjectID: pr.ID,
		Method: s.method, Reason: s.reason, ReasonDetail: "服务对象需求差异大，只能由具备失智照护床位的机构提供。"})
	if err != nil {
		f.t.Fatalf("create procedure: %v", err)
	}
	return p
}

// procDocs are lawful documents for the assessment of older people's
// abilities (the service of projectBody).
func procDocs() goumai.Documents {
	return goumai.Documents{Requirements: "为申请居家养老服务的老年人开展能力评估，全年2000人次，出具评估报告并录入系统。",
		QualityStandards: "按《老年人能力评估规范》（GB/T 42195）执行", Evaluation: goumai.EvalComprehensive, PriceWeightPct: 30,
		Targets:        []goumai.PerformanceTarget{{Category: "output", Indicator: "评估人次", Target: "≥2000", Unit: "人次", Weight: 100}},
		Qualifications: []goumai.Qualification{{Name: "具有独立承担民事责任的能力", Detail: "提供营业执照或登记证书"}, {Name: "具有老年人能力评估师"}},
		Scoring: []goumai.ScoringItem{
			{Name: "报价", Factor: goumai.FactorPrice, Points: 30, Rule: "满足磋商文件要求且最后报价最低的为基准价，其价格分为满分；其他报价得分=基准价/报价×30"},
			{Name: "评估实施方案", Factor: goumai.FactorTechnical, Points: 40, Rule: "按方案对评估流程、质量控制和信息安全的覆盖程度评分",
				Ranges: []goumai.ScoreRange{{Condition: "三项均覆盖且措施具体", Points: 40}, {Condition: "覆盖两项", Points: 25}, {Condition: "覆盖一项及以下", Points: 5}}},
			{Name: "持证评估人员数量", Factor: goumai.FactorService, Points: 30, Rule: "拟派持证评估人员的人数",
				Ranges: []goumai.ScoreRange{{Condition: "≥10人", Points: 30}, {Condition: "5–9人", Points: 15}, {Condition: "<5人", Points: 0}}}},
		ContractTerms: "按季度考核评估质量，考核合格后支付当季费用。", TermMonths: 12}
}

// deadline is a lawful deadline for every method: 20 days from now, 09:30.
func (f fixture) deadline() time.Time {
	d := f.w.clock.Now().In(goumai.Shanghai).AddDate(0, 0, 20)
	return time.Date(d.Year(), d.Month(), d.Day(), 9, 30, 0, 0, goumai.Shanghai)
}

// update is the body of a procedure's update: its method and ground, lawful
// documents and periods, and the single-source supplier.
func (f fixture) update(p goumai.Procurement) workflow.ProcurementUpdate {
	u := workflow.ProcurementUpdate{Version: p.Version, Method: p.Method, Reason: p.Reason, ReasonDetail: p.ReasonDetail,
		Invited: p.Invited, SoleSupplierID: p.SoleSupplierID, Documents: procDocs(), Periods: goumai.Periods{DocsUntil: f.deadline(), BidDeadline: f.deadline()}}
	if p.Method == goumai.MethodSingleSource {
		u.SoleSupplierID = f.w.org(f.t, kangningOrg).ID
	}
	return u
}

// complete is a procedure of the spec with lawful documents and periods.
func (f fixture) complete(s procSpec) goumai.Procurement {
	f.t.Helper()
	p := f.drafted(s)
	p, err := f.w.svc.UpdateProcurement(context.Background(), f.account(s.organiser()), p.ID, f.update(p))
	if err != nil {
		f.t.Fatalf("update procedure: %v", err)
	}
	return p
}

// then takes a procedure of the spec one step further, by its organiser.
func (f fixture) then(what string, s procSpec, p goumai.Procurement, step func(context.Context, goumai.Actor, int64, int) (goumai.Procurement, error)) goumai.Procurement {
	f.t.Helper()
	p, err := step(context.Background(), f.account(s.organiser()), p.ID, p.Version)
	if err != nil {
		f.t.Fatalf("%s: %v", what, err)
	}
	return p
}

// tendering is a published procedure of the spec taking bids.
func (f fixture) tendering(s procSpec) goumai.Procurement {
	return f.then("publish", s, f.complete(s), f.w.svc.Publish)
}

// awaitingApproval is a procedure of the spec (a non-tender method above the
// threshold) whose method awaits the approval of 杭州市财政局.
func (f fixture) awaitingApproval(s procSpec) goumai.Procurement {
	return f.then("request approval", s, f.complete(s), f.w.svc.RequestApproval)
}

// inPublicity is a single source on the sole-supplier ground above the
// threshold in its 单一来源公示.
func (f fixture) inPublicity(s procSpec) goumai.Procurement {
	return f.then("publicity", s, f.complete(s), f.w.svc.StartPublicity)
}

// objection is an objection of 杭州康宁养老服务有限公司 to a single-source publicity.
func (f fixture) objection(s procSpec) goumai.Objection {
	f.t.Helper()
	p := f.inPublicity(s)
	o, err := f.w.svc.FileObjection(context.Background(), f.account(supplier), p.ID, workflow.ObjectionInput{Body: "我公司同样具备失智照护能力，请改为竞争性方式。"})
	if err != nil {
		f.t.Fatalf("objection: %v", err)
	}
	return o
}

// haishuDraft is a 竞争性谈判 of 宁波市海曙区卫生健康局 (330203) in drafting;
// haishuAwaiting the same awaiting the approval of 宁波市财政局.
func (f fixture) haishuDraft() goumai.Procurement {
	f.t.Helper()
	pr := f.approvedOf(haishuAccounts, aboveThreshold)
	p, err := f.w.svc.CreateProcurement(context.Background(), f.account(haishuAccounts.staff), workflow.ProcurementInput{ProjectID: pr.ID,
		Method: goumai.MethodCompetitiveNeg, Reason: goumai.ReasonCannotSpecify})
	if err != nil {
		f.t.Fatalf("create procedure of 330203: %v", err)
	}
	return p
}

func (f fixture) haishuAwaiting() goumai.Procurement {
	f.t.Helper()
	p := f.haishuDraft()
	p, err := f.w.svc.RequestApproval(context.Background(), f.account(haishuAccounts.staff), p.ID, p.Version)
	if err != nil {
		f.t.Fatalf("request approval of 330203: %v", err)
	}
	return p
}

// inPrequal is an invited tender of the spec in its prequalification window.
func (f fixture) inPrequal(s procSpec) goumai.Procurement {
	f.t.Helper()
	p := f.complete(s)
	p, err := f.w.svc.StartPrequal(context.Background(), f.account(s.organiser()), p.ID, workflow.PrequalInput{Version: p.Version})
	if err != nil {
		f.t.Fatalf("prequalification: %v", err)
	}
	return p
}

// prequalApplication is 杭州康宁养老服务有限公司's application to a prequalification of
// the spec whose window has closed: the world's clock is moved past the
// window, the scheduler runs, and the clock is put back (so that the other
// rows' sessions stay valid).
func (f fixture) prequalApplication(s procSpec) goumai.PrequalApplication {
	f.t.Helper()
	ctx := context.Background()
	p := f.inPrequal(s)
	ap, err := f.w.svc.ApplyPrequal(ctx, f.account(supplier), p.ID, workflow.ApplicationInput{Statement: "具备老年人能力评估资质。"})
	if err != nil {
		f.t.Fatalf("apply: %v", err)
	}
	now := f.w.clock.Now()
	f.w.clock.Set(p.NextDue.Add(time.Second))
	_, err = f.w.svc.Tick(ctx)
	f.w.clock.Set(now)
	if err != nil {
		f.t.Fatalf("tick: %v", err)
	}
	return ap
}
