package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// perfDemoContract returns the demo's contract of 居家养老上门服务 in force
// with every milestone accepted: drafted, completed and signed by both
// parties where that is not done yet (the authorisation matrix's contract
// rows sign it before the performance rows run).
func perfDemoContract(t testing.TB, w *world) goumai.Contract {
	t.Helper()
	ctx := context.Background()
	sc := contractDemo(t, w)
	buyer := w.actor(t, purchaser)
	cs, err := w.store.Contracts(ctx, sc.p.ID)
	if err != nil {
		t.Fatal(err)
	}
	var c goumai.Contract
	if len(cs) == 0 {
		if c, err = w.svc.DraftContract(ctx, buyer, sc.p.ID, sc.award.LotID, workflow.ContractInput{}); err != nil {
			t.Fatalf("draft: %v", err)
		}
	} else if c, err = w.store.Contract(ctx, cs[0].ID); err != nil {
		t.Fatal(err)
	}
	if c.Status == goumai.ContractDraft || c.Status == goumai.ContractSigning {
		if c.Terms.Settlement == "" || c.Terms.BreachLiability == "" {
			in := workflow.ContractInput{Version: c.Version, Title: c.Title, Amount: c.Amount, TermMonths: c.TermMonths, LongTerm: c.LongTerm, StartOn: c.StartOn, Terms: c.Terms}
			in.Terms.Settlement, in.Terms.BreachLiability = "按季度考核后支付。", "按合同约定承担违约责任。"
			if c, err = w.svc.UpdateContract(ctx, buyer, c.ID, in); err != nil {
				t.Fatalf("complete the terms: %v", err)
			}
		}
		bk, err := goumai.SigningKeyFromSeed(goumai.AlgEd25519, matrixBuyerKeySeed[:])
		if err != nil {
			t.Fatal(err)
		}
		pub, _ := bk.Public()
		if _, err := w.svc.RegisterPurchaserKey(ctx, buyer, c.PurchaserOrgID, workflow.KeyInput{PublicKey: pub.PEM, Label: "合同专用"}); err != nil &&
			goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("the purchaser's key: %v", err)
		}
		for _, party := range []struct {
			p goumai.ContractParty
			a goumai.Actor
			k goumai.SigningKey
		}{{goumai.PartySupplier, w.actor(t, sc.winner), sc.key}, {goumai.PartyPurchaser, buyer, bk}} {
			if full, _ := w.store.Contract(ctx, c.ID); full.Signed(party.p) {
				continue
			}
			kp, _ := party.k.Public()
			sig, err := party.k.Sign(goumai.ContractSigningMessage(c.Hash))
			if err != nil {
				t.Fatal(err)
			}
			if c, err = w.svc.SignContract(ctx, party.a, c.ID, workflow.SignInput{Hash: c.Hash, KeyID: kp.ID, Signature: fmt.Sprintf("%x", sig)}); err != nil {
				t.Fatalf("%s signs: %v", party.p, err)
			}
		}
	}
	if c.Status != goumai.ContractSigned {
		t.Fatalf("the demo contract is %s", c.Status)
	}
	if err := w.store.Update(ctx, func(tx *sqlstore.Tx) error {
		ms, err := tx.Milestones(ctx, c.ID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.Status == goumai.MilestoneAccepted {
				continue
			}
			now := tx.Now()
			m.Status, m.SubmittedAt, m.AcceptedAt = goumai.MilestoneAccepted, &now, &now
			if _, err := tx.UpdateMilestone(ctx, m); err != nil {
				return err
			}
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: buyer, Action: "milestone.set", Table: "contract_milestones", Key: m.ID, Region: c.Region}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestPerformanceAPI: every route of the performance evaluation through the
// API on the demo's contract in force, each request and response checked
// against openapi.json, with the bad input of each: weights not summing to
// 100, the supplier editing its evaluation, a survey code reused, a flood of
// answers flagged and reviewed before publishing.
func TestPerformanceAPI(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		c := perfDemoContract(t, w)
		sc := contractDemo(t, w)
		buyer, winner, fin := w.token(t, purchaser), w.token(t, sc.winner), w.token(t, county)
		base := fmt.Sprintf("/api/v1/contracts/%d", c.ID)
		do := func(r request, want int) map[string]any {
			t.Helper()
			res := w.do(t, r)
			if res.status != want {
				t.Fatalf("%s %s: %d, want %d: %s", r.method, r.path, res.status, want, res.body)
			}
			if len(res.body) == 0 {
				return nil
			}
			return res.json(t)
		}
		// The region's template (finance) with weights not summing to 100, then valid.
		tpl := map[string]any{"catalog_code": "", "effective_from": "2026-01-01", "indicators": []map[string]any{
			{"level": "output", "category": "output", "name": "服务完成率", "weight": 50},
			{"level": "benefit", "category": "benefit", "name": "社会效益", "weight": 30},
			{"level": "benefit", "category": "satisfaction", "name": "满意度", "weight": 10},
			{"level": "process", "category": "cost", "name": "预算执行率", "weight": 5}}}
		res := do(request{method: "POST", path: "/api/v1/regions/330106/performance-templates", bearer: fin, body: mustJSON(t, tpl)}, http.StatusUnprocessableEntity)
		if res["fields"].(map[string]any)["indicators"] == nil {
			t.Errorf("weights 95: %v", res)
		}
		tpl["indicators"].([]map[string]any)[3]["weight"] = 10
		do(request{method: "POST", path: "/api/v1/regions/330106/performance-templates", bearer: fin, body: mustJSON(t, tpl)}, http.StatusCreated)
		if ts := do(request{method: "GET", path: "/api/v1/regions/330106/performance-templates"}, 200)["templates"].([]any); len(ts) != 1 {
			t.Errorf("templates %v", ts)
		}
		do(request{method: "GET", path: "/api/v1/regions/999999/performance-templates"}, 404)

		// The self-evaluation: the supplier refused; weights checked.
		do(request{method: "POST", path: base + "/evaluations", bearer: winner, body: `{"kind":"self"}`}, 403)
		do(request{method: "POST", path: base + "/evaluations", bearer: buyer, body: `{"kind":"self","indicators":[{"level":"output","category":"output","name":"x","weight":90}]}`}, 422)
		do(request{method: "POST", path: base + "/evaluations", bearer: buyer, body: `{"kind":"nonsense"}`}, 422)
		e := do(request{method: "POST", path: base + "/evaluations", bearer: buyer, body: `{"kind":"self"}`}, 201)["evaluation"].(map[string]any)
		eid := int64(e["id"].(float64))
		epath := fmt.Sprintf("/api/v1/performance-evaluations/%d", eid)
		inds := e["indicators"].([]any)
		for i, in := range inds {
			m := in.(map[string]any)
			if m["category"] != "satisfaction" {
				m["score"] = 90 - i
			}
			m["evidence"] = "服务台账抽查"
		}
		do(request{method: "PUT", path: epath, bearer: winner, body: mustJSON(t, map[string]any{"version": e["version"], "indicators": inds})}, 403)
		e = do(request{method: "PUT", path: epath, bearer: buyer, body: mustJSON(t, map[string]any{"version": e["version"], "indicators": inds, "summary": "总体良好"})}, 200)["evaluation"].(map[string]any)
		do(request{method: "PUT", path: epath, bearer: buyer, body: mustJSON(t, map[string]any{"version": 1, "indicators": inds})}, 409)

		// The survey: codes, an answer, a code reused, a flood.
		do(request{method: "POST", path: base + "/survey-codes", bearer: buyer, body: `{"count":0}`}, 422)
		do(request{method: "POST", path: base + "/survey-codes", bearer: winner, body: `{"count":3}`}, 403)
		codes := do(request{method: "POST", path: base + "/survey-codes", bearer: buyer, body: `{"count":8}`}, 201)["codes"].([]any)
		answer := func(code any, ratings []int, want int) map[string]any {
			return do(request{method: "POST", path: "/api/v1/survey-responses", body: mustJSON(t, map[string]any{"code": code, "ratings": ratings, "comment": "很好 13812345678"})}, want)
		}
		answer(codes[0], []int{5, 4, 5, 4}, 201)
		answer(codes[0], []int{5, 4, 5, 4}, 409)
		answer("NOPE1-NOPE2", []int{5, 4, 5, 4}, 422)
		answer(codes[1], []int{5, 9, 5, 4}, 422)
		for _, code := range codes[2:7] {
			answer(code, []int{1, 1, 1, 1}, 201)
		}
		for i := range workflow.SurveyCodeLimit.N {
			_ = i
			w.do(t, request{method: "POST", path: "/api/v1/survey-responses", body: `{"code":"GUESS-GUESS","ratings":[5,5,5,5]}`})
		}
		answer("GUESS-GUESS", []int{5, 5, 5, 5}, 429)

		view := do(request{method: "GET", path: base + "/performance", bearer: buyer}, 200)["performance"].(map[string]any)
		if view["survey"].(map[string]any)["flagged"].(float64) != 5 || len(view["responses"].([]any)) != 6 {
			t.Fatalf("the flood: %v", view["survey"])
		}
		pub := do(request{method: "GET", path: base + "/performance"}, 200)["performance"].(map[string]any)
		if pub["responses"] != nil || len(pub["evaluations"].([]any)) != 0 {
			t.Errorf("the public sees %v", pub)
		}
		// Publishing waits for the flags' review.
		do(request{method: "POST", path: epath + "/publish", bearer: buyer, body: mustJSON(t, map[string]any{"version": e["version"]})}, 409)
		for _, r := range view["responses"].([]any) {
			m := r.(map[string]any)
			if m["flags"] == nil {
				continue
			}
			rp := fmt.Sprintf("/api/v1/survey-responses/%d/review", int64(m["id"].(float64)))
			do(request{method: "POST", path: rp, bearer: winner, body: `{"exclude":true}`}, 403)
			do(request{method: "POST", path: rp, bearer: buyer, body: `{"exclude":true,"note":"同一时间集中提交"}`}, 200)
		}
		e = do(request{method: "POST", path: epath + "/publish", bearer: buyer, body: mustJSON(t, map[string]any{"version": e["version"]})}, 200)["evaluation"].(map[string]any)
		if e["status"] != "published" || e["score"].(float64) <= 0 {
			t.Fatalf("published %v", e)
		}
		pub = do(request{method: "GET", path: base + "/performance"}, 200)["performance"].(map[string]any)
		if pub["grade"] == nil || len(pub["evaluations"].([]any)) != 1 {
			t.Errorf("the public result %v", pub)
		}
		if gs := do(request{method: "GET", path: fmt.Sprintf("/api/v1/orgs/%d/performance-grades", c.SupplierOrgID)}, 200)["grades"].([]any); len(gs) != 1 {
			t.Errorf("the supplier's record %v", gs)
		}
		if sum := do(request{method: "GET", path: "/api/v1/regions/330000/performance-summary"}, 200)["summary"].([]any); len(sum) != 1 {
			t.Errorf("the summary %v", sum)
		}
		do(request{method: "GET", path: "/api/v1/orgs/999999/performance-grades"}, 404)
		// The supplier's public record page (ENG-J1), linked from its public contracts.
		if res := w.do(t, request{method: "GET", path: fmt.Sprintf("/suppliers/%d/performance", c.SupplierOrgID)}); res.status != 200 ||
			!strings.Contains(string(res.body), fmt.Sprintf(`<a href="/contracts/%d/performance">%s</a>`, c.ID, c.Number)) ||
			!strings.Contains(string(res.body), ">"+goumai.GradeFor(int(e["score"].(float64))).Label().ZH+"<") {
			t.Errorf("the supplier's record page: %d %s", res.status, visibleText(res.body))
		}
		if res := w.do(t, request{method: "GET", path: fmt.Sprintf("/contracts/%d", c.ID)}); !strings.Contains(string(res.body), fmt.Sprintf(`href="/suppliers/%d/performance"`, c.SupplierOrgID)) {
			t.Errorf("the public contract page does not link its supplier's record")
		}
		if res := w.do(t, request{method: "GET", path: "/suppliers/999999/performance"}); res.status != 404 {
			t.Errorf("an unknown supplier's record page: %d", res.status)
		}
		if rep, err := w.store.Verify(context.Background(), nil); err != nil || !rep.OK() {
			t.Errorf("log verify: %+v %v", rep.Problems, err)
		}
		for _, rt := range w.srv.apiRoutes() {
			if rt.Kind == KindAPI && (len(rt.Path) > 0) && isPerformanceRoute(rt.Path) && !w.covered[rt.Method+" "+rt.Path] {
				t.Errorf("no successful request of %s %s was validated against openapi.json", rt.Method, rt.Path)
			}
		}
	})
}

// isPerformanceRoute names the routes of routes_performance.go.
func isPerformanceRoute(path string) bool {
	for _, p := range []string{"/api/v1/contracts/{id}/performance", "/api/v1/contracts/{id}/evaluations", "/api/v1/performance-evaluations/{id}",
		"/api/v1/performance-evaluations/{id}/publish", "/api/v1/contracts/{id}/survey-codes", "/api/v1/survey-responses",
		"/api/v1/survey-responses/{id}/review", "/api/v1/orgs/{id}/performance-grades", "/api/v1/regions/{code}/performance-summary",
		"/api/v1/regions/{code}/performance-templates"} {
		if p == path {
			return true
		}
	}
	return false
}
