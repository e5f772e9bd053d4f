package web

import (
	"net/http"
	"strconv"

	"github.com/goumai/goumai"
)

func (s *Server) staffHome(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, err := s.svc.Inbox(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tab := r.URL.Query().Get("tab")
	if tab != "done" && tab != "returned" {
		tab = "todo"
	}
	s.render(w, r, http.StatusOK, "staff_home", map[string]any{"Tab": tab, "Todo": in.Todo, "Done": in.Done, "Returned": in.Returned})
}

func (s *Server) apiTodo(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, err := s.svc.Inbox(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, in)
}

func (s *Server) switchOrg(w http.ResponseWriter, r *http.Request) {
	info := infoOf(r)
	if info.session == nil {
		s.fail(w, r, goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in"))
		return
	}
	id, _ := strconv.ParseInt(r.PostFormValue("org_id"), 10, 64)
	if err := s.svc.SwitchOrg(r.Context(), *info.session, id); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff", http.StatusSeeOther)
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireUser(r); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "password", map[string]any{})
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The session the change is made from stays; every other one ends.
	if err := s.svc.ChangePassword(r.Context(), a, infoOf(r).session.ID, r.PostFormValue("old_password"), r.PostFormValue("new_password")); err != nil {
		e := goumai.AsError(err)
		if e.Code == goumai.EInvalid {
			s.render(w, r, statusOf(e.Code), "password", map[string]any{"Error": e})
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff?done=password", http.StatusSeeOther)
}

func (s *Server) staffEvents(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireUser(r); err != nil {
		s.fail(w, r, err)
		return
	}
	f, private, err := s.eventFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	evs, err := s.store.FindEvents(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var next int64
	if len(evs) == f.Limit && len(evs) > 0 {
		next = evs[len(evs)-1].ID
	}
	s.render(w, r, http.StatusOK, "events", map[string]any{"Events": evs, "Next": next, "Private": private,
		"RegionName": s.store.Regions().FullName(f.Region)})
}

// apiMe describes the signed-in actor and the organisations they may act for.
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ms := infoOf(r).members
	type membership struct {
		ID    int64       `json:"id"`
		OrgID int64       `json:"org_id"`
		Org   string      `json:"org"`
		Role  goumai.Role `json:"role"`
	}
	list := []membership{}
	for _, m := range ms {
		list = append(list, membership{m.ID, m.Org.ID, m.Org.Name, m.Role})
	}
	roles := a.Roles
	if roles == nil {
		roles = []goumai.Role{}
	}
	var org any = a.Org
	if a.Org.ID == 0 {
		org = nil // no active organisation to act for
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": a.UserID, "username": a.Username, "display_name": a.Name,
		"org": org, "roles": roles, "memberships": list})
}
