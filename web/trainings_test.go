package web

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
)

// postTrainingForm posts the new-training form with its materials as a multipart body.
func (w *world) postTrainingForm(t *testing.T, ss *session, fields map[string]string, files map[string][]byte) response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fields["_csrf"] = ss.csrf
	for k, v := range fields {
		must(t, mw.WriteField(k, v))
	}
	for name, content := range files {
		fw, err := mw.CreateFormFile("materials", name)
		must(t, err)
		fw.Write(content)
	}
	must(t, mw.Close())
	req := httptest.NewRequest("POST", "/staff/trainings", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: ss.token})
	rec := httptest.NewRecorder()
	w.srv.ServeHTTP(rec, req)
	return response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

// TestTrainingFlow walks a training through its pages and API: announced with
// a material by 西湖区财政局, registered by one member of staff (the only
// place), refused to a second (full) and to the first again, its material
// served to the registrant and the organisers only, attendance recorded from
// the first day, and the counts per region.
func TestTrainingFlow(t *testing.T) {
	w := demoWorld(t)
	day := func(d int) string { return w.clock.Now().In(goumai.Shanghai).AddDate(0, 0, d).Format("2006-01-02") }
	organiser, staff := w.login(t, county), w.login(t, purchaser)
	pdf := []byte("%PDF-1.4 training handout")

	// Bad input: the form again with an error at each field.
	res := w.postTrainingForm(t, organiser, map[string]string{"title": "", "starts_on": "明天", "ends_on": day(1), "place": "", "capacity": "0",
		"deadline": day(20)}, nil)
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad training: %d\n%s", res.status, res.body)
	}
	for _, id := range []string{"err-title", "err-starts_on", "err-place", "err-capacity"} {
		if strings.Contains(string(res.body), `id="`+id+`"></span>`) {
			t.Errorf("no error at %s", id)
		}
	}
	for _, msg := range []string{"必填", "日期格式", "名额须在"} {
		if !strings.Contains(string(res.body), msg) {
			t.Errorf("bad training: no %q", msg)
		}
	}
	// The API tells the same per field.
	bad := w.do(t, request{method: "POST", path: "/api/v1/trainings", bearer: w.token(t, county),
		body: `{"title":"","starts_on":"x","ends_on":"2030-01-01","place":"","capacity":0,"deadline":"2030-01-01"}`})
	fields, _ := bad.json(t)["fields"].(map[string]any)
	if bad.status != http.StatusUnprocessableEntity || fields["title"] == nil || fields["starts_on"] == nil || fields["capacity"] == nil || fields["place"] == nil {
		t.Fatalf("bad training (API): %d %s", bad.status, bad.body)
	}

	// Announced with one place and a material.
	res = w.postTrainingForm(t, organiser, map[string]string{"title": "政府购买服务绩效评价培训", "starts_on": day(10), "ends_on": day(10),
		"place": "西湖区财政局会议室", "capacity": "1", "deadline": day(5)}, map[string][]byte{"讲义.pdf": pdf})
	if res.status != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", res.status, res.body)
	}
	page := strings.TrimSuffix(res.header.Get("Location"), "?done=saved")
	var id int64
	if _, err := fmt.Sscanf(page, "/staff/trainings/%d", &id); err != nil {
		t.Fatalf("redirect %q", page)
	}
	tr, err := w.store.Training(t.Context(), id)
	must(t, err)
	if len(tr.Materials) != 1 || tr.Region != "330106" || tr.Capacity != 1 {
		t.Fatalf("stored: %+v", tr)
	}
	material := fmt.Sprintf("/staff/trainings/%d/materials/%s", id, tr.Materials[0].SHA256)
	if res := w.do(t, request{method: "GET", path: material, session: staff}); res.status != http.StatusForbidden {
		t.Fatalf("material before registration: %d", res.status)
	}

	// Registered: the page says so and links the material.
	w.post(t, staff, page+"/register", nil, http.StatusSeeOther, page)
	body := string(w.do(t, request{method: "GET", path: page, session: staff}).body)
	if !strings.Contains(body, `id="training-enrolled"`) || !strings.Contains(body, material) {
		t.Fatalf("registrant's page:\n%s", body)
	}
	if res := w.do(t, request{method: "GET", path: material, session: staff}); res.status != http.StatusOK || !bytes.Equal(res.body, pdf) {
		t.Fatalf("material: %d", res.status)
	}
	if res := w.do(t, request{method: "GET", path: material, session: organiser}); res.status != http.StatusOK {
		t.Fatalf("material for the organiser: %d", res.status)
	}
	// The only place is taken: another is refused, and the page says it is full.
	full := w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/trainings/%d/registrations", id), bearer: w.token(t, reviewer)})
	if full.status != http.StatusConflict || !strings.Contains(string(full.body), "名额已满") {
		t.Fatalf("full: %d %s", full.status, full.body)
	}
	if body := string(w.do(t, request{method: "GET", path: page, session: w.login(t, supplier)}).body); !strings.Contains(body, `id="training-full"`) {
		t.Errorf("no full notice")
	}
	if res := w.do(t, request{method: "GET", path: material, session: w.login(t, reviewer)}); res.status != http.StatusOK {
		t.Errorf("material for the organising department's reviewer: %d", res.status)
	}
	if res := w.do(t, request{method: "GET", path: material, session: w.login(t, supplier)}); res.status != http.StatusForbidden {
		t.Errorf("material for someone not registered: %d", res.status)
	}
	// Registering twice is refused.
	res = w.do(t, request{method: "POST", path: page + "/register", session: staff, csrf: true})
	if res.status != http.StatusConflict || !strings.Contains(string(res.body), "已报名") {
		t.Fatalf("twice: %d", res.status)
	}

	// Attendance: refused before the first day, recorded on it.
	staffID := w.actor(t, purchaser).UserID
	form := map[string][]string{"user_id": {fmt.Sprint(staffID)}}
	if res := w.do(t, request{method: "POST", path: page + "/attendance", session: organiser, csrf: true, form: form}); res.status != http.StatusConflict {
		t.Fatalf("attendance before the first day: %d", res.status)
	}
	w.clock.Advance(10 * 24 * time.Hour)
	organiser, staff = w.login(t, county), w.login(t, purchaser) // the sessions ended while idle
	if res := w.do(t, request{method: "POST", path: page + "/attendance", session: staff, csrf: true, form: form}); res.status != http.StatusForbidden {
		t.Fatalf("attendance by a registrant: %d", res.status)
	}
	w.post(t, organiser, page+"/attendance", form, http.StatusSeeOther, page)
	if body := string(w.do(t, request{method: "GET", path: page, session: organiser}).body); !strings.Contains(body, "已出勤") {
		t.Fatalf("attendance not shown:\n%s", body)
	}

	// The API: the training with its registration, and the counts of 西湖区.
	v := w.do(t, request{method: "GET", path: fmt.Sprintf("/api/v1/trainings/%d", id), bearer: w.token(t, county)}).json(t)["training"].(map[string]any)
	regs, _ := v["registrations"].([]any)
	if v["registered"] != float64(1) || len(regs) != 1 || regs[0].(map[string]any)["attended"] != true {
		t.Fatalf("API training: %v", v)
	}
	list := w.do(t, request{method: "GET", path: "/api/v1/trainings", bearer: w.token(t, county)}).json(t)
	counts, _ := list["counts"].([]any)
	if len(counts) == 0 || counts[0].(map[string]any)["region"] != "330106" || counts[0].(map[string]any)["attended"].(float64) < 1 {
		t.Fatalf("counts: %v", list["counts"])
	}
}
