package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// orgForm is the organisation form as typed, for re-rendering with errors.
type orgForm struct {
	workflow.OrgInput
	Active                               bool
	AdminUsername, AdminName, AdminPassw string
}

func orgFormOf(r *http.Request) orgForm {
	parent, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("parent_id")), 10, 64)
	return orgForm{OrgInput: workflow.OrgInput{
		Name: r.PostFormValue("name"), Kind: goumai.OrgKind(r.PostFormValue("kind")), Class: goumai.InstitutionClass(r.PostFormValue("class")),
		Staffing: goumai.MassOrgStaffing(r.PostFormValue("staffing")), CreditCode: r.PostFormValue("credit_code"),
		Region: strings.TrimSpace(r.PostFormValue("region")), ParentID: parent, FinanceDept: r.PostFormValue("finance_dept") == "1",
		Address: r.PostFormValue("address"), Phone: r.PostFormValue("phone"),
	}, Active: r.PostFormValue("active") == "1",
		AdminUsername: r.PostFormValue("admin_username"), AdminName: r.PostFormValue("admin_display_name"), AdminPassw: r.PostFormValue("admin_password")}
}

func formData(f orgForm, err error) map[string]any {
	d := map[string]any{"Form": f, "Kinds": goumai.OrgKinds, "Classes": goumai.InstitutionClasses, "Staffings": goumai.MassOrgStaffings}
	if err != nil {
		d["Error"] = goumai.AsError(err)
	}
	return d
}

// requireAdmin returns the actor if it may open the admin pages.
func (s *Server) requireAdmin(r *http.Request) (goumai.Actor, error) {
	a, err := s.requireUser(r)
	if err != nil {
		return a, err
	}
	return a, s.svc.Policy.Can(a, goumai.ActViewAdmin, goumai.Target{OrgID: a.Org.ID, Region: a.Org.Region})
}

func (s *Server) adminOrgs(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireAdmin(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	f := sqlstore.OrgFilter{Query: q.Get("q"), AfterID: after, Limit: 51}
	switch q.Get("status") {
	case "pending":
		v := false
		f.Active = &v
	case "active":
		v := true
		f.Active = &v
	}
	canCreate := s.svc.Policy.Can(a, goumai.ActManageOrgs, goumai.Target{Region: a.Org.Region}) == nil
	var list []goumai.Org
	if canCreate {
		f.Region = a.Org.Region
		list, err = s.store.FindOrgs(r.Context(), f)
		if err != nil {
			s.fail(w, r, err)
			return
		}
	} else if after == 0 {
		list = []goumai.Org{a.Org} // an organisation's own administrator sees only it
	}
	var next int64
	if len(list) == 51 {
		list, next = list[:50], list[49].ID
	}
	s.render(w, r, http.StatusOK, "admin_orgs", map[string]any{"Orgs": list, "Next": next, "Query": q.Get("q"), "Status": q.Get("status"),
		"CanCreate": canCreate, "RegionName": s.store.Regions().FullName(a.Org.Region)})
}

func (s *Server) adminOrgNew(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireAdmin(r)
	if err == nil {
		err = s.svc.Policy.Can(a, goumai.ActManageOrgs, goumai.Target{Region: a.Org.Region})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_org_form", formData(orgForm{OrgInput: workflow.OrgInput{Region: a.Org.Region}}, nil))
}

func (s *Server) adminOrgCreate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireAdmin(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := orgFormOf(r)
	o, err := s.svc.CreateOrg(r.Context(), a, f.OrgInput)
	if err != nil {
		s.formError(w, r, "admin_org_form", formData(f, err), err)
		return
	}
	http.Redirect(w, r, "/staff/admin/orgs/"+strconv.FormatInt(o.ID, 10)+"?done=saved", http.StatusSeeOther)
}

// formError re-renders a form for invalid input or conflicts, and fails otherwise.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, page string, data map[string]any, err error) {
	e := goumai.AsError(err)
	s.retryAfter(w, err)
	if e.Code == goumai.EInvalid || e.Code == goumai.EConflict || e.Code == goumai.EStale || e.Code == goumai.EFunds {
		s.render(w, r, statusOf(e.Code), page, data)
		return
	}
	s.fail(w, r, err)
}

func pathID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

func (s *Server) adminOrgData(r *http.Request, a goumai.Actor, id int64) (map[string]any, error) {
	o, err := s.store.Org(r.Context(), id)
	if err != nil {
		return nil, err
	}
	t := goumai.Target{OrgID: o.ID, Region: o.Region}
	if err := s.svc.Policy.Can(a, goumai.ActViewOrgInternal, t); err != nil {
		return nil, err
	}
	members, err := s.store.OrgMembers(r.Context(), id)
	if err != nil {
		return nil, err
	}
	var roles []goumai.Role
	for _, x := range goumai.Roles {
		if x.AllowedFor(o) {
			roles = append(roles, x)
		}
	}
	canUsers := s.svc.Policy.Can(a, goumai.ActManageUsers, t) == nil
	var invs []sqlstore.InvitationView
	if canUsers {
		if invs, err = s.svc.OrgInvitations(r.Context(), a, o.ID); err != nil {
			return nil, err
		}
	}
	return map[string]any{"Org": o, "Members": members, "Roles": roles, "RegionName": s.store.Regions().FullName(o.Region),
		"CanManage":   s.svc.Policy.Can(a, goumai.ActManageOrgs, t) == nil,
		"CanUsers":    canUsers,
		"UserForm":    goumai.NewUser{},
		"Invitations": invs, "Now": s.clock.Now()}, nil
}

func (s *Server) adminOrg(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.adminOrgData(r, a, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_org", d)
}

func (s *Server) adminOrgEdit(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireAdmin(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.store.Org(r.Context(), pathID(r))
	if err == nil {
		err = s.svc.Policy.Can(a, goumai.ActManageOrgs, goumai.Target{OrgID: o.ID, Region: o.Region})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := orgForm{OrgInput: workflow.OrgInput{Name: o.Name, Kind: o.Kind, Class: o.Class, Staffing: o.Staffing, CreditCode: o.CreditCode,
		Region: o.Region, ParentID: o.ParentID, FinanceDept: o.FinanceDept, Address: o.Address, Phone: o.Phone}, Active: o.Active}
	d := formData(f, nil)
	d["ID"] = o.ID
	s.render(w, r, http.StatusOK, "admin_org_form", d)
}

func (s *Server) adminOrgUpdate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireAdmin(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r)
	f := orgFormOf(r)
	if _, err := s.svc.UpdateOrg(r.Context(), a, id, f.OrgInput, f.Active); err != nil {
		d := formData(f, err)
		d["ID"] = id
		s.formError(w, r, "admin_org_form", d, err)
		return
	}
	http.Redirect(w, r, "/staff/admin/orgs/"+strconv.FormatInt(id, 10)+"?done=saved", http.StatusSeeOther)
}

func (s *Server) adminOrgActivate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireAdmin(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r)
	if _, err := s.svc.ActivateOrg(r.Context(), a, id, true); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff/admin/orgs/"+strconv.FormatInt(id, 10)+"?done=approved", http.StatusSeeOther)
}

func (s *Server) adminUserCreate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireAdmin(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r)
	in := goumai.NewUser{Username: r.PostFormValue("username"), DisplayName: r.PostFormValue("display_name"), Password: r.PostFormValue("password")}
	if _, err := s.svc.CreateUser(r.Context(), a, in, id, goumai.Role(r.PostFormValue("role"))); err != nil {
		d, derr := s.adminOrgData(r, a, id)
		if derr != nil {
			s.fail(w, r, err)
			return
		}
		in.Password = ""
		d["UserError"], d["UserForm"] = goumai.AsError(err), in
		s.formError(w, r, "admin_org", d, err)
		return
	}
	http.Redirect(w, r, "/staff/admin/orgs/"+strconv.FormatInt(id, 10)+"?done=user_created", http.StatusSeeOther)
}

func (s *Server) adminMembershipCreate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireAdmin(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r)
	var userID int64
	if u, _, err := s.store.Credentials(r.Context(), strings.ToLower(strings.TrimSpace(r.PostFormValue("username")))); err == nil {
		userID = u.ID
	}
	if _, err := s.svc.AddMembership(r.Context(), a, userID, id, goumai.Role(r.PostFormValue("role"))); err != nil {
		d, derr := s.adminOrgData(r, a, id)
		if derr != nil {
			s.fail(w, r, err)
			return
		}
		d["RoleError"] = goumai.AsError(err)
		s.formError(w, r, "admin_org", d, err)
		return
	}
	http.Redirect(w, r, "/staff/admin/orgs/"+strconv.FormatInt(id, 10)+"?done=role_added", http.StatusSeeOther)
}

func (s *Server) adminMembershipDelete(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireAdmin(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.svc.RemoveMembership(r.Context(), a, pathID(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	back := r.Referer()
	if back == "" || !strings.Contains(back, "/staff/admin/orgs/") {
		back = "/staff/admin/orgs"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// registerForm and register are the supplier self-registration (public).
func (s *Server) registerForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "register", formData(orgForm{}, nil))
}

// register is rate-limited per address (workflow.RegisterLimit): it is public,
// and it says when a username is taken, so it must not serve to list them.
func (s *Server) register(w http.ResponseWriter, r *http.Request) {
	f := orgFormOf(r)
	f.AdminPassw = ""
	if err := s.limit(r, workflow.RegisterLimit); err != nil {
		if goumai.ErrorCode(err) != goumai.ERateLimited {
			s.fail(w, r, err)
			return
		}
		s.retryAfter(w, err)
		s.render(w, r, http.StatusTooManyRequests, "register", formData(f, err))
		return
	}
	admin := goumai.NewUser{Username: f.AdminUsername, DisplayName: f.AdminName, Password: r.PostFormValue("admin_password")}
	if _, _, err := s.svc.RegisterSupplier(r.Context(), f.OrgInput, admin); err != nil {
		s.formError(w, r, "register", formData(f, err), err)
		return
	}
	http.Redirect(w, r, "/login?done=registered", http.StatusSeeOther)
}
