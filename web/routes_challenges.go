package web

import (
	"net/http"

	"github.com/goumai/goumai"
)

// challengeRoutes registers challenges (质疑) and complaints (投诉), ENG-D8:
// anyone reads a procedure's (never who filed or the facts, but for the
// challenger and the insiders); a supplier challenges a notice, withdraws,
// complains; the organisers answer; the finance department suspends,
// resumes and decides.
func (s *Server) challengeRoutes(rt *router) {
	rt.read("/api/v1/procurements/{id}/challenges", Public, s.apiChallenges)
	rt.api("POST", "/api/v1/procurements/{id}/challenges", goumai.ActChallenge, actID(http.StatusCreated, "challenge", s.svc.FileChallenge))
	rt.api("POST", "/api/v1/challenges/{id}/answer", goumai.ActRunProcurement, actID(http.StatusOK, "challenge", s.svc.AnswerChallenge))
	rt.api("POST", "/api/v1/challenges/{id}/withdraw", goumai.ActChallenge, on(http.StatusOK, "challenge", s.svc.WithdrawChallenge))
	rt.api("POST", "/api/v1/challenges/{id}/complaint", goumai.ActChallenge, actID(http.StatusCreated, "complaint", s.svc.FileComplaint))
	rt.api("POST", "/api/v1/complaints/{id}/suspend", goumai.ActDecideComplaint, actID(http.StatusOK, "complaint", s.svc.SuspendProcurement))
	rt.api("POST", "/api/v1/complaints/{id}/resume", goumai.ActDecideComplaint, on(http.StatusOK, "complaint", s.svc.ResumeProcurement))
	rt.api("POST", "/api/v1/complaints/{id}/decide", goumai.ActDecideComplaint, actID(http.StatusOK, "complaint", s.svc.DecideComplaint))
	rt.api("POST", "/api/v1/complaints/{id}/withdraw", goumai.ActChallenge, on(http.StatusOK, "complaint", s.svc.WithdrawComplaint))

	// The public page with the forms of whoever may act.
	rt.page("/procurements/{id}/challenges", Public, s.challengesPage)
	rt.page("/procurements/{id}/complaints/{item}/print", Public, s.complaintPrint)
	rt.form("/procurements/{id}/challenges", goumai.ActChallenge, s.challengeFile())
	rt.form("/procurements/{id}/challenges/{item}/answer", goumai.ActRunProcurement, s.challengeAnswer())
	rt.form("/procurements/{id}/challenges/{item}/withdraw", goumai.ActChallenge, s.challengeWithdraw())
	rt.form("/procurements/{id}/challenges/{item}/complaint", goumai.ActChallenge, s.complaintFile())
	rt.form("/procurements/{id}/complaints/{item}/suspend", goumai.ActDecideComplaint, s.complaintSuspend())
	rt.form("/procurements/{id}/complaints/{item}/resume", goumai.ActDecideComplaint, s.complaintResume())
	rt.form("/procurements/{id}/complaints/{item}/decide", goumai.ActDecideComplaint, s.complaintDecide())
	rt.form("/procurements/{id}/complaints/{item}/withdraw", goumai.ActChallenge, s.complaintWithdraw())
}

// apiChallenges lists a procedure's challenges and complaints with their
// answers and decisions, as the caller may see them (workflow.Service.Challenges).
func (s *Server) apiChallenges(w http.ResponseWriter, r *http.Request) {
	l, err := s.svc.Challenges(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, l)
}
