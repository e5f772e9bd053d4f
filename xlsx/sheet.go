package xlsx

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

// maxRow is the last row of a worksheet (Excel's limit).
const maxRow = 1 << 20

// sheetReader streams one worksheet's <sheetData>.
type sheetReader struct {
	*book
	fn     func(int, []string) error
	at     cellRef  // the current row and cell (column 1 is A)
	typ    string   // the current cell's type (t attribute)
	inV    bool     // inside the current cell's <v>
	inIS   bool     // inside the current cell's <is> (an inline string)
	v      []byte   // the current cell's <v>
	is     text     // the current cell's inline string
	cells  []string // the current row's cells
	inData bool     // inside <sheetData>
	inCell bool
}

// readSheet calls fn for each row with text, in order, within the limits.
func (b *book) readSheet(name string, fn func(int, []string) error) error {
	s := &sheetReader{book: b, fn: fn}
	found, err := b.walk(name, "工作表", "worksheet", &s.at, func(tok xml.Token) (bool, error) {
		switch tok := tok.(type) {
		case xml.StartElement:
			return false, s.start(tok)
		case xml.CharData:
			return false, s.chars(tok)
		case xml.EndElement:
			return s.end(tok.Name.Local)
		}
		return false, nil
	})
	if !found && err == nil {
		return errNotXLSX
	}
	return err
}

func (s *sheetReader) start(tok xml.StartElement) error {
	if !s.inData {
		s.inData = tok.Name.Local == "sheetData"
		return nil
	}
	switch tok.Name.Local {
	case "row":
		n := s.at.row + 1
		if r := attr(tok, "r"); r != "" {
			var err error
			if n, err = strconv.Atoi(r); err != nil || n <= s.at.row || n > maxRow {
				return errNotXLSX
			}
		}
		if n-1 > s.Rows {
			return refuse(fmt.Sprintf("表格超过%d行（不含表头，空行也计算在内），第%d行超出", s.Rows, n),
				fmt.Sprintf("the sheet has more than %d rows below the header (blank rows count); row %d is beyond", s.Rows, n))
		}
		s.at.row, s.at.col, s.cells = n, 0, s.cells[:0]
	case "c":
		n := s.at.col + 1
		if r := attr(tok, "r"); r != "" {
			var ok bool
			if n, ok = column(r, s.Columns+1); !ok || n <= s.at.col {
				return errNotXLSX
			}
		}
		if n > s.Columns {
			return refuse(fmt.Sprintf("第%d行超过%d列（空单元格也计算在内）", s.at.row, s.Columns),
				fmt.Sprintf("row %d has more than %d columns (blank cells count)", s.at.row, s.Columns))
		}
		s.at.col, s.typ, s.inCell, s.v = n, attr(tok, "t"), true, s.v[:0]
		s.is.reset()
	case "v":
		s.inV = s.inCell
	case "is":
		s.inIS = s.inCell
	default:
		if s.inIS {
			s.is.start(tok.Name.Local)
		}
	}
	return nil
}

func (s *sheetReader) chars(b []byte) error {
	switch {
	case s.inV:
		if len(s.v)+len(b) > s.CellBytes {
			return s.longCell(s.at)
		}
		s.v = append(s.v, b...)
	case s.inIS:
		if !s.is.add(b, s.CellBytes) {
			return s.longCell(s.at)
		}
	}
	return nil
}

// end handles an end tag; done is true at the end of <sheetData>.
func (s *sheetReader) end(local string) (done bool, err error) {
	if !s.inData {
		return false, nil
	}
	switch local {
	case "v":
		s.inV = false
	case "is":
		s.inIS = false
	case "c":
		s.inCell = false
		v, err := s.value()
		if err != nil || v == "" {
			return false, err
		}
		for len(s.cells) < s.at.col-1 {
			s.cells = append(s.cells, "")
		}
		s.cells = append(s.cells, v)
	case "row":
		if len(s.cells) > 0 {
			return false, s.fn(s.at.row, s.cells)
		}
	case "sheetData":
		return true, nil
	default:
		if s.inIS {
			s.is.end(local)
		}
	}
	return false, nil
}

// value is the current cell's text: a shared string, an inline string, or
// <v> as stored (a number, a boolean as 0 or 1, a formula's cached result).
func (s *sheetReader) value() (string, error) {
	switch s.typ {
	case "s":
		if len(s.v) == 0 {
			return "", nil
		}
		i, err := strconv.Atoi(strings.TrimSpace(string(s.v)))
		if err != nil || i < 0 || i >= len(s.sst) {
			return "", errNotXLSX
		}
		return s.sst[i], nil
	case "inlineStr":
		return s.is.String(), nil
	}
	return string(s.v), nil
}

// attr returns the value of tok's attribute local (without a prefix), or "".
func attr(tok xml.StartElement, local string) string {
	for _, a := range tok.Attr {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// column returns the column number of a cell reference ("C7" is 3); ok is
// false if ref has no column letters or if its column passes limit (in
// which case n is limit).
func column(ref string, limit int) (n int, ok bool) {
	i := 0
	for ; i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		if n = n*26 + int(ref[i]-'A'+1); n >= limit {
			return limit, true
		}
	}
	return n, i > 0
}

// columnName returns the letters of column n ("A" is 1).
func columnName(n int) string {
	var b []byte
	for ; n > 0; n = (n - 1) / 26 {
		b = append(b, byte('A'+(n-1)%26))
	}
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}
