package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/goumai/goumai"
)

// TestChallengePages: on the demo's open tender, through the forms of the
// public page of challenges, in Chinese and English: a supplier challenges
// the tender notice; the public sees the claims but not the facts; the
// purchaser answers; the supplier complains; the province's finance approver
// suspends the procurement and decides. Each page offers only the forms of
// whoever may act, and shows no raw message key; a refused form re-renders
// with its field error (422).
func TestChallengePages(t *testing.T) {
	w := demoWorld(t)
	ctx := context.Background()
	p := enquiryDemoProcedure(t, w, goumai.ProcTendering, "困境儿童关爱保护服务")
	ns, err := w.store.Notices(ctx, p.ID)
	if err != nil || len(ns) == 0 {
		t.Fatalf("notices: %v", err)
	}
	page := idPath("/procurements/", p.ID, "/challenges")
	sup, staff, fin := w.login(t, supplier), w.login(t, purchaser), w.login(t, approver)
	get := func(s *session, lang string) string {
		t.Helper()
		return pageIn(t, w, s, page, lang)
	}
	post := func(s *session, path string, form url.Values, want int) {
		t.Helper()
		res := w.do(t, request{method: "POST", path: path, session: s, csrf: true, form: form})
		if res.status != want {
			t.Fatalf("POST %s: %d, want %d: %s", path, res.status, want, firstLine(res.body))
		}
	}
	for _, lang := range []string{"zh", "en"} {
		if body := get(sup, lang); !strings.Contains(body, `id="challenge-form"`) {
			t.Errorf("the supplier is offered the challenge form (%s)", lang)
		}
		if body := get(nil, lang); strings.Contains(body, `id="challenge-form"`) || !strings.Contains(body, "/login?next=") {
			t.Errorf("the public is offered to sign in, not the form (%s)", lang)
		}
	}
	notice := strconv.FormatInt(ns[0].ID, 10)
	post(sup, page, url.Values{"notice_id": {notice}, "claims": {" "}}, http.StatusUnprocessableEntity)
	post(sup, page, url.Values{"notice_id": {notice}, "claims": {"评分标准“持证人员比例”限制兼职人员。"}, "facts": {"兼职人员名单（保密）"}}, http.StatusSeeOther)
	l, err := w.svc.Challenges(ctx, goumai.Actor{}, p.ID)
	if err != nil || len(l.Challenges) == 0 {
		t.Fatalf("challenges: %v", err)
	}
	c := l.Challenges[len(l.Challenges)-1]
	item := page + "/" + strconv.FormatInt(c.ID, 10)
	for _, lang := range []string{"zh", "en"} {
		if body := get(nil, lang); !strings.Contains(body, "限制兼职人员") || strings.Contains(body, "兼职人员名单") || strings.Contains(body, "answer-form") {
			t.Errorf("the public sees the claims, neither the facts nor the answer form (%s)", lang)
		}
		if body := get(sup, lang); !strings.Contains(body, "兼职人员名单") || !strings.Contains(body, "withdraw-form") {
			t.Errorf("the challenger sees its facts and may withdraw (%s)", lang)
		}
		if body := get(staff, lang); !strings.Contains(body, "兼职人员名单") || !strings.Contains(body, "answer-form") {
			t.Errorf("the organiser sees the facts and the answer form (%s)", lang)
		}
	}
	post(staff, item+"/answer", url.Values{"verdict": {"dismissed"}, "outcome": {"rerank"}, "reasons": {"x"}}, http.StatusUnprocessableEntity)
	post(staff, item+"/answer", url.Values{"verdict": {"dismissed"}, "reasons": {"持证比例按全部服务人员计算，符合采购需求。"}}, http.StatusSeeOther)
	post(sup, item+"/complaint", url.Values{"claims": {"答复未回应兼职人员问题。"}}, http.StatusSeeOther)
	if l, err = w.svc.Challenges(ctx, goumai.Actor{}, p.ID); err != nil || len(l.Complaints) == 0 {
		t.Fatalf("complaints: %v", err)
	}
	k := l.Complaints[len(l.Complaints)-1]
	kpath := idPath("/procurements/", p.ID, "/complaints/"+strconv.FormatInt(k.ID, 10))
	for _, lang := range []string{"zh", "en"} {
		if body := get(fin, lang); !strings.Contains(body, "decide-form") || !strings.Contains(body, "suspend-form") {
			t.Errorf("the finance approver is offered the decision and the suspension (%s)", lang)
		}
		if body := get(staff, lang); strings.Contains(body, "decide-form") {
			t.Errorf("the purchaser is not offered the decision (%s)", lang)
		}
	}
	post(fin, kpath+"/suspend", url.Values{"reason": {"投诉事项可能影响中标结果。"}}, http.StatusSeeOther)
	post(fin, kpath+"/decide", url.Values{"verdict": {"partly_upheld"}, "outcome": {"reevaluate"}, "reasons": {"评分有误，由原评审委员会重新评审。"}}, http.StatusSeeOther)
	for _, lang := range []string{"zh", "en"} {
		body := get(nil, lang)
		if !strings.Contains(body, "由原评审委员会重新评审") || !strings.Contains(body, `class="suspension"`) || strings.Contains(body, "decide-form") {
			t.Errorf("the public sees the suspension and the decision, no form (%s)", lang)
		}
	}
	if body := get(nil, "zh"); !strings.Contains(body, "部分成立") {
		t.Error("the verdict is named in Chinese")
	}
	// The decision is a public notice of its own (财政部令第94号 Art. 33).
	list := w.pubPage(t, nil, "/notices?kind=complaint_decision", http.StatusOK)
	ids := regexp.MustCompile(`href="/notices/(\d+)"`).FindAllStringSubmatch(list, -1)
	if len(ids) != 1 {
		t.Fatalf("complaint decision notices listed: %d", len(ids))
	}
	for _, path := range []string{"/notices/" + ids[0][1], "/notices/" + ids[0][1] + "/print"} {
		pg := w.pubPage(t, nil, path, http.StatusOK)
		wantAll(t, path, pg, "投诉处理结果公告", "投诉人", "被投诉人", "投诉事项", "部分成立", "重新评审", "评分有误，由原评审委员会重新评审。", "行政复议")
		if strings.Contains(pg, "兼职人员名单") {
			t.Errorf("%s publishes the complaint's facts", path)
		}
	}
	if body := get(nil, "en"); !strings.Contains(body, "partly upheld") {
		t.Error("the verdict is named in English")
	}
	for _, lang := range []string{"zh", "en"} {
		r := request{method: "GET", path: kpath + "/print"}
		if lang == "en" {
			r.header = map[string]string{"Cookie": langCookie + "=en"}
		}
		res := w.do(t, r)
		body := string(res.body)
		if res.status != http.StatusOK || !strings.Contains(body, "由原评审委员会重新评审") || !strings.Contains(body, `id="do-print"`) ||
			strings.Contains(body, "兼职人员名单") {
			t.Errorf("the print view (%s): %d, the decision with the print controls, no facts", lang, res.status)
		}
		for _, m := range keyRE().FindAllStringSubmatch(visibleText(res.body), -1) {
			t.Errorf("raw message key %q on the print view (%s)", m[1], lang)
		}
	}
	res := w.do(t, request{method: "GET", path: idPath("/procurements/", p.ID, "")})
	if !strings.Contains(string(res.body), `href="`+page+`"`) {
		t.Error("the procedure's public page links to its challenges")
	}
}

// pageIn gets a page as the session (nil: the public) in a language, 200
// or fatal, and fails the test for each raw message key it shows.
func pageIn(t *testing.T, w *world, s *session, path, lang string) string {
	t.Helper()
	r := request{method: "GET", path: path, session: s}
	if lang == "en" {
		r.header = map[string]string{"Cookie": langCookie + "=en"}
		if s != nil {
			r.header["Cookie"] += "; " + sessionCookie + "=" + s.token
			r.session = nil
		}
	}
	res := w.do(t, r)
	if res.status != http.StatusOK {
		t.Fatalf("GET %s (%s): %d", path, lang, res.status)
	}
	for _, m := range keyRE().FindAllStringSubmatch(visibleText(res.body), -1) {
		t.Errorf("raw message key %q on %s (%s)", m[1], path, lang)
	}
	return string(res.body)
}
