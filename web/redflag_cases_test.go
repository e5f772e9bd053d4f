package web

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/goumai/goumai/sqlstore/sqltest"
)

// TestRedFlagJourney is the follow-up of a red flag through HTTP, without a
// browser: the county's finance reviewer finds the flag on the dashboard and
// sends it (bad input first: field-level errors, nothing written); the
// purchaser finds it on its to-do list and answers with an attachment; the
// province's auditor reads the evidence and records the outcome (justified)
// with an opinion; the public then reads the closed case and the counts on
// the portal, in Chinese and English.
func TestRedFlagJourney(t *testing.T) {
	w := demoWorld(t)
	buyer := w.org(t, "杭州市西湖区民政局")
	id := sqltest.InsertRedFlag(t, w.store, "ENG-C3", "ocds-gm0000-9901", "330106", buyer.ID)
	api := fmt.Sprintf("/api/v1/redflags/%d", id)
	page := fmt.Sprintf("/staff/redflags/%d", id)
	reviewer, auditor, staff := w.login(t, "xihu.reviewer"), w.login(t, "auditor.zj"), w.token(t, "xihu.minzheng")

	// The dashboard: the county's reviewer sees the flag not followed up.
	res := w.do(t, request{method: "GET", path: "/api/v1/redflags?indicator=ENG-C3&status=none", bearer: w.token(t, "xihu.reviewer")})
	if res.status != 200 || !strings.Contains(string(res.body), "ocds-gm0000-9901") {
		t.Fatalf("dashboard: %d %s", res.status, res.body)
	}
	if res := w.do(t, request{method: "GET", path: "/staff/redflags?status=none", session: reviewer}); res.status != 200 ||
		!strings.Contains(string(res.body), "ocds-gm0000-9901") || !strings.Contains(string(res.body), `id="rf-by-region"`) {
		t.Fatalf("dashboard page: %d", res.status)
	}
	if res := w.do(t, request{method: "GET", path: "/api/v1/redflags?status=lost&limit=x"}); res.status != 422 ||
		!strings.Contains(string(res.body), `"limit"`) {
		t.Errorf("bad filters: %d %s", res.status, res.body)
	}
	for _, who := range []string{"", staff} {
		if res := w.do(t, request{method: "GET", path: api, bearer: who}); res.status != 404 {
			t.Errorf("an unsent flag read by %q: %d", who, res.status)
		}
	}

	// Send: bad input changes nothing; then the form sends it.
	size := w.treeSize(t)
	res = w.do(t, request{method: "POST", path: api + "/send", bearer: w.token(t, "xihu.reviewer"), body: `{"request":"","days":99}`})
	if res.status != 422 || !strings.Contains(string(res.body), `"request"`) || !strings.Contains(string(res.body), `"days"`) {
		t.Fatalf("bad send: %d %s", res.status, res.body)
	}
	if res := w.do(t, request{method: "POST", path: page + "/send", session: reviewer, csrf: true, form: url.Values{"request": {""}, "days": {"5"}}}); res.status != 422 ||
		!strings.Contains(string(res.body), `id="form-error"`) {
		t.Fatalf("bad send form: %d", res.status)
	}
	if w.treeSize(t) != size {
		t.Fatal("a refused send wrote events")
	}
	res = w.do(t, request{method: "POST", path: page + "/send", session: reviewer, csrf: true,
		form: url.Values{"request": {"请说明同一预算项目分散采购的原因"}, "days": {"5"}}})
	if res.status != 303 {
		t.Fatalf("send form: %d %s", res.status, res.body)
	}

	// The purchaser has it to do, reads it and answers with an attachment.
	res = w.do(t, request{method: "GET", path: "/api/v1/todo", bearer: staff})
	if !strings.Contains(string(res.body), "todo.kind.redflag_explain") || !strings.Contains(string(res.body), page) {
		t.Fatalf("purchaser's to-do: %s", res.body)
	}
	if res := w.do(t, request{method: "GET", path: page, session: w.login(t, "xihu.minzheng")}); res.status != 200 || !strings.Contains(string(res.body), `id="answer-form"`) {
		t.Fatalf("purchaser's page: %d", res.status)
	}
	pdf := base64.StdEncoding.EncodeToString([]byte("%PDF-1.4 预算分批下达的批复"))
	res = w.do(t, request{method: "POST", path: api + "/answer", bearer: staff,
		body: `{"version":1,"answer":"预算分三批下达，分别采购","files":[{"name":"批复.pdf","content":"` + pdf + `"}]}`})
	if res.status != 200 || res.json(t)["case"].(map[string]any)["status"] != "answered" {
		t.Fatalf("answer: %d %s", res.status, res.body)
	}
	sha := res.json(t)["case"].(map[string]any)["files"].([]any)[0].(map[string]any)["sha256"].(string)
	if res := w.do(t, request{method: "GET", path: api + "/files/" + sha, bearer: staff}); res.status != 200 {
		t.Errorf("the purchaser's attachment: %d", res.status)
	}

	// The province's auditor reads the evidence and records the outcome.
	res = w.do(t, request{method: "GET", path: page, session: auditor})
	body := string(res.body)
	for _, s := range []string{`href="/ocds/releases/ocds-gm0000-9901"`, `href="/log/events/1"`, `href="/projects/9901"`, `id="close-form"`, "预算分三批下达"} {
		if !strings.Contains(body, s) {
			t.Errorf("the auditor's page lacks %s", s)
		}
	}
	if res := w.do(t, request{method: "POST", path: page + "/close", session: auditor, csrf: true, form: url.Values{"version": {"2"}, "outcome": {"justified"}}}); res.status != 422 {
		t.Fatalf("close without an opinion: %d", res.status)
	}
	res = w.do(t, request{method: "POST", path: page + "/close", session: auditor, csrf: true,
		form: url.Values{"version": {"2"}, "outcome": {"justified"}, "opinion": {"说明合理，予以认可"}}})
	if res.status != 303 {
		t.Fatalf("close: %d %s", res.status, res.body)
	}

	// The public reads the closed case and the counts.
	res = w.do(t, request{method: "GET", path: "/redflags"})
	body = string(res.body)
	for _, s := range []string{"ocds-gm0000-9901", "合理说明", "预算分三批下达", "说明合理，予以认可", `id="rf-by-region"`, "杭州市西湖区民政局"} {
		if !strings.Contains(body, s) {
			t.Errorf("the portal lacks %s", s)
		}
	}
	if strings.Contains(body, sha) {
		t.Error("the portal links the attachment")
	}
	if res := w.do(t, request{method: "GET", path: "/redflags?lang=en"}); !strings.Contains(string(res.body), "Justified") {
		t.Error("the English portal lacks the outcome")
	}
	res = w.do(t, request{method: "GET", path: api})
	if res.status != 200 || !strings.Contains(string(res.body), `"justified"`) || strings.Contains(string(res.body), sha) {
		t.Errorf("the public's flag: %d %s", res.status, res.body)
	}
	res = w.do(t, request{method: "GET", path: "/api/v1/redflags/counts?region=330106"})
	if res.status != 200 || res.json(t)["by_region"].([]any)[0].(map[string]any)["justified"] != 1.0 {
		t.Errorf("counts: %d %s", res.status, res.body)
	}
	if res := w.do(t, request{method: "GET", path: api + "/files/" + sha, bearer: w.token(t, "supplier.kangning")}); res.status != 404 {
		t.Errorf("a supplier reads the attachment: %d", res.status)
	}
}
