package web

import (
	"fmt"
	"strings"
	"testing"
)

// TestReviewChainsBelow lists on the configuration page the chains configured
// for the regions below the administrator's: the province and the city see
// the county's chain, a sibling county does not and cannot delete it, and the
// province may delete it from that list.
func TestReviewChainsBelow(t *testing.T) {
	w := demoWorld(t)
	res := w.do(t, request{method: "POST", path: "/api/v1/review-chains", bearer: w.token(t, "zj.admin"),
		body: `{"region":"330106","min_amount":200000000,"steps":[{"name":"省厅复核","role":"finance_approver","where":"finance_parent"}]}`})
	if res.status != 200 {
		t.Fatalf("set chain: %d %s", res.status, res.body)
	}
	id := int64(res.json(t)["chain"].(map[string]any)["id"].(float64))
	row := fmt.Sprintf(`<tr id="chain-%d">`, id)
	for _, c := range []struct {
		user    string
		en      bool
		inBelow bool
		text    string
	}{
		{"zj.admin", false, true, "下级区划的审核流程"},
		{"zj.admin", true, true, "Chains of the regions below"},
		{"hz.admin", false, true, "省厅复核"},
		{"xihu.admin", false, false, "下级区划未单独配置审核流程。"}, // its own chain is in the first table
		{"yuhang.admin", false, false, "下级区划未单独配置审核流程。"},
	} {
		s := w.login(t, c.user)
		r := request{method: "GET", path: "/staff/review-config", session: s}
		if c.en {
			r.header = inEnglish(s)
		}
		res := w.do(t, r)
		body := string(res.body)
		below := body[strings.Index(body, `id="chains-below"`)+1:]
		if res.status != 200 || strings.Contains(below, row) != c.inBelow || !strings.Contains(body, c.text) {
			t.Errorf("%s (en %v): %d, chain listed below %v, want %v with %q", c.user, c.en, res.status, strings.Contains(below, row), c.inBelow, c.text)
		}
	}
	del := fmt.Sprintf("/staff/review-config/chains/%d/delete", id)
	before := w.counts(t)
	if res := w.do(t, request{method: "POST", path: del, session: w.login(t, "yuhang.admin"), csrf: true}); res.status != 403 {
		t.Errorf("sibling county deletes: %d, want 403", res.status)
	}
	if after := w.counts(t); after != before {
		t.Errorf("refused delete wrote: %+v → %+v", before, after)
	}
	if res := w.do(t, request{method: "POST", path: del, session: w.login(t, "zj.admin"), csrf: true}); res.status != 303 {
		t.Errorf("province deletes: %d, want 303", res.status)
	}
	if res := w.do(t, request{method: "GET", path: "/staff/review-config", session: w.login(t, "zj.admin")}); strings.Contains(string(res.body), row) {
		t.Errorf("deleted chain still listed")
	}
}
