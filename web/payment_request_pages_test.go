package web

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// TestPaymentRequestPage: the supplier asks for payment through its page.
// Before acceptance no milestone has a form and a forged post is refused
// (409, ENG-H7 at the top) with nothing stored; once the first milestone is
// accepted its form offers the milestone's amount, a malformed amount is a
// field error (422), and the request made leads to its page with the
// confirmation, in the state the use case gives (requested). Another
// supplier does not find the page (404), the purchaser may not use it (403).
func TestPaymentRequestPage(t *testing.T) {
	w := demoWorld(t)
	ctx := context.Background()
	c := paymentDemoContract(t, w, true)
	sc := contractDemo(t, w)
	sup := w.login(t, sc.winner)
	page := paymentRequestLink(c.ID)
	m1, m2 := c.Milestones[0], c.Milestones[1]
	stored := func() []goumai.PaymentRequest {
		t.Helper()
		ps, err := w.svc.ContractPayments(ctx, w.actor(t, sc.winner), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return ps
	}

	body := html.UnescapeString(string(w.page(t, sup, page, 200).body))
	wantAll(t, "the page before acceptance", body, "申请支付", m1.Title, m2.Title, `id="nothing-payable"`)
	if strings.Contains(body, "payment-request-form") {
		t.Error("a form is offered for a milestone not accepted")
	}
	res := w.post(t, sup, page, url.Values{"milestone_id": {fmt.Sprint(m1.ID)}, "amount": {m1.Amount.Yuan()}}, 409, "")
	wantAll(t, "a forged post of a milestone not accepted", html.UnescapeString(string(res.body)), `id="form-error"`, "ENG-H7", "尚未验收合格")
	if ps := stored(); len(ps) != 0 {
		t.Fatalf("a refused request was stored: %+v", ps)
	}

	acceptDemoMilestone(t, w, m1.ID)
	body = html.UnescapeString(string(w.page(t, sup, page, 200).body))
	wantAll(t, "the page after acceptance", body, fmt.Sprintf(`id="request-%d"`, m1.ID), fmt.Sprintf(`id="amount-%d"`, m1.ID),
		fmt.Sprintf(`value="%s"`, m1.Amount.Yuan()), `for="note-`)
	if strings.Contains(body, fmt.Sprintf(`id="request-%d"`, m2.ID)) {
		t.Error("the milestone not accepted has a form")
	}
	en := html.UnescapeString(string(w.page(t, sup, page+"?lang=en", 200).body))
	wantAll(t, "the page in English", en, "Request payment: milestone 1", "Submit the payment request")

	res = w.post(t, sup, page, url.Values{"milestone_id": {fmt.Sprint(m1.ID)}, "amount": {"十元"}}, 422, "")
	body = html.UnescapeString(string(res.body))
	wantAll(t, "a malformed amount", body, fmt.Sprintf(`<span class="err" id="err-amount-%d">金额格式不正确`, m1.ID), `value="十元"`)
	res = w.post(t, sup, page, url.Values{"milestone_id": {fmt.Sprint(m1.ID)}, "amount": {(m1.Amount + 100).Yuan()}}, 422, "")
	wantAll(t, "an amount past the milestone", html.UnescapeString(string(res.body)), fmt.Sprintf(`id="err-amount-%d">该履约节点金额`, m1.ID))
	if ps := stored(); len(ps) != 0 {
		t.Fatalf("a refused request was stored: %+v", ps)
	}

	res = w.post(t, sup, page, url.Values{"milestone_id": {fmt.Sprint(m1.ID)}, "amount": {m1.Amount.Yuan()}, "note": {"发票号码 04412345"}}, 303, "/payments/")
	ps := stored()
	if len(ps) != 1 || ps[0].MilestoneID != m1.ID || ps[0].Amount != m1.Amount || ps[0].Status != goumai.PaymentRequested || ps[0].Note != "发票号码 04412345" {
		t.Fatalf("stored %+v", ps)
	}
	if loc := res.header.Get("Location"); loc != fmt.Sprintf("/payments/%d?done=payment_requested", ps[0].ID) {
		t.Errorf("redirected to %s", loc)
	}
	wantAll(t, "the new request's page", html.UnescapeString(string(w.page(t, sup, res.header.Get("Location"), 200).body)), "支付申请已提交", "已申请，待采购人审核")
	body = html.UnescapeString(string(w.page(t, sup, page, 200).body))
	wantAll(t, "the page after the request", body, fmt.Sprintf(`href="/payments/%d"`, ps[0].ID), "已申请，待采购人审核")
	if strings.Contains(body, fmt.Sprintf(`id="request-%d"`, m1.ID)) {
		t.Error("the milestone asked in full still has a form")
	}

	// The links: the contract's page and the supervision page of the accepted milestone.
	wantAll(t, "the supplier's contract page", string(w.page(t, sup, contractLink(c.ID), 200).body), `id="request-payment"`, page)
	wantAll(t, "the supervision page", string(w.page(t, sup, fmt.Sprintf("/staff/contracts/%d/supervision", c.ID), 200).body), fmt.Sprintf("%s#request-%d", page, m1.ID))
	buyer := w.login(t, "xihu.minzheng")
	if strings.Contains(string(w.page(t, buyer, contractLink(c.ID), 200).body), `id="request-payment"`) {
		t.Error("the purchaser is offered the supplier's payment request")
	}

	// Nobody else.
	other := w.login(t, "supplier.kangning")
	w.page(t, other, page, 404)
	w.post(t, other, page, url.Values{"milestone_id": {fmt.Sprint(m1.ID)}, "amount": {"1"}}, 404, "")
	w.page(t, buyer, page, 403)
	w.post(t, buyer, page, url.Values{"milestone_id": {fmt.Sprint(m1.ID)}, "amount": {"1"}}, 403, "")
	w.page(t, nil, page, 303)
	if ps := stored(); len(ps) != 1 {
		t.Fatalf("%d requests stored", len(ps))
	}
}

// TestOrgKeysPage: a purchaser's staff register the organisation's contract
// signing key through the page: a malformed key is an error at its field
// (422) and nothing is stored; a key registered is listed with its label.
// Another purchaser and a supplier may not use the page (403).
func TestOrgKeysPage(t *testing.T) {
	w := demoWorld(t)
	ctx := context.Background()
	buyer := w.login(t, "xihu.minzheng")
	org := w.actor(t, "xihu.minzheng").Org
	page := orgKeysLink(org.ID)
	count := func() int {
		t.Helper()
		ks, err := w.store.SigningKeys(ctx, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(ks)
	}
	before := count()

	wantAll(t, "the staff's menu", string(w.page(t, buyer, "/staff", 200).body), `href="`+page+`"`)
	body := html.UnescapeString(string(w.page(t, buyer, page, 200).body))
	wantAll(t, "the keys page", body, "合同签名公钥", org.Name, `id="key-form"`, `id="public_key"`, `id="no-revoke"`)
	wantAll(t, "the keys page in English", html.UnescapeString(string(w.page(t, buyer, page+"?lang=en", 200).body)), "Contract signing keys", "Register a public key")

	bad := "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----"
	res := w.post(t, buyer, page, url.Values{"public_key": {bad}, "label": {"合同专用"}}, 422, "")
	body = html.UnescapeString(string(res.body))
	if !strings.Contains(body, `<span class="err" id="err-public_key"></span>`) && strings.Contains(body, `id="err-public_key">`) {
		wantAll(t, "a malformed key", body, `aria-invalid="true"`, "合同专用", "bm90IGEga2V5")
	} else {
		t.Errorf("a malformed key has no error at its field:\n%s", body)
	}
	if n := count(); n != before {
		t.Fatalf("a malformed key was stored: %d keys, %d before", n, before)
	}

	k, err := goumai.GenerateSigningKey(goumai.AlgEd25519, nil)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := k.Public()
	w.post(t, buyer, page, url.Values{"public_key": {pub.PEM}, "label": {"合同专用章"}}, 303, page+"?done=key_added")
	if n := count(); n != before+1 {
		t.Fatalf("%d keys, want %d", n, before+1)
	}
	body = html.UnescapeString(string(w.page(t, buyer, page+"?done=key_added", 200).body))
	wantAll(t, "the key registered", body, `id="key-`+pub.ID+`"`, "合同专用章", "公钥已登记")

	for _, who := range []string{"hz.minzheng", "supplier.kangning"} {
		ss := w.login(t, who)
		w.page(t, ss, page, 403)
		w.post(t, ss, page, url.Values{"public_key": {pub.PEM}}, 403, "")
	}
	w.page(t, nil, page, 303)

	// The contract page of a party without a key in force links to where it registers one.
	for party, link := range map[goumai.ContractParty]string{goumai.PartyPurchaser: page, goumai.PartySupplier: "/staff/supplier/"} {
		cv := &contractView{V: workflow.ContractView{Contract: goumai.Contract{ID: 1, Status: goumai.ContractSigning, Hash: "ab"}},
			Can: workflow.ContractRights{Sign: true, Party: party}, Names: map[int64]goumai.Org{}, SigKey: map[string]goumai.PublicKey{}}
		var buf bytes.Buffer
		if err := w.srv.pages.set["contract"].ExecuteTemplate(&buf, "layout.html", view{Lang: "zh", Actor: w.actor(t, "xihu.minzheng"), Data: cv}); err != nil {
			t.Fatal(err)
		}
		got := buf.String()
		if i := strings.Index(got, `id="no-keys"`); i < 0 || !strings.Contains(got[i:], `<a href="`+link) {
			t.Errorf("the %s's contract page without a key does not link to %s", party, link)
		}
	}
	if n := count(); n != before+1 {
		t.Fatalf("%d keys after the refusals, want %d", n, before+1)
	}
}
