package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestPerformancePages: the staff page's forms (start, save and publish,
// survey codes shown once, review), the public survey (a code answers once,
// labelled fields) and the public result, in Chinese and English.
func TestPerformancePages(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		c := perfDemoContract(t, w)
		buyer := w.login(t, purchaser)
		staffPath := fmt.Sprintf("/staff/contracts/%d/performance", c.ID)
		post := func(f url.Values, want int) response {
			t.Helper()
			res := w.do(t, request{method: "POST", path: staffPath, session: buyer, csrf: true, form: f})
			if res.status != want {
				t.Fatalf("%v: %d, want %d: %s", f, res.status, want, firstLine(res.body))
			}
			return res
		}
		post(url.Values{"op": {"start"}, "kind": {"self"}}, http.StatusSeeOther)
		post(url.Values{"op": {"start"}, "kind": {"self"}}, http.StatusConflict)
		page := w.do(t, request{method: "GET", path: staffPath, session: buyer})
		if page.status != 200 || !strings.Contains(string(page.body), `name="weight.0"`) {
			t.Fatalf("staff page: %d %s", page.status, firstLine(page.body))
		}
		es, err := w.store.Evaluations(t.Context(), c.ID)
		if err != nil || len(es) != 1 {
			t.Fatalf("evaluations %v %v", es, err)
		}
		e := es[0]
		form := url.Values{"op": {"save"}, "evaluation_id": {fmt.Sprint(e.ID)}, "version": {fmt.Sprint(e.Version)}}
		for i, in := range e.Indicators {
			form.Set(fmt.Sprintf("weight.%d", i), fmt.Sprint(in.Weight))
			form.Set(fmt.Sprintf("score.%d", i), "88")
		}
		form.Set("weight.0", "1") // weights no longer summing to 100
		if res := post(form, http.StatusUnprocessableEntity); !strings.Contains(string(res.body), "perf-error") {
			t.Error("no error shown for weights not summing to 100")
		}
		form.Set("weight.0", fmt.Sprint(e.Indicators[0].Weight))
		post(form, http.StatusSeeOther)

		// Survey codes, shown once.
		res := post(url.Values{"op": {"codes"}, "count": {"2"}}, http.StatusOK)
		codes := regexp.MustCompile(`<li><code>([0-9A-Z]{5}-[0-9A-Z]{5})</code></li>`).FindAllStringSubmatch(string(res.body), -1)
		if len(codes) != 2 {
			t.Fatalf("codes shown: %v", codes)
		}
		survey := w.do(t, request{method: "GET", path: "/survey"})
		body := string(survey.body)
		if survey.status != 200 || !strings.Contains(body, `<label for="code">`) || !strings.Contains(body, "<legend>") || !strings.Contains(body, `name="viewport"`) {
			t.Fatalf("survey page: %d %s", survey.status, firstLine(survey.body))
		}
		answer := url.Values{"code": {codes[0][1]}, "q0": {"5"}, "q1": {"4"}, "q2": {"5"}, "q3": {"4"}, "comment": {"很好"}}
		res = w.do(t, request{method: "POST", path: "/survey", form: answer})
		if res.status != http.StatusSeeOther {
			t.Fatalf("answer: %d %s", res.status, firstLine(res.body))
		}
		// The respondent is thanked once, on the page the answer leads to.
		thanked := w.do(t, request{method: "GET", path: res.header.Get("Location")})
		if n := strings.Count(string(thanked.body), "感谢您的参与"); thanked.status != 200 || n != 1 {
			t.Errorf("after answering, %s: %d, thanked %d times, want once", res.header.Get("Location"), thanked.status, n)
		}
		if res := w.do(t, request{method: "POST", path: "/survey", form: answer}); res.status != http.StatusConflict || !strings.Contains(string(res.body), "survey-error") {
			t.Errorf("a code reused: %d", res.status)
		}
		bad := url.Values{"code": {codes[1][1]}, "q0": {"5"}}
		if res := w.do(t, request{method: "POST", path: "/survey", form: bad}); res.status != http.StatusUnprocessableEntity {
			t.Errorf("unanswered questions: %d", res.status)
		}

		// Publish from the page; the public result in both languages.
		e, _ = w.store.Evaluation(t.Context(), e.ID)
		form.Set("op", "publish")
		form.Set("version", fmt.Sprint(e.Version))
		post(form, http.StatusSeeOther)
		for _, lang := range []string{"zh", "en"} {
			res := w.do(t, request{method: "GET", path: fmt.Sprintf("/contracts/%d/performance?lang=%s", c.ID, lang)})
			out := html.UnescapeString(string(res.body))
			want := map[string]string{"zh": "绩效评价结果", "en": "Performance evaluation result"}[lang]
			if res.status != 200 || !strings.Contains(out, "88.00") || !strings.Contains(out, want) || regexp.MustCompile(`(perf|survey)\.[a-z_]+`).MatchString(out) {
				t.Errorf("public result (%s): %d %s", lang, res.status, firstLine(res.body))
			}
		}
		if res := w.do(t, request{method: "GET", path: "/survey?lang=en"}); !strings.Contains(string(res.body), "Survey code") {
			t.Errorf("the English survey: %s", firstLine(res.body))
		}
	})
}

// TestPerformanceSatisfactionDash: before any survey answer the satisfaction
// reads "—" on the public and the staff page, in Chinese and English, never
// an empty value; the staff page's count keeps the language's punctuation.
func TestPerformanceSatisfactionDash(t *testing.T) {
	w := demoWorld(t)
	c := perfDemoContract(t, w)
	buyer := w.login(t, purchaser)
	pages := []struct {
		path    string
		session *session
		link    string
	}{
		{fmt.Sprintf("/contracts/%d/performance", c.ID), nil, fmt.Sprintf(`<a href="/contracts/%d"`, c.ID)},
		{fmt.Sprintf("/staff/contracts/%d/performance", c.ID), buyer, fmt.Sprintf(`<a href="/staff/contracts/%d"`, c.ID)},
	}
	for _, lang := range []string{"zh", "en"} {
		for _, p := range pages {
			res := w.do(t, request{method: "GET", path: p.path + "?lang=" + lang, session: p.session})
			if res.status != 200 {
				t.Fatalf("%s: %d %s", p.path, res.status, firstLine(res.body))
			}
			wantAll(t, p.path+" "+lang, string(res.body), `<dd id="perf-satisfaction">—</dd>`, p.link)
			if lang == "en" && strings.Contains(string(res.body), "（计入") {
				t.Error("the English staff page shows Chinese")
			}
		}
	}
}
