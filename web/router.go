package web

import (
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/goumai/goumai"
)

// RouteKind is the kind of a route, which decides how its boundary is guarded.
type RouteKind string

// The kinds of route.
const (
	KindOps    RouteKind = "ops"    // /healthz, /metrics, static files, the log's tiles: no session needed
	KindPage   RouteKind = "page"   // an HTML page (GET)
	KindForm   RouteKind = "form"   // an HTML form post: session CSRF token required
	KindUpload RouteKind = "upload" // an HTML multipart form post carrying a file
	KindAPI    RouteKind = "api"    // a JSON API route under /api/v1
)

// Public is the gate of a route anyone may call (the portal, the public API,
// sign-in): what it shows still depends on who asks.
const Public goumai.Action = ""

// Route is one registered route. The router is built from the list of routes,
// and the tests read the same list: the OpenAPI document must describe every
// API route, and the authorisation matrix must have a row for every route.
type Route struct {
	Method, Path string
	Kind         RouteKind
	// Gate is the policy's action checked (goumai.Policy.Gate) before the
	// handler runs and before a byte of the body is read; Public for none.
	Gate goumai.Action
}

// Pattern is the route's ServeMux pattern.
func (r Route) Pattern() string { return r.Method + " " + r.Path }

// apiRoutes returns the registered JSON API routes.
func (s *Server) apiRoutes() []Route {
	var out []Route
	for _, r := range s.registry {
		if r.Kind == KindAPI {
			out = append(out, r)
		}
	}
	return out
}

// router registers routes into a ServeMux and keeps the list.
type router struct {
	s      *Server
	mux    *http.ServeMux
	routes []Route
}

func (rt *router) add(rr Route, h http.Handler) {
	rt.routes = append(rt.routes, rr)
	rt.mux.Handle(rr.Pattern(), h)
}

// ops registers an operational route: no gate, no session semantics.
func (rt *router) ops(method, path string, h http.Handler) {
	rt.add(Route{Method: method, Path: path, Kind: KindOps}, h)
}

// page registers an HTML page (GET). A gated page redirects the anonymous to sign in.
func (rt *router) page(path string, gate goumai.Action, h http.HandlerFunc) {
	rt.add(Route{Method: http.MethodGet, Path: path, Kind: KindPage, Gate: gate}, rt.guard(gate, h))
}

// form registers an HTML form post (url-encoded): gate, then a bounded parse of
// the form, the session's CSRF token and the text of every value, then h.
func (rt *router) form(path string, gate goumai.Action, h http.HandlerFunc) {
	rt.add(Route{Method: http.MethodPost, Path: path, Kind: KindForm, Gate: gate}, rt.guard(gate, func(w http.ResponseWriter, r *http.Request) {
		if err := rt.s.readForm(w, r, false); err != nil {
			rt.s.fail(w, r, err)
			return
		}
		h(w, r)
	}))
}

// upload registers an HTML multipart form post carrying a file: the gate is
// checked before the body is read, then the body is parsed within maxUpload
// and checked like a form; h reads the file from r.MultipartForm.
func (rt *router) upload(path string, gate goumai.Action, h http.HandlerFunc) {
	rt.add(Route{Method: http.MethodPost, Path: path, Kind: KindUpload, Gate: gate}, rt.guard(gate, func(w http.ResponseWriter, r *http.Request) {
		err := rt.s.readForm(w, r, true)
		if r.MultipartForm != nil {
			defer r.MultipartForm.RemoveAll() // the parts kept in temporary files
		}
		if err != nil {
			rt.s.fail(w, r, err)
			return
		}
		h(w, r)
	}))
}

// api registers a JSON API route whose endpoint decodes its own body (see act).
func (rt *router) api(method, path string, gate goumai.Action, e endpoint) {
	rt.add(Route{Method: method, Path: path, Kind: KindAPI, Gate: gate}, rt.guard(gate, func(w http.ResponseWriter, r *http.Request) {
		if err := e(w, r, actorOf(r)); err != nil {
			rt.s.fail(w, r, err)
		}
	}))
}

// read registers a JSON API GET route.
func (rt *router) read(path string, gate goumai.Action, h http.HandlerFunc) {
	rt.add(Route{Method: http.MethodGet, Path: path, Kind: KindAPI, Gate: gate}, rt.guard(gate, h))
}

// guard checks the route's gate before h: the anonymous are asked to sign in,
// someone who may never take the action is refused.
func (rt *router) guard(gate goumai.Action, h http.HandlerFunc) http.HandlerFunc {
	if gate == Public {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if err := rt.s.svc.Policy.Gate(actorOf(r), gate); err != nil {
			rt.s.fail(w, r, err)
			return
		}
		h(w, r)
	}
}

// Limits on form bodies.
const (
	maxForm   = 1 << 20  // a url-encoded form
	maxUpload = 12 << 20 // a multipart upload: the file's limit plus the form around it

	maxUploadMemory = 2 << 20 // what a multipart parse keeps in memory; the rest goes to temporary files
)

// readForm parses a form post within its size limit (a multipart one when
// multipart is set), then checks the session's CSRF token and the text of every
// value. A post from a signed-in browser must carry the session's token;
// sign-in and registration (no session yet) rely on the cross-origin check.
func (s *Server) readForm(w http.ResponseWriter, r *http.Request, multipart bool) error {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case multipart && ct == "multipart/form-data":
		r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
		if err := r.ParseMultipartForm(maxUploadMemory); err != nil {
			return bodyError(err, maxUpload)
		}
	case ct == "application/x-www-form-urlencoded" || ct == "" && r.ContentLength == 0:
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		if err := r.ParseForm(); err != nil {
			return bodyError(err, maxForm)
		}
	default:
		return goumai.Errorf(goumai.EInvalid, "表单格式不正确", "the form is not in the expected format")
	}
	if info := infoOf(r); info.session != nil && r.PostFormValue("_csrf") != info.session.CSRF {
		return goumai.Errorf(goumai.EForbidden, "表单已失效，请刷新页面后重试", "the form has expired; reload the page and try again")
	}
	f := goumai.Fields{}
	for k, vs := range r.PostForm {
		for _, v := range vs {
			checkText(f, k, v)
		}
	}
	if r.MultipartForm != nil {
		for k, fhs := range r.MultipartForm.File {
			for _, fh := range fhs {
				checkText(f, k, fh.Filename)
			}
		}
	}
	return f.Err()
}

// bodyError explains a body that could not be read.
func bodyError(err error, limit int64) error {
	if _, ok := err.(*http.MaxBytesError); ok || strings.Contains(err.Error(), "too large") {
		return goumai.Errorf(goumai.EInvalid, fmt.Sprintf("请求体过大（上限 %d MB）", limit>>20), fmt.Sprintf("the body is too large (%d MB at most)", limit>>20))
	}
	return goumai.Errorf(goumai.EInvalid, "无法读取表单", "the form could not be read")
}

// checkText records a field error when v is not acceptable text (goumai.CheckText).
func checkText(f goumai.Fields, field, v string) {
	if m := goumai.CheckText(v); m != nil {
		f[field] = *m
	}
}
