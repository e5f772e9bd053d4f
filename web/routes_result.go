package web

import (
	"net/http"

	"github.com/goumai/goumai"
)

// resultRoutes registers procurement part 2's result: the purchaser's
// confirmation, the result notice, a failed procedure's follow-up, the
// bid-bond refunds and the bidders' letters.
func (s *Server) resultRoutes(rt *router) {
	run := goumai.ActRunProcurement
	rt.api("POST", "/api/v1/procurements/{id}/confirm", run, actID(http.StatusOK, "procurement", s.svc.ConfirmResult))
	rt.api("POST", "/api/v1/procurements/{id}/result", run, versioned("notice", s.svc.PublishResult))
	rt.api("POST", "/api/v1/procurements/{id}/follow-up", run, actID(http.StatusCreated, "procurement", s.svc.FollowUp))
	rt.api("POST", "/api/v1/bond-refunds/{id}/refund", run, on(http.StatusOK, "refund", s.svc.RefundBond))
	rt.read("/api/v1/letters", signedIn, s.apiLetters)
	rt.read("/api/v1/procurements/{id}/result", Public, s.apiResult)
}

// apiResult is a procedure's part 2 as the caller may see it: the opening
// record once opened; the awards once published (to insiders from the
// confirmation); to insiders the ranking and the bid-bond refunds, whose ids
// POST /api/v1/bond-refunds/{id}/refund takes.
func (s *Server) apiResult(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	v, err := s.svc.ProcurementView(r.Context(), a, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rv, err := s.svc.ProcurementResult(r.Context(), a, v.Procurement)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"result": rv})
}

// apiLetters lists the award and result letters of the caller's organisation.
func (s *Server) apiLetters(w http.ResponseWriter, r *http.Request) {
	ls, err := s.svc.MyLetters(r.Context(), actorOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"letters": ls})
}
