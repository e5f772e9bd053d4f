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
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/workflow"
)

// approvedProject returns an application of 杭州市西湖区民政局 above 浙江省's
// open-tender threshold, approved through the use cases by its demo accounts
// on the default review chain, on a budget line of its own.
func approvedProject(t *testing.T, s site, amount goumai.Fen) goumai.Project {
	t.Helper()
	ctx := context.Background()
	svc := workflow.New(s.Store)
	actor := func(username string) goumai.Actor {
		u, _, err := s.Store.Credentials(ctx, username)
		if err != nil {
			t.Fatalf("user %s: %v", username, err)
		}
		ms, err := s.Store.Memberships(ctx, u.ID)
		if err != nil || len(ms) == 0 {
			t.Fatalf("memberships of %s: %v", username, err)
		}
		a := goumai.Actor{UserID: u.ID, Username: u.Username, Name: u.DisplayName, Org: ms[0].Org}
		for _, m := range ms {
			if m.Org.ID == a.Org.ID {
				a.Roles = append(a.Roles, m.Role)
			}
		}
		return a
	}
	staff := actor("xihu.minzheng")
	if _, err := svc.SetReviewChain(ctx, goumai.System, goumai.ReviewChain{Region: staff.Org.Region, MinAmount: 100_000_000,
		Steps: goumai.DefaultReviewChain}); err != nil {
		t.Fatal(err)
	}
	in := workflow.BudgetLineInput{Amount: amount}
	in.OrgID, in.FiscalYear, in.FundingSource, in.Name, in.BgtID = staff.Org.ID, 2026, "一般公共预算", "居家养老服务专项", "e2e-proc-001"
	line, err := svc.CreateBudgetLine(ctx, goumai.System, in)
	if err != nil {
		t.Fatalf("budget line: %v", err)
	}
	from := s.Clock.Now().AddDate(0, 0, -30)
	p, err := svc.CreateProject(ctx, staff, workflow.ProjectInput{Title: "2026年西湖区老年人能力评估服务", FilingRef: "财购备〔2026〕1号",
		Class: goumai.ClassAuxiliaryService, BudgetLineID: line.ID, Amount: amount, Content: "为申请居家养老服务的老年人开展能力评估。",
		Quantity: 2000, QuantityUnit: "人次", QualityStandards: "按 MZ/T 039 执行",
		Targets: []goumai.PerformanceTarget{{Category: "output", Indicator: "评估人次", Target: "≥2000", Unit: "人次", Weight: 60}},
		ExAnte:  "事前绩效评估认为项目必要、可行。", SupplierConditions: "具有独立承担民事责任的能力", EvaluationStandards: "按评估数量和质量评价",
		Method: goumai.MethodConsultation, TermMonths: 12, Beneficiaries: "申请服务的老年人", ExpectedStart: "2026-10",
		Consultation:    &goumai.Consultation{From: from, To: from.AddDate(0, 0, 10), Method: "网上征求意见", Summary: "采纳2条", Count: 5},
		NegativeAnswers: rules.NoneApply()})
	if err != nil {
		t.Fatalf("application: %v", err)
	}
	if p, err = svc.SubmitProject(ctx, staff, p.ID, p.Version); err != nil {
		t.Fatalf("submit: %v", err)
	}
	for _, d := range []string{"xihu.minzheng.approver", "xihu.reviewer", "xihu.approver"} {
		if p, err = svc.DecideProject(ctx, actor(d), p.ID, workflow.Decision{Version: p.Version, Action: goumai.ActApprove,
			Opinion: "同意", NegativeListConfirmed: true}); err != nil {
			t.Fatalf("%s approves: %v", d, err)
		}
	}
	if p.Status != goumai.ProjectApproved {
		t.Fatalf("application: %s, want approved", p.Status)
	}
	return p
}

// byName selects a form control by its name (the drafting form's names hold dots).
func byName(name string) chromedp.CSS { return chromedp.CSS(`[name="` + name + `"]`) }

// shownTime parses a time as the pages show it (Asia/Shanghai).
func shownTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(s), goumai.Shanghai)
	if err != nil {
		t.Fatalf("a time on the page: %q: %v", s, err)
	}
	return v
}

// accessible checks the page's accessible markup (a11yProblems).
func accessible(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	if bad := eval[[]string](t, ctx, "accessibility of "+what, a11yProblems); len(bad) > 0 {
		t.Errorf("%s: %q", what, bad)
	}
}

// TestBrowserProcurement is the journey of a procedure over National Day
// 2026 (1–8 October): the purchaser starts a 竞争性磋商 above the open-tender
// threshold from its approved project, drafts the documents with a banned
// criterion and sees the ENG-A7 refusal next to the condition, fixes it, sets
// the periods from the computed minimums (which skip the holiday) and asks
// for the method's approval; 杭州市财政局's approver finds it on the to-do
// list and approves it with an opinion; the purchaser publishes it.
func TestBrowserProcurement(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	s := startSite(t)
	pr := approvedProject(t, s, 450_000_000) // ¥4,500,000: above 浙江省's ¥4,000,000
	// The eve of National Day: Tuesday 29 September 2026, 10:00.
	s.Clock.Set(time.Date(2026, 9, 29, 10, 0, 0, 0, goumai.Shanghai))
	holidayEnd := time.Date(2026, 10, 9, 0, 0, 0, 0, goumai.Shanghai)

	login(t, ctx, s, "xihu.minzheng", demo.Password)
	var page string
	t.Run("start the procedure", func(t *testing.T) {
		open(t, ctx, s, "/staff/procurements")
		accessible(t, ctx, "the procedures")
		click(t, ctx, "new procedure", "#new-procurement")
		accessible(t, ctx, "the projects to procure")
		click(t, ctx, "choose the project", fmt.Sprintf(`#procurable a[href$="project=%d"]`, pr.ID))
		accessible(t, ctx, "the methods")
		if got := text(t, ctx, "#method-competitive_consultation td:nth-child(2)"); got != "须经批准" {
			t.Errorf("consultation above the threshold: %q, want 须经批准 (ENG-C1)", got)
		}
		if n := eval[int](t, ctx, "inquiry choosable", `document.querySelectorAll("#m-inquiry").length`); n != 0 {
			t.Error("inquiry can be chosen for a service (ENG-C4)")
		}
		do(t, ctx, "choose consultation",
			chromedp.Click(chromedp.ID("m-competitive_consultation")),
			chromedp.SetValue(chromedp.ID("reason"), "purchase_of_services"),
			chromedp.SendKeys(chromedp.ID("reason_detail"), "政府购买服务项目，采用竞争性磋商。"))
		click(t, ctx, "create", "#create")
		page = path(t, ctx)
		if !strings.HasPrefix(page, "/staff/procurements/") {
			t.Fatalf("after creating the browser is at %s", page)
		}
		if got := text(t, ctx, "#procurement-status"); !strings.Contains(got, "编制中") {
			t.Errorf("status %q", got)
		}
	})
	if page == "" {
		t.FailNow()
	}

	var docsMin time.Time
	t.Run("documents with a banned criterion, then fixed", func(t *testing.T) {
		accessible(t, ctx, "the new procedure")
		click(t, ctx, "edit", "#edit")
		accessible(t, ctx, "the drafting form")
		docsMin = shownTime(t, text(t, ctx, "#docs-until-min"))
		cal, err := s.Store.Calendar(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		params, err := s.Store.ParamsAt(context.Background(), "330106", rules.Services, s.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		// 5 working days from 29 September: 30 September, then after the holiday (ENG-D3).
		if want := rules.EarliestDocsUntil(goumai.PeriodConsult, s.Clock.Now(), params, cal).Truncate(time.Minute); !docsMin.Equal(want) || docsMin.Before(holidayEnd) {
			t.Errorf("documents available at least until %s, want %s, after National Day", docsMin, want)
		}
		deadline := time.Date(docsMin.Year(), docsMin.Month(), docsMin.Day()+1, 9, 30, 0, 0, goumai.Shanghai).Format("2006-01-02T15:04")
		steps := []chromedp.Action[chromedp.Void]{
			chromedp.SetValue(byName("documents.qualifications.1.name"), "注册资本不少于500万元"),
			chromedp.SetValue(byName("documents.price_weight_pct"), "30"),
			chromedp.SetValue(byName("documents.contract_terms"), "按季度考核评估质量，考核合格后支付当季费用。"),
			chromedp.SetValue(byName("periods.docs_until"), deadline),
			chromedp.SetValue(byName("periods.bid_deadline"), deadline)}
		steps = append(steps, fillScoringItem(0, "报价", "price", "30", "最后报价最低的为基准价，其价格分为满分；其他报价得分=基准价/报价×30")...)
		steps = append(steps, fillScoringItem(1, "评估实施方案", "technical", "40", "按方案对评估流程、质量控制和信息安全的覆盖程度评分",
			"三项均覆盖且措施具体", "40", "覆盖两项", "25", "覆盖一项及以下", "5")...)
		steps = append(steps, fillScoringItem(2, "持证评估人员数量", "service", "30", "拟派持证评估人员的人数", "≥10人", "30", "5–9人", "15", "<5人", "0")...)
		do(t, ctx, "fill the documents", steps...)
		if status := follow(t, ctx, "save with a banned criterion", chromedp.Click(chromedp.ID("save"))); status != 422 {
			t.Fatalf("saving a banned criterion: %d, want 422", status)
		}
		got := text(t, ctx, `[id="err-documents.qualifications.1"]`)
		if !strings.Contains(got, "ENG-A7") || !strings.Contains(got, "注册资本") {
			t.Errorf("next to the condition: %q, want the ENG-A7 refusal", got)
		}
		accessible(t, ctx, "the refused drafting form")
		screenshot(t, ctx, "procurement-banned")
		// What was typed is still there: only the condition changes.
		do(t, ctx, "fix the condition",
			chromedp.Clear(byName("documents.qualifications.1.name")),
			chromedp.SendKeys(byName("documents.qualifications.1.name"), "具有老年人能力评估师"))
		click(t, ctx, "save", "#save")
		for _, id := range []string{"err-documents.qualifications.1", "err-documents.scoring", "err-documents.price_weight_pct", "err-periods.bid_deadline", "err-periods.docs_until"} {
			if got := text(t, ctx, `[id="`+id+`"]`); got != "" {
				t.Errorf("after fixing, %s: %q", id, got)
			}
		}
		// The method still needs its approval (ENG-C1), said next to it.
		if got := text(t, ctx, `[id="err-method"]`); !strings.Contains(got, "ENG-C1") {
			t.Errorf("err-method: %q, want ENG-C1", got)
		}
	})

	t.Run("request approval", func(t *testing.T) {
		open(t, ctx, s, page)
		if got := shownTime(t, text(t, ctx, "#docs-until-min")); !got.Equal(docsMin) {
			t.Errorf("the procedure's page: documents at least until %s, the form said %s", got, docsMin)
		}
		if n := eval[int](t, ctx, "publish button", `document.querySelectorAll("#publish").length`); n != 0 {
			t.Error("publication offered before the method's approval (ENG-C1)")
		}
		click(t, ctx, "request approval", "#request-approval")
		if got := text(t, ctx, "#procurement-status"); !strings.Contains(got, "采购方式审批中") {
			t.Fatalf("status %q", got)
		}
		// The approver's time limit: 5 working days, after the holiday.
		if due := shownTime(t, text(t, ctx, "#next-due")); due.Before(holidayEnd) {
			t.Errorf("the decision is due %s, within National Day", due)
		}
	})

	t.Run("the approver approves from the to-do list", func(t *testing.T) {
		login(t, ctx, s, "hz.approver", demo.Password)
		found := false
		for _, href := range todoLinks(t, ctx, s) {
			found = found || href == page
		}
		if !found {
			t.Fatalf("hz.approver's to-do list lacks %s", page)
		}
		click(t, ctx, "open the to-do item", `#todo-list a[href="`+page+`"]`)
		accessible(t, ctx, "the approver's page")
		if got := text(t, ctx, "#split-flag"); !strings.Contains(got, "ENG-C3") {
			t.Errorf("the 化整为零 figures: %q", got)
		}
		do(t, ctx, "approve with an opinion",
			chromedp.Click(chromedp.ID("decision-approve")),
			chromedp.SendKeys(chromedp.ID("opinion"), "经审核，同意采用竞争性磋商方式。"))
		click(t, ctx, "decide", "#decide")
		if got := text(t, ctx, "#method-approved"); got == "" {
			t.Error("the method is not shown approved")
		}
		if got := text(t, ctx, "#decisions .opinion"); got != "经审核，同意采用竞争性磋商方式。" {
			t.Errorf("the opinion on the page: %q", got)
		}
		for _, href := range todoLinks(t, ctx, s) {
			if href == page {
				t.Error("the decided method is still on the approver's to-do list")
			}
		}
	})

	t.Run("the purchaser publishes", func(t *testing.T) {
		login(t, ctx, s, "xihu.minzheng", demo.Password)
		open(t, ctx, s, page)
		click(t, ctx, "publish", "#publish")
		if got := text(t, ctx, "#procurement-status"); !strings.Contains(got, "投标（响应）中") {
			t.Fatalf("status %q: %s", got, text(t, ctx, "main"))
		}
		if n := eval[int](t, ctx, "notices", `document.querySelectorAll("#notices tbody tr[id^=notice-]").length`); n != 1 {
			t.Errorf("%d notices, want the 磋商公告", n)
		}
		deadline := shownTime(t, text(t, ctx, "#bid-deadline"))
		if deadline.Before(holidayEnd) {
			t.Errorf("the deadline %s falls within National Day", deadline)
		}
		accessible(t, ctx, "the published procedure")
		screenshot(t, ctx, "procurement-published")
	})
}
