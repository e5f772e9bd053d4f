package e2e

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
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
	evalAt  time.Time // the evaluation's day and hour
	panel   []string  // the usernames of the panel: drawn experts, then the purchaser's representative
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
	s := startSite(t, sealed) // the demo world has the catalogue and budget lines; the seal key takes bids
	svc := workflow.New(s.Store)
	sealed(svc)
	lc := &lifeCycle{t: t, ctx: ctx, s: s, svc: svc}
	lc.apply()
	lc.procure()
	lc.bid("supplier.kangning", "1", "268000.00", "中央厨房统一配餐，专车保温送餐，每日留样，建立一人一档的饮食禁忌记录。")
	lc.bid("supplier.xiyanghong", "2", "276500.00", "社区食堂就近配餐，志愿者协助送餐，按季节调整菜单。")
	lc.open()
	lc.drawPanel()
	lc.evaluate()
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

// bid: the supplier registers a new Ed25519 key (through the use case, as
// TestBrowserBid does: the key pair is made on the supplier's own device),
// then in the browser follows the bid link of the procedure's public page,
// drafts its price and response, signs the draft's commitment with the key
// file (WebCrypto: the key never leaves the browser) and submits it.
func (lc *lifeCycle) bid(user, n, price, plan string) {
	t, ctx, s := lc.t, lc.ctx, lc.s
	a := demoActor(t, s, user)
	key, pub, reg := awNewKey(t, lc.svc, a, "投标签名密钥（全流程浏览器测试）")
	pemText, err := key.PEM()
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "key-"+n+".pem")
	if err := os.WriteFile(keyFile, pemText, 0o600); err != nil {
		t.Fatal(err)
	}
	bidPage := fmt.Sprintf("/procurements/%d/lots/%d/bid", lc.proc.ID, lc.lot.ID)
	login(t, ctx, s, user, demo.Password)
	open(t, ctx, s, "/procurements/"+itoa(lc.proc.ID))
	click(t, ctx, "follow the bid link", `#bid-links a[href="`+bidPage+`"]`)
	do(t, ctx, "fill in the draft",
		chromedp.Clear(chromedp.ID("price")), chromedp.SendKeys(chromedp.ID("price"), price),
		chromedp.SendKeys(chromedp.ID("resp_0"), plan))
	click(t, ctx, "save the draft", "#save-bid")
	commitment := text(t, ctx, "#commitment")
	do(t, ctx, "sign in the browser",
		chromedp.SetValue(chromedp.ID("key_id"), reg.ID),
		chromedp.SetUploadFiles(chromedp.ID("sign-key"), []string{keyFile}),
		chromedp.Click(chromedp.ID("sign-btn")))
	sig := run(t, ctx, "wait for the signature",
		chromedp.Poll[string](`document.getElementById("signature").value.trim() || null`, chromedp.WithPollingInterval(50*time.Millisecond)))
	raw, err := base64.StdEncoding.DecodeString(sig)
	if err != nil || goumai.VerifySignature(pub, goumai.BidSigningMessage(commitment), raw) != nil {
		t.Fatalf("%s's signature %q does not verify (%v)", user, sig, err)
	}
	click(t, ctx, "submit the bid", "#submit-bid")
	if got := text(t, ctx, "#bid-status"); got != "已递交" {
		t.Fatalf("%s's bid: %q: %s", user, got, text(t, ctx, "main"))
	}
	screenshot(t, ctx, "lifecycle-03-bid-"+n)
	signOut(t, ctx)
}

// open: at the deadline the scheduler closes the bids and opens them (开标);
// the opening record is public.
func (lc *lifeCycle) open() {
	t, ctx, s := lc.t, lc.ctx, lc.s
	s.Clock.Set(lc.proc.Periods.BidDeadline.Add(time.Minute))
	if _, err := lc.svc.Tick(context.Background()); err != nil {
		t.Fatalf("tick: %v", err)
	}
	p, err := s.Store.Procurement(context.Background(), lc.proc.ID)
	if err != nil || p.Status != goumai.ProcEvaluation {
		t.Fatalf("after the deadline the procedure is %s (%v), want evaluation", p.Status, err)
	}
	lc.proc = p
	open(t, ctx, s, "/procurements/"+itoa(p.ID))
	href := eval[string](t, ctx, "the opening record's link", `[...document.querySelectorAll("a[href^='/notices/']")].filter(a => a.textContent.includes("开标记录")).map(a => a.getAttribute("href"))[0] || ""`)
	if href == "" {
		t.Fatal("no opening record on the public page")
	}
	open(t, ctx, s, href)
	if n := eval[int](t, ctx, "opened bids", `document.querySelectorAll(".nb-opened").length`); n != 2 {
		t.Errorf("the opening record lists %d bids, want 2", n)
	}
	screenshot(t, ctx, "lifecycle-04-opening")
}

// drawPanel: 西湖区财政局's reviewer (supervising) and the organiser each
// commit to a secret generated in the browser; the organiser requests a
// panel of three, one the purchaser's; both reveal and two experts are
// drawn; the purchaser seats its representative.
func (lc *lifeCycle) drawPanel() {
	t, ctx, s := lc.t, lc.ctx, lc.s
	panelPage := "/procurements/" + itoa(lc.proc.ID) + "/panel"
	login(t, ctx, s, "xihu.reviewer", demo.Password)
	open(t, ctx, s, panelPage)
	supSecret := awCommit(t, ctx, "supervisor")
	signOut(t, ctx)

	login(t, ctx, s, "xihu.minzheng", demo.Password)
	open(t, ctx, s, panelPage)
	orgSecret := awCommit(t, ctx, "organizer")
	cal, err := s.Store.Calendar(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	next := cal.AddWorkingDays(s.Clock.Now(), 1).In(goumai.Shanghai)
	lc.evalAt = time.Date(next.Year(), next.Month(), next.Day(), 9, 30, 0, 0, goumai.Shanghai)
	do(t, ctx, "fill the request",
		chromedp.SetValue(chromedp.ID("evaluation_at"), lc.evalAt.Format("2006-01-02T15:04")),
		chromedp.SendKeys(chromedp.ID("panel_size"), "3"),
		chromedp.SendKeys(chromedp.ID("purchaser_reps"), "1"),
		chromedp.SendKeys(chromedp.ID("speciality"), "A0101"))
	click(t, ctx, "request the draw", "#request-draw")
	ds, err := s.Store.Draws(context.Background(), lc.proc.ID)
	if err != nil || len(ds) != 1 {
		t.Fatalf("draws: %v %v: %s", ds, err, text(t, ctx, "main"))
	}
	awReveal(t, ctx, "organizer", ds[0].ID, orgSecret)
	signOut(t, ctx)

	login(t, ctx, s, "xihu.reviewer", demo.Password)
	open(t, ctx, s, panelPage)
	awReveal(t, ctx, "supervisor", ds[0].ID, supSecret)
	if got := text(t, ctx, "#count-experts"); got != "2" {
		t.Errorf("experts seated: %q, want 2", got)
	}
	signOut(t, ctx)

	login(t, ctx, s, "xihu.minzheng", demo.Password)
	open(t, ctx, s, panelPage)
	do(t, ctx, "name the representative", chromedp.SendKeys(chromedp.ID("rep-username"), awRep))
	click(t, ctx, "seat the representative", "#seat-representative")
	screenshot(t, ctx, "lifecycle-05-panel")
	signOut(t, ctx)
	experts, _ := awExperts(t, s, lc.proc)
	if len(experts) != 2 {
		t.Fatalf("experts seated: %q", experts)
	}
	lc.panel = append(experts, awRep)
}

// evaluate: on the day, the first expert reviews each response's
// qualification and compliance (a 磋商's panel does both) on the review
// page; every member of the panel scores every response on the scoring
// screen; the organiser issues the report.
func (lc *lifeCycle) evaluate() {
	t, ctx, s := lc.t, lc.ctx, lc.s
	s.Clock.Set(lc.evalAt)
	base := fmt.Sprintf("/staff/procurements/%d/evaluation/lots/%d/", lc.proc.ID, lc.lot.ID)
	opening, err := lc.svc.OpeningRecord(context.Background(), demoActor(t, s, "xihu.minzheng"), lc.proc.ID)
	if err != nil || len(opening.Bids) != 2 {
		t.Fatalf("the opening: %v %v", opening.Bids, err)
	}
	for k, x := range lc.panel {
		login(t, ctx, s, x, demo.Password)
		if k == 0 {
			open(t, ctx, s, base+"review")
			for _, o := range opening.Bids {
				b := itoa(o.ID)
				for _, stage := range []string{"qualification", "compliance"} {
					do(t, ctx, stage+" of "+o.Supplier, chromedp.SetValue(chromedp.ID("stage-"+b), stage), chromedp.Click(chromedp.ID("pass-"+b)))
					click(t, ctx, "save the "+stage+" of "+o.Supplier, "#review-"+b)
				}
			}
			screenshot(t, ctx, "lifecycle-06-review")
		}
		open(t, ctx, s, base+"score")
		for j, o := range opening.Bids {
			b := itoa(o.ID)
			var steps []chromedp.Action[chromedp.Void]
			for i, it := range lc.proc.Documents.Scoring {
				if it.Factor == goumai.FactorPrice {
					continue
				}
				rg := it.Ranges[j%2]
				steps = append(steps, chromedp.SetValue(chromedp.ID(fmt.Sprintf("p-%s-%d", b, i)), itoa(int64(rg.Points))),
					chromedp.SetValue(chromedp.ID(fmt.Sprintf("r-%s-%d", b, i)), "评审意见：符合“"+rg.Condition+"”档。"))
			}
			do(t, ctx, x+" scores "+o.Supplier, steps...)
			click(t, ctx, x+" saves the scores of "+o.Supplier, "#f-"+b+" button")
		}
		if k == 0 {
			screenshot(t, ctx, "lifecycle-07-scored")
		}
		signOut(t, ctx)
	}
	s.Clock.Set(lc.evalAt.Add(3 * time.Hour))
	login(t, ctx, s, "xihu.minzheng", demo.Password)
	open(t, ctx, s, "/staff/procurements/"+itoa(lc.proc.ID))
	click(t, ctx, "send the report", "#send-report")
	if got := text(t, ctx, ".flash"); !strings.Contains(got, "评审报告已出具") {
		t.Fatalf("after the report: %q %s", got, text(t, ctx, "main"))
	}
	signOut(t, ctx)
}
