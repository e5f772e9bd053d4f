package web

import "net/http"

// apiEnquiries lists a procedure's enquiries by number as the caller may see
// them (workflow.Service.Enquiries): the answered ones for everyone without
// who asked; the caller's organisation's own; all with their askers for the
// procedure's insiders.
func (s *Server) apiEnquiries(w http.ResponseWriter, r *http.Request) {
	es, err := s.svc.Enquiries(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"enquiries": es})
}
