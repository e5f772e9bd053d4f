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
	evalAt  time.Time        // the evaluation's day and hour
	panel   []string         // the usernames of the panel: drawn experts, then the purchaser's representative
	keys    map[string]lcKey // each signing party's key, by username
	winner  string           // the winning supplier's username
	c       goumai.Contract
}

// lcKey is a party's signing key: the PKCS #8 file on its disk and the id
// of its registered public half.
type lcKey struct{ file, id string }

// lcTitle is the project's title, unique in the demo world.
const lcTitle = "2026年西湖区高龄独居老人助餐服务"

// TestBrowserLifeCycle is one project from application to closure (issue 10
// item 9) in Chromium, each role signed in through the login page with its
// demo account, the fake clock moved between steps: the purchaser's staff
// apply (项目申报) and the review chain approves (项目评审); the purchaser
// starts a 竞争性磋商, drafts and publishes its documents; two suppliers sign
// and submit sealed responses; the deadline opens them; the panel is drawn
// by commit and reveal, reviews and scores; the report, the qualification
// (资质审核), the confirmation with its opinion and the result notice; the
// contract drafted, written and signed by both parties; the supplier's
// 台账; each of two milestones submitted, accepted by a group with a service
// users' representative (验收结果公告 public), its payment requested,
// approved with 意见 and recorded by finance; between them the performance
// evaluation with a public survey answered with one-time codes, published;
// the final payment closes the project, whose public record shows the
// timeline to the closure; its records are read-only; the log verifies.
// Key pairs are made in Go, as goumai keygen on a party's own device; the
// suppliers register theirs on their profile page, the purchaser through
// the use case (no page registers a purchaser's key); the scheduler's tick
// opens the bids, as in the other browser tests.
func TestBrowserLifeCycle(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	s := startSite(t, sealed) // the demo world has the catalogue and budget lines; the seal key takes bids
	svc := workflow.New(s.Store)
	sealed(svc)
	lc := &lifeCycle{t: t, ctx: ctx, s: s, svc: svc, keys: map[string]lcKey{}}
	lc.apply()
	lc.procure()
	lc.bid("supplier.kangning", "1", "268000.00", "中央厨房统一配餐，专车保温送餐，每日留样，建立一人一档的饮食禁忌记录。")
	lc.bid("supplier.xiyanghong", "2", "276500.00", "社区食堂就近配餐，志愿者协助送餐，按季节调整菜单。")
	lc.open()
	lc.drawPanel()
	lc.evaluate()
	lc.award()
	lc.contract()
	lc.ledger()
	lc.deliver(0)
	lc.pay(0)
	lc.deliver(1)
	lc.evaluatePerformance()
	lc.pay(1)
	lc.closed()
	awLogVerifies(t, s)
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
	steps = append(steps, fillScoringItem(0, "报价", "price", "30", "最后报价最低的为基准价，其价格分为满分；其他报价得分=基准价/报价×30")...)
	steps = append(steps, fillScoringItem(1, "服务方案", "technical", "40", "按方案对配餐、送餐和食品安全的覆盖程度评分",
		"三项均覆盖且措施具体", "40", "覆盖两项", "25", "覆盖一项及以下", "5")...)
	steps = append(steps, fillScoringItem(2, "持证厨师和送餐人员", "service", "30", "拟派持证人员的人数", "≥10人", "30", "5–9人", "15", "<5人", "0")...)
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

// lcKeyFile makes a new Ed25519 key pair as goumai keygen does: the private
// key a PKCS #8 PEM file named name, and its public half.
func lcKeyFile(t *testing.T, name string) (string, goumai.PublicKey) {
	t.Helper()
	key, err := goumai.GenerateSigningKey(goumai.AlgEd25519, nil)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := key.Public()
	if err != nil {
		t.Fatal(err)
	}
	pemText, err := key.PEM()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, pemText, 0o600); err != nil {
		t.Fatal(err)
	}
	return file, pub
}

// fillScoringItem fills scoring item i of the drafting form, with its ranges
// (condition, points, …).
func fillScoringItem(i int, name, factor, points, rule string, ranges ...string) []chromedp.Action[chromedp.Void] {
	k := fmt.Sprintf("documents.scoring.%d.", i)
	steps := []chromedp.Action[chromedp.Void]{chromedp.SetValue(byName(k+"name"), name), chromedp.SetValue(byName(k+"factor"), factor),
		chromedp.SetValue(byName(k+"points"), points), chromedp.SetValue(byName(k+"rule"), rule)}
	for j := 0; j+1 < len(ranges); j += 2 {
		rk := fmt.Sprintf("%sranges.%d.", k, j/2)
		steps = append(steps, chromedp.SetValue(byName(rk+"condition"), ranges[j]), chromedp.SetValue(byName(rk+"points"), ranges[j+1]))
	}
	return steps
}

// bid: the supplier makes a new Ed25519 key pair on its own device (here,
// in Go: goumai keygen would do) and registers its public half on its
// profile page; then in the browser follows the bid link of the
// procedure's public page, drafts its price and response, signs the
// draft's commitment with the key file (WebCrypto: the key never leaves the
// browser) and submits it.
func (lc *lifeCycle) bid(user, n, price, plan string) {
	t, ctx, s := lc.t, lc.ctx, lc.s
	keyFile, pub := lcKeyFile(t, "key-"+n+".pem")
	lc.keys[user] = lcKey{file: keyFile, id: pub.ID}
	login(t, ctx, s, user, demo.Password)
	open(t, ctx, s, "/staff/supplier")
	do(t, ctx, "the public key",
		chromedp.SetValue(chromedp.ID("public_key"), string(pub.PEM)),
		chromedp.SendKeys(chromedp.ID("key_label"), "投标和合同签名密钥"))
	click(t, ctx, "register the key", "#add-key")
	if n := eval[int](t, ctx, "the registered key", `document.querySelectorAll("#keys tr[id='key-`+pub.ID+`']").length`); n != 1 {
		t.Fatalf("%s's key is not registered: %s", user, text(t, ctx, "main"))
	}
	bidPage := fmt.Sprintf("/procurements/%d/lots/%d/bid", lc.proc.ID, lc.lot.ID)
	open(t, ctx, s, "/procurements/"+itoa(lc.proc.ID))
	click(t, ctx, "follow the bid link", `#bid-links a[href="`+bidPage+`"]`)
	do(t, ctx, "fill in the draft",
		chromedp.Clear(chromedp.ID("price")), chromedp.SendKeys(chromedp.ID("price"), price),
		chromedp.SendKeys(chromedp.ID("resp_0"), plan))
	click(t, ctx, "save the draft", "#save-bid")
	commitment := text(t, ctx, "#commitment")
	do(t, ctx, "sign in the browser",
		chromedp.SetValue(chromedp.ID("key_id"), pub.ID),
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

// award: the next working day the purchaser qualifies rank 1 (资质审核) from
// its to-do list, confirms it with an opinion and publishes the result
// notice, which the public reads.
func (lc *lifeCycle) award() {
	t, ctx, s := lc.t, lc.ctx, lc.s
	bg := context.Background()
	cal, err := s.Store.Calendar(bg)
	if err != nil {
		t.Fatal(err)
	}
	next := cal.AddWorkingDays(lc.evalAt, 1).In(goumai.Shanghai)
	s.Clock.Set(time.Date(next.Year(), next.Month(), next.Day(), 10, 0, 0, 0, goumai.Shanghai))
	staffPage := "/staff/procurements/" + itoa(lc.proc.ID)
	login(t, ctx, s, "xihu.minzheng", demo.Password)
	qualPage := workflow.QualificationLink(lc.proc.ID)
	click(t, ctx, "the qualification to-do item", `#todo-list a[href="`+qualPage+`"]`)
	eval[bool](t, ctx, "find every condition met by the first proof", `(() => {
		document.querySelectorAll('#qual-form-1 input[name^="met_"]').forEach(c => { c.checked = true });
		document.querySelectorAll('#qual-form-1 select[name^="evidence_"]').forEach(s => { s.selectedIndex = 1 });
		return true })()`)
	do(t, ctx, "write the opinion", chromedp.SetValue(chromedp.ID("opinion-1"), "经审核，符合磋商文件规定的资格条件，信用记录查询无异常。"))
	click(t, ctx, "record the review", "#qualify-1")
	if got := text(t, ctx, ".qual-review"); !strings.Contains(got, "资质审核通过") {
		t.Fatalf("the qualification: %q", got)
	}
	screenshot(t, ctx, "lifecycle-08-qualified")
	open(t, ctx, s, "/staff")
	click(t, ctx, "the confirmation to-do item", `#todo-list a[href="`+staffPage+`"]`)
	do(t, ctx, "write the opinion", chromedp.SetValue(chromedp.ID("opinion"), "同意磋商小组推荐的第一名。"))
	click(t, ctx, "confirm", "#confirm-result")
	click(t, ctx, "publish the result", "#publish-result")
	if got := text(t, ctx, ".flash"); !strings.Contains(got, "结果公告已发布") {
		t.Fatalf("after publishing the result: %q", got)
	}
	signOut(t, ctx)
	awards, err := s.Store.Awards(bg, lc.proc.ID)
	if err != nil || len(awards) != 1 {
		t.Fatalf("awards: %v %v", awards, err)
	}
	for _, u := range []string{"supplier.kangning", "supplier.xiyanghong"} {
		if demoActor(t, s, u).Org.ID == awards[0].OrgID {
			lc.winner = u
		}
	}
	open(t, ctx, s, "/procurements/"+itoa(lc.proc.ID))
	href := eval[string](t, ctx, "the result notice's link", `[...document.querySelectorAll("a[href^='/notices/']")].filter(a => a.textContent.includes("结果公告")).map(a => a.getAttribute("href"))[0] || ""`)
	if href == "" {
		t.Fatal("no result notice on the public page")
	}
	open(t, ctx, s, href)
	if got := text(t, ctx, ".nb-winner"); got != demoActor(t, s, lc.winner).Org.Name {
		t.Errorf("the result notice's winner: %q, want %s", got, lc.winner)
	}
	screenshot(t, ctx, "lifecycle-09-result-notice")
}

// contract: the purchaser drafts the contract from the procedure's page and
// writes its ENG-H2 terms and two milestones (the second the final
// payment); the supplier, then the purchaser, sign its hash in the browser
// with their key files; the purchaser enters it for statistics; the
// 合同公告 is public.
func (lc *lifeCycle) contract() {
	t, ctx, s := lc.t, lc.ctx, lc.s
	bg := context.Background()
	// The purchaser's key pair, made on its own device, its public half
	// registered on the organisation's signing-keys page.
	staff := demoActor(t, s, "xihu.minzheng")
	keyFile, pub := lcKeyFile(t, "purchaser.pem")
	lc.keys["xihu.minzheng"] = lcKey{file: keyFile, id: pub.ID}

	login(t, ctx, s, "xihu.minzheng", demo.Password)
	open(t, ctx, s, "/staff/orgs/"+itoa(staff.Org.ID)+"/signing-keys")
	do(t, ctx, "the purchaser's public key",
		chromedp.SetValue(chromedp.ID("public_key"), string(pub.PEM)),
		chromedp.SendKeys(chromedp.ID("key_label"), "合同专用章（全流程浏览器测试）"))
	click(t, ctx, "register the purchaser's key", "#add-key")
	if n := eval[int](t, ctx, "the registered key", `document.querySelectorAll("#keys tr[id='key-`+pub.ID+`']").length`); n != 1 {
		t.Fatalf("the purchaser's key is not registered: %s", text(t, ctx, "main"))
	}
	open(t, ctx, s, "/staff/procurements/"+itoa(lc.proc.ID))
	click(t, ctx, "draft the contract", "#draft-contract-"+itoa(lc.lot.ID))
	cs, err := s.Store.Contracts(bg, lc.proc.ID)
	if err != nil || len(cs) != 1 {
		t.Fatalf("contracts: %v %v", cs, err)
	}
	c := cs[0]
	page := "/staff/contracts/" + itoa(c.ID)
	if got := path(t, ctx); got != page {
		t.Fatalf("after drafting the browser is at %s, want %s", got, page)
	}
	first := c.Amount * 6 / 10
	mid, err := time.ParseInLocation(time.DateOnly, c.StartOn, goumai.Shanghai)
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]string{"terms.service_content": "为辖区高龄独居老人提供午餐配送，每日一次。", "terms.quantity": "120人，全年约3万餐",
		"terms.quality": "符合食品安全标准，送达时餐食温度不低于60℃", "terms.price": "固定总价", "terms.settlement": "按期验收合格后30日内支付",
		"terms.rights_obligations": "按磋商文件约定", "terms.breach_liability": "未按约定送餐的，每缺1餐扣减服务费30元", "terms.place": "杭州市西湖区各街道",
		"milestones.0.title": "上半期服务", "milestones.0.deliverables": "送餐记录、留样记录", "milestones.0.due_on": mid.AddDate(0, 6, 0).Format(time.DateOnly),
		"milestones.0.amount": first.Yuan(), "milestones.1.title": "下半期服务", "milestones.1.deliverables": "送餐记录、服务总结",
		"milestones.1.due_on": c.EndOn, "milestones.1.amount": (c.Amount - first).Yuan()}
	var steps []chromedp.Action[chromedp.Void]
	for k, v := range fields {
		steps = append(steps, chromedp.SetValue(chromedp.CSS(`[id="`+k+`"]`), strings.ReplaceAll(v, ",", "")))
	}
	do(t, ctx, "write the terms and milestones", steps...)
	click(t, ctx, "save the contract", "#save-contract")
	if n := eval[int](t, ctx, "errors", `document.querySelectorAll("#form-error").length`); n != 0 {
		t.Fatalf("the contract's form: %s", text(t, ctx, "#form-error"))
	}
	screenshot(t, ctx, "lifecycle-10-contract-draft")
	signOut(t, ctx)
	for _, u := range []string{lc.winner, "xihu.minzheng"} {
		lc.sign(u, page)
	}
	login(t, ctx, s, "xihu.minzheng", demo.Password)
	open(t, ctx, s, page)
	click(t, ctx, "enter for statistics", "#enter-stats")
	signOut(t, ctx)
	if lc.c, err = s.Store.Contract(bg, c.ID); err != nil || lc.c.Status != goumai.ContractSigned || len(lc.c.Milestones) != 2 {
		t.Fatalf("the contract after both signatures: %s, %d milestones, %v", lc.c.Status, len(lc.c.Milestones), err)
	}
	open(t, ctx, s, "/contracts/"+itoa(c.ID))
	screenshot(t, ctx, "lifecycle-11-contract-public")
}

// sign: user signs the contract's hash on its page with its key file.
func (lc *lifeCycle) sign(user, page string) {
	t, ctx, s := lc.t, lc.ctx, lc.s
	k := lc.keys[user]
	login(t, ctx, s, user, demo.Password)
	open(t, ctx, s, page)
	do(t, ctx, user+" signs in the browser",
		chromedp.SetValue(chromedp.ID("key_id"), k.id),
		chromedp.SetUploadFiles(chromedp.ID("sign-key"), []string{k.file}),
		chromedp.Click(chromedp.ID("sign-btn")))
	run(t, ctx, "wait for "+user+"'s signature",
		chromedp.Poll[string](`document.getElementById("signature").value.trim() || null`, chromedp.WithPollingInterval(50*time.Millisecond)))
	click(t, ctx, user+" signs", "#sign-contract")
	if n := eval[int](t, ctx, "errors", `document.querySelectorAll("#sign .form-error").length`); n != 0 {
		t.Fatalf("%s's signature: %s", user, text(t, ctx, "#sign"))
	}
	signOut(t, ctx)
}
