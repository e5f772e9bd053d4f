package web

import (
	"context"
	"encoding/base64"
	"fmt"
	"html"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// signedDemoContract puts the demo's awarded 居家养老上门服务 under contract,
// through the use cases: the purchaser registers a key and drafts it, completes
// its terms, the winner and the purchaser sign. It returns the contract in force.
func signedDemoContract(t testing.TB, w *world) (demoContractScene, goumai.Contract) {
	t.Helper()
	ctx := context.Background()
	sc := contractDemo(t, w)
	buyer, winner := w.actor(t, "xihu.minzheng"), w.actor(t, sc.winner)
	bk, err := goumai.GenerateSigningKey(goumai.AlgEd25519, nil)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := bk.Public()
	if _, err := w.svc.RegisterPurchaserKey(ctx, buyer, buyer.Org.ID, workflow.KeyInput{PublicKey: pub.PEM, Label: "合同专用"}); err != nil {
		t.Fatalf("register the purchaser's key: %v", err)
	}
	c, err := w.svc.DraftContract(ctx, buyer, sc.p.ID, sc.award.LotID, workflow.ContractInput{})
	if err != nil {
		t.Fatalf("draft: %v", err)
	}
	terms := c.Terms
	terms.Settlement, terms.BreachLiability, terms.Quantity = "按季度支付。", "按合同约定承担违约责任。", "全年上门服务"
	if c, err = w.svc.UpdateContract(ctx, buyer, c.ID, workflow.ContractInput{Version: c.Version, Title: c.Title, Amount: c.Amount,
		TermMonths: c.TermMonths, LongTerm: c.LongTerm, StartOn: c.StartOn, Terms: terms}); err != nil {
		t.Fatalf("update: %v", err)
	}
	for _, s := range []struct {
		a goumai.Actor
		k goumai.SigningKey
	}{{winner, sc.key}, {buyer, bk}} {
		p, _ := s.k.Public()
		sig, err := s.k.Sign(goumai.ContractSigningMessage(c.Hash))
		if err != nil {
			t.Fatal(err)
		}
		if c, err = w.svc.SignContract(ctx, s.a, c.ID, workflow.SignInput{Hash: c.Hash, KeyID: p.ID, Signature: base64.StdEncoding.EncodeToString(sig)}); err != nil {
			t.Fatalf("sign as %s: %v", s.a.Username, err)
		}
	}
	return sc, c
}

// TestSupervisionAPI: the supervision and acceptance of the demo's contract
// in force through the API, every request and response checked against
// openapi.json, every route of routes_supervision.go covered: the winner
// keeps its ledger with an attachment, finance inspects, the purchaser
// orders a rectification, the winner answers, the purchaser closes it; the
// public complains and the purchaser answers; the winner submits its
// milestone; the purchaser's group without a service user is refused
// (ENG-H6), the supplier cannot accept its own milestone, an unsubmitted one
// cannot be accepted, bad input is refused; the group, the opinion and the
// result accept it and publish the 公共服务项目验收结果公告; the public reads
// the result, its sheet and its print view.
func TestSupervisionAPI(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		sc, c := signedDemoContract(t, w)
		buyer, winner, fin, loser := w.token(t, "xihu.minzheng"), w.token(t, sc.winner), w.token(t, "xihu.reviewer"), w.token(t, "supplier.kangning")
		if sc.winner == "supplier.kangning" {
			loser = w.token(t, "supplier.zhijiang")
		}
		cp := fmt.Sprintf("/api/v1/contracts/%d", c.ID)
		post := func(path, bearer string, body any, want int) map[string]any {
			t.Helper()
			res := w.do(t, request{method: "POST", path: path, bearer: bearer, body: mustJSON(t, body)})
			if res.status != want {
				t.Fatalf("POST %s: %d, want %d: %s", path, res.status, want, res.body)
			}
			return res.json(t)
		}
		today := w.clock.Now().In(goumai.Shanghai).Format("2006-01-02")
		png := base64.StdEncoding.EncodeToString([]byte("\x89PNG\r\n\x1a\nsign-in sheet"))
		report := map[string]any{"report_on": today, "content": "本月上门服务300人次", "quantity": 300, "unit": "人次",
			"files": []any{map[string]any{"name": "签到表.png", "content": png}}}
		post(cp+"/progress-reports", buyer, report, 403)
		post(cp+"/progress-reports", loser, report, 404)
		bad := map[string]any{"report_on": "2099-01-01", "content": "", "quantity": -1, "unit": "人次"}
		if f := post(cp+"/progress-reports", winner, bad, 422)["fields"].(map[string]any); f["report_on"] == nil || f["content"] == nil || f["quantity"] == nil {
			t.Errorf("bad report fields %v", f)
		}
		rep := post(cp+"/progress-reports", winner, report, 201)["report"].(map[string]any)
		digest := rep["files"].([]any)[0].(map[string]any)["sha256"].(string)
		if res := w.do(t, request{method: "GET", path: cp + "/files/" + digest, bearer: fin}); res.status != 200 || !strings.Contains(string(res.body), "sign-in sheet") {
			t.Errorf("finance reading the attachment: %d", res.status)
		}
		if res := w.do(t, request{method: "GET", path: cp + "/files/" + digest, bearer: loser}); res.status != 404 {
			t.Errorf("another supplier reading the attachment: %d", res.status)
		}

		insp := post(cp+"/inspections", fin, map[string]any{"inspected_on": today, "findings": "台账缺服务对象签字"}, 201)["inspection"].(map[string]any)
		post(cp+"/inspections", winner, map[string]any{"inspected_on": today, "findings": "自查"}, 403)
		post(cp+"/rectifications", buyer, map[string]any{"issue": "补齐签字", "days": 0}, 422)
		rc := post(cp+"/rectifications", buyer, map[string]any{"inspection_id": insp["id"], "issue": "补齐签字", "days": 5}, 201)["rectification"].(map[string]any)
		rp := fmt.Sprintf("/api/v1/rectifications/%d", int64(rc["id"].(float64)))
		post(rp+"/follow-up", buyer, map[string]any{"version": rc["version"], "result": "lapse"}, 409)
		rc = post(rp+"/response", winner, map[string]any{"version": rc["version"], "response": "已补齐签字"}, 200)["rectification"].(map[string]any)
		rc = post(rp+"/follow-up", fin, map[string]any{"version": rc["version"], "result": "close", "note": "复查合格"}, 200)["rectification"].(map[string]any)
		if rc["status"] != "closed" {
			t.Errorf("follow-up %v", rc)
		}

		post(cp+"/complaints", "", map[string]any{"body": ""}, 422)
		cm := post(cp+"/complaints", "", map[string]any{"body": "服务人员迟到，电话13812345678"}, 201)["complaint"].(map[string]any)
		if strings.Contains(cm["body"].(string), "13812345678") {
			t.Errorf("the complaint is not redacted: %v", cm["body"])
		}
		ap := fmt.Sprintf("/api/v1/service-complaints/%d/answer", int64(cm["id"].(float64)))
		post(ap, winner, map[string]any{"answer": "好"}, 403)
		post(ap, buyer, map[string]any{"answer": "已约谈服务机构"}, 200)
		post(ap, buyer, map[string]any{"answer": "再答"}, 409)

		m := c.Milestones[0]
		mp := fmt.Sprintf("/api/v1/milestones/%d", m.ID)
		post(mp+"/decision", buyer, map[string]any{"version": 1, "result": "accepted", "reasons": "合格"}, 409) // not submitted
		post(mp+"/submit", buyer, map[string]any{"version": m.Version, "report": "x"}, 403)
		post(mp+"/submit", winner, map[string]any{"version": m.Version, "report": ""}, 422)
		x := post(mp+"/submit", winner, map[string]any{"version": m.Version, "report": "全年上门服务已完成", "files": []any{map[string]any{"name": "报告.png", "content": png}}}, 200)["acceptance"].(map[string]any)
		if x["public_service"] != true {
			t.Fatalf("the demo's home care is a public service: %v", x)
		}
		staff := map[string]any{"name": "王科长", "role": "purchaser", "unit": "西湖区民政局"}
		res := w.do(t, request{method: "POST", path: mp + "/acceptance-group", bearer: buyer, body: mustJSON(t, map[string]any{"version": x["version"], "members": []any{staff}})})
		if res.status != 422 || !strings.Contains(string(res.body), "ENG-H6") {
			t.Fatalf("a group without a service user: %d %s", res.status, res.body)
		}
		post(mp+"/acceptance-group", winner, map[string]any{"version": x["version"], "members": []any{staff}}, 403)
		post(mp+"/acceptance-group", buyer, map[string]any{"version": x["version"], "members": []any{map[string]any{"name": "李", "role": "boss"}}}, 422)
		user := map[string]any{"name": "李阿姨", "role": "service_user", "unit": "翠苑社区"}
		x = post(mp+"/acceptance-group", buyer, map[string]any{"version": x["version"], "members": []any{staff, user}}, 200)["acceptance"].(map[string]any)
		post(mp+"/decision", buyer, map[string]any{"version": x["version"], "result": "accepted", "reasons": "合格"}, 422) // no opinions yet
		post(mp+"/opinions", buyer, map[string]any{"version": x["version"], "member": 5, "agrees": true, "opinion": "好"}, 422)
		for i := range 2 {
			x = post(mp+"/opinions", buyer, map[string]any{"version": x["version"], "member": i, "agrees": true, "opinion": "服务到位"}, 200)["acceptance"].(map[string]any)
		}
		post(mp+"/decision", winner, map[string]any{"version": x["version"], "result": "accepted", "reasons": "合格"}, 403)
		post(mp+"/decision", buyer, map[string]any{"version": x["version"], "result": "maybe", "reasons": "合格"}, 422)
		x = post(mp+"/decision", buyer, map[string]any{"version": x["version"], "result": "accepted", "reasons": "服务数量和质量达到合同约定"}, 200)["acceptance"].(map[string]any)
		if x["status"] != "accepted" || x["milestone"].(map[string]any)["status"] != "accepted" || x["notice_id"] == nil {
			t.Fatalf("accepted %v", x)
		}
		xid := int64(x["id"].(float64))
		for _, path := range []string{fmt.Sprintf("/api/v1/acceptances/%d", xid), "/api/v1/acceptances", cp + "/supervision"} {
			if res := w.do(t, request{method: "GET", path: path}); res.status != 200 {
				t.Errorf("the public reading %s: %d %s", path, res.status, res.body)
			}
		}
		if v := w.do(t, request{method: "GET", path: cp + "/supervision", bearer: buyer}).json(t)["supervision"].(map[string]any); len(v["reports"].([]any)) != 1 || v["insider"] != true {
			t.Errorf("the purchaser's supervision %v", v)
		}
		n := w.do(t, request{method: "GET", path: fmt.Sprintf("/notices/%d", int64(x["notice_id"].(float64)))})
		if body := html.UnescapeString(string(n.body)); n.status != 200 || !strings.Contains(body, "公共服务项目验收结果公告") || !strings.Contains(body, "李阿姨") || !strings.Contains(body, "服务对象代表") {
			t.Errorf("the acceptance notice page: %d", n.status)
		}
		for _, path := range []string{fmt.Sprintf("/acceptances/%d", xid), fmt.Sprintf("/acceptances/%d/print", xid), "/acceptances", fmt.Sprintf("/contracts/%d/delivery", c.ID)} {
			if res := w.do(t, request{method: "GET", path: path}); res.status != 200 || !strings.Contains(html.UnescapeString(string(res.body)), "李阿姨") && strings.HasPrefix(path, "/acceptances/") {
				t.Errorf("the public page %s: %d", path, res.status)
			}
		}
		if rep, err := w.store.Verify(context.Background(), nil); err != nil || !rep.OK() {
			t.Errorf("log verify: %+v %v", rep.Problems, err)
		}
		for _, rt := range w.srv.apiRoutes() {
			if (strings.Contains(rt.Path, "/supervision") || strings.Contains(rt.Path, "/files/") && !strings.HasPrefix(rt.Path, "/api/v1/redflags/") || strings.Contains(rt.Path, "/progress-reports") ||
				strings.Contains(rt.Path, "/inspections") || strings.Contains(rt.Path, "rectification") || strings.Contains(rt.Path, "complaints") && strings.HasPrefix(rt.Path, "/api/v1/contracts") ||
				strings.Contains(rt.Path, "/service-complaints/") || strings.Contains(rt.Path, "/milestones/") || strings.HasPrefix(rt.Path, "/api/v1/acceptances")) &&
				!w.covered[rt.Method+" "+rt.Path] {
				t.Errorf("no successful request of %s %s was validated against openapi.json", rt.Method, rt.Path)
			}
		}
	})
}

// TestAcceptanceListNamesContract: the public list of acceptance results
// names each result's contract — its number, linked to the public contract
// page, and its title — so that a citizen knows which service was accepted.
func TestAcceptanceListNamesContract(t *testing.T) {
	w := demoWorld(t)
	xs, err := w.svc.AcceptanceResults(context.Background(), 10)
	if err != nil || len(xs) == 0 {
		t.Fatalf("the demo's acceptance results: %v %v", xs, err)
	}
	c, err := w.svc.Contract(context.Background(), goumai.Actor{}, xs[0].ContractID)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"zh", "en"} {
		res := w.do(t, request{method: "GET", path: "/acceptances?lang=" + lang})
		if res.status != 200 {
			t.Fatalf("/acceptances (%s): %d", lang, res.status)
		}
		wantAll(t, "/acceptances "+lang, html.UnescapeString(string(res.body)),
			fmt.Sprintf(`<a href="/contracts/%d">%s</a>`, c.ID, c.Number), c.Title)
	}
}

// TestDeliveryPagesEnglishPunctuation: the public delivery page and the
// acceptance sheet in English use English parentheses and colons around
// dates, amounts and opinions (not （…） and ：), and Chinese keeps its own.
func TestDeliveryPagesEnglishPunctuation(t *testing.T) {
	w := demoWorld(t)
	xs, err := w.svc.AcceptanceResults(context.Background(), 10)
	if err != nil || len(xs) == 0 {
		t.Fatalf("the demo's acceptance results: %v %v", xs, err)
	}
	x := xs[0]
	paths := []string{fmt.Sprintf("/contracts/%d/delivery", x.ContractID), fmt.Sprintf("/acceptances/%d", x.ID), fmt.Sprintf("/acceptances/%d/print", x.ID)}
	want := map[string][]string{
		"en": {"Accepted (", "Finds it delivered: ", " yuan)"},
		"zh": {"验收合格（", "同意验收合格：", " 元）"},
	}
	for lang, ws := range want {
		var all string
		for _, p := range paths {
			res := w.do(t, request{method: "GET", path: p + "?lang=" + lang})
			if res.status != 200 {
				t.Fatalf("%s: %d", p, res.status)
			}
			all += html.UnescapeString(string(res.body))
		}
		wantAll(t, lang, all, ws...)
		if lang == "en" {
			for _, bad := range []string{"Accepted（", "delivered：", "yuan）", "answer（"} {
				if strings.Contains(all, bad) {
					t.Errorf("English pages show %q", bad)
				}
			}
		}
	}
}

// TestPublicContractPagesLinked: a citizen moves between a contract's
// public pages — the contract links to its delivery and its performance
// pages, each of which links back to the contract.
func TestPublicContractPagesLinked(t *testing.T) {
	w := demoWorld(t)
	xs, err := w.svc.AcceptanceResults(context.Background(), 10)
	if err != nil || len(xs) == 0 {
		t.Fatalf("the demo's acceptance results: %v %v", xs, err)
	}
	base := fmt.Sprintf("/contracts/%d", xs[0].ContractID)
	links := map[string][]string{
		base:                  {base + "/delivery", base + "/performance", base + "/print"},
		base + "/delivery":    {base, base + "/performance"},
		base + "/performance": {base, base + "/delivery"},
	}
	for _, lang := range []string{"zh", "en"} {
		for p, want := range links {
			res := w.do(t, request{method: "GET", path: p + "?lang=" + lang})
			if res.status != 200 {
				t.Fatalf("%s: %d", p, res.status)
			}
			for _, l := range want {
				if !strings.Contains(string(res.body), `href="`+l+`"`) {
					t.Errorf("%s (%s) does not link to %s", p, lang, l)
				}
			}
		}
	}
}

// TestSupervisionPageLayout: the supervision page's forms are laid out as
// every other staff form — each label above its field (class="field") —
// and the page links back to the contract.
func TestSupervisionPageLayout(t *testing.T) {
	w := demoWorld(t)
	xs, err := w.svc.AcceptanceResults(context.Background(), 10)
	if err != nil || len(xs) == 0 {
		t.Fatalf("the demo's acceptance results: %v %v", xs, err)
	}
	id := xs[0].ContractID
	body := string(w.page(t, w.login(t, purchaser), fmt.Sprintf("/staff/contracts/%d/supervision", id), 200).body)
	wantAll(t, "supervision page", body, `<div class="field"><label for="inspected_on">`, `<div class="field"><label for="findings">`,
		`<div class="field"><label for="issue">`, fmt.Sprintf(`href="/staff/contracts/%d" id="back-contract"`, id))
	// The public complaint form likewise.
	body = string(w.page(t, nil, fmt.Sprintf("/contracts/%d/delivery", id), 200).body)
	wantAll(t, "delivery page", body, `<div class="field"><label for="body">`)
}
