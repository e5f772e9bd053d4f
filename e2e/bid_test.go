package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// e2eSealer is the browser tests' seal key: goumai serve --demo loads one, so
// the demo has its sealed bids and the bid pages take new ones.
var e2eSealer = func() *goumai.Sealer {
	sl, err := goumai.NewSealer([]byte("goumai e2e tests' seal key, 32 B"))
	if err != nil {
		panic(err)
	}
	return sl
}()

// sealed gives the service the tests' seal key (a startSite setup).
func sealed(svc *workflow.Service) { svc.Sealer = e2eSealer }

// openTender is the demo's open tender taking bids (困境儿童关爱保护服务) and its first lot.
func openTender(t *testing.T, s site) (goumai.Procurement, goumai.Lot) {
	t.Helper()
	ctx := context.Background()
	staff := demoActor(t, s, "xihu.minzheng")
	ps, err := s.Store.FindProcurements(ctx, sqlstore.ProcurementFilter{OrgID: staff.Org.ID, Statuses: []goumai.ProcurementStatus{goumai.ProcTendering}, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if strings.Contains(p.Title, "困境儿童关爱保护服务") {
			lots, err := s.Store.Lots(ctx, p.ID)
			if err != nil || len(lots) == 0 {
				t.Fatalf("lots of %s: %v", p.Title, err)
			}
			return p, lots[0]
		}
	}
	t.Fatal("no demo open tender 困境儿童关爱保护服务 taking bids")
	return goumai.Procurement{}, goumai.Lot{}
}

// status reads path in the browser and returns its HTTP status and text: a
// page by navigating to it, an API path (which takes bearer tokens only) by
// a fetch with the token.
func status(t *testing.T, ctx context.Context, s site, path, token string) (int64, string) {
	t.Helper()
	if strings.HasPrefix(path, "/api/") {
		got := run(t, ctx, "fetch "+path, chromedp.Evaluate[struct {
			Status int64  `json:"status"`
			Text   string `json:"text"`
		}](`fetch(`+jsString(path)+`, {headers: {Authorization: "Bearer " + `+jsString(token)+`}}).then(async r => ({status: r.status, text: await r.text()}))`, chromedp.EvalAwaitPromise))
		return got.Status, got.Text
	}
	resp := run(t, ctx, "open "+path, chromedp.NavigateResponse(s.URL+path))
	return resp.Status, eval[string](t, ctx, "the text of "+path, `document.body ? document.body.innerText : ""`)
}

// apiToken signs user in through the API from the browser and returns the bearer token.
func apiToken(t *testing.T, ctx context.Context, user string) string {
	t.Helper()
	return run(t, ctx, "API sign-in of "+user, chromedp.Evaluate[string](`fetch("/api/v1/auth/login", {method: "POST", headers: {"Content-Type": "application/json"},
		body: JSON.stringify({username: `+jsString(user)+`, password: `+jsString(demo.Password)+`})}).then(r => r.ok ? r.json() : Promise.reject(r.status)).then(b => b.token)`, chromedp.EvalAwaitPromise))
}

// signOut signs out through the masthead's form.
func signOut(t *testing.T, ctx context.Context) {
	t.Helper()
	click(t, ctx, "sign out", `form[action="/logout"] button`)
}

// TestBrowserBid is a sealed bid from the supplier's browser (issue 8): 杭州康宁
// registers an Ed25519 key (through the use case), then in Chromium opens the
// demo's open tender, follows the bid link, drafts its price and response,
// seals a PDF, signs the draft's commitment in the browser with WebCrypto
// from its PKCS #8 key file (which never leaves the browser) and submits it;
// the receipt it downloads verifies against the log. The purchaser, the
// agency, the auditor and another supplier try every way of reading the bid
// early in the same browser — the pages, the document, the API — and each is
// refused without a trace of the price or the commitment, and recorded as a
// security alert. At the deadline the scheduler closes the procedure: the bid
// page takes nothing more and a late save is refused naming the rule. The
// transparency log verifies at the end.
func TestBrowserBid(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	s := startSite(t, sealed)
	svc := workflow.New(s.Store)
	sealed(svc)
	bg := context.Background()
	p, lot := openTender(t, s)
	bidPage := fmt.Sprintf("/procurements/%d/lots/%d/bid", p.ID, lot.ID)

	// 杭州康宁's new Ed25519 key: the public half registered, the private
	// half a PKCS #8 PEM file on the supplier's disk.
	kangning := demoActor(t, s, "supplier.kangning")
	key, pub, reg := awNewKey(t, svc, kangning, "投标签名密钥（浏览器测试）")
	pemText, err := key.PEM()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "kangning-ed25519.pem")
	pdfFile := filepath.Join(dir, "康宁投标技术方案.pdf")
	if err := os.WriteFile(keyFile, pemText, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pdfFile, []byte("%PDF-1.7\n% 杭州康宁投标技术方案（浏览器上传）\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	const price, shown = "543210.88", "543,210.88"
	const plan = "按街道分片配备社工，每周走访困境儿童家庭，建立一人一档。"
	var commitment, bidID, docURL string
	secrets := func() []string { return []string{price, shown, commitment} }

	t.Run("the supplier drafts, signs and submits", func(t *testing.T) {
		login(t, ctx, s, "supplier.kangning", demo.Password)
		open(t, ctx, s, "/procurements/"+itoa(p.ID))
		click(t, ctx, "follow the bid link", `#bid-links a[href="`+bidPage+`"]`)
		if got := path(t, ctx); got != bidPage {
			t.Fatalf("the bid link leads to %s, want %s", got, bidPage)
		}
		if got := text(t, ctx, "h1"); !strings.Contains(got, "投标（响应）文件") || !strings.Contains(got, p.Title) {
			t.Errorf("the bid page's heading: %q", got)
		}
		a11y(t, ctx, "the bid page")

		do(t, ctx, "fill in the draft",
			chromedp.Clear(chromedp.ID("price")),
			chromedp.SendKeys(chromedp.ID("price"), price),
			chromedp.Clear(chromedp.ID("resp_0")),
			chromedp.SendKeys(chromedp.ID("resp_0"), plan))
		click(t, ctx, "save the draft", "#save-bid")
		if got := text(t, ctx, "#done"); !strings.Contains(got, "草稿已保存") {
			t.Errorf("after saving: %q", got)
		}
		if got := run(t, ctx, "the saved price", chromedp.Value(chromedp.ID("price"))); got != price {
			t.Errorf("the saved price: %q, want %s", got, price)
		}

		do(t, ctx, "choose the document", chromedp.SetUploadFiles(chromedp.ID("file"), []string{pdfFile}))
		click(t, ctx, "upload the document", "#upload")
		if got := text(t, ctx, "#done"); !strings.Contains(got, "附件已加密保存") {
			t.Errorf("after uploading: %q", got)
		}
		docURL = run(t, ctx, "the document's link", chromedp.AttributeValue(chromedp.CSS(`#documents a[href*="康宁投标技术方案"], #documents tbody a`), "href")).Value
		if !regexp.MustCompile(`^/staff/bids/\d+/documents/[0-9a-f]{64}$`).MatchString(docURL) {
			t.Fatalf("the document's link: %q", docURL)
		}
		if got := text(t, ctx, "#documents"); !strings.Contains(got, "康宁投标技术方案.pdf") {
			t.Errorf("the documents: %q", got)
		}
		commitment = text(t, ctx, "#commitment")
		if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(commitment) {
			t.Fatalf("the draft's commitment: %q", commitment)
		}
		screenshot(t, ctx, "bid-draft")

		// Sign in the browser with the key file, then submit.
		do(t, ctx, "sign in the browser",
			chromedp.SetValue(chromedp.ID("key_id"), reg.ID),
			chromedp.SetUploadFiles(chromedp.ID("sign-key"), []string{keyFile}),
			chromedp.Click(chromedp.ID("sign-btn")))
		sig := run(t, ctx, "wait for the signature",
			chromedp.Poll[string](`document.getElementById("signature").value.trim() || null`, chromedp.WithPollingInterval(50*time.Millisecond)))
		raw, err := base64.StdEncoding.DecodeString(sig)
		if err != nil {
			t.Fatalf("the browser's signature %q: %v", sig, err)
		}
		if err := goumai.VerifySignature(pub, goumai.BidSigningMessage(commitment), raw); err != nil {
			t.Fatalf("the browser's signature %q does not verify: %v", sig, err)
		}
		screenshot(t, ctx, "bid-signed")
		click(t, ctx, "submit the bid", "#submit-bid")
		if got := text(t, ctx, "#done"); !strings.Contains(got, "投标文件已递交") {
			t.Errorf("after submitting: %q", got)
		}
		if got := text(t, ctx, "#submitted-commitment"); got != commitment {
			t.Errorf("the submitted commitment %q, want the signed %q", got, commitment)
		}
		if got := text(t, ctx, "#submitted-price"); !strings.Contains(got, shown) {
			t.Errorf("the submitted price: %q", got)
		}
		if got := text(t, ctx, "#bid-status"); got != "已递交" {
			t.Errorf("the bid's status: %q", got)
		}
		receipt := run(t, ctx, "the receipt link", chromedp.AttributeValue(chromedp.ID("receipt"), "href")).Value
		m := regexp.MustCompile(`^/staff/bids/(\d+)/receipt$`).FindStringSubmatch(receipt)
		if m == nil {
			t.Fatalf("the receipt link: %q", receipt)
		}
		bidID = m[1]
		a11y(t, ctx, "the submitted bid")
		screenshot(t, ctx, "bid-submitted")

		// The receipt, as the link downloads it, verifies against the log's key.
		body := run(t, ctx, "fetch the receipt", chromedp.Evaluate[string](`fetch(`+jsString(receipt)+`).then(r => r.ok ? r.text() : Promise.reject(r.status))`, chromedp.EvalAwaitPromise))
		var rc workflow.BidReceipt // the file goumai log verify-receipt reads
		if err := json.Unmarshal([]byte(body), &rc); err != nil {
			t.Fatalf("the receipt: %v: %s", err, body)
		}
		if rc.Commitment != commitment {
			t.Errorf("the receipt's commitment %q, want %q", rc.Commitment, commitment)
		}
		if err := rc.Verify(s.Store.VerifierKey()); err != nil {
			t.Errorf("the receipt does not verify: %v", err)
		}
		bids, err := svc.MyBids(bg, kangning)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bids {
			if itoa(b.ID) == bidID && (b.Submitted == nil || b.Submitted.KeyID != reg.ID || b.Submitted.Content.Price != 54321088) {
				t.Errorf("the stored submission: %+v", b.Submitted)
			}
		}

		// The same page in English.
		open(t, ctx, s, bidPage+"?lang=en")
		if got := text(t, ctx, "#bid-status"); got != "Submitted" {
			t.Errorf("the English status: %q", got)
		}
		if got := text(t, ctx, "#sealed-note"); !strings.Contains(got, "stored encrypted") {
			t.Errorf("the English note: %q", got)
		}
		screenshot(t, ctx, "bid-submitted-en")
		open(t, ctx, s, bidPage+"?lang=zh")
		signOut(t, ctx)
	})
	if t.Failed() {
		return
	}

	t.Run("nobody else reads it early", func(t *testing.T) {
		reads := []struct {
			path   string
			others int64 // the purchaser's, the agency's and the auditor's status
			rival  int64 // another supplier's
		}{
			{bidPage, 403, 200}, // the rival sees its own (empty) bid
			{"/staff/bids", 403, 200},
			{docURL, 404, 404},
			{"/api/v1/procurements/" + itoa(p.ID) + "/bids", 403, 403},
			{"/api/v1/bids/" + bidID, 404, 404},
			{"/api/v1/bids/" + bidID + "/receipt", 404, 404},
		}
		for _, who := range []string{"xihu.minzheng", "agency.zhongcheng", "auditor.zj", "supplier.xiyanghong"} {
			login(t, ctx, s, who, demo.Password)
			token := apiToken(t, ctx, who)
			for _, r := range reads {
				want := r.others
				if strings.HasPrefix(who, "supplier.") {
					want = r.rival
				}
				got, page := status(t, ctx, s, r.path, token)
				if got != want {
					t.Errorf("%s GET %s: %d, want %d", who, r.path, got, want)
				}
				for _, secret := range secrets() {
					if strings.Contains(page, secret) {
						t.Errorf("%s GET %s: the page shows %s", who, r.path, secret)
					}
				}
			}
			screenshot(t, ctx, "bid-refused-"+strings.ReplaceAll(who, ".", "-"))
			var n int
			if err := s.Store.DB().QueryRowContext(bg, `SELECT count(*) FROM security_alerts s JOIN users u ON u.id = s.user_id
				WHERE u.username = $1 AND s.kind = $2 AND s.status = 'open'`, who, goumai.AlertEarlyBidRead).Scan(&n); err != nil || n != 1 {
				t.Errorf("%s's attempts are not an open alert: %d %v", who, n, err)
			}
			open(t, ctx, s, "/staff")
			signOut(t, ctx)
		}
		// 杭州市西湖区民政局's administrator finds the purchaser's attempt among the alerts.
		login(t, ctx, s, "xihu.admin", demo.Password)
		_, body := status(t, ctx, s, "/api/v1/security/alerts", apiToken(t, ctx, "xihu.admin"))
		if !strings.Contains(body, `"`+goumai.AlertEarlyBidRead+`"`) || !strings.Contains(body, `"xihu.minzheng"`) {
			t.Errorf("xihu.admin's alerts: %s", body)
		}
		signOut(t, ctx)
	})

	t.Run("the deadline closes it", func(t *testing.T) {
		s.Clock.Set(p.Periods.BidDeadline.Add(time.Minute))
		if _, err := svc.Tick(bg); err != nil {
			t.Fatalf("tick: %v", err)
		}
		// Closed and opened at once: two bids on a tender, 废标 (ENG-E2).
		if q, err := s.Store.Procurement(bg, p.ID); err != nil || q.Status != goumai.ProcFailed {
			t.Fatalf("after the deadline's tick the procedure is %s (%v), want failed", q.Status, err)
		}
		login(t, ctx, s, "supplier.kangning", demo.Password)
		open(t, ctx, s, bidPage)
		if got := text(t, ctx, "#closed"); !strings.Contains(got, "不接收投标") {
			t.Errorf("the closed bid page: %q", got)
		}
		if n := eval[int](t, ctx, "forms", `document.querySelectorAll("#bid-form, #document-form, #submit-form, #withdraw-form, #sign-btn").length`); n != 0 {
			t.Errorf("the closed bid page offers %d forms", n)
		}
		if got := text(t, ctx, "#submitted-commitment"); got != commitment {
			t.Errorf("the closed page's submitted commitment: %q", got)
		}
		a11y(t, ctx, "the closed bid page")
		screenshot(t, ctx, "bid-closed")

		// A save posted anyway, with the session's CSRF token, is refused
		// naming the deadline and the rule; the page shows why.
		js := `(async () => {
			const body = new URLSearchParams({_csrf: document.querySelector('input[name="_csrf"]').value, price: "500000.00", req_0: "服务方案", resp_0: "截止后修改"});
			const r = await fetch(` + jsString(bidPage) + `, {method: "POST", body});
			return {status: r.status, text: await r.text()};
		})()`
		late := run(t, ctx, "post a late save", chromedp.Evaluate[struct {
			Status int    `json:"status"`
			Text   string `json:"text"`
		}](js, chromedp.EvalAwaitPromise))
		deadline := p.Periods.BidDeadline.In(goumai.Shanghai).Format("2006-01-02 15:04:05")
		if late.Status != 409 || !strings.Contains(late.Text, "财政部令第87号第三十三条") || !strings.Contains(late.Text, deadline) {
			t.Errorf("a late save: %d, want 409 naming the deadline %s and O87 Art. 33:\n%s", late.Status, deadline, late.Text)
		}
		bids, err := svc.MyBids(bg, kangning)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bids {
			if itoa(b.ID) == bidID && (b.Draft.Commitment != commitment || b.Draft.Content.Price != 54321088) {
				t.Errorf("the late save changed the draft: %s %d", b.Draft.Commitment, b.Draft.Content.Price)
			}
		}

		open(t, ctx, s, bidPage+"?lang=en")
		if got := text(t, ctx, "#closed"); !strings.Contains(got, "not taking bids") {
			t.Errorf("the English closed page: %q", got)
		}
		open(t, ctx, s, bidPage+"?lang=zh")
	})

	t.Run("the opening record is public and the failed tender is procured again", func(t *testing.T) {
		open(t, ctx, s, "/procurements/"+itoa(p.ID))
		notices := eval[[]string](t, ctx, "notice links", `[...document.querySelectorAll("a[href^='/notices/']")].map(a => a.getAttribute("href") + " " + a.textContent)`)
		var opening, failure string
		for _, n := range notices {
			switch {
			case strings.Contains(n, "开标记录"):
				opening = strings.Fields(n)[0]
			case strings.Contains(n, "废标公告"):
				failure = strings.Fields(n)[0]
			}
		}
		if opening == "" || failure == "" {
			t.Fatalf("the public page's notices: %q", notices)
		}
		open(t, ctx, s, opening)
		rows := eval[[]string](t, ctx, "opened bids", `[...document.querySelectorAll(".nb-opened")].map(r => r.querySelector(".nb-supplier").textContent + " " + r.querySelector(".nb-price").textContent + " " + r.querySelector(".nb-result").textContent)`)
		if len(rows) != 2 || !strings.Contains(strings.Join(rows, "|"), "杭州康宁养老服务有限公司 543,210.88 与承诺值一致") {
			t.Errorf("the opening record: %q", rows)
		}
		if got := text(t, ctx, "pre.cmd"); !strings.Contains(got, "goumai log check-opening") || !strings.Contains(got, itoa(p.ID)) {
			t.Errorf("the opening record's check: %q", got)
		}
		a11y(t, ctx, "the opening record")
		screenshot(t, ctx, "opening-record")
		open(t, ctx, s, failure)
		if got := text(t, ctx, "#sec-failure"); !strings.Contains(got, "ENG-E2") {
			t.Errorf("the 废标公告 says why: %q", got)
		}
		screenshot(t, ctx, "failure-notice")

		login(t, ctx, s, "xihu.minzheng", demo.Password)
		open(t, ctx, s, "/staff/procurements/"+itoa(p.ID))
		if got := text(t, ctx, "#opening"); !strings.Contains(got, "杭州康宁养老服务有限公司") {
			t.Errorf("the staff page's opening record: %q", got)
		}
		if n := eval[int](t, ctx, "negotiate", `document.querySelectorAll("#negotiate").length`); n != 1 {
			t.Errorf("two bidders left: a negotiation with them is offered (%d)", n)
		}
		a11y(t, ctx, "the failed procedure's page")
		click(t, ctx, "re-tender", "#retender")
		if got := text(t, ctx, ".flash"); !strings.Contains(got, "已创建后续采购项目") {
			t.Errorf("the re-tender's flash: %q", got)
		}
		if got := text(t, ctx, "h1"); !strings.Contains(got, p.Title) {
			t.Errorf("the re-tender's page: %q", got)
		}
		next, err := s.Store.FollowupOf(bg, p.ID)
		if err != nil {
			t.Fatalf("the follow-up: %v", err)
		}
		if q, err := s.Store.Procurement(bg, next.NextID); err != nil || q.Status != goumai.ProcDraft || q.ProjectID != p.ProjectID {
			t.Errorf("the re-tender: %+v %v", q, err)
		}
		signOut(t, ctx)
	})

	t.Run("the log verifies", func(t *testing.T) { awLogVerifies(t, s) })
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
