package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/goumai/goumai/sqlstore/sqltest"
)

// TestSplittingRedFlagPage: the red-flag page of the region's finance staff
// and auditors shows the demo's 化整为零 group — the two halves of one
// evaluation, the training and the skill rating, under one line, together
// above the threshold
// — with its figures, in Chinese and English; the county next door sees none.
func TestSplittingRedFlagPage(t *testing.T) {
	w := demoWorld(t)
	for _, c := range []struct {
		user, lang string
		want       []string
	}{
		{"auditor.zj", "zh", []string{"化整为零", "2026年养老服务体系建设", "4,800,000.00", "4,000,000.00", "养老服务质量第三方评估（上半年）", "养老服务质量第三方评估（下半年）", "养老服务人才培训"}},
		{"xihu.reviewer", "en", []string{"Splitting to evade open tender", "4,800,000.00", "（下半年）"}},
	} {
		res := w.do(t, request{method: "GET", path: "/staff/projects/redflags?lang=" + c.lang, session: w.login(t, c.user)})
		body := string(res.body)
		if res.status != 200 {
			t.Fatalf("%s: %d", c.user, res.status)
		}
		split := body[strings.Index(body, `id="splitting"`):]
		for _, s := range c.want {
			if !strings.Contains(body, s) || (s != "化整为零" && s != "Splitting to evade open tender" && !strings.Contains(split, s)) {
				t.Errorf("%s (%s): the page lacks %q in the 化整为零 table", c.user, c.lang, s)
			}
		}
		if strings.Contains(split, "智慧养老服务平台运营") || strings.Contains(split, "失智老人专业照护服务") {
			t.Errorf("%s: a procedure at or above the threshold (judged by its own approval) is in the 化整为零 table", c.user)
		}
	}
	api := w.do(t, request{method: "GET", path: "/api/v1/projects/redflags", bearer: w.token(t, "auditor.zj")})
	if fs, _ := api.json(t)["splitting"].([]any); api.status != 200 || len(fs) != 1 {
		t.Errorf("the API's 化整为零 groups: %d %s", api.status, api.body)
	}
	res := w.do(t, request{method: "GET", path: "/staff/projects/redflags", session: w.login(t, "yuhang.reviewer")})
	if split := string(res.body)[strings.Index(string(res.body), `id="splitting"`):]; strings.Contains(split, "养老服务质量第三方评估") {
		t.Error("余杭区's reviewer sees 西湖区's red flag")
	}
}

// A flag raised by what no release of this instance carries shows those log
// entries on its page and in the API: a grade another instance published
// (its publisher and leaf, ENG-J1) and a seat on the panel this instance
// checked against private data (ENG-F4, its local event linked).
func TestRedFlagLeavesShown(t *testing.T) {
	w := demoWorld(t)
	buyer := w.org(t, "杭州市西湖区民政局")
	id := sqltest.InsertRedFlag(t, w.store, "ENG-J1", "ocds-gm0000-9902", "330106", buyer.ID)
	if _, err := w.store.DB().Exec(`UPDATE red_flags SET evidence = $1 WHERE id = $2`,
		`{"releases":[{"ocid":"ocds-gm0000-9902","release_id":"ocds-gm0000-9902-1","log_index":1}],"detail":{"zh":"在 js 被评为差后再次中标","en":"awarded after a poor grade in js"},`+
			`"leaves":[{"source":"js","log_index":4316,"object":"contract_grades/contract-7"},{"log_index":12,"object":"panel_members/3"}]}`, id); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"zh", "en"} {
		res := w.do(t, request{method: "GET", path: fmt.Sprintf("/staff/redflags/%d?lang=%s", id, lang), session: w.login(t, "auditor.zj")})
		body := string(res.body)
		if res.status != 200 || !strings.Contains(body, `id="evidence-leaves"`) || !strings.Contains(body, "#4316") ||
			!strings.Contains(body, "contract_grades/contract-7") || !strings.Contains(body, `href="/log/events/12"`) {
			t.Errorf("%s page: %d, leaves not shown", lang, res.status)
		}
	}
	res := w.do(t, request{method: "GET", path: fmt.Sprintf("/api/v1/redflags/%d", id), bearer: w.token(t, "auditor.zj")})
	flag, _ := res.json(t)["red_flag"].(map[string]any)["flag"].(map[string]any)
	leaves, _ := flag["evidence"].(map[string]any)["leaves"].([]any)
	if res.status != 200 || len(leaves) != 2 || leaves[0].(map[string]any)["source"] != "js" || leaves[0].(map[string]any)["log_index"] != 4316.0 {
		t.Errorf("API: %d %s", res.status, res.body)
	}
}
