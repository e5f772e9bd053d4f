package web

import "github.com/goumai/goumai"

// resultPageRoutes registers the staff page's forms of procurement part 2;
// the use cases check the organisers (the purchaser for the confirmation),
// the state and the version.
func (s *Server) resultPageRoutes(rt *router) {
	run := goumai.ActRunProcurement
	rt.form("/staff/procurements/{id}/open", run, s.procurementOpen)
	rt.form("/staff/procurements/{id}/confirm", run, s.procurementConfirm)
	rt.form("/staff/procurements/{id}/result", run, s.procurementPublishResult)
	rt.form("/staff/procurements/{id}/follow-up", run, s.procurementFollowUp)
	rt.form("/staff/procurements/{id}/refunds/{item}/refund", run, s.bondRefund)
	rt.form("/staff/procurements/{id}/report", run, s.procurementReport)
}
