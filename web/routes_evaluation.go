package web

import (
	"net/http"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// evaluationRoutes registers evaluation (评审, issue 9 item 3): the
// organisers review tenders' qualifications, send the report and start a
// re-evaluation; panel members review compliance, query low prices, call
// final offers, score and dissent (ActEvaluate: the use case finds their seat
// on the procedure); bidders justify their own prices and make final offers
// (ActBid). Reviews are gated at sign-in only: the organiser or the panel
// reviews, by stage, and the use case decides which.
func (s *Server) evaluationRoutes(rt *router) {
	const panel, run, bid = goumai.ActEvaluate, goumai.ActRunProcurement, goumai.ActBid
	const base = "/api/v1/procurements/{id}/evaluation"
	rt.read(base, signedIn, s.apiEvaluation)
	rt.api("POST", base+"/bids/{bid}/review", signedIn, action(http.StatusOK, "review", s.apiReviewBid))
	rt.api("POST", base+"/bids/{bid}/scores", panel, action(http.StatusOK, "scores", s.apiScoreBid))
	rt.api("POST", base+"/bids/{bid}/price-query", panel, action(http.StatusCreated, "query", s.apiQueryPrice))
	rt.api("POST", "/api/v1/price-queries/{id}/justification", bid, actID(http.StatusOK, "query", s.svc.JustifyPrice))
	rt.api("POST", "/api/v1/price-queries/{id}/decision", panel, actID(http.StatusOK, "query", s.svc.DecidePrice))
	rt.api("POST", base+"/offer-rounds", panel, actID(http.StatusCreated, "round", s.svc.CallFinalOffers))
	rt.api("POST", base+"/offer-rounds/{round}/offer", bid, action(http.StatusCreated, "offer", s.apiFinalOffer))
	rt.api("POST", base+"/dissent", panel, actID(http.StatusOK, "dissent", s.svc.RecordDissent))
	rt.api("POST", base+"/report", run, action(http.StatusOK, "report", s.apiReport))
	rt.api("POST", base+"/reevaluate", run, actID(http.StatusOK, "reevaluation", s.svc.Reevaluate))

	// Pages: a member's scoring screen of one lot, and the report's print view.
	const page = "/staff/procurements/{id}/evaluation"
	rt.page(page+"/lots/{lot}/score", signedIn, s.evalScorePage)
	rt.form(page+"/lots/{lot}/bids/{bid}/scores", panel, s.evalScoreSave)
	rt.page(page+"/report", signedIn, s.evalReportPrint)
	// The review page of a lot (review_pages.go).
	rt.page(page+"/lots/{lot}/review", signedIn, s.evalReviewPage)
	rt.form(page+"/lots/{lot}/bids/{bid}/review", signedIn, s.evalReviewSave)
}

// pathInt is the named path value as an id (0 when not one).
func pathInt(r *http.Request, name string) int64 {
	id, _ := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id
}

func (s *Server) apiEvaluation(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.Evaluation(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"evaluation": v})
}

func (s *Server) apiReviewBid(c call[workflow.ReviewInput]) (goumai.BidReview, error) {
	return s.svc.ReviewBid(c.ctx(), c.a, c.id(), pathInt(c.r, "bid"), c.in)
}

func (s *Server) apiScoreBid(c call[workflow.ScoreInput]) ([]goumai.ItemScore, error) {
	return s.svc.ScoreBid(c.ctx(), c.a, c.id(), pathInt(c.r, "bid"), c.in)
}

func (s *Server) apiQueryPrice(c call[workflow.PriceQueryInput]) (goumai.PriceQuery, error) {
	return s.svc.QueryPrice(c.ctx(), c.a, c.id(), pathInt(c.r, "bid"), c.in)
}

func (s *Server) apiFinalOffer(c call[workflow.OfferInput]) (goumai.FinalOffer, error) {
	return s.svc.SubmitFinalOffer(c.ctx(), c.a, c.id(), pathInt(c.r, "round"), c.in)
}

func (s *Server) apiReport(c call[noBody]) (goumai.EvaluationReport, error) {
	return s.svc.Report(c.ctx(), c.a, c.id())
}
