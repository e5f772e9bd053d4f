package web

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// TestPaymentPages: the supplier's list shows each request's stage and due
// date in Chinese and English; the purchaser's page of a request has the
// form with 意见, a rejection without 意见 re-renders it (422), an approval
// moves the stage, and the 意见 is on the page the supplier reads.
func TestPaymentPages(t *testing.T) {
	w := demoWorld(t)
	ctx := context.Background()
	c := paymentDemoContract(t, w, true)
	sc := contractDemo(t, w)
	acceptDemoMilestone(t, w, c.Milestones[0].ID)
	p, err := w.svc.RequestPayment(ctx, w.actor(t, sc.winner), c.ID, workflow.PaymentInput{MilestoneID: c.Milestones[0].ID, Amount: 50})
	if err != nil {
		t.Fatal(err)
	}
	sup, buyer := w.login(t, sc.winner), w.login(t, "xihu.minzheng")
	for lang, want := range map[string][]string{"zh": {"我的支付申请", "已申请，待采购人审核", "应付日期", p.DueOn}, "en": {"My payment requests", "Requested: awaiting the purchaser", "Due on", p.DueOn}} {
		body := html.UnescapeString(string(w.page(t, sup, "/payments?lang="+lang, 200).body))
		wantAll(t, "payments "+lang, body, want...)
	}
	page := fmt.Sprintf("/payments/%d", p.ID)
	if body := string(w.page(t, sup, page, 200).body); strings.Contains(body, "payment-form") {
		t.Error("the supplier is shown an approval form")
	}
	body := html.UnescapeString(string(w.page(t, buyer, page, 200).body))
	wantAll(t, "the purchaser's page", body, "意见", "审核通过", "退回", p.DueOn)
	res := w.post(t, buyer, page+"/reject", url.Values{"opinion": {" "}}, 422, "")
	wantAll(t, "a rejection without 意见", html.UnescapeString(string(res.body)), "请填写意见")
	w.post(t, buyer, page+"/approve", url.Values{"opinion": {"经核验同意支付"}, "version": {fmt.Sprint(p.Version)}}, 303, page)
	for lang, want := range map[string][]string{"zh": {"采购人已审核", "经核验同意支付", "采购人审核意见"}, "en": {"Approved by the purchaser", "经核验同意支付", "Purchaser's opinion"}} {
		wantAll(t, "after approval "+lang, html.UnescapeString(string(w.page(t, sup, page+"?lang="+lang, 200).body)), want...)
	}
	if got, _ := w.store.PaymentRequest(ctx, p.ID); got.Status != goumai.PaymentApprovedPurchaser {
		t.Errorf("status %s", got.Status)
	}
	w.page(t, buyer, page+"x", 404)
	// The purchaser reaches a contract's requests from its contract page.
	wantAll(t, "the contract's requests", html.UnescapeString(string(w.page(t, buyer, fmt.Sprintf("/payments?contract=%d", c.ID), 200).body)), page, p.DueOn)
	wantAll(t, "the contract page", string(w.page(t, buyer, fmt.Sprintf("/staff/contracts/%d", c.ID), 200).body), `id="performing"`,
		fmt.Sprintf("/payments?contract=%d", c.ID), fmt.Sprintf("/staff/contracts/%d/supervision", c.ID), fmt.Sprintf("/staff/contracts/%d/performance", c.ID))
	w.page(t, w.login(t, "supplier.kangning"), fmt.Sprintf("/payments?contract=%d", c.ID), 404)
}

// TestPaymentPagesNameMilestone: a request's page and the list name the
// milestone by its title (not "第1个履约节点") and the contract, linked to
// its page; English keeps English punctuation; the supplier's menu calls
// the list 支付申请 / Payment requests, as the contract page does.
func TestPaymentPagesNameMilestone(t *testing.T) {
	w := demoWorld(t)
	ctx := context.Background()
	c := paymentDemoContract(t, w, true)
	sc := contractDemo(t, w)
	acceptDemoMilestone(t, w, c.Milestones[0].ID)
	p, err := w.svc.RequestPayment(ctx, w.actor(t, sc.winner), c.ID, workflow.PaymentInput{MilestoneID: c.Milestones[0].ID, Amount: 50})
	if err != nil {
		t.Fatal(err)
	}
	sup := w.login(t, sc.winner)
	title := c.Milestones[0].Title
	link := fmt.Sprintf(`<a href="/staff/contracts/%d"`, c.ID)
	for lang, want := range map[string][]string{"zh": {"支付申请", "合同"}, "en": {"Payment requests", "Contract", "(payable within"}} {
		body := html.UnescapeString(string(w.page(t, sup, fmt.Sprintf("/payments/%d?lang=%s", p.ID, lang), 200).body))
		wantAll(t, "the request's page "+lang, body, append(want, title, c.Number, link, `href="/payments"`)...)
		if strings.Contains(body, "第1个履约节点") || strings.Contains(body, "Milestone 1<") {
			t.Errorf("the request's page (%s) numbers the milestone instead of naming it", lang)
		}
		if lang == "en" && strings.Contains(body, "（") {
			t.Error("the English page has Chinese parentheses")
		}
		if strings.Contains(body, "合同款项") {
			t.Error("the menu still says 合同款项")
		}
		wantAll(t, "the list "+lang, html.UnescapeString(string(w.page(t, sup, "/payments?lang="+lang, 200).body)), title, c.Number, link)
	}
	// A contract's requests, as its purchaser reads them, are titled with
	// the contract, not "my payment requests", and link back to it.
	body := html.UnescapeString(string(w.page(t, w.login(t, "xihu.minzheng"), fmt.Sprintf("/payments?contract=%d", c.ID), 200).body))
	wantAll(t, "the contract's requests", body, "<h1>支付申请 · "+c.Number+"</h1>", fmt.Sprintf(`<a href="/staff/contracts/%d" id="back-contract">`, c.ID))
}
