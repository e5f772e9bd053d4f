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
