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
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// demoActor is a demo account acting for its first organisation.
func demoActor(t *testing.T, s site, username string) goumai.Actor {
	t.Helper()
	ctx := context.Background()
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

// springFestival2027 publishes the demo's 竞争性磋商 still being drafted
// (养老服务人才培训) on Wednesday 3 February 2027, 10:00, two days before the
// Spring Festival holiday (5–13 February, with Sunday 14 February worked),
// its bids due on 19 February: the clock is moved there and left there.
func springFestival2027(t *testing.T, s site) goumai.Procurement {
	t.Helper()
	ctx := context.Background()
	svc := workflow.New(s.Store)
	staff := demoActor(t, s, "xihu.minzheng")
	ps, err := s.Store.FindProcurements(ctx, sqlstore.ProcurementFilter{OrgID: staff.Org.ID, Statuses: []goumai.ProcurementStatus{goumai.ProcDraft}, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var p goumai.Procurement
	for _, x := range ps {
		if strings.Contains(x.Title, "养老服务人才培训") {
			p = x
		}
	}
	if p.ID == 0 {
		t.Fatal("no demo draft 养老服务人才培训")
	}
	at := func(day, hour, minute int) time.Time {
		return time.Date(2027, 2, day, hour, minute, 0, 0, goumai.Shanghai)
	}
	s.Clock.Set(at(3, 10, 0))
	p, err = svc.UpdateProcurement(ctx, staff, p.ID, workflow.ProcurementUpdate{Version: p.Version, Method: p.Method, Reason: p.Reason,
		ReasonDetail: p.ReasonDetail, Documents: p.Documents, Periods: goumai.Periods{DocsUntil: at(18, 17, 0), BidDeadline: at(19, 9, 30)}})
	if err != nil {
		t.Fatalf("set the periods: %v", err)
	}
	if p, err = svc.Publish(ctx, staff, p.ID, p.Version); err != nil {
		t.Fatalf("publish: %v", err)
	}
	return p
}

// TestBrowserNotices: the public browses the procedures, opens one whose
// bid deadline comes after the Spring Festival of 2027 and finds the lawful
// minimum computed on the working-day calendar (the holidays skipped, the
// make-up Sunday counted), reads its 竞争性磋商公告 and the print view; a
// supplier signs in and asks an enquiry, whose answer is due three working
// days later, again across the holidays; the organiser answers (through the
// use case) and the public sees question and answer without who asked.
func TestBrowserNotices(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	s := projectSite(t)
	p := springFestival2027(t, s)

	// The public finds the procedure in the list and opens it.
	open(t, ctx, s, "/procurements?q="+p.Code)
	click(t, ctx, "open the procedure", `#public-procurements a[href="/procurements/`+itoa(p.ID)+`"]`)
	if got := text(t, ctx, "#proc-status"); got != "投标（响应）中" {
		t.Errorf("status: %q", got)
	}
	// Five working days from Wednesday 3 February: Thursday 4, then Sunday 14
	// (worked), 15, 16 and 17 February — not 10 February (the holidays
	// skipped) nor 18 February (the make-up Sunday not counted).
	if got := text(t, ctx, "#min-docs"); !strings.HasPrefix(got, "2027-02-17") {
		t.Errorf("the documents' lawful minimum: %q, want 2027-02-17", got)
	}
	if got := text(t, ctx, "#min-deadline"); !strings.HasPrefix(got, "2027-02-13") {
		t.Errorf("the earliest lawful deadline (10 days): %q, want 2027-02-13", got)
	}
	if got := text(t, ctx, "#periods .nb-deadline"); !strings.HasPrefix(got, "2027-02-19 09:30") {
		t.Errorf("the deadline: %q", got)
	}
	a11y(t, ctx, "the procedure's page")
	screenshot(t, ctx, "procurement-public")

	// Its notice, then the print view.
	click(t, ctx, "open the notice", "#proc-notices tbody a")
	title := text(t, ctx, "h1")
	if !strings.Contains(title, p.Title) || !strings.Contains(title, "公告") {
		t.Errorf("the notice's title: %q", title)
	}
	for _, sec := range []string{"一、项目基本情况", "二、申请人的资格要求", "五、评审方法和评审标准", "八、凡对本次公告内容提出询问"} {
		if !strings.Contains(text(t, ctx, "#notice"), sec) {
			t.Errorf("the notice lacks the section %s", sec)
		}
	}
	a11y(t, ctx, "the notice")
	click(t, ctx, "open the print view", "#print-view")
	if got := text(t, ctx, "#print-header"); !strings.Contains(got, title) || !strings.Contains(got, p.Code+"-1") {
		t.Errorf("the print view's page header: %q", got)
	}
	if n := eval[int](t, ctx, "navigation", `document.querySelectorAll("nav, .masthead, .site-footer").length`); n != 0 {
		t.Errorf("the print view has %d navigation elements", n)
	}
	if got := eval[string](t, ctx, "print rules", `[...document.styleSheets].flatMap(s => [...s.cssRules]).map(r => r.cssText).join("\n")`); !strings.Contains(strings.ToLower(got), "size: a4") {
		t.Error("the print view has no A4 page rule")
	}
	a11y(t, ctx, "the print view")
	screenshot(t, ctx, "notice-print")

	// A supplier asks on Thursday 4 February: the answer is due three working
	// days later, 16 February (14, 15, 16: the holidays skipped, Sunday worked).
	s.Clock.Set(time.Date(2027, 2, 4, 10, 0, 0, 0, goumai.Shanghai))
	login(t, ctx, s, "supplier.kangning", demo.Password)
	open(t, ctx, s, "/procurements/"+itoa(p.ID))
	const question = "培训场地由采购人提供还是由供应商自行解决？"
	do(t, ctx, "write the question", chromedp.SendKeys(chromedp.ID("question"), question))
	click(t, ctx, "ask", "#ask")
	if got := text(t, ctx, ".flash"); !strings.Contains(got, "询问已提交") {
		t.Errorf("after asking: %q", got)
	}
	if got := text(t, ctx, ".own-enquiry .answer-due"); got != "2027-02-16" {
		t.Errorf("the answer is due %q, want 2027-02-16", got)
	}
	a11y(t, ctx, "the supplier's page with the enquiry form")
	screenshot(t, ctx, "enquiry-asked")

	// The organiser answers; the public sees it without who asked.
	es, err := s.Store.Enquiries(context.Background(), p.ID)
	if err != nil || len(es) != 1 {
		t.Fatalf("enquiries: %v %v", es, err)
	}
	const answer = "培训场地由采购人提供，供应商负责师资和教材。"
	if _, err := workflow.New(s.Store).AnswerEnquiry(context.Background(), demoActor(t, s, "xihu.minzheng"), es[0].ID, workflow.AnswerInput{Answer: answer}); err != nil {
		t.Fatalf("answer: %v", err)
	}
	click(t, ctx, "sign out", `form[action="/logout"] button`)
	open(t, ctx, s, "/procurements/"+itoa(p.ID))
	section := text(t, ctx, "#enquiries")
	if !strings.Contains(section, question) || !strings.Contains(section, answer) {
		t.Errorf("the public enquiries: %q", section)
	}
	page := text(t, ctx, "main")
	for _, who := range []string{"杭州康宁养老服务有限公司", "supplier.kangning"} {
		if strings.Contains(page, who) {
			t.Errorf("the public page names the asker: %s", who)
		}
	}
	screenshot(t, ctx, "enquiry-answered")
}

// a11y fails for each accessibility problem of the page the browser shows.
func a11y(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	for _, problem := range eval[[]string](t, ctx, "accessibility check of "+what, a11yProblems) {
		t.Errorf("%s: %s", what, problem)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
