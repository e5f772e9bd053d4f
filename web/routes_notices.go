package web

import "github.com/goumai/goumai"

// noticeRoutes registers the public portal of procurement part 1: the
// published procedures with every disclosure field, the notices in their
// 财办库〔2020〕50号 templates with print views, and the supplier's forms on a
// procedure's page (an enquiry, a prequalification application, an objection
// to a single-source publicity), gated as their API routes are.
func (s *Server) noticeRoutes(rt *router) {
	rt.page("/procurements", Public, s.publicProcurements)
	s.listExportRoutes(rt, "/procurements", "procurements", s.procurementExport)
	rt.page("/procurements/{id}", Public, s.publicProcurement)
	rt.form("/procurements/{id}/enquiries", goumai.ActAskEnquiry, s.procurementAsk())
	rt.form("/procurements/{id}/applications", goumai.ActApplyPrequal, s.procurementApply())
	rt.form("/procurements/{id}/objections", signedIn, s.procurementObject())
	rt.page("/notices", Public, s.noticeList)
	s.listExportRoutes(rt, "/notices", "notices", s.noticeExport)
	rt.page("/notices/{id}", Public, s.noticePage)
	rt.page("/notices/{id}/print", Public, s.noticePrint)
}
