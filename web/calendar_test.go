package web

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
)

// fixture2028 is rules/testdata's invented arrangement of 2028 (not the State Council's notice).
func fixture2028(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../rules/testdata/arrangement-2028.fixture.json")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// multipartForm is a browser's multipart post: fields, and a file for "file" unless empty.
func multipartForm(t *testing.T, s *session, fields map[string]string, file string) request {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fields["_csrf"] = s.csrf
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if file != "" {
		fw, err := mw.CreateFormFile("file", "2028.json")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(file))
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return request{method: "POST", path: "/staff/calendar", session: s, body: b.String(), header: map[string]string{"Content-Type": mw.FormDataContentType()}}
}

// expect serves r and fails the test unless it answers status.
func (w *world) expect(t *testing.T, r request, status int) response {
	t.Helper()
	res := w.do(t, r)
	if res.status != status {
		t.Fatalf("%s %s: %d, want %d: %s", r.method, r.path, res.status, status, compactJSON(res.body))
	}
	return res
}

// TestCalendarAPI: anyone asks the calendar through the API; the Ministry of
// Finance's administrator loads 2028, after which periods reaching it are
// counted; every response matches the API's document.
func TestCalendarAPI(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		w.clock.Set(time.Date(2027, 11, 20, 9, 0, 0, 0, goumai.Shanghai))
		mof, province := w.token(t, "mof.admin"), w.token(t, "zj.admin")
		want := func(r request, status int) response { t.Helper(); return w.expect(t, r, status) }
		get := func(path string, status int) map[string]any {
			t.Helper()
			return want(request{method: "GET", path: path}, status).json(t)
		}

		d := get("/api/v1/calendar/working-day?date=2026-10-01", 200)
		if d["working"] != false || d["holiday"] != "国庆节" || d["weekday"] != "Thursday" || d["settled"] != true ||
			!strings.Contains(d["why"].(map[string]any)["en"].(string), "off for 国庆节") {
			t.Errorf("working-day 2026-10-01 = %v", d)
		}
		if d := get("/api/v1/calendar/working-day?date=2028-03-06", 200); d["working"] != true || d["settled"] != false {
			t.Errorf("working-day 2028-03-06 = %v, want a working day not settled", d)
		}
		if e := get("/api/v1/calendar/working-day?date=2026-13-01", 422); e["fields"].(map[string]any)["date"] == nil {
			t.Errorf("a bad date: %v", e)
		}
		if p := get("/api/v1/calendar/add?from=2026-09-30&n=5&unit=wd", 200); p["date"] != "2026-10-13" || p["end"] != "2026-10-13T23:59:59+08:00" || p["civil_end"] != nil {
			t.Errorf("5 working days after 2026-09-30 = %v", p)
		}
		if p := get("/api/v1/calendar/add?from=2026-09-30&n=7", 200); p["unit"] != "d" || p["date"] != "2026-10-07" || p["civil_end"] != "2026-10-08T23:59:59+08:00" {
			t.Errorf("7 days after 2026-09-30 = %v", p)
		}
		if e := get("/api/v1/calendar/add?from=2027-12-01&n=30&unit=wd", 409); e["rule"] != "ENG-D" || !strings.Contains(e["message"].(string), "2028") {
			t.Errorf("a period into 2028 before the load: %v", e)
		}
		if e := get("/api/v1/calendar/add?from=x&n=y&unit=z", 422); len(e["fields"].(map[string]any)) != 3 {
			t.Errorf("three bad parameters: %v, want an error on each", e)
		}
		if ys := get("/api/v1/calendar/arrangements", 200); len(ys["notices"].([]any)) != 0 || len(ys["years"].([]any)) != 26 {
			t.Errorf("arrangements before any load = %v", ys)
		}

		fix := fixture2028(t)
		want(request{method: "POST", path: "/api/v1/calendar/arrangements", bearer: province, body: fix}, 403)
		res := want(request{method: "POST", path: "/api/v1/calendar/arrangements", bearer: mof, body: fix}, 201).json(t)
		if n := res["notice"].(map[string]any); n["year"] != float64(2028) || n["loaded_by"] != "mof.admin" || res["replaced"] != nil || len(res["changes"].([]any)) != 25 {
			t.Errorf("the load = %v", res)
		}
		if p := get("/api/v1/calendar/add?from=2027-12-30&n=3&unit=wd", 200); p["date"] != "2028-01-05" {
			t.Errorf("3 working days after 2027-12-30 once 2028 is loaded = %v", p)
		}
		want(request{method: "POST", path: "/api/v1/calendar/arrangements", bearer: mof, body: fix}, 409)
		moved := strings.Replace(strings.Replace(fix, "2028-01-22", "2028-01-23", 1), "1号", "2号", 1)
		if e := want(request{method: "POST", path: "/api/v1/calendar/arrangements", bearer: mof, body: moved}, 422).json(t); e["fields"].(map[string]any)["reason"] == nil {
			t.Errorf("changing days without a reason: %v", e)
		}
		moved = strings.Replace(moved, `"days":`, `"reason": "更正（测试）", "days":`, 1)
		if res := want(request{method: "POST", path: "/api/v1/calendar/arrangements", bearer: mof, body: moved}, 201).json(t); len(res["changes"].([]any)) != 2 || res["replaced"] == nil {
			t.Errorf("the correction = %v", res)
		}
		for body, field := range map[string]string{
			`{"year": 2028, "notice": "x", "issued": "2027-11-01", "days": [{"date": "2028-01-01", "holiday": "元旦", "kind": "off", "note": 1}]}`: "note",
			`{"year": "2028"}`: "year",
			strings.Replace(fix, `"kind": "work"`, `"kind": "wrok"`, 1): "days.3.kind",
		} {
			if e := want(request{method: "POST", path: "/api/v1/calendar/arrangements", bearer: mof, body: body}, 422).json(t); e["fields"].(map[string]any)[field] == nil {
				t.Errorf("POST %.60s…: %v, want an error on %s", body, e, field)
			}
		}
		big := fmt.Sprintf(`{"notice": %q}`, strings.Repeat("x", 70<<10))
		want(request{method: "POST", path: "/api/v1/calendar/arrangements", bearer: mof, body: big}, 422)

		ys := get("/api/v1/calendar/arrangements?year=2028", 200)
		if ns := ys["notices"].([]any); len(ns) != 2 || ns[0].(map[string]any)["status"] != "current" || ns[1].(map[string]any)["status"] != "superseded" {
			t.Errorf("the versions of 2028 = %v", ns)
		}
		for _, rt := range w.srv.apiRoutes() {
			if strings.HasPrefix(rt.Path, "/api/v1/calendar/") && !w.covered[rt.Method+" "+rt.Path] {
				t.Errorf("no successful request of %s %s was validated against openapi.json", rt.Method, rt.Path)
			}
		}
	})
}

// TestCalendarPages: the public page answers both questions and shows a
// year's versions; the staff page offers the load to the Ministry's
// administrator only, loads an uploaded or pasted file, and lists a refused
// file's problems.
func TestCalendarPages(t *testing.T) {
	w := demoWorld(t)
	w.clock.Set(time.Date(2027, 11, 20, 9, 0, 0, 0, goumai.Shanghai))
	page := func(r request, status int, wants ...string) string {
		t.Helper()
		res := w.do(t, r)
		body := string(res.body)
		if res.status != status {
			t.Fatalf("%s %s: %d, want %d:\n%s", r.method, r.path, res.status, status, visibleText(res.body))
		}
		for _, s := range wants {
			if !strings.Contains(body, s) {
				t.Errorf("%s %s: no %q in\n%s", r.method, r.path, s, visibleText(res.body))
			}
		}
		return body
	}
	page(request{method: "GET", path: "/calendar?date=2026-10-01"}, 200, `id="day-answer"`, "2026-10-01：休息日", "星期四，国庆节放假")
	page(request{method: "GET", path: "/calendar?from=2026-09-30&n=7&unit=d"}, 200, "期限届满于 2026-10-07 23:59:59", `id="period-civil"`, "2026-10-08 23:59:59")
	page(request{method: "GET", path: "/calendar?from=2026-09-30&n=x"}, 422, `id="err-n"`, "天数须为 -1000 至 1000 的整数")
	page(request{method: "GET", path: "/calendar?from=2027-12-01&n=30&unit=wd"}, 409, `id="period-error"`, "2028年的节假日安排尚未载入")
	page(request{method: "GET", path: "/calendar"}, 200, "2002–2027", "lunar-go 内置")

	reviewer, mof := w.login(t, "xihu.reviewer"), w.login(t, "mof.admin")
	if body := page(request{method: "GET", path: "/staff/calendar", session: reviewer}, 200, "只有财政部的管理员可以载入节假日安排"); strings.Contains(body, `id="load-form"`) {
		t.Error("the staff calendar offers a reviewer the load")
	}
	page(request{method: "GET", path: "/staff/calendar", session: mof}, 200, `id="load-form"`)

	fix := fixture2028(t)
	broken := strings.Replace(fix, `"2028-01-31", "holiday": "春节", "kind": "off"`, `"2028-01-31", "holiday": "春节", "kind": "wrok"`, 1)
	broken = strings.Replace(broken, `"2028-01-03"`, `"2028-13-03"`, 1)
	body := page(multipartForm(t, mof, map[string]string{"text": broken}, ""), 422, `id="load-problems"`, "days.2.date", "days.10.kind")
	if strings.Index(body, "days.2.date") > strings.Index(body, "days.10.kind") {
		t.Error("the problems are not in the file's order (days.2 before days.10)")
	}
	page(multipartForm(t, mof, map[string]string{"text": fix}, fix), 422, "请上传文件或粘贴内容，二者选一")
	page(multipartForm(t, mof, map[string]string{}, ""), 422, `id="err-file"`, "请上传节假日安排文件")
	page(multipartForm(t, mof, map[string]string{}, fix), 200, `id="load-done"`, "测试样例〔2027〕1号（非真实通知）", "2028-01-22")
	// The same file pasted: a conflict, nothing loaded twice.
	page(request{method: "POST", path: "/staff/calendar", session: mof, csrf: true, form: url.Values{"text": {fix}}}, 409, "无需再次载入")

	page(request{method: "GET", path: "/calendar"}, 200, "2028", "测试样例〔2027〕1号（非真实通知）", "?year=2028")
	page(request{method: "GET", path: "/calendar?year=2028"}, 200, `id="versions"`, "现行", "调休上班", "mof.admin")
	page(request{method: "GET", path: "/calendar?from=2027-12-30&n=3&unit=wd"}, 200, "期限届满于 2028-01-05 23:59:59")
}
