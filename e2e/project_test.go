package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// projectSite is the demo site with the catalogue and budget loaded (each
// loader only if its data is missing).
func projectSite(t *testing.T) site {
	t.Helper()
	s := startSite(t)
	ctx := context.Background()
	svc := workflow.New(s.Store)
	if vs, err := s.Store.FindCatalogVersions(ctx, sqlstore.VersionFilter{AnyDept: true}); err != nil {
		t.Fatal(err)
	} else if len(vs) == 0 {
		if err := demo.LoadCatalog(ctx, svc); err != nil {
			t.Fatalf("load demo catalogue: %v", err)
		}
	}
	if ls, err := s.Store.FindBudgetLines(ctx, sqlstore.BudgetLineFilter{Limit: 1}); err != nil {
		t.Fatal(err)
	} else if len(ls) == 0 {
		if err := demo.LoadBudget(ctx, svc); err != nil {
			t.Fatalf("load demo budget: %v", err)
		}
	}
	return s
}

// fillApplication fills the application form the way a person would: typing
// into text fields, choosing from lists and dates.
func fillApplication(t *testing.T, ctx context.Context, title string) {
	t.Helper()
	lineID := eval[string](t, ctx, "first budget line", `document.querySelector("#budget_line_id option:nth-child(2)").value`)
	do(t, ctx, "fill the application",
		chromedp.SendKeys(chromedp.ID("title"), title),
		chromedp.SendKeys(chromedp.ID("catalog_code"), "A0101"),
		chromedp.SetValue(chromedp.ID("budget_line_id"), lineID),
		chromedp.SendKeys(chromedp.ID("amount"), "300000.00"),
		chromedp.SendKeys(chromedp.ID("content"), "为辖区独居老人提供助洁、助浴上门服务。"),
		chromedp.SendKeys(chromedp.ID("quantity"), "5000"),
		chromedp.SendKeys(chromedp.ID("quantity_unit"), "人次"),
		chromedp.SendKeys(chromedp.ID("quality_standards"), "服务人员持证上岗"),
		chromedp.SendKeys(chromedp.ID("beneficiaries"), "独居老人"),
		chromedp.SetValue(chromedp.CSS(`select[name="target_category_0"]`), "output"),
		chromedp.SendKeys(chromedp.CSS(`input[name="target_indicator_0"]`), "服务人次"),
		chromedp.SendKeys(chromedp.CSS(`input[name="target_target_0"]`), "≥5000"),
		chromedp.SendKeys(chromedp.ID("ex_ante"), "事前绩效评估认为项目必要可行、测算合理。"),
		chromedp.SendKeys(chromedp.ID("evaluation_standards"), "按服务人次与满意度评价"),
		chromedp.SendKeys(chromedp.ID("supplier_conditions"), "具有独立承担民事责任的能力"),
		chromedp.SetValue(chromedp.ID("method"), "competitive_consultation"),
		chromedp.SetValue(chromedp.ID("expected_start"), "2026-05"),
		chromedp.SetValue(chromedp.ID("cons_from"), "2026-01-20"),
		chromedp.SetValue(chromedp.ID("cons_to"), "2026-02-10"),
		chromedp.SendKeys(chromedp.ID("cons_method"), "网上公开征求意见"),
		chromedp.SendKeys(chromedp.ID("cons_summary"), "收到意见8条，采纳2条"),
		chromedp.SendKeys(chromedp.ID("cons_count"), "8"),
	)
	for _, q := range rules.NegativeQuestions { // ENG-B3: every question is answered, "no"
		do(t, ctx, "answer "+string(q.Flag), chromedp.Click(chromedp.ID("neg_"+string(q.Flag)+"-no")))
	}
}

// newApplication drafts and submits an application as the purchaser's staff
// and returns its page's path.
func newApplication(t *testing.T, ctx context.Context, s site, title string) string {
	t.Helper()
	login(t, ctx, s, "xihu.minzheng", demo.Password)
	open(t, ctx, s, "/staff/projects/new")
	fillApplication(t, ctx, title)
	click(t, ctx, "save the draft", "#save")
	page := path(t, ctx)
	if !strings.HasPrefix(page, "/staff/projects/") {
		t.Fatalf("after saving the browser is at %s", page)
	}
	click(t, ctx, "submit", "#submit")
	if got := text(t, ctx, "#project-status"); !strings.Contains(got, "审核中") {
		t.Fatalf("after submitting: %q", got)
	}
	return page
}

// approveAs signs in as user, finds the application on the to-do list and approves it.
func approveAs(t *testing.T, ctx context.Context, s site, user, page string) {
	t.Helper()
	login(t, ctx, s, user, demo.Password)
	found := false
	for _, href := range todoLinks(t, ctx, s) {
		found = found || href == page
	}
	if !found {
		t.Fatalf("%s's to-do list lacks %s", user, page)
	}
	open(t, ctx, s, page)
	do(t, ctx, "opinion", chromedp.SendKeys(chromedp.ID("opinion"), "同意"))
	if eval[bool](t, ctx, "confirmation asked", `document.getElementById("negative_list_confirmed") !== null`) {
		do(t, ctx, "confirm the negative-list answers", chromedp.Click(chromedp.ID("negative_list_confirmed")))
	}
	click(t, ctx, user+" approves", "#decide")
}

// TestBrowserProjectApproved is the journey apply → return with a field
// comment → resubmit → approve: the budget is committed and the project is on
// the portal.
func TestBrowserProjectApproved(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	s := projectSite(t)
	const title = "2026年西湖区助浴上门服务"
	page := newApplication(t, ctx, s, title)
	approveAs(t, ctx, s, "xihu.minzheng.approver", page)

	t.Run("reviewer returns with a field comment", func(t *testing.T) {
		login(t, ctx, s, "xihu.reviewer", demo.Password)
		open(t, ctx, s, page)
		if n := eval[int](t, ctx, "checks", `document.querySelectorAll("#checks tbody tr").length`); n != 10 {
			t.Errorf("automatic checks: %d rows, want 10", n)
		}
		if n := eval[int](t, ctx, "answers", `document.querySelectorAll("#negative-answers .answer-no").length`); n != len(rules.NegativeQuestions) {
			t.Errorf("the reviewer sees %d negative-list answers \"no\", want %d", n, len(rules.NegativeQuestions))
		}
		do(t, ctx, "return with comments",
			chromedp.Click(chromedp.ID("act-return")),
			chromedp.SendKeys(chromedp.ID("opinion"), "请细化质量标准"),
			chromedp.Click(chromedp.CSS("#field-comments summary")),
			chromedp.SendKeys(chromedp.ID("comment_quality_standards"), "请写明每次服务时长"),
		)
		click(t, ctx, "return", "#decide")
		if got := text(t, ctx, "#project-status"); !strings.Contains(got, "已退回") {
			t.Errorf("after return: %q", got)
		}
	})

	t.Run("applicant sees the comment beside the field and resubmits", func(t *testing.T) {
		login(t, ctx, s, "xihu.minzheng", demo.Password)
		open(t, ctx, s, "/staff?tab=returned")
		if n := eval[int](t, ctx, "returned list", fmt.Sprintf(`[...document.querySelectorAll("#todo-list a")].filter(a => a.getAttribute("href") === %q).length`, page)); n != 1 {
			t.Fatalf("returned list: %d links to %s", n, page)
		}
		open(t, ctx, s, page+"/edit")
		if got := text(t, ctx, "#cm-quality_standards"); !strings.Contains(got, "请写明每次服务时长") {
			t.Errorf("comment beside the field: %q", got)
		}
		do(t, ctx, "edit", chromedp.Clear(chromedp.ID("quality_standards")), chromedp.SendKeys(chromedp.ID("quality_standards"), "服务人员持证上岗，每次服务不少于1小时"))
		click(t, ctx, "save", "#save")
		click(t, ctx, "resubmit", "#submit")
		screenshot(t, ctx, "project-resubmitted")
	})

	approveAs(t, ctx, s, "xihu.minzheng.approver", page)
	approveAs(t, ctx, s, "xihu.reviewer", page)
	approveAs(t, ctx, s, "xihu.approver", page)
	if got := text(t, ctx, "#project-status"); !strings.Contains(got, "已批准") {
		t.Fatalf("after the last approval: %q", got)
	}
	if n := eval[int](t, ctx, "trail", `document.querySelectorAll("#trail tbody tr").length`); n != 7 {
		t.Errorf("approval trail: %d rows, want 7", n)
	}

	t.Run("budget committed and project public", func(t *testing.T) {
		list, err := s.Store.FindProjects(context.Background(), sqlstore.ProjectFilter{Query: title, Limit: 1})
		if err != nil || len(list) != 1 {
			t.Fatalf("find: %v", err)
		}
		p := list[0]
		b, err := s.Store.Balance(context.Background(), p.BudgetLineID)
		if err != nil || b.Committed < 300_000_00 {
			t.Errorf("balance after approval: %+v %v", b, err)
		}
		open(t, ctx, s, "/projects")
		if n := eval[int](t, ctx, "portal list", fmt.Sprintf(`[...document.querySelectorAll("#public-projects a")].filter(a => a.textContent === %q).length`, p.Code)); n != 1 {
			t.Errorf("the portal lists %s %d times", p.Code, n)
		}
		open(t, ctx, s, fmt.Sprintf("/projects/%d", p.ID))
		if got := text(t, ctx, "#supplier-conditions"); got != "具有独立承担民事责任的能力" {
			t.Errorf("public supplier conditions: %q", got)
		}
		open(t, ctx, s, "/intentions?region=330106")
		if got := text(t, ctx, "#intentions"); !strings.Contains(got, title) || !strings.Contains(got, "30.00") {
			t.Errorf("purchase intentions lack the project in 万元: %q", got)
		}
		screenshot(t, ctx, "project-public")
	})
}

// TestBrowserProjectRejected is the journey of a rejected application: the
// finance reviewer rejects it with an opinion; nothing is committed and it never
// becomes public.
func TestBrowserProjectRejected(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	s := projectSite(t)
	const title = "2026年西湖区助洁上门服务"
	page := newApplication(t, ctx, s, title)
	drafted, err := s.Store.FindProjects(context.Background(), sqlstore.ProjectFilter{Query: title, Limit: 1})
	if err != nil || len(drafted) != 1 {
		t.Fatalf("find draft: %v %v", err, drafted)
	}
	before, err := s.Store.Balance(context.Background(), drafted[0].BudgetLineID)
	if err != nil {
		t.Fatal(err)
	}
	approveAs(t, ctx, s, "xihu.minzheng.approver", page)
	login(t, ctx, s, "xihu.reviewer", demo.Password)
	open(t, ctx, s, page)
	do(t, ctx, "reject without opinion", chromedp.Click(chromedp.ID("act-reject")))
	if status := follow(t, ctx, "reject without opinion", chromedp.Click(chromedp.ID("decide"))); status != 422 {
		t.Errorf("reject without an opinion: status %d, want 422", status)
	}
	do(t, ctx, "reject",
		chromedp.Click(chromedp.ID("act-reject")),
		chromedp.SendKeys(chromedp.ID("opinion"), "与已批准项目重复"))
	click(t, ctx, "reject", "#decide")
	if got := text(t, ctx, "#project-status"); !strings.Contains(got, "已驳回") {
		t.Fatalf("after rejection: %q", got)
	}
	list, err := s.Store.FindProjects(context.Background(), sqlstore.ProjectFilter{Query: title, Limit: 1})
	if err != nil || len(list) != 1 || list[0].Status != goumai.ProjectRejected {
		t.Fatalf("find: %v %v", err, list)
	}
	b, err := s.Store.Balance(context.Background(), list[0].BudgetLineID)
	if err != nil || b != before {
		t.Errorf("a rejected project moved budget: %+v, before %+v (%v)", b, before, err)
	}
	resp := run(t, ctx, "public page", chromedp.NavigateResponse(fmt.Sprintf("%s/projects/%d", s.URL, list[0].ID)))
	if resp.Status != 404 {
		t.Errorf("public page of a rejected project: %d, want 404", resp.Status)
	}
}

// TestBrowserProjectAccessibility runs the accessible-markup checks on every
// project page, public and staff, in Chinese and English.
func TestBrowserProjectAccessibility(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	s := projectSite(t)
	if err := demo.LoadProjects(context.Background(), workflow.New(s.Store)); err != nil {
		t.Fatal(err)
	}
	list, err := s.Store.FindProjects(context.Background(), sqlstore.ProjectFilter{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	by := map[goumai.ProjectStatus]int64{}
	for _, p := range list {
		by[p.Status] = p.ID
	}
	check := func(lang string, paths []string) {
		for _, p := range paths {
			t.Run(lang+" "+p, func(t *testing.T) {
				open(t, ctx, s, p)
				for _, problem := range eval[[]string](t, ctx, "accessibility check", a11yProblems) {
					t.Error(problem)
				}
			})
		}
	}
	public := []string{"/projects", fmt.Sprintf("/projects/%d", by[goumai.ProjectApproved]), "/intentions?region=330106"}
	check("zh", public)
	login(t, ctx, s, "xihu.minzheng", demo.Password)
	check("zh", []string{"/staff/projects", "/staff/projects/new", fmt.Sprintf("/staff/projects/%d", by[goumai.ProjectReturned]),
		fmt.Sprintf("/staff/projects/%d/edit", by[goumai.ProjectReturned]), fmt.Sprintf("/staff/projects/%d", by[goumai.ProjectDraft])})
	login(t, ctx, s, "xihu.reviewer", demo.Password)
	open(t, ctx, s, "/prefs?lang=en&back=/staff")
	check("en", append(public, fmt.Sprintf("/staff/projects/%d", by[goumai.ProjectSubmitted]), "/staff/projects/redflags"))
	login(t, ctx, s, "xihu.admin", demo.Password)
	check("en", []string{"/staff/review-config"})
}
