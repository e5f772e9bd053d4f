package web

import (
	"bytes"
	"encoding/base64"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/goumai/goumai"
)

// postMultipart posts a multipart form with one file as a signed-in browser
// (with the session's CSRF token) and returns the response.
func (w *world) postMultipart(t *testing.T, path string, ss *session, fields map[string]string, fileName string, content []byte) response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fields["_csrf"] = ss.csrf
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if fileName != "" {
		fw, err := mw.CreateFormFile("file", fileName)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(content)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("POST", path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: ss.token})
	rec := httptest.NewRecorder()
	w.srv.ServeHTTP(rec, req)
	return response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

// TestSupplierPages walks the supplier's pages as its administrator would,
// then a finance department's import and the public bans, in a browser.
func TestSupplierPages(t *testing.T) {
	w := demoWorld(t)
	kang := w.org(t, kangningOrg)
	page := "/staff/supplier/" + strconv.FormatInt(kang.ID, 10)
	ss := w.login(t, supplier)

	if res := w.do(t, request{method: "GET", path: "/staff/supplier", session: ss}); res.status != http.StatusSeeOther || res.header.Get("Location") != page {
		t.Fatalf("own page redirect: %d %s", res.status, res.header.Get("Location"))
	}
	res := w.do(t, request{method: "GET", path: page, session: ss})
	if res.status != 200 || !strings.Contains(string(res.body), `id="profile-form"`) || !strings.Contains(string(res.body), `id="evidence-form"`) {
		t.Fatalf("supplier page: %d", res.status)
	}
	// The profile form: the ID number is kept only as its digest.
	p, err := w.store.SupplierProfile(t.Context(), kang.ID)
	must(t, err)
	res = w.do(t, request{method: "POST", path: page + "/profile", session: ss, csrf: true, form: map[string][]string{
		"head_name": {"王美华"}, "head_id": {"330106198001010019"}, "version": {strconv.Itoa(p.Version)}}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), "校验位") {
		t.Fatalf("a wrong check character: %d", res.status)
	}
	res = w.do(t, request{method: "POST", path: page + "/profile", session: ss, csrf: true, form: map[string][]string{
		"head_name": {"王美华"}, "head_id": {"11010519491231002X"}, "controller_name": {"王美华"}, "controller_person_id": {"11010519491231002X"},
		"version": {strconv.Itoa(p.Version)}}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("profile: %d %s", res.status, firstLine(res.body))
	}
	body := string(w.do(t, request{method: "GET", path: page + "?done=profile_saved", session: ss}).body)
	if !strings.Contains(body, "档案已保存") || strings.Contains(body, "11010519491231002X") {
		t.Errorf("profile page after saving: the flash, and never the ID number")
	}

	// Evidence: a PDF is stored; HTML named .pdf is refused on the file field.
	fields := func() map[string]string {
		return map[string]string{"kind": "financial", "title": "2025年度审计报告", "valid_from": "2026-03-01"}
	}
	res = w.postMultipart(t, page+"/evidence", ss, fields(), "审计报告.pdf", []byte("%PDF-1.7\naudit\n"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("evidence upload: %d %s", res.status, firstLine(res.body))
	}
	res = w.postMultipart(t, page+"/evidence", ss, fields(), "审计报告.pdf", []byte("<html><script>alert(1)</script>"))
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), "只接受 PDF") {
		t.Fatalf("html as pdf: %d", res.status)
	}
	es, err := w.svc.SupplierEvidence(t.Context(), goumai.System, kang.ID, true)
	must(t, err)
	var audit goumai.Evidence
	for _, e := range es {
		if e.Title == "2025年度审计报告" {
			audit = e
		}
	}
	if audit.ID == 0 {
		t.Fatal("the uploaded report is not current")
	}
	dl := w.do(t, request{method: "GET", path: page + "/evidence/" + strconv.FormatInt(audit.ID, 10), session: w.login(t, "zj.reviewer")})
	if dl.status != 200 || string(dl.body) != "%PDF-1.7\naudit\n" || dl.header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(dl.header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("download: %d %v", dl.status, dl.header)
	}

	// A key, then a check: the page shows the result and its rule.
	k, err := goumai.GenerateSigningKey(goumai.AlgSM2, nil)
	must(t, err)
	pub, err := k.Public()
	must(t, err)
	res = w.do(t, request{method: "POST", path: page + "/keys", session: ss, csrf: true, form: map[string][]string{"public_key": {pub.PEM}, "label": {"测试密钥"}}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("key: %d %s", res.status, firstLine(res.body))
	}
	res = w.do(t, request{method: "POST", path: page + "/keys", session: ss, csrf: true, form: map[string][]string{"public_key": {pub.PEM}}})
	if res.status != http.StatusConflict {
		t.Fatalf("the same key again: %d", res.status)
	}
	keys := w.do(t, request{method: "GET", path: "/api/v1/suppliers/" + strconv.FormatInt(kang.ID, 10) + "/keys"}).json(t)
	if !strings.Contains(compactJSON(mustBytes(t, keys)), pub.ID) {
		t.Errorf("the public key list does not show the new key")
	}

	// The finance department imports a ban on 康宁 (invented for the test); the check refuses under ENG-A5.
	fin := w.login(t, "xihu.reviewer")
	csv := "统一社会信用代码,名称,决定机关,文号,起始日期,截止日期,事由\n" + kang.CreditCode + "," + kang.Name + ",杭州市西湖区财政局,西财采〔2026〕9号,2026-01-01,2026-12-31,提供虚假材料\n"
	res = w.postMultipart(t, "/staff/credit-lists", fin, map[string]string{"kind": "ban", "source": "处罚决定书"}, "bans.csv", []byte(csv))
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "done=list_imported") {
		t.Fatalf("import: %d %s", res.status, firstLine(res.body))
	}
	bad := "统一社会信用代码,名称,决定机关,文号,起始日期,截止日期\n" + kang.CreditCode + ",x,y,z,2026-01-01,2031-01-01\n"
	res = w.postMultipart(t, "/staff/credit-lists", fin, map[string]string{"kind": "ban", "source": "处罚决定书"}, "bans.csv", []byte(bad))
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), "第2行 ENDS_ON") {
		t.Fatalf("a five-year ban: %d", res.status)
	}
	if body := string(w.do(t, request{method: "GET", path: "/bans"}).body); !strings.Contains(body, "西财采〔2026〕9号") {
		t.Errorf("the public bans page does not list the ban")
	}
	res = w.do(t, request{method: "POST", path: page + "/checks", session: fin, csrf: true, form: map[string][]string{"ref": {"测试采购 1 包"}}})
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "done=check_refused") {
		t.Fatalf("check: %d %s", res.status, res.header.Get("Location"))
	}
	body = string(w.do(t, request{method: "GET", path: page, session: ss}).body)
	if !strings.Contains(body, "ENG-A5") || !strings.Contains(body, "测试采购 1 包") {
		t.Errorf("the supplier's page does not show the refused check")
	}
	if body := string(w.do(t, request{method: "GET", path: "/staff/supplier-checks?result=refused", session: fin}).body); !strings.Contains(body, kang.Name) {
		t.Errorf("the finance checks page does not list 康宁's refusal")
	}
}

func mustBytes(t *testing.T, v any) []byte {
	t.Helper()
	return []byte(mustJSON(t, v))
}

// TestSupplierAPI: the API's operations, each answer checked against the
// document (world.do), with the errors that name their rules.
func TestSupplierAPI(t *testing.T) {
	w := demoWorld(t)
	kang := w.org(t, kangningOrg)
	base := "/api/v1/suppliers/" + strconv.FormatInt(kang.ID, 10)
	sup, fin, county := w.token(t, supplier), w.token(t, "zj.reviewer"), w.token(t, "xihu.reviewer")

	prof := w.do(t, request{method: "GET", path: base + "/profile", bearer: sup}).json(t)["profile"].(map[string]any)
	version := int(prof["version"].(float64))
	res := w.do(t, request{method: "PUT", path: base + "/profile", bearer: sup, body: mustJSON(t, map[string]any{
		"head_name": "王美华", "head_id": "11010519491231002X", "version": version, "managed_by": []string{"bad"}})})
	if e := res.json(t); res.status != 422 || e["fields"].(map[string]any)["managed_by.0"] == nil {
		t.Fatalf("bad managed_by: %d %s", res.status, res.body)
	}
	res = w.do(t, request{method: "PUT", path: base + "/profile", bearer: sup, body: mustJSON(t, map[string]any{
		"head_name": "王美华", "head_id": "11010519491231002X", "version": version + 5})})
	if res.status != http.StatusConflict {
		t.Fatalf("stale version: %d %s", res.status, res.body)
	}
	// A credit list of the wrong level names ENG-A4.
	res = w.do(t, request{method: "POST", path: "/api/v1/credit-lists", bearer: county, body: mustJSON(t, map[string]any{"kind": "tax_violation", "source": "x",
		"file": base64.StdEncoding.EncodeToString([]byte("CREDIT_CODE,NAME\n"))})})
	if res.status != 403 || res.json(t)["rule"] != "ENG-A4" {
		t.Fatalf("county imports a national list: %d %s", res.status, res.body)
	}
	res = w.do(t, request{method: "POST", path: "/api/v1/credit-lists", bearer: fin, body: mustJSON(t, map[string]any{"kind": "tax_violation", "source": "国家税务总局 重大税收违法失信主体 2026-03-01",
		"file": base64.StdEncoding.EncodeToString([]byte("CREDIT_CODE,NAME\n" + kang.CreditCode + "," + kang.Name + "\n"))})})
	if res.status != 201 {
		t.Fatalf("province imports: %d %s", res.status, res.body)
	}
	id := int64(res.json(t)["list"].(map[string]any)["id"].(float64))
	if res := w.do(t, request{method: "GET", path: "/api/v1/credit-lists/" + strconv.FormatInt(id, 10), bearer: fin}); res.status != 200 ||
		len(res.json(t)["entries"].([]any)) != 1 {
		t.Fatalf("the list: %d %s", res.status, res.body)
	}
	res = w.do(t, request{method: "POST", path: base + "/checks", bearer: fin, body: `{"ref": "API 核查", "at": "2026-04-01T09:00:00+08:00"}`})
	c := res.json(t)["check"].(map[string]any)
	if res.status != 201 || c["result"] != "refused" || c["rule"] == "" {
		t.Fatalf("check: %d %s", res.status, res.body)
	}
	hits := compactJSON(mustBytes(t, c["hits"]))
	if !strings.Contains(hits, "ENG-A4") {
		t.Errorf("the check does not name ENG-A4: %s", hits)
	}
	for _, path := range []string{base + "/checks?result=refused", "/api/v1/supplier-checks?result=refused", "/api/v1/credit-lists?kind=tax_violation&current=true", base + "/evidence?current=true"} {
		if res := w.do(t, request{method: "GET", path: path, bearer: fin}); res.status != 200 {
			t.Errorf("GET %s: %d %s", path, res.status, res.body)
		}
	}
	if res := w.do(t, request{method: "GET", path: "/api/v1/supplier-checks?result=maybe", bearer: fin}); res.status != 422 {
		t.Errorf("an unknown result: %d", res.status)
	}
}

// TestSupplierPagesTranslated fetches the supplier, list and ban pages in
// Chinese and English: no message key shows raw.
func TestSupplierPagesTranslated(t *testing.T) {
	w := demoWorld(t)
	kang := w.org(t, kangningOrg)
	page := "/staff/supplier/" + strconv.FormatInt(kang.ID, 10)
	keys := keyRE()
	for _, p := range []struct {
		path, who string
	}{
		{"/bans", ""}, {page, supplier}, {page + "?done=check_refused", supplier}, {page, "zj.reviewer"},
		{"/staff/supplier-checks", "zj.reviewer"}, {"/staff/credit-lists", "zj.reviewer"},
	} {
		for _, lang := range []string{"zh", "en"} {
			r := request{method: "GET", path: p.path, header: map[string]string{"Cookie": langCookie + "=" + lang}}
			if p.who != "" {
				r.header["Cookie"] += "; " + sessionCookie + "=" + w.login(t, p.who).token
			}
			res := w.do(t, r)
			if res.status != 200 {
				t.Fatalf("%s %s: %d", lang, p.path, res.status)
			}
			for _, m := range keys.FindAllStringSubmatch(visibleText(res.body), -1) {
				t.Errorf("%s %s: raw message key %q", lang, p.path, m[1])
			}
		}
	}
}
