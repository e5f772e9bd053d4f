package web

import (
	"net/http"

	"github.com/goumai/goumai"
)

// procurementRoutes registers procurement part 1 (组织采购): agency agreements,
// procedures and their lots, method approval, single-source publicity and its
// objections, prequalification and its applications, publication,
// clarifications, termination, and the notices.
func (s *Server) procurementRoutes(rt *router) {
	run := goumai.ActRunProcurement
	rt.read("/api/v1/procurements", Public, s.apiProcurements)
	rt.api("POST", "/api/v1/procurements", run, act(http.StatusCreated, "procurement", s.svc.CreateProcurement))
	rt.read("/api/v1/procurements/{id}", Public, s.apiProcurement)
	rt.api("PUT", "/api/v1/procurements/{id}", run, actID(http.StatusOK, "procurement", s.svc.UpdateProcurement))
	rt.api("POST", "/api/v1/procurements/{id}/validate", goumai.ActViewProcurement, on(http.StatusOK, "", s.svc.ValidateProcurement))
	rt.api("PUT", "/api/v1/procurements/{id}/lots/{number}", run, action(http.StatusOK, "lot", s.apiLotPut))
	rt.api("DELETE", "/api/v1/procurements/{id}/lots/{number}", run, action(http.StatusNoContent, "", s.apiLotDelete))
	rt.api("POST", "/api/v1/procurements/{id}/request-approval", run, versioned("procurement", s.svc.RequestApproval))
	rt.api("POST", "/api/v1/procurements/{id}/decision", goumai.ActApproveMethod, actID(http.StatusOK, "decision", s.svc.DecideMethod))
	rt.api("POST", "/api/v1/procurements/{id}/publicity", run, versioned("procurement", s.svc.StartPublicity))
	rt.api("POST", "/api/v1/procurements/{id}/objections", signedIn, actID(http.StatusCreated, "objection", s.svc.FileObjection))
	rt.api("POST", "/api/v1/objections/{id}/answer", run, action(http.StatusOK, "objection", s.apiObjectionAnswer))
	rt.api("POST", "/api/v1/procurements/{id}/prequalification", run, actID(http.StatusOK, "procurement", s.svc.StartPrequal))
	rt.api("POST", "/api/v1/procurements/{id}/applications", goumai.ActApplyPrequal, actID(http.StatusCreated, "application", s.svc.ApplyPrequal))
	rt.api("POST", "/api/v1/applications/{id}/judgement", run, actID(http.StatusOK, "application", s.svc.JudgeApplication))
	rt.api("POST", "/api/v1/procurements/{id}/publish", run, versioned("procurement", s.svc.Publish))
	rt.api("POST", "/api/v1/procurements/{id}/clarifications", run, actID(http.StatusOK, "procurement", s.svc.Clarify))
	rt.api("POST", "/api/v1/procurements/{id}/terminate", run, actID(http.StatusOK, "procurement", s.svc.Terminate))
	rt.api("POST", "/api/v1/agency-agreements", goumai.ActEntrustAgency, act(http.StatusCreated, "agreement", s.svc.RecordAgreement))
	rt.read("/api/v1/notices", Public, s.apiNotices)
	rt.read("/api/v1/notices/{id}", Public, s.apiNotice)
}
