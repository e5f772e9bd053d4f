package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// Demo procedures (组织采购) of 杭州市西湖区民政局, one in each state, written
// with their history through the use cases and as the demo accounts while the
// clock runs from the history's start to the present:
//
//   - 居家养老上门服务 (¥1,800,000), entrusted to 浙江中诚招标代理有限公司: a
//     竞争性磋商 published in the first week, closed at its deadline;
//   - 老年人能力评估服务 (¥500,000): an open tender published, then terminated
//     with a 终止公告;
//   - 养老机构消防安全第三方评估 (¥4,200,000): a 竞争性谈判 at or above the
//     threshold (浙江省's illustrative ¥4,000,000, demo/rules.go), approved by 杭州市财政局 with an opinion, open for responses;
//   - 困境儿童关爱保护服务 (¥600,000): an open tender open for bids, with an
//     更正公告 and two sealed bids (杭州康宁, 浙江之江), when a seal key is set;
//   - 失智老人专业照护服务 (¥4,100,000): single source on the sole-supplier
//     ground, in its 单一来源公示 with an objection answered;
//   - 智慧养老服务平台运营 (¥4,500,000): a 竞争性谈判 awaiting 杭州市财政局's
//     approval (hz.approver's to-do);
//   - 养老服务人才培训 (¥800,000): a 竞争性磋商 being drafted (xihu.minzheng's to-do);
//   - 养老护理员职业技能等级认定服务 (¥600,000): an invited tender (only
//     bodies recognised for skill rating can do it) in its prequalification,
//     with an application;
//   - 养老服务质量第三方评估, 上半年 and 下半年 (¥1,700,000 each): two more
//     竞争性磋商 being drafted, under the same line as the training and the
//     skill rating: together ¥4,800,000, above the threshold — a 化整为零 red
//     flag (ENG-C3).
//   - 独居老人探访关爱服务 (¥400,000): a 竞争性磋商 only two suppliers
//     answered, which goes on with two (ENG-E3: a purchase of services) —
//     a group of three drawn, scored, confirmed and its result published
//     (demo/consultation.go).

// historyDays is how far back the demo world's history starts.
const historyDays = 56

// HistoryClock is a clock the demo loader and LifeCycle may set: goumai.ShiftClock in
// goumai serve and goumai demo, goumai.FakeClock in tests.
type HistoryClock interface {
	Now() time.Time
	Set(time.Time)
}

// historyStart is 09:00 (Asia/Shanghai) of the day historyDays before now.
func historyStart(now time.Time) time.Time {
	d := now.In(goumai.Shanghai).AddDate(0, 0, -historyDays)
	return time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, goumai.Shanghai)
}

// demoLineProcurement is the budget line of the demo procedures' new projects.
const demoLineProcurement = "2026年养老服务体系建设"

// procDocs are the documents of a demo procedure: the application's content
// and conditions, scoring items with quantified rules and per-range scores.
func procDocs(p goumai.Procurement, evaluation goumai.EvaluationMethod) goumai.Documents {
	d := p.Documents
	d.Evaluation = evaluation
	d.Qualifications = []goumai.Qualification{
		{Name: "具有独立承担民事责任的能力", Detail: "提供营业执照或事业单位法人证书、社会组织登记证书"},
		{Name: "具有履行合同所必需的设备和专业技术能力", Detail: "提供服务人员名单及资格证书"},
		{Name: "参加政府采购活动前三年内，在经营活动中没有重大违法记录", Detail: "提供书面声明"},
	}
	d.ContractTerms = "服务期12个月；按季度考核，考核合格后支付当季服务费；考核不合格的，按合同约定扣减服务费。"
	if evaluation == goumai.EvalLowestPrice {
		d.Scoring, d.PriceWeightPct = nil, 0
		return d
	}
	d.PriceWeightPct = 30
	d.Scoring = []goumai.ScoringItem{
		{Name: "价格", Factor: goumai.FactorPrice, Points: 30, Rule: "满足采购文件要求且最后报价最低的为评审基准价，其价格分为满分；其他报价得分=（评审基准价/报价）×30"},
		{Name: "服务方案", Factor: goumai.FactorTechnical, Points: 40, Rule: "服务内容、流程、质量控制措施与采购需求的契合程度",
			Ranges: []goumai.ScoreRange{{Condition: "完全满足且有具体可行的质量控制措施", Points: 40}, {Condition: "基本满足", Points: 25}, {Condition: "部分满足", Points: 10}}},
		{Name: "服务人员持证比例", Factor: goumai.FactorService, Points: 20, Rule: "拟派服务人员中持有相关职业资格证书的比例",
			Ranges: []goumai.ScoreRange{{Condition: "≥90%", Points: 20}, {Condition: "70%（含）–90%", Points: 12}, {Condition: "<70%", Points: 4}}},
		{Name: "应急保障措施", Factor: goumai.FactorService, Points: 10, Rule: "突发情况响应时间承诺",
			Ranges: []goumai.ScoreRange{{Condition: "2小时内到场", Points: 10}, {Condition: "4小时内到场", Points: 6}, {Condition: "其他", Points: 0}}},
	}
	return d
}

// procLoader carries the demo accounts and the history's clock.
type procLoader struct {
	svc    *workflow.Service
	clock  HistoryClock
	actors map[string]goumai.Actor
	orgs   map[string]goumai.Org
	keyIDs map[string]string // the demo suppliers' registered signing keys, by account
}

// timelineStep is one dated step of the demo procedures' history.
type timelineStep struct {
	at   time.Time
	name string
	do   func() error
}

// LoadProcurements writes the demo procedures with their history, starting
// at start and ending at now (the clock is left at the last step, before now).
// It does nothing if 西湖区民政局 already has them (its first, the 居家养老上门服务's
// procedure: the demo year's life cycles have procedures of their own).
func LoadProcurements(ctx context.Context, svc *workflow.Service, clock HistoryClock, start, now time.Time) error {
	l, err := newProcLoader(ctx, svc, clock)
	if err != nil {
		return fmt.Errorf("load demo procurement: %w", err)
	}
	staff := l.actors["xihu.minzheng"]
	if done, err := svc.Store.FindProcurements(ctx, sqlstore.ProcurementFilter{OrgID: staff.Org.ID, Query: "西湖区居家养老上门服务", Limit: 1}); err != nil || len(done) > 0 {
		return err
	}
	approved, err := l.approvedProjects(ctx)
	if err != nil {
		return err
	}
	day := func(n int, hour, minute int) time.Time {
		d := start.AddDate(0, 0, n)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, goumai.Shanghai)
	}
	back := func(n int, hour, minute int) time.Time { // n days before now
		d := now.In(goumai.Shanghai).AddDate(0, 0, -n)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, goumai.Shanghai)
	}
	rerankAt, err := l.rerankDays(ctx, day(32, 9, 0)) // 居家养老上门服务's award changed by a challenge (demo/rerank.go)
	if err != nil {
		return err
	}
	steps := []timelineStep{
		{day(1, 10, 0), "居家养老上门服务", func() error { return l.consultationByAgency(ctx, approved["2026年西湖区居家养老上门服务"]) }},
		{day(3, 10, 0), "老年人能力评估服务", func() error { return l.tenderStart(ctx, approved["2026年西湖区老年人能力评估服务"], 2) }},
		{day(10, 15, 0), "老年人能力评估服务（终止）", func() error { return l.terminate(ctx, approved["2026年西湖区老年人能力评估服务"]) }},
		{day(16, 10, 0), "居家养老上门服务（废标后重新采购）", func() error { return l.retender(ctx, approved["2026年西湖区居家养老上门服务"]) }},
		{day(16, 11, 0), "居家养老上门服务（重新采购：发布）", func() error { return l.republish(ctx, approved["2026年西湖区居家养老上门服务"]) }},
		{day(18, 10, 0), "居家养老上门服务（响应）", func() error { return l.awardBidsOn(ctx, approved["2026年西湖区居家养老上门服务"]) }},
		{day(20, 9, 30), "养老机构消防安全第三方评估（报批）", func() error {
			return l.negotiationRequest(ctx, approved["2026年西湖区养老机构消防安全第三方评估"])
		}},
		{day(22, 14, 0), "养老机构消防安全第三方评估（批复、发布）", func() error {
			return l.negotiationApproveAndPublish(ctx, approved["2026年西湖区养老机构消防安全第三方评估"], now)
		}},
		{day(32, 9, 0), "居家养老上门服务（抽取专家、评审、成交）", func() error { return l.award(ctx, approved["2026年西湖区居家养老上门服务"]) }},
		{rerankAt[0], "居家养老上门服务（质疑成交结果）", func() error { return l.challengeResult(ctx, approved["2026年西湖区居家养老上门服务"]) }},
		{rerankAt[1], "居家养老上门服务（质疑成立，另行确定成交供应商）", func() error { return l.rerankResult(ctx, approved["2026年西湖区居家养老上门服务"]) }},
		{rerankAt[2], "居家养老上门服务（重新确认成交并发布结果公告）", func() error { return l.reconfirm(ctx, approved["2026年西湖区居家养老上门服务"]) }},
		{back(6, 10, 0), "困境儿童关爱保护服务", func() error { return l.tenderStart(ctx, approved["2026年西湖区困境儿童关爱保护服务"], 3) }},
		{back(3, 10, 0), "失智老人专业照护服务", func() error { return l.singleSource(ctx, approved["2026年西湖区失智老人专业照护服务"]) }},
		{back(2, 9, 0), "养老护理员职业技能等级认定服务", func() error {
			return l.prequal(ctx, approved["2026年西湖区养老护理员职业技能等级认定服务"])
		}},
		{back(2, 11, 0), "失智老人专业照护服务（异议）", func() error { return l.objection(ctx, approved["2026年西湖区失智老人专业照护服务"]) }},
		{back(2, 16, 0), "困境儿童关爱保护服务（更正）", func() error { return l.clarify(ctx, approved["2026年西湖区困境儿童关爱保护服务"]) }},
		{back(1, 9, 0), "困境儿童关爱保护服务（投标）", func() error { return l.bids(ctx, approved["2026年西湖区困境儿童关爱保护服务"]) }},
		{back(1, 9, 15), "困境儿童关爱保护服务（质疑）", func() error { return l.challenge(ctx, approved["2026年西湖区困境儿童关爱保护服务"]) }},
		{back(1, 9, 30), "智慧养老服务平台运营", func() error {
			return l.negotiationRequest(ctx, approved["2026年西湖区智慧养老服务平台运营"])
		}},
		{back(1, 10, 30), "养老护理员职业技能等级认定服务（资格预审申请）", func() error {
			return l.apply(ctx, approved["2026年西湖区养老护理员职业技能等级认定服务"])
		}},
		{back(1, 15, 0), "养老服务人才培训", func() error { return l.draft(ctx, approved["2026年西湖区养老服务人才培训"]) }},
		{back(1, 16, 0), "养老服务质量第三方评估（上半年）", func() error {
			return l.draft(ctx, approved["2026年西湖区养老服务质量第三方评估（上半年）"])
		}},
		{back(1, 16, 30), "养老服务质量第三方评估（下半年）", func() error {
			return l.draft(ctx, approved["2026年西湖区养老服务质量第三方评估（下半年）"])
		}},
		{day(11, 10, 0), "独居老人探访关爱服务（磋商）", func() error { return l.consultationTwo(ctx) }},
		{day(13, 10, 0), "独居老人探访关爱服务（两家响应）", func() error { return l.twoResponses(ctx) }},
		{day(25, 9, 0), "独居老人探访关爱服务（两家继续磋商、评审、成交）", func() error { return l.awardTwo(ctx) }},
		{day(30, 10, 0), "独居老人探访关爱服务（签订合同）", func() error { return l.contractTwo(ctx) }},
	}
	steps = append(steps, l.deliveryTimeline(ctx, func(days int) time.Time { return day(30+days, 15, 40) })...)
	// The steps run in time order (appended steps need not sit in it).
	slices.SortStableFunc(steps, func(a, b timelineStep) int { return a.at.Compare(b.at) })
	for _, st := range steps {
		if st.at.After(now) || st.at.Before(clock.Now()) {
			return fmt.Errorf("load demo procurement %s: step at %s is outside the history (%s to %s)", st.name, st.at, clock.Now(), now)
		}
		clock.Set(st.at)
		if _, err := svc.Tick(ctx); err != nil {
			return fmt.Errorf("load demo procurement: tick before %s: %w", st.name, err)
		}
		if err := st.do(); err != nil {
			return fmt.Errorf("load demo procurement %s: %w", st.name, err)
		}
	}
	return nil
}

// newProcLoader reads the demo accounts and suppliers the procedures use.
func newProcLoader(ctx context.Context, svc *workflow.Service, clock HistoryClock) (*procLoader, error) {
	l := &procLoader{svc: svc, clock: clock, actors: map[string]goumai.Actor{}, orgs: map[string]goumai.Org{}}
	for _, u := range []string{"xihu.minzheng", "xihu.minzheng.approver", "xihu.reviewer", "xihu.approver", "agency.zhongcheng", "hz.approver", "supplier.xiyanghong"} {
		a, err := demoActor(ctx, svc.Store, u)
		if err != nil {
			return nil, err
		}
		l.actors[u] = a
	}
	for _, name := range []string{"杭州康宁养老服务有限公司", "杭州市西湖区阳光社会工作服务中心", "杭州安心居家政服务有限公司", "浙江民生调查评估有限公司", "浙江钱塘公共事务咨询有限公司"} {
		os, err := svc.Store.FindOrgs(ctx, sqlstore.OrgFilter{Query: name, Limit: 5})
		if err != nil {
			return nil, err
		}
		for _, o := range os {
			if o.Name == name {
				l.orgs[name] = o
			}
		}
	}
	return l, nil
}

// approvedProjects returns the approved projects of 西湖区民政局 by title,
// after applying for and approving the procedures' new ones on the
// procurement line.
func (l *procLoader) approvedProjects(ctx context.Context) (map[string]goumai.Project, error) {
	staff := l.actors["xihu.minzheng"]
	ls, err := l.svc.Store.FindBudgetLines(ctx, sqlstore.BudgetLineFilter{OrgID: staff.Org.ID, Limit: 100})
	if err != nil {
		return nil, err
	}
	var line int64
	for _, b := range ls {
		if b.Name == demoLineProcurement {
			line = b.ID
		}
	}
	if line == 0 {
		return nil, fmt.Errorf("load demo procurement: no budget line %s (run LoadBudget first)", demoLineProcurement)
	}
	base := demoProjects(l.clock.Now())[0].in
	for _, np := range []struct {
		title, code, content string
		amount               goumai.Fen
		qty                  int64
		unit                 string
	}{
		{"2026年西湖区老年人能力评估服务", "A0101", "对申请居家养老服务补贴的老年人开展能力评估，出具评估报告并录入信息系统。", 500_000_00, 2500, "人次"},
		{"2026年西湖区养老机构消防安全第三方评估", "A0101", "对辖区32家养老机构开展消防安全第三方评估，出具整改建议并跟踪复查。", 4_200_000_00, 32, "家"},
		{"2026年西湖区失智老人专业照护服务", "A0101", "为辖区中重度失智老人提供专业照护床位和日间照料服务。", 4_100_000_00, 60, "张床位"},
		{"2026年西湖区智慧养老服务平台运营", "A0101", "运营区智慧养老服务平台，提供紧急呼叫响应、服务派单和服务质量监测。", 4_500_000_00, 12, "月"},
		{"2026年西湖区养老服务人才培训", "A0101", "为养老护理员开展岗前培训和技能提升培训，组织职业技能等级认定。", 800_000_00, 600, "人"},
		{"2026年西湖区养老服务质量第三方评估（上半年）", "A0101", "对上半年居家和机构养老服务质量开展第三方评估。", 1_700_000_00, 6, "月"},
		{"2026年西湖区养老服务质量第三方评估（下半年）", "A0101", "对下半年居家和机构养老服务质量开展第三方评估。", 1_700_000_00, 6, "月"},
		{"2026年西湖区养老护理员职业技能等级认定服务", "A0101", "组织养老护理员职业技能等级认定的考评和证书管理。", 600_000_00, 800, "人"},
	} {
		in := base
		in.Title, in.CatalogCode, in.Content, in.Amount, in.Quantity, in.QuantityUnit, in.BudgetLineID = np.title, np.code, np.content, np.amount, np.qty, np.unit, line
		p, err := l.svc.CreateProject(ctx, staff, in)
		if err != nil {
			return nil, fmt.Errorf("demo project %s: %w", np.title, err)
		}
		if p, err = l.svc.SubmitProject(ctx, staff, p.ID, p.Version); err != nil {
			return nil, fmt.Errorf("submit demo project %s: %w", np.title, err)
		}
		for _, st := range approveAll {
			d := workflow.Decision{Version: p.Version, Action: st.act, Opinion: st.opinion, NegativeListConfirmed: true}
			if p, err = l.svc.DecideProject(ctx, l.actors[st.user], p.ID, d); err != nil {
				return nil, fmt.Errorf("demo project %s, %s by %s: %w", np.title, st.act, st.user, err)
			}
		}
	}
	ps, err := l.svc.Store.FindProjects(ctx, sqlstore.ProjectFilter{OrgID: staff.Org.ID, Statuses: []goumai.ProjectStatus{goumai.ProjectApproved}, Limit: 100})
	if err != nil {
		return nil, err
	}
	out := map[string]goumai.Project{}
	for _, p := range ps {
		out[p.Title] = p
	}
	return out, nil
}

// procurementOf returns the project's open procedure.
func (l *procLoader) procurementOf(ctx context.Context, pr goumai.Project) (goumai.Procurement, error) {
	ps, err := l.svc.Store.FindProcurements(ctx, sqlstore.ProcurementFilter{ProjectID: pr.ID, Limit: 10})
	if err != nil {
		return goumai.Procurement{}, err
	}
	if len(ps) == 0 {
		return goumai.Procurement{}, fmt.Errorf("no procedure of %s", pr.Title)
	}
	return ps[0], nil
}

// earliest is the earliest lawful deadline of p's method from now at 09:30,
// plus extra days.
func (l *procLoader) earliest(ctx context.Context, p goumai.Procurement, extra int) (time.Time, error) {
	cal, err := l.svc.Store.Calendar(ctx)
	if err != nil {
		return time.Time{}, err
	}
	params, err := l.svc.Store.ParamsAt(ctx, p.Region, rules.Category(p.Category), p.ParamsFrom)
	if err != nil {
		return time.Time{}, err
	}
	now := l.clock.Now()
	kind := goumai.MethodConfigs[p.Method].Period
	e := rules.EarliestDeadline(kind, now, params, cal)
	for extra > 0 {
		e = e.AddDate(0, 0, 1)
		if cal.IsWorkingDay(e) {
			extra--
		}
	}
	deadline := time.Date(e.Year(), e.Month(), e.Day(), 9, 30, 0, 0, goumai.Shanghai)
	// The documents are available until the deadline, at least their
	// working days (ENG-D3): past a long holiday that is the later bound.
	for docs := rules.EarliestDocsUntil(kind, now, params, cal); deadline.Before(docs); {
		deadline = deadline.AddDate(0, 0, 1)
	}
	return deadline, nil
}

// update writes documents, periods and suppliers into a draft.
func (l *procLoader) update(ctx context.Context, a goumai.Actor, p goumai.Procurement, evaluation goumai.EvaluationMethod, deadline time.Time, edit func(*workflow.ProcurementUpdate)) (goumai.Procurement, error) {
	u := workflow.ProcurementUpdate{Version: p.Version, Method: p.Method, Reason: p.Reason, ReasonDetail: p.ReasonDetail,
		SoleSupplierID: p.SoleSupplierID, Invited: p.Invited, Documents: procDocs(p, evaluation),
		Periods: goumai.Periods{DocsUntil: deadline, BidDeadline: deadline}}
	if edit != nil {
		edit(&u)
	}
	return l.svc.UpdateProcurement(ctx, a, p.ID, u)
}

// consultationByAgency: the purchaser entrusts 中诚; the agency publishes a 竞争性磋商.
func (l *procLoader) consultationByAgency(ctx context.Context, pr goumai.Project) error {
	staff, agent := l.actors["xihu.minzheng"], l.actors["agency.zhongcheng"]
	if _, err := l.svc.RecordAgreement(ctx, staff, workflow.AgreementInput{ProjectID: pr.ID, AgencyOrgID: agent.Org.ID,
		Reference: "西民委〔" + l.clock.Now().In(goumai.Shanghai).Format("2006") + "〕1号", Scope: "编制采购文件，组织竞争性磋商，发布采购公告，组织评审。",
		SignedOn: l.clock.Now().In(goumai.Shanghai).Format("2006-01-02")}); err != nil {
		return err
	}
	p, err := l.svc.CreateProcurement(ctx, agent, workflow.ProcurementInput{ProjectID: pr.ID, Method: goumai.MethodConsultation,
		Reason: goumai.ReasonPurchaseOfServices, ReasonDetail: "本项目属于政府购买服务项目（财库〔2014〕214号第三条）。"})
	if err != nil {
		return err
	}
	deadline, err := l.earliest(ctx, p, 2)
	if err != nil {
		return err
	}
	if p, err = l.update(ctx, agent, p, goumai.EvalComprehensive, deadline, nil); err != nil {
		return err
	}
	_, err = l.svc.Publish(ctx, agent, p.ID, p.Version)
	return err
}

// challenge: 浙江之江 challenges the tender's correction notice (质疑, ENG-D8);
// the purchaser has 7 working days to answer, and the result waits for it.
func (l *procLoader) challenge(ctx context.Context, pr goumai.Project) error {
	p, err := l.procurementOf(ctx, pr)
	if err != nil {
		return err
	}
	ns, err := l.svc.Store.Notices(ctx, p.ID)
	if err != nil || len(ns) == 0 {
		return fmt.Errorf("notices of %s: %v", p.Title, err)
	}
	a, err := demoActor(ctx, l.svc.Store, "supplier.zhijiang")
	if err != nil {
		return err
	}
	_, err = l.svc.FileChallenge(ctx, a, p.ID, workflow.ChallengeInput{NoticeID: ns[len(ns)-1].ID,
		Claims: "更正公告将“持证社工不少于8名”改为“不少于12名”，明显超出项目实际需要，构成对中小企业的差别待遇，请求恢复原要求。",
		Facts:  "项目覆盖3个街道、服务对象约160人，按民政部门服务标准每名社工服务20人即可满足（演示）。"})
	return err
}

// retender: the 磋商 that 中诚 ran failed at its opening (no responses,
// ENG-E3); the agency starts it again, its documents copied into a new draft.
func (l *procLoader) retender(ctx context.Context, pr goumai.Project) error {
	p, err := l.procurementOf(ctx, pr)
	if err != nil {
		return err
	}
	if p.Status != goumai.ProcFailed {
		return fmt.Errorf("%s is %s, want failed", p.Title, p.Status)
	}
	_, err = l.svc.FollowUp(ctx, l.actors["agency.zhongcheng"], p.ID, workflow.FollowUpInput{Version: p.Version, Kind: "retender"})
	return err
}

// tenderStart: the purchaser publishes an open tender, extra working days past the minimum.
func (l *procLoader) tenderStart(ctx context.Context, pr goumai.Project, extra int) error {
	staff := l.actors["xihu.minzheng"]
	p, err := l.svc.CreateProcurement(ctx, staff, workflow.ProcurementInput{ProjectID: pr.ID, Method: goumai.MethodOpenTender})
	if err != nil {
		return err
	}
	deadline, err := l.earliest(ctx, p, extra)
	if err != nil {
		return err
	}
	if p, err = l.update(ctx, staff, p, goumai.EvalComprehensive, deadline, nil); err != nil {
		return err
	}
	if _, err := l.svc.PutLot(ctx, staff, p.ID, workflow.LotInput{Version: p.Version, Number: 1, Title: p.Title, Budget: p.Amount,
		Ceiling: p.Amount, BidBond: p.Amount / 100}); err != nil {
		return err
	}
	if p, err = l.procurementOf(ctx, pr); err != nil {
		return err
	}
	_, err = l.svc.Publish(ctx, staff, p.ID, p.Version)
	return err
}

func (l *procLoader) terminate(ctx context.Context, pr goumai.Project) error {
	p, err := l.procurementOf(ctx, pr)
	if err != nil {
		return err
	}
	_, err = l.svc.Terminate(ctx, l.actors["xihu.minzheng"], p.ID, workflow.TerminationInput{Version: p.Version,
		Reason: "因老年人能力评估工作改由省统一组织实施，本项目采购需求发生变化，终止本次采购活动。"})
	return err
}

func (l *procLoader) clarify(ctx context.Context, pr goumai.Project) error {
	p, err := l.procurementOf(ctx, pr)
	if err != nil {
		return err
	}
	d := p.Documents
	d.Requirements += "服务对象名单由采购人在合同签订后5个工作日内提供。"
	_, err = l.svc.Clarify(ctx, l.actors["xihu.minzheng"], p.ID, workflow.Clarification{Version: p.Version, Documents: d,
		Changes: "采购需求第二条补充：服务对象名单由采购人在合同签订后5个工作日内提供。其他内容不变。"})
	return err
}

// negotiationRequest: a 竞争性谈判 at or above the threshold is drafted and sent for approval.
func (l *procLoader) negotiationRequest(ctx context.Context, pr goumai.Project) error {
	staff := l.actors["xihu.minzheng"]
	p, err := l.svc.CreateProcurement(ctx, staff, workflow.ProcurementInput{ProjectID: pr.ID, Method: goumai.MethodCompetitiveNeg,
		Reason: goumai.ReasonCannotSpecify, ReasonDetail: "服务内容需结合各机构现场情况逐一确定，技术复杂，不能事先确定详细规格和具体要求。"})
	if err != nil {
		return err
	}
	deadline, err := l.earliest(ctx, p, 5)
	if err != nil {
		return err
	}
	invited := []int64{l.orgs["浙江民生调查评估有限公司"].ID, l.orgs["浙江钱塘公共事务咨询有限公司"].ID, l.orgs["杭州市西湖区阳光社会工作服务中心"].ID}
	if p, err = l.update(ctx, staff, p, goumai.EvalLowestPrice, deadline, func(u *workflow.ProcurementUpdate) { u.Invited = invited }); err != nil {
		return err
	}
	_, err = l.svc.RequestApproval(ctx, staff, p.ID, p.Version)
	return err
}

func (l *procLoader) negotiationApproveAndPublish(ctx context.Context, pr goumai.Project, now time.Time) error {
	p, err := l.procurementOf(ctx, pr)
	if err != nil {
		return err
	}
	if _, err := l.svc.DecideMethod(ctx, l.actors["hz.approver"], p.ID, workflow.MethodDecisionInput{Approve: true,
		Opinion: "经审核，该项目技术复杂、不能事先确定详细规格，本年度同一预算项目下无以其他方式采购的记录，同意采用竞争性谈判方式采购。"}); err != nil {
		return err
	}
	if p, err = l.procurementOf(ctx, pr); err != nil {
		return err
	}
	deadline := now.AddDate(0, 0, 6)
	deadline = time.Date(deadline.Year(), deadline.Month(), deadline.Day(), 9, 30, 0, 0, goumai.Shanghai)
	staff := l.actors["xihu.minzheng"]
	if p, err = l.update(ctx, staff, p, goumai.EvalLowestPrice, deadline, nil); err != nil {
		return err
	}
	_, err = l.svc.Publish(ctx, staff, p.ID, p.Version)
	return err
}

// singleSource: single source on the sole-supplier ground, published for objections.
func (l *procLoader) singleSource(ctx context.Context, pr goumai.Project) error {
	staff := l.actors["xihu.minzheng"]
	p, err := l.svc.CreateProcurement(ctx, staff, workflow.ProcurementInput{ProjectID: pr.ID, Method: goumai.MethodSingleSource,
		Reason: goumai.ReasonSoleSupplier, ReasonDetail: "杭州康宁养老服务有限公司是辖区内唯一取得失智照护专区资质、具备60张失智照护床位的机构，只能从该单位采购。"})
	if err != nil {
		return err
	}
	if p, err = l.update(ctx, staff, p, goumai.EvalLowestPrice, time.Time{}, func(u *workflow.ProcurementUpdate) {
		u.SoleSupplierID, u.Periods = l.orgs["杭州康宁养老服务有限公司"].ID, goumai.Periods{}
	}); err != nil {
		return err
	}
	_, err = l.svc.StartPublicity(ctx, staff, p.ID, p.Version)
	return err
}

func (l *procLoader) objection(ctx context.Context, pr goumai.Project) error {
	p, err := l.procurementOf(ctx, pr)
	if err != nil {
		return err
	}
	o, err := l.svc.FileObjection(ctx, l.actors["supplier.xiyanghong"], p.ID, workflow.ObjectionInput{
		Body: "我中心已于今年取得失智照护专区资质，具备提供该服务的能力，建议采用竞争性方式采购。"})
	if err != nil {
		return err
	}
	_, err = l.svc.AnswerObjection(ctx, l.actors["xihu.minzheng"], o.ID,
		"经核实，贵中心的失智照护专区在宁波市鄞州区，服务半径不能覆盖西湖区，且床位尚未通过民政部门验收，暂不具备提供本项目服务的条件；公示期满后将报市财政局审批。")
	return err
}

// draft: a procedure started and its documents partly written.
func (l *procLoader) draft(ctx context.Context, pr goumai.Project) error {
	staff := l.actors["xihu.minzheng"]
	p, err := l.svc.CreateProcurement(ctx, staff, workflow.ProcurementInput{ProjectID: pr.ID, Method: goumai.MethodConsultation,
		Reason: goumai.ReasonPurchaseOfServices})
	if err != nil {
		return err
	}
	_, err = l.update(ctx, staff, p, goumai.EvalComprehensive, time.Time{}, func(u *workflow.ProcurementUpdate) { u.Periods = goumai.Periods{} })
	return err
}

// prequal: an invited tender publishes its 资格预审公告.
func (l *procLoader) prequal(ctx context.Context, pr goumai.Project) error {
	staff := l.actors["xihu.minzheng"]
	p, err := l.svc.CreateProcurement(ctx, staff, workflow.ProcurementInput{ProjectID: pr.ID, Method: goumai.MethodInvitedTender,
		Reason: goumai.ReasonRestrictedSupply, ReasonDetail: "职业技能等级认定只能由经人力资源社会保障部门备案的评价机构实施，供应商范围有限。"})
	if err != nil {
		return err
	}
	if p, err = l.update(ctx, staff, p, goumai.EvalComprehensive, time.Time{}, func(u *workflow.ProcurementUpdate) { u.Periods = goumai.Periods{} }); err != nil {
		return err
	}
	_, err = l.svc.StartPrequal(ctx, staff, p.ID, workflow.PrequalInput{Version: p.Version})
	return err
}

// apply: a supplier applies to the prequalification.
func (l *procLoader) apply(ctx context.Context, pr goumai.Project) error {
	p, err := l.procurementOf(ctx, pr)
	if err != nil {
		return err
	}
	_, err = l.svc.ApplyPrequal(ctx, l.actors["supplier.xiyanghong"], p.ID, workflow.ApplicationInput{
		Statement: "本中心为人力资源社会保障部门备案的养老护理员职业技能等级评价机构，具有考评员12名、考场2处。"})
	return err
}
