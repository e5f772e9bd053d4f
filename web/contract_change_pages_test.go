package web

import (
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
)

// TestContractChangePages: the staff page of a contract's changes in both
// languages: the purchaser proposes a supplementary contract past 10 % and
// sees the refusal on the page naming ENG-H3, then one within it; the
// winner finds it on its to-do list, linked to the page with the signing
// form, and proposes a subcontract the purchaser then decides; an outsider
// is refused the page.
func TestContractChangePages(t *testing.T) {
	w := demoWorld(t)
	sc := contractDemo(t, w)
	c, _ := signedChangeContract(t, w, sc)
	id := int64(c["id"].(float64))
	amount := int64(c["amount"].(float64))
	path := fmt.Sprintf("/staff/contracts/%d/changes", id)
	buyer, winner := w.login(t, "xihu.minzheng"), w.login(t, sc.winner)
	otherUser, otherOrg := otherDemoSupplier(t, w, sc)

	for lang, want := range map[string][]string{"zh": {"提出补充合同", "提出解除合同", "补充合同"}, "en": {"Propose a supplementary contract", "Propose to terminate"}} {
		res := w.do(t, request{method: "GET", path: path + "?lang=" + lang, session: buyer})
		if res.status != 200 {
			t.Fatalf("the page (%s): %d %s", lang, res.status, firstLine(res.body))
		}
		wantAll(t, "page "+lang, html.UnescapeString(string(res.body)), append(want, c["number"].(string))...)
		if strings.Contains(string(res.body), "chg.") {
			t.Errorf("the page (%s) shows a message key", lang)
		}
	}
	post := func(s *session, f url.Values) response {
		return w.do(t, request{method: "POST", path: path, session: s, csrf: true, form: f})
	}
	yuan := func(fen int64) string { return fmt.Sprintf("%d.%02d", fen/100, fen%100) }
	res := post(buyer, url.Values{"do": {"amend"}, "reasons": {"服务对象增加。"}, "terms": {"服务数量增加。"}, "amount": {yuan(amount/10 + 100)}})
	if res.status != 422 || !strings.Contains(string(res.body), "ENG-H3") || !strings.Contains(string(res.body), `data-field="amount"`) {
		t.Errorf("past 10 %%: %d %s", res.status, firstLine(res.body))
	}
	if res := post(buyer, url.Values{"do": {"amend"}, "reasons": {"服务对象增加。"}, "terms": {"服务数量增加。"}, "amount": {yuan(amount / 20)}}); res.status != 303 {
		t.Fatalf("propose: %d %s", res.status, firstLine(res.body))
	}
	res = w.do(t, request{method: "GET", path: "/staff", session: winner})
	if !strings.Contains(string(res.body), path) {
		t.Errorf("the winner's to-do list does not link to %s", path)
	}
	res = w.do(t, request{method: "GET", path: path, session: winner})
	if res.status != 200 || !strings.Contains(string(res.body), `class="stack sign-amendment"`) || !strings.Contains(string(res.body), `id="subcontract-form"`) {
		t.Errorf("the winner's page: %d", res.status)
	}
	if res := post(winner, url.Values{"do": {"subcontract"}, "part": {"助浴服务"}, "subcontractor_org_id": {fmt.Sprint(otherOrg.ID)}, "amount": {"100.00"}, "non_core": {"1"}}); res.status != 303 {
		t.Fatalf("propose a subcontract: %d %s", res.status, firstLine(res.body))
	}
	res = w.do(t, request{method: "GET", path: path, session: buyer})
	if !strings.Contains(string(res.body), `class="stack decide-subcontract"`) {
		t.Error("no subcontract decision form for the purchaser")
	}
	if res := w.do(t, request{method: "GET", path: path, session: w.login(t, otherUser)}); res.status != 403 && res.status != 404 {
		t.Errorf("another supplier reading the page: %d", res.status)
	}
}

// TestContractChangePagesLabels: the states of a termination and a
// subcontract are named in the reader's language, never shown as the raw
// value ("proposed"); the subcontractor is named; the forms are laid out
// as every other staff form (a labelled field per line), and the page links
// back to the contract.
func TestContractChangePagesLabels(t *testing.T) {
	w := demoWorld(t)
	sc := contractDemo(t, w)
	c, _ := signedChangeContract(t, w, sc)
	id := int64(c["id"].(float64))
	path := fmt.Sprintf("/staff/contracts/%d/changes", id)
	buyer, winner := w.login(t, "xihu.minzheng"), w.login(t, sc.winner)
	_, otherOrg := otherDemoSupplier(t, w, sc)
	post := func(s *session, f url.Values) {
		t.Helper()
		if res := w.do(t, request{method: "POST", path: path, session: s, csrf: true, form: f}); res.status != 303 {
			t.Fatalf("%s: %d %s", f.Get("do"), res.status, firstLine(res.body))
		}
	}
	post(winner, url.Values{"do": {"subcontract"}, "part": {"助浴服务"}, "subcontractor_org_id": {fmt.Sprint(otherOrg.ID)}, "amount": {"100.00"}, "non_core": {"1"}})
	post(buyer, url.Values{"do": {"terminate"}, "ground": {"agreement"}, "reasons": {"服务需求变化。"}})

	for lang, want := range map[string][]string{
		"zh": {"待确认", "待采购人同意", "返回合同页面"},
		"en": {"Awaiting confirmation", "Awaiting the purchaser's consent", "Back to the contract"},
	} {
		res := w.do(t, request{method: "GET", path: path + "?lang=" + lang, session: buyer})
		page := html.UnescapeString(string(res.body))
		wantAll(t, "page "+lang, page, append(want, otherOrg.Name, `href="/staff/contracts/`+fmt.Sprint(id)+`"`)...)
		for _, raw := range []string{">proposed<", ">proposed（", "<td>proposed"} {
			if strings.Contains(page, raw) {
				t.Errorf("the page (%s) shows a raw state: %q", lang, raw)
			}
		}
	}
	// Every form field has its own label on its own line (class="field").
	res := w.do(t, request{method: "GET", path: path, session: buyer})
	page := string(res.body)
	wantAll(t, "layout", page, `<div class="field"><label for="opinion-s`, `<div class="field"><label for="opinion-t`,
		`<div class="field"><label for="amend-reasons">`)
	if strings.Contains(page, `<label>变更（解除）理由 <textarea`) {
		t.Error("a label still wraps its field inline")
	}
}
