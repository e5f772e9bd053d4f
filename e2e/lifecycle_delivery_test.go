package e2e

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
)

// The delivery of TestBrowserLifeCycle's contract, from the supplier's
// 台账 to the project's closure.

// lcDay sets the clock to day n after the contract's signing, at 10:00.
func (lc *lifeCycle) lcDay(n int) {
	d := lc.c.SignedAt.In(goumai.Shanghai).AddDate(0, 0, n)
	lc.s.Clock.Set(time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, goumai.Shanghai))
}

// ledger: the supplier keeps its project ledger (台账, ENG-H8) on the
// contract's supervision page.
func (lc *lifeCycle) ledger() {
	t, ctx, s := lc.t, lc.ctx, lc.s
	lc.lcDay(20)
	login(t, ctx, s, lc.winner, demo.Password)
	open(t, ctx, s, "/staff/contracts")
	click(t, ctx, "the contract in the list", `a[href="/staff/contracts/`+itoa(lc.c.ID)+`"]`)
	click(t, ctx, "the supervision link", `#performing a[href="/staff/contracts/`+itoa(lc.c.ID)+`/supervision"]`)
	do(t, ctx, "write the ledger entry",
		chromedp.SetValue(chromedp.ID("report_on"), s.Clock.Now().In(goumai.Shanghai).Format(time.DateOnly)),
		chromedp.SendKeys(chromedp.ID("content"), "首批120位老人建档，每日送餐到户，留样记录齐全。"),
		chromedp.SendKeys(chromedp.ID("quantity"), "2400"),
		chromedp.SendKeys(chromedp.ID("unit"), "餐"))
	click(t, ctx, "add the ledger entry", "#report-form button[type=submit]")
	if n := eval[int](t, ctx, "ledger entries", `document.querySelectorAll("#ledger .ledger-entry").length`); n != 1 {
		t.Fatalf("the ledger has %d entries, want 1: %s", n, text(t, ctx, "main"))
	}
	screenshot(t, ctx, "lifecycle-12-ledger")
	signOut(t, ctx)
}

// deliver: the supplier submits milestone i on the supervision page; the
// purchaser forms the acceptance group with a service users'
// representative (ENG-H6), records each member's opinion and accepts it;
// the 验收结果公告 is public.
func (lc *lifeCycle) deliver(i int) {
	t, ctx, s := lc.t, lc.ctx, lc.s
	m := lc.c.Milestones[i]
	page := "/staff/contracts/" + itoa(lc.c.ID) + "/supervision"
	lc.lcDay(180*i + 170)
	login(t, ctx, s, lc.winner, demo.Password)
	open(t, ctx, s, page)
	click(t, ctx, "submit the milestone", fmt.Sprintf("#submit-%d button[type=submit]", m.ID))
	signOut(t, ctx)

	lc.lcDay(180*i + 172)
	login(t, ctx, s, "xihu.minzheng", demo.Password)
	open(t, ctx, s, page)
	members := [][3]string{{"陈敏", "purchaser", "杭州市西湖区民政局"}, {"周立", "expert", "浙江公共服务职业学院"}, {"王阿姨", "service_user", "翠苑街道老人代表"}}
	var steps []chromedp.Action[chromedp.Void]
	for k, mb := range members {
		steps = append(steps, chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`.group-form [name="name_%d"]`, k)), mb[0]),
			chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`.group-form [name="role_%d"]`, k)), mb[1]),
			chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`.group-form [name="unit_%d"]`, k)), mb[2]))
	}
	do(t, ctx, "name the acceptance group", steps...)
	click(t, ctx, "form the acceptance group", ".group-form button[type=submit]")
	for k, op := range []string{"送餐记录完整，抽查与台账一致。", "服务规范，达到合同约定。", "饭菜热乎，每天准时送到。"} {
		form := fmt.Sprintf(`form.opinion-form:has(input[name=member][value="%d"])`, k)
		do(t, ctx, "the opinion of member "+itoa(int64(k)), chromedp.SendKeys(chromedp.CSS(form+` input[name=opinion]`), op))
		click(t, ctx, "record the opinion of member "+itoa(int64(k)), form+" button[type=submit]")
	}
	do(t, ctx, "accept",
		chromedp.Click(chromedp.CSS(`form.decision-form input[name=result][value=accepted]`)),
		chromedp.SendKeys(chromedp.CSS(`form.decision-form textarea[name=reasons]`), "本期服务按合同约定完成，验收组一致同意通过验收。"))
	screenshot(t, ctx, fmt.Sprintf("lifecycle-13-acceptance-%d", i+1))
	click(t, ctx, "decide the acceptance", "form.decision-form button[type=submit]")
	if got := text(t, ctx, fmt.Sprintf("#milestone-%d .milestone-status", m.ID)); !strings.Contains(got, "验收") {
		t.Fatalf("milestone %d after the acceptance: %q", i+1, got)
	}
	notice := run(t, ctx, "the acceptance's link", chromedp.AttributeValue(chromedp.CSS(fmt.Sprintf("#milestone-%d a", m.ID)), "href")).Value
	signOut(t, ctx)
	open(t, ctx, s, notice)
	if body := text(t, ctx, "main"); !strings.Contains(body, "服务对象代表") || !strings.Contains(body, "验收合格") {
		t.Errorf("the public acceptance sheet %s: %q", notice, body)
	}
	click(t, ctx, "the 验收结果公告", `main a[href^="/notices/"]`)
	if got := text(t, ctx, "main"); !strings.Contains(got, "验收结果公告") {
		t.Errorf("the acceptance notice: %q", got)
	}
	screenshot(t, ctx, fmt.Sprintf("lifecycle-14-acceptance-public-%d", i+1))
}

// pay: the supplier requests payment of milestone i, from the supervision
// page's link to its contract's payment-request page, and follows it in its payment list; the purchaser's
// approver approves with its opinion (意见), 西湖区财政局's approver too at
// or above the region's threshold, and its reviewer records the payment.
func (lc *lifeCycle) pay(i int) {
	t, ctx, s := lc.t, lc.ctx, lc.s
	m := lc.c.Milestones[i]
	lc.lcDay(180*i + 175)
	login(t, ctx, s, lc.winner, demo.Password)
	open(t, ctx, s, "/staff/contracts/"+itoa(lc.c.ID)+"/supervision")
	click(t, ctx, "the accepted milestone's payment request link", fmt.Sprintf(`a.request-payment[href$="#request-%d"]`, m.ID))
	form := fmt.Sprintf("#request-%d", m.ID)
	if got := run(t, ctx, "the amount offered", chromedp.Value(chromedp.CSS(form+" input[name=amount]"))); got != m.Amount.Yuan() {
		t.Errorf("the payment form offers %q, want the milestone's %s", got, m.Amount.Yuan())
	}
	do(t, ctx, "the note", chromedp.SendKeys(chromedp.CSS(form+" textarea[name=note]"), fmt.Sprintf("第%d期服务费", i+1)))
	click(t, ctx, "request the payment", form+" button[type=submit]")
	page := path(t, ctx)
	id, err := strconv.ParseInt(strings.TrimPrefix(page, "/payments/"), 10, 64)
	if err != nil {
		t.Fatalf("after the request the browser is at %s: %s", page, text(t, ctx, "main"))
	}
	open(t, ctx, s, "/payments")
	click(t, ctx, "the request in the supplier's list", `#payments a[href="`+page+`"]`)
	screenshot(t, ctx, fmt.Sprintf("lifecycle-15-payment-requested-%d", i+1))
	signOut(t, ctx)

	decide := func(user, verb, opinion string) {
		login(t, ctx, s, user, demo.Password)
		open(t, ctx, s, page)
		if opinion != "" {
			do(t, ctx, user+"'s opinion", chromedp.SendKeys(chromedp.ID("opinion-"+verb), opinion))
		}
		click(t, ctx, user+" "+verb, `form[action="`+page+`/`+verb+`"] button[type=submit]`)
		signOut(t, ctx)
	}
	decide("xihu.minzheng.approver", "approve", "经核验已验收，同意支付。")
	pr, err := s.Store.PaymentRequest(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if pr.NeedFinance {
		decide("xihu.approver", "finance-approve", "符合预算和合同约定，同意支付。")
	}
	decide("xihu.reviewer", "pay", "")
	if pr, err = s.Store.PaymentRequest(context.Background(), id); err != nil || pr.Status != goumai.PaymentPaid {
		t.Fatalf("the payment of milestone %d: %s %v", i+1, pr.Status, err)
	}
	login(t, ctx, s, lc.winner, demo.Password)
	open(t, ctx, s, page)
	if got := text(t, ctx, ".purchaser-opinion"); !strings.Contains(got, "同意支付") {
		t.Errorf("the supplier sees the opinion %q", got)
	}
	// The last milestone's payment is the final one, after the grade.
	if final := eval[int](t, ctx, "the deduction", `document.querySelectorAll(".deduction").length`) == 1; final != (i == len(lc.c.Milestones)-1) {
		t.Errorf("payment %d: shown as final %v", i+1, final)
	}
	screenshot(t, ctx, fmt.Sprintf("lifecycle-16-paid-%d", i+1))
	signOut(t, ctx)
}

// evaluatePerformance: the purchaser starts its self-evaluation and issues
// one-time survey codes; three service users answer the public survey with
// them; the purchaser scores the other indicators and publishes: the
// satisfaction indicators take the survey's result, the grade is public.
func (lc *lifeCycle) evaluatePerformance() {
	t, ctx, s := lc.t, lc.ctx, lc.s
	page := "/staff/contracts/" + itoa(lc.c.ID) + "/performance"
	lc.lcDay(355)
	login(t, ctx, s, "xihu.minzheng", demo.Password)
	open(t, ctx, s, "/staff/contracts/"+itoa(lc.c.ID))
	click(t, ctx, "the performance link", `#performing a[href="`+page+`"]`)
	click(t, ctx, "start the self-evaluation", "#perf-start button[type=submit]")
	do(t, ctx, "three codes", chromedp.SetValue(chromedp.ID("count"), "3"))
	click(t, ctx, "issue the codes", `#perf-survey button[type=submit]`)
	codes := eval[[]string](t, ctx, "the codes", `[...document.querySelectorAll("#perf-codes code")].map(c => c.textContent.trim())`)
	if len(codes) != 3 {
		t.Fatalf("survey codes: %q", codes)
	}
	signOut(t, ctx)

	for k, code := range codes {
		s.Clock.Set(s.Clock.Now().Add(time.Duration(k+1) * 37 * time.Minute))
		open(t, ctx, s, "/survey")
		n := eval[int](t, ctx, "questions", `document.querySelectorAll("fieldset.rating").length`)
		steps := []chromedp.Action[chromedp.Void]{chromedp.SendKeys(chromedp.ID("code"), code)}
		for q := 0; q < n; q++ {
			steps = append(steps, chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name="q%d"][value="%d"]`, q, 5-(q+k)%2))))
		}
		steps = append(steps, chromedp.SendKeys(chromedp.ID("comment"), "送餐准时，饭菜可口。"))
		do(t, ctx, "answer the survey", steps...)
		click(t, ctx, "send the answers", `#survey button[type=submit]`)
		if got := text(t, ctx, `p.flash[role="status"]`); !strings.Contains(got, "感谢") {
			t.Fatalf("the survey with code %d: %s", k, text(t, ctx, "main"))
		}
	}
	screenshot(t, ctx, "lifecycle-17-survey")

	login(t, ctx, s, "xihu.minzheng", demo.Password)
	open(t, ctx, s, page)
	// Every indicator but satisfaction (which the survey scores) at 90 %.
	eval[bool](t, ctx, "score the indicators", `(() => {
		for (const r of document.querySelectorAll("section[id^=evaluation-] tbody tr")) {
			const s = r.querySelector("input[name^='score.']");
			if (s && !r.cells[1].textContent.includes("满意")) { s.value = "90"; r.querySelector("textarea").value = "对照台账和验收记录评价。"; }
		}
		return true })()`)
	do(t, ctx, "the summary", chromedp.SetValue(chromedp.CSS(`section[id^=evaluation-] textarea[name=summary]`), "项目按合同完成，服务对象满意度高。"))
	click(t, ctx, "publish the evaluation", `section[id^=evaluation-] button[value=publish]`)
	if got := text(t, ctx, "#perf-grade"); !strings.Contains(got, "·") {
		t.Fatalf("the grade after publishing: %q: %s", got, text(t, ctx, "main"))
	}
	screenshot(t, ctx, "lifecycle-18-performance")
	signOut(t, ctx)
	open(t, ctx, s, "/contracts/"+itoa(lc.c.ID)+"/performance")
	screenshot(t, ctx, "lifecycle-19-performance-public")
}

// closed: the last payment closed the project; its public history shows
// the timeline to the closure, and its records are read-only.
func (lc *lifeCycle) closed() {
	t, ctx, s := lc.t, lc.ctx, lc.s
	bg := context.Background()
	p, err := s.Store.Project(bg, lc.project.ID)
	if err != nil || p.Status != goumai.ProjectClosed {
		t.Fatalf("the project after its last payment: %s %v", p.Status, err)
	}
	// goumai serve signs a checkpoint every ten seconds: then every event of
	// the timeline has its inclusion proof.
	if _, err := s.Store.Checkpoint(bg); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, s, "/projects/"+itoa(p.ID))
	click(t, ctx, "the project's public record", "#history-link")
	body := text(t, ctx, "main")
	if !strings.Contains(body, "项目结项关闭") {
		t.Errorf("the timeline does not end with the closure: %q", body)
	}
	if strings.Contains(body, "待下一个检查点") {
		t.Errorf("the timeline has events without their inclusion proof: %q", body)
	}
	for _, want := range []string{"结项", "合同", "验收", "支付"} {
		if !strings.Contains(body, want) {
			t.Errorf("the project's timeline lacks %s: %q", want, body)
		}
	}
	screenshot(t, ctx, "lifecycle-20-history")
	// A change to the closed project's records is refused (ENG-I2): the
	// ledger form, if the page still offers it, is refused naming the rule.
	login(t, ctx, s, lc.winner, demo.Password)
	open(t, ctx, s, "/staff/contracts/"+itoa(lc.c.ID)+"/supervision")
	if n := eval[int](t, ctx, "the ledger form", `document.querySelectorAll("#report-form").length`); n == 1 {
		do(t, ctx, "write a late ledger entry",
			chromedp.SetValue(chromedp.ID("report_on"), s.Clock.Now().In(goumai.Shanghai).Format(time.DateOnly)),
			chromedp.SendKeys(chromedp.ID("content"), "结项后补记。"), chromedp.SendKeys(chromedp.ID("quantity"), "1"), chromedp.SendKeys(chromedp.ID("unit"), "餐"))
		if st := follow(t, ctx, "add a ledger entry after the closure", chromedp.Click(chromedp.CSS("#report-form button[type=submit]"))); st != 409 {
			t.Errorf("a ledger entry on the closed project: status %d, want 409", st)
		}
		if got := text(t, ctx, "main"); !strings.Contains(got, "ENG-I2") {
			t.Errorf("the refusal does not name ENG-I2: %q", got)
		}
	} else { // no form: the API refuses it
		js := `fetch("/api/v1/contracts/` + itoa(lc.c.ID) + `/progress-reports", {method: "POST", headers: {"Content-Type": "application/json",
			Authorization: "Bearer " + ` + jsString(apiToken(t, ctx, lc.winner)) + `}, body: JSON.stringify({report_on: "2027-03-10", content: "结项后补记。", quantity: 1, unit: "餐"})}).then(async r => r.status + " " + await r.text())`
		if got := run(t, ctx, "a late ledger entry", chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise)); !strings.HasPrefix(got, "409") || !strings.Contains(got, "ENG-I2") {
			t.Errorf("a ledger entry on the closed project: %s", got)
		}
	}
	signOut(t, ctx)
}
