package web

import "net/http"

// catalogRoutes registers the catalog area's pages and API routes.
func (s *Server) catalogRoutes(mux *http.ServeMux, api apiFunc) {
	// Public portal: the catalogue in force, versions, differences, suggestions.
	mux.HandleFunc("GET /catalog", s.catalogPortal)
	mux.HandleFunc("GET /catalog/versions/{id}", s.catalogVersionPage)
	mux.HandleFunc("GET /catalog/diff", s.catalogDiffPage)
	mux.HandleFunc("POST /catalog/suggestions", s.catalogSuggest)

	// Staff: drafting, review and publication; answering suggestions.
	mux.HandleFunc("GET /staff/catalog", s.staffCatalog)
	mux.HandleFunc("POST /staff/catalog/versions", s.staffCatalogCreate)
	mux.HandleFunc("GET /staff/catalog/versions/{id}", s.staffCatalogVersion)
	mux.HandleFunc("POST /staff/catalog/versions/{id}/meta", s.staffCatalogMeta)
	mux.HandleFunc("POST /staff/catalog/versions/{id}/items", s.staffCatalogItemAdd)
	mux.HandleFunc("POST /staff/catalog/versions/{id}/items/{code}", s.staffCatalogItemUpdate)
	mux.HandleFunc("POST /staff/catalog/versions/{id}/items/{code}/delete", s.staffCatalogItemDelete)
	mux.HandleFunc("POST /staff/catalog/versions/{id}/submit", s.staffCatalogStep("submit"))
	mux.HandleFunc("POST /staff/catalog/versions/{id}/return", s.staffCatalogStep("return"))
	mux.HandleFunc("POST /staff/catalog/versions/{id}/publish", s.staffCatalogStep("publish"))
	mux.HandleFunc("GET /staff/catalog/suggestions/{id}", s.staffSuggestion)
	mux.HandleFunc("POST /staff/catalog/suggestions/{id}/answer", s.staffSuggestionAnswer)

	api("GET", "/api/v1/catalog/versions", s.apiCatalogVersions)
	api("POST", "/api/v1/catalog/versions", s.apiCatalogCreate)
	api("GET", "/api/v1/catalog/versions/{id}", s.apiCatalogVersion)
	api("PUT", "/api/v1/catalog/versions/{id}", s.apiCatalogUpdate)
	api("POST", "/api/v1/catalog/versions/{id}/items", s.apiCatalogItemAdd)
	api("PUT", "/api/v1/catalog/versions/{id}/items/{code}", s.apiCatalogItemUpdate)
	api("DELETE", "/api/v1/catalog/versions/{id}/items/{code}", s.apiCatalogItemDelete)
	api("POST", "/api/v1/catalog/versions/{id}/submit", s.apiCatalogStep("submit"))
	api("POST", "/api/v1/catalog/versions/{id}/return", s.apiCatalogStep("return"))
	api("POST", "/api/v1/catalog/versions/{id}/publish", s.apiCatalogStep("publish"))
	api("GET", "/api/v1/catalog/versions/{id}/trail", s.apiCatalogTrail)
	api("GET", "/api/v1/catalog/diff", s.apiCatalogDiff)
	api("GET", "/api/v1/catalog/lookup", s.apiCatalogLookup)
	api("GET", "/api/v1/catalog/suggestions", s.apiSuggestions)
	api("POST", "/api/v1/catalog/suggestions", s.apiSuggest)
	api("POST", "/api/v1/catalog/suggestions/{id}/answer", s.apiSuggestionAnswer)
}
