package web

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/workflow"
)

// TestBidAPI: through the API, on the demo's open tender of 杭州市西湖区民政局,
// 杭州康宁 saves, documents and submits a bid signed with its registered SM2
// key; every other role tries every read of it — the bid, its document, the
// procedure's bids, its own bid list — and is refused naming the rule, the
// responses hold nothing of the bid, and each attempt is a security alert the
// administrators see.
func TestBidAPI(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		p := enquiryDemoProcedure(t, w, goumai.ProcTendering, "困境儿童关爱保护服务")
		lots, err := w.store.Lots(t.Context(), p.ID)
		if err != nil || len(lots) == 0 {
			t.Fatalf("lots: %v", err)
		}
		base := fmt.Sprintf("/api/v1/procurements/%d/lots/%d/bid", p.ID, lots[0].ID)
		kangning := w.token(t, "supplier.kangning")
		call := func(method, path, bearer string, body any) response {
			t.Helper()
			r := request{method: method, path: path, bearer: bearer}
			if body != nil {
				r.body = mustJSON(t, body)
			}
			return w.do(t, r)
		}
		const price = 31_415_926 // ¥314,159.26: digits to look for
		doc := []byte("%PDF-1.7\n% 康宁投标技术方案（密封）\n%%EOF\n")
		if res := call("POST", base+"/documents", kangning, map[string]any{"file_name": "技术方案.pdf", "file": base64.StdEncoding.EncodeToString(doc)}); res.status != http.StatusCreated {
			t.Fatalf("document: %d %s", res.status, res.body)
		}
		res := call("PUT", base, kangning, map[string]any{"price": price, "responses": []map[string]string{{"requirement": "服务方案", "response": "按片区配备社工。"}}})
		if res.status != http.StatusOK {
			t.Fatalf("save: %d %s", res.status, res.body)
		}
		draft := res.json(t)["bid"].(map[string]any)["draft"].(map[string]any)
		commitment := draft["commitment"].(string)
		key, err := demo.DemoSigningKey()
		if err != nil {
			t.Fatal(err)
		}
		pub, err := key.Public()
		if err != nil {
			t.Fatal(err)
		}
		sig, err := key.Sign(goumai.BidSigningMessage(commitment))
		if err != nil {
			t.Fatal(err)
		}
		res = call("POST", base+"/submit", kangning, map[string]any{"commitment": commitment, "key_id": pub.ID, "signature": hex.EncodeToString(sig)})
		if res.status != http.StatusOK {
			t.Fatalf("submit: %d %s", res.status, res.body)
		}
		bid := res.json(t)["bid"].(map[string]any)
		id := int64(bid["id"].(float64))
		docs := bid["submitted"].(map[string]any)["content"].(map[string]any)["documents"].([]any)
		digest := docs[len(docs)-1].(map[string]any)["sha256"].(string) // after the demo's own
		if res := call("GET", fmt.Sprintf("/api/v1/bids/%d/documents/%s", id, digest), kangning, nil); res.status != http.StatusOK || string(res.body) != string(doc) {
			t.Fatalf("the bidder reads its document: %d", res.status)
		}

		res = call("GET", fmt.Sprintf("/api/v1/bids/%d/receipt", id), kangning, nil)
		if res.status != http.StatusOK {
			t.Fatalf("receipt: %d %s", res.status, res.body)
		}
		var rc workflow.BidReceipt
		if err := json.Unmarshal([]byte(mustJSON(t, res.json(t)["receipt"])), &rc); err != nil || rc.Verify(w.store.VerifierKey()) != nil || rc.Commitment != commitment {
			t.Fatalf("the receipt does not verify: %v %+v", err, rc)
		}
		reads := []struct {
			path   string
			status int
		}{
			{fmt.Sprintf("/api/v1/bids/%d/receipt", id), http.StatusNotFound},
			{fmt.Sprintf("/api/v1/bids/%d", id), http.StatusNotFound},
			{fmt.Sprintf("/api/v1/bids/%d/documents/%s", id, digest), http.StatusNotFound},
			{fmt.Sprintf("/api/v1/procurements/%d/bids", p.ID), http.StatusForbidden},
		}
		for _, who := range []string{"xihu.minzheng", "agency.zhongcheng", "xihu.reviewer", "xihu.admin", "auditor.zj", "mof.admin", "supplier.xiyanghong"} {
			bearer := w.token(t, who)
			for _, r := range reads {
				res := call("GET", r.path, bearer, nil)
				if res.status != r.status || !strings.Contains(string(res.body), "O87-33") || strings.Contains(string(res.body), "31415926") {
					t.Errorf("%s GET %s: %d %s, want %d naming O87-33", who, r.path, res.status, res.body, r.status)
				}
			}
			if res := call("GET", "/api/v1/bids", bearer, nil); strings.Contains(string(res.body), "31415926") || strings.Contains(string(res.body), commitment) {
				t.Errorf("%s lists the bid: %d %s", who, res.status, res.body)
			}
			var n int
			if err := w.store.DB().QueryRowContext(t.Context(), `SELECT count(*) FROM security_alerts s JOIN users u ON u.id = s.user_id
				WHERE u.username = $1 AND s.kind = $2 AND s.status = 'open'`, who, goumai.AlertEarlyBidRead).Scan(&n); err != nil || n != 1 {
				t.Errorf("%s's attempts are an open alert: %d %v", who, n, err)
			}
		}
		// The administrators see the purchaser's attempt among their alerts.
		res = call("GET", "/api/v1/security/alerts", w.token(t, "xihu.admin"), nil)
		if res.status != http.StatusOK || !strings.Contains(string(res.body), `"bid_early_read"`) || !strings.Contains(string(res.body), `"xihu.minzheng"`) {
			t.Errorf("xihu.admin's alerts: %d %s", res.status, res.body)
		}
	})
}
