package web

import (
	"net/http"

	"github.com/goumai/goumai"
)

// enquiryRoutes registers enquiries (询问) on procedures open for bids: anyone
// reads the answered ones (never who asked), a supplier asks, the organisers
// answer, with amended documents when the answer changes them.
func (s *Server) enquiryRoutes(rt *router) {
	rt.read("/api/v1/procurements/{id}/enquiries", Public, s.apiEnquiries)
	rt.api("POST", "/api/v1/procurements/{id}/enquiries", goumai.ActAskEnquiry, actID(http.StatusCreated, "enquiry", s.svc.AskEnquiry))
	rt.api("POST", "/api/v1/enquiries/{id}/answer", goumai.ActRunProcurement, actID(http.StatusOK, "enquiry", s.svc.AnswerEnquiry))
}
