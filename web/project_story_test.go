package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/goumai/goumai/sqlstore"
)

// demoProjectID is the id of the demo's project titled title.
func demoProjectID(t *testing.T, w *world, title string) int64 {
	t.Helper()
	ps, err := w.store.FindProjects(context.Background(), sqlstore.ProjectFilter{Query: title, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Title == title {
			return p.ID
		}
	}
	t.Fatalf("no project %s", title)
	return 0
}

var (
	storyHrefRE  = regexp.MustCompile(`href="([^"]+)"`)
	storyEntryRE = regexp.MustCompile(`<tr id="story-ev-(\d+)" class="story-entry" data-action="([a-z_.]+)">`)
)

// storyPart is the story's part of a project page.
func storyPart(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, `id="story"`)
	if i < 0 {
		t.Fatalf("no story on the page")
	}
	return body[i:]
}

// TestPublicProjectStory (issue 11 item 5): the page of the demo's 独居老人探访
// project, which went through procurement, contract, acceptance and payment,
// tells its whole public story: every public event in time order, each with a
// working public page and log entry, its notices and documents, the OCDS
// downloads; the print view, 关怀版 and English render; nothing private shows.
func TestPublicProjectStory(t *testing.T) { eachDemo(t, testPublicProjectStory) }

func testPublicProjectStory(t *testing.T, w *world) {
	ctx := context.Background()
	id := demoProjectID(t, w, "2026年西湖区独居老人探访关爱服务")
	path := fmt.Sprintf("/projects/%d", id)
	res := w.do(t, request{method: "GET", path: path})
	if res.status != 200 {
		t.Fatalf("GET %s: %d", path, res.status)
	}
	body := string(res.body)
	for _, want := range []string{`id="public-project"`, `id="project-status"`, `id="supplier-conditions"`, `id="evaluation-standards"`, `id="history-link"`,
		`id="print-link"`, `id="story-timeline"`, `<caption>`, `scope="col"`, `scope="row"`, `<time datetime="2026-`, "项目全过程", "公告与文件", "开放数据（OCDS）"} {
		if !strings.Contains(body, want) {
			t.Errorf("the project page lacks %s", want)
		}
	}
	story := storyPart(t, body)

	// Every public event of the project, in log order, and only those.
	evs, err := w.store.ProjectTimeline(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	rows := storyEntryRE.FindAllStringSubmatch(story, -1)
	if len(rows) != len(evs) {
		t.Fatalf("%d timeline rows for %d public events", len(rows), len(evs))
	}
	actions := map[string]bool{}
	for i, r := range rows {
		if r[1] != fmt.Sprint(evs[i].ID) {
			t.Errorf("row %d is event %s, want %d (log order)", i, r[1], evs[i].ID)
		}
		if !evs[i].Public {
			t.Errorf("event %d is not public", evs[i].ID)
		}
		actions[r[2]] = true
	}
	for _, a := range []string{"project.approve", "procurement.publish", "notice.opening", "notice.result", "award.confirm",
		"notice.contract", "contract.signed", "notice.acceptance", "payment.paid"} {
		if !actions[a] {
			t.Errorf("no %s on the timeline: %v", a, actions)
		}
	}
	for _, want := range []string{"/notices/", "/procurements/", "/contracts/", "/log/events/", "/ocds/releases/", "/ocds/records/", `href="/data"`} {
		if !strings.Contains(story, want) {
			t.Errorf("the story links to no %s", want)
		}
	}
	if strings.Count(story, `class="story-notice"`) < 4 {
		t.Errorf("the story lists %d notices, want the procedure's, opening, result, contract and acceptance notices", strings.Count(story, `class="story-notice"`))
	}

	// Every link of the story works for the anonymous public.
	seen := map[string]bool{}
	for _, m := range storyHrefRE.FindAllStringSubmatch(story, -1) {
		link := html.UnescapeString(m[1])
		if seen[link] || strings.HasPrefix(link, "/prefs") {
			continue
		}
		seen[link] = true
		r := w.do(t, request{method: "GET", path: link})
		if r.status != 200 {
			t.Errorf("GET %s (linked from the story): %d", link, r.status)
			continue
		}
		if strings.HasPrefix(link, "/ocds/") {
			var pkg map[string]any
			if err := json.Unmarshal(r.body, &pkg); err != nil || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
				t.Errorf("GET %s: not JSON (%s): %v", link, r.header.Get("Content-Type"), err)
			} else if pkg["releases"] == nil && pkg["records"] == nil {
				t.Errorf("GET %s: neither releases nor records", link)
			}
		}
	}
	if len(seen) < len(evs) {
		t.Errorf("%d distinct links for %d events", len(seen), len(evs))
	}

	// The project API tells the same story.
	api := w.do(t, request{method: "GET", path: fmt.Sprintf("/api/v1/projects/%d", id)})
	if api.status != 200 {
		t.Fatalf("the project API: %d", api.status)
	}
	js, _ := api.json(t)["story"].(map[string]any)
	if entries, _ := js["entries"].([]any); len(entries) != len(evs) || js["record_package"] != "/ocds/records/"+js["ocid"].(string) {
		t.Errorf("the API's story: %d entries for %d events, record package %v", len(entries), len(evs), js["record_package"])
	} else if e := entries[len(entries)-1].(map[string]any); e["action"] != "payment.paid" || e["page"] == nil || e["log"] != fmt.Sprintf("/log/events/%d", evs[len(evs)-1].ID) {
		t.Errorf("the API's last entry: %v", e)
	}

	// The print view, the English page and 关怀版.
	pr := w.do(t, request{method: "GET", path: path + "/print?lang=en"})
	if pr.status != 200 || !strings.Contains(string(pr.body), "do-print") || !strings.Contains(string(pr.body), "The whole process") ||
		!strings.Contains(string(pr.body), `id="story-timeline"`) || !strings.Contains(string(pr.body), `id="supplier-conditions"`) {
		t.Errorf("the print view in English: %d", pr.status)
	}
	en := w.do(t, request{method: "GET", path: path + "?lang=en"})
	for _, want := range []string{"The whole process", "Notices and documents", "Open data (OCDS)", "Download the record package", "Contract notice", "Award (result) notice"} {
		if !strings.Contains(string(en.body), want) {
			t.Errorf("the English page lacks %q", want)
		}
	}
	care := w.do(t, request{method: "GET", path: path, header: map[string]string{"Cookie": "goumai_font=xlarge; goumai_contrast=high"}})
	if care.status != 200 || !strings.Contains(string(care.body), `class="font-xlarge contrast-high"`) {
		t.Errorf("关怀版: %d", care.status)
	}
}

// TestPublicProjectStoryPrivate: a project whose procedure is still open
// shows no bid (nor any price of one) on its story; a draft is not found,
// its print view neither.
func TestPublicProjectStoryPrivate(t *testing.T) { eachDemo(t, testPublicProjectStoryPrivate) }

func testPublicProjectStoryPrivate(t *testing.T, w *world) {
	id := demoProjectID(t, w, "2026年西湖区困境儿童关爱保护服务")
	res := w.do(t, request{method: "GET", path: fmt.Sprintf("/projects/%d?lang=en", id)})
	if res.status != 200 {
		t.Fatalf("GET: %d", res.status)
	}
	story := storyPart(t, string(res.body))
	if strings.Contains(story, `data-action="bid.`) || strings.Contains(story, "Opened bid") || strings.Contains(story, "price") {
		t.Error("the story of an unopened procedure shows a bid")
	}
	if !strings.Contains(story, `data-action="notice.tender"`) {
		t.Error("the story lacks the procedure's notice")
	}
	draft := demoProjectID(t, w, "2026年居家养老服务第三方绩效评价")
	// Its purchaser reads the draft through the API, without a public story.
	if r := w.do(t, request{method: "GET", path: fmt.Sprintf("/api/v1/projects/%d", draft), bearer: w.token(t, "xihu.minzheng")}); r.status != 200 {
		t.Errorf("the draft through the API for its purchaser: %d", r.status)
	} else if r.json(t)["story"] != nil {
		t.Error("a draft has a public story")
	}
	for _, p := range []string{"", "/print"} {
		if r := w.do(t, request{method: "GET", path: fmt.Sprintf("/projects/%d%s", draft, p)}); r.status != 404 {
			t.Errorf("the draft's page%s: %d, want 404", p, r.status)
		}
	}
}
