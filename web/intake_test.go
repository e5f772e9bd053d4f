package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// orgBody is the PUT /api/v1/orgs/{id} body that keeps an organisation as it
// is, with edit applied.
func orgBody(t *testing.T, o goumai.Org, edit map[string]any) string {
	t.Helper()
	b := map[string]any{"name": o.Name, "kind": o.Kind, "class": o.Class, "staffing": o.Staffing, "credit_code": o.CreditCode,
		"region": o.Region, "parent_id": o.ParentID, "finance_dept": o.FinanceDept, "active": o.Active}
	for k, v := range edit {
		b[k] = v
	}
	return mustJSON(t, b)
}

// createdAt reads the created_at of the object under key in a response.
func createdAt(t *testing.T, res response, key string) time.Time {
	t.Helper()
	obj, _ := res.json(t)[key].(map[string]any)
	s, _ := obj["created_at"].(string)
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("%s.created_at %q: %v in %s", key, s, err, compactJSON(res.body))
	}
	return at
}

// TestCreatedAtIsStored: the organisation PUT returns and the catalogue version
// POST creates carry the stored created_at, not a zero time built from the
// input (every API response of the web tests is also checked by checkTimes).
func TestCreatedAtIsStored(t *testing.T) {
	w := demoWorld(t)
	o := w.org(t, "杭州市西湖区民政局")
	res := w.do(t, request{method: "PUT", path: fmt.Sprintf("/api/v1/orgs/%d", o.ID), bearer: w.token(t, "xihu.admin"), body: orgBody(t, o, nil)})
	if res.status != 200 {
		t.Fatalf("PUT org: %d %s", res.status, res.body)
	}
	if got := createdAt(t, res, "org"); !got.Equal(o.CreatedAt) {
		t.Errorf("PUT org: created_at %v, want the stored %v", got, o.CreatedAt)
	}
	w.clock.Advance(time.Hour)
	res = w.do(t, request{method: "POST", path: "/api/v1/catalog/versions", bearer: w.token(t, "zj.reviewer"),
		body: `{"region":"330000","title":"2027年版（征求意见稿）","effective_from":"2027-01-01"}`})
	if res.status != 201 {
		t.Fatalf("POST catalogue version: %d %s", res.status, res.body)
	}
	if got := createdAt(t, res, "version"); !got.Equal(w.clock.Now()) {
		t.Errorf("POST catalogue version: created_at %v, want now %v", got, w.clock.Now())
	}
}

// TestPurchaserRefusalKey: ENG-A1 refuses because of the organisation, not a
// field of the request, so its message is keyed goumai.FieldOrg ("_org"), on
// creation and on submission alike.
func TestPurchaserRefusalKey(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		projectWorld(t, w)
		staff := w.token(t, "xihu.minzheng")
		res := w.do(t, request{method: "POST", path: "/api/v1/projects", bearer: staff, body: mustJSON(t, projectBody(t, w, nil))})
		if res.status != 201 {
			t.Fatalf("create: %d %s", res.status, res.body)
		}
		id, v := idOf(t, res)
		// The bureau is a 公益一类 institution, which may not purchase (O102 Art. 8). The API refuses
		// the reclassification while it holds purchaser roles (ENG-A1), so the data is made as an older
		// goumai could have left it, through the store with its event.
		o := w.org(t, "杭州市西湖区民政局")
		res = w.do(t, request{method: "PUT", path: fmt.Sprintf("/api/v1/orgs/%d", o.ID), bearer: w.token(t, "xihu.admin"),
			body: orgBody(t, o, map[string]any{"kind": goumai.KindInstitution, "class": goumai.ClassPublicI})})
		if res.status != 409 || res.json(t)["rule"] != "ENG-A1" {
			t.Fatalf("reclassify through the API: %d %s, want 409 ENG-A1", res.status, res.body)
		}
		o.Kind, o.Class = goumai.KindInstitution, goumai.ClassPublicI
		if err := w.store.Update(context.Background(), func(tx *sqlstore.Tx) error {
			if err := tx.UpdateOrg(context.Background(), o); err != nil {
				return err
			}
			_, err := tx.Record(context.Background(), sqlstore.Change{Actor: goumai.System, Action: "org.update", Table: "orgs", Key: o.ID, Region: o.Region, Public: true})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		staff = w.token(t, "xihu.minzheng") // the actor's organisation is read at sign-in
		for _, r := range []request{
			{method: "POST", path: "/api/v1/projects", bearer: staff, body: mustJSON(t, projectBody(t, w, nil))},
			{method: "POST", path: fmt.Sprintf("/api/v1/projects/%d/submit", id), bearer: staff, body: mustJSON(t, map[string]any{"version": v})},
		} {
			res := w.do(t, r)
			m := res.json(t)
			fields, _ := m["fields"].(map[string]any)
			if res.status != 422 || m["rule"] != "ENG-A1" || fields[goumai.FieldOrg] == nil || fields["purchaser"] != nil {
				t.Errorf("%s %s: %d rule %v fields %v; want 422 ENG-A1 keyed %s", r.method, r.path, res.status, m["rule"], fields, goumai.FieldOrg)
			}
		}
	})
}

// TestCatalogScheduledVersion: a version published for a later date is
// upcoming on the portal and in the API while the current one stays in force;
// at midnight of that date (Asia/Shanghai) they change places.
func TestCatalogScheduledVersion(t *testing.T) {
	w := demoWorld(t)
	_, zj2025, zj2026 := catalogWorld(t, w)
	rev, appr := w.token(t, "zj.reviewer"), w.token(t, "zj.approver")
	res := w.do(t, request{method: "POST", path: "/api/v1/catalog/versions", bearer: rev, body: `{"region":"330000","title":"2027年版","effective_from":"2027-01-01"}`})
	if res.status != 201 {
		t.Fatalf("draft: %d %s", res.status, res.body)
	}
	id := int64(res.json(t)["version"].(map[string]any)["id"].(float64))
	for _, step := range []struct{ tok, action string }{{rev, "submit"}, {appr, "publish"}} {
		res = w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/catalog/versions/%d/%s", id, step.action), bearer: step.tok, body: `{}`})
		if res.status != 200 {
			t.Fatalf("%s: %d %s", step.action, res.status, res.body)
		}
	}
	if st := res.json(t)["version"].(map[string]any)["status"]; st != "scheduled" {
		t.Errorf("published for 2027: status %v, want scheduled", st)
	}
	check := func(when string, want map[int64]string, inForce int64, upcoming bool) {
		t.Helper()
		res := w.do(t, request{method: "GET", path: "/api/v1/catalog/versions?region=330000"})
		got := map[int64]string{}
		for _, v := range res.json(t)["versions"].([]any) {
			m := v.(map[string]any)
			got[int64(m["id"].(float64))] = m["status"].(string)
		}
		for id, st := range want {
			if got[id] != st {
				t.Errorf("%s: version %d is %q, want %q", when, id, got[id], st)
			}
		}
		res = w.do(t, request{method: "GET", path: "/api/v1/catalog/lookup?region=330106&code=A0101"})
		if v := res.json(t)["version"].(map[string]any); int64(v["id"].(float64)) != inForce || v["status"] != "published" {
			t.Errorf("%s: lookup resolves in version %v (%v), want %d in force", when, v["id"], v["status"], inForce)
		}
		v, err := w.store.CatalogVersion(context.Background(), inForce)
		if err != nil {
			t.Fatal(err)
		}
		page := string(w.do(t, request{method: "GET", path: "/catalog?region=330000"}).body)
		if !strings.Contains(page, `<h2 id="in-force">`+v.Title+`</h2>`) {
			t.Errorf("%s: the portal does not show %q in force", when, v.Title)
		}
		if got := strings.Contains(page, `id="catalog-upcoming"`); got != upcoming {
			t.Errorf("%s: the portal shows the upcoming version: %v, want %v", when, got, upcoming)
		}
	}
	check("before the date", map[int64]string{id: "scheduled", zj2026: "published", zj2025: "superseded"}, zj2026, true)
	w.clock.Set(time.Date(2027, 1, 1, 0, 0, 0, 0, goumai.Shanghai).Add(-time.Second))
	check("a second before midnight", map[int64]string{id: "scheduled", zj2026: "published"}, zj2026, true)
	w.clock.Set(time.Date(2027, 1, 1, 0, 0, 0, 0, goumai.Shanghai))
	check("at midnight", map[int64]string{id: "published", zj2026: "superseded", zj2025: "superseded"}, id, false)
}

// TestNegativeListPages walks the case through the pages: labour
// dispatch bought outside the catalogue. The form asks every negative-list
// question and warns on the words of the content; a "yes" stops submission
// with the clause; the reviewer sees the answers and the warning, and approves
// at the finance step only when confirming them.
func TestNegativeListPages(t *testing.T) {
	w := demoWorld(t)
	projectWorld(t, w)
	staff, approver, reviewer := w.login(t, "xihu.minzheng"), w.login(t, "xihu.minzheng.approver"), w.login(t, "xihu.reviewer")
	line := projectBody(t, w, nil)["budget_line_id"].(int64)
	form := url.Values{"title": {"街道执法辅助人员劳务派遣服务"}, "filing_ref": {"西财购备〔2026〕9号"}, "class": {"auxiliary_service"},
		"budget_line_id": {fmt.Sprint(line)}, "amount": {"300000.00"}, "content": {"通过劳务派遣方式为街道配备执法辅助人员20名。"},
		"quantity": {"20"}, "quantity_unit": {"人"}, "quality_standards": {"持证上岗"}, "beneficiaries": {"街道"},
		"target_category_0": {"output"}, "target_indicator_0": {"配备人数"}, "target_target_0": {"20"},
		"ex_ante": {"事前绩效评估认为项目必要、可行。"}, "evaluation_standards": {"按到岗率评价"}, "supplier_conditions": {"具有劳务派遣经营许可"},
		"method": {"competitive_consultation"}, "term_months": {"12"}, "expected_start": {"2026-05"}}
	for _, q := range rules.NegativeQuestions {
		form.Set(negativeName(q.Flag), "no")
	}
	form.Set(negativeName(goumai.NegStaffHiring), "yes")
	page := func(ss *session, path string) string {
		t.Helper()
		res := w.do(t, request{method: "GET", path: path, session: ss})
		if res.status != 200 {
			t.Fatalf("GET %s: %d", path, res.status)
		}
		return string(res.body)
	}
	post := func(ss *session, path string, f url.Values, want int) string {
		t.Helper()
		res := w.do(t, request{method: "POST", path: path, session: ss, csrf: true, form: f})
		if res.status != want {
			t.Fatalf("POST %s: %d, want %d: %s", path, res.status, want, visibleText(res.body))
		}
		return string(res.body) + res.header.Get("Location")
	}
	if body := page(staff, "/staff/projects/new"); strings.Count(body, `class="checks negative-question"`) != len(rules.NegativeQuestions) ||
		strings.Contains(body, `value="no" checked`) {
		t.Errorf("the new form does not ask the %d questions unanswered", len(rules.NegativeQuestions))
	}
	loc := post(staff, "/staff/projects", form, http.StatusSeeOther)
	id := strings.TrimSuffix(strings.TrimPrefix(loc, "/staff/projects/"), "?done=project_saved")
	edit := page(staff, "/staff/projects/"+id+"/edit")
	if !strings.Contains(edit, `id="negative-warning"`) || !strings.Contains(edit, `value="yes" checked`) {
		t.Errorf("the edit form lacks the keyword warning or the saved yes")
	}
	body := post(staff, "/staff/projects/"+id+"/submit", url.Values{"version": {"1"}}, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "负面清单：人员招聘、劳务派遣、公益性岗位") || !strings.Contains(body, "第十条第（五）项") || !strings.Contains(body, "[ENG-B3]") {
		t.Errorf("the refusal does not name the clause: %s", visibleText([]byte(body)))
	}
	form.Set(negativeName(goumai.NegStaffHiring), "no")
	form.Set("version", "1")
	post(staff, "/staff/projects/"+id, form, http.StatusSeeOther)
	post(staff, "/staff/projects/"+id+"/submit", url.Values{"version": {"2"}}, http.StatusSeeOther)
	if body := page(approver, "/staff/projects/"+id); strings.Contains(body, `id="negative_list_confirmed"`) {
		t.Errorf("the purchaser's step asks for the finance confirmation")
	}
	post(approver, "/staff/projects/"+id+"/decide", url.Values{"version": {"3"}, "action": {"approve"}}, http.StatusSeeOther)
	view := page(reviewer, "/staff/projects/"+id)
	for _, want := range []string{`id="negative_list_confirmed"`, `id="check-negative_keywords"><td>负面清单用语提示</td><td><code>ENG-B3</code></td><td class="result-warn">`,
		`id="negative-answers"`, "申报人逐项回答",
		// ENG-J1: earlier purchases of the service in the region, none evaluated in this world.
		`id="performance-record"`, "同类服务以往绩效评价"} {
		if !strings.Contains(view, want) {
			t.Errorf("the reviewer's page lacks %s", want)
		}
	}
	if n := strings.Count(view, `class="answer-no"`); n != len(rules.NegativeQuestions) {
		t.Errorf("the reviewer's page shows %d answers no, want %d", n, len(rules.NegativeQuestions))
	}
	body = post(reviewer, "/staff/projects/"+id+"/decide", url.Values{"version": {"4"}, "action": {"approve"}, "opinion": {"同意"}}, http.StatusUnprocessableEntity)
	if !strings.Contains(body, `id="action-error"`) || !strings.Contains(body, "ENG-B3") {
		t.Errorf("approval without confirmation: %s", visibleText([]byte(body)))
	}
	post(reviewer, "/staff/projects/"+id+"/decide", url.Values{"version": {"4"}, "action": {"approve"}, "opinion": {"已核对"}, "negative_list_confirmed": {"1"}}, http.StatusSeeOther)
	if !strings.Contains(page(staff, "/staff/projects/"+id), "已确认负面清单") {
		t.Errorf("the trail does not show the confirmation")
	}
}

// TestNegativeListAPI: the answers go through the API; a finance decision
// without the confirmation is refused with its field.
func TestNegativeListAPI(t *testing.T) {
	w := demoWorld(t)
	projectWorld(t, w)
	staff, approver, reviewer := w.token(t, "xihu.minzheng"), w.token(t, "xihu.minzheng.approver"), w.token(t, "xihu.reviewer")
	yes := rules.NoneApply()
	yes[goumai.NegFinancing] = true
	res := w.do(t, request{method: "POST", path: "/api/v1/projects", bearer: staff, body: mustJSON(t, projectBody(t, w, map[string]any{"negative_answers": yes}))})
	id, v := idOf(t, res)
	if a := res.json(t)["project"].(map[string]any)["negative_answers"].(map[string]any); a["financing"] != true || len(a) != len(rules.NegativeQuestions) {
		t.Errorf("answers as saved: %v", a)
	}
	step := func(tok, path string, body any, want int) response {
		t.Helper()
		res := w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/projects/%d/%s", id, path), bearer: tok, body: mustJSON(t, body)})
		if res.status != want {
			t.Fatalf("%s: %d, want %d: %s", path, res.status, want, compactJSON(res.body))
		}
		if want == 200 {
			_, v = idOf(t, res)
		}
		return res
	}
	m := step(staff, "submit", map[string]any{"version": v}, 422).json(t)
	if f, _ := m["fields"].(map[string]any); m["rule"] != "ENG-B3" || f["negative_answers.financing"] == nil {
		t.Errorf("submit with a yes: %v", m)
	}
	body := projectBody(t, w, map[string]any{"version": v})
	res = w.do(t, request{method: "PUT", path: fmt.Sprintf("/api/v1/projects/%d", id), bearer: staff, body: mustJSON(t, body)})
	_, v = idOf(t, res)
	step(staff, "submit", map[string]any{"version": v}, 200)
	step(approver, "decision", map[string]any{"version": v, "action": "approve"}, 200)
	m = step(reviewer, "decision", map[string]any{"version": v, "action": "approve"}, 422).json(t)
	if f, _ := m["fields"].(map[string]any); m["rule"] != "ENG-B3" || f["negative_list_confirmed"] == nil {
		t.Errorf("finance approval without confirmation: %v", m)
	}
	step(reviewer, "decision", map[string]any{"version": v, "action": "approve", "negative_list_confirmed": true}, 200)
	res = w.do(t, request{method: "GET", path: fmt.Sprintf("/api/v1/projects/%d", id), bearer: reviewer})
	reviews := res.json(t)["reviews"].([]any)
	if last := reviews[len(reviews)-1].(map[string]any); last["negative_list_confirmed"] != true {
		t.Errorf("the trail does not record the confirmation: %v", last)
	}
}
