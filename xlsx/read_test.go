package xlsx_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/xlsx"
)

var limits = xlsx.Limits{FileBytes: 1 << 20, Parts: 100, XMLBytes: 1 << 20, SharedStrings: 1000, Rows: 100, Columns: 20, CellBytes: 100}

// read returns the rows ReadFirstSheet reports, by row number.
func read(t *testing.T, l xlsx.Limits, file []byte) (map[int][]string, error) {
	t.Helper()
	got := map[int][]string{}
	err := l.ReadFirstSheet(bytes.NewReader(file), func(row int, cells []string) error {
		if _, dup := got[row]; dup {
			t.Errorf("row %d reported twice", row)
		}
		got[row] = slices.Clone(cells)
		return nil
	})
	return got, err
}

// TestReadMatchesExcelize reads files written by excelize, through its cell
// API and its stream writer, and compares the cells with what excelize's
// GetRows returns for them (raw values, blank rows and trailing blank cells
// left out).
func TestReadMatchesExcelize(t *testing.T) {
	cellAPI := func(t *testing.T) *excelize.File {
		f := excelize.NewFile()
		for cell, v := range map[string]any{
			"A1": "名称", "B1": " leading and trailing ", "C1": "a\r\nb", "D1": "x_x000D_y", "E1": "<&>\"'",
			"A2": 12, "B2": 1.25, "C2": -3e-7, "D2": true, "E2": false,
			"A4": "after a blank row", "C4": "after a blank cell",
			"T5": "last column",
		} {
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.SetCellRichText("Sheet1", "B6", []excelize.RichTextRun{{Text: "富"}, {Text: "文本", Font: &excelize.Font{Bold: true}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.NewSheet("Second"); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellValue("Second", "A1", "not the first sheet"); err != nil {
			t.Fatal(err)
		}
		return f
	}
	streamed := func(t *testing.T) *excelize.File {
		f := excelize.NewFile()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range [][]any{{"MOF_DIV_CODE", "AMT"}, {"330106", "1200000.50"}, {nil, 7, "中文"}} {
			cell, err := excelize.CoordinatesToCellName(1, 2*i+1)
			if err != nil {
				t.Fatal(err)
			}
			if err := sw.SetRow(cell, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
		return f
	}
	for name, build := range map[string]func(*testing.T) *excelize.File{"cell API": cellAPI, "stream writer": streamed} {
		t.Run(name, func(t *testing.T) {
			f := build(t)
			var buf bytes.Buffer
			if err := f.Write(&buf); err != nil {
				t.Fatal(err)
			}
			rows, err := f.GetRows("Sheet1", excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			want := map[int][]string{}
			for i, r := range rows {
				for len(r) > 0 && r[len(r)-1] == "" {
					r = r[:len(r)-1]
				}
				if len(r) > 0 {
					want[i+1] = r
				}
			}
			if len(want) < 3 {
				t.Fatalf("the fixture has %d rows with text", len(want))
			}
			got, err := read(t, limits, buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("cells (-excelize +ReadFirstSheet):\n%s", d)
			}
		})
	}
}

// TestReadPackages reads hand-written packages in the shapes spreadsheet
// applications write: prefixed elements, the strict (ISO) namespaces,
// absolute targets, a first sheet that is not sheet1.xml, cells and rows
// without references, phonetic runs, escapes.
func TestReadPackages(t *testing.T) {
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	for _, c := range []struct {
		name  string
		parts map[string]string
		want  map[int][]string
	}{
		{"prefixed elements, no references", map[string]string{
			"xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
<x:row><x:c t="inlineStr"><x:is><x:t>p</x:t></x:is></x:c><x:c><x:v>2</x:v></x:c></x:row>
<x:row><x:c/><x:c t="s"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
			"xl/sharedStrings.xml": `<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:si><x:t>shared</x:t></x:si></x:sst>`,
		}, map[int][]string{1: {"p", "2"}, 2: {"", "shared"}}},
		{"strict namespaces, absolute targets, first sheet elsewhere", map[string]string{
			"_rels/.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="/book/main.xml"/></Relationships>`,
			"book/main.xml": `<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships">
<sheets><sheet name="数据" sheetId="2" r:id="rId7"/><sheet name="说明" sheetId="1" r:id="rId1"/></sheets></workbook>`,
			"book/_rels/main.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="sheets/notes.xml"/>
<Relationship Id="rId9" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/sharedStrings" Target="/book/strings.xml"/>
<Relationship Id="rId7" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="sheets/../sheets/data.xml"/></Relationships>`,
			"book/sheets/notes.xml": `<worksheet ` + ns + `><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>wrong sheet</t></is></c></row></sheetData></worksheet>`,
			"book/sheets/data.xml": `<worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><sheetData>
<row r="3"><c r="B3" t="s"><v>1</v></c><c r="D3" t="e"><v>#N/A</v></c><c r="E3" t="str"><f>A1&amp;"x"</f><v>yx</v></c></row></sheetData></worksheet>`,
			"book/strings.xml": `<sst xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><si><t>zero</t></si>
<si><r><t>東</t></r><r><rPr><b/></rPr><t xml:space="preserve">京 </t></r><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si></sst>`,
			"xl/workbook.xml": "",
		}, map[int][]string{3: {"", "東京 ", "", "#N/A", "yx"}}},
		{"escapes", map[string]string{
			"xl/worksheets/sheet1.xml": `<worksheet ` + ns + `><sheetData><row r="2"><c r="A2" t="inlineStr"><is><t>a_x000D_b _x005F_x000D_ _x00e9_ _xZZZZ_ &amp;&#x4E2D;&lt;</t></is></c></row></sheetData></worksheet>`,
		}, map[int][]string{2: {"a\rb _x000D_ é _xZZZZ_ &中<"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := read(t, limits, pkg(t, c.parts))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("cells (-want +got):\n%s", d)
			}
		})
	}
}

// TestReadRefuses checks the refusals that do not need a large file: each
// limit at its edge, and malformed packages.
func TestReadRefuses(t *testing.T) {
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	cells := func(n int, text string) string {
		return `<worksheet ` + ns + `><sheetData><row>` + strings.Repeat(`<c t="inlineStr"><is><t>`+text+`</t></is></c>`, n) + `</row></sheetData></worksheet>`
	}
	rows := func(n int) string {
		return `<worksheet ` + ns + `><sheetData>` + strings.Repeat(`<row><c><v>1</v></c></row>`, n) + `</sheetData></worksheet>`
	}
	strs := func(n int) string {
		return `<sst ` + ns + `>` + strings.Repeat(`<si><t>s</t></si>`, n) + `</sst>`
	}
	for _, c := range []struct {
		name  string
		parts map[string]string
		want  string // in the English message of the field "file"; "" if accepted
	}{
		{"20 columns", map[string]string{"xl/worksheets/sheet1.xml": cells(20, "x")}, ""},
		{"21 columns", map[string]string{"xl/worksheets/sheet1.xml": cells(21, "x")}, "row 1 has more than 20 columns"},
		{"a cell of 100 bytes", map[string]string{"xl/worksheets/sheet1.xml": cells(1, strings.Repeat("x", 100))}, ""},
		{"a cell of 101 bytes", map[string]string{"xl/worksheets/sheet1.xml": cells(1, strings.Repeat("x", 101))}, "cell A1 is longer than 100 bytes"},
		{"a shared string of 101 bytes", map[string]string{"xl/sharedStrings.xml": `<sst ` + ns + `><si><t>` + strings.Repeat("x", 101) + `</t></si></sst>`}, "a cell's text is longer than 100 bytes"},
		{"header and 100 rows", map[string]string{"xl/worksheets/sheet1.xml": rows(101)}, ""},
		{"header and 101 rows", map[string]string{"xl/worksheets/sheet1.xml": rows(102)}, "more than 100 rows below the header (blank rows count); row 102 is beyond"},
		{"a blank row 102", map[string]string{"xl/worksheets/sheet1.xml": `<worksheet ` + ns + `><sheetData><row r="102"/></sheetData></worksheet>`}, "row 102 is beyond"},
		{"1000 shared strings", map[string]string{"xl/sharedStrings.xml": strs(1000)}, ""},
		{"1001 shared strings", map[string]string{"xl/sharedStrings.xml": strs(1001)}, "more than 1000 shared strings"},
		{"a part over 1 MB", map[string]string{"xl/worksheets/sheet1.xml": rows(1 << 20 / 25)}, "the worksheet is larger than 1 MB uncompressed"},
		{"rows out of order", map[string]string{"xl/worksheets/sheet1.xml": `<worksheet ` + ns + `><sheetData><row r="2"/><row r="1"/></sheetData></worksheet>`}, "not a valid .xlsx file"},
		{"cells out of order", map[string]string{"xl/worksheets/sheet1.xml": `<worksheet ` + ns + `><sheetData><row><c r="B1"/><c r="A1"/></row></sheetData></worksheet>`}, "not a valid .xlsx file"},
		{"a shared string that is not there", map[string]string{"xl/worksheets/sheet1.xml": `<worksheet ` + ns + `><sheetData><row><c t="s"><v>3</v></c></row></sheetData></worksheet>`}, "not a valid .xlsx file"},
		{"no worksheet", map[string]string{"xl/worksheets/sheet1.xml": ""}, "not a valid .xlsx file"},
		{"no workbook", map[string]string{"xl/workbook.xml": ""}, "not a valid .xlsx file"},
		{"malformed XML", map[string]string{"xl/worksheets/sheet1.xml": `<worksheet ` + ns + `><sheetData><row></c></sheetData>`}, "not a valid .xlsx file"},
		{"an entity", map[string]string{"xl/worksheets/sheet1.xml": `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet ` + ns + `><sheetData><row><c t="str"><v>&e;</v></c></row></sheetData></worksheet>`}, "DOCTYPE"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := read(t, limits, pkg(t, c.parts))
			if c.want == "" {
				if err != nil {
					t.Errorf("%v, want it accepted", err)
				}
				return
			}
			if e := goumai.AsError(err); e.Code != goumai.EInvalid || !strings.Contains(e.Fields["file"].EN, c.want) || e.Fields["file"].ZH == "" {
				t.Errorf("%v, want invalid, file: …%s…", err, c.want)
			}
		})
	}
	t.Run("not a zip", func(t *testing.T) {
		if _, err := read(t, limits, []byte("PK not really")); goumai.AsError(err).Fields["file"].EN != "not a valid .xlsx file" {
			t.Errorf("%v, want not a valid .xlsx file", err)
		}
	})
	t.Run("too large", func(t *testing.T) {
		l := limits
		l.FileBytes = 1000
		if _, err := read(t, l, make([]byte, 1001)); goumai.AsError(err).Fields["file"].EN != "the file is larger than the 1000 bytes limit" {
			t.Errorf("%v, want the file limit", err)
		}
	})
	t.Run("101 parts", func(t *testing.T) {
		parts := map[string]string{}
		for i := range 101 - len(pkgDefaults) {
			parts["extra/"+strings.Repeat("x", i+1)] = "x"
		}
		if _, err := read(t, limits, pkg(t, parts)); goumai.AsError(err).Fields["file"].EN != "the file has more than 100 parts" {
			t.Errorf("%v, want the parts limit", err)
		}
	})
	t.Run("a limit left at zero", func(t *testing.T) {
		l := limits
		l.CellBytes = 0
		if _, err := read(t, l, pkg(t, nil)); err == nil || goumai.ErrorCode(err) != goumai.EInternal {
			t.Errorf("%v, want an internal error", err)
		}
	})
	t.Run("the callback's error", func(t *testing.T) {
		stop := errors.New("stop")
		if err := limits.ReadFirstSheet(bytes.NewReader(pkg(t, nil)), func(int, []string) error { return stop }); err != stop {
			t.Errorf("%v, want the callback's error as is", err)
		}
	})
}

// pkgDefaults are the parts of a minimal package: one worksheet with one cell.
var pkgDefaults = map[string]string{
	"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
	"_rels/.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
	"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
	"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
	"xl/worksheets/sheet1.xml": `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`,
	"xl/sharedStrings.xml":     `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>a</t></si></sst>`,
}

// pkg zips pkgDefaults with parts replacing them (an empty part is left out).
func pkg(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	all := maps.Clone(pkgDefaults)
	maps.Copy(all, parts)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(all)) {
		if all[name] == "" {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(all[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
