package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "login", map[string]any{"Next": r.URL.Query().Get("next")})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	username, password, next := r.PostFormValue("username"), r.PostFormValue("password"), r.PostFormValue("next")
	token, ss, err := s.svc.Login(r.Context(), username, password, clientAddr(r), "web", infoOf(r).lang)
	if err != nil {
		s.retryAfter(w, err)
		e := goumai.AsError(err)
		if e.Code == goumai.EInternal {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, statusOf(e.Code), "login", map[string]any{"Error": e, "Username": username, "Next": next})
		return
	}
	if old := infoOf(r).token; old != "" {
		_ = s.svc.Logout(r.Context(), old) // a new session on every sign-in
	}
	s.setCookie(w, r, sessionCookie, token, ss.ExpiresAt.Sub(ss.CreatedAt))
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if t := infoOf(r).token; t != "" {
		if err := s.svc.Logout(r.Context(), t); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.clearCookie(w, r, sessionCookie)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// apiLogin exchanges a username and password for a bearer token.
func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	token, ss, err := s.svc.Login(r.Context(), in.Username, in.Password, clientAddr(r), "api", infoOf(r).lang)
	if err != nil {
		s.retryAfter(w, err)
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"token": token, "token_type": "Bearer", "expires_at": ss.ExpiresAt, "org_id": ss.OrgID})
}

func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireUser(r); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.svc.Logout(r.Context(), infoOf(r).token); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// requireUser returns the signed-in actor or EUnauthorized.
func (s *Server) requireUser(r *http.Request) (goumai.Actor, error) {
	a := actorOf(r)
	if a.Anonymous() {
		return a, goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	return a, nil
}

// retryAfter sets Retry-After on the answer to an attempt the throttle refused.
func (s *Server) retryAfter(w http.ResponseWriter, err error) {
	if d, ok := workflow.RetryAfter(err, s.clock.Now()); ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(d/time.Second)))
	}
}

// limit counts an attempt from the request's client against l (the one
// mechanism for the public forms' rate limits: workflow.Service.Allow), setting
// Retry-After when it is refused.
func (s *Server) limit(w http.ResponseWriter, r *http.Request, l workflow.RateLimit) error {
	err := s.svc.Allow(r.Context(), l, clientAddr(r))
	s.retryAfter(w, err)
	return err
}
