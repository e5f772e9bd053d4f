package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/workflow"
)

// TestBidPages: 杭州康宁 drafts its bid on the demo's open tender from the
// browser pages — a price above the ceiling refused next to its field and
// nothing saved, a document uploaded (sealed), the draft signed with its
// registered key and submitted, the receipt offered — then withdraws it.
// Purchaser, agency, finance, admin and auditor are refused the pages at
// the gate; another supplier sees only its own (empty) bid, never 康宁's
// price, and is refused 康宁's document.
func TestBidPages(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		p := enquiryDemoProcedure(t, w, goumai.ProcTendering, "困境儿童关爱保护服务")
		lots, err := w.store.Lots(t.Context(), p.ID)
		if err != nil || len(lots) == 0 {
			t.Fatalf("lots: %v", err)
		}
		path := fmt.Sprintf("/procurements/%d/lots/%d/bid", p.ID, lots[0].ID)
		ss := w.login(t, "supplier.kangning")

		// The public page offers the bid form to a supplier, not to the public.
		if body := w.pubPage(t, ss, fmt.Sprintf("/procurements/%d", p.ID), http.StatusOK); !strings.Contains(body, `href="`+path+`"`) {
			t.Fatalf("the procedure's page offers no bid link to the supplier")
		}
		if body := w.pubPage(t, nil, fmt.Sprintf("/procurements/%d", p.ID), http.StatusOK); strings.Contains(body, `id="bid-links"`) {
			t.Fatalf("the public is offered the bid form")
		}

		body := string(w.page(t, ss, path, http.StatusOK).body)
		for _, want := range []string{`id="bid-form"`, `id="document-form"`, `accept="` + goumai.FileAccept(), `id="sealed-note"`} {
			if !strings.Contains(body, want) {
				t.Fatalf("the bid page lacks %s", want)
			}
		}

		// A price above the ceiling: refused on the field, nothing written.
		before := w.counts(t)
		ceiling := lots[0].Ceiling
		if ceiling == 0 {
			ceiling = lots[0].Budget
		}
		over := fmt.Sprintf("%d.01", ceiling/100)
		res := w.post(t, ss, path, url.Values{"price": {over}, "req_0": {"服务方案"}, "resp_0": {"按片区配备社工。"}}, http.StatusUnprocessableEntity, "")
		if got := errText(res.body, "err-price"); !strings.Contains(got, "最高限价") {
			t.Fatalf("the over-ceiling price's error: %q", got)
		}
		if after := w.counts(t); after != before {
			t.Fatalf("a refused draft wrote: %+v → %+v", before, after)
		}
		// Not a number of yuan.
		res = w.post(t, ss, path, url.Values{"price": {"三十万"}}, http.StatusUnprocessableEntity, "")
		if errText(res.body, "err-price") == "" {
			t.Fatalf("a price in words has no field error")
		}

		// A good draft, a sealed document.
		w.post(t, ss, path, url.Values{"price": {"299,800.50"}, "req_0": {"服务方案"}, "resp_0": {"按片区配备社工，每周走访。"}, "sme_size": {"small"}, "sme_statement": {"本公司郑重声明，根据《政府采购促进中小企业发展管理办法》规定，本公司为小型企业。"}}, http.StatusSeeOther, path+"?done=bid_saved")
		doc := []byte("%PDF-1.7\n% 康宁投标技术方案（页面上传）\n%%EOF\n")
		if res := w.postMultipart(t, path+"/documents", ss, map[string]string{}, "技术方案-页面.pdf", doc); res.status != http.StatusSeeOther {
			t.Fatalf("upload: %d %s", res.status, res.body)
		}
		body = html.UnescapeString(string(w.page(t, ss, path, http.StatusOK).body))
		if !strings.Contains(body, "技术方案-页面.pdf") || !strings.Contains(body, `value="299800.50"`) {
			t.Fatalf("the draft's document and price are not shown")
		}
		commitment := regexp.MustCompile(`id="commitment" class="wrap">([0-9a-f]{64})<`).FindStringSubmatch(body)
		if commitment == nil {
			t.Fatalf("no commitment to sign on the page")
		}

		// A signature that does not verify is refused on its field.
		key, err := demo.DemoSigningKey()
		if err != nil {
			t.Fatal(err)
		}
		pub, err := key.Public()
		if err != nil {
			t.Fatal(err)
		}
		bad, _ := key.Sign([]byte("something else"))
		submit := func(sig []byte, status int, where string) response {
			return w.post(t, ss, path+"/submit", url.Values{"commitment": {commitment[1]}, "key_id": {pub.ID}, "signature": {fmt.Sprintf("%x", sig)}}, status, where)
		}
		if res := submit(bad, http.StatusUnprocessableEntity, ""); !strings.Contains(string(res.body), `id="err-signature"`) {
			t.Fatalf("a bad signature: %s", firstLine(res.body))
		}
		sig, err := key.Sign(goumai.BidSigningMessage(commitment[1]))
		if err != nil {
			t.Fatal(err)
		}
		submit(sig, http.StatusSeeOther, path+"?done=bid_submitted")
		body = html.UnescapeString(string(w.page(t, ss, path, http.StatusOK).body))
		if !strings.Contains(body, `id="submitted-commitment" class="wrap">`+commitment[1]) || !strings.Contains(body, `id="receipt"`) || !strings.Contains(body, "299,800.50") {
			t.Fatalf("the submitted bid is not shown with its commitment and receipt")
		}
		list := html.UnescapeString(string(w.page(t, ss, "/staff/bids", http.StatusOK).body))
		if !strings.Contains(list, p.Code) || !strings.Contains(list, "299,800.50") {
			t.Fatalf("my bids do not list the submission")
		}
		sum := sha256.Sum256(doc)
		digest := hex.EncodeToString(sum[:])
		bidLink := regexp.MustCompile(`href="/staff/bids/(\d+)/documents/` + digest + `"`).FindStringSubmatch(body)
		if bidLink == nil {
			t.Fatalf("no link to the sealed document")
		}
		if res := w.page(t, ss, "/staff/bids/"+bidLink[1]+"/documents/"+digest, http.StatusOK); string(res.body) != string(doc) {
			t.Fatalf("the bidder reads back another document")
		}
		// The receipt downloads as the file goumai log verify-receipt reads, and verifies.
		var rc workflow.BidReceipt
		if res := w.page(t, ss, "/staff/bids/"+bidLink[1]+"/receipt", http.StatusOK); json.Unmarshal(res.body, &rc) != nil ||
			rc.Commitment != commitment[1] || rc.Verify(w.store.VerifierKey()) != nil {
			t.Fatalf("the receipt page: %s", firstLine(res.body))
		}
		if !strings.Contains(body, w.store.VerifierKey()) {
			t.Errorf("the page does not give the log's key for checking the receipt")
		}

		// Everyone else: refused at the gate, or shown only their own.
		// Everyone else: refused by the use case, and each attempt recorded.
		for _, who := range []string{"xihu.minzheng", "agency.zhongcheng", "xihu.reviewer", "xihu.admin", "auditor.zj", "mof.admin"} {
			o := w.login(t, who)
			for _, r := range []struct {
				path   string
				status int
			}{{path, http.StatusForbidden}, {"/staff/bids", http.StatusForbidden},
				{"/staff/bids/" + bidLink[1] + "/documents/" + digest, http.StatusNotFound}, {"/staff/bids/" + bidLink[1] + "/receipt", http.StatusNotFound}} {
				if res := w.do(t, request{method: "GET", path: r.path, session: o}); res.status != r.status || strings.Contains(string(res.body), "299,800.50") {
					t.Errorf("%s GET %s: %d, want %d", who, r.path, res.status, r.status)
				}
			}
			var n int
			if err := w.store.DB().QueryRowContext(t.Context(), `SELECT count(*) FROM security_alerts s JOIN users u ON u.id = s.user_id
				WHERE u.username = $1 AND s.kind = $2`, who, goumai.AlertEarlyBidRead).Scan(&n); err != nil || n == 0 {
				t.Errorf("%s's attempts on the bid pages are not recorded: %d %v", who, n, err)
			}
		}
		other := w.login(t, "supplier.xiyanghong")
		if body := string(w.page(t, other, path, http.StatusOK).body); strings.Contains(body, "299,800.50") || strings.Contains(body, "299800.50") || strings.Contains(body, commitment[1]) {
			t.Errorf("another supplier's bid page shows 康宁's bid")
		}
		if res := w.do(t, request{method: "GET", path: "/staff/bids/" + bidLink[1] + "/documents/" + digest, session: other}); res.status != http.StatusNotFound {
			t.Errorf("another supplier reads 康宁's document: %d", res.status)
		}

		// Withdrawal keeps the draft.
		w.post(t, ss, path+"/withdraw", url.Values{}, http.StatusSeeOther, path+"?done=bid_withdrawn")
		body = html.UnescapeString(string(w.page(t, ss, path, http.StatusOK).body))
		if !strings.Contains(body, `id="bid-status">`+tr("zh", "bid.status.withdrawn")) || !strings.Contains(body, commitment[1]) {
			t.Fatalf("after withdrawal: status or history missing")
		}
	})
}

// errText is the text of the element with id in a page.
func errText(body []byte, id string) string {
	m := regexp.MustCompile(`id="` + id + `">([^<]*)<`).FindSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(string(m[1]))
}
