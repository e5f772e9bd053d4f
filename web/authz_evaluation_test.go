package web

import (
	"net/url"
	"strconv"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/workflow"
)

// evaluationAuthzRows are the authorisation matrix's rows for evaluation
// (routes_evaluation.go), on the demo's open tender of 杭州市西湖区民政局
// (困境儿童关爱保护服务, still open for bids: nothing to evaluate yet) and a
// missing procedure.
//
// Who may do what (authz.go, authz_evaluation.go, workflow/evaluation*.go):
// the evaluation is read by the procedure's insiders (organisers, finance
// staff and auditors of its region) and its panel, and by a bidder only for
// its own price queries; reviews are gated at sign-in (the organiser or the
// panel, by stage); panel work passes the gate for anyone with a role and is
// then refused unless the actor holds a seat on the procedure; the report and
// re-evaluation are the organisers' (ActRunProcurement); justifications and
// final offers a supplier's (ActBid). On a procedure not under evaluation
// everything past the gate is 409; on a missing one 404.
func evaluationAuthzRows() []authzRow {
	tender := func(f fixture) int64 {
		return enquiryDemoProcedure(f.t, f.w, goumai.ProcTendering, "困境儿童关爱保护服务").ID
	}
	missing := func(fixture) int64 { return 999999 }
	path := func(pick func(fixture) int64, suffix string) func(fixture) string {
		return func(f fixture) string {
			return "/api/v1/procurements/" + strconv.FormatInt(pick(f), 10) + "/evaluation" + suffix
		}
	}
	post := func(p func(fixture) string, body any) func(fixture) request {
		return func(f fixture) request { return request{method: "POST", path: p(f), body: mustJSON(f.t, body)} }
	}
	get := func(p func(fixture) string) func(fixture) request {
		return func(f fixture) request { return request{method: "GET", path: p(f)} }
	}
	all := func(s int) statuses { return expect(s401, s, s, s, s, s, s, s, s, s) }
	organisers := func(s int) statuses { return expect(s401, s403, s, s403, s403, s403, s403, s403, s403, s403) }
	suppliers := func(s int) statuses { return expect(s401, s, s403, s403, s403, s403, s403, s403, s403, s403) }
	due := time.Date(2030, 1, 1, 10, 0, 0, 0, goumai.Shanghai)
	score := workflow.ScoreInput{Scores: []workflow.ScoreEntry{{Item: "服务方案", Points: "50"}}}
	review := workflow.ReviewInput{Stage: goumai.ReviewCompliance, Pass: true}
	reeval := workflow.ReevaluateInput{Reason: rules.ReevalSumError, Detail: "分值汇总有误"}
	return []authzRow{
		{"GET the evaluation of a procedure open for bids (insiders)", false, get(path(tender, "")),
			expect(s401, s403, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET the evaluation of a missing procedure", false, get(path(missing, "")), all(s404)},
		{"POST a review before evaluation", false, post(path(tender, "/bids/1/review"), review), all(s409)},
		{"POST a review on a missing procedure", false, post(path(missing, "/bids/1/review"), review), all(s404)},
		{"POST scores before evaluation", false, post(path(tender, "/bids/1/scores"), score), all(s409)},
		{"POST scores on a missing procedure", false, post(path(missing, "/bids/1/scores"), score), all(s404)},
		{"POST a price query before evaluation", false, post(path(tender, "/bids/1/price-query"), workflow.PriceQueryInput{DueAt: due}), all(s409)},
		{"POST a justification of a missing query", false, func(f fixture) request {
			return request{method: "POST", path: "/api/v1/price-queries/999999/justification", body: mustJSON(f.t, workflow.JustifyInput{Justification: "成本说明"})}
		}, suppliers(s404)},
		{"POST a decision on a missing query", false, func(f fixture) request {
			return request{method: "POST", path: "/api/v1/price-queries/999999/decision", body: mustJSON(f.t, workflow.PriceDecisionInput{Accept: true, Reason: "合理"})}
		}, all(s404)},
		{"POST a call for final offers before evaluation", false, post(path(tender, "/offer-rounds"), workflow.OfferCallInput{LotID: 1, DueAt: due}), all(s409)},
		{"POST a final offer before evaluation", false, post(path(tender, "/offer-rounds/1/offer"), workflow.OfferInput{Price: 100}), suppliers(s409)},
		{"POST a dissent before evaluation", false, post(path(tender, "/dissent"), workflow.DissentInput{Text: "不同意"}), all(s409)},
		{"POST the report before evaluation", false, post(path(tender, "/report"), struct{}{}), organisers(s409)},
		{"POST the report of a missing procedure", false, post(path(missing, "/report"), struct{}{}), organisers(s404)},
		{"POST a re-evaluation before the report", false, post(path(tender, "/reevaluate"), reeval), organisers(s409)},
		{"POST a re-evaluation for another ground (the gate, then the rule)", false, post(path(tender, "/reevaluate"),
			workflow.ReevaluateInput{Reason: "site_visit", Detail: "现场考察"}), organisers(s422)},

		// Pages: the scoring screen needs a seat on the panel (nobody here has
		// one); the report's print view is the insiders' and the panel's, 404
		// before any report.
		{"GET the scoring screen (no seat)", true, get(page(tender, "/lots/1/score")), expect(s303, s403, s403, s403, s403, s403, s403, s403, s403, s403)},
		{"POST a row of the scoring screen before evaluation", true, func(f fixture) request {
			return request{method: "POST", path: page(tender, "/lots/1/bids/1/scores")(f), form: url.Values{"points_1": {"50"}}}
		}, expect(s401, s409, s409, s409, s409, s409, s409, s409, s409, s409)},
		{"GET the report's print view before any report", true, get(page(tender, "/report")), expect(s303, s403, s404, s404, s404, s404, s404, s404, s404, s404)},
		// The review page: the organisers' and the panel's (the lot checked after who).
		{"GET the review page of a missing lot", true, get(page(tender, "/lots/999999/review")), expect(s303, s403, s404, s403, s403, s403, s403, s403, s403, s403)},
		{"POST a review from the review page before evaluation", true, func(f fixture) request {
			return request{method: "POST", path: page(tender, "/lots/1/bids/1/review")(f), form: url.Values{"stage": {"compliance"}, "pass": {"1"}}}
		}, expect(s401, s409, s409, s409, s409, s409, s409, s409, s409, s409)},
	}
}

// page is an evaluation page's path under a procedure.
func page(pick func(fixture) int64, suffix string) func(fixture) string {
	return func(f fixture) string {
		return "/staff/procurements/" + strconv.FormatInt(pick(f), 10) + "/evaluation" + suffix
	}
}
