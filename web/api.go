package web

import (
	"net/http"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

func (s *Server) apiRegion(w http.ResponseWriter, r *http.Request) {
	g, ok := s.store.Regions().Get(r.PathValue("code"))
	if !ok {
		s.fail(w, r, goumai.ErrNotFound("行政区划", "region"))
		return
	}
	var children []goumai.Region
	for _, c := range s.store.Regions().Children(g.Code) {
		x, _ := s.store.Regions().Get(c)
		children = append(children, x)
	}
	if children == nil {
		children = []goumai.Region{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"region": g, "full_name": s.store.Regions().FullName(g.Code), "children": children})
}

// apiOrgs lists organisations: the public directory for everyone (active, not
// individuals), every organisation of the region subtree for its finance
// department's administrators and auditors.
func (s *Server) apiOrgs(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	f := sqlstore.OrgFilter{Query: q.Get("q"), Kind: goumai.OrgKind(q.Get("kind")), AfterID: after, Limit: limit}
	a := actorOf(r)
	internal := false
	if root := s.svc.Policy.VisibleRegion(a); root != "" && s.svc.Policy.Can(a, goumai.ActViewOrgInternal, goumai.Target{Region: root}) == nil {
		internal = true
		f.Region = root
		if reg := q.Get("region"); reg != "" && s.store.Regions().Contains(root, reg) {
			f.Region = reg
		}
	} else {
		active := true
		f.Active = &active
		f.Region = q.Get("region")
	}
	list, err := s.store.FindOrgs(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []goumai.Org{}
	for _, o := range list {
		if !internal && o.Kind == goumai.KindIndividual {
			continue
		}
		out = append(out, o)
	}
	var next int64
	if len(list) == limit {
		next = list[len(list)-1].ID
	}
	writeJSON(w, http.StatusOK, map[string]any{"orgs": out, "next_after": next})
}

func (s *Server) apiOrg(w http.ResponseWriter, r *http.Request) {
	o, err := s.store.Org(r.Context(), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Inactive organisations and individuals are visible only to those who manage them.
	if (!o.Active || o.Kind == goumai.KindIndividual) && s.svc.Policy.Can(actorOf(r), goumai.ActViewOrgInternal, goumai.Target{OrgID: o.ID, Region: o.Region}) != nil {
		s.fail(w, r, goumai.ErrNotFound("单位", "organisation"))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"org": o, "can_purchase": o.CanPurchase(), "can_supply": o.CanSupply()})
}

func (s *Server) apiOrgCreate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in workflow.OrgInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.svc.CreateOrg(r.Context(), a, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"org": o})
}

func (s *Server) apiOrgUpdate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		workflow.OrgInput
		Active *bool `json:"active"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if in.Active == nil {
		s.fail(w, r, goumai.Fields{"active": goumai.M("请填写是否启用", "active is required")}.Err())
		return
	}
	o, err := s.svc.UpdateOrg(r.Context(), a, pathID(r), in.OrgInput, *in.Active)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"org": o})
}

func (s *Server) apiOrgActivate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.svc.ActivateOrg(r.Context(), a, pathID(r), true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"org": o})
}

func (s *Server) apiOrgMembers(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.store.Org(r.Context(), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.svc.Policy.Can(a, goumai.ActViewOrgInternal, goumai.Target{OrgID: o.ID, Region: o.Region}); err != nil {
		s.fail(w, r, err)
		return
	}
	ms, err := s.store.OrgMembers(r.Context(), o.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type member struct {
		ID       int64       `json:"membership_id"`
		UserID   int64       `json:"user_id"`
		Username string      `json:"username"`
		Name     string      `json:"display_name"`
		Role     goumai.Role `json:"role"`
	}
	out := []member{}
	for _, m := range ms {
		out = append(out, member{m.ID, m.User.ID, m.User.Username, m.User.DisplayName, m.Role})
	}
	writeJSON(w, http.StatusOK, map[string]any{"members": out})
}

func (s *Server) apiRegister(w http.ResponseWriter, r *http.Request) {
	if err := s.limit(w, r, workflow.RegisterLimit); err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		Org   workflow.OrgInput `json:"org"`
		Admin goumai.NewUser    `json:"admin"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	o, u, err := s.svc.RegisterSupplier(r.Context(), in.Org, in.Admin)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"org": o, "user": u})
}

func (s *Server) apiUserCreate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		goumai.NewUser
		OrgID int64       `json:"org_id"`
		Role  goumai.Role `json:"role"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.svc.CreateUser(r.Context(), a, in.NewUser, in.OrgID, in.Role)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"user": u})
}

func (s *Server) apiMembershipCreate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		UserID int64       `json:"user_id"`
		OrgID  int64       `json:"org_id"`
		Role   goumai.Role `json:"role"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.svc.AddMembership(r.Context(), a, in.UserID, in.OrgID, in.Role)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"membership": m})
}

func (s *Server) apiMembershipDelete(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.svc.RemoveMembership(r.Context(), a, pathID(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
