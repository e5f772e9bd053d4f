package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

var (
	docOnce sync.Once
	docT    *openapi3.T
	docErr  error
)

// apiDoc parses and validates the served document (openapi.json merged with
// the areas' fragments) once.
func apiDoc(t testing.TB) *openapi3.T {
	t.Helper()
	docOnce.Do(func() {
		var b []byte
		if b, docErr = openapiDocument(); docErr != nil {
			return
		}
		loader := openapi3.NewLoader()
		docT, docErr = loader.LoadFromData(b)
		if docErr == nil {
			docErr = docT.Validate(loader.Context)
		}
	})
	if docErr != nil {
		t.Fatalf("openapi document: %v", docErr)
	}
	return docT
}

// spinePaths are the paths documented in openapi.json itself (not in an
// area's fragment).
func spinePaths(t testing.TB) map[string]bool {
	t.Helper()
	var base struct {
		Paths map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openapiBase, &base); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for p := range base.Paths {
		out[p] = true
	}
	return out
}

// apiRoute returns the registered API route serving method and path.
func (w *world) apiRoute(method, path string) (Route, bool) {
	for _, rt := range w.srv.apiRoutes() {
		if rt.Method == method && matchPath(rt.Path, path) {
			return rt, true
		}
	}
	return Route{}, false
}

func pathParams(pattern, path string) map[string]string {
	out := map[string]string{}
	p, q := strings.Split(pattern, "/"), strings.Split(path, "/")
	for i := range p {
		if strings.HasPrefix(p[i], "{") && i < len(q) {
			out[strings.Trim(p[i], "{}")] = q[i]
		}
	}
	return out
}

// checkContract validates every API response recorded by world.do against the
// documented response of its route and status (an undocumented status fails),
// and the request too when the server accepted it, so that the document cannot
// drift from the handlers. Successful routes are recorded in w.covered.
func checkContract(t testing.TB, w *world, r request, req *http.Request, res response) {
	t.Helper()
	rt, ok := w.apiRoute(req.Method, req.URL.Path)
	if !ok {
		return // 404 or 405 of the API fallback; not a documented operation
	}
	doc := apiDoc(t)
	item := doc.Paths.Value(rt.Path)
	var op *openapi3.Operation
	if item != nil {
		op = item.GetOperation(rt.Method)
	}
	if op == nil {
		t.Errorf("%s %s is registered but not in openapi.json", rt.Method, rt.Path)
		return
	}
	ctx := context.Background()
	// A fresh copy of the request: the server has read the original's body.
	var body *strings.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	} else {
		body = strings.NewReader("")
	}
	again := httptest.NewRequest(req.Method, req.URL.String(), body)
	again.Header = req.Header.Clone()
	in := &openapi3filter.RequestValidationInput{
		Request: again, PathParams: pathParams(rt.Path, req.URL.Path),
		Route:   &routers.Route{Spec: doc, Path: rt.Path, PathItem: item, Method: rt.Method, Operation: op},
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	}
	ok2xx := res.status >= 200 && res.status < 300
	if ok2xx {
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			t.Errorf("%s %s (accepted with %d): the request does not match openapi.json: %v\nbody: %s", req.Method, req.URL, res.status, err, r.body)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.status, Header: res.header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
	out.SetBodyBytes(res.body)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		t.Errorf("%s %s → %d: the response does not match openapi.json: %v\nbody: %s", req.Method, req.URL, res.status, err, compactJSON(res.body))
		return
	}
	if ok2xx {
		if w.covered == nil {
			w.covered = map[string]bool{}
		}
		w.covered[rt.Method+" "+rt.Path] = true
	}
}

// TestOpenAPIRoutes checks that the document lists exactly the routes
// registered through api(...) in routes.go, with the same methods.
func TestOpenAPIRoutes(t *testing.T) {
	s := sqltest.SQLite(t, goumai.NewFakeClock(sqltest.Start))
	w := newWorld(t, s, goumai.NewFakeClock(sqltest.Start))
	var registered, documented []string
	for _, rt := range w.srv.apiRoutes() {
		registered = append(registered, rt.Method+" "+rt.Path)
	}
	for path, item := range apiDoc(t).Paths.Map() {
		for method := range item.Operations() {
			documented = append(documented, method+" "+path)
		}
	}
	sort.Strings(registered)
	sort.Strings(documented)
	if len(registered) == 0 {
		t.Fatal("no API routes registered")
	}
	for _, r := range registered {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is registered in routes.go but not documented in openapi.json", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(registered, d) {
			t.Errorf("operation %s is documented in openapi.json but not registered in routes.go", d)
		}
	}
	if got, want := len(documented), len(registered); got != want {
		t.Errorf("openapi.json has %d operations, routes.go registers %d", got, want)
	}

	// The merged document is what is served.
	merged, err := openapiDocument()
	if err != nil {
		t.Fatal(err)
	}
	res := w.do(t, request{method: "GET", path: "/api/v1/openapi.json"})
	if res.status != http.StatusOK || string(res.body) != string(merged) {
		t.Errorf("GET /api/v1/openapi.json: %d, body equal to the merged document: %v", res.status, string(res.body) == string(merged))
	}
}

// TestOpenAPIDocument checks the document against OpenAPI 3 (kin-openapi's
// validator) and against the domain: every enum and limit is the domain's own.
func TestOpenAPIDocument(t *testing.T) {
	doc := apiDoc(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
	schema := func(name string) *openapi3.Schema {
		t.Helper()
		ref := doc.Components.Schemas[name]
		if ref == nil || ref.Value == nil {
			t.Fatalf("no schema %s", name)
		}
		return ref.Value
	}
	prop := func(s *openapi3.Schema, name string) *openapi3.Schema {
		t.Helper()
		p := s.Properties[name]
		if p == nil || p.Value == nil {
			t.Fatalf("no property %s", name)
		}
		return p.Value
	}
	strs := func(vs []any) []string {
		var out []string
		for _, v := range vs {
			out = append(out, fmt.Sprint(v))
		}
		return out
	}
	asStrings := func(vs any) []string {
		var out []string
		switch x := vs.(type) {
		case []goumai.OrgKind:
			for _, v := range x {
				out = append(out, string(v))
			}
		case []goumai.InstitutionClass:
			for _, v := range x {
				out = append(out, string(v))
			}
		case []goumai.MassOrgStaffing:
			for _, v := range x {
				out = append(out, string(v))
			}
		case []goumai.Code:
			for _, v := range x {
				out = append(out, string(v))
			}
		case []goumai.Role:
			for _, v := range x {
				out = append(out, string(v))
			}
		}
		return out
	}
	enums := []struct {
		name string
		got  []any
		want []string
	}{
		{"OrgKind", schema("OrgKind").Enum, asStrings(goumai.OrgKinds)},
		{"InstitutionClass", schema("InstitutionClass").Enum, asStrings(goumai.InstitutionClasses)},
		{"MassOrgStaffing", schema("MassOrgStaffing").Enum, asStrings(goumai.MassOrgStaffings)},
		{"Role", schema("Role").Enum, asStrings(goumai.Roles)},
		{"OrgInput.class", prop(schema("OrgInput"), "class").Enum, append([]string{""}, asStrings(goumai.InstitutionClasses)...)},
		{"OrgInput.staffing", prop(schema("OrgInput"), "staffing").Enum, append([]string{""}, asStrings(goumai.MassOrgStaffings)...)},
		{"Error.code", prop(schema("Error"), "code").Enum, asStrings(goumai.Codes)},
	}
	for _, e := range enums {
		if got := strs(e.got); !slices.Equal(got, e.want) {
			t.Errorf("enum %s = %q, want the domain's %q", e.name, got, e.want)
		}
	}
	// Every enum value is documented in its description.
	for _, name := range []string{"OrgKind", "InstitutionClass", "MassOrgStaffing", "Role", "Error"} {
		s := schema(name)
		desc, vals := s.Description, s.Enum
		if name == "Error" {
			desc, vals = prop(s, "code").Description, prop(s, "code").Enum
		}
		for _, v := range vals {
			if !strings.Contains(desc, "`"+fmt.Sprint(v)+"`") {
				t.Errorf("%s: value %v is not described", name, v)
			}
		}
	}
	// Each error code's documented status is the one statusOf gives.
	for _, c := range prop(schema("Error"), "code").Enum {
		code := goumai.Code(fmt.Sprint(c))
		if !strings.Contains(prop(schema("Error"), "code").Description, fmt.Sprintf("`%s` — %d", code, statusOf(code))) {
			t.Errorf("Error.code %s: description does not give status %d", code, statusOf(code))
		}
	}

	limits := []struct {
		name     string
		s        *openapi3.Schema
		min, max uint64
	}{
		{"OrgInput.name", prop(schema("OrgInput"), "name"), 1, goumai.MaxOrgName},
		{"OrgUpdate.name", prop(schema("OrgUpdate"), "name"), 1, goumai.MaxOrgName},
		{"Org.name", prop(schema("Org"), "name"), 1, goumai.MaxOrgName},
		{"OrgInput.credit_code", prop(schema("OrgInput"), "credit_code"), 0, 18},
		{"OrgInput.region", prop(schema("OrgInput"), "region"), 6, 6},
		{"NewUser.display_name", prop(schema("NewUser"), "display_name"), 1, goumai.MaxDisplayName},
		{"NewUser.password", prop(schema("NewUser"), "password"), goumai.MinPassword, goumai.MaxPassword},
		{"UserCreate.password", prop(schema("UserCreate"), "password"), goumai.MinPassword, goumai.MaxPassword},
		{"NewUser.username", prop(schema("NewUser"), "username"), 3, 32},
	}
	for _, l := range limits {
		var max uint64
		if l.s.MaxLength != nil {
			max = *l.s.MaxLength
		}
		if l.s.MinLength != l.min || max != l.max {
			t.Errorf("%s: length %d..%d, want %d..%d", l.name, l.s.MinLength, max, l.min, l.max)
		}
	}
	if got, want := prop(schema("NewUser"), "username").Pattern, `^[a-z][a-z0-9_.-]{2,31}$`; got != want {
		t.Errorf("username pattern %q, want %q", got, want)
	}

	// Every operation is described in both languages, says whether it is
	// public, documents 500 and gives every error status the Error schema; every
	// request body object refuses unknown properties, as decodeJSON does.
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			name := method + " " + path
			if op.Summary == "" || op.Description == "" {
				t.Errorf("%s: no summary or description", name)
			}
			if zh, _ := op.Extensions["x-summary-zh"].(string); zh == "" {
				t.Errorf("%s: no x-summary-zh", name)
			}
			public, ok := op.Extensions["x-public"].(bool)
			if !ok {
				t.Errorf("%s: no x-public", name)
			}
			if op.Security == nil || len(*op.Security) == 0 {
				t.Errorf("%s: no security requirement", name)
			} else {
				anonymous := slices.ContainsFunc(*op.Security, func(r openapi3.SecurityRequirement) bool { return len(r) == 0 })
				if anonymous != public {
					t.Errorf("%s: x-public %v but anonymous access %v", name, public, anonymous)
				}
			}
			if op.Responses.Status(500) == nil {
				t.Errorf("%s: 500 not documented", name)
			}
			for code, r := range op.Responses.Map() {
				if code[0] != '4' && code[0] != '5' {
					continue
				}
				mt := r.Value.Content.Get("application/json")
				if mt == nil || mt.Schema == nil || mt.Schema.Value != schema("Error") {
					t.Errorf("%s %s: the response is not the Error schema", name, code)
				}
			}
			if op.RequestBody != nil {
				walkObjects(op.RequestBody.Value.Content.Get("application/json").Schema, func(where string, s *openapi3.Schema) {
					if s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has {
						t.Errorf("%s: request object %s allows additional properties", name, where)
					}
				}, "body")
			}
		}
	}
}

// walkObjects calls fn for every object schema reachable through properties.
func walkObjects(ref *openapi3.SchemaRef, fn func(where string, s *openapi3.Schema), where string) {
	if ref == nil || ref.Value == nil {
		return
	}
	s := ref.Value
	if s.Type.Is("object") {
		fn(where, s)
	}
	for name, p := range s.Properties {
		walkObjects(p, fn, where+"."+name)
	}
	if s.Items != nil {
		walkObjects(s.Items, fn, where+"[]")
	}
}

// TestOpenAPIResponses makes a representative successful request to every
// route of openapi.json (the areas test their fragments' routes) on the demo world; world.do validates each request and response
// against the document, and every route must have been covered.
func TestOpenAPIResponses(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		zj := w.token(t, "zj.admin")
		xihu := w.token(t, "xihu.admin")
		auditor := w.token(t, "auditor.zj")
		pending := w.token(t, "supplier.anxinju") // no active organisation yet
		xihuFin := w.org(t, "杭州市西湖区财政局")
		anxinju := w.org(t, "杭州安心居家政服务有限公司")
		tree := w.treeSize(t)
		public, err := w.store.FindEvents(context.Background(), sqlstore.EventFilter{PublicOnly: true, Limit: 1})
		if err != nil || len(public) == 0 {
			t.Fatalf("no public event: %v", err)
		}
		// Statistics received from another instance (federation).
		if _, err := w.store.DB().ExecContext(context.Background(), `INSERT INTO fed_stats (publisher, region, action, n, amount) VALUES ('js', '320100', 'contract.signed', 2, 150000000)`); err != nil {
			t.Fatal(err)
		}
		registering := orgInput(t, "杭州市西湖区新注册养老服务有限公司", goumai.KindEnterprise, "330106", "91")
		delete(registering, "parent_id")
		delete(registering, "finance_dept")

		newOrg := orgInput(t, "杭州市西湖区测试服务中心", goumai.KindSocialOrg, "330106", "52")
		newUser := map[string]any{"username": "xihu.new", "display_name": "新用户", "password": "Test-2026-pass", "org_id": xihuFin.ID, "role": "expert"}
		steps := []struct {
			r    request
			want int
		}{
			{request{method: "GET", path: "/api/v1/openapi.json"}, 200},
			{request{method: "GET", path: "/api/v1/me", bearer: zj}, 200},
			{request{method: "GET", path: "/api/v1/me", bearer: pending}, 200},
			{request{method: "GET", path: "/api/v1/todo", bearer: zj}, 200},
			{request{method: "GET", path: "/api/v1/todo", bearer: pending}, 200},
			{request{method: "GET", path: "/api/v1/regions/330106"}, 200},
			{request{method: "GET", path: "/api/v1/regions/100000"}, 200},
			{request{method: "GET", path: "/api/v1/orgs?limit=5"}, 200},
			{request{method: "GET", path: "/api/v1/orgs?kind=individual", bearer: zj}, 200},
			{request{method: "GET", path: "/api/v1/orgs?region=330106", bearer: auditor}, 200},
			{request{method: "POST", path: "/api/v1/orgs", bearer: xihu, body: mustJSON(t, newOrg)}, 201},
			{request{method: "GET", path: fmt.Sprintf("/api/v1/orgs/%d", xihuFin.ID)}, 200},
			{request{method: "PUT", path: fmt.Sprintf("/api/v1/orgs/%d", xihuFin.ID), bearer: xihu, body: mustJSON(t, map[string]any{
				"name": xihuFin.Name, "kind": xihuFin.Kind, "class": "", "staffing": "", "credit_code": xihuFin.CreditCode,
				"region": xihuFin.Region, "parent_id": 0, "finance_dept": true, "active": true})}, 200},
			{request{method: "POST", path: fmt.Sprintf("/api/v1/orgs/%d/activate", anxinju.ID), bearer: zj}, 200},
			{request{method: "GET", path: fmt.Sprintf("/api/v1/orgs/%d/members", xihuFin.ID), bearer: xihu}, 200},
			{request{method: "POST", path: "/api/v1/suppliers/register", body: mustJSON(t, map[string]any{
				"org":   registering,
				"admin": map[string]any{"username": "supplier.new", "display_name": "注册人", "password": "Test-2026-pass"}})}, 201},
			{request{method: "POST", path: "/api/v1/users", bearer: xihu, body: mustJSON(t, newUser)}, 201},
			{request{method: "POST", path: "/api/v1/memberships", bearer: xihu, body: mustJSON(t, map[string]any{
				"user_id": w.user(t, "xihu.reviewer").ID, "org_id": xihuFin.ID, "role": "expert"})}, 201},
			{request{method: "GET", path: "/api/v1/events?limit=3"}, 200},
			{request{method: "GET", path: "/api/v1/events?object_type=nothing"}, 200},
			{request{method: "GET", path: "/api/v1/events", bearer: auditor}, 200},
			{request{method: "GET", path: fmt.Sprintf("/api/v1/events/%d", public[0].ID)}, 200},
			{request{method: "GET", path: "/api/v1/log/checkpoint"}, 200},
			{request{method: "GET", path: "/api/v1/federation/statistics"}, 200},
			{request{method: "GET", path: "/api/v1/ocds/releases?limit=2"}, 200},
			{request{method: "GET", path: "/api/v1/log/proof/inclusion?leaf=3"}, 200},
			{request{method: "GET", path: fmt.Sprintf("/api/v1/log/proof/inclusion?leaf=0&size=%d", tree/2)}, 200},
			{request{method: "GET", path: "/api/v1/log/proof/consistency?old=5"}, 200},
			{request{method: "POST", path: "/api/v1/auth/logout", bearer: pending}, 204},
		}
		for _, s := range steps {
			if res := w.do(t, s.r); res.status != s.want {
				t.Errorf("%s %s: %d, want %d: %s", s.r.method, s.r.path, res.status, s.want, compactJSON(res.body))
			}
		}
		// The membership just granted, removed again.
		var ms []sqlstore.MembershipView
		ms, err = w.store.Memberships(context.Background(), w.user(t, "xihu.reviewer").ID)
		sqltest.Must(t, err)
		var expert int64
		for _, m := range ms {
			if m.Role == goumai.RoleExpert {
				expert = m.ID
			}
		}
		if res := w.do(t, request{method: "DELETE", path: fmt.Sprintf("/api/v1/memberships/%d", expert), bearer: xihu}); res.status != http.StatusNoContent {
			t.Errorf("DELETE membership: %d %s", res.status, res.body)
		}
		spine := spinePaths(t)
		for _, rt := range w.srv.apiRoutes() {
			if spine[rt.Path] && !w.covered[rt.Method+" "+rt.Path] {
				t.Errorf("no successful request of %s %s was validated against openapi.json", rt.Method, rt.Path)
			}
		}
	})
}

// orgInput is a valid organisation body with a credit code for its region.
func orgInput(t testing.TB, name string, kind goumai.OrgKind, region, prefix string) map[string]any {
	t.Helper()
	return map[string]any{"name": name, "kind": kind, "class": "", "staffing": "", "credit_code": creditCode(t, prefix, region, name),
		"region": region, "parent_id": 0, "finance_dept": false}
}

// creditCode builds a valid unified social credit code from a 2-character
// prefix, the region and 9 characters derived from seed.
func creditCode(t testing.TB, prefix, region, seed string) string {
	t.Helper()
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	body := make([]byte, 9)
	h := uint32(2166136261)
	for i := 0; i < len(seed); i++ {
		h = (h ^ uint32(seed[i])) * 16777619
	}
	for i := range body {
		body[i] = alphabet[h%31]
		h = h*1103515245 + 12345
	}
	first := prefix + region + string(body)
	c, ok := goumai.CreditCheckChar(first)
	if !ok {
		t.Fatalf("credit code %q", first)
	}
	return first + string(c)
}
