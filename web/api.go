package web

import (
	"context"
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
	var err error
	if root := s.svc.Policy.VisibleRegion(a); root != "" && s.svc.Policy.Can(a, goumai.ActViewOrgInternal, goumai.Target{Region: root}) == nil {
		internal = true
		f.Region, err = s.scopedRegion(r, root)
	} else {
		active := true
		f.Active = &active
		f.Region, err = s.listRegion(r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
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

// orgUpdate is the body of PUT /api/v1/orgs/{id}: the organisation and whether it is active.
type orgUpdate struct {
	workflow.OrgInput
	Active *bool `json:"active"`
}

func (s *Server) apiOrgUpdate(c call[orgUpdate]) (goumai.Org, error) {
	if c.in.Active == nil {
		return goumai.Org{}, goumai.Fields{"active": goumai.M("请填写是否启用", "active is required")}.Err()
	}
	return s.svc.UpdateOrg(c.ctx(), c.a, c.id(), c.in.OrgInput, *c.in.Active)
}

func (s *Server) apiOrgActivate(ctx context.Context, a goumai.Actor, id int64) (goumai.Org, error) {
	return s.svc.ActivateOrg(ctx, a, id, true)
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

// registration is the body of a supplier's self-registration.
type registration struct {
	Org   workflow.OrgInput `json:"org"`
	Admin goumai.NewUser    `json:"admin"`
}

func (s *Server) apiRegister(c call[registration]) (map[string]any, error) {
	o, u, err := s.svc.RegisterSupplier(c.ctx(), c.in.Org, c.in.Admin)
	return map[string]any{"org": o, "user": u}, err
}

// newMember is the body of POST /api/v1/users: a new account with its first role.
type newMember struct {
	goumai.NewUser
	OrgID int64       `json:"org_id"`
	Role  goumai.Role `json:"role"`
}

func (s *Server) apiUserCreate(c call[newMember]) (goumai.User, error) {
	return s.svc.CreateUser(c.ctx(), c.a, c.in.NewUser, c.in.OrgID, c.in.Role)
}

// grant is the body of POST /api/v1/memberships.
type grant struct {
	UserID int64       `json:"user_id"`
	OrgID  int64       `json:"org_id"`
	Role   goumai.Role `json:"role"`
}

func (s *Server) apiMembershipCreate(c call[grant]) (goumai.Membership, error) {
	return s.svc.AddMembership(c.ctx(), c.a, c.in.UserID, c.in.OrgID, c.in.Role)
}
