package web

import (
	"io/fs"
	"net/http"
)

// route is one API route; the list feeds the OpenAPI consistency test.
type route struct {
	method, path string
}

// apiFunc registers a JSON API route (and lists it for the OpenAPI test).
type apiFunc func(method, path string, h http.HandlerFunc)

// routes registers every route of every surface, in one place.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")

	// Operations.
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /metrics", s.metrics.handler())
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheFor(http.FileServerFS(static))))

	// Public portal.
	mux.HandleFunc("GET /{$}", s.portalHome)
	mux.HandleFunc("GET /prefs", s.prefs)
	mux.HandleFunc("GET /accessibility", s.page("accessibility"))
	mux.HandleFunc("GET /orgs", s.publicOrgs)
	mux.HandleFunc("GET /register", s.registerForm)
	mux.HandleFunc("POST /register", s.register)
	mux.HandleFunc("GET /login", s.loginForm)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("POST /logout", s.logout)

	// The transparency log in the C2SP formats (prefix /log).
	mux.HandleFunc("GET /log", s.logPage)
	mux.HandleFunc("GET /log/checkpoint", s.logCheckpoint)
	mux.HandleFunc("GET /log/tile/{path...}", s.logTile)
	mux.HandleFunc("GET /log/events/{id}", s.eventPage)

	// Staff area (signed in).
	mux.HandleFunc("GET /staff", s.staffHome)
	mux.HandleFunc("POST /staff/switch-org", s.switchOrg)
	mux.HandleFunc("GET /staff/password", s.passwordForm)
	mux.HandleFunc("POST /staff/password", s.changePassword)
	mux.HandleFunc("GET /staff/events", s.staffEvents)
	mux.HandleFunc("GET /staff/admin/orgs", s.adminOrgs)
	mux.HandleFunc("GET /staff/admin/orgs/new", s.adminOrgNew)
	mux.HandleFunc("POST /staff/admin/orgs", s.adminOrgCreate)
	mux.HandleFunc("GET /staff/admin/orgs/{id}", s.adminOrg)
	mux.HandleFunc("GET /staff/admin/orgs/{id}/edit", s.adminOrgEdit)
	mux.HandleFunc("POST /staff/admin/orgs/{id}", s.adminOrgUpdate)
	mux.HandleFunc("POST /staff/admin/orgs/{id}/activate", s.adminOrgActivate)
	mux.HandleFunc("POST /staff/admin/orgs/{id}/users", s.adminUserCreate)
	mux.HandleFunc("POST /staff/admin/orgs/{id}/memberships", s.adminMembershipCreate)
	mux.HandleFunc("POST /staff/admin/memberships/{id}/delete", s.adminMembershipDelete)

	// JSON API.
	api := func(method, path string, h http.HandlerFunc) {
		s.apiList = append(s.apiList, route{method, path})
		mux.HandleFunc(method+" "+path, h)
	}
	api("GET", "/api/v1/openapi.json", s.openapi)
	api("POST", "/api/v1/auth/login", s.apiLogin)
	api("POST", "/api/v1/auth/logout", s.apiLogout)
	api("GET", "/api/v1/me", s.apiMe)
	api("GET", "/api/v1/todo", s.apiTodo)
	api("GET", "/api/v1/regions/{code}", s.apiRegion)
	api("GET", "/api/v1/orgs", s.apiOrgs)
	api("POST", "/api/v1/orgs", s.apiOrgCreate)
	api("GET", "/api/v1/orgs/{id}", s.apiOrg)
	api("PUT", "/api/v1/orgs/{id}", s.apiOrgUpdate)
	api("POST", "/api/v1/orgs/{id}/activate", s.apiOrgActivate)
	api("GET", "/api/v1/orgs/{id}/members", s.apiOrgMembers)
	api("POST", "/api/v1/suppliers/register", s.apiRegister)
	api("POST", "/api/v1/users", s.apiUserCreate)
	api("POST", "/api/v1/memberships", s.apiMembershipCreate)
	api("DELETE", "/api/v1/memberships/{id}", s.apiMembershipDelete)
	api("GET", "/api/v1/events", s.apiEvents)
	api("GET", "/api/v1/events/{id}", s.apiEvent)
	api("GET", "/api/v1/log/checkpoint", s.apiCheckpoint)
	api("GET", "/api/v1/log/proof/inclusion", s.apiInclusion)
	api("GET", "/api/v1/log/proof/consistency", s.apiConsistency)

	// Issue 4: catalogue, budget, projects (each area's routes in one function).
	s.catalogRoutes(mux, api)
	s.budgetRoutes(mux, api)
	s.projectRoutes(mux, api)
	s.accountRoutes(mux, api)

	mux.HandleFunc("/api/", s.apiNotFound)

	// Anything else is a 404 page.
	mux.HandleFunc("/", s.notFound)
	return s.middleware(mux)
}

func cacheFor(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}
