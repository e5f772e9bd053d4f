// Package xlsx reads the cells of an uploaded .xlsx spreadsheet within fixed
// limits, whatever the file holds.
//
// An .xlsx file is a zip archive of XML parts; a few kilobytes can decompress
// to gigabytes, and a general spreadsheet library decodes whole parts
// (styles, shared strings, rows) into memory before its caller can look at
// them. This reader opens only the parts that lead to the first worksheet,
// the shared-string table and that worksheet; checks each part's declared
// size before decompressing it; and streams the XML token by token, refusing
// as soon as a limit is passed. It holds at most the upload, the shared
// strings (at most Limits.XMLBytes of text), one row (Columns × CellBytes) and
// one XML token (8 × CellBytes + 64 KB), and reads at most XMLBytes per part.
package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
)

// Limits bounds what reading one spreadsheet may cost. Every field must be
// positive. Each import declares its own (workflow.BudgetSheetLimits); the
// HTTP side reads FileBytes to cap the request body.
type Limits struct {
	FileBytes     int64 // the file as uploaded
	Parts         int   // entries of the zip archive
	XMLBytes      int64 // each part read (workbook, relationships, shared strings, worksheet), decompressed
	SharedStrings int   // entries of the shared-string table
	Rows          int   // rows below the first (the header), blank ones included
	Columns       int   // columns of any row, blank cells included
	CellBytes     int   // one cell's text, in bytes of UTF-8
}

// tokenBytes bounds one XML token. Escapes (&amp;, &#x4E2D;) make a cell's XML
// longer than its text; a longer token is reported as a long cell.
func (l Limits) tokenBytes() int { return 8*l.CellBytes + 64<<10 }

// ReadFirstSheet calls fn, in order, for each row of the workbook's first
// worksheet that has a cell with text, with the row number (1 is the first
// row) and the row's cells from column A (a missing cell is ""; trailing empty
// cells are left out). Values are as stored: numbers unformatted, formulas as
// their cached result. fn must not keep cells: the slice is reused.
//
// A file that is not an .xlsx, or that passes a limit, is refused with an
// EInvalid error on the field "file" that names the limit; fn's own error is
// returned as is.
func (l Limits) ReadFirstSheet(r io.Reader, fn func(row int, cells []string) error) error {
	if l.FileBytes <= 0 || l.Parts <= 0 || l.XMLBytes <= 0 || l.SharedStrings <= 0 || l.Rows <= 0 || l.Columns <= 0 || l.CellBytes <= 0 {
		return fmt.Errorf("xlsx: every limit must be positive: %+v", l)
	}
	data, err := io.ReadAll(io.LimitReader(r, l.FileBytes+1))
	if err != nil {
		return fmt.Errorf("read spreadsheet: %w", err)
	}
	if int64(len(data)) > l.FileBytes {
		return refuse(fmt.Sprintf("文件超过%s上限", size(l.FileBytes, "")), fmt.Sprintf("the file is larger than the %s limit", size(l.FileBytes, " ")))
	}
	// archive/zip allocates a few hundred bytes per directory entry before
	// anything can be checked; each entry starts with this signature, so its
	// count bounds theirs.
	if bytes.Count(data, []byte("PK\x01\x02")) > l.Parts {
		return refuse(fmt.Sprintf("文件包含超过%d个部件", l.Parts), fmt.Sprintf("the file has more than %d parts", l.Parts))
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return errNotXLSX
	}
	b := &book{Limits: l, parts: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		b.parts[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
	}
	sheet, sst, err := b.locate()
	if err != nil {
		return err
	}
	if sst != "" {
		if err := b.readSharedStrings(sst); err != nil {
			return err
		}
	}
	return b.readSheet(sheet, fn)
}

var errNotXLSX = refuse("不是有效的 .xlsx 文件", "not a valid .xlsx file")

func refuse(zh, en string) error { return goumai.Fields{"file": goumai.M(zh, en)}.Err() }

// size writes a byte count for a message, the unit after sep: "10MB", "10 MB".
func size(n int64, sep string) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + sep + "MB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + sep + "KB"
	}
	return strconv.FormatInt(n, 10) + sep + "bytes"
}

// book is one open archive.
type book struct {
	Limits
	parts map[string]*zip.File // by lower-case name: part names are case-insensitive
	sst   []string
}

// maxDepth bounds how deep elements nest; a worksheet needs about ten levels.
const maxDepth = 64

var (
	errNesting = errors.New("xlsx: elements do not nest")
	errDeep    = errors.New("xlsx: elements nest too deep")
)

// decoder reads a part's tokens and checks that its elements nest, at most
// maxDepth deep (xml.Decoder.RawToken checks neither).
type decoder struct {
	*xml.Decoder
	open []xml.Name
}

// next returns the next token; io.EOF only once every element is closed.
func (d *decoder) next() (xml.Token, error) {
	tok, err := d.RawToken()
	if err == io.EOF && len(d.open) > 0 {
		return nil, errNesting
	}
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case xml.StartElement:
		if len(d.open) == maxDepth {
			return nil, errDeep
		}
		d.open = append(d.open, t.Name)
	case xml.EndElement:
		if len(d.open) == 0 || d.open[len(d.open)-1] != t.Name {
			return nil, errNesting
		}
		d.open = d.open[:len(d.open)-1]
	}
	return tok, nil
}

// open returns a decoder over the named part, or nil if there is none, after
// checking its declared size (archive/zip fails a read past it).
func (b *book) open(name, whatZH, whatEN string) (*decoder, io.Closer, error) {
	f := b.parts[strings.ToLower(name)]
	if f == nil {
		return nil, nil, nil
	}
	if f.UncompressedSize64 > uint64(b.XMLBytes) {
		return nil, nil, refuse(fmt.Sprintf("%s解压后超过%s上限", whatZH, size(b.XMLBytes, "")), fmt.Sprintf("the %s is larger than %s uncompressed", whatEN, size(b.XMLBytes, " ")))
	}
	rc, err := f.Open()
	if err != nil {
		return nil, nil, errNotXLSX
	}
	return &decoder{Decoder: xml.NewDecoder(&tokenLimiter{r: rc, max: b.tokenBytes()})}, rc, nil
}

// locate finds the first worksheet and the shared-string table through the
// package and workbook relationships.
func (b *book) locate() (sheet, sst string, err error) {
	wb := "xl/workbook.xml"
	if t, err := b.relTargets("_rels/.rels", "", "/officeDocument", ""); err != nil {
		return "", "", err
	} else if t[0] != "" {
		wb = t[0]
	}
	var id string
	err = b.each(wb, "工作簿", "workbook", func(tok xml.StartElement) (bool, error) {
		if tok.Name.Local != "sheet" {
			return false, nil
		}
		for _, a := range tok.Attr {
			if a.Name.Local == "id" && a.Name.Space != "" {
				id = a.Value
			}
		}
		return true, nil
	})
	if err != nil {
		return "", "", err
	}
	if id == "" {
		return "", "", errNotXLSX
	}
	dir, file := path.Split(wb)
	t, err := b.relTargets(dir+"_rels/"+file+".rels", dir, "", id)
	if err != nil {
		return "", "", err
	}
	if t[0] == "" {
		return "", "", errNotXLSX
	}
	return t[0], t[1], nil
}

// relTargets reads a relationships part and returns the target of the first
// relationship whose type ends with typ (or whose id is id), and the target of
// the shared-string table; targets are resolved against dir.
func (b *book) relTargets(name, dir, typ, id string) ([2]string, error) {
	var t [2]string
	err := b.each(name, "关系部件", "relationships part", func(tok xml.StartElement) (bool, error) {
		if tok.Name.Local != "Relationship" {
			return false, nil
		}
		var rid, rtype, target string
		for _, a := range tok.Attr {
			switch a.Name.Local {
			case "Id":
				rid = a.Value
			case "Type":
				rtype = a.Value
			case "Target":
				target = a.Value
			}
		}
		if strings.HasPrefix(target, "/") {
			target = path.Clean(target[1:])
		} else {
			target = path.Clean(dir + target)
		}
		switch {
		case t[0] == "" && (typ != "" && strings.HasSuffix(rtype, typ) || id != "" && rid == id):
			t[0] = target
		case t[1] == "" && strings.HasSuffix(rtype, "/sharedStrings"):
			t[1] = target
		}
		return t[0] != "" && (typ != "" || t[1] != ""), nil
	})
	return t, err
}

// each calls fn for each start element of a part until fn says it is done.
// A missing part is no error: each returns without calling fn.
func (b *book) each(name, whatZH, whatEN string, fn func(xml.StartElement) (bool, error)) error {
	_, err := b.walk(name, whatZH, whatEN, nil, func(tok xml.Token) (bool, error) {
		if s, ok := tok.(xml.StartElement); ok {
			return fn(s)
		}
		return false, nil
	})
	return err
}

// walk calls fn for each token of a part until fn says it is done or the
// part ends; found is false if there is no such part. at, if not nil, is
// where in a worksheet the reader is, for the message of a too-long token.
func (b *book) walk(name, whatZH, whatEN string, at *cellRef, fn func(xml.Token) (done bool, err error)) (found bool, err error) {
	d, c, err := b.open(name, whatZH, whatEN)
	if d == nil {
		return false, err
	}
	defer c.Close()
	for {
		tok, err := d.next()
		if err == io.EOF {
			return true, nil
		}
		if err != nil {
			if at == nil {
				at = &cellRef{}
			}
			return true, b.xmlError(err, *at)
		}
		if done, err := fn(tok); done || err != nil {
			return true, err
		}
	}
}

// cellRef is a cell's position; 0 if unknown.
type cellRef struct{ row, col int }

// xmlError turns a decoding error into a refusal; at says where a too-long
// token was, if known.
func (b *book) xmlError(err error, at cellRef) error {
	switch {
	case errors.Is(err, errLongToken):
		return b.longCell(at)
	case errors.Is(err, errDirective):
		return refuse("文件包含不允许的 XML 声明（DOCTYPE）", "the file contains a forbidden XML declaration (DOCTYPE)")
	case errors.Is(err, errDeep):
		return refuse(fmt.Sprintf("文件的 XML 嵌套超过%d层", maxDepth), fmt.Sprintf("the file's XML nests deeper than %d levels", maxDepth))
	}
	var ge *goumai.Error
	if errors.As(err, &ge) {
		return err
	}
	return errNotXLSX
}

func (b *book) longCell(at cellRef) error {
	if at.row == 0 {
		return refuse(fmt.Sprintf("单元格文字超过%d字节", b.CellBytes), fmt.Sprintf("a cell's text is longer than %d bytes", b.CellBytes))
	}
	ref := columnName(max(at.col, 1)) + strconv.Itoa(at.row)
	return refuse(fmt.Sprintf("单元格 %s 的文字超过%d字节", ref, b.CellBytes), fmt.Sprintf("cell %s is longer than %d bytes", ref, b.CellBytes))
}

// readSharedStrings loads the shared-string table: each <si> is its <t>, or
// the concatenation of its runs' <t>, without phonetic runs (<rPh>).
func (b *book) readSharedStrings(name string) error {
	var t text
	_, err := b.walk(name, "共享字符串表", "shared-string table", nil, func(tok xml.Token) (bool, error) {
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "si" {
				if len(b.sst) == b.SharedStrings {
					return false, refuse(fmt.Sprintf("共享字符串超过%d个", b.SharedStrings), fmt.Sprintf("more than %d shared strings", b.SharedStrings))
				}
				t.reset()
			}
			t.start(tok.Name.Local)
		case xml.CharData:
			if !t.add(tok, b.CellBytes) {
				return false, b.longCell(cellRef{})
			}
		case xml.EndElement:
			if t.end(tok.Name.Local) == "si" {
				b.sst = append(b.sst, t.String())
			}
		}
		return false, nil
	})
	return err
}

// text collects the text of a string item (<si> or <is>): the <t> directly in
// it or in its runs (<r>), not those of phonetic runs (<rPh>).
type text struct {
	buf []byte
	in  bool // inside a <t> that counts
	rph int  // depth of <rPh>
}

func (t *text) reset() { t.buf, t.in, t.rph = t.buf[:0], false, 0 }

func (t *text) start(local string) {
	switch local {
	case "rPh":
		t.rph++
	case "t":
		t.in = t.rph == 0
	}
}

func (t *text) end(local string) string {
	switch local {
	case "rPh":
		t.rph = max(t.rph-1, 0)
	case "t":
		t.in = false
	}
	return local
}

// add appends text inside a counted <t>; false once the whole passes limit bytes.
func (t *text) add(b []byte, limit int) bool {
	if !t.in {
		return true
	}
	if len(t.buf)+len(b) > limit {
		return false
	}
	t.buf = append(t.buf, b...)
	return true
}

// String returns the text with the _xHHHH_ escapes of OOXML (for characters
// XML cannot carry) decoded.
func (t *text) String() string { return unescape(string(t.buf)) }

// unescape decodes _xHHHH_ to the UTF-16 unit HHHH (_x005F_ is a literal '_'),
// as spreadsheet applications write characters XML 1.0 cannot carry.
func unescape(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var out strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 || len(s) < i+7 {
			break
		}
		n, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
		if err != nil || s[i+6] != '_' {
			out.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		out.WriteString(s[:i])
		out.WriteRune(rune(n))
		s = s[i+7:]
	}
	out.WriteString(s)
	return out.String()
}
