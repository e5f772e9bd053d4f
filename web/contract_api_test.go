package web

import (
	"context"
	"encoding/base64"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
)

// demoContractScene is the demo's awarded procedure of 杭州市西湖区民政局, its
// lot and award, and the winner's account with its published demo key.
type demoContractScene struct {
	p      goumai.Procurement
	award  goumai.Award
	winner string
	key    goumai.SigningKey
}

func contractDemo(t testing.TB, w *world) demoContractScene {
	t.Helper()
	ctx := context.Background()
	p := enquiryDemoProcedure(t, w, goumai.ProcAwarded, "居家养老上门服务")
	as, err := w.store.Awards(ctx, p.ID)
	if err != nil || len(as) == 0 {
		t.Fatalf("awards of %s: %v %v", p.Title, as, err)
	}
	seeds := map[string]func() (goumai.SigningKey, error){
		"supplier.kangning": demo.DemoSigningKey,
		"supplier.zhijiang": func() (goumai.SigningKey, error) {
			return goumai.SigningKeyFromSeed(goumai.AlgEd25519, demo.ZhijiangKeySeed[:])
		},
		"supplier.xiyanghong": func() (goumai.SigningKey, error) {
			return goumai.SigningKeyFromSeed(goumai.AlgEd25519, demo.XiyanghongKeySeed[:])
		},
	}
	for name, seed := range seeds {
		ms, err := w.store.Memberships(ctx, w.user(t, name).ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.OrgID == as[0].OrgID {
				k, err := seed()
				if err != nil {
					t.Fatal(err)
				}
				return demoContractScene{p: p, award: as[0], winner: name, key: k}
			}
		}
	}
	t.Fatalf("the winner of %s is none of the demo's keyed suppliers", p.Title)
	return demoContractScene{}
}

// signBody signs hash with k.
func signBody(t testing.TB, k goumai.SigningKey, hash string) string {
	t.Helper()
	pub, err := k.Public()
	if err != nil {
		t.Fatal(err)
	}
	sig, err := k.Sign(goumai.ContractSigningMessage(hash))
	if err != nil {
		t.Fatal(err)
	}
	return mustJSON(t, map[string]any{"hash": hash, "key_id": pub.ID, "signature": base64.StdEncoding.EncodeToString(sig)})
}

// TestContractAPI: the contract through the API on the demo's awarded
// procedure, every request and response checked against openapi.json: the
// purchaser registers its key and drafts the contract, completes its terms,
// the winner and the purchaser sign it; the public reads it once in force.
func TestContractAPI(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		sc := contractDemo(t, w)
		buyer, winner := w.token(t, "xihu.minzheng"), w.token(t, sc.winner)
		buyerOrg := w.org(t, "杭州市西湖区民政局")
		bk, err := goumai.GenerateSigningKey(goumai.AlgEd25519, nil)
		if err != nil {
			t.Fatal(err)
		}
		bpub, _ := bk.Public()
		if res := w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/orgs/%d/signing-keys", buyerOrg.ID), bearer: buyer,
			body: mustJSON(t, map[string]any{"public_key": bpub.PEM, "label": "合同专用"})}); res.status != 201 {
			t.Fatalf("register the purchaser's key: %d %s", res.status, res.body)
		}
		res := w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/procurements/%d/lots/%d/contract", sc.p.ID, sc.award.LotID), bearer: buyer, body: "{}"})
		if res.status != 201 {
			t.Fatalf("draft: %d %s", res.status, res.body)
		}
		c := res.json(t)["contract"].(map[string]any)
		id := int64(c["id"].(float64))
		path := fmt.Sprintf("/api/v1/contracts/%d", id)
		terms := c["terms"].(map[string]any)
		terms["settlement"], terms["breach_liability"], terms["quantity"] = "按季度支付。", "按合同约定承担违约责任。", "全年评估服务一次"
		res = w.do(t, request{method: "PUT", path: path, bearer: buyer, body: mustJSON(t, map[string]any{"version": c["version"], "title": c["title"],
			"amount": c["amount"], "term_months": c["term_months"], "start_on": c["start_on"], "terms": terms})})
		if res.status != 200 {
			t.Fatalf("update: %d %s", res.status, res.body)
		}
		hash := res.json(t)["contract"].(map[string]any)["hash"].(string)
		if res := w.do(t, request{method: "GET", path: path}); res.status != 404 {
			t.Errorf("the public reading a draft: %d", res.status)
		}
		if res := w.do(t, request{method: "GET", path: path, bearer: winner}); res.status != 200 || res.json(t)["contract"].(map[string]any)["canonical"] == "" {
			t.Errorf("the winner reading its draft: %d %s", res.status, res.body)
		}
		for who, r := range map[string]request{
			"the winner":    {method: "POST", path: path + "/sign", bearer: winner, body: signBody(t, sc.key, hash)},
			"the purchaser": {method: "POST", path: path + "/sign", bearer: buyer, body: signBody(t, bk, hash)},
		} {
			if res := w.do(t, r); res.status != 200 {
				t.Fatalf("%s signing: %d %s", who, res.status, res.body)
			}
		}
		if res := w.do(t, request{method: "POST", path: path + "/statistics", bearer: buyer}); res.status != 200 {
			t.Errorf("entering the contract for statistics: %d %s", res.status, res.body)
		}
		res = w.do(t, request{method: "GET", path: path})
		if res.status != 200 || res.json(t)["contract"].(map[string]any)["status"] != "signed" {
			t.Fatalf("the public reading the contract in force: %d %s", res.status, res.body)
		}
		if res := w.do(t, request{method: "GET", path: fmt.Sprintf("/api/v1/procurements/%d/contracts", sc.p.ID)}); res.status != 200 ||
			len(res.json(t)["contracts"].([]any)) != 1 {
			t.Errorf("the public list: %d %s", res.status, res.body)
		}
		if rep, err := w.store.Verify(context.Background(), nil); err != nil || !rep.OK() {
			t.Errorf("log verify after the contract: %+v %v", rep.Problems, err)
		}
		for _, rt := range w.srv.apiRoutes() {
			if (rt.Path == "/api/v1/contracts/{id}" || rt.Path == "/api/v1/contracts/{id}/sign" || rt.Path == "/api/v1/contracts/{id}/statistics" || rt.Path == "/api/v1/procurements/{id}/contracts" ||
				rt.Path == "/api/v1/procurements/{id}/lots/{lot}/contract" || rt.Path == "/api/v1/orgs/{id}/signing-keys") && !w.covered[rt.Method+" "+rt.Path] {
				t.Errorf("no successful request of %s %s was validated against openapi.json", rt.Method, rt.Path)
			}
		}
	})
}

// TestContractNoticeTemplate: the 合同公告 shows the fields of REQ-C21 in
// both languages and on its print view.
func TestContractNoticeTemplate(t *testing.T) {
	pg, err := loadPages()
	if err != nil {
		t.Fatal(err)
	}
	pub := time.Date(2026, 4, 20, 10, 0, 0, 0, goumai.Shanghai)
	p := goumai.Procurement{ID: 7, Code: "CG-330106-2026-0099", Title: "2026年西湖区助餐服务", ProjectID: 3, PublishedAt: &pub}
	line := &goumai.ContractNoticeLine{Number: "CG-330106-2026-0099-HT01", Title: "2026年西湖区助餐服务合同", LotNumber: 1, Purchaser: "杭州市西湖区民政局",
		Supplier: "杭州康宁养老服务有限公司", SupplierAddress: "杭州市西湖区文三路1号", ServiceContent: "中心城区12个助餐点", Quantity: "12000 人次",
		Amount: 45_000_000, TermMonths: 12, StartOn: "2026-05-01", EndOn: "2027-04-30", Place: "杭州市西湖区", SignedOn: "2026-04-18",
		Hash: strings.Repeat("ab", 32)}
	n := goumai.Notice{ID: 11, ProcurementID: p.ID, Kind: goumai.NoticeContract, Number: 5, Title: p.Title + "合同公告", PublishedAt: pub,
		Body: goumai.NoticeBody{ProjectCode: "GM-330106-2026-0042", ProcurementCode: p.Code, Purchaser: line.Purchaser, Contract: line}}
	d := noticePage{N: n, P: p, Sections: noticeSections(n.Kind), RegionName: "浙江省杭州市西湖区", Siblings: []goumai.Notice{n}}
	for _, page := range []string{"notice", "notice_print"} {
		for _, lang := range []string{"zh", "en"} {
			var buf strings.Builder
			if err := pg.set[page].ExecuteTemplate(&buf, "layout.html", view{Lang: lang, Data: d, Path: "/notices/11"}); err != nil {
				t.Fatalf("%s %s: %v", page, lang, err)
			}
			out := html.UnescapeString(buf.String())
			wantAll(t, page+" "+lang, out, line.Number, line.Title, line.Purchaser, line.Supplier, line.SupplierAddress, "450,000.00",
				line.StartOn, line.EndOn, line.Place, line.SignedOn, line.Hash, line.ServiceContent, line.Quantity, p.Code)
			if lang == "zh" {
				wantAll(t, page, out, "合同编号", "采购人（甲方）", "供应商（乙方）", "合同签订日期", "公告日期")
			}
			if m := regexp.MustCompile(`(pub|con)\.[a-z_.]+`).FindString(out); m != "" {
				t.Errorf("%s %s shows a message key: %s", page, lang, m)
			}
		}
	}
}
