package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestProjectHistoryPages: the demo's awarded 居家养老上门服务 has a public
// history — its notices and award among its events, each linked to its leaf
// and proof — on the page, its print view and the API, in Chinese and
// English; the public project page links to it.
func TestProjectHistoryPages(t *testing.T) {
	w := demoWorld(t)
	sc := contractDemo(t, w)
	if _, err := w.store.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	id := sc.p.ProjectID
	res := w.do(t, request{method: "GET", path: fmt.Sprintf("/api/v1/projects/%d/timeline", id)})
	if res.status != 200 {
		t.Fatalf("timeline: %d %s", res.status, res.body)
	}
	tl := res.json(t)["timeline"].(map[string]any)
	entries := tl["entries"].([]any)
	actions := map[string]bool{}
	for _, e := range entries {
		en := e.(map[string]any)
		ev := en["event"].(map[string]any)
		actions[ev["action"].(string)] = true
		if en["proof"] == nil {
			t.Errorf("event %v has no proof after the checkpoint", ev["id"])
		}
	}
	for _, a := range []string{"award.confirm", "project.approve", "notice.result"} {
		if !actions[a] {
			t.Errorf("no %s in the history: %v", a, actions)
		}
	}
	page := w.do(t, request{method: "GET", path: fmt.Sprintf("/projects/%d/history", id)})
	body := string(page.body)
	if page.status != 200 || !strings.Contains(body, "项目全过程公开记录") || strings.Count(body, `<tr id="ev-`) != len(entries) ||
		!strings.Contains(body, "/api/v1/log/proof/inclusion?leaf=") {
		t.Errorf("history page: %d, %d rows for %d events", page.status, strings.Count(body, `<tr id="ev-`), len(entries))
	}
	en := w.do(t, request{method: "GET", path: fmt.Sprintf("/projects/%d/history/print?lang=en", id)})
	if en.status != 200 || !strings.Contains(string(en.body), "Public history of the project") || !strings.Contains(string(en.body), "do-print") {
		t.Errorf("print view in English: %d", en.status)
	}
	pub := w.do(t, request{method: "GET", path: fmt.Sprintf("/projects/%d", id)})
	if !strings.Contains(string(pub.body), fmt.Sprintf(`href="/projects/%d/history"`, id)) {
		t.Error("the public project page does not link to its history")
	}
}
