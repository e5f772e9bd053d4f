package web

import "net/http"

// projectRoutes registers the project area's pages and API routes.
func (s *Server) projectRoutes(mux *http.ServeMux, api apiFunc) {}
