package web

import (
	"net/http"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "login", map[string]any{"Next": r.URL.Query().Get("next")})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	username, password, next := r.PostFormValue("username"), r.PostFormValue("password"), r.PostFormValue("next")
	token, ss, err := s.svc.Login(r.Context(), username, password, clientAddr(r), "web", infoOf(r).lang)
	if err != nil {
		e := goumai.AsError(err)
		if e.Code == goumai.EInternal {
			s.fail(w, r, err)
			return
		}
		s.retryAfter(w, err)
		s.render(w, r, statusOf(e.Code), "login", map[string]any{"Error": e, "Username": username, "Next": next})
		return
	}
	if old := infoOf(r).token; old != "" {
		_ = s.svc.Logout(r.Context(), old) // a new session on every sign-in
	}
	s.setCookie(w, r, sessionCookie, token, ss.ExpiresAt.Sub(ss.CreatedAt))
	http.Redirect(w, r, localPath(next, "/staff"), http.StatusSeeOther)
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

// credentialsBody is the body of POST /api/v1/auth/login.
type credentialsBody struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// apiLogin exchanges a username and password for a bearer token.
func (s *Server) apiLogin(c call[credentialsBody]) (map[string]any, error) {
	token, ss, err := s.svc.Login(c.ctx(), c.in.Username, c.in.Password, clientAddr(c.r), "api", infoOf(c.r).lang)
	return map[string]any{"token": token, "token_type": "Bearer", "expires_at": ss.ExpiresAt, "org_id": ss.OrgID}, err
}

// apiLogout revokes the bearer token of the request.
func (s *Server) apiLogout(c call[noBody]) (struct{}, error) {
	return struct{}{}, s.svc.Logout(c.ctx(), infoOf(c.r).token)
}

// requireUser returns the signed-in actor or EUnauthorized.
func (s *Server) requireUser(r *http.Request) (goumai.Actor, error) {
	a := actorOf(r)
	if a.Anonymous() {
		return a, goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	return a, nil
}

// limit counts an attempt from the request's client against l (the one
// mechanism for the public forms' rate limits: workflow.Service.Allow); fail
// sets Retry-After when it is refused.
func (s *Server) limit(r *http.Request, l workflow.RateLimit) error {
	return s.svc.Allow(r.Context(), l, clientAddr(r))
}

// limited counts an attempt against l before the endpoint reads its body.
func (s *Server) limited(l workflow.RateLimit, e endpoint) endpoint {
	return func(w http.ResponseWriter, r *http.Request, a goumai.Actor) error {
		if err := s.limit(r, l); err != nil {
			return err
		}
		return e(w, r, a)
	}
}
