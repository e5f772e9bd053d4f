package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
)

// The account pages (issue 7): invitations into an organisation, an
// administrator's password reset and (de)activation of the accounts they
// manage, and security alerts.

// staffInvitations lists the open invitations addressed to the signed-in user.
func (s *Server) staffInvitations(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	invs, err := s.svc.MyInvitations(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "invitations", map[string]any{"Invitations": invs})
}

// staffInvitationAnswer accepts or declines an invitation addressed to the user.
func (s *Server) staffInvitationAnswer(accept bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a, err := s.requireUser(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		next := "/staff/invitations?done=invitation_accepted"
		if accept {
			_, err = s.svc.AcceptInvitation(r.Context(), a, pathID(r))
		} else {
			next = "/staff/invitations?done=invitation_declined"
			err = s.svc.DeclineInvitation(r.Context(), a, pathID(r))
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
	}
}

// adminForm re-renders the organisation's admin page with err shown in one of
// its forms (key names the form: "InviteError", "AccountError"), or fails.
func (s *Server) adminForm(w http.ResponseWriter, r *http.Request, a goumai.Actor, orgID int64, key string, err error) {
	d, derr := s.adminOrgData(r, a, orgID)
	if derr != nil {
		s.fail(w, r, err)
		return
	}
	d[key] = goumai.AsError(err)
	s.formError(w, r, "admin_org", d, err)
}

// adminDone is the organisation's admin page with a flash (query "?done=…").
func adminDone(orgID int64, flash string) string {
	return "/staff/admin/orgs/" + strconv.FormatInt(orgID, 10) + flash
}

// adminInvite invites a person, by username, into the organisation.
func (s *Server) adminInvite(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireAdmin(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r)
	if _, err := s.svc.Invite(r.Context(), a, id, r.PostFormValue("username"), goumai.Role(r.PostFormValue("role"))); err != nil {
		s.adminForm(w, r, a, id, "InviteError", err)
		return
	}
	http.Redirect(w, r, adminDone(id, "?done=invited"), http.StatusSeeOther)
}

// adminInvitationWithdraw withdraws a pending invitation.
func (s *Server) adminInvitationWithdraw(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireAdmin(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	inv, err := s.svc.WithdrawInvitation(r.Context(), a, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, adminDone(inv.OrgID, "?done=invitation_withdrawn"), http.StatusSeeOther)
}

// formUserID is the id of the account a form names by username, or 0: the use
// cases give the same answer for an unknown account as for one the
// administrator may not manage.
func (s *Server) formUserID(r *http.Request) int64 {
	u, _, err := s.store.Credentials(r.Context(), strings.ToLower(strings.TrimSpace(r.PostFormValue("username"))))
	if err != nil {
		return 0
	}
	return u.ID
}

// adminUserPassword resets the password of an account the administrator
// manages; all of that account's sessions and tokens end.
func (s *Server) adminUserPassword(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireAdmin(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r)
	if err := s.svc.ResetPassword(r.Context(), a, s.formUserID(r), r.PostFormValue("password")); err != nil {
		s.adminForm(w, r, a, id, "AccountError", err)
		return
	}
	http.Redirect(w, r, adminDone(id, "?done=password_reset"), http.StatusSeeOther)
}

// adminUserActive deactivates (active=0) or reactivates (active=1) an account
// the administrator manages; deactivation ends its sessions and tokens.
func (s *Server) adminUserActive(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireAdmin(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r)
	active := r.PostFormValue("active") == "1"
	if _, err := s.svc.SetUserActive(r.Context(), a, s.formUserID(r), active); err != nil {
		s.adminForm(w, r, a, id, "AccountError", err)
		return
	}
	flash := "?done=user_deactivated"
	if active {
		flash = "?done=user_activated"
	}
	http.Redirect(w, r, adminDone(id, flash), http.StatusSeeOther)
}

// alertPage shows a security alert to an administrator who may see it.
func (s *Server) alertPage(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	al, err := s.svc.Alert(r.Context(), a, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "alert", map[string]any{"Alert": al})
}

// alertClose closes a security alert.
func (s *Server) alertClose(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.svc.CloseAlert(r.Context(), a, pathID(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff?done=alert_closed", http.StatusSeeOther)
}
