package web

import (
	_ "embed"
	"net/http"
)

// openapiDoc describes the JSON API; a test checks it lists exactly the routes
// registered in routes.go.
//
//go:embed openapi.json
var openapiDoc []byte

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openapiDoc)
}
