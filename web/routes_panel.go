package web

import (
	"context"
	"net/http"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// panelRoutes registers the expert pool and the verifiable panel draw
// (ENG-F3): finance staff keep the pool; an expert keeps their profile and
// sees their seats (a code until the day); the finance supervisor and the
// organiser commit and reveal, each on their own route; the organiser
// requests draws and self-selects; the purchaser's staff seat its
// representatives; anyone reads the counts and a draw's log.
func (s *Server) panelRoutes(rt *router) {
	rt.read("/api/v1/experts", goumai.ActManageExperts, s.apiExperts)
	rt.api("POST", "/api/v1/experts", goumai.ActManageExperts, act(http.StatusCreated, "expert", s.svc.AddExpert))
	rt.api("POST", "/api/v1/experts/{id}/pool", goumai.ActManageExperts, actID(http.StatusOK, "expert", s.svc.SetExpertActive))
	rt.read("/api/v1/expert/profile", goumai.ActServeAsExpert, s.apiExpertProfile)
	rt.api("PUT", "/api/v1/expert/profile", goumai.ActServeAsExpert, act(http.StatusOK, "expert", s.svc.UpdateMyExpertProfile))
	rt.read("/api/v1/expert/seats", goumai.ActServeAsExpert, s.apiExpertSeats)
	rt.api("POST", "/api/v1/expert/seats/{id}/recuse", goumai.ActServeAsExpert, actID(http.StatusOK, "member", s.svc.RecuseMember))

	rt.read("/api/v1/procurements/{id}/panel", Public, s.apiPanel)
	rt.api("POST", "/api/v1/procurements/{id}/panel/commitments/supervisor", goumai.ActSuperviseDraw, actID(http.StatusCreated, "commitment", asParty(goumai.PartySupervisor, s.svc.CommitDraw)))
	rt.api("POST", "/api/v1/procurements/{id}/panel/commitments/organizer", goumai.ActRunProcurement, actID(http.StatusCreated, "commitment", asParty(goumai.PartyOrganizer, s.svc.CommitDraw)))
	rt.api("POST", "/api/v1/procurements/{id}/panel/draws", goumai.ActRunProcurement, actID(http.StatusCreated, "draw", s.svc.RequestDraw))
	rt.api("POST", "/api/v1/procurements/{id}/panel/self-selected", goumai.ActRunProcurement, actID(http.StatusCreated, "member", s.svc.SelfSelect))
	rt.api("POST", "/api/v1/panel-members/{id}/recuse", goumai.ActRunProcurement, actID(http.StatusOK, "member", s.svc.RecuseMember))
	rt.api("POST", "/api/v1/panel-draws/{id}/reveal/supervisor", goumai.ActSuperviseDraw, actID(http.StatusOK, "draw", asParty(goumai.PartySupervisor, s.svc.RevealDraw)))
	rt.api("POST", "/api/v1/panel-draws/{id}/reveal/organizer", goumai.ActRunProcurement, actID(http.StatusOK, "draw", asParty(goumai.PartyOrganizer, s.svc.RevealDraw)))
	rt.api("POST", "/api/v1/panel-draws/{id}/complete/supervisor", goumai.ActSuperviseDraw, actID(http.StatusOK, "draw", asParty(goumai.PartySupervisor, s.svc.CompleteDraw)))
	rt.api("POST", "/api/v1/panel-draws/{id}/complete/organizer", goumai.ActRunProcurement, actID(http.StatusOK, "draw", asParty(goumai.PartyOrganizer, s.svc.CompleteDraw)))
	rt.read("/api/v1/panel-draws/{id}/log", Public, s.apiDrawLog)
	rt.api("POST", "/api/v1/procurements/{id}/panel/representatives", goumai.ActSeatRepresentative, actID(http.StatusCreated, "member", s.svc.SeatRepresentative))

	// Pages (panel_pages.go).
	rt.page("/procurements/{id}/panel", Public, s.panelPage)
	rt.page("/procurements/{id}/panel/draws/{draw}/print", Public, s.drawPrint)
	rt.form("/procurements/{id}/panel/commit/supervisor", goumai.ActSuperviseDraw, s.panelCommit(goumai.PartySupervisor))
	rt.form("/procurements/{id}/panel/commit/organizer", goumai.ActRunProcurement, s.panelCommit(goumai.PartyOrganizer))
	rt.form("/procurements/{id}/panel/request", goumai.ActRunProcurement, s.panelRequest)
	rt.form("/procurements/{id}/panel/reveal/supervisor", goumai.ActSuperviseDraw, s.panelReveal(goumai.PartySupervisor))
	rt.form("/procurements/{id}/panel/reveal/organizer", goumai.ActRunProcurement, s.panelReveal(goumai.PartyOrganizer))
	rt.form("/procurements/{id}/panel/representative", goumai.ActSeatRepresentative, s.panelRepresentative)
	rt.page("/staff/expert", goumai.ActServeAsExpert, s.expertPage)
	rt.form("/staff/expert", goumai.ActServeAsExpert, s.expertSave)
}

// partyInput is an input naming the party of a draw: the route fixes it.
type partyInput interface {
	workflow.CommitInput | workflow.RevealInput
}

// asParty fixes the party of a commit or reveal to the route's, whatever the body says.
func asParty[In partyInput, Out any](party goumai.DrawParty, uc func(context.Context, goumai.Actor, int64, In) (Out, error)) func(context.Context, goumai.Actor, int64, In) (Out, error) {
	return func(ctx context.Context, a goumai.Actor, id int64, in In) (Out, error) {
		switch v := any(&in).(type) {
		case *workflow.CommitInput:
			v.Party = party
		case *workflow.RevealInput:
			v.Party = party
		}
		return uc(ctx, a, id, in)
	}
}

// apiExperts lists the experts of a database (?region=, the actor's own region by default).
func (s *Server) apiExperts(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	region := r.URL.Query().Get("region")
	if region == "" {
		region = a.Org.Region
	}
	es, err := s.svc.ExpertPool(r.Context(), a, region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"experts": es})
}

func (s *Server) apiExpertProfile(w http.ResponseWriter, r *http.Request) {
	e, err := s.svc.MyExpertProfile(r.Context(), actorOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"expert": e})
}

func (s *Server) apiExpertSeats(w http.ResponseWriter, r *http.Request) {
	seats, err := s.svc.MySeats(r.Context(), actorOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"seats": seats})
}

// apiPanel is a procedure's panel as anyone sees it before the result: counts and the draws' public records.
func (s *Server) apiPanel(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.PanelView(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"panel": v})
}

// apiDrawLog serves a draw's log for `goumai log check-draw --log URL`.
func (s *Server) apiDrawLog(w http.ResponseWriter, r *http.Request) {
	l, err := workflow.LoadDrawLog(r.Context(), s.store, pathID(r))
	if err == nil && l.Result.Action == "" {
		err = goumai.Errorf(goumai.EConflict, "尚未抽取", "not drawn yet")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"log": l, "log_key": s.store.VerifierKey()})
}
