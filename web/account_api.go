package web

import (
	"net/http"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// The account routes of the JSON API (issue 7): one's own password, an
// administrator's reset and (de)activation, invitations, security alerts.

// apiBody runs do for the signed-in actor with the request's JSON body decoded
// into a fresh T (strictly: see decodeJSON).
func apiBody[T any](s *Server, w http.ResponseWriter, r *http.Request, do func(a goumai.Actor, in T) error) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in T
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := do(a, in); err != nil {
		s.fail(w, r, err)
	}
}

// apiActor runs do for the signed-in actor (routes without a body).
func (s *Server) apiActor(w http.ResponseWriter, r *http.Request, do func(a goumai.Actor) error) {
	a, err := s.requireUser(r)
	if err == nil {
		err = do(a)
	}
	if err != nil {
		s.fail(w, r, err)
	}
}

// apiMyPassword changes the caller's password; every other session and token
// of the caller ends, the token of this request stays.
func (s *Server) apiMyPassword(w http.ResponseWriter, r *http.Request) {
	type body struct {
		Old string `json:"old_password"`
		New string `json:"new_password"`
	}
	apiBody(s, w, r, func(a goumai.Actor, in body) error {
		if err := s.svc.ChangePassword(r.Context(), a, infoOf(r).session.ID, in.Old, in.New); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}

// apiUserPassword resets another user's password (an administrator who
// manages every organisation of the user); all the user's sessions end.
func (s *Server) apiUserPassword(w http.ResponseWriter, r *http.Request) {
	type body struct {
		Password string `json:"password"`
	}
	apiBody(s, w, r, func(a goumai.Actor, in body) error {
		if err := s.svc.ResetPassword(r.Context(), a, pathID(r), in.Password); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}

// apiUserActive deactivates or reactivates another user's account.
func (s *Server) apiUserActive(active bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.apiActor(w, r, func(a goumai.Actor) error {
			u, err := s.svc.SetUserActive(r.Context(), a, pathID(r), active)
			if err == nil {
				writeJSON(w, http.StatusOK, map[string]any{"user": u})
			}
			return err
		})
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
	s.apiActor(w, r, func(a goumai.Actor) error {
		invs, err := s.svc.MyInvitations(r.Context(), a)
		if err == nil {
			writeJSON(w, http.StatusOK, invitationList(invs))
		}
		return err
	})
}

// apiInvitationAccept accepts an invitation addressed to the caller: the
// membership is created.
func (s *Server) apiInvitationAccept(w http.ResponseWriter, r *http.Request) {
	s.apiActor(w, r, func(a goumai.Actor) error {
		m, err := s.svc.AcceptInvitation(r.Context(), a, pathID(r))
		if err == nil {
			writeJSON(w, http.StatusCreated, map[string]any{"membership": m})
		}
		return err
	})
}

// apiInvitationDecline declines an invitation addressed to the caller.
func (s *Server) apiInvitationDecline(w http.ResponseWriter, r *http.Request) {
	s.apiActor(w, r, func(a goumai.Actor) error {
		err := s.svc.DeclineInvitation(r.Context(), a, pathID(r))
		if err == nil {
			w.WriteHeader(http.StatusNoContent)
		}
		return err
	})
}

// apiInvitationWithdraw withdraws a pending invitation (an administrator of the organisation).
func (s *Server) apiInvitationWithdraw(w http.ResponseWriter, r *http.Request) {
	s.apiActor(w, r, func(a goumai.Actor) error {
		_, err := s.svc.WithdrawInvitation(r.Context(), a, pathID(r))
		if err == nil {
			w.WriteHeader(http.StatusNoContent)
		}
		return err
	})
}

// apiOrgInvitations lists an organisation's invitations.
func (s *Server) apiOrgInvitations(w http.ResponseWriter, r *http.Request) {
	s.apiActor(w, r, func(a goumai.Actor) error {
		invs, err := s.svc.OrgInvitations(r.Context(), a, pathID(r))
		if err == nil {
			writeJSON(w, http.StatusOK, invitationList(invs))
		}
		return err
	})
}

// apiOrgInvite invites a person, by username, into an organisation.
func (s *Server) apiOrgInvite(w http.ResponseWriter, r *http.Request) {
	type body struct {
		Username string      `json:"username"`
		Role     goumai.Role `json:"role"`
	}
	apiBody(s, w, r, func(a goumai.Actor, in body) error {
		inv, err := s.svc.Invite(r.Context(), a, pathID(r), in.Username, in.Role)
		if err == nil {
			writeJSON(w, http.StatusCreated, map[string]any{"invitation": inv})
		}
		return err
	})
}

// apiAlerts lists the open security alerts the caller may see.
func (s *Server) apiAlerts(w http.ResponseWriter, r *http.Request) {
	s.apiActor(w, r, func(a goumai.Actor) error {
		als, err := s.svc.Alerts(r.Context(), a)
		if err == nil {
			writeJSON(w, http.StatusOK, map[string]any{"alerts": als})
		}
		return err
	})
}

// apiAlertClose closes a security alert.
func (s *Server) apiAlertClose(w http.ResponseWriter, r *http.Request) {
	s.apiActor(w, r, func(a goumai.Actor) error {
		al, err := s.svc.CloseAlert(r.Context(), a, pathID(r))
		if err == nil {
			writeJSON(w, http.StatusOK, map[string]any{"alert": al})
		}
		return err
	})
}
