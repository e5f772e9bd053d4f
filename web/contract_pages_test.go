package web

import (
	"encoding/base64"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/goumai/goumai"
)

// contractPageScene drafts the demo's awarded contract through the procedure
// page's button and returns its staff path and id.
type contractPageScene struct {
	demoContractScene
	buyer, winner *session
	buyerKey      goumai.SigningKey
	id            int64
	path          string
}

func newContractPageScene(t *testing.T, w *world) contractPageScene {
	t.Helper()
	sc := contractPageScene{demoContractScene: contractDemo(t, w), buyer: w.login(t, "xihu.minzheng")}
	sc.winner = w.login(t, sc.demoContractScene.winner)
	k, err := goumai.GenerateSigningKey(goumai.AlgEd25519, nil)
	if err != nil {
		t.Fatal(err)
	}
	sc.buyerKey = k
	pub, _ := k.Public()
	if res := w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/orgs/%d/signing-keys", w.org(t, "杭州市西湖区民政局").ID),
		bearer: w.token(t, "xihu.minzheng"), body: mustJSON(t, map[string]any{"public_key": pub.PEM, "label": "合同专用"})}); res.status != 201 {
		t.Fatalf("register the purchaser's key: %d %s", res.status, res.body)
	}
	page := w.do(t, request{method: "GET", path: fmt.Sprintf("/staff/procurements/%d", sc.p.ID), session: sc.buyer})
	button := fmt.Sprintf(`id="draft-contract-%d"`, sc.award.LotID)
	if page.status != 200 || !strings.Contains(string(page.body), button) {
		t.Fatalf("the procedure's page offers no draft button (%s): %d", button, page.status)
	}
	res := w.do(t, request{method: "POST", path: fmt.Sprintf("/staff/procurements/%d/lots/%d/contract", sc.p.ID, sc.award.LotID), session: sc.buyer, csrf: true})
	loc := res.header.Get("Location")
	if res.status != 303 || !strings.HasSuffix(loc, "?done=contract_drafted") {
		t.Fatalf("draft: %d %s %s", res.status, loc, firstLine(res.body))
	}
	sc.path = strings.TrimSuffix(loc, "?done=contract_drafted")
	if _, err := fmt.Sscanf(sc.path, "/staff/contracts/%d", &sc.id); err != nil {
		t.Fatalf("draft went to %s", loc)
	}
	return sc
}

// get fetches path as s (nil: the public) and checks the status.
func getPage(t *testing.T, w *world, s *session, path string, status int) string {
	t.Helper()
	res := w.do(t, request{method: "GET", path: path, session: s})
	if res.status != status {
		t.Fatalf("GET %s: %d, want %d: %s", path, res.status, status, regexp.MustCompile(`(?s)<main.*?</main>`).Find(res.body))
	}
	return string(res.body)
}

func wantIn(t *testing.T, what, body string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Errorf("%s lacks %q", what, p)
		}
	}
}

func wantNotIn(t *testing.T, what, body string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(body, p) {
			t.Errorf("%s shows %q", what, p)
		}
	}
}

// contractForm is a complete draft form: every ENG-H2 term, a phone number
// in the place (redacted on the public page, REQ-C23), and the amount in two
// milestones.
func contractForm(c goumai.Contract) url.Values {
	half := c.Amount / 2
	v := url.Values{"version": {fmt.Sprint(c.Version)}, "title": {c.Title}, "amount": {c.Amount.Yuan()}, "term_months": {fmt.Sprint(c.TermMonths)},
		"start_on": {c.StartOn}, "terms.service_content": {"居家养老上门服务，每周两次。"}, "terms.quantity": {"200户"}, "terms.quality": {"符合行业标准"},
		"terms.price": {"固定总价"}, "terms.settlement": {"按节点验收后支付"}, "terms.rights_obligations": {"按采购文件约定"},
		"terms.breach_liability": {"按合同约定承担违约责任"}, "terms.place": {"西湖区各街道，联系电话 13812345678"},
		"milestones.0.title": {"上半年服务"}, "milestones.0.deliverables": {"服务记录"}, "milestones.0.due_on": {c.StartOn}, "milestones.0.amount": {half.Yuan()},
		"milestones.1.title": {"下半年服务"}, "milestones.1.deliverables": {"服务记录与总结"}, "milestones.1.due_on": {c.EndOn}, "milestones.1.amount": {(c.Amount - half).Yuan()}}
	return v
}

// TestContractPages: the contract's staff and public pages for each role, in
// Chinese and English: drafted from the procedure page's button, edited with
// its terms and milestones (refusals shown at their fields), signed by both
// parties through the signing form, entered for statistics, listed; the
// public page of the contract in force is redacted and carries what verifies
// its signatures offline, with a print view; the procedure's public page
// lists it.
func TestContractPages(t *testing.T) {
	w := demoWorld(t)
	sc := newContractPageScene(t, w)
	c, err := w.store.Contract(t.Context(), sc.id)
	if err != nil {
		t.Fatal(err)
	}
	agency, auditor, other := w.login(t, agency), w.login(t, auditor), w.login(t, supplier)

	// Who sees the draft, with which forms.
	body := getPage(t, w, sc.buyer, sc.path, 200)
	wantIn(t, "the purchaser's draft page", body, `id="contract-form"`, `id="sign-form"`, `data-commitment="`+c.Hash+`"`, `id="canonical"`, "修改合同草稿", "履约节点与付款计划")
	body = getPage(t, w, sc.buyer, sc.path+"?lang=en", 200)
	wantIn(t, "the purchaser's draft page in English", body, "Edit the draft", "Milestones and payment schedule", "Sign the contract")
	body = getPage(t, w, agency, sc.path, 200)
	wantIn(t, "the agency's draft page", body, `id="contract-form"`)
	wantNotIn(t, "the agency's draft page", body, `id="sign-form"`)
	body = getPage(t, w, sc.winner, sc.path, 200)
	wantIn(t, "the winner's draft page", body, `id="sign-form"`, `data-commitment="`+c.Hash+`"`)
	wantNotIn(t, "the winner's draft page", body, `id="contract-form"`)
	body = getPage(t, w, auditor, sc.path, 200)
	wantNotIn(t, "the auditor's draft page", body, `id="contract-form"`, `id="sign-form"`)
	getPage(t, w, other, sc.path, 404)
	if res := w.do(t, request{method: "GET", path: sc.path}); res.status != 303 || !strings.HasPrefix(res.header.Get("Location"), "/login") {
		t.Errorf("the public on the staff page: %d %s", res.status, res.header.Get("Location"))
	}
	getPage(t, w, nil, fmt.Sprintf("/contracts/%d", sc.id), 404) // a draft is not public

	// Refusals at their fields.
	post := func(s *session, path string, form url.Values) response {
		return w.do(t, request{method: "POST", path: path, session: s, csrf: true, form: form})
	}
	f := contractForm(c)
	f.Set("amount", "十万")
	f.Set("milestones.1.due_on", "2099-01-01")
	res := post(sc.buyer, sc.path, f)
	if res.status != 422 {
		t.Fatalf("a bad amount: %d %s", res.status, firstLine(res.body))
	}
	wantIn(t, "the refused form", string(res.body), `id="err-amount">`, "2099-01-01", `value="十万"`)
	if !regexp.MustCompile(`id="err-amount">[^<]+<`).Match(res.body) {
		t.Errorf("the amount's error is not at its field")
	}
	f.Set("amount", c.Amount.Yuan())
	res = post(sc.buyer, sc.path, f)
	if res.status != 422 {
		t.Fatalf("a milestone out of the term: %d %s", res.status, firstLine(res.body))
	}
	for _, field := range []string{"milestones.1.due_on"} {
		if !regexp.MustCompile(`id="err-` + regexp.QuoteMeta(field) + `">[^<]+<`).Match(res.body) {
			t.Errorf("no error at %s", field)
		}
	}
	f = contractForm(c)
	f.Set("milestones.1.amount", "1.00")
	res = post(sc.buyer, sc.path+"?lang=en", f)
	if res.status != 422 || !regexp.MustCompile(`id="err-milestones">[^<]*must sum to`).Match(res.body) {
		t.Errorf("milestones not summing to the amount, in English: %d", res.status)
	}
	if res := post(sc.winner, sc.path, contractForm(c)); res.status != 403 {
		t.Errorf("the supplier editing the draft: %d", res.status)
	}

	// The complete draft, then both signatures through the form.
	if res := post(sc.buyer, sc.path, contractForm(c)); res.status != 303 || res.header.Get("Location") != sc.path+"?done=contract_saved" {
		t.Fatalf("save: %d %s %s", res.status, res.header.Get("Location"), firstLine(res.body))
	}
	c, _ = w.store.Contract(t.Context(), sc.id)
	if len(c.Milestones) != 2 || c.Terms.Quantity != "200户" {
		t.Fatalf("saved: %+v", c)
	}
	sign := func(k goumai.SigningKey, hash string) url.Values {
		pub, _ := k.Public()
		sig, err := k.Sign(goumai.ContractSigningMessage(hash))
		if err != nil {
			t.Fatal(err)
		}
		return url.Values{"hash": {c.Hash}, "key_id": {pub.ID}, "signature": {base64.StdEncoding.EncodeToString(sig)}}
	}
	res = post(sc.winner, sc.path+"/sign", sign(sc.key, strings.Repeat("0", 64)))
	if res.status != 422 || !regexp.MustCompile(`id="err-signature">[^<]+<`).Match(res.body) {
		t.Errorf("a signature of another hash: %d", res.status)
	}
	for who, s := range map[string]*session{"winner": sc.winner} {
		if res := post(s, sc.path+"/sign", sign(sc.key, c.Hash)); res.status != 303 {
			t.Fatalf("the %s signing: %d %s", who, res.status, firstLine(res.body))
		}
	}
	body = getPage(t, w, sc.winner, sc.path, 200)
	wantNotIn(t, "the winner's page after signing", body, `id="sign-form"`)
	wantIn(t, "the winner's page after signing", body, "一方已签署")
	if res := post(sc.buyer, sc.path+"/sign", sign(sc.buyerKey, c.Hash)); res.status != 303 {
		t.Fatalf("the purchaser signing: %d %s", res.status, firstLine(res.body))
	}
	body = getPage(t, w, sc.buyer, sc.path, 200)
	wantIn(t, "the purchaser's page in force", body, `id="enter-stats"`, "已签订（生效）", `id="public-link"`)
	if res := post(sc.buyer, sc.path+"/statistics", nil); res.status != 303 {
		t.Fatalf("statistics: %d %s", res.status, firstLine(res.body))
	}
	res = post(sc.buyer, sc.path+"/statistics", nil)
	if res.status != 409 || !strings.Contains(string(res.body), `id="action-error"`) {
		t.Errorf("statistics twice: %d", res.status)
	}

	// The lists.
	for who, s := range map[string]*session{"purchaser": sc.buyer, "winner": sc.winner, "agency": agency, "auditor": auditor} {
		body := getPage(t, w, s, "/staff/contracts", 200)
		wantIn(t, who+"'s list", body, fmt.Sprintf(`href="/staff/contracts/%d"`, sc.id), "¥"+c.Amount.Yuan())
	}
	if !strings.Contains(c.Amount.Yuan(), ",") {
		t.Errorf("the demo's amount %s has no thousands separator to show", c.Amount.Yuan())
	}
	body = getPage(t, w, sc.buyer, "/staff/contracts?lang=en", 200)
	wantIn(t, "the list in English", body, "My contracts", "Signed (in force)")
	body = getPage(t, w, other, "/staff/contracts", 200)
	wantNotIn(t, "another supplier's list", body, fmt.Sprintf(`href="/staff/contracts/%d"`, sc.id))
	if res := w.do(t, request{method: "GET", path: "/staff/contracts"}); res.status != 303 {
		t.Errorf("the public on the list: %d", res.status)
	}

	// The public page and its print view, redacted (REQ-C23).
	pub := fmt.Sprintf("/contracts/%d", sc.id)
	for _, s := range []*session{nil, other, sc.buyer} {
		body := getPage(t, w, s, pub, 200)
		wantIn(t, "the public page", body, c.Hash, "[已隐去]", "上半年服务", "goumai verify-signature", "BEGIN PUBLIC KEY")
		wantNotIn(t, "the public page", body, "13812345678", `id="canonical"`)
	}
	wantIn(t, "the public page in English", getPage(t, w, nil, pub+"?lang=en", 200), "Signatures", "Milestones and payment schedule")
	wantIn(t, "the print view", getPage(t, w, nil, pub+"/print", 200), `id="print-header"`, c.Hash, "政府购买服务合同")
	wantIn(t, "the procedure's public page", getPage(t, w, nil, fmt.Sprintf("/procurements/%d", sc.p.ID), 200), `id="pub-contracts"`, `href="`+pub+`"`)
	wantIn(t, "the staff's page", getPage(t, w, sc.buyer, sc.path, 200), "13812345678")
}

// TestContractTodoLink: the to-do items of a contract lead to its staff page.
func TestContractTodoLink(t *testing.T) {
	w := demoWorld(t)
	sc := newContractPageScene(t, w)
	res := w.do(t, request{method: "GET", path: "/api/v1/todo", bearer: w.token(t, sc.demoContractScene.winner)})
	if res.status != 200 || !strings.Contains(string(res.body), fmt.Sprintf(`"/staff/contracts/%d"`, sc.id)) {
		t.Errorf("the winner's to-do list has no link to the contract's page: %d %s", res.status, res.body)
	}
}

// TestContractSignaturesWrap: a signature (base64, with no space to break
// at) wraps inside its column of the signatures table, on the staff and
// the public contract page alike, instead of widening the page: the shared
// stylesheet lets the table's cells and the code marked wrap break anywhere.
func TestContractSignaturesWrap(t *testing.T) {
	b, err := fs.ReadFile(staticFS, "static/site.css")
	if err != nil {
		t.Fatal(err)
	}
	css := strings.ReplaceAll(string(b), " ", "")
	for _, rule := range []string{"#signaturestd", "code.wrap"} {
		i := strings.Index(css, rule)
		if i < 0 {
			t.Errorf("site.css has no rule for %s", rule)
			continue
		}
		body := css[i:]
		body = body[:strings.Index(body, "}")]
		if !strings.Contains(body, "overflow-wrap:anywhere") {
			t.Errorf("site.css: %s does not break anywhere: %s", rule, body)
		}
	}
	page, err := fs.ReadFile(templateFS, "templates/_contract.html")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), `<table class="data" id="signatures">`) || !strings.Contains(string(page), `<code class="wrap signature">`) {
		t.Error("the signatures table or its signature cell lost the marks the stylesheet wraps")
	}
}
