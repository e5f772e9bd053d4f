package workflow_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// maxParseHeap bounds the heap the parse of one hostile file may hold; before
// the reader was bounded, the same files made it hold up to hundreds of
// megabytes (BENCHMARKS.md, "Budget import of hostile files").
const maxParseHeap = 32 << 20

// TestParseBudgetXLSXHostile feeds the budget import crafted files, each a
// few kilobytes that expand to hundreds of megabytes, and checks that each is
// refused with the limit it passes, and that the parse allocates less than
// maxParseHeap.
func TestParseBudgetXLSXHostile(t *testing.T) {
	const sheetHead = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	const sheetTail = `</sheetData></worksheet>`
	const sstHead = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
	header := `<row r="1">`
	for _, h := range headerEN {
		header += fmt.Sprintf(`<c t="inlineStr"><is><t>%s</t></is></c>`, h)
	}
	header += `</row>`
	for _, c := range []struct {
		name  string
		file  []byte
		limit string // in the English message; "" if the file is accepted
	}{
		{"shared strings: 39 MB, a zip bomb", xlsxWith(t, map[string]writeFunc{
			"xl/sharedStrings.xml": repeat(sstHead, `<si><t>a</t></si>`, `</sst>`, 2_300_000)}),
			"shared-string table is larger than 16 MB uncompressed"},
		{"shared strings: the size in the zip is a lie", xlsxLying(t, "xl/sharedStrings.xml", repeat(sstHead, `<si><t>a</t></si>`, `</sst>`, 500_000)),
			"not a valid .xlsx file"},
		{"shared strings: 900,000 in 15 MB", xlsxWith(t, map[string]writeFunc{
			"xl/sharedStrings.xml": repeat(sstHead, `<si><t>a</t></si>`, `</sst>`, 900_000)}),
			"more than 200000 shared strings"},
		{"shared strings: one of 10 MB", xlsxWith(t, map[string]writeFunc{
			"xl/sharedStrings.xml": repeat(sstHead+`<si><t>`, `aaaaaaaaaa`, `</t></si></sst>`, 1_000_000)}),
			"longer than 4096 bytes"},
		{"worksheet: 1,000,000 empty rows", xlsxWith(t, map[string]writeFunc{
			"xl/worksheets/sheet1.xml": repeat(sheetHead+header, `<row/>`, sheetTail, 1_000_000)}),
			"more than 10000 rows below the header"},
		{"worksheet: 30 MB, one cell", xlsxWith(t, map[string]writeFunc{
			"xl/worksheets/sheet1.xml": repeat(sheetHead+`<row><c t="inlineStr"><is><t>`, `aaaaaaaaaa`, `</t></is></c></row>`+sheetTail, 3_000_000)}),
			"worksheet is larger than 16 MB uncompressed"},
		{"worksheet: a cell of 10 MB", xlsxWith(t, map[string]writeFunc{
			"xl/worksheets/sheet1.xml": repeat(sheetHead+`<row><c t="inlineStr"><is><t>`, `aaaaaaaaaa`, `</t></is></c></row>`+sheetTail, 1_000_000)}),
			"cell A1 is longer than 4096 bytes"},
		{"worksheet: a CDATA section of 10 MB", xlsxWith(t, map[string]writeFunc{
			"xl/worksheets/sheet1.xml": repeat(sheetHead+`<row><c t="str"><v><![CDATA[`, `<<<<<<<<<<`, `]]></v></c></row>`+sheetTail, 1_000_000)}),
			"cell A1 is longer than 4096 bytes"},
		{"worksheet: a comment of 10 MB", xlsxWith(t, map[string]writeFunc{
			"xl/worksheets/sheet1.xml": repeat(sheetHead+`<!--`, `<<<<<>>>>-`, `-->`+sheetTail, 1_000_000)}),
			"longer than 4096 bytes"},
		{"worksheet: 1,000,000 cells in a row", xlsxWith(t, map[string]writeFunc{
			"xl/worksheets/sheet1.xml": repeat(sheetHead+`<row>`, `<c><v>1</v></c>`, `</row>`+sheetTail, 1_000_000)}),
			"row 1 has more than 64 columns"},
		{"worksheet: a cell in column XFD", xlsxWith(t, map[string]writeFunc{
			"xl/worksheets/sheet1.xml": repeat(sheetHead+`<row r="1"><c r="XFD1"><v>1</v></c></row>`, ``, sheetTail, 0)}),
			"row 1 has more than 64 columns"},
		{"worksheet: 1,000,000 nested elements", xlsxWith(t, map[string]writeFunc{
			"xl/worksheets/sheet1.xml": repeat(sheetHead+header+`<row r="2">`, `<x>`, `</row>`+sheetTail, 1_000_000)}),
			"nests deeper than 64 levels"},
		{"worksheet: DOCTYPE with entities", xlsxWith(t, map[string]writeFunc{
			"xl/worksheets/sheet1.xml": repeat(`<!DOCTYPE lol [<!ENTITY lol "lol">]>`+sheetHead, ``, sheetTail, 0)}),
			"DOCTYPE"},
		{"package: 60,000 parts", xlsxParts(t, 60_000),
			"more than 1000 parts"},
		// Parts the reader never opens cost nothing, however large: the
		// styles decoded 8 MB of <xf/> into 1.4 GB and accepted the file.
		{"styles: 1,600,000 formats", xlsxWith(t, map[string]writeFunc{
			"xl/styles.xml": repeat(`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>`, `<xf/>`, `</cellXfs></styleSheet>`, 1_600_000)}),
			""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var rows []workflow.ImportRow
			var err error
			n := peakHeap(t, func() { rows, err = workflow.ParseBudgetXLSX(bytes.NewReader(c.file)) })
			if c.limit == "" {
				if err != nil || len(rows) != 1 {
					t.Errorf("%d rows, %v; want the one line", len(rows), err)
				}
			} else if e := goumai.AsError(err); e.Code != goumai.EInvalid || !strings.Contains(e.Fields["file"].EN, c.limit) || e.Fields["file"].ZH == "" {
				t.Errorf("%v; want invalid, file: …%s…", err, c.limit)
			}
			t.Logf("%d KB file: peak heap %.1f MB", len(c.file)>>10, float64(n)/(1<<20))
			if n > maxParseHeap {
				t.Errorf("the parse of %d KB held %d MB, want < %d MB", len(c.file)>>10, n>>20, maxParseHeap>>20)
			}
		})
	}
}

// TestParseBudgetXLSXLimitsFit checks that a full import (MaxImportRows
// lines) is inside every limit, and a line more is refused.
func TestParseBudgetXLSXLimitsFit(t *testing.T) {
	data := [][]any{headerEN}
	for i := range workflow.MaxImportRows {
		data = append(data, row(fmt.Sprintf("L%05d", i), fmt.Sprintf("第%d项服务：居家养老上门服务", i), "12345.67", ""))
	}
	rows, err := workflow.ParseBudgetXLSX(bytes.NewReader(sheet(t, data)))
	if err != nil || len(rows) != workflow.MaxImportRows {
		t.Fatalf("%d rows, %v; want %d", len(rows), err, workflow.MaxImportRows)
	}
	data = append(data, row("L99999", "多一行", "1", ""))
	if _, err := workflow.ParseBudgetXLSX(bytes.NewReader(sheet(t, data))); !strings.Contains(goumai.AsError(err).Fields["file"].EN, "more than 10000 rows") {
		t.Errorf("%d lines: %v, want the row limit", workflow.MaxImportRows+1, err)
	}
}

// peakHeap returns the most heap that f held live at once, above what was
// live before, as the garbage collector saw it: the collector runs whenever
// the heap grows by 5 % (GOGC=5) and a finalizer reads the live heap after
// every cycle, so an allocation cannot grow the heap far before it is counted.
func peakHeap(t *testing.T, f func()) uint64 {
	t.Helper()
	defer debug.SetGCPercent(debug.SetGCPercent(5))
	live := func() uint64 {
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	runtime.GC()
	base := live()
	var (
		mu      sync.Mutex
		peak    uint64
		cycles  int
		stopped bool
	)
	var arm func()
	arm = func() {
		runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) {
			mu.Lock()
			defer mu.Unlock()
			peak, cycles = max(peak, live()), cycles+1
			if !stopped {
				arm()
			}
		})
	}
	arm()
	f()
	for range 2 { // the last cycle's finalizer runs after the next one
		runtime.GC()
	}
	mu.Lock()
	defer mu.Unlock()
	stopped = true
	if cycles == 0 {
		t.Fatal("peakHeap: no collection was observed")
	}
	return max(peak, base) - base
}

// gcSentinel is an object whose finalizer marks a garbage collection; it
// holds a pointer so that it is not packed with other objects.
type gcSentinel struct{ _ *int }

// writeFunc writes the content of one part.
type writeFunc func(io.Writer) error

// repeat writes head, n copies of unit, then tail.
func repeat(head, unit, tail string, n int) writeFunc {
	return func(w io.Writer) error {
		if _, err := io.WriteString(w, head); err != nil {
			return err
		}
		block := strings.Repeat(unit, 1000)
		for i := 0; i < n; i += 1000 {
			if n-i < 1000 {
				block = strings.Repeat(unit, n-i)
			}
			if _, err := io.WriteString(w, block); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, tail)
		return err
	}
}

// xlsxWith returns a budget sheet of one line whose named parts are replaced
// (or added) by the output of their functions.
func xlsxWith(t *testing.T, parts map[string]writeFunc) []byte {
	t.Helper()
	entries := map[string]entryFunc{}
	for name, fn := range parts {
		entries[name] = func(zw *zip.Writer, name string) error {
			w, err := zw.Create(name)
			if err != nil {
				return err
			}
			return fn(w)
		}
	}
	return rezip(t, entries)
}

// xlsxLying is xlsxWith one part, whose zip entry says it holds 1 KB.
func xlsxLying(t *testing.T, name string, fn writeFunc) []byte {
	t.Helper()
	var raw, deflated bytes.Buffer
	if err := fn(&raw); err != nil {
		t.Fatal(err)
	}
	fw, err := flate.NewWriter(&deflated, flate.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(raw.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	return rezip(t, map[string]entryFunc{name: func(zw *zip.Writer, name string) error {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(raw.Bytes()),
			CompressedSize64: uint64(deflated.Len()), UncompressedSize64: 1 << 10})
		if err != nil {
			return err
		}
		_, err = w.Write(deflated.Bytes())
		return err
	}})
}

// xlsxParts returns a budget sheet of one line with n empty parts added.
func xlsxParts(t *testing.T, n int) []byte {
	t.Helper()
	entries := map[string]entryFunc{}
	entries["x/0"] = func(zw *zip.Writer, _ string) error {
		for i := range n {
			if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("x/%d", i), Method: zip.Store}); err != nil {
				return err
			}
		}
		return nil
	}
	return rezip(t, entries)
}

// entryFunc writes the zip entry (or entries) for one name.
type entryFunc func(zw *zip.Writer, name string) error

// rezip copies a budget sheet of one line, replacing or adding entries.
func rezip(t *testing.T, entries map[string]entryFunc) []byte {
	t.Helper()
	base := sheet(t, [][]any{headerEN, row("B001", "养老服务", "1", "")})
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		fn, ok := entries[f.Name]
		if !ok {
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		delete(entries, f.Name)
		if err := fn(zw, f.Name); err != nil {
			t.Fatal(err)
		}
	}
	for name, fn := range entries {
		if err := fn(zw, name); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestParseBudgetXLSXText: a cell holding a control character (written by
// the format's _xHHHH_ escape, which spreadsheet programs use for them) is
// refused on its row and column, as text at the boundary must be.
func TestParseBudgetXLSXText(t *testing.T) {
	const head = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	cell := func(v string) string { return `<c t="inlineStr"><is><t>` + v + `</t></is></c>` }
	row := func(cells ...string) string { return `<row>` + strings.Join(cells, "") + `</row>` }
	var header []string
	for _, h := range []string{"MOF_DIV_CODE", "FISCAL_YEAR", "AGENCY_CODE", "PRO_NAME", "BGT_ID", "AMT"} {
		header = append(header, cell(h))
	}
	body := head + row(header...) +
		row(cell("330106"), cell("2026"), cell("106001"), cell("养老_x0000_服务"), cell("B001"), cell("100")) +
		row(cell("330106"), cell("2026"), cell("106001"), cell("助残_x001B_服务"), cell("B002"), cell("100")) +
		row(cell("330106"), cell("2026"), cell("106001"), cell("助餐服务"), cell("B003"), cell("100")) + `</sheetData></worksheet>`
	file := xlsxWith(t, map[string]writeFunc{"xl/worksheets/sheet1.xml": repeat(body, "", "", 0)})
	_, err := workflow.ParseBudgetXLSX(bytes.NewReader(file))
	e := goumai.AsError(err)
	if e.Code != goumai.EInvalid || e.Fields["2.PRO_NAME"].EN == "" || e.Fields["3.PRO_NAME"].EN == "" || e.Fields["4.PRO_NAME"].EN != "" {
		t.Errorf("control characters in cells: %v", err)
	}
}
