package web

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
)

// signedDemoContract puts the demo's awarded contract in force through the
// API: the purchaser registers its key, drafts it, completes its terms, and
// both parties sign. It returns the contract and the purchaser's key.
func signedChangeContract(t *testing.T, w *world, sc demoContractScene) (map[string]any, goumai.SigningKey) {
	t.Helper()
	buyer, winner := w.token(t, "xihu.minzheng"), w.token(t, sc.winner)
	bk, err := goumai.SigningKeyFromSeed(goumai.AlgEd25519, matrixBuyerKeySeed[:])
	if err != nil {
		t.Fatal(err)
	}
	bpub, _ := bk.Public()
	if res := w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/orgs/%d/signing-keys", w.org(t, "杭州市西湖区民政局").ID), bearer: buyer,
		body: mustJSON(t, map[string]any{"public_key": bpub.PEM, "label": "合同专用"})}); res.status != 201 {
		t.Fatalf("register the purchaser's key: %d %s", res.status, res.body)
	}
	res := w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/procurements/%d/lots/%d/contract", sc.p.ID, sc.award.LotID), bearer: buyer, body: "{}"})
	if res.status != 201 {
		t.Fatalf("draft: %d %s", res.status, res.body)
	}
	c := res.json(t)["contract"].(map[string]any)
	path := fmt.Sprintf("/api/v1/contracts/%d", int64(c["id"].(float64)))
	terms := c["terms"].(map[string]any)
	terms["settlement"], terms["breach_liability"] = "按季度考核后支付。", "按合同约定承担违约责任。"
	res = w.do(t, request{method: "PUT", path: path, bearer: buyer, body: mustJSON(t, map[string]any{"version": c["version"], "title": c["title"],
		"amount": c["amount"], "term_months": c["term_months"], "long_term": c["long_term"], "start_on": c["start_on"], "terms": terms})})
	if res.status != 200 {
		t.Fatalf("update: %d %s", res.status, res.body)
	}
	hash := res.json(t)["contract"].(map[string]any)["hash"].(string)
	for _, r := range []request{{bearer: winner, body: signBody(t, sc.key, hash)}, {bearer: buyer, body: signBody(t, bk, hash)}} {
		r.method, r.path = "POST", path+"/sign"
		if res = w.do(t, r); res.status != 200 {
			t.Fatalf("signing: %d %s", res.status, res.body)
		}
	}
	return res.json(t)["contract"].(map[string]any), bk
}

// otherDemoSupplier is a keyed demo supplier that did not win: its account
// and organisation.
func otherDemoSupplier(t *testing.T, w *world, sc demoContractScene) (string, goumai.Org) {
	t.Helper()
	ctx := context.Background()
	for _, user := range []string{"supplier.kangning", "supplier.zhijiang"} {
		if user == sc.winner {
			continue
		}
		ms, err := w.store.Memberships(ctx, w.user(t, user).ID)
		if err != nil || len(ms) == 0 {
			t.Fatalf("memberships of %s: %v %v", user, ms, err)
		}
		o, err := w.store.Org(ctx, ms[0].OrgID)
		if err != nil {
			t.Fatal(err)
		}
		return user, o
	}
	t.Fatalf("no other supplier than %s", sc.winner)
	return "", goumai.Org{}
}

// refusal is a request refused with a field-level bilingual error naming a rule.
type refusal struct {
	what  string
	r     request
	field string
	rule  string
}

// checkRefusal sends the refusal in Chinese and in English: 422 on its field,
// the message naming the rule in both languages.
func checkRefusal(t *testing.T, w *world, c refusal) {
	t.Helper()
	zh := ""
	for _, lang := range []string{"zh", "en"} {
		r := c.r
		r.header = map[string]string{"Accept-Language": lang}
		res := w.do(t, r)
		body := res.json(t)
		fields, _ := body["fields"].(map[string]any)
		msg, _ := fields[c.field].(string)
		if lang == "zh" {
			zh = msg
		}
		if res.status != 422 || !strings.Contains(msg, c.rule) || !regexp.MustCompile(`\p{Han}`).MatchString(zh) || lang == "en" && (msg == zh || !strings.Contains(msg, " the")) {
			t.Errorf("%s (%s): %d %s; want 422 on %s naming %s", c.what, lang, res.status, compactJSON(res.body), c.field, c.rule)
		}
	}
}

// TestContractChangeAPI: the changes to a contract in force through the API,
// every response checked against openapi.json: bad input (past 10 %, a
// financing guarantee, a forged signature, a second-level and a
// whole-service subcontract) refused with a field-level bilingual error
// naming its rule and the contract unchanged; then a supplementary contract
// signed by both, a subcontract consented to, the red flags read by the
// finance department, and a termination confirmed by the supplier.
func TestContractChangeAPI(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		sc := contractDemo(t, w)
		c, bk := signedChangeContract(t, w, sc)
		buyer, winner := w.token(t, "xihu.minzheng"), w.token(t, sc.winner)
		otherUser, otherOrg := otherDemoSupplier(t, w, sc)
		id := int64(c["id"].(float64))
		amount := int64(c["amount"].(float64))
		cpath := fmt.Sprintf("/api/v1/contracts/%d", id)
		changes := func() map[string]any {
			t.Helper()
			res := w.do(t, request{method: "GET", path: cpath + "/changes", bearer: buyer})
			if res.status != 200 {
				t.Fatalf("changes: %d %s", res.status, res.body)
			}
			return res.json(t)["changes"].(map[string]any)
		}
		amend := func(add int64, guarantee bool) string {
			return mustJSON(t, map[string]any{"reasons": "服务对象增加。", "terms": "服务数量增加5%。", "amount": add, "financing_guarantee": guarantee})
		}
		checkRefusal(t, w, refusal{"amending past 10 %", request{method: "POST", path: cpath + "/amendments", bearer: buyer, body: amend(amount/10+1, false)}, "amount", "ENG-H3"})
		checkRefusal(t, w, refusal{"a financing guarantee", request{method: "POST", path: cpath + "/amendments", bearer: buyer, body: amend(0, true)}, "financing_guarantee", "ENG-H5"})
		if ch := changes(); len(ch["amendments"].([]any)) != 0 {
			t.Fatalf("a refused amendment was kept: %v", ch)
		}

		res := w.do(t, request{method: "POST", path: cpath + "/amendments", bearer: buyer, body: amend(amount/20, false)})
		if res.status != 201 {
			t.Fatalf("propose: %d %s", res.status, res.body)
		}
		m := res.json(t)["amendment"].(map[string]any)
		mpath, hash := fmt.Sprintf("/api/v1/amendments/%d", int64(m["id"].(float64))), m["hash"].(string)
		forger, err := goumai.GenerateSigningKey(goumai.AlgEd25519, nil)
		if err != nil {
			t.Fatal(err)
		}
		wpub, _ := sc.key.Public()
		forged := strings.Replace(signBody(t, forger, hash), mustPubID(t, forger), wpub.ID, 1)
		checkRefusal(t, w, refusal{"a forged signature", request{method: "POST", path: mpath + "/sign", bearer: winner, body: forged}, "signature", ""})
		for _, r := range []request{{bearer: winner, body: signBody(t, sc.key, hash)}, {bearer: buyer, body: signBody(t, bk, hash)}} {
			r.method, r.path = "POST", mpath+"/sign"
			if res = w.do(t, r); res.status != 200 {
				t.Fatalf("signing the amendment: %d %s", res.status, res.body)
			}
		}
		if st := res.json(t)["amendment"].(map[string]any)["status"]; st != "signed" {
			t.Fatalf("amendment %v", st)
		}
		res = w.do(t, request{method: "GET", path: cpath})
		if got := res.json(t)["contract"].(map[string]any)["amended_amount"]; int64(got.(float64)) != amount/20 {
			t.Errorf("amended amount %v", got)
		}

		sub := func(org int64, add int64, who string) request {
			return request{method: "POST", path: cpath + "/subcontracts", bearer: who, body: mustJSON(t, map[string]any{"subcontractor_org_id": org,
				"part": "助浴服务", "amount": add, "non_core": true, "declared": true})}
		}
		res = w.do(t, sub(otherOrg.ID, amount/5, winner))
		if res.status != 201 {
			t.Fatalf("propose a subcontract: %d %s", res.status, res.body)
		}
		k := res.json(t)["subcontract"].(map[string]any)
		res = w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/subcontracts/%d/decision", int64(k["id"].(float64))), bearer: buyer,
			body: mustJSON(t, map[string]any{"version": k["version"], "agree": true, "opinion": "同意。"})})
		if res.status != 200 || res.json(t)["subcontract"].(map[string]any)["status"] != "approved" {
			t.Fatalf("consent: %d %s", res.status, res.body)
		}
		buyerOrg := w.org(t, "杭州市西湖区民政局")
		checkRefusal(t, w, refusal{"a second-level subcontract", sub(buyerOrg.ID, 100, w.token(t, otherUser)), "subcontractor_org_id", "ENG-H4"})
		checkRefusal(t, w, refusal{"a whole-service subcontract", sub(buyerOrg.ID, amount+amount/20, winner), "amount", "ENG-H4"})
		if ks := changes()["subcontracts"].([]any); len(ks) != 5 || ks[0].(map[string]any)["status"] != "approved" {
			t.Errorf("subcontracts after the refusals: %v", ks)
		}
		res = w.do(t, request{method: "GET", path: "/api/v1/subcontracts/blocked?region=330106", bearer: w.token(t, "xihu.reviewer")})
		if res.status != 200 || len(res.json(t)["subcontracts"].([]any)) != 4 {
			t.Errorf("the red flags: %d %s", res.status, res.body)
		}
		if res := w.do(t, request{method: "GET", path: cpath + "/changes"}); res.status != 200 || len(res.json(t)["changes"].(map[string]any)["subcontracts"].([]any)) != 1 {
			t.Errorf("the public reads the changes: %d %s", res.status, res.body)
		}

		res = w.do(t, request{method: "POST", path: cpath + "/terminations", bearer: buyer, body: `{"ground":"agreement","reasons":"服务对象整体迁入新建养老机构。"}`})
		if res.status != 201 {
			t.Fatalf("propose a termination: %d %s", res.status, res.body)
		}
		tm := res.json(t)["termination"].(map[string]any)
		res = w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/terminations/%d/decision", int64(tm["id"].(float64))), bearer: winner,
			body: mustJSON(t, map[string]any{"version": tm["version"], "agree": true})})
		if res.status != 200 || res.json(t)["termination"].(map[string]any)["status"] != "confirmed" {
			t.Fatalf("confirm: %d %s", res.status, res.body)
		}
		if st := w.do(t, request{method: "GET", path: cpath}).json(t)["contract"].(map[string]any)["status"]; st != "terminated" {
			t.Errorf("contract %v after its termination", st)
		}
		if rep, err := w.store.Verify(context.Background(), nil); err != nil || !rep.OK() {
			t.Errorf("log verify: %+v %v", rep.Problems, err)
		}
		for _, rt := range w.srv.apiRoutes() {
			if strings.Contains(rt.Path, "amendments") || strings.Contains(rt.Path, "terminations") || strings.Contains(rt.Path, "subcontracts") ||
				strings.HasSuffix(rt.Path, "/changes") {
				if !w.covered[rt.Method+" "+rt.Path] {
					t.Errorf("no successful request of %s %s was validated against openapi.json", rt.Method, rt.Path)
				}
			}
		}
	})
}

// mustPubID is a key's fingerprint.
func mustPubID(t *testing.T, k goumai.SigningKey) string {
	t.Helper()
	pub, err := k.Public()
	if err != nil {
		t.Fatal(err)
	}
	return pub.ID
}

// TestContractChangeNoticeTemplate: the 合同变更公告 and the 合同解除公告
// show what happened, why, the amount added and the total, in both
// languages and on the print view, with the contract's fields.
func TestContractChangeNoticeTemplate(t *testing.T) {
	pg, err := loadPages()
	if err != nil {
		t.Fatal(err)
	}
	pub := time.Date(2026, 9, 20, 10, 0, 0, 0, goumai.Shanghai)
	p := goumai.Procurement{ID: 7, Code: "CG-330106-2026-0099", Title: "2026年西湖区助餐服务", ProjectID: 3, PublishedAt: &pub}
	for _, c := range []struct {
		line goumai.ContractNoticeLine
		want []string
	}{
		{goumai.ContractNoticeLine{Event: "amendment", Reasons: "服务对象增加。", Changes: "服务数量增加至12600人次。", Added: 2_250_000, Total: 47_250_000},
			[]string{"服务对象增加。", "服务数量增加至12600人次。", "22,500.00", "472,500.00"}},
		{goumai.ContractNoticeLine{Event: "termination", Reasons: "双方协商一致解除：服务对象迁入新建机构。", Total: 45_000_000},
			[]string{"服务对象迁入新建机构。"}},
	} {
		line := c.line
		line.Number, line.Title, line.LotNumber, line.Purchaser, line.Supplier = "CG-330106-2026-0099-HT01", "2026年西湖区助餐服务合同", 1, "杭州市西湖区民政局", "杭州康宁养老服务有限公司"
		line.Amount, line.TermMonths, line.StartOn, line.EndOn, line.SignedOn, line.Hash = 45_000_000, 12, "2026-05-01", "2027-04-30", "2026-04-18", strings.Repeat("ab", 32)
		n := goumai.Notice{ID: 12, ProcurementID: p.ID, Kind: goumai.NoticeContract, Number: 6, Title: p.Title + "合同变更公告", PublishedAt: pub,
			Body: goumai.NoticeBody{ProcurementCode: p.Code, Purchaser: line.Purchaser, Contract: &line}}
		d := noticePage{N: n, P: p, Sections: noticeSections(n.Kind), RegionName: "浙江省杭州市西湖区", Siblings: []goumai.Notice{n}}
		for _, page := range []string{"notice", "notice_print"} {
			for lang, label := range map[string]string{"zh": "变更事项", "en": "Change"} {
				var buf strings.Builder
				if err := pg.set[page].ExecuteTemplate(&buf, "layout.html", view{Lang: lang, Data: d, Path: "/notices/12"}); err != nil {
					t.Fatalf("%s %s %s: %v", line.Event, page, lang, err)
				}
				out := html.UnescapeString(buf.String())
				wantAll(t, line.Event+" "+page+" "+lang, out, append([]string{label, line.Number, line.Hash}, c.want...)...)
				if m := regexp.MustCompile(`chg\.[a-z_]+`).FindString(out); m != "" {
					t.Errorf("%s %s shows a message key: %s", page, lang, m)
				}
			}
		}
	}
}
