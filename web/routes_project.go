package web

import "net/http"

// projectRoutes registers the project area's pages and API routes.
func (s *Server) projectRoutes(mux *http.ServeMux, api apiFunc) {
	// Public: published projects (with the print view) and purchase intentions.
	mux.HandleFunc("GET /projects", s.publicProjects)
	mux.HandleFunc("GET /projects/{id}", s.publicProject)
	mux.HandleFunc("GET /intentions", s.intentionsPage)

	// Staff: application, review, red flags, review configuration.
	mux.HandleFunc("GET /staff/projects", s.projectsPage)
	mux.HandleFunc("GET /staff/projects/new", s.projectNew)
	mux.HandleFunc("POST /staff/projects", s.projectCreate)
	mux.HandleFunc("GET /staff/projects/redflags", s.projectRedFlags)
	mux.HandleFunc("GET /staff/projects/{id}", s.projectPage)
	mux.HandleFunc("GET /staff/projects/{id}/edit", s.projectEdit)
	mux.HandleFunc("POST /staff/projects/{id}", s.projectUpdate)
	mux.HandleFunc("POST /staff/projects/{id}/validate", s.projectValidate)
	mux.HandleFunc("POST /staff/projects/{id}/{action}", s.projectAction)
	mux.HandleFunc("GET /staff/review-config", s.reviewConfigPage)
	mux.HandleFunc("POST /staff/review-config/chains", s.reviewChainSet)
	mux.HandleFunc("POST /staff/review-config/chains/{id}/delete", s.reviewChainDelete)
	mux.HandleFunc("POST /staff/review-config/unit-costs", s.unitCostAdd)
	mux.HandleFunc("POST /staff/review-config/unit-costs/{id}/end", s.unitCostEnd)
	mux.HandleFunc("POST /staff/review-config/unit-costs/{id}/replace", s.unitCostReplace)

	api("GET", "/api/v1/projects", s.apiProjects)
	api("POST", "/api/v1/projects", s.apiProjectCreate)
	api("GET", "/api/v1/projects/redflags", s.apiProjectRedFlags)
	api("GET", "/api/v1/projects/{id}", s.apiProject)
	api("PUT", "/api/v1/projects/{id}", s.apiProjectUpdate)
	api("POST", "/api/v1/projects/{id}/validate", s.apiProjectValidate)
	api("POST", "/api/v1/projects/{id}/submit", s.apiProjectSubmit)
	api("POST", "/api/v1/projects/{id}/withdraw", s.apiProjectWithdraw)
	api("POST", "/api/v1/projects/{id}/decision", s.apiProjectDecide)
	api("GET", "/api/v1/intentions", s.apiIntentions)
	api("GET", "/api/v1/review-chains", s.apiReviewChains)
	api("POST", "/api/v1/review-chains", s.apiReviewChainSet)
	api("DELETE", "/api/v1/review-chains/{id}", s.apiReviewChainDelete)
	api("GET", "/api/v1/unit-cost-standards", s.apiUnitCosts)
	api("POST", "/api/v1/unit-cost-standards", s.apiUnitCostAdd)
	api("POST", "/api/v1/unit-cost-standards/{id}/end", s.apiUnitCostEnd)
	api("POST", "/api/v1/unit-cost-standards/{id}/replace", s.apiUnitCostReplace)
}
