package goumai

import (
	"fmt"
	"unicode/utf8"
)

// CheckText reports why s is not acceptable as text, or nil. Every text that
// crosses goumai's boundary (a JSON string, a form value, a query parameter, a
// file name, a spreadsheet cell) must be valid UTF-8 without control characters:
// tab and line feed are allowed, and a carriage return only before a line feed
// (browsers send CRLF from text areas). PostgreSQL cannot store NUL, and the
// others are invisible in print and in the published record.
func CheckText(s string) *Msg {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			m := M(fmt.Sprintf("含有无效的 UTF-8 编码（第 %d 字节）", i+1), fmt.Sprintf("is not valid UTF-8 (at byte %d)", i+1))
			return &m
		case r == '\t' || r == '\n':
		case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
		case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f:
			m := M(fmt.Sprintf("含有不可见的控制字符 U+%04X", r), fmt.Sprintf("contains the control character U+%04X", r))
			return &m
		}
		i += n
	}
	return nil
}
