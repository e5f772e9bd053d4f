package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
)

// TestBrowserWorkReports: a quarter's progress reports go up to the Ministry
// of Finance in the browser, each step as its role (issue 13 item 2). On 3
// April 2026 西湖区财政局 drafts its 2026-Q1 report, writes it and files it
// (the statistics of its subtree frozen in the report, the edit form gone);
// 杭州市财政局 returns it with 意见; a sibling county (余杭区) cannot read
// it, nor can the public; 西湖区 reads the 意见, edits and files again;
// 杭州 accepts it. 杭州 files its own, 浙江省财政厅 accepts it; the province
// files to the Ministry and the Ministry accepts. Signed out, the public
// portal lists the accepted reports and shows 浙江's with its statistics.
func TestBrowserWorkReports(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	s := startSite(t)
	s.Clock.Set(time.Date(2026, 4, 3, 10, 0, 0, 0, goumai.Shanghai)) // the first quarter has ended

	xihu := fileReport(t, ctx, s, "xihu.reviewer", "西湖区本季度按目录购买居家养老服务")
	screenshot(t, ctx, "work-report-filed")

	// 杭州 returns it with 意见.
	opinion := "请补充困难群众心理疏导服务项目的绩效评价安排后重新报送。"
	review(t, ctx, s, "hz.approver", xihu, "#wr-return", opinion, "被退回，待修改")
	if got := text(t, ctx, "#wr-history"); !strings.Contains(got, opinion) || !strings.Contains(got, "退回") {
		t.Errorf("the history after the return: %q, want the 意见", got)
	}
	screenshot(t, ctx, "work-report-returned")
	signOut(t, ctx)

	// A sibling county and the public learn nothing of the unpublished report.
	login(t, ctx, s, "yuhang.reviewer", demo.Password)
	for _, p := range []string{xihu, strings.Replace(xihu, "/staff", "", 1)} {
		resp := run(t, ctx, "余杭 opens "+p, chromedp.NavigateResponse(s.URL+p))
		if resp.Status != 404 && resp.Status != 403 {
			t.Errorf("余杭区 opens %s: status %d, want 404 or 403", p, resp.Status)
		}
		if body := text(t, ctx, "body"); strings.Contains(body, "西湖区本季度") || strings.Contains(body, opinion) {
			t.Errorf("余杭区 reads the unpublished report at %s: %q", p, body)
		}
	}
	open(t, ctx, s, "/staff")
	signOut(t, ctx)
	resp := run(t, ctx, "the public opens the returned report", chromedp.NavigateResponse(s.URL+strings.Replace(xihu, "/staff", "", 1)))
	if resp.Status != 404 {
		t.Errorf("the public opens the returned report: status %d, want 404", resp.Status)
	}

	// 西湖区 reads the 意见, edits and files again; 杭州 accepts.
	login(t, ctx, s, "xihu.reviewer", demo.Password)
	open(t, ctx, s, xihu)
	if got := text(t, ctx, "#wr-status"); got != "被退回，待修改" {
		t.Errorf("西湖区 sees the status %q", got)
	}
	if got := text(t, ctx, "#wr-history"); !strings.Contains(got, opinion) {
		t.Errorf("西湖区 does not see the 意见: %q", got)
	}
	do(t, ctx, "add the evaluation plan", chromedp.SendKeys(chromedp.ID("wr-f-problems"), "\n已安排心理疏导服务项目于五月完成绩效评价。"))
	click(t, ctx, "file again", "#wr-file")
	if got := text(t, ctx, "#wr-status"); got != "已报送，待上级审阅" {
		t.Fatalf("after filing again: status %q", got)
	}
	if got := text(t, ctx, "#wr-problems"); !strings.Contains(got, "五月完成绩效评价") {
		t.Errorf("the refiled report's problems: %q", got)
	}
	signOut(t, ctx)
	review(t, ctx, s, "hz.approver", xihu, "#wr-accept", "同意。", "已采纳")
	signOut(t, ctx)

	// 杭州 files its own; the province accepts it.
	hz := fileReport(t, ctx, s, "hz.reviewer", "杭州市本季度推进政府购买服务")
	signOut(t, ctx)
	review(t, ctx, s, "zj.approver", hz, "#wr-accept", "", "已采纳")
	signOut(t, ctx)

	// The province files to the Ministry; a Ministry user accepts it.
	zj := fileReport(t, ctx, s, "zj.reviewer", "浙江省本季度政府购买服务工作进展")
	signOut(t, ctx)
	review(t, ctx, s, "mof.approver", zj, "#wr-accept", "报告内容完整，予以采纳。", "已采纳")
	screenshot(t, ctx, "work-report-accepted-by-ministry")
	signOut(t, ctx)

	// The public portal lists the accepted reports and shows the province's.
	open(t, ctx, s, "/work-reports")
	list := text(t, ctx, "#work-reports-public")
	for _, want := range []string{"浙江省", "2026-Q1"} {
		if !strings.Contains(list, want) {
			t.Errorf("the public list lacks %q: %q", want, list)
		}
	}
	public := strings.Replace(zj, "/staff", "", 1)
	if n := eval[int](t, ctx, "links to the province's report", `document.querySelectorAll('#work-reports-public a[href="`+public+`"]').length`); n != 1 {
		t.Errorf("the public list links %s %d times, want once", public, n)
	}
	open(t, ctx, s, public)
	if got := text(t, ctx, "#wr-status"); got != "已采纳" {
		t.Errorf("the public report's status %q", got)
	}
	if got := text(t, ctx, "#wr-new"); !strings.Contains(got, "浙江省本季度政府购买服务工作进展") {
		t.Errorf("the public report's narrative: %q", got)
	}
	if got := text(t, ctx, "#wr-history"); !strings.Contains(got, "报告内容完整，予以采纳。") {
		t.Errorf("the public report's history lacks the Ministry's 意见: %q", got)
	}
	if n := eval[int](t, ctx, "the frozen statistics tables", `document.querySelectorAll('#wr-stats table').length`); n == 0 {
		t.Error("the public report shows no statistics")
	}
	screenshot(t, ctx, "work-report-public")
	// The county's accepted report is public too.
	open(t, ctx, s, strings.Replace(xihu, "/staff", "", 1))
	if got := text(t, ctx, "#wr-problems"); !strings.Contains(got, "五月完成绩效评价") {
		t.Errorf("the county's public report: %q", got)
	}
}

// fileReport signs in as username, drafts the region's report of the last
// ended quarter on the staff page, writes its narrative (new situations
// starting with lead) and files it; it checks the statistics are frozen in
// the filed report and the edit form gone, and returns the report's staff
// path. The browser stays signed in.
func fileReport(t *testing.T, ctx context.Context, s site, username, lead string) string {
	t.Helper()
	login(t, ctx, s, username, demo.Password)
	open(t, ctx, s, "/staff/work-reports")
	if got := eval[string](t, ctx, "the period proposed", `document.getElementById('wr-f-period').value`); got != "2026-Q1" {
		t.Fatalf("%s: the draft form proposes %q, want 2026-Q1", username, got)
	}
	do(t, ctx, "choose a quarterly report", chromedp.SetValue(chromedp.ID("wr-f-kind"), string(goumai.ReportQuarterly)))
	click(t, ctx, username+" drafts", `#wr-new button[type=submit]`)
	p := path(t, ctx)
	if id, err := strconv.ParseInt(strings.TrimPrefix(p, "/staff/work-reports/"), 10, 64); err != nil || id <= 0 {
		t.Fatalf("%s: after drafting the browser is at %s", username, p)
	}
	if got := text(t, ctx, "#wr-status"); got != "草稿" {
		t.Fatalf("%s: the draft's status %q", username, got)
	}
	if got := text(t, ctx, "#wr-stats"); !strings.Contains(got, "统计数据在报送时自动生成并锁定") {
		t.Errorf("%s: the draft's statistics section %q, want the note that they are frozen at filing", username, got)
	}
	do(t, ctx, username+" writes",
		chromedp.SendKeys(chromedp.ID("wr-f-new"), lead+"，项目信息按时公开。"),
		chromedp.SendKeys(chromedp.ID("wr-f-problems"), "个别项目仅一家供应商响应。"),
		chromedp.SendKeys(chromedp.ID("wr-f-suggestions"), "建议细化居家养老服务成本测算标准。"))
	click(t, ctx, username+" files", "#wr-file")
	if got := text(t, ctx, "#wr-status"); got != "已报送，待上级审阅" {
		t.Fatalf("%s: after filing the status is %q", username, got)
	}
	stats := text(t, ctx, "#wr-stats")
	if !strings.Contains(stats, "报送时生成并锁定") || !strings.Contains(stats, "2026-01 — 2026-03") {
		t.Errorf("%s: the filed report's statistics %q, want them frozen for 2026-01 — 2026-03", username, stats)
	}
	if n := eval[int](t, ctx, "the edit form", `document.querySelectorAll('#wr-edit').length`); n != 0 {
		t.Errorf("%s: a filed report still has its edit form", username)
	}
	return p
}

// review signs in as username, opens the report at path, gives opinion and
// presses the button (return or accept), and checks the status shown.
func review(t *testing.T, ctx context.Context, s site, username, path, button, opinion, want string) {
	t.Helper()
	login(t, ctx, s, username, demo.Password)
	open(t, ctx, s, path)
	if got := text(t, ctx, "#wr-status"); got != "已报送，待上级审阅" {
		t.Fatalf("%s opens %s: status %q", username, path, got)
	}
	if opinion != "" {
		do(t, ctx, username+" writes the 意见", chromedp.SendKeys(chromedp.ID("wr-f-opinion"), opinion))
	}
	click(t, ctx, username+" decides", button)
	if got := text(t, ctx, "#wr-status"); got != want {
		t.Fatalf("%s decided on %s: status %q, want %q", username, path, got, want)
	}
}
