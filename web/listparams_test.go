package web

import (
	"strings"
	"testing"
)

// TestListParameters: a list's ?region= and ?status= are honoured or refused
// with an error on that field, never replaced silently: the public project
// list offers only published states; a finance user or auditor asking for a
// region outside their subtree is forbidden (it used to get their own region);
// an unknown region code or year is invalid, on every list that takes one.
func TestListParameters(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		xihuAdmin, reviewer, auditor := w.token(t, "xihu.admin"), w.token(t, "xihu.reviewer"), w.token(t, "auditor.zj")
		refusals := []struct {
			path, bearer string
			status       int
			field        string
		}{
			{"/api/v1/projects?status=draft", "", 422, "status"},
			{"/api/v1/projects?status=maybe", "", 422, "status"},
			{"/api/v1/projects?region=999999", "", 422, "region"},
			{"/api/v1/projects?region=330200", reviewer, 403, "region"},
			{"/api/v1/orgs?region=330200", xihuAdmin, 403, "region"},
			{"/api/v1/orgs?region=999999", "", 422, "region"},
			{"/api/v1/events?region=110000", auditor, 403, "region"},
			{"/api/v1/events?region=999999", "", 422, "region"},
			{"/api/v1/budget/lines?region=999999", reviewer, 422, "region"},
			{"/api/v1/budget/lines?year=twenty", "", 422, "year"},
			{"/api/v1/budget/export?region=999999", "", 422, "region"},
			{"/api/v1/reform/functions?region=999999", "", 422, "region"},
			{"/api/v1/reform/redflags?region=999999", "", 422, "region"},
			{"/api/v1/budget/transfers?region=999999", xihuAdmin, 422, "region"},
			{"/api/v1/catalog/versions?region=999999", "", 422, "region"},
			{"/api/v1/catalog/suggestions?region=999999", "", 422, "region"},
		}
		for _, c := range refusals {
			res := w.do(t, request{method: "GET", path: c.path, bearer: c.bearer})
			if res.status != c.status {
				t.Errorf("GET %s: %d, want %d: %s", c.path, res.status, c.status, compactJSON(res.body))
				continue
			}
			body := res.json(t)
			fields, _ := body["fields"].(map[string]any)
			if msg, _ := fields[c.field].(string); msg == "" || body["message"] == "" {
				t.Errorf("GET %s: %s, want a message and one on the field %q", c.path, compactJSON(res.body), c.field)
			}
		}

		// What is allowed is honoured.
		honoured := []struct {
			path, bearer, list, key, want string
		}{
			{"/api/v1/projects?status=approved", "", "projects", "status", "approved"},
			{"/api/v1/projects?region=330106&status=submitted", reviewer, "projects", "status", "submitted"},
			{"/api/v1/orgs?region=330106", xihuAdmin, "orgs", "region", "330106"},
			{"/api/v1/orgs?region=330200", "", "orgs", "region", "3302"},
			{"/api/v1/events?region=330106", auditor, "events", "region", "330106"},
			{"/api/v1/events?region=330106", "", "events", "region", "330106"},
		}
		for _, c := range honoured {
			res := w.do(t, request{method: "GET", path: c.path, bearer: c.bearer})
			if res.status != 200 {
				t.Errorf("GET %s: %d: %s", c.path, res.status, compactJSON(res.body))
				continue
			}
			items, _ := res.json(t)[c.list].([]any)
			if len(items) == 0 {
				t.Errorf("GET %s: no %s", c.path, c.list)
			}
			for _, it := range items {
				if v, _ := it.(map[string]any)[c.key].(string); !strings.HasPrefix(v, c.want) {
					t.Errorf("GET %s: an item with %s %q, want %q", c.path, c.key, v, c.want)
					break
				}
			}
		}

		// The pages say the same.
		for _, c := range []struct {
			path   string
			status int
		}{
			{"/projects?status=approved", 200}, {"/projects?status=draft", 422}, {"/projects?region=999999", 422},
			{"/budget?region=999999", 422}, {"/reform?region=999999", 422},
		} {
			if res := w.do(t, request{method: "GET", path: c.path}); res.status != c.status {
				t.Errorf("GET %s: %d, want %d", c.path, res.status, c.status)
			}
		}
		staff := w.login(t, "auditor.zj")
		if res := w.do(t, request{method: "GET", path: "/staff/events?region=110000", session: staff}); res.status != 403 {
			t.Errorf("GET /staff/events outside the auditor's province: %d, want 403", res.status)
		}
	})
}
