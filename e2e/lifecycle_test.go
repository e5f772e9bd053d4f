package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// lifeCycle carries one project through TestBrowserLifeCycle: the browser,
// the site, and what each step found for the next.
type lifeCycle struct {
	t       *testing.T
	ctx     context.Context
	s       site
	svc     *workflow.Service
	project goumai.Project
	proc    goumai.Procurement
	lot     goumai.Lot
}

// lcTitle is the project's title, unique in the demo world.
const lcTitle = "2026年西湖区高龄独居老人助餐服务"

// TestBrowserLifeCycle is one project from application to closure (issue 10
// item 9) in Chromium, each role signed in with its demo account: the
// purchaser's staff apply (项目申报) and the review chain approves (项目评审);
// the purchaser starts a 竞争性磋商, drafts and publishes its documents.
func TestBrowserLifeCycle(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	s := projectSite(t)
	svc := workflow.New(s.Store)
	sealed(svc)
	lc := &lifeCycle{t: t, ctx: ctx, s: s, svc: svc}
	lc.apply()
	lc.procure()
}

// apply: xihu.minzheng drafts and submits the application in the browser;
// its approver, 西湖区财政局's reviewer and approver approve it from their
// to-do lists; the budget is committed and the project is public.
func (lc *lifeCycle) apply() {
	t, ctx, s := lc.t, lc.ctx, lc.s
	page := newApplication(t, ctx, s, lcTitle)
	signOut(t, ctx)
	for _, u := range []string{"xihu.minzheng.approver", "xihu.reviewer", "xihu.approver"} {
		approveAs(t, ctx, s, u, page)
		signOut(t, ctx)
	}
	ps, err := s.Store.FindProjects(context.Background(), sqlstore.ProjectFilter{Query: lcTitle, Limit: 1})
	if err != nil || len(ps) != 1 || ps[0].Status != goumai.ProjectApproved {
		t.Fatalf("the application after the review chain: %+v %v", ps, err)
	}
	lc.project = ps[0]
	open(t, ctx, s, "/projects/"+itoa(lc.project.ID))
	screenshot(t, ctx, "lifecycle-01-project-public")
}

// procure: the purchaser starts a 竞争性磋商 (a purchase of services) from
// the approved project, drafts its documents and publishes them.
func (lc *lifeCycle) procure() {
	t, ctx, s := lc.t, lc.ctx, lc.s
	login(t, ctx, s, "xihu.minzheng", demo.Password)
	open(t, ctx, s, "/staff/procurements")
	click(t, ctx, "new procedure", "#new-procurement")
	click(t, ctx, "choose the project", fmt.Sprintf(`#procurable a[href$="project=%d"]`, lc.project.ID))
	do(t, ctx, "choose consultation",
		chromedp.Click(chromedp.ID("m-competitive_consultation")),
		chromedp.SetValue(chromedp.ID("reason"), "purchase_of_services"),
		chromedp.SendKeys(chromedp.ID("reason_detail"), "政府购买服务项目，采用竞争性磋商。"))
	click(t, ctx, "create", "#create")
	page := path(t, ctx)
	click(t, ctx, "edit", "#edit")
	// The deadline: the day after the later of the two computed minimums, 09:30.
	min := shownTime(t, text(t, ctx, "#docs-until-min"))
	if d := shownTime(t, text(t, ctx, "#deadline-min")); d.After(min) {
		min = d
	}
	deadline := time.Date(min.Year(), min.Month(), min.Day()+1, 9, 30, 0, 0, goumai.Shanghai).Format("2006-01-02T15:04")
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.SetValue(byName("documents.price_weight_pct"), "30"),
		chromedp.SetValue(byName("documents.contract_terms"), "按月考核服务质量，验收合格后支付当期费用；末期费用在绩效评价后结算。"),
		chromedp.SetValue(byName("periods.docs_until"), deadline),
		chromedp.SetValue(byName("periods.bid_deadline"), deadline)}
	steps = append(steps, lcItem(0, "报价", "price", "30", "最后报价最低的为基准价，其价格分为满分；其他报价得分=基准价/报价×30")...)
	steps = append(steps, lcItem(1, "服务方案", "technical", "40", "按方案对配餐、送餐和食品安全的覆盖程度评分",
		"三项均覆盖且措施具体", "40", "覆盖两项", "25", "覆盖一项及以下", "5")...)
	steps = append(steps, lcItem(2, "持证厨师和送餐人员", "service", "30", "拟派持证人员的人数", "≥10人", "30", "5–9人", "15", "<5人", "0")...)
	do(t, ctx, "fill the documents", steps...)
	click(t, ctx, "save the documents", "#save")
	if got := text(t, ctx, `[id="err-documents.scoring"]`); got != "" {
		t.Fatalf("the documents: %q", got)
	}
	open(t, ctx, s, page)
	click(t, ctx, "publish", "#publish")
	if got := text(t, ctx, "#procurement-status"); !strings.Contains(got, "投标（响应）中") {
		t.Fatalf("after publishing: %q: %s", got, text(t, ctx, "main"))
	}
	screenshot(t, ctx, "lifecycle-02-procurement-published")
	signOut(t, ctx)
	id, err := fmt.Sscanf(strings.TrimPrefix(page, "/staff/procurements/"), "%d", &lc.proc.ID)
	if err != nil || id != 1 {
		t.Fatalf("the procedure's page %s: %v", page, err)
	}
	if lc.proc, err = s.Store.Procurement(context.Background(), lc.proc.ID); err != nil {
		t.Fatal(err)
	}
	lots, err := s.Store.Lots(context.Background(), lc.proc.ID)
	if err != nil || len(lots) != 1 {
		t.Fatalf("lots: %v %v", lots, err)
	}
	lc.lot = lots[0]
}

// lcItem fills scoring item i of the drafting form, with its ranges
// (condition, points, …).
func lcItem(i int, name, factor, points, rule string, ranges ...string) []chromedp.Action[chromedp.Void] {
	k := fmt.Sprintf("documents.scoring.%d.", i)
	steps := []chromedp.Action[chromedp.Void]{chromedp.SetValue(byName(k+"name"), name), chromedp.SetValue(byName(k+"factor"), factor),
		chromedp.SetValue(byName(k+"points"), points), chromedp.SetValue(byName(k+"rule"), rule)}
	for j := 0; j+1 < len(ranges); j += 2 {
		rk := fmt.Sprintf("%sranges.%d.", k, j/2)
		steps = append(steps, chromedp.SetValue(byName(rk+"condition"), ranges[j]), chromedp.SetValue(byName(rk+"points"), ranges[j+1]))
	}
	return steps
}
