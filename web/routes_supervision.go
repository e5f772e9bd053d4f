package web

import (
	"net/http"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// supervisionRoutes registers the supervision and acceptance of contracts in
// force (项目监管与验收, issue 10 item 4): the supplier writes its ledger
// (台账, ENG-H8), answers rectification orders and submits milestones; the
// purchaser's staff and the finance department of the region inspect, order
// and follow up rectifications; the purchaser's staff form the acceptance
// group (a service user for a public service, ENG-H6), record the opinions
// and decide, and answer public complaints; anyone complains (rate limited)
// and reads the decided acceptances and the complaints.
func (s *Server) supervisionRoutes(rt *router) {
	run, sup, bid := goumai.ActRunProcurement, goumai.ActSupervise, goumai.ActBid
	rt.read("/api/v1/contracts/{id}/supervision", Public, s.apiSupervision)
	rt.read("/api/v1/contracts/{id}/files/{sha256}", signedIn, s.supervisionFile)
	rt.api("POST", "/api/v1/contracts/{id}/progress-reports", bid, actionWithin(maxEvidenceBody, http.StatusCreated, "report",
		func(c call[workflow.ProgressInput]) (goumai.ProgressReport, error) {
			return s.svc.AddProgressReport(c.ctx(), c.a, c.id(), c.in)
		}))
	rt.api("POST", "/api/v1/contracts/{id}/inspections", sup, actID(http.StatusCreated, "inspection", s.svc.RecordInspection))
	rt.api("POST", "/api/v1/contracts/{id}/rectifications", sup, actID(http.StatusCreated, "rectification", s.svc.IssueRectification))
	rt.api("POST", "/api/v1/rectifications/{id}/response", bid, actionWithin(maxEvidenceBody, http.StatusOK, "rectification",
		func(c call[workflow.RectifyResponse]) (goumai.Rectification, error) {
			return s.svc.RespondRectification(c.ctx(), c.a, c.id(), c.in)
		}))
	rt.api("POST", "/api/v1/rectifications/{id}/follow-up", sup, actID(http.StatusOK, "rectification", s.svc.FollowUpRectification))
	rt.api("POST", "/api/v1/contracts/{id}/complaints", Public, s.limited(workflow.ServiceComplaintLimit,
		actID(http.StatusCreated, "complaint", s.svc.FileServiceComplaint)))
	rt.api("POST", "/api/v1/service-complaints/{id}/answer", run, actID(http.StatusOK, "complaint", s.svc.AnswerServiceComplaint))
	rt.api("POST", "/api/v1/milestones/{id}/submit", bid, actionWithin(maxEvidenceBody, http.StatusOK, "acceptance",
		func(c call[workflow.MilestoneSubmitInput]) (workflow.AcceptanceView, error) {
			return s.svc.SubmitMilestone(c.ctx(), c.a, c.id(), c.in)
		}))
	rt.api("POST", "/api/v1/milestones/{id}/acceptance-group", run, actID(http.StatusOK, "acceptance", s.svc.FormAcceptanceGroup))
	rt.api("POST", "/api/v1/milestones/{id}/opinions", run, actID(http.StatusOK, "acceptance", s.svc.RecordAcceptanceOpinion))
	rt.api("POST", "/api/v1/milestones/{id}/decision", run, actID(http.StatusOK, "acceptance", s.svc.DecideAcceptance))
	rt.read("/api/v1/acceptances/{id}", Public, s.apiAcceptance)
	rt.read("/api/v1/acceptances", Public, s.apiAcceptances)
	s.supervisionPageRoutes(rt)
}

// apiSupervision returns a contract's supervision as the caller may read it.
func (s *Server) apiSupervision(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.Supervision(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"supervision": v})
}

// supervisionFile serves an attachment of the contract's supervision to its insiders.
func (s *Server) supervisionFile(w http.ResponseWriter, r *http.Request) {
	f, content, err := s.svc.SupervisionFile(r.Context(), actorOf(r), pathID(r), r.PathValue("sha256"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	serveDownload(w, "attachment-"+f.SHA256[:12]+goumai.FileExt(f.Type), f, content)
}

// apiAcceptance returns one acceptance round as the caller may read it.
func (s *Server) apiAcceptance(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.Acceptance(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"acceptance": v})
}

// apiAcceptances lists the latest decided acceptances.
func (s *Server) apiAcceptances(w http.ResponseWriter, r *http.Request) {
	xs, err := s.svc.AcceptanceResults(r.Context(), 100)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"acceptances": xs})
}
