package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

type ctxKey struct{}

// reqInfo is what the middleware learns about a request.
type reqInfo struct {
	id       string
	lang     string // "zh" or "en"
	font     string // "", "large", "xlarge"
	contrast bool   // high-contrast mode
	actor    goumai.Actor
	session  *sqlstore.Session
	members  []sqlstore.MembershipView // all the signed-in user's memberships, read once
	token    string
	bearer   bool
}

func infoOf(r *http.Request) *reqInfo {
	if i, ok := r.Context().Value(ctxKey{}).(*reqInfo); ok {
		return i
	}
	return &reqInfo{lang: "zh"}
}

func actorOf(r *http.Request) goumai.Actor { return infoOf(r).actor }

const (
	sessionCookie  = "goumai_session"
	langCookie     = "goumai_lang"
	fontCookie     = "goumai_font"
	contrastCookie = "goumai_contrast"
)

// statusWriter remembers the status for logging and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// middleware chains, outermost first: request id and logging, panic recovery,
// security headers, cross-origin (CSRF) protection, then the session.
func (s *Server) middleware(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, goumai.Errorf(goumai.EForbidden, "跨站请求被拒绝", "cross-origin request refused"))
	}))
	inner := cop.Handler(s.withSession(next))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &reqInfo{id: requestID(), lang: "zh"}
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, info))
		sw := &statusWriter{ResponseWriter: w}
		sw.Header().Set("X-Request-Id", info.id)
		securityHeaders(sw.Header(), r)
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic", "request_id", info.id, "path", r.URL.Path, "panic", p)
				if sw.status == 0 {
					s.fail(sw, r, goumai.Errorf(goumai.EInternal, "系统内部错误", "internal error"))
				}
			}
			d := time.Since(start)
			s.metrics.observe(r.Pattern, sw.status, d)
			s.log.Debug("request", "id", info.id, "method", r.Method, "path", r.URL.Path, "status", sw.status, "dur", d)
		}()
		inner.ServeHTTP(sw, r)
	})
}

func requestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func securityHeaders(h http.Header, r *http.Request) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
}

// withSession resolves the language, the display preferences and the actor from
// a bearer token (API) or the session cookie (browser).
func (s *Server) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info := infoOf(r)
		if c, err := r.Cookie(langCookie); err == nil && (c.Value == "en" || c.Value == "zh") {
			info.lang = c.Value
		} else if strings.HasPrefix(r.Header.Get("Accept-Language"), "en") && isAPI(r) {
			info.lang = "en"
		}
		if l := r.URL.Query().Get("lang"); l == "en" || l == "zh" {
			info.lang = l
		}
		if c, err := r.Cookie(fontCookie); err == nil && (c.Value == "large" || c.Value == "xlarge") {
			info.font = c.Value
		}
		if c, err := r.Cookie(contrastCookie); err == nil && c.Value == "high" {
			info.contrast = true
		}
		// Text at the boundary: the path and every query parameter must be
		// valid text (goumai.CheckText) before any handler or query sees them.
		if goumai.CheckText(r.URL.Path) != nil {
			s.fail(w, r, goumai.Errorf(goumai.ENotFound, "页面不存在", "page not found"))
			return
		}
		if err := queryText(r); err != nil {
			s.fail(w, r, err)
			return
		}
		token, bearer := "", false
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			token, bearer = strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")), true
		} else if c, err := r.Cookie(sessionCookie); err == nil && !isAPI(r) {
			token = c.Value
		}
		if token != "" {
			a, ss, ms, err := s.svc.AuthenticateWithMemberships(r.Context(), token)
			switch {
			case err == nil && (bearer == (ss.Kind == "api")):
				info.actor, info.session, info.members, info.token, info.bearer = a, &ss, ms, token, bearer
			case bearer:
				s.fail(w, r, goumai.Errorf(goumai.EUnauthorized, "令牌无效或已过期", "invalid or expired token"))
				return
			default:
				s.clearCookie(w, r, sessionCookie)
			}
		}
		// A form posted from a cookie session must carry the session's CSRF
		// token (in addition to the cross-origin check): every form route checks
		// it after its gate and before its handler (router.form, readForm).
		next.ServeHTTP(w, r)
	})
}

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()), HttpOnly: true,
		Secure: s.cfg.SecureCookies || r.TLS != nil, SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.cfg.SecureCookies || r.TLS != nil, SameSite: http.SameSiteLaxMode})
}

// clientAddr is the client's address for rate limiting.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// localPath returns target when it is a path on this site that every browser
// reads as one, and fallback otherwise. It is the one check of every redirect
// to a place the request names (the sign-in's next, the preferences' back):
// browsers read a backslash as a slash and drop tabs and newlines, so
// "/\\host", "/<tab>/host" or "//host" would leave the site.
func localPath(target, fallback string) string {
	if !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") {
		return fallback
	}
	for _, r := range target {
		if r == '\\' || unicode.IsSpace(r) || unicode.IsControl(r) {
			return fallback
		}
	}
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || strings.HasPrefix(u.Path, "//") {
		return fallback
	}
	return target
}

// queryText checks every query parameter's name and values (goumai.CheckText);
// a query string that cannot be parsed is refused too.
func queryText(r *http.Request) error {
	q, err := url.ParseQuery(r.URL.RawQuery)
	f := goumai.Fields{}
	if err != nil {
		f.Add("query", "查询参数格式不正确", "the query string is malformed")
	}
	for k, vs := range q {
		checkText(f, k, k)
		for _, v := range vs {
			checkText(f, k, v)
		}
	}
	return f.Err()
}
