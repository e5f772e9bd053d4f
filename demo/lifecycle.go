package demo

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// The whole life cycle of one project (issue 10 item 8): LifeCycle takes a
// new project of 西湖区民政局 in a loaded demo world from its application to
// its closure through the use cases, as the demo accounts, while the clock
// moves forward as the rules let it: applied and approved, a 竞争性磋商
// published with the earliest lawful deadline (10 days, ENG-E3), answered by
// 杭州康宁 and 夕阳红, opened at the deadline by the scheduler, a group of
// three drawn, scored, the winner qualified, confirmed and the result
// published (the demo procedures' own steps, demo/consultation.go and
// demo/award.go); the contract signed three working days later with two
// milestones over one month (demo/contracts.go); each milestone delivered
// with its ledger (台账), accepted by a group with a service users'
// representative and paid (demo/delivery.go); the service users answer the
// satisfaction survey and the purchaser publishes its self-evaluation, whose
// grade sets the final payment's deduction; the final payment closes the
// project (ENG-I2). Spec.Stop leaves the project at an earlier stage.

// Stage is how far LifeCycle takes a project.
type Stage int

// The stages of the life cycle, in order.
const (
	StageApplied   Stage = iota + 1 // the application submitted for review
	StageApproved                   // approved by the chain: the budget committed
	StagePublished                  // its 竞争性磋商 published, open for responses
	StageResponses                  // two sealed responses in, before the deadline
	StageAwarded                    // opened, evaluated, qualified, confirmed, the result published
	StageSigned                     // the contract signed by both parties, in force
	StageDelivery                   // the first milestone delivered, accepted and paid
	StageAccepted                   // the last milestone accepted
	StageEvaluated                  // the performance evaluation published: the contract's grade
	StageClosed                     // the final payment recorded, less the grade's deduction: closed
)

// Stages are the stages in order.
var Stages = []Stage{StageApplied, StageApproved, StagePublished, StageResponses, StageAwarded, StageSigned, StageDelivery, StageAccepted, StageEvaluated, StageClosed}

var stageNames = map[Stage]string{StageApplied: "applied", StageApproved: "approved", StagePublished: "published", StageResponses: "responses",
	StageAwarded: "awarded", StageSigned: "signed", StageDelivery: "delivery", StageAccepted: "accepted", StageEvaluated: "evaluated", StageClosed: "closed"}

func (s Stage) String() string { return cmp.Or(stageNames[s], fmt.Sprintf("stage(%d)", int(s))) }

// LifeCycleSpec is the project LifeCycle takes through its life cycle.
type LifeCycleSpec struct {
	Title   string     // unique: the project's title
	Content string     // its content; "": a month of visits to elderly people living alone
	Amount  goumai.Fen // its budget; 0: ¥100,000
	Line    string     // 西湖区民政局's budget line by name; "": the procedures' line
	Stop    Stage      // the last stage; 0: StageClosed
	Score   int        // the self-evaluation's score (0–100) of each indicator but satisfaction; 0: 75 (合格: the final payment loses 10 %)
	// Responders are the suppliers (demo accounts) that respond, each at its
	// usual price; none: 杭州康宁 and 夕阳红 (康宁 wins). With 之江 and
	// 夕阳红, 夕阳红 wins.
	Responders []string
	// PayLate delays the final payment's request by that many calendar days
	// after the last acceptance (0: the next working days): past its legal
	// due date (REQ-C25) when more than the contract's payment term.
	PayLate int
}

// responderBids are the responses LifeCycleSpec.Responders names.
var responderBids = map[string]demoBid{
	"supplier.kangning":   twoResponders[0],
	"supplier.xiyanghong": twoResponders[1],
	"supplier.zhijiang":   {"supplier.zhijiang", 900, "依托信息平台派单探访，志愿者结对，每月出具探访简报。", ""},
}

// LifeCycleResult is the project as LifeCycle left it.
type LifeCycleResult struct {
	Stage       Stage
	Project     goumai.Project
	Procurement goumai.Procurement // from StagePublished
	Contract    goumai.Contract    // from StageSigned
	Evaluation  goumai.PerformanceEvaluation
	Payments    []goumai.PaymentRequest
}

// lifeCycle carries one project through its stages.
type lifeCycle struct {
	l    *procLoader
	spec LifeCycleSpec
	cal  *rules.Calendar
	pr   goumai.Project
	now  time.Time // the time of its last step (the clock may be past it)
	d    *delivery
	res  LifeCycleResult
}

// LifeCycle takes a new project of 西湖区民政局 from its application to
// spec.Stop (its closure by default) through the use cases, moving clock
// forward (it never moves it back). The world must be loaded (Load) and
// svc must have a seal key: the responses are sealed.
func LifeCycle(ctx context.Context, svc *workflow.Service, clock HistoryClock, spec LifeCycleSpec) (LifeCycleResult, error) {
	res, err := LifeCycles(ctx, svc, clock, []LifeCycleSpec{spec})
	if len(res) == 0 {
		return LifeCycleResult{}, err
	}
	return res[0], err
}

// LifeCycles takes several new projects through their life cycles side by
// side, as a purchaser runs its year's projects: each stage of each project
// in turn, every project's steps dated from its own last step (a step whose
// time the clock has passed runs a minute after the clock), so the whole
// takes about as long as its longest life cycle.
func LifeCycles(ctx context.Context, svc *workflow.Service, clock HistoryClock, specs []LifeCycleSpec) ([]LifeCycleResult, error) {
	if svc.Sealer == nil {
		return nil, fmt.Errorf("life cycle: the responses are sealed: the service needs a seal key")
	}
	l, err := newProcLoader(ctx, svc, clock)
	if err != nil {
		return nil, fmt.Errorf("life cycle: %w", err)
	}
	cal, err := svc.Store.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	lcs := make([]*lifeCycle, len(specs))
	for i, spec := range specs {
		spec.Amount, spec.Stop, spec.Score = cmp.Or(spec.Amount, 100_000_00), cmp.Or(spec.Stop, StageClosed), cmp.Or(spec.Score, 75)
		same, err := svc.Store.FindProjects(ctx, sqlstore.ProjectFilter{OrgID: l.actors["xihu.minzheng"].Org.ID, Query: spec.Title, Limit: 100})
		if err != nil {
			return nil, err
		}
		for _, p := range same {
			if p.Title == spec.Title {
				return nil, fmt.Errorf("life cycle %s: the title is taken (project %d)", spec.Title, p.ID)
			}
		}
		for _, o := range specs[:i] {
			if o.Title == spec.Title {
				return nil, fmt.Errorf("life cycle %s: the title is given twice", spec.Title)
			}
		}
		lcs[i] = &lifeCycle{l: l, spec: spec, cal: cal, now: clock.Now()}
	}
	for _, st := range Stages {
		for _, lc := range lcs {
			if lc.res.Stage >= lc.spec.Stop {
				continue
			}
			steps := map[Stage]func(context.Context) error{StageApplied: lc.apply, StageApproved: lc.approve, StagePublished: lc.publish,
				StageResponses: lc.respond, StageAwarded: lc.award, StageSigned: lc.sign, StageDelivery: lc.deliverFirst,
				StageAccepted: lc.acceptLast, StageEvaluated: lc.evaluate, StageClosed: lc.payLast}
			if err := steps[st](ctx); err != nil {
				return results(ctx, lcs), fmt.Errorf("life cycle %s, %s: %w", lc.spec.Title, st, err)
			}
			lc.res.Stage = st
		}
	}
	out := make([]LifeCycleResult, len(lcs))
	for i, lc := range lcs {
		if out[i], err = lc.result(ctx); err != nil {
			return out, err
		}
	}
	return out, nil
}

// results reads the projects as they are, after a failure.
func results(ctx context.Context, lcs []*lifeCycle) []LifeCycleResult {
	out := make([]LifeCycleResult, len(lcs))
	for i, lc := range lcs {
		out[i], _ = lc.result(ctx)
	}
	return out
}

// at moves the clock forward to t (or a minute on, if it is already past
// t: another project's step ran meanwhile) and lets the scheduler run, as it
// would have meanwhile. The project's next steps are dated from then.
func (lc *lifeCycle) at(ctx context.Context, t time.Time) error {
	if now := lc.l.clock.Now(); !t.After(now) {
		t = now.Add(time.Minute)
	}
	lc.now = t
	lc.l.clock.Set(t)
	_, err := lc.l.svc.Tick(ctx)
	return err
}

// workday is hh:mm of the n-th working day after the day of the project's last step.
func (lc *lifeCycle) workday(n, hour, minute int) time.Time {
	d := lc.cal.AddWorkingDays(lc.now, n).In(goumai.Shanghai)
	return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, goumai.Shanghai)
}

func (lc *lifeCycle) apply(ctx context.Context) error {
	if err := lc.at(ctx, lc.workday(1, 9, 0)); err != nil {
		return err
	}
	var err error
	lc.pr, err = applyProject(ctx, lc.l.svc, NewProject{Line: lc.spec.Line, Title: lc.spec.Title, Amount: lc.spec.Amount, TermMonths: 1,
		Content:  cmp.Or(lc.spec.Content, "为辖区独居、空巢老人提供为期一个月的上门探访、电话问候和应急联络服务（演示：完整生命周期）。"),
		Quantity: int64(lc.spec.Amount / 80_00), Unit: "人次"}) // ¥80 a visit, under the district's unit-cost standard
	return err
}

func (lc *lifeCycle) approve(ctx context.Context) error {
	if err := lc.at(ctx, lc.workday(1, 10, 0)); err != nil {
		return err
	}
	var err error
	lc.pr, err = approveProject(ctx, lc.l.svc, lc.pr)
	return err
}

func (lc *lifeCycle) publish(ctx context.Context) error {
	if err := lc.at(ctx, lc.workday(1, 10, 0)); err != nil {
		return err
	}
	return lc.l.consultation(ctx, lc.pr)
}

// respond: two working days after the publication, 杭州康宁 and 夕阳红 respond.
func (lc *lifeCycle) respond(ctx context.Context) error {
	if err := lc.at(ctx, lc.workday(2, 10, 0)); err != nil {
		return err
	}
	bids := twoResponders
	if len(lc.spec.Responders) > 0 {
		bids = nil
		for _, acct := range lc.spec.Responders {
			b, ok := responderBids[acct]
			if !ok {
				return fmt.Errorf("no demo response of %s", acct)
			}
			bids = append(bids, b)
		}
	}
	return lc.l.submitAll(ctx, lc.pr, bids)
}

// award: half an hour after the deadline (the scheduler has opened the
// responses) the panel is drawn; it evaluates the next working day, the
// purchaser confirms the day after and the result is published.
func (lc *lifeCycle) award(ctx context.Context) error {
	p, err := lc.l.procurementOf(ctx, lc.pr)
	if err != nil {
		return err
	}
	if err := lc.at(ctx, p.Periods.BidDeadline.Add(30*time.Minute)); err != nil {
		return err
	}
	if err := lc.l.award(ctx, lc.pr); err != nil {
		return err
	}
	if p, err = lc.l.procurementOf(ctx, lc.pr); err != nil {
		return err
	}
	if p.Status != goumai.ProcAwarded {
		return fmt.Errorf("%s is %s, want awarded", p.Title, p.Status)
	}
	return nil
}

// sign: three working days after the result, the contract of one month in
// two halves is drawn up and signed.
func (lc *lifeCycle) sign(ctx context.Context) error {
	if err := lc.at(ctx, lc.workday(3, 10, 0)); err != nil {
		return err
	}
	if _, err := lc.l.contract(ctx, lc.pr, halves); err != nil {
		return err
	}
	var err error
	lc.d, err = lc.l.deliveryOf(ctx, lc.pr)
	return err
}

// halves splits a contract into two milestones: the first half-month and
// the rest of the term, half the amount each.
func halves(c goumai.Contract) []goumai.MilestoneInput {
	start, err := time.Parse(time.DateOnly, c.StartOn)
	if err != nil {
		return nil
	}
	first := c.Amount / 2
	return []goumai.MilestoneInput{
		{Title: "上半月探访服务", Deliverables: "探访对象档案、探访台账和首轮上门探访记录", DueOn: start.AddDate(0, 0, 14).Format(time.DateOnly), Amount: first},
		{Title: "下半月探访服务及结项", Deliverables: "探访台账、服务总结和满意度调查报告", DueOn: c.EndOn, Amount: c.Amount - first},
	}
}

// run runs delivery steps of milestone m, each at 15:40 of its day after the
// signing (shifted), or on the next working days when onDays is false.
func (lc *lifeCycle) run(ctx context.Context, m, shift int, steps []deliveryStep, onDays bool) error {
	d := lc.d
	d.m, d.shift = m, shift
	for _, st := range steps {
		if m > 0 && st.name == "投诉" { // one complaint is enough
			continue
		}
		at := lc.workday(1, 15, 40)
		if onDays {
			signed := d.c.SignedAt.In(goumai.Shanghai).AddDate(0, 0, st.days+shift)
			at = time.Date(signed.Year(), signed.Month(), signed.Day(), 15, 40, 0, 0, goumai.Shanghai)
		}
		if err := lc.at(ctx, at); err != nil {
			return err
		}
		var err error
		if d.c, err = lc.l.svc.Store.Contract(ctx, d.c.ID); err != nil {
			return err
		}
		if err := st.do(ctx, d); err != nil {
			return fmt.Errorf("%s: %w", st.name, err)
		}
	}
	return nil
}

// deliverFirst: the first milestone delivered, accepted and paid.
func (lc *lifeCycle) deliverFirst(ctx context.Context) error {
	return lc.run(ctx, 0, 0, deliverySteps, true)
}

// acceptLast: the second milestone delivered and accepted, sixteen days later.
func (lc *lifeCycle) acceptLast(ctx context.Context) error {
	return lc.run(ctx, len(lc.d.c.Milestones)-1, 16, acceptanceSteps, true)
}

// payLast: the final payment requested, approved and recorded on the next
// working days, less the grade's deduction; the project closes with it.
func (lc *lifeCycle) payLast(ctx context.Context) error {
	if lc.spec.PayLate > 0 {
		if err := lc.at(ctx, lc.now.AddDate(0, 0, lc.spec.PayLate)); err != nil {
			return err
		}
	}
	if err := lc.run(ctx, len(lc.d.c.Milestones)-1, 0, paymentSteps, false); err != nil {
		return err
	}
	pr, err := lc.l.svc.Store.Project(ctx, lc.pr.ID)
	if err != nil {
		return err
	}
	if pr.Status != goumai.ProjectClosed {
		return fmt.Errorf("the final payment left the project %s", pr.Status)
	}
	return nil
}

// surveyAnswers are the service users' ratings (1–5, one per question) and comments.
var surveyAnswers = []struct {
	ratings []int
	comment string
}{
	{[]int{5, 4, 5, 4}, "社工每周都来，很贴心。"},
	{[]int{4, 4, 4, 5}, "电话问候很及时。"},
	{[]int{4, 3, 4, 4}, "希望探访时间能固定一些。"},
	{[]int{5, 5, 4, 4}, ""},
}

// evaluate: the next working day the purchaser hands out survey codes at
// the service point and four service users answer through the day; two
// working days later its staff score the self-evaluation (satisfaction
// from the survey) and publish it: the contract's grade.
func (lc *lifeCycle) evaluate(ctx context.Context) error {
	svc, staff, c := lc.l.svc, lc.l.actors["xihu.minzheng"], lc.d.c
	if err := lc.at(ctx, lc.workday(1, 9, 30)); err != nil {
		return err
	}
	codes, err := svc.IssueSurveyCodes(ctx, staff, c.ID, len(surveyAnswers))
	if err != nil {
		return fmt.Errorf("survey codes: %w", err)
	}
	for i, a := range surveyAnswers {
		lc.l.clock.Set(lc.l.clock.Now().Add(time.Duration(50+i*7) * time.Minute))
		ratings := make([]int, len(goumai.SurveyQuestions))
		for q := range ratings {
			ratings[q] = a.ratings[q%len(a.ratings)]
		}
		if _, err := svc.SubmitSurvey(ctx, workflow.SurveyInput{Code: codes[i], Ratings: ratings, Comment: a.comment}, fmt.Sprintf("198.51.100.%d", 10+i)); err != nil {
			return fmt.Errorf("survey answer %d: %w", i, err)
		}
	}
	if err := lc.at(ctx, lc.workday(2, 10, 0)); err != nil {
		return err
	}
	v, err := svc.ContractPerformance(ctx, staff, c.ID)
	if err != nil {
		return err
	}
	for _, r := range v.Responses { // a flagged answer is reviewed: these are the service users' own
		if len(r.Flags) > 0 && r.ReviewedAt == nil {
			if _, err := svc.ReviewSurveyResponse(ctx, staff, r.ID, workflow.SurveyReviewInput{Note: "经回访核实为服务对象本人作答，予以保留。"}); err != nil {
				return err
			}
		}
	}
	e, err := svc.StartEvaluation(ctx, staff, c.ID, workflow.EvaluationInput{Kind: goumai.EvalSelf})
	if err != nil {
		return fmt.Errorf("start: %w", err)
	}
	for i := range e.Indicators {
		if e.Indicators[i].Category != goumai.CategorySatisfaction {
			score := lc.spec.Score
			e.Indicators[i].Score, e.Indicators[i].Evidence = &score, "探访台账、验收单和服务记录抽查"
		}
	}
	if e, err = svc.UpdateEvaluation(ctx, staff, e.ID, workflow.EvaluationInput{Version: e.Version, Indicators: e.Indicators,
		Summary: "服务按合同约定完成，探访频次和台账基本达标，部分探访时间不固定。"}); err != nil {
		return fmt.Errorf("score: %w", err)
	}
	lc.l.clock.Set(lc.l.clock.Now().Add(2 * time.Hour))
	if lc.res.Evaluation, err = svc.PublishEvaluation(ctx, staff, e.ID, e.Version); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return nil
}

// result reads the project, its procedure, contract and payments as they are.
func (lc *lifeCycle) result(ctx context.Context) (LifeCycleResult, error) {
	s := lc.l.svc.Store
	res := lc.res
	if lc.pr.ID == 0 {
		return res, nil
	}
	var err error
	if res.Project, err = s.Project(ctx, lc.pr.ID); err != nil {
		return res, err
	}
	if res.Stage < StagePublished {
		return res, nil
	}
	if res.Procurement, err = lc.l.procurementOf(ctx, lc.pr); err != nil {
		return res, err
	}
	if lc.d == nil {
		return res, nil
	}
	if res.Contract, err = s.Contract(ctx, lc.d.c.ID); err != nil {
		return res, err
	}
	res.Payments, err = s.ContractPayments(ctx, lc.d.c.ID)
	return res, err
}
