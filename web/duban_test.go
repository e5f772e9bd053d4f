package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestDubanJourney: on the demo world, 杭州市 issues a 督办 notice to 西湖区
// on its staff page, 西湖区 sees it on its to-do list and answers on the
// notice's page, 杭州市 sees the answer to review and returns it with 意见
// through the API, 西湖区 answers again through the API and 杭州市 closes it
// on the page. On the way: bad input refused field by field in both
// languages (422, nothing issued), the province (not directly above) cannot
// issue to the county (403 naming the region) nor read the notice (404), an
// empty answer is refused on the page with the field's error.
func TestDubanJourney(t *testing.T) {
	w := demoWorld(t)
	xihu, hz, zj := w.token(t, county), w.token(t, prefecture), w.token(t, province)
	call := jsonCaller(t, w)
	version := func(m map[string]any) int { return int(m["notice"].(map[string]any)["version"].(float64)) }
	todo := func(bearer, kind string) bool {
		t.Helper()
		return strings.Contains(string(w.do(t, request{method: "GET", path: "/api/v1/todo", bearer: bearer}).body), `"`+kind+`"`)
	}

	// Bad input: field errors in Chinese and English; the province cannot issue to a county.
	m := call(hz, "POST", "/api/v1/duban", map[string]any{"region": "330106", "text": " ", "days": 0}, http.StatusUnprocessableEntity)
	if f, _ := m["fields"].(map[string]any); f["text"] == nil || f["days"] == nil {
		t.Fatalf("bad input: %v", m)
	}
	if m := call(zj, "POST", "/api/v1/duban", map[string]any{"region": "330106", "text": "请整改", "days": 5}, http.StatusForbidden); m["fields"] == nil {
		t.Errorf("no field in the refusal: %v", m)
	}
	hzSess, xihuSess := w.login(t, prefecture), w.login(t, county)
	res := w.do(t, request{method: "POST", path: "/staff/duban", session: hzSess, csrf: true, form: url.Values{"region": {"330106"}, "text": {"请整改"}, "days": {"九十"}}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), "请填写工作日天数") {
		t.Fatalf("bad days on the page: %d", res.status)
	}
	if l := call(hz, "GET", "/api/v1/duban", nil, http.StatusOK); len(l["issued"].([]any)) != 0 {
		t.Fatalf("refused yet issued: %v", l)
	}

	// 杭州市 issues on its page (the form lists its counties), linked from its compliance ranking.
	if page := w.do(t, request{method: "GET", path: "/staff/compliance?from=2026-01&to=2026-03", session: hzSess}); page.status != http.StatusOK ||
		!strings.Contains(string(page.body), `id="cp-duban"`) {
		t.Errorf("no link from the compliance ranking: %d", page.status)
	}
	if page := w.do(t, request{method: "GET", path: "/staff/duban?region=330106", session: hzSess}); page.status != http.StatusOK ||
		!strings.Contains(string(page.body), `<option value="330106" selected>`) {
		t.Fatalf("issuer's page: %d", page.status)
	}
	res = w.do(t, request{method: "POST", path: "/staff/duban", session: hzSess, csrf: true, form: url.Values{"region": {"330106"},
		"text": {"西湖区目录内购买占比偏低，请说明原因并限期整改。"}, "days": {"10"}}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("issue on the page: %d %s", res.status, res.body)
	}
	var id int64
	if _, err := fmt.Sscanf(res.header.Get("Location"), "/staff/duban/%d", &id); err != nil {
		t.Fatalf("location %q", res.header.Get("Location"))
	}
	path := fmt.Sprintf("/api/v1/duban/%d", id)
	call(zj, "GET", path, nil, http.StatusNotFound)
	if l := call(xihu, "GET", "/api/v1/duban", nil, http.StatusOK); len(l["received"].([]any)) != 1 {
		t.Fatalf("received: %v", l)
	}
	if !todo(xihu, "todo.kind.duban_answer") {
		t.Error("not on the county's to-do list")
	}

	// 西湖区 answers on the page: an empty answer first.
	page := fmt.Sprintf("/staff/duban/%d", id)
	if p := w.do(t, request{method: "GET", path: page, session: xihuSess}); p.status != http.StatusOK || !strings.Contains(string(p.body), `id="db-answer-form"`) ||
		!strings.Contains(string(p.body), "10 个工作日") {
		t.Fatalf("county's page: %d", p.status)
	}
	v := version(call(xihu, "GET", path, nil, http.StatusOK))
	res = w.do(t, request{method: "POST", path: page, session: xihuSess, csrf: true, form: url.Values{"op": {"answer"}, "version": {fmt.Sprint(v)}, "answer": {" "}}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), `id="err-answer">必填`) {
		t.Fatalf("empty answer: %d", res.status)
	}
	res = w.do(t, request{method: "POST", path: page, session: xihuSess, csrf: true, form: url.Values{"op": {"answer"}, "version": {fmt.Sprint(v)}, "answer": {"已开展自查，本月内完成整改。"}}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("answer: %d %s", res.status, res.body)
	}

	// 杭州市 reviews: returns through the API, 西湖区 answers again, 杭州市 closes on the page.
	if !todo(hz, "todo.kind.duban_review") {
		t.Error("the answer is not on the issuer's to-do list")
	}
	m = call(hz, "GET", path, nil, http.StatusOK)
	call(xihu, "POST", path+"/decision", map[string]any{"version": version(m), "action": "close", "opinion": "自行办结"}, http.StatusForbidden)
	m = call(hz, "POST", path+"/decision", map[string]any{"version": version(m), "action": "return", "opinion": "请写明整改完成时限。"}, http.StatusOK)
	if m["notice"].(map[string]any)["status"] != "issued" || !todo(xihu, "todo.kind.duban_answer") {
		t.Fatalf("returned: %v", m)
	}
	m = call(xihu, "POST", path+"/answer", map[string]any{"version": version(m), "answer": "将于本月30日前完成整改。"}, http.StatusOK)
	if p := w.do(t, request{method: "GET", path: page, session: hzSess}); p.status != http.StatusOK || !strings.Contains(string(p.body), `id="db-decide"`) {
		t.Fatalf("issuer's page: %d", p.status)
	}
	res = w.do(t, request{method: "POST", path: page, session: hzSess, csrf: true, form: url.Values{"op": {"close"}, "version": {fmt.Sprint(version(m))}, "opinion": {"整改到位，同意办结。"}}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("close: %d %s", res.status, res.body)
	}
	if m := call(xihu, "GET", path, nil, http.StatusOK); m["notice"].(map[string]any)["status"] != "closed" || todo(xihu, "todo.kind.duban_answer") || todo(hz, "todo.kind.duban_review") {
		t.Fatalf("closed: %v", m)
	}
	call(xihu, "POST", path+"/answer", map[string]any{"version": version(m) + 2, "answer": "补充"}, http.StatusConflict)
	if l := w.do(t, request{method: "GET", path: "/staff/duban", session: xihuSess}); l.status != http.StatusOK || !strings.Contains(string(l.body), "西湖区目录内购买占比偏低") {
		t.Fatalf("county's list: %d", l.status)
	}
}
