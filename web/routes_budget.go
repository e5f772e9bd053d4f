package web

import "net/http"

// budgetRoutes registers the budget area's pages and API routes.
func (s *Server) budgetRoutes(mux *http.ServeMux, api apiFunc) {}
