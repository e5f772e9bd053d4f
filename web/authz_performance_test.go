package web

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/workflow"
)

// perfDraft returns the demo contract's self-evaluation draft, started by
// the purchaser if there is none, every indicator scored.
func perfDraft(f fixture) (goumai.Contract, goumai.PerformanceEvaluation) {
	ctx := context.Background()
	c := perfDemoContract(f.t, f.w)
	buyer := f.w.actor(f.t, purchaser)
	es, err := f.w.store.Evaluations(ctx, c.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	var e goumai.PerformanceEvaluation
	for _, x := range es {
		if x.Kind == goumai.EvalSelf && x.Status == goumai.EvalDraft {
			e = x
		}
	}
	if e.ID == 0 {
		if e, err = f.w.svc.StartEvaluation(ctx, buyer, c.ID, workflow.EvaluationInput{Kind: goumai.EvalSelf}); err != nil {
			f.t.Fatalf("start: %v", err)
		}
	}
	if rules.CheckScored(e.Indicators) == nil {
		return c, e
	}
	for i := range e.Indicators {
		v := 85
		e.Indicators[i].Score = &v
	}
	if e, err = f.w.svc.UpdateEvaluation(ctx, buyer, e.ID, workflow.EvaluationInput{Version: e.Version, Indicators: e.Indicators}); err != nil {
		f.t.Fatalf("score: %v", err)
	}
	return c, e
}

// perfCode issues one survey code of the demo contract.
func perfCode(f fixture) (goumai.Contract, string) {
	c := perfDemoContract(f.t, f.w)
	codes, err := f.w.svc.IssueSurveyCodes(context.Background(), f.w.actor(f.t, purchaser), c.ID, 1)
	if err != nil {
		f.t.Fatalf("codes: %v", err)
	}
	return c, codes[0]
}

// performanceAuthzRows are the matrix's rows for the performance evaluation
// (routes_performance.go) on the demo's contract in force (contractAuthzRows
// signs it; perfDemoContract accepts its milestones): the public reads the
// published results, the supplier's record, a region's summary and
// templates and answers the survey with a code; the purchaser's staff start,
// score and publish the self-evaluation, issue codes and review answers; the
// winner (its supplier) is refused on its own evaluation; the region's
// finance administrators set templates. The staff page shows any signed-in
// caller what it may see (the public view for an outsider). The GET page
// rows authenticate with bearer tokens (html false): they run after the
// portal's rows, whose "POST /logout" ends the main actors' browser sessions.
func performanceAuthzRows() []authzRow {
	contractPath := func(suffix string) func(f fixture) request {
		return func(f fixture) request {
			c := perfDemoContract(f.t, f.w)
			return request{method: "GET", path: fmt.Sprintf("/api/v1/contracts/%d%s", c.ID, suffix)}
		}
	}
	pagePath := func(suffix string) func(f fixture) request {
		return func(f fixture) request {
			c := perfDemoContract(f.t, f.w)
			return request{method: "GET", path: fmt.Sprintf("/contracts/%d%s", c.ID, suffix)}
		}
	}
	get := func(path string) func(fixture) request {
		return func(fixture) request { return request{method: "GET", path: path} }
	}
	form := func(method, path string, v url.Values) request { return request{method: method, path: path, form: v} }
	all200 := expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)
	tpl := `{"catalog_code":"A01","effective_from":"%s","indicators":[{"level":"output","category":"output","name":"服务完成率","weight":60},` +
		`{"level":"benefit","category":"benefit","name":"社会效益","weight":20},{"level":"benefit","category":"satisfaction","name":"满意度","weight":10},` +
		`{"level":"process","category":"cost","name":"预算执行率","weight":10}]}`
	return []authzRow{
		{"GET a contract's performance evaluation", false, contractPath("/performance"), all200.and(contractWinner, s200, agency, s200)},
		{"POST start the self-evaluation", false, func(f fixture) request {
			c := perfDemoContract(f.t, f.w)
			return request{method: "POST", path: fmt.Sprintf("/api/v1/contracts/%d/evaluations", c.ID), body: `{"kind":"self"}`}
		}, expect(s401, s404, s201, s403, s403, s403, s403, s403, s403, s403).and(contractWinner, s403, agency, s403, otherBuyer, s404)},
		{"PUT score the self-evaluation", false, func(f fixture) request {
			_, e := perfDraft(f)
			return request{method: "PUT", path: fmt.Sprintf("/api/v1/performance-evaluations/%d", e.ID),
				body: mustJSON(f.t, map[string]any{"version": e.Version, "indicators": e.Indicators, "summary": "总体良好"})}
		}, expect(s401, s404, s200, s403, s403, s403, s403, s403, s403, s403).and(contractWinner, s403, agency, s403, otherBuyer, s404)},
		{"POST publish the self-evaluation", false, func(f fixture) request {
			_, e := perfDraft(f)
			return request{method: "POST", path: fmt.Sprintf("/api/v1/performance-evaluations/%d/publish", e.ID), body: mustJSON(f.t, map[string]any{"version": e.Version})}
		}, expect(s401, s404, s200, s403, s403, s403, s403, s403, s403, s403).and(contractWinner, s403, agency, s403, otherBuyer, s404)},
		{"POST issue survey codes", false, func(f fixture) request {
			c := perfDemoContract(f.t, f.w)
			return request{method: "POST", path: fmt.Sprintf("/api/v1/contracts/%d/survey-codes", c.ID), body: `{"count":2}`}
		}, expect(s401, s403, s201, s403, s403, s403, s403, s403, s403, s403).and(contractWinner, s403, agency, s403, otherBuyer, s404)},
		{"POST answer the survey with a fresh code", false, func(f fixture) request {
			_, code := perfCode(f)
			return request{method: "POST", path: "/api/v1/survey-responses", body: mustJSON(f.t, map[string]any{"code": code, "ratings": []int{5, 4, 5, 4}})}
		}, expect(s201, s201, s201, s201, s201, s201, s201, s201, s201, s201)},
		{"POST review a survey answer", false, func(f fixture) request {
			_, code := perfCode(f)
			rc, err := f.w.svc.SubmitSurvey(context.Background(), workflow.SurveyInput{Code: code, Ratings: []int{4, 4, 4, 4}}, fmt.Sprintf("192.0.2.%d", f.next()%250))
			if err != nil {
				f.t.Fatal(err)
			}
			rs, err := f.w.store.SurveyResponses(context.Background(), rc.ContractID)
			if err != nil || len(rs) == 0 {
				f.t.Fatalf("responses: %v", err)
			}
			return request{method: "POST", path: fmt.Sprintf("/api/v1/survey-responses/%d/review", rs[len(rs)-1].ID), body: `{"exclude":false,"note":"正常"}`}
		}, expect(s401, s403, s200, s403, s403, s403, s403, s403, s403, s403).and(contractWinner, s403, agency, s403, otherBuyer, s404)},
		{"GET a supplier's performance record", false, func(f fixture) request {
			c := perfDemoContract(f.t, f.w)
			return request{method: "GET", path: fmt.Sprintf("/api/v1/orgs/%d/performance-grades", c.SupplierOrgID)}
		}, all200},
		{"GET a supplier's public performance record page", false, func(f fixture) request {
			c := perfDemoContract(f.t, f.w)
			return request{method: "GET", path: fmt.Sprintf("/suppliers/%d/performance", c.SupplierOrgID)}
		}, all200},
		{"GET a region's performance summary", false, get("/api/v1/regions/330100/performance-summary"), all200},
		{"GET a region's indicator templates", false, get("/api/v1/regions/330106/performance-templates"), all200},
		{"POST set a region's indicator template", false, func(f fixture) request {
			day := time.Date(2026, 1, 1, 0, 0, 0, 0, goumai.Shanghai).AddDate(0, 0, f.next()).Format(time.DateOnly)
			return request{method: "POST", path: "/api/v1/regions/330106/performance-templates", body: fmt.Sprintf(tpl, day)}
		}, expect(s401, s403, s403, s403, s403, s201, s201, s201, s403, s201)},
		{"GET the staff performance page", false, func(f fixture) request {
			c := perfDemoContract(f.t, f.w)
			return request{method: "GET", path: fmt.Sprintf("/staff/contracts/%d/performance", c.ID)}
		}, expect(s303, s200, s200, s200, s200, s200, s200, s200, s200, s200).and(contractWinner, s200, agency, s200, otherBuyer, s200)},
		// Only the purchaser's staff issue survey codes; a losing supplier does not see the contract.
		{"POST the staff performance form (issue survey codes)", true, func(f fixture) request {
			c := perfDemoContract(f.t, f.w)
			return form("POST", fmt.Sprintf("/staff/contracts/%d/performance", c.ID), url.Values{"op": {"codes"}, "count": {"1"}})
		}, expect(s401, s404, s200, s403, s403, s403, s403, s403, s403, s403).and(contractWinner, s403, agency, s403, otherBuyer, s404)},
		{"GET the public survey page", false, get("/survey"), all200},
		{"POST the public survey with a fresh code", true, func(f fixture) request {
			_, code := perfCode(f)
			return form("POST", "/survey", url.Values{"code": {code}, "q0": {"5"}, "q1": {"4"}, "q2": {"4"}, "q3": {"5"}})
		}, expect(s303, s303, s303, s303, s303, s303, s303, s303, s303, s303)},
		{"GET the public performance result page", false, pagePath("/performance"), all200},
	}
}
