package demo

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/workflow"
)

// The demo's year of progress reports, work plans and trainings (issue 13
// item 6): 浙江's county and city finance departments report each quarter
// and each year to the level above, and 浙江省财政厅 to the Ministry of
// Finance — the counties' reports reviewed by their city, some returned with
// 意见 and filed again, most accepted; 鄞州区's last quarter left overdue as
// a draft —, 浙江, 杭州, 宁波 and 西湖区 publish work plans with milestones
// read from the statistics (余杭区's still a draft), and the trainings
// announced at the year's start record their registrants' attendance on
// their first day. 浙江省财政厅 sends 督办 notices to 宁波市, which lags
// (one answered and closed, one answered and returned with 意见, one
// unanswered and overdue), and 宁波市 one to 鄞州区 about its overdue report
// (answered, awaiting its closing). Everything goes through the use cases
// as the demo accounts, each step at its own date: the steps are dated on a
// calendar clock (progressClock) that runs each one when the loaders of the
// year and of the procedures move the clock past its date.

// dated is one dated step of the demo's progress calendar.
type dated struct {
	at   time.Time
	name string
	do   func(context.Context) error
}

// progressClock is the loaders' clock with a calendar of dated steps: each
// Set first runs the steps dated up to the new time, each at its own date.
// The first failure is kept (Err) and the later steps are skipped.
type progressClock struct {
	HistoryClock
	ctx   context.Context
	steps []dated
	err   error
}

// Set runs the steps dated up to t, then moves the clock to t.
func (c *progressClock) Set(t time.Time) {
	c.runUntil(t)
	c.HistoryClock.Set(t)
}

// runUntil runs, in time order, the steps dated at or before t.
func (c *progressClock) runUntil(t time.Time) {
	for len(c.steps) > 0 && !c.steps[0].at.After(t) {
		st := c.steps[0]
		c.steps = c.steps[1:]
		if c.err != nil {
			continue
		}
		if st.at.After(c.HistoryClock.Now()) {
			c.HistoryClock.Set(st.at)
		}
		if err := st.do(c.ctx); err != nil {
			c.err = fmt.Errorf("load demo progress: %s: %w", st.name, err)
		}
	}
}

// finish runs the steps dated before end and returns the first failure.
func (c *progressClock) finish(end time.Time) error {
	c.runUntil(end)
	return c.err
}

// add schedules steps dated after the clock's time and before end; the
// others are dropped (their date is outside the history).
func (c *progressClock) add(end time.Time, steps ...dated) {
	now := c.HistoryClock.Now()
	for _, st := range steps {
		if st.at.After(now) && st.at.Before(end) {
			c.steps = append(c.steps, st)
		}
	}
	slices.SortStableFunc(c.steps, func(a, b dated) int { return a.at.Compare(b.at) })
}

// reportingDept is a finance department that files reports: its account
// prefix (prefix.reviewer files, prefix.approver reviews its children's).
type reportingDept struct {
	prefix, name, region, parent string
}

// reportingDepts lists 浙江's finance departments, counties first.
var reportingDepts = []reportingDept{
	{"xihu", "西湖区", RegionXihu, "hz"},
	{"yuhang", "余杭区", RegionYuhang, "hz"},
	{"haishu", "海曙区", RegionHaishu, "nb"},
	{"yinzhou", "鄞州区", RegionYinzhou, "nb"},
	{"hz", "杭州市", RegionHangzhou, "zj"},
	{"nb", "宁波市", RegionNingbo, "zj"},
	{"zj", "浙江省", RegionZhejiang, "mof"},
}

// reportPeriod is one period the demo's departments report on.
type reportPeriod struct {
	kind   goumai.ReportKind
	period string
	end    time.Time
	index  int // its rank among the periods, to vary who is returned
}

// reportPeriods lists the quarters and years ended after from and before
// now (quarters from the one before from's).
func reportPeriods(from, now time.Time) []reportPeriod {
	var out []reportPeriod
	f := from.In(goumai.Shanghai)
	y, q := f.Year(), (int(f.Month())-1)/3 // the quarter before from's: index q-1 of year y
	if q == 0 {
		y, q = y-1, 4
	}
	for i := 0; ; i++ {
		name := fmt.Sprintf("%04d-Q%d", y, q)
		p, _ := goumai.ReportPeriod(goumai.ReportQuarterly, name)
		end := goumai.PeriodEnd(p)
		if !end.Before(now) {
			break
		}
		out = append(out, reportPeriod{goumai.ReportQuarterly, name, end, len(out)})
		if q == 4 {
			yp, _ := goumai.ReportPeriod(goumai.ReportAnnual, strconv.Itoa(y))
			out = append(out, reportPeriod{goumai.ReportAnnual, strconv.Itoa(y), goumai.PeriodEnd(yp), len(out)})
			y, q = y+1, 1
		} else {
			q++
		}
	}
	return out
}

// progressLoader writes the demo's reports, plans and attendance.
type progressLoader struct {
	svc    *workflow.Service
	cal    *rules.Calendar
	actors map[string]goumai.Actor
	drafts map[string]goumai.WorkReport // by region/kind/period
}

func (l *progressLoader) actor(ctx context.Context, username string) (goumai.Actor, error) {
	if a, ok := l.actors[username]; ok {
		return a, nil
	}
	a, err := demoActor(ctx, l.svc.Store, username)
	if err == nil {
		l.actors[username] = a
	}
	return a, err
}

// scheduleProgress puts the demo's year of reports and the trainings'
// attendance on c's calendar, from its time to now, and publishes the work
// plans at once (at the year's start).
func scheduleProgress(ctx context.Context, svc *workflow.Service, c *progressClock, now time.Time) error {
	cal, err := svc.Store.Calendar(ctx)
	if err != nil {
		return err
	}
	l := &progressLoader{svc: svc, cal: cal, actors: map[string]goumai.Actor{}, drafts: map[string]goumai.WorkReport{}}
	if have, err := svc.Store.WorkReportsOf(ctx, RegionZhejiang, 1); err != nil || len(have) > 0 {
		return err // loaded before
	}
	if err := l.plans(ctx, c.HistoryClock.Now()); err != nil {
		return err
	}
	periods := reportPeriods(c.HistoryClock.Now(), now)
	// 鄞州区's last quarter due before now stays a draft: overdue.
	overdue := ""
	for _, p := range periods {
		if p.kind == goumai.ReportQuarterly && p.end.AddDate(0, 0, 15).Before(now) {
			overdue = p.period
		}
	}
	for _, p := range periods {
		// A period's steps depend on its drafts: all or none of them.
		if steps := l.reportSteps(p, overdue, c.HistoryClock.Now()); steps[0].at.After(c.HistoryClock.Now()) {
			c.add(now, steps...)
		}
	}
	steps, err := l.attendance(ctx)
	if err != nil {
		return err
	}
	c.add(now, steps...)
	// The 督办 notices' steps depend on each other: all or none of them.
	if steps := l.dubanSteps(now); steps[0].at.After(c.HistoryClock.Now()) {
		c.add(now, steps...)
	}
	return nil
}

// workday is hh:mm of the n-th working day after t.
func (l *progressLoader) workday(t time.Time, n, hour, minute int) time.Time {
	d := l.cal.AddWorkingDays(t, n).In(goumai.Shanghai)
	return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, goumai.Shanghai)
}

func reportKey(region string, p reportPeriod) string {
	return region + "/" + string(p.kind) + "/" + p.period
}

// reportText is a department's narrative for a period (illustrative).
func reportText(d reportingDept, p reportPeriod, redo bool) workflow.WorkReportText {
	span := p.period + "年度"
	if p.kind == goumai.ReportQuarterly {
		span = p.period[:4] + "年第" + p.period[6:] + "季度"
	}
	t := workflow.WorkReportText{
		NewSituations: fmt.Sprintf("%s%s政府购买服务工作进展：按指导性目录组织购买居家养老、社区治理等服务，项目信息在中国政府采购网浙江分网公开；本期新签合同和履约验收情况见所附统计。（演示数据）", d.name, span),
		MajorProblems: "部分购买主体绩效评价报告提交不及时；个别项目仅一家供应商响应，竞争不充分。（演示数据）",
		Suggestions:   "建议上级财政部门细化居家养老服务成本测算标准，并加强对基层财政部门的业务培训。（演示数据）",
	}
	if redo {
		t.MajorProblems += "\n按上级意见补充：已逐项核对未按时评价的项目，列出整改时限和责任单位。"
	}
	return t
}

// reportSteps are one period's steps: the drafts on the first working day
// after it; the counties file on the second; the cities return one of
// them with 意见 (it is refiled) and accept the others, then file their
// own; the province accepts the cities' and files; the Ministry accepts it
// (an annual report after returning it once). Annual reports run eight
// working days after the quarter's of the same end. A period ended just
// before the world was created runs from its creation.
func (l *progressLoader) reportSteps(p reportPeriod, overdue string, created time.Time) []dated {
	base := p.end
	if p.kind == goumai.ReportAnnual {
		base = l.workday(p.end, 8, 0, 0)
	}
	if !l.workday(base, 1, 9, 30).After(created) {
		base = created // a period ended just before the world: its steps start the next working day
	}
	day := func(n, h, m int) time.Time { return l.workday(base, n, h, m) }
	label := string(p.kind) + " " + p.period
	var steps []dated
	step := func(at time.Time, what string, do func(context.Context) error) {
		steps = append(steps, dated{at: at, name: label + " " + what, do: do})
	}
	// The county (or city) of each parent returned this period.
	returned := map[string]string{"hz": "", "nb": "", "zj": "", "mof": ""}
	switch p.index % 3 {
	case 0:
		returned["hz"] = RegionXihu
	case 1:
		returned["nb"] = RegionHaishu
	case 2:
		returned["hz"], returned["zj"] = RegionYuhang, RegionNingbo
	}
	if p.kind == goumai.ReportAnnual {
		returned["mof"] = RegionZhejiang
	}
	level := func(parent string) int { // the day a level files: counties 2, cities 4, province 6
		switch parent {
		case "hz", "nb":
			return 2
		case "zj":
			return 4
		}
		return 6
	}
	for i, d := range reportingDepts {
		skip := d.region == RegionYinzhou && p.period == overdue
		f := level(d.parent)
		step(day(1, 9, 30+i), d.name+"起草", func(ctx context.Context) error { return l.draft(ctx, d, p) })
		if skip {
			continue
		}
		step(day(f, 10, i), d.name+"报送", func(ctx context.Context) error { return l.file(ctx, d, p) })
		if returned[d.parent] == d.region {
			step(day(f+1, 9, i), d.name+"被退回", func(ctx context.Context) error {
				return l.review(ctx, d, p, "return", "请补充本期未按时开展绩效评价的项目清单及整改措施后重新报送。")
			})
			step(day(f+1, 14, i), d.name+"修改后重新报送", func(ctx context.Context) error {
				if err := l.edit(ctx, d, p); err != nil {
					return err
				}
				return l.file(ctx, d, p)
			})
			step(day(f+2, 9, i), d.name+"采纳", func(ctx context.Context) error {
				return l.review(ctx, d, p, "accept", "已按意见补充，予以采纳。")
			})
			continue
		}
		step(day(f+1, 10, 30+i), d.name+"采纳", func(ctx context.Context) error { return l.review(ctx, d, p, "accept", "") })
	}
	return steps
}

func (l *progressLoader) draft(ctx context.Context, d reportingDept, p reportPeriod) error {
	a, err := l.actor(ctx, d.prefix+".reviewer")
	if err != nil {
		return err
	}
	r, err := l.svc.DraftWorkReport(ctx, a, workflow.WorkReportInput{Region: d.region, Kind: p.kind, Period: p.period, WorkReportText: reportText(d, p, false)})
	l.drafts[reportKey(d.region, p)] = r
	return err
}

// act runs do as username on d's report of p, read afresh.
func (l *progressLoader) act(ctx context.Context, d reportingDept, p reportPeriod, username string, do func(goumai.Actor, goumai.WorkReport) error) error {
	a, err := l.actor(ctx, username)
	if err != nil {
		return err
	}
	r, ok := l.drafts[reportKey(d.region, p)]
	if !ok {
		return fmt.Errorf("no draft of %s", d.name)
	}
	if r, err = l.svc.Store.WorkReport(ctx, r.ID); err != nil {
		return err
	}
	return do(a, r)
}

func (l *progressLoader) file(ctx context.Context, d reportingDept, p reportPeriod) error {
	return l.act(ctx, d, p, d.prefix+".reviewer", func(a goumai.Actor, r goumai.WorkReport) error {
		_, err := l.svc.FileWorkReport(ctx, a, r.ID, r.Version)
		return err
	})
}

func (l *progressLoader) edit(ctx context.Context, d reportingDept, p reportPeriod) error {
	return l.act(ctx, d, p, d.prefix+".reviewer", func(a goumai.Actor, r goumai.WorkReport) error {
		_, err := l.svc.EditWorkReport(ctx, a, r.ID, workflow.WorkReportEditInput{Version: r.Version, WorkReportText: reportText(d, p, true)})
		return err
	})
}

func (l *progressLoader) review(ctx context.Context, d reportingDept, p reportPeriod, action, opinion string) error {
	return l.act(ctx, d, p, d.parent+".approver", func(a goumai.Actor, r goumai.WorkReport) error {
		_, err := l.svc.ReviewWorkReport(ctx, a, r.ID, workflow.WorkReportDecision{Version: r.Version, Action: action, Opinion: opinion})
		return err
	})
}

// demoPlan is a work plan of the demo.
type demoPlan struct {
	user, region, title string
	publish             bool
}

// plans publishes the work plans of 浙江, 杭州, 宁波 and 西湖区 for the
// year of at, with milestones at mid-year and year's end; 余杭区's stays a
// draft.
func (l *progressLoader) plans(ctx context.Context, at time.Time) error {
	y := at.In(goumai.Shanghai).Year()
	for _, p := range []demoPlan{
		{"zj.reviewer", RegionZhejiang, "浙江省政府购买服务工作计划和实施方案", true},
		{"hz.reviewer", RegionHangzhou, "杭州市政府购买服务工作计划和实施方案", true},
		{"nb.reviewer", RegionNingbo, "宁波市政府购买服务工作计划和实施方案", true},
		{"xihu.reviewer", RegionXihu, "西湖区政府购买服务工作计划和实施方案", true},
		{"yuhang.reviewer", RegionYuhang, "余杭区政府购买服务工作计划和实施方案（征求意见稿）", false},
	} {
		a, err := l.actor(ctx, p.user)
		if err != nil {
			return err
		}
		mid, end := fmt.Sprintf("%d-06-30", y), fmt.Sprintf("%d-12-31", y)
		in := workflow.WorkPlanInput{Region: p.region, Title: fmt.Sprintf("%d年%s（演示）", y, p.title), Start: fmt.Sprintf("%d-01", y),
			Body: "一、工作目标：全面实施指导性目录管理，扩大政府购买服务范围，提高竞争性。\n二、主要任务：编制和公开年度购买服务目录；规范承接主体选择；开展绩效评价；推进事业单位改革中的费随事转。\n三、保障措施：加强培训宣传，按季度向上级报送工作进展情况。（演示数据）",
			Milestones: []goumai.PlanMilestone{
				{Title: "上半年批准购买服务项目", Metric: goumai.MetricProjects, Target: 5, DueOn: mid},
				{Title: "全年签订购买服务合同", Metric: goumai.MetricContracts, Target: 8, DueOn: end},
				{Title: "全年签订合同金额", Metric: goumai.MetricContractAmount, Target: 1_000_000_00, DueOn: end},
				{Title: "按指导性目录购买的项目占比", Metric: goumai.MetricCatalogueShare, Target: 90, DueOn: end},
				{Title: "仅一家投标的包占比不超过", Metric: goumai.MetricSingleBidderRate, Target: 20, DueOn: end},
			}}
		plan, err := l.svc.DraftWorkPlan(ctx, a, in)
		if err != nil {
			return fmt.Errorf("load demo plans: %s: %w", p.title, err)
		}
		if p.publish {
			if _, err := l.svc.PublishWorkPlan(ctx, a, plan.ID, plan.Version); err != nil {
				return fmt.Errorf("load demo plans: publish %s: %w", p.title, err)
			}
		}
	}
	return nil
}

// attendance dates the organisers' record of attendance on each demo
// training's first day, 16:00: every registrant but the last of each
// training with more than one attended.
func (l *progressLoader) attendance(ctx context.Context) ([]dated, error) {
	var steps []dated
	for _, org := range []struct{ user, region string }{{"zj.admin", RegionZhejiang}, {"hz.admin", RegionHangzhou}, {"nb.admin", RegionNingbo}, {"xihu.admin", RegionXihu}} {
		ts, err := l.svc.Store.TrainingsFor(ctx, org.region)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			if t.Region != org.region {
				continue
			}
			regs, err := l.svc.Store.TrainingRegistrations(ctx, t.ID)
			if err != nil {
				return nil, err
			}
			day, err := time.ParseInLocation(time.DateOnly, t.StartsOn, goumai.Shanghai)
			if err != nil {
				return nil, err
			}
			for i, r := range regs {
				if len(regs) > 1 && i == len(regs)-1 {
					break // one registrant did not come
				}
				id, user, by := t.ID, r.UserID, org.user
				steps = append(steps, dated{at: day.Add(16*time.Hour + time.Duration(i)*time.Minute), name: t.Title + " 出勤", do: func(ctx context.Context) error {
					a, err := l.actor(ctx, by)
					if err != nil {
						return err
					}
					_, err = l.svc.RecordAttendance(ctx, a, id, user)
					return err
				}})
			}
		}
	}
	return steps, nil
}

// demoDuban is a 督办 notice of the demo: issued by the issuer's account
// issued working days before now with its deadline in days; answered
// (answered > 0: that many working days before now) by the region's
// account; then closed or returned with 意见 (decided > 0) by the issuer's.
type demoDuban struct {
	issuer, answerer, region, text string
	days, issued, answered         int
	answer                         string
	decision, opinion              string
	decided                        int
}

// demoDubans are 浙江省财政厅's notices to 宁波市 — one closed, one returned
// (its deadline not yet passed), one overdue — and 宁波市's to 鄞州区.
var demoDubans = []demoDuban{
	{issuer: "zj.approver", answerer: "nb.reviewer", region: RegionNingbo, days: 10, issued: 28, answered: 24, decided: 22, decision: "close",
		text:    "你市本季度政府购买服务项目信息按时公开率低于全省平均水平，请对照《政府采购信息发布管理办法》逐项核查未按时公开的项目，10个工作日内报送整改情况。（演示数据）",
		answer:  "已逐项核查，涉及鄞州区、海曙区 6 个项目，均已补充公开；已要求各区指定专人负责信息发布，每周核对一次。（演示数据）",
		opinion: "整改到位，予以办结。请保持按时公开，纳入下季度合规评价。"},
	{issuer: "zj.approver", answerer: "nb.reviewer", region: RegionNingbo, days: 15, issued: 12, answered: 6, decided: 4, decision: "return",
		text:    "你市已验收项目的绩效评价覆盖率偏低，请说明原因并提出提高覆盖率的措施。（演示数据）",
		answer:  "主要原因是部分购买主体对绩效评价要求不熟悉。（演示数据）",
		opinion: "答复过于简单：请列出未开展评价的项目清单、责任单位和完成时限后重新答复。"},
	{issuer: "zj.approver", answerer: "nb.reviewer", region: RegionNingbo, days: 10, issued: 20,
		text: "你市按指导性目录购买服务的比例未达到年度工作计划目标，请分析原因并报送整改方案。（演示数据）"},
	{issuer: "nb.approver", answerer: "yinzhou.reviewer", region: RegionYinzhou, days: 10, issued: 15, answered: 9,
		text:   "你区上季度政府购买服务工作进展情况报告逾期未报送，请说明原因并尽快报送。（演示数据）",
		answer: "因区内项目统计口径调整延误，报告已完成初稿，正在补充绩效评价情况，将于本周内报送。（演示数据）"},
}

// dubanSteps are the demo notices' steps, dated back from now in working days.
func (l *progressLoader) dubanSteps(now time.Time) []dated {
	var steps []dated
	for i, n := range demoDubans {
		n, id := n, new(int64)
		label := fmt.Sprintf("督办 %d ", i+1)
		steps = append(steps, dated{at: l.workday(now, -n.issued, 10, i), name: label + "发出", do: func(ctx context.Context) error {
			a, err := l.actor(ctx, n.issuer)
			if err != nil {
				return err
			}
			d, err := l.svc.IssueDuban(ctx, a, workflow.DubanInput{Region: n.region, Text: n.text, Days: n.days})
			*id = d.ID
			return err
		}})
		if n.answered > 0 {
			steps = append(steps, dated{at: l.workday(now, -n.answered, 15, i), name: label + "答复", do: func(ctx context.Context) error {
				return l.duban(ctx, n.answerer, *id, func(a goumai.Actor, d goumai.Duban) error {
					_, err := l.svc.AnswerDuban(ctx, a, d.ID, d.Version, n.answer)
					return err
				})
			}})
		}
		if n.decided > 0 {
			steps = append(steps, dated{at: l.workday(now, -n.decided, 10, 30+i), name: label + n.decision, do: func(ctx context.Context) error {
				return l.duban(ctx, n.issuer, *id, func(a goumai.Actor, d goumai.Duban) error {
					_, err := l.svc.DecideDuban(ctx, a, d.ID, workflow.DubanDecision{Version: d.Version, Action: n.decision, Opinion: n.opinion})
					return err
				})
			}})
		}
	}
	slices.SortStableFunc(steps, func(a, b dated) int { return a.at.Compare(b.at) })
	return steps
}

// duban runs do as username on notice id, read afresh.
func (l *progressLoader) duban(ctx context.Context, username string, id int64, do func(goumai.Actor, goumai.Duban) error) error {
	a, err := l.actor(ctx, username)
	if err != nil {
		return err
	}
	d, err := l.svc.Store.Duban(ctx, id)
	if err != nil {
		return err
	}
	return do(a, d)
}
