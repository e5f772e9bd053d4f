package web

import (
	"bytes"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/goumai/goumai/ocds/extensions"
)

// ocdsExtensionRoutes serves the OCDS extensions goumai declares in its
// packages (package ocds/extensions: the official ones it uses and goumai's
// own) at their stable URLs, public and read-only:
// /ocds/extensions/{name}/extension.json, release-schema.json,
// codelists/{file}.csv, README.md, LICENSE. The files are embedded in the
// binary, so the URLs serve the same bytes as long as the binary is the same.
func (s *Server) ocdsExtensionRoutes(rt *router) {
	rt.ops("GET", extensions.Path("{name}", "{file...}"), http.HandlerFunc(s.ocdsExtensionFile))
}

// extensionsModTime is the Last-Modified of the embedded files: the server's
// start, as embedded files carry no time of their own.
var extensionsModTime = time.Now().UTC().Truncate(time.Second)

// ocdsExtensionFile serves one file of an embedded extension; an unknown
// extension or file is a 404.
func (s *Server) ocdsExtensionFile(w http.ResponseWriter, r *http.Request) {
	x, ok := extensions.Get(r.PathValue("name"))
	file := r.PathValue("file")
	if !ok || !fs.ValidPath(file) {
		http.NotFound(w, r)
		return
	}
	b, err := x.ReadFile(file)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	ct := "text/plain; charset=utf-8"
	switch strings.ToLower(path.Ext(file)) {
	case ".json":
		ct = "application/json"
	case ".csv":
		ct = "text/csv; charset=utf-8"
	case ".md":
		ct = "text/markdown; charset=utf-8"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Access-Control-Allow-Origin", "*") // public data, read by validators from other origins
	h.Set("Cache-Control", "public, max-age=3600")
	http.ServeContent(w, r, file, extensionsModTime, bytes.NewReader(b))
}
