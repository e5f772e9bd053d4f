package demo

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The demo year (issue 10 item 8): when the present is late enough in the
// year, Load creates the world on the year's first working day (yearStart)
// instead of at the history's start, and before the procedures' history
// takes projects of 西湖区民政局 through their life cycles (LifeCycle) under
// the moving clock, so that the portal, the to-do lists and the ledgers look
// like a working year: several closed, then one stopped at each stage that
// stays put while the clock runs on (evaluated, accepted, in delivery,
// signed, awarded, approved, applied). The tendering stages (published,
// responses in) do not keep for weeks — the scheduler opens a procedure at
// its deadline — so the present shows them with the procedures'
// history (LoadProcurements), which is dated back from the present.

// yearMinRoom is the least room between the year's start and the history's
// start for the year phase: a batch of life cycles to closure (yearBatchDays)
// must fit. With less, the world is created at the history's start as before
// (the early-year clocks of the tests).
const yearMinRoom = yearBatchDays * 24 * time.Hour

// yearBatchDays is the most clock time a batch of life cycles side by side
// (LifeCycles) takes to closure: 67 days measured, 84 over National Day
// (1–8 October), and a margin.
const yearBatchDays = 95

// yearStart is 09:00 (Asia/Shanghai) of the first working day on or after 5
// January of now's year (after the New Year's holiday; weekends skipped).
func yearStart(now time.Time) time.Time {
	d := time.Date(now.In(goumai.Shanghai).Year(), time.January, 5, 9, 0, 0, 0, goumai.Shanghai)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// yearProject is one project of the demo year.
type yearProject struct {
	title, content string // the title without its year
	amount         goumai.Fen
	stop           Stage
}

// yearLine is the budget line of the demo year's projects.
const yearLine = "2026年居家养老服务补助"

// yearProjects are the demo year's last batch, side by side: two closed and
// one left at each lasting stage.
var yearProjects = []yearProject{
	{"西湖区社区居家养老助餐服务", "为辖区高龄、独居老人提供为期一个月的社区助餐和送餐上门服务。", 150_000_00, StageClosed},
	{"西湖区老年人防诈骗宣传服务", "在辖区社区开展为期一个月的老年人防范电信网络诈骗宣传和入户提醒。", 60_000_00, StageClosed},
	{"西湖区困难群众心理疏导服务", "为辖区低保、低边家庭成员提供为期一个月的心理评估和个案心理疏导。", 80_000_00, StageEvaluated},
	{"西湖区残疾人康复辅具适配服务", "为辖区持证残疾人提供为期一个月的康复辅具评估、适配和上门指导。", 120_000_00, StageAccepted},
	{"西湖区社区儿童之家托管服务", "在辖区社区儿童之家提供为期一个月的课后托管和安全教育活动。", 90_000_00, StageDelivery},
	{"西湖区临时救助对象走访核查服务", "对申请临时救助的家庭开展为期一个月的入户走访和家庭经济状况核查。", 70_000_00, StageSigned},
	{"西湖区特困人员照料护理服务", "为辖区分散供养特困人员提供为期一个月的上门照料护理服务。", 140_000_00, StageAwarded},
	{"西湖区社区社会组织能力提升服务", "为辖区社区社会组织开展为期一个月的项目设计和财务管理培训。", 50_000_00, StageApproved},
	{"西湖区婚姻家庭辅导服务", "在区婚姻登记处提供为期一个月的婚前辅导和婚姻家庭矛盾调解。", 65_000_00, StageApplied},
}

// yearEarlier are the closed projects of the year's earlier batches, two a
// batch, run first while there is room for them and the last batch.
var yearEarlier = []yearProject{
	{"西湖区春节困难群众走访慰问服务", "春节期间对辖区困难群众开展为期一个月的走访慰问和需求摸排。", 80_000_00, StageClosed},
	{"西湖区养老机构安全生产检查服务", "对辖区养老机构开展为期一个月的安全生产隐患排查和整改指导。", 100_000_00, StageClosed},
	{"西湖区老年人智能手机培训服务", "在辖区社区开展为期一个月的老年人智能手机使用培训。", 55_000_00, StageClosed},
	{"西湖区社区养老服务设施评估服务", "对辖区居家养老服务照料中心开展为期一个月的运营评估。", 110_000_00, StageClosed},
}

// loadYear takes the demo year's projects through their life cycles from the
// clock's time to at most end: the earlier batches while there is room,
// then the last batch.
func loadYear(ctx context.Context, svc *workflow.Service, clock HistoryClock, end time.Time) error {
	year := strconv.Itoa(clock.Now().In(goumai.Shanghai).Year()) + "年"
	specs := func(ps []yearProject) []LifeCycleSpec {
		var out []LifeCycleSpec
		for _, p := range ps {
			out = append(out, LifeCycleSpec{Title: year + p.title, Content: p.content, Amount: p.amount, Line: yearLine, Stop: p.stop})
		}
		return out
	}
	var batches [][]yearProject
	for i := 0; i+2 <= len(yearEarlier); i += 2 {
		batches = append(batches, yearEarlier[i:i+2])
	}
	for _, b := range batches {
		if clock.Now().AddDate(0, 0, 2*yearBatchDays).After(end) {
			break // no room for this one and the last
		}
		if _, err := LifeCycles(ctx, svc, clock, specs(b)); err != nil {
			return fmt.Errorf("load demo year: %w", err)
		}
	}
	// The last batch starts as late as it can: its projects left at a
	// stage are the purchaser's recent ones.
	last := end.AddDate(0, 0, -yearBatchDays)
	if clock.Now().After(last) {
		return fmt.Errorf("load demo year: no room for the year's last batch from %s to %s", clock.Now(), end)
	}
	clock.Set(last)
	if _, err := LifeCycles(ctx, svc, clock, specs(yearProjects)); err != nil {
		return fmt.Errorf("load demo year: %w", err)
	}
	if clock.Now().After(end) {
		return fmt.Errorf("load demo year: the last batch took the clock to %s, past the history's start %s", clock.Now(), end)
	}
	return nil
}

// isYearTitle reports whether a project or procedure is one of the demo
// year's (its title, after the year).
func isYearTitle(title string) bool {
	for _, p := range append(slices.Clone(yearEarlier), yearProjects...) {
		if strings.HasSuffix(title, "年"+p.title) {
			return true
		}
	}
	return false
}
