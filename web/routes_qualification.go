package web

import (
	"net/http"

	"github.com/goumai/goumai"
)

// qualificationRoutes registers the qualification of the recommended
// supplier (资质审核, issue 10 item 1): the purchaser's staff or its agency
// read a procedure's qualification (each lot's rank-1 supplier, its proofs and
// the checks as they stand) and record a review of a lot's rank 1; the
// purchaser confirms the result only once it is qualified.
func (s *Server) qualificationRoutes(rt *router) {
	run := goumai.ActRunProcurement
	rt.api("POST", "/api/v1/procurements/{id}/qualifications", run, actID(http.StatusCreated, "qualification", s.svc.QualifySupplier))
	rt.read("/api/v1/procurements/{id}/qualification", signedIn, s.apiQualification)
	rt.page("/staff/procurements/{id}/qualification", signedIn, s.qualificationView("qualification"))
	rt.page("/staff/procurements/{id}/qualification/print", signedIn, s.qualificationView("qualification_print"))
	rt.form("/staff/procurements/{id}/qualification", run, s.qualificationPost)
}

// apiQualification returns a procedure's qualification to its insiders.
func (s *Server) apiQualification(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.Qualification(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"qualification": v})
}
