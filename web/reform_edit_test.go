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

// TestReformFunctionEdit edits a 事业单位 function through the staff form: the
// reform page links to it for the region's finance department, bad input
// re-renders with bilingual field errors, another county's finance department
// and a purchaser are refused, a function whose budget has followed it keeps
// its name, and nothing is written on any refusal.
func TestReformFunctionEdit(t *testing.T) {
	w := demoWorld(t)
	withBudget(t, w)
	ctx := context.Background()
	fns, err := w.store.FindFunctions(ctx, sqlstore.FunctionFilter{Region: "330106", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var open, moved goumai.Function
	for _, f := range fns {
		switch {
		case f.Transferred && moved.ID == 0:
			moved = f
		case !f.Transferred && open.ID == 0:
			open = f
		}
	}
	if open.ID == 0 || moved.ID == 0 {
		t.Fatalf("demo functions: want one transferred and one not, got %+v", fns)
	}
	xihu, yuhang, purchaser := w.login(t, "xihu.reviewer"), w.login(t, "yuhang.reviewer"), w.login(t, "xihu.minzheng")
	edit := fmt.Sprintf("/staff/reform/functions/%d", open.ID)
	if res := w.do(t, request{method: "GET", path: "/reform?region=330106", session: xihu}); !strings.Contains(string(res.body), `href="`+edit+`/edit"`) {
		t.Errorf("reform page: no edit link for function %d", open.ID)
	}
	if res := w.do(t, request{method: "GET", path: edit + "/edit", session: xihu}); res.status != 200 ||
		!strings.Contains(string(res.body), `value="`+open.Name+`"`) || !strings.Contains(string(res.body), fmt.Sprintf(`value="%d.%02d"`, open.AnnualCost/100, open.AnnualCost%100)) {
		t.Errorf("edit page: %d, want the form filled in", res.status)
	}
	good := url.Values{"name": {open.Name + "（调整）"}, "catalog_code": {open.CatalogCode}, "funded_posts": {"1"}, "annual_cost": {"12,000.5"}}
	for _, c := range []struct {
		name   string
		r      request
		status int
		texts  []string
	}{
		{"another county reads", request{method: "GET", path: edit + "/edit", session: yuhang}, 403, nil},
		{"another county saves", request{method: "POST", path: edit, session: yuhang, csrf: true, form: good}, 403, nil},
		{"a purchaser saves", request{method: "POST", path: edit, session: purchaser, csrf: true, form: good}, 403, nil},
		{"no such function", request{method: "POST", path: "/staff/reform/functions/999999", session: xihu, csrf: true, form: good}, 404, nil},
		{"bad input (zh)", request{method: "POST", path: edit, session: xihu, csrf: true,
			form: url.Values{"name": {""}, "catalog_code": {"A0101"}, "funded_posts": {"2.5"}, "annual_cost": {"1.001"}}}, 422,
			[]string{"编制数应为整数", "年度经费（元）"}},
		{"bad input (en)", request{method: "POST", path: edit, session: xihu, csrf: true, header: inEnglish(xihu),
			form: url.Values{"name": {""}, "catalog_code": {""}, "funded_posts": {"-1"}, "annual_cost": {"5"}}}, 422,
			[]string{"name is required", "the guidance-catalogue code is required", "funded posts must be a whole number from 0 to 100000"}},
		{"renaming a transferred function", request{method: "POST", path: fmt.Sprintf("/staff/reform/functions/%d", moved.ID), session: xihu, csrf: true,
			form: url.Values{"name": {"改名"}, "catalog_code": {moved.CatalogCode}, "funded_posts": {"0"}, "annual_cost": {"0"}}}, 422,
			[]string{"名称和目录编码不能再改"}},
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
	}
	if got, err := w.store.Function(ctx, open.ID); err != nil || got != open {
		t.Errorf("refusals changed the function: %+v %v", got, err)
	}

	before := w.counts(t)
	res := w.do(t, request{method: "POST", path: edit, session: xihu, csrf: true, form: good})
	if want := fmt.Sprintf("/reform?region=330106&done=saved#function-%d", open.ID); res.status != 303 || res.header.Get("Location") != want {
		t.Fatalf("save: %d %q, want 303 to %s", res.status, res.header.Get("Location"), want)
	}
	got, err := w.store.Function(ctx, open.ID)
	if err != nil {
		t.Fatal(err)
	}
	if g, want := fmt.Sprint(got.Name, "|", got.CatalogCode, "|", got.FundedPosts, "|", int64(got.AnnualCost)), open.Name+"（调整）|"+open.CatalogCode+"|1|1200050"; g != want {
		t.Errorf("saved %s, want %s", g, want)
	}
	if after := w.counts(t); after.tree != before.tree+1 {
		t.Errorf("log grew by %d, want one event", after.tree-before.tree)
	}
}
