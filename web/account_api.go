package web

import (
	"context"
	"net/http"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// The account routes of the JSON API (issue 7): one's own password, an
// administrator's reset and (de)activation, invitations, security alerts.

// passwordChange is the body of POST /api/v1/me/password.
type passwordChange struct {
	Old string `json:"old_password"`
	New string `json:"new_password"`
}

// apiMyPassword changes the caller's password; every other session and token
// of the caller ends, the token of this request stays.
func (s *Server) apiMyPassword(c call[passwordChange]) (struct{}, error) {
	return struct{}{}, s.svc.ChangePassword(c.ctx(), c.a, infoOf(c.r).session.ID, c.in.Old, c.in.New)
}

// passwordReset is the body of POST /api/v1/users/{id}/password.
type passwordReset struct {
	Password string `json:"password"`
}

// apiUserPassword resets another user's password (an administrator who
// manages every organisation of the user); all the user's sessions end.
func (s *Server) apiUserPassword(c call[passwordReset]) (struct{}, error) {
	return struct{}{}, s.svc.ResetPassword(c.ctx(), c.a, c.id(), c.in.Password)
}

// userActive adapts deactivation and reactivation of another user's account.
func (s *Server) userActive(active bool) func(context.Context, goumai.Actor, int64) (goumai.User, error) {
	return func(ctx context.Context, a goumai.Actor, id int64) (goumai.User, error) {
		return s.svc.SetUserActive(ctx, a, id, active)
	}
}

func invitationList(invs []sqlstore.InvitationView) map[string]any {
	if invs == nil {
		invs = []sqlstore.InvitationView{}
	}
	return map[string]any{"invitations": invs}
}

// apiMyInvitations lists the open invitations addressed to the caller.
func (s *Server) apiMyInvitations(w http.ResponseWriter, r *http.Request) {
	invs, err := s.svc.MyInvitations(r.Context(), actorOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, invitationList(invs))
}

// apiInvitationDecline declines an invitation addressed to the caller.
func (s *Server) apiInvitationDecline(c call[noBody]) (struct{}, error) {
	return struct{}{}, s.svc.DeclineInvitation(c.ctx(), c.a, c.id())
}

// apiInvitationWithdraw withdraws a pending invitation (an administrator of the organisation).
func (s *Server) apiInvitationWithdraw(c call[noBody]) (struct{}, error) {
	_, err := s.svc.WithdrawInvitation(c.ctx(), c.a, c.id())
	return struct{}{}, err
}

// apiOrgInvitations lists an organisation's invitations.
func (s *Server) apiOrgInvitations(w http.ResponseWriter, r *http.Request) {
	invs, err := s.svc.OrgInvitations(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, invitationList(invs))
}

// invitation is the body of POST /api/v1/orgs/{id}/invitations.
type invitation struct {
	Username string      `json:"username"`
	Role     goumai.Role `json:"role"`
}

// apiOrgInvite invites a person, by username, into an organisation.
func (s *Server) apiOrgInvite(c call[invitation]) (sqlstore.InvitationView, error) {
	return s.svc.Invite(c.ctx(), c.a, c.id(), c.in.Username, c.in.Role)
}

// apiAlerts lists the open security alerts the caller may see.
func (s *Server) apiAlerts(w http.ResponseWriter, r *http.Request) {
	als, err := s.svc.Alerts(r.Context(), actorOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if als == nil {
		als = []goumai.SecurityAlert{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"alerts": als})
}
