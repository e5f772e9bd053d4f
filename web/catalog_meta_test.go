package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// inEnglish returns the header that asks for English pages for a signed-in
// session (the language cookie beside the session cookie).
func inEnglish(s *session) map[string]string {
	return map[string]string{"Cookie": langCookie + "=en; " + sessionCookie + "=" + s.token}
}

// TestCatalogDraftMetaForm edits a draft's title, note and effective date
// through the staff form: bad input re-renders with bilingual field errors and
// writes nothing, a county cannot touch the province's draft, and good input
// is saved through the same use case as the API's PUT.
func TestCatalogDraftMetaForm(t *testing.T) {
	w := demoWorld(t)
	catalogWorld(t, w)
	rev, county := w.login(t, "zj.reviewer"), w.login(t, "xihu.reviewer")
	res := w.do(t, request{method: "POST", path: "/staff/catalog/versions", session: rev, csrf: true,
		form: url.Values{"region": {"330000"}, "title": {"2027年版（征求意见稿）"}, "effective_from": {"2027-01-01"}}})
	if res.status != 303 {
		t.Fatalf("create draft: %d %s", res.status, res.body)
	}
	ctx := context.Background()
	vs, err := w.store.FindCatalogVersions(ctx, sqlstore.VersionFilter{Region: "330000"})
	if err != nil || len(vs) == 0 || vs[0].Status != "draft" {
		t.Fatalf("no draft: %v", err)
	}
	id := vs[0].ID
	page := fmt.Sprintf("/staff/catalog/versions/%d", id)
	if res := w.do(t, request{method: "GET", path: page, session: rev}); res.status != 200 ||
		!strings.Contains(string(res.body), `action="`+page+`/meta"`) || !strings.Contains(string(res.body), `value="2027-01-01"`) {
		t.Fatalf("draft page: %d, want the metadata form filled in", res.status)
	}

	bad := url.Values{"title": {" "}, "note": {"说明"}, "effective_from": {"2027-13-01"}}
	for _, c := range []struct {
		name   string
		r      request
		status int
		texts  []string
	}{
		{"bad input (zh)", request{method: "POST", path: page + "/meta", session: rev, csrf: true, form: bad}, 422,
			[]string{"请填写版本标题", "生效日期须为 YYYY-MM-DD", `value="2027-13-01"`}},
		{"bad input (en)", request{method: "POST", path: page + "/meta", session: rev, csrf: true, form: bad, header: inEnglish(rev)}, 422,
			[]string{"title is required", "effective date must be YYYY-MM-DD", "Draft details"}},
		{"county edits the province's draft", request{method: "POST", path: page + "/meta", session: county, csrf: true,
			form: url.Values{"title": {"x"}, "effective_from": {"2027-01-01"}}}, 404, nil},
		{"without CSRF", request{method: "POST", path: page + "/meta", session: rev, form: url.Values{"title": {"x"}}}, 403, nil},
	} {
		before := w.counts(t)
		res := w.do(t, c.r)
		if res.status != c.status {
			t.Fatalf("%s: %d, want %d\n%s", c.name, res.status, c.status, res.body)
		}
		for _, text := range c.texts {
			if !strings.Contains(string(res.body), text) {
				t.Errorf("%s: no %q", c.name, text)
			}
		}
		if after := w.counts(t); after != before {
			t.Errorf("%s wrote: %+v → %+v", c.name, before, after)
		}
		if v, err := w.store.CatalogVersion(ctx, id); err != nil || v.Title != "2027年版（征求意见稿）" {
			t.Errorf("%s changed the draft: %q %v", c.name, v.Title, err)
		}
	}

	before := w.counts(t)
	res = w.do(t, request{method: "POST", path: page + "/meta", session: rev, csrf: true,
		form: url.Values{"title": {"2027年版（送审稿）"}, "note": {"吸收公众建议"}, "effective_from": {"2027-03-01"}}})
	if res.status != 303 || res.header.Get("Location") != page+"?done=saved" {
		t.Fatalf("save: %d %s", res.status, res.header.Get("Location"))
	}
	v, err := w.store.CatalogVersion(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(v.Title, "|", v.Note, "|", v.EffectiveFrom.In(goumai.Shanghai).Format("2006-01-02")), "2027年版（送审稿）|吸收公众建议|2027-03-01"; got != want {
		t.Errorf("saved %s, want %s", got, want)
	}
	if after := w.counts(t); after.tree != before.tree+1 {
		t.Errorf("log grew by %d, want one event", after.tree-before.tree)
	}
}
