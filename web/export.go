package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/goumai/goumai"
)

// The portal lists' downloads (issue 11): every public list (the search,
// projects, procedures, notices, organisations) downloads as CSV (UTF-8 with
// a byte-order mark, for Excel) or as an Excel workbook, with the page's
// filters and the page's columns, headed in the request's language.

// listExportMax is the most rows a list's download holds; a longer list is
// cut, and a last row says so.
const listExportMax = 5000

func init() { funcs["exportMax"] = func() int { return listExportMax } }

// exportFormats are the downloads' formats, by the route's extension.
var exportFormats = []string{"csv", "xlsx"}

// exportTable is a download: the header and the rows as shown on the page.
type exportTable struct {
	Header []string
	Rows   [][]string
	Cut    bool // more rows matched than the download holds
}

// listExportRoutes registers path/export.csv and path/export.xlsx, public,
// writing what rows returns.
func (s *Server) listExportRoutes(rt *router, path, name string, rows func(r *http.Request, lang string) (exportTable, error)) {
	for _, format := range exportFormats {
		rt.page(path+"/export."+format, Public, s.listExport(name, format, rows))
	}
}

// listExport writes the table rows returns as a download named name.format.
func (s *Server) listExport(name, format string, rows func(r *http.Request, lang string) (exportTable, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		lang := infoOf(r).lang
		t, err := rows(r, lang)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		table := append([][]string{t.Header}, t.Rows...)
		if t.Cut {
			table = append(table, []string{fmt.Sprintf(tr(lang, "export.cut"), len(t.Rows))})
		}
		s.writeTable(w, r, name, format, table)
	}
}

// exportLinks are the page's download links for the list at path with the
// page's filters (paging dropped).
func exportLinks(path string, filters url.Values) map[string]string {
	v := url.Values{}
	for k, vs := range filters {
		if k == "after" || k == "before" || k == "lang" {
			continue
		}
		for _, x := range vs {
			if x = strings.TrimSpace(x); x != "" {
				v.Add(k, x)
			}
		}
	}
	q := ""
	if len(v) > 0 {
		q = "?" + v.Encode()
	}
	return map[string]string{"CSV": path + "/export.csv" + q, "XLSX": path + "/export.xlsx" + q}
}

// exportYuan is an amount in 元 with two decimals, without separators, so a
// spreadsheet reads it as a number.
func exportYuan(v goumai.Fen) string { return strings.ReplaceAll(v.Yuan(), ",", "") }

// exportTime is a time in China time, as the pages show it.
func exportTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(goumai.Shanghai).Format("2006-01-02 15:04")
}

// writeTable writes table (its header first) as CSV or as an Excel workbook,
// every cell protected from being read as a formula.
func (s *Server) writeTable(w http.ResponseWriter, r *http.Request, name, format string, table [][]string) {
	var buf bytes.Buffer
	if format == "csv" {
		buf.WriteString("\ufeff")
		cw := csv.NewWriter(&buf)
		for _, rec := range table {
			out := make([]string, len(rec))
			for i, c := range rec {
				out[i] = cellText(c)
			}
			cw.Write(out)
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	} else {
		if err := writeSheet(&buf, table); err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.`+format+`"`)
	w.Write(buf.Bytes())
}

// cellText keeps a spreadsheet from reading a cell as a formula (CSV
// injection): text starting with = + - @ or a control character is prefixed
// with an apostrophe.
func cellText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// writeSheet writes rows as the first sheet of a workbook, every cell as a
// text cell (never a formula).
func writeSheet(w *bytes.Buffer, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	for i, rec := range rows {
		cells := make([]any, len(rec))
		for j, c := range rec {
			cells[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}
