package web

import "github.com/goumai/goumai"

// procurementPageRoutes registers the staff pages of procurement part 1
// (组织采购): the procedures, starting one, a procedure's page with its
// actions, and the drafting form with the lots. The gates are the policy's;
// the use cases check the procedure's organisers, state and version.
func (s *Server) procurementPageRoutes(rt *router) {
	run := goumai.ActRunProcurement
	rt.page("/staff/procurements", signedIn, s.procurementsPage)
	rt.page("/staff/procurements/new", run, s.procurementNew)
	rt.form("/staff/procurements", run, s.procurementCreate)
	rt.form("/staff/procurements/agreements", goumai.ActEntrustAgency, s.agreementCreate)
	rt.page("/staff/procurements/{id}", signedIn, s.procurementPage)
	rt.page("/staff/procurements/{id}/edit", run, s.procurementEdit)
	rt.form("/staff/procurements/{id}", run, s.procurementUpdate)
	rt.form("/staff/procurements/{id}/lots", run, s.lotSave)
	rt.form("/staff/procurements/{id}/lots/{number}/delete", run, s.lotDelete)
	rt.form("/staff/procurements/{id}/validate", goumai.ActViewProcurement, s.procurementValidate)
	rt.form("/staff/procurements/{id}/request-approval", run, s.procurementStep(s.procurementRequestApproval, "approval_requested"))
	rt.form("/staff/procurements/{id}/decision", goumai.ActApproveMethod, s.procurementDecide)
	rt.form("/staff/procurements/{id}/publicity", run, s.procurementStep(s.procurementPublicity, "publicity_started"))
	rt.form("/staff/procurements/{id}/prequalification", run, s.procurementStep(s.procurementPrequal, "prequal_started"))
	rt.form("/staff/procurements/{id}/publish", run, s.procurementStep(s.procurementPublish, "procurement_published"))
	rt.form("/staff/procurements/{id}/clarifications", run, s.procurementClarify)
	rt.form("/staff/procurements/{id}/terminate", run, s.procurementTerminate)
	rt.form("/staff/procurements/{id}/objections/{item}/answer", run, s.objectionAnswer)
	rt.form("/staff/procurements/{id}/applications/{item}/judgement", run, s.applicationJudge)
	rt.form("/staff/procurements/{id}/enquiries/{item}/answer", run, s.enquiryAnswer)
}
