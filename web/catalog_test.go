package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/sqlstore"
)

// catalogWorld is the demo world with the demo catalogues (loaded here unless
// demo.Load already did).
func catalogWorld(t *testing.T, w *world) (central, zj2025, zj2026 int64) {
	t.Helper()
	ctx := context.Background()
	vs, err := w.store.FindCatalogVersions(ctx, sqlstore.VersionFilter{AnyDept: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) == 0 {
		if err := demo.LoadCatalog(ctx, w.svc); err != nil {
			t.Fatal(err)
		}
	}
	c, err := w.store.FindCatalogVersions(ctx, sqlstore.VersionFilter{Region: "100000"})
	if err != nil || len(c) == 0 {
		t.Fatalf("central versions: %v", err)
	}
	z, err := w.store.FindCatalogVersions(ctx, sqlstore.VersionFilter{Region: "330000"})
	if err != nil || len(z) != 2 {
		t.Fatalf("浙江 versions: %d %v", len(z), err)
	}
	return c[0].ID, z[1].ID, z[0].ID
}

// TestCatalogAPI makes a successful request to every catalogue API route (each
// response is validated against openapi.json by world.do) and checks the
// refusals: the public never sees a draft, a county cannot edit the province's
// catalogue, bad input names its fields.
func TestCatalogAPI(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		central, zj1, zj2 := catalogWorld(t, w)
		rev, appr := w.token(t, "zj.reviewer"), w.token(t, "zj.approver")
		county := w.token(t, "xihu.reviewer")
		steps := []struct {
			name string
			r    request
			want int
		}{
			{"versions", request{method: "GET", path: "/api/v1/catalog/versions?region=330000"}, 200},
			{"version", request{method: "GET", path: fmt.Sprintf("/api/v1/catalog/versions/%d", central)}, 200},
			{"trail (public: publication only)", request{method: "GET", path: fmt.Sprintf("/api/v1/catalog/versions/%d/trail", zj2)}, 200},
			{"diff", request{method: "GET", path: fmt.Sprintf("/api/v1/catalog/diff?from=%d&to=%d", zj1, zj2)}, 200},
			{"diff without ids", request{method: "GET", path: "/api/v1/catalog/diff?from=x"}, 422},
			{"lookup", request{method: "GET", path: "/api/v1/catalog/lookup?region=330106&code=A0101"}, 200},
			{"lookup not found", request{method: "GET", path: "/api/v1/catalog/lookup?region=330106&code=Z0101"}, 200},
			{"lookup bad code", request{method: "GET", path: "/api/v1/catalog/lookup?region=330106&code=0101"}, 422},
			{"suggestions", request{method: "GET", path: "/api/v1/catalog/suggestions?region=330000&status=answered"}, 200},
			{"suggestions bad status", request{method: "GET", path: "/api/v1/catalog/suggestions?status=closed"}, 422},
			{"suggest", request{method: "POST", path: "/api/v1/catalog/suggestions", body: `{"region":"330000","title":"建议","body":"内容","submitter":"市民","contact":"a@example.cn"}`}, 201},
			{"suggest without title", request{method: "POST", path: "/api/v1/catalog/suggestions", body: `{"region":"330000","body":"内容","submitter":"市民"}`}, 422},
			{"suggest unknown field", request{method: "POST", path: "/api/v1/catalog/suggestions", body: `{"region":"330000","title":"t","body":"b","submitter":"s","email":"x"}`}, 422},
			{"public drafts nothing", request{method: "POST", path: "/api/v1/catalog/versions", body: `{"region":"330000","title":"x"}`}, 401},
			{"county drafts the province's", request{method: "POST", path: "/api/v1/catalog/versions", bearer: county, body: `{"region":"330000","title":"x"}`}, 403},
			{"draft", request{method: "POST", path: "/api/v1/catalog/versions", bearer: rev, body: `{"region":"330000","title":"2027年版（征求意见稿）","effective_from":"2027-01-01"}`}, 201},
		}
		for _, s := range steps {
			if res := w.do(t, s.r); res.status != s.want {
				t.Fatalf("%s: %d %s, want %d", s.name, res.status, res.body, s.want)
			}
		}
		vs, err := w.store.FindCatalogVersions(context.Background(), sqlstore.VersionFilter{Region: "330000"})
		if err != nil || vs[0].Status != "draft" {
			t.Fatalf("no draft: %v", err)
		}
		draft := fmt.Sprintf("/api/v1/catalog/versions/%d", vs[0].ID)
		sug, err := w.store.FindSuggestions(context.Background(), sqlstore.SuggestionFilter{Region: "330000", Status: "open", Limit: 1})
		if err != nil || len(sug) == 0 {
			t.Fatalf("no open suggestion: %v", err)
		}
		more := []struct {
			name string
			r    request
			want int
		}{
			{"public reads the draft", request{method: "GET", path: draft}, 404},
			{"county reads the draft", request{method: "GET", path: draft, bearer: county}, 404},
			{"reviewer reads the draft", request{method: "GET", path: draft, bearer: rev}, 200},
			{"update draft", request{method: "PUT", path: draft, bearer: rev, body: `{"title":"2027年版（送审稿）","effective_from":"2027-01-01"}`}, 200},
			{"add item", request{method: "POST", path: draft + "/items", bearer: rev, body: `{"code":"A0106","parent":"A01","name":"社区助浴服务","item_code":"C1817"}`}, 201},
			{"add item bad code", request{method: "POST", path: draft + "/items", bearer: rev, body: `{"code":"a-6","parent":"A01","name":"x"}`}, 422},
			{"county adds an item", request{method: "POST", path: draft + "/items", bearer: county, body: `{"code":"A0107","parent":"A01","name":"x","item_code":"C1817"}`}, 404},
			{"update item", request{method: "PUT", path: draft + "/items/A0106", bearer: rev, body: `{"parent":"A01","name":"老年人助浴服务","item_code":"C1817","negative":[]}`}, 200},
			{"delete item", request{method: "DELETE", path: draft + "/items/A1002", bearer: rev}, 204},
			{"submit", request{method: "POST", path: draft + "/submit", bearer: rev, body: `{"opinion":"请审核"}`}, 200},
			{"return without opinion", request{method: "POST", path: draft + "/return", bearer: appr, body: `{}`}, 422},
			{"return", request{method: "POST", path: draft + "/return", bearer: appr, body: `{"opinion":"请说明助浴服务的标准"}`}, 200},
			{"resubmit", request{method: "POST", path: draft + "/submit", bearer: rev, body: `{}`}, 200},
			{"reviewer publishes", request{method: "POST", path: draft + "/publish", bearer: rev, body: `{}`}, 403},
			{"publish", request{method: "POST", path: draft + "/publish", bearer: appr, body: `{"opinion":"同意"}`}, 200},
			{"staff trail", request{method: "GET", path: draft + "/trail", bearer: rev}, 200},
			{"county answers", request{method: "POST", path: fmt.Sprintf("/api/v1/catalog/suggestions/%d/answer", sug[0].ID), bearer: county, body: `{"answer":"x"}`}, 403},
			{"answer", request{method: "POST", path: fmt.Sprintf("/api/v1/catalog/suggestions/%d/answer", sug[0].ID), bearer: rev, body: `{"answer":"已研究采纳。"}`}, 200},
			{"answer twice", request{method: "POST", path: fmt.Sprintf("/api/v1/catalog/suggestions/%d/answer", sug[0].ID), bearer: rev, body: `{"answer":"再答"}`}, 409},
		}
		for _, s := range more {
			if res := w.do(t, s.r); res.status != s.want {
				t.Fatalf("%s: %d %s, want %d", s.name, res.status, res.body, s.want)
			}
		}
		if res := w.do(t, request{method: "GET", path: draft + "/trail", bearer: rev}); strings.Count(string(res.body), `"action"`) != 5 {
			t.Errorf("trail: %s, want create, submit, return, submit, publish", res.body)
		}
	})
}

// TestCatalogPages renders the public and staff pages and a form round trip.
func TestCatalogPages(t *testing.T) {
	w := demoWorld(t)
	central, zj1, zj2 := catalogWorld(t, w)
	sess := w.login(t, "zj.reviewer")
	for _, c := range []struct {
		path string
		s    *session
		want int
		text string
	}{
		{"/catalog", nil, 200, "负面清单"},
		{"/catalog?region=330000", nil, 200, "2026年版"},
		{"/catalog?region=999999", nil, 200, "政府购买服务指导性目录（示例）"},
		{fmt.Sprintf("/catalog/versions/%d", central), nil, 200, "A9901"},
		{fmt.Sprintf("/catalog/diff?from=%d&to=%d", zj1, zj2), nil, 200, "社会工作服务"},
		{"/catalog/versions/999999", nil, 404, ""},
		{"/staff/catalog", sess, 200, "2025年版"},
		{fmt.Sprintf("/staff/catalog/versions/%d", zj2), sess, 200, "同意发布"},
	} {
		res := w.do(t, request{method: "GET", path: c.path, session: c.s})
		if res.status != c.want || !strings.Contains(string(res.body), c.text) {
			t.Errorf("GET %s: %d, want %d with %q", c.path, res.status, c.want, c.text)
		}
	}
	// The public form: a bad suggestion re-renders with the field's message; a good one redirects.
	bad := w.do(t, request{method: "POST", path: "/catalog/suggestions", form: url.Values{"region": {"330000"}, "body": {"b"}, "submitter": {"s"}}})
	if bad.status != 422 || !strings.Contains(string(bad.body), "请填写标题") {
		t.Errorf("bad suggestion: %d", bad.status)
	}
	good := w.do(t, request{method: "POST", path: "/catalog/suggestions", form: url.Values{"region": {"330000"}, "title": {"t"}, "body": {"b"}, "submitter": {"s"}}})
	if good.status != 303 || !strings.HasPrefix(good.header.Get("Location"), "/catalog?region=330000&done=suggested") {
		t.Errorf("good suggestion: %d %s", good.status, good.header.Get("Location"))
	}
	// Rate limit: one address, a few suggestions per window.
	last := 0
	for i := 0; i < 7; i++ {
		last = w.do(t, request{method: "POST", path: "/catalog/suggestions", remote: "203.0.113.9:4000",
			form: url.Values{"region": {"330000"}, "title": {"t"}, "body": {"b"}, "submitter": {"s"}}}).status
	}
	if last != 429 {
		t.Errorf("seventh suggestion from one address: %d, want 429", last)
	}
}
