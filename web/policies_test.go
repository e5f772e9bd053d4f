package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// TestPolicyPages: the library loaded, searched in Chinese on the portal and
// through the API (in both languages), a document's page with both sides of
// its supersedes link, its print view, and a new version through the staff
// form — refused with field errors and nothing changed when the input is bad.
func TestPolicyPages(t *testing.T) {
	w := demoWorld(t) // the demo loads the library (demo.LoadPolicies)
	s := w.store
	ctx := context.Background()
	if n, err := w.svc.LoadPolicyLibrary(ctx, goumai.System); err != nil || n != 0 {
		t.Fatalf("the demo's library is incomplete: %d added, %v", n, err)
	}
	o102, _ := s.PolicyByNumber(ctx, goumai.NationalCode, "财政部令第102号")
	cz96, _ := s.PolicyByNumber(ctx, goumai.NationalCode, "财综〔2014〕96号")

	res := w.do(t, request{method: "GET", path: "/policies?q=" + url.QueryEscape("培训宣传")})
	if res.status != 200 || !strings.Contains(string(res.body), "财综〔2013〕111号") || strings.Contains(string(res.body), "财政部令第102号") {
		t.Fatalf("search page: %d", res.status)
	}
	res = w.do(t, request{method: "GET", path: "/policies?q=" + url.QueryEscape(`"购买" OR *`) + "&lang=en"})
	if res.status != 422 || !strings.Contains(string(res.body), "must not contain the character") {
		t.Fatalf("bad search: %d %s", res.status, res.body)
	}
	res = w.do(t, request{method: "GET", path: fmt.Sprintf("/policies/%d", o102.ID)})
	if body := string(res.body); res.status != 200 || !strings.Contains(body, `id="policy-supersedes"`) || !strings.Contains(body, "财综〔2014〕96号") {
		t.Fatalf("o102 page: %d %s", res.status, res.body)
	}
	res = w.do(t, request{method: "GET", path: fmt.Sprintf("/policies/%d?lang=en", cz96.ID)})
	if body := string(res.body); res.status != 200 || !strings.Contains(body, "Superseded by") || !strings.Contains(body, "Repealed") {
		t.Fatalf("cz96 page: %d", res.status)
	}
	res = w.do(t, request{method: "GET", path: fmt.Sprintf("/policies/%d/print", o102.ID)})
	if body := string(res.body); res.status != 200 || !strings.Contains(body, `id="print-header"`) || !strings.Contains(body, "以事定费") {
		t.Fatalf("print: %d", res.status)
	}
	res = w.do(t, request{method: "GET", path: "/api/v1/policies?q=" + url.QueryEscape("两头占")})
	if m := res.json(t); res.status != 200 || len(m["policies"].([]any)) != 1 {
		t.Fatalf("API search: %d %s", res.status, res.body)
	}
	res = w.do(t, request{method: "GET", path: fmt.Sprintf("/api/v1/policies/%d", cz96.ID)})
	if m := res.json(t); res.status != 200 || len(m["superseded_by"].([]any)) != 1 {
		t.Fatalf("API document: %d %s", res.status, res.body)
	}

	// The public section: plain language citing the founding notice, live figures, the latest documents.
	for _, lang := range []string{"zh", "en"} {
		res = w.do(t, request{method: "GET", path: "/about?lang=" + lang})
		body := string(res.body)
		if res.status != 200 || !strings.Contains(body, `id="about-figures-table"`) || !strings.Contains(body, "111") || !strings.Contains(body, `id="about-latest"`) {
			t.Fatalf("about (%s): %d", lang, res.status)
		}
	}
	figs, err := s.PublicFigures(ctx)
	if err != nil || len(figs) != 5 || figs[4].Kind != "policy" || figs[4].Count < 7 {
		t.Fatalf("figures: %+v %v", figs, err)
	}

	// A new version of the province's document through the staff form.
	zj := w.login(t, "zj.admin")
	d, err := w.svc.AddPolicy(ctx, w.actor(t, "zj.admin"), policyInputFor("330000", "浙财综〔2026〕5号"))
	if err != nil {
		t.Fatal(err)
	}
	tree := w.treeSize(t)
	res = w.do(t, request{method: "POST", path: fmt.Sprintf("/staff/policies/%d/versions", d.ID), session: zj, csrf: true,
		form: url.Values{"version": {"1"}, "body": {""}, "note": {""}, "effective_on": {"2026-02-30"}}})
	if body := string(res.body); res.status != 422 || !strings.Contains(body, `id="err-note"`) || !strings.Contains(body, "请说明本版本的修改内容") {
		t.Fatalf("bad version: %d", res.status)
	}
	if w.treeSize(t) != tree {
		t.Fatal("a refused version wrote events")
	}
	res = w.do(t, request{method: "POST", path: fmt.Sprintf("/staff/policies/%d/versions", d.ID), session: zj, csrf: true,
		form: url.Values{"version": {"1"}, "body": {"第一条 新的正文。"}, "note": {"修订第一条"}}})
	if res.status != 303 {
		t.Fatalf("version: %d %s", res.status, res.body)
	}
	res = w.do(t, request{method: "GET", path: fmt.Sprintf("/policies/%d", d.ID)})
	if body := string(res.body); !strings.Contains(body, `id="policy-versions"`) || !strings.Contains(body, "修订第一条") {
		t.Fatalf("versions not shown")
	}
	vs, err := s.PolicyVersions(ctx, d.ID)
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions: %v %v", vs, err)
	}
}

func policyInputFor(region, number string) workflow.PolicyInput {
	return workflow.PolicyInput{TitleZH: "实施细则", Number: number, Authority: "浙江省财政厅", Region: region, IssuedOn: "2026-01-05", Body: "第一条 旧的正文。"}
}
