package web

import "net/http"

// catalogRoutes registers the catalog area's pages and API routes.
func (s *Server) catalogRoutes(mux *http.ServeMux, api apiFunc) {}
