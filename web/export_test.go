package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// pageRows counts the rows of the list table on a page: the tbody after
// marker, less the "no results" row.
func pageRows(t *testing.T, body, marker string) int {
	t.Helper()
	i := strings.Index(body, marker)
	if i < 0 {
		t.Fatalf("no %s on the page\n%s", marker, body)
	}
	body = body[i:]
	tb := body[strings.Index(body, "<tbody>"):strings.Index(body, "</tbody>")]
	if strings.Contains(tb, "colspan=") {
		return 0
	}
	return strings.Count(tb, "<tr>")
}

// nextPage is the page's link to the next page of the list at path, or "".
func nextPage(body, path string) string {
	for _, p := range []string{`href="` + path + `?after=`, `href="` + path + `?before=`} {
		if i := strings.Index(body, p); i >= 0 {
			rest := body[i+len(`href="`):]
			return html.UnescapeString(rest[:strings.Index(rest, `"`)])
		}
	}
	return ""
}

// csvRows reads a CSV download: it must start with the byte-order mark.
func csvRows(t *testing.T, res response) [][]string {
	t.Helper()
	if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") || !bytes.HasPrefix(res.body, []byte("\ufeff")) {
		t.Fatalf("CSV download = %d %s\n%s", res.status, res.header.Get("Content-Type"), res.body)
	}
	rows, err := csv.NewReader(bytes.NewReader(res.body[len("\ufeff"):])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// xlsxRows reads an Excel download's first sheet.
func xlsxRows(t *testing.T, res response) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(res.body))
	if res.status != 200 || err != nil {
		t.Fatalf("Excel download = %d, %v", res.status, err)
	}
	defer f.Close()
	rows, err := f.GetRows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestPublicListExport(t *testing.T) {
	w := demoWorld(t)
	// An organisation whose name a spreadsheet would read as a formula.
	if _, err := w.store.DB().ExecContext(context.Background(), `UPDATE orgs SET name = '=HYPERLINK("http://evil")' WHERE id = $1`,
		w.org(t, "杭州市西湖区民政局").ID); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path, marker, query, header, headerEn string
	}{
		{"/projects", `id="public-projects"`, "", "项目编号", "Code"},
		{"/projects", `id="public-projects"`, "?region=330106", "项目编号", ""},
		{"/procurements", `id="public-procurements"`, "", "", ""},
		{"/procurements", `id="public-procurements"`, "?status=tendering", "", ""},
		{"/notices", `id="notice-list"`, "", "", ""},
		{"/notices", `id="notice-list"`, "?kind=tender", "", ""},
		{"/orgs", `<table class="data">`, "", "", ""},
		{"/orgs", `<table class="data">`, "?role=supplier", "", ""},
	} {
		page := w.do(t, request{method: "GET", path: c.path + c.query})
		body := string(page.body)
		if page.status != 200 || !strings.Contains(body, c.path+"/export.csv") || !strings.Contains(body, "下载 CSV") || !strings.Contains(body, "下载 Excel") {
			t.Fatalf("GET %s%s = %d, no download links\n%s", c.path, c.query, page.status, body)
		}
		want := pageRows(t, body, c.marker)
		// The download holds every page of the list.
		for next := nextPage(body, c.path); next != ""; next = nextPage(body, c.path) {
			body = string(w.do(t, request{method: "GET", path: next}).body)
			want += pageRows(t, body, c.marker)
		}
		rows := csvRows(t, w.do(t, request{method: "GET", path: c.path + "/export.csv" + c.query}))
		if len(rows)-1 != want || (c.header != "" && rows[0][0] != c.header) {
			t.Errorf("%s/export.csv%s: %d rows (header %q), the page lists %d", c.path, c.query, len(rows)-1, rows[0], want)
		}
		if want == 0 && c.query == "" {
			t.Errorf("%s lists nothing in the demo world", c.path)
		}
		sheet := xlsxRows(t, w.do(t, request{method: "GET", path: c.path + "/export.xlsx" + c.query}))
		if len(sheet) != len(rows) {
			t.Errorf("%s/export.xlsx%s: %d rows, the CSV %d", c.path, c.query, len(sheet), len(rows))
		}
		if c.headerEn != "" {
			en := csvRows(t, w.do(t, request{method: "GET", path: c.path + "/export.csv" + c.query, header: map[string]string{"Cookie": langCookie + "=en"}}))
			if en[0][0] != c.headerEn {
				t.Errorf("%s/export.csv in English: header %q", c.path, en[0])
			}
		}
	}

	// The formula is text: quoted in the CSV, a string cell in the workbook.
	for _, p := range []string{"/orgs/export.csv", "/projects/export.csv"} {
		found := false
		for _, r := range csvRows(t, w.do(t, request{method: "GET", path: p})) {
			for _, c := range r {
				if strings.HasPrefix(c, "=") {
					t.Errorf("%s: cell %q is a formula", p, c)
				}
				found = found || c == `'=HYPERLINK("http://evil")`
			}
		}
		if !found {
			t.Errorf("%s: the formula is not there, neutralised", p)
		}
	}
	// In the workbook it is a text cell, never a formula.
	res := w.do(t, request{method: "GET", path: "/orgs/export.xlsx"})
	f, err := excelize.OpenReader(bytes.NewReader(res.body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Sheet1")
	found := false
	for i, r := range rows {
		for j, c := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if formula, _ := f.GetCellFormula("Sheet1", cell); formula != "" {
				t.Errorf("/orgs/export.xlsx: %s is the formula %q", cell, formula)
			}
			found = found || c == `=HYPERLINK("http://evil")`
		}
	}
	if !found {
		t.Error("/orgs/export.xlsx: the name is not there as text")
	}

	// Money in yuan with two decimals.
	rows = csvRows(t, w.do(t, request{method: "GET", path: "/projects/export.csv"}))
	for _, r := range rows[1:] {
		if a := r[3]; !strings.Contains(a, ".") || len(a)-strings.Index(a, ".") != 3 || strings.Contains(a, ",") {
			t.Errorf("amount %q is not yuan with two decimals", a)
		}
	}

	// A bad filter is refused as the page refuses it.
	for _, p := range []string{"/projects?status=bribed", "/procurements?method=bribery", "/notices?kind=bribery", "/notices?region=999999"} {
		path, query, _ := strings.Cut(p, "?")
		want := w.do(t, request{method: "GET", path: p}).status
		for _, ext := range []string{"csv", "xlsx"} {
			if got := w.do(t, request{method: "GET", path: path + "/export." + ext + "?" + query}).status; got != want || got < 400 || got >= 500 {
				t.Errorf("GET %s/export.%s?%s = %d, the page %d", path, ext, query, got, want)
			}
		}
	}
}

func TestCellText(t *testing.T) {
	if got := cellText("=1+1"); got != "'=1+1" {
		t.Errorf("cellText(=1+1) = %q", got)
	}
	for _, s := range []string{"+1", "-1", "@SUM(A1)"} {
		if cellText(s)[0] != '\'' {
			t.Errorf("cellText(%q) = %q", s, cellText(s))
		}
	}
}

func TestExportCutNote(t *testing.T) {
	w := demoWorld(t)
	h := w.srv.listExport("x", "csv", func(*http.Request, string) (exportTable, error) {
		return exportTable{Header: []string{"a"}, Rows: [][]string{{"1"}, {"2"}}, Cut: true}, nil
	})
	rec := httptest.NewRecorder()
	h(rec, httptest.NewRequest("GET", "/x/export.csv", nil))
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(rec.Body.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) != 4 || !strings.Contains(rows[3][0], "仅列出前 2 条") {
		t.Errorf("a cut download = %q, %v", rows, err)
	}
}
