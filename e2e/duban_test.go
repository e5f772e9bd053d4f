package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/goumai/goumai/demo"
)

// TestBrowserDuban: a 督办 notice goes down and its answers up in the
// browser, each step as its role (issue 13 item 4), then the province reads
// its work plan's progress (item 3). 浙江省财政厅 opens the compliance
// ranking, follows its 督办 link and issues a notice to 杭州市 with a
// deadline; 杭州市财政局 finds it on its to-do list and answers; the
// province returns the answer with 意见; 杭州 reads the 意见 (its to-do list
// shows the returned answer) and answers again; the province closes it. A
// sibling city (宁波市) cannot read it. Then the province opens its work
// plan and sees each milestone's bar and the milestones' table.
func TestBrowserDuban(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	s := startSite(t)
	matter := "你市政府购买服务项目信息按时公开率偏低，请核查未按时公开的项目并报送整改情况。"

	// The province: the ranking, its 督办 link, the notice.
	login(t, ctx, s, "zj.approver", demo.Password)
	open(t, ctx, s, "/staff/compliance")
	if got := text(t, ctx, "#cp-table"); !strings.Contains(got, "杭州市") || !strings.Contains(got, "宁波市") {
		t.Errorf("the province's ranking: %q, want its cities", got)
	}
	click(t, ctx, "follow the 督办 link", "#cp-duban")
	if p := path(t, ctx); p != "/staff/duban" {
		t.Fatalf("the 督办 link leads to %s", p)
	}
	if got := text(t, ctx, "#db-issued"); !strings.Contains(got, "宁波市") || !strings.Contains(got, "逾期未答复") {
		t.Errorf("the province's issued notices (the demo's to 宁波): %q", got)
	}
	do(t, ctx, "write the notice",
		chromedp.SetValue(chromedp.ID("db-f-region"), demo.RegionHangzhou),
		chromedp.SendKeys(chromedp.ID("db-f-text"), matter),
		chromedp.SendKeys(chromedp.ID("db-f-days"), "10"))
	click(t, ctx, "issue the notice", `#db-new button[type=submit]`)
	notice := path(t, ctx)
	if id, err := strconv.ParseInt(strings.TrimPrefix(notice, "/staff/duban/"), 10, 64); err != nil || id <= 0 {
		t.Fatalf("after issuing the browser is at %s", notice)
	}
	checkNotice(t, ctx, "待答复", matter, "10 个工作日", "杭州市")
	if n := eval[int](t, ctx, "the province's forms before the answer", `document.querySelectorAll('#db-decide, #db-answer-form').length`); n != 0 {
		t.Errorf("the issuer sees %d forms on an unanswered notice, want none", n)
	}
	screenshot(t, ctx, "duban-issued")
	signOut(t, ctx)

	// The city finds it on its to-do list and answers.
	login(t, ctx, s, "hz.reviewer", demo.Password)
	open(t, ctx, s, "/staff?tab=todo")
	if got := text(t, ctx, "#todo-list"); !strings.Contains(got, matter) || !strings.Contains(got, "待答复的督办通知") {
		t.Errorf("杭州's to-do list: %q, want the notice to answer", got)
	}
	click(t, ctx, "杭州 opens the notice from its to-do list", `#todo-list a[href="`+notice+`"]`)
	answer(t, ctx, "已核查 3 个未按时公开的项目，均已补充公开。")
	signOut(t, ctx)

	// The province returns the answer with 意见.
	opinion := "请列出每个项目的补充公开日期和责任单位后重新答复。"
	login(t, ctx, s, "zj.approver", demo.Password)
	open(t, ctx, s, "/staff?tab=todo")
	if got := text(t, ctx, "#todo-list"); !strings.Contains(got, "待审阅的督办答复") || !strings.Contains(got, matter) {
		t.Errorf("the province's to-do list: %q, want the answer to review", got)
	}
	open(t, ctx, s, notice)
	decide(t, ctx, "#db-return", opinion, "待答复")
	if got := text(t, ctx, "#db-status"); !strings.Contains(got, "答复被退回") {
		t.Errorf("after the return: status %q", got)
	}
	signOut(t, ctx)

	// The sibling city learns nothing of the notice.
	login(t, ctx, s, "nb.reviewer", demo.Password)
	resp := run(t, ctx, "宁波 opens "+notice, chromedp.NavigateResponse(s.URL+notice))
	if resp.Status != 404 && resp.Status != 403 {
		t.Errorf("宁波市 opens %s: status %d, want 404 or 403", notice, resp.Status)
	}
	if body := text(t, ctx, "body"); strings.Contains(body, matter) || strings.Contains(body, opinion) {
		t.Errorf("宁波市 reads 杭州's notice: %q", body)
	}
	open(t, ctx, s, "/staff/duban")
	if got := text(t, ctx, "#duban-staff"); strings.Contains(got, matter) || !strings.Contains(got, "浙江省") {
		t.Errorf("宁波's 督办 page: %q, want its own notices from 浙江 and not 杭州's", got)
	}
	signOut(t, ctx)

	// The city reads the 意见 and answers again.
	login(t, ctx, s, "hz.reviewer", demo.Password)
	open(t, ctx, s, "/staff?tab=returned")
	if got := text(t, ctx, "#todo-list"); !strings.Contains(got, "被退回的督办答复") || !strings.Contains(got, opinion) {
		t.Errorf("杭州's returned items: %q, want the returned answer with the 意见", got)
	}
	open(t, ctx, s, notice)
	if got := text(t, ctx, "#db-opinion"); got != opinion {
		t.Errorf("杭州 reads the 意见 %q", got)
	}
	answer(t, ctx, "已补充：3 个项目均于 2 月 27 日补充公开，责任单位为各采购人办公室。")
	signOut(t, ctx)

	// The province closes it.
	login(t, ctx, s, "zj.approver", demo.Password)
	open(t, ctx, s, notice)
	decide(t, ctx, "#db-close", "整改到位，予以办结。", "已办结")
	if n := eval[int](t, ctx, "the forms of a closed notice", `document.querySelectorAll('#db-decide, #db-answer-form').length`); n != 0 {
		t.Errorf("a closed notice still has %d forms", n)
	}
	open(t, ctx, s, "/staff/duban")
	if got := text(t, ctx, "#db-issued"); !strings.Contains(got, matter) || !strings.Contains(got, "已办结") {
		t.Errorf("the province's issued notices after closing: %q", got)
	}
	screenshot(t, ctx, "duban-closed")

	// The province's work plan: each milestone's bar and the table.
	open(t, ctx, s, "/staff/work-plans")
	click(t, ctx, "open the province's plan", "#wp-region-"+demo.RegionZhejiang+` a[href^="/work-plans/"]`)
	if got := text(t, ctx, "h1"); !strings.Contains(got, "浙江省政府购买服务工作计划和实施方案") {
		t.Fatalf("the plan's title: %q", got)
	}
	milestones := []string{"上半年批准购买服务项目", "全年签订购买服务合同", "全年签订合同金额", "按指导性目录购买的项目占比", "仅一家投标的包占比不超过"}
	if n := eval[int](t, ctx, "the milestones' bars", `document.querySelectorAll('figure.wp-milestone svg rect').length`); n != 2*len(milestones) {
		t.Errorf("%d bars' rectangles, want %d (a frame and a bar each)", n, 2*len(milestones))
	}
	table := text(t, ctx, "#wp-table")
	for i, m := range milestones {
		fig := text(t, ctx, "#wp-m-"+strconv.Itoa(i))
		if !strings.Contains(fig, m) {
			t.Errorf("milestone %d's figure: %q, want %q", i, fig, m)
		}
		bar := eval[string](t, ctx, "the bar's title", `document.querySelector('#wp-m-`+strconv.Itoa(i)+` svg title').textContent`)
		if !strings.Contains(bar, "完成目标的") || !strings.Contains(bar, "时间进度") {
			t.Errorf("milestone %d's bar is titled %q", i, bar)
		}
		if !strings.Contains(table, m) {
			t.Errorf("the milestones' table lacks %q: %q", m, table)
		}
	}
	if n := eval[int](t, ctx, "the table's rows", `document.querySelectorAll('#wp-table tbody tr').length`); n != len(milestones) {
		t.Errorf("the milestones' table has %d rows, want %d", n, len(milestones))
	}
	screenshot(t, ctx, "work-plan-province")
}

// checkNotice checks the notice page's status, matter, deadline and region.
func checkNotice(t *testing.T, ctx context.Context, status, matter, days, region string) {
	t.Helper()
	if got := text(t, ctx, "#db-status"); !strings.HasPrefix(got, status) {
		t.Errorf("the notice's status %q, want %q", got, status)
	}
	if got := text(t, ctx, "#db-text"); got != matter {
		t.Errorf("the notice's matter %q", got)
	}
	if got := text(t, ctx, "#db-due"); !strings.Contains(got, days) {
		t.Errorf("the notice's deadline %q, want %q", got, days)
	}
	if got := text(t, ctx, "#db-facts"); !strings.Contains(got, region) {
		t.Errorf("the notice's facts %q, want the region %s", got, region)
	}
}

// answer writes the answer on the open notice's page and sends it.
func answer(t *testing.T, ctx context.Context, body string) {
	t.Helper()
	eval[bool](t, ctx, "clear the answer", `(document.getElementById('db-f-answer').value = '') === ''`)
	do(t, ctx, "write the answer", chromedp.SendKeys(chromedp.ID("db-f-answer"), body))
	click(t, ctx, "send the answer", "#db-answer-submit")
	if got := text(t, ctx, "#db-status"); got != "已答复，待办结" {
		t.Fatalf("after answering: status %q", got)
	}
	if got := text(t, ctx, "#db-answer"); got != body {
		t.Errorf("the answer shown: %q, want %q", got, body)
	}
}

// decide writes the 意见 on the open notice's page, presses the button and
// checks the status that follows.
func decide(t *testing.T, ctx context.Context, button, opinion, want string) {
	t.Helper()
	do(t, ctx, "write the 意见", chromedp.SendKeys(chromedp.ID("db-f-opinion"), opinion))
	click(t, ctx, "decide", button)
	if got := text(t, ctx, "#db-status"); !strings.HasPrefix(got, want) {
		t.Fatalf("after %s: status %q, want %q", button, got, want)
	}
	if got := text(t, ctx, "#db-opinion"); got != opinion {
		t.Errorf("the 意见 shown: %q, want %q", got, opinion)
	}
}
