package web

import (
	"strings"
	"testing"
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
