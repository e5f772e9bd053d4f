package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
)

// orgBody is the PUT /api/v1/orgs/{id} body that keeps an organisation as it
// is, with edit applied.
func orgBody(t *testing.T, o goumai.Org, edit map[string]any) string {
	t.Helper()
	b := map[string]any{"name": o.Name, "kind": o.Kind, "class": o.Class, "staffing": o.Staffing, "credit_code": o.CreditCode,
		"region": o.Region, "parent_id": o.ParentID, "finance_dept": o.FinanceDept, "active": o.Active}
	for k, v := range edit {
		b[k] = v
	}
	return mustJSON(t, b)
}

// createdAt reads the created_at of the object under key in a response.
func createdAt(t *testing.T, res response, key string) time.Time {
	t.Helper()
	obj, _ := res.json(t)[key].(map[string]any)
	s, _ := obj["created_at"].(string)
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("%s.created_at %q: %v in %s", key, s, err, compactJSON(res.body))
	}
	return at
}

// TestCreatedAtIsStored: the organisation PUT returns and the catalogue version
// POST creates carry the stored created_at, not a zero time built from the
// input (every API response of the web tests is also checked by checkTimes).
func TestCreatedAtIsStored(t *testing.T) {
	w := demoWorld(t)
	o := w.org(t, "杭州市西湖区民政局")
	res := w.do(t, request{method: "PUT", path: fmt.Sprintf("/api/v1/orgs/%d", o.ID), bearer: w.token(t, "xihu.admin"), body: orgBody(t, o, nil)})
	if res.status != 200 {
		t.Fatalf("PUT org: %d %s", res.status, res.body)
	}
	if got := createdAt(t, res, "org"); !got.Equal(o.CreatedAt) {
		t.Errorf("PUT org: created_at %v, want the stored %v", got, o.CreatedAt)
	}
	w.clock.Advance(time.Hour)
	res = w.do(t, request{method: "POST", path: "/api/v1/catalog/versions", bearer: w.token(t, "zj.reviewer"),
		body: `{"region":"330000","title":"2027年版（征求意见稿）","effective_from":"2027-01-01"}`})
	if res.status != 201 {
		t.Fatalf("POST catalogue version: %d %s", res.status, res.body)
	}
	if got := createdAt(t, res, "version"); !got.Equal(w.clock.Now()) {
		t.Errorf("POST catalogue version: created_at %v, want now %v", got, w.clock.Now())
	}
}

// TestPurchaserRefusalKey: ENG-A1 refuses because of the organisation, not a
// field of the request, so its message is keyed goumai.FieldOrg ("_org"), on
// creation and on submission alike.
func TestPurchaserRefusalKey(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		projectWorld(t, w)
		staff := w.token(t, "xihu.minzheng")
		res := w.do(t, request{method: "POST", path: "/api/v1/projects", bearer: staff, body: mustJSON(t, projectBody(t, w, nil))})
		if res.status != 201 {
			t.Fatalf("create: %d %s", res.status, res.body)
		}
		id, v := idOf(t, res)
		// The bureau is reclassified as a 公益一类 institution, which may not purchase (O102 Art. 8).
		o := w.org(t, "杭州市西湖区民政局")
		res = w.do(t, request{method: "PUT", path: fmt.Sprintf("/api/v1/orgs/%d", o.ID), bearer: w.token(t, "xihu.admin"),
			body: orgBody(t, o, map[string]any{"kind": goumai.KindInstitution, "class": goumai.ClassPublicI})})
		if res.status != 200 {
			t.Fatalf("reclassify: %d %s", res.status, res.body)
		}
		staff = w.token(t, "xihu.minzheng") // the actor's organisation is read at sign-in
		for _, r := range []request{
			{method: "POST", path: "/api/v1/projects", bearer: staff, body: mustJSON(t, projectBody(t, w, nil))},
			{method: "POST", path: fmt.Sprintf("/api/v1/projects/%d/submit", id), bearer: staff, body: mustJSON(t, map[string]any{"version": v})},
		} {
			res := w.do(t, r)
			m := res.json(t)
			fields, _ := m["fields"].(map[string]any)
			if res.status != 422 || m["rule"] != "ENG-A1" || fields[goumai.FieldOrg] == nil || fields["purchaser"] != nil {
				t.Errorf("%s %s: %d rule %v fields %v; want 422 ENG-A1 keyed %s", r.method, r.path, res.status, m["rule"], fields, goumai.FieldOrg)
			}
		}
	})
}

// TestCatalogScheduledVersion: a version published for a later date is
// upcoming on the portal and in the API while the current one stays in force;
// at midnight of that date (Asia/Shanghai) they change places.
func TestCatalogScheduledVersion(t *testing.T) {
	w := demoWorld(t)
	_, zj2025, zj2026 := catalogWorld(t, w)
	rev, appr := w.token(t, "zj.reviewer"), w.token(t, "zj.approver")
	res := w.do(t, request{method: "POST", path: "/api/v1/catalog/versions", bearer: rev, body: `{"region":"330000","title":"2027年版","effective_from":"2027-01-01"}`})
	if res.status != 201 {
		t.Fatalf("draft: %d %s", res.status, res.body)
	}
	id := int64(res.json(t)["version"].(map[string]any)["id"].(float64))
	for _, step := range []struct{ tok, action string }{{rev, "submit"}, {appr, "publish"}} {
		res = w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/catalog/versions/%d/%s", id, step.action), bearer: step.tok, body: `{}`})
		if res.status != 200 {
			t.Fatalf("%s: %d %s", step.action, res.status, res.body)
		}
	}
	if st := res.json(t)["version"].(map[string]any)["status"]; st != "scheduled" {
		t.Errorf("published for 2027: status %v, want scheduled", st)
	}
	check := func(when string, want map[int64]string, inForce int64, upcoming bool) {
		t.Helper()
		res := w.do(t, request{method: "GET", path: "/api/v1/catalog/versions?region=330000"})
		got := map[int64]string{}
		for _, v := range res.json(t)["versions"].([]any) {
			m := v.(map[string]any)
			got[int64(m["id"].(float64))] = m["status"].(string)
		}
		for id, st := range want {
			if got[id] != st {
				t.Errorf("%s: version %d is %q, want %q", when, id, got[id], st)
			}
		}
		res = w.do(t, request{method: "GET", path: "/api/v1/catalog/lookup?region=330106&code=A0101"})
		if v := res.json(t)["version"].(map[string]any); int64(v["id"].(float64)) != inForce || v["status"] != "published" {
			t.Errorf("%s: lookup resolves in version %v (%v), want %d in force", when, v["id"], v["status"], inForce)
		}
		v, err := w.store.CatalogVersion(context.Background(), inForce)
		if err != nil {
			t.Fatal(err)
		}
		page := string(w.do(t, request{method: "GET", path: "/catalog?region=330000"}).body)
		if !strings.Contains(page, `<h2 id="in-force">`+v.Title+`</h2>`) {
			t.Errorf("%s: the portal does not show %q in force", when, v.Title)
		}
		if got := strings.Contains(page, `id="catalog-upcoming"`); got != upcoming {
			t.Errorf("%s: the portal shows the upcoming version: %v, want %v", when, got, upcoming)
		}
	}
	check("before the date", map[int64]string{id: "scheduled", zj2026: "published", zj2025: "superseded"}, zj2026, true)
	w.clock.Set(time.Date(2027, 1, 1, 0, 0, 0, 0, goumai.Shanghai).Add(-time.Second))
	check("a second before midnight", map[int64]string{id: "scheduled", zj2026: "published"}, zj2026, true)
	w.clock.Set(time.Date(2027, 1, 1, 0, 0, 0, 0, goumai.Shanghai))
	check("at midnight", map[int64]string{id: "published", zj2026: "superseded", zj2025: "superseded"}, id, false)
}
