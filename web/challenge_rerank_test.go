package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/goumai/goumai"
)

// TestChallengeRerankPages: the demo's 磋商 whose award an upheld challenge
// changed (另行确定, ENG-D8) shows, in Chinese and English, the answer with
// the supplier whose award fell, and its second result notice says which it
// replaces. Through the answer form: a rerank naming no supplier re-renders
// with the field's error (422); 浙江之江 challenges the second result notice
// and 中诚 upholds it naming 夕阳红 — with only 之江 left (ENG-E3) the
// procedure fails (废标), and the page shows the second rerank.
func TestChallengeRerankPages(t *testing.T) {
	w := demoWorld(t)
	ctx := context.Background()
	p := enquiryDemoProcedure(t, w, goumai.ProcAwarded, "居家养老上门服务")
	page := idPath("/procurements/", p.ID, "/challenges")
	agency, zhijiang := w.login(t, "agency.zhongcheng"), w.login(t, "supplier.zhijiang")
	show := func(s *session, path, lang string) string { t.Helper(); return pageIn(t, w, s, path, lang) }
	ns, err := w.store.Notices(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	results := slices.DeleteFunc(ns, func(n goumai.Notice) bool { return n.Kind != goumai.NoticeResult })
	if len(results) != 2 {
		t.Fatalf("the demo's result notices: %+v", results)
	}
	for lang, want := range map[string][2]string{"zh": {"依法另行确定中标（成交）供应商", "杭州康宁养老服务有限公司的投标无效"},
		"en": {"award to the next ranked candidate", "the bid of 杭州康宁养老服务有限公司 is set aside"}} {
		if body := show(nil, page, lang); !strings.Contains(body, want[0]) || !strings.Contains(body, want[1]) {
			t.Errorf("the challenges page (%s) does not show the rerank: %q, %q", lang, want[0], want[1])
		}
		if body := show(nil, idPath("/notices/", results[1].ID, ""), lang); !strings.Contains(body, `class="nb-replaces"`) ||
			!strings.Contains(body, p.Code+"-"+strconv.Itoa(results[0].Number)) || !strings.Contains(body, "宁波市鄞州区夕阳红养老服务中心") {
			t.Errorf("the second result notice (%s) does not say it replaces the first", lang)
		}
	}

	// 浙江之江 challenges the second result notice; 中诚 answers through the page.
	res := w.do(t, request{method: "POST", path: page, session: zhijiang, csrf: true, form: url.Values{"notice_id": {strconv.FormatInt(results[1].ID, 10)},
		"claims": {"新成交供应商夕阳红的服务人员同样不足，请求认定其响应无效。"}}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("the challenge of the second result notice: %d %s", res.status, firstLine(res.body))
	}
	l, err := w.svc.Challenges(ctx, goumai.Actor{}, p.ID)
	if err != nil || len(l.Challenges) != 2 {
		t.Fatalf("challenges: %+v %v", l, err)
	}
	if body := show(agency, page, "en"); !strings.Contains(body, `name="set_aside_org_id"`) || !strings.Contains(body, ">宁波市鄞州区夕阳红养老服务中心</option>") {
		t.Error("the answer form offers no supplier to set aside")
	}
	answer := page + "/" + strconv.FormatInt(l.Challenges[1].ID, 10) + "/answer"
	xiyanghong := w.org(t, "宁波市鄞州区夕阳红养老服务中心")
	res = w.do(t, request{method: "POST", path: answer, session: agency, csrf: true, form: url.Values{"verdict": {"upheld"}, "outcome": {"rerank"}, "reasons": {"成立。"}}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), "请选择其结果被撤销的中标（成交）供应商") {
		t.Fatalf("a rerank naming nobody: %d %s", res.status, firstLine(res.body))
	}
	// The JSON API decodes set_aside_org_id strictly and keys its refusal by it.
	api := "/api/v1/challenges/" + strconv.FormatInt(l.Challenges[1].ID, 10) + "/answer"
	res = w.do(t, request{method: "POST", path: api, bearer: w.token(t, "agency.zhongcheng"),
		body: `{"verdict":"upheld","outcome":"rerank","set_aside_org_id":0,"reasons":"成立。"}`})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), `"set_aside_org_id"`) {
		t.Fatalf("the API's rerank naming nobody: %d %s", res.status, res.body)
	}
	res = w.do(t, request{method: "POST", path: answer, session: agency, csrf: true, form: url.Values{"verdict": {"upheld"}, "outcome": {"rerank"},
		"set_aside_org_id": {strconv.FormatInt(xiyanghong.ID, 10)}, "reasons": {"经核查，夕阳红拟派人员证书不全，质疑成立；其余合格供应商不足两家。"}}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("the rerank answer: %d %s", res.status, firstLine(res.body))
	}
	if q, err := w.svc.Procurement(ctx, goumai.Actor{}, p.ID); err != nil || q.Status != goumai.ProcFailed {
		t.Fatalf("after a rerank leaving one supplier (ENG-E3): %s %v", q.Status, err)
	}
	if body := show(nil, page, "en"); !strings.Contains(body, "the bid of 宁波市鄞州区夕阳红养老服务中心 is set aside") {
		t.Error("the second rerank is not shown")
	}
	if as, err := w.store.Awards(ctx, p.ID); err != nil || len(as) != 0 {
		t.Errorf("awards after the failure: %+v %v", as, err)
	}
}
