package rules

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goumai/goumai"
)

// Limits of a loaded arrangement: a notice has some 30 days off and under ten
// make-up days; a file is a few kilobytes.
const (
	MaxArrangementDays  = 100
	MaxArrangementBytes = 64 << 10
	maxNoticeRunes      = 100
	maxHolidayRunes     = 20
	maxReasonRunes      = 500
)

// CheckArrangement checks a year's arrangement as loaded by a finance
// administrator and returns it trimmed, its days in date order, or an EInvalid
// error with one message per field ("days.3.date": the fourth day's date):
//   - year: 2002 (lunar-go's first) or later, and at most the year after the notice's;
//   - notice: the document number, required, at most 100 characters;
//   - issued: the notice's date, YYYY-MM-DD, not after today (now in Asia/Shanghai),
//     in the year arranged or the year before;
//   - reason: at most 500 characters (whether it is required is the use case's to say);
//   - days: 1 to 100, each a valid date in the year or in the December before it
//     (New Year's make-up days), no date twice, a holiday name of 1 to 20 characters,
//     a kind "off" or "work", and a make-up working day on a Saturday or Sunday.
func CheckArrangement(in goumai.HolidayArrangement, now time.Time) (goumai.HolidayArrangement, error) {
	a := in
	a.Notice, a.Issued, a.Reason = strings.TrimSpace(a.Notice), strings.TrimSpace(a.Issued), strings.TrimSpace(a.Reason)
	f := goumai.Fields{}
	if a.Year < lunarFirstYear || a.Year > 9999 {
		f.Add("year", fmt.Sprintf("年份须为%d年或以后", lunarFirstYear), fmt.Sprintf("the year must be %d or later", lunarFirstYear))
	}
	text(f, "notice", a.Notice, maxNoticeRunes, true, "通知文号", "the notice's document number")
	text(f, "reason", a.Reason, maxReasonRunes, false, "原因", "the reason")
	if issued, err := time.Parse(time.DateOnly, a.Issued); err != nil {
		f.Add("issued", "发文日期须为 年-月-日，如 2025-11-04", "the notice's date is year-month-day, e.g. 2025-11-04")
	} else {
		switch today := dateOf(now); {
		case today.before(date{issued.Year(), issued.Month(), issued.Day()}):
			f.Add("issued", fmt.Sprintf("发文日期%s晚于今天（%s）", a.Issued, today), fmt.Sprintf("the notice's date %s is after today (%s)", a.Issued, today))
		case !refused(f, "year") && (issued.Year() < a.Year-1 || issued.Year() > a.Year):
			f.Add("issued", fmt.Sprintf("%d年的安排应由%d年或%d年发布的通知作出，发文日期为%s", a.Year, a.Year-1, a.Year, a.Issued),
				fmt.Sprintf("the arrangement of %d is made by a notice of %d or %d, not of %s", a.Year, a.Year-1, a.Year, a.Issued))
		}
	}
	switch n := len(a.Days); {
	case n == 0:
		f.Add("days", "请列出通知中的放假日和调休上班日", "list the notice's days off and make-up working days")
	case n > MaxArrangementDays:
		f.Add("days", fmt.Sprintf("最多%d天，这里有%d天", MaxArrangementDays, n), fmt.Sprintf("at most %d days, not %d", MaxArrangementDays, n))
	default:
		a.Days = checkDays(f, a.Year, a.Days)
	}
	if err := f.Err(); err != nil {
		return in, err
	}
	return a, nil
}

// checkDays checks each day of a year's arrangement and returns them trimmed, in date order.
// A year refused already is not held against each date.
func checkDays(f goumai.Fields, year int, in []goumai.HolidayDay) []goumai.HolidayDay {
	badYear := refused(f, "year")
	out := make([]goumai.HolidayDay, len(in))
	seen := map[string]int{}
	for i, d := range in {
		key := fmt.Sprintf("days.%d.", i)
		d.Date, d.Holiday = strings.TrimSpace(d.Date), strings.TrimSpace(d.Holiday)
		text(f, key+"holiday", d.Holiday, maxHolidayRunes, true, "节日名称", "the holiday's name")
		t, err := time.Parse(time.DateOnly, d.Date)
		switch {
		case err != nil:
			f.Add(key+"date", fmt.Sprintf("日期“%s”应为 年-月-日，如 %d-10-01", d.Date, year), fmt.Sprintf("the date %q must be year-month-day, e.g. %d-10-01", d.Date, year))
		case !badYear && t.Year() != year && (t.Year() != year-1 || t.Month() != time.December):
			f.Add(key+"date", fmt.Sprintf("%s不在%d年内（仅可含上一年12月的元旦调休日）", d.Date, year),
				fmt.Sprintf("%s is not in %d (only the December before may hold New Year's make-up days)", d.Date, year))
		default:
			if j, dup := seen[d.Date]; dup {
				f.Add(key+"date", fmt.Sprintf("%s重复出现（另见第%d项）", d.Date, j+1), fmt.Sprintf("%s is listed twice (see also item %d)", d.Date, j+1))
			}
			seen[d.Date] = i
		}
		switch d.Kind {
		case goumai.DayOff:
		case goumai.DayWork:
			if wd := t.Weekday(); err == nil && wd != time.Saturday && wd != time.Sunday {
				f.Add(key+"kind", fmt.Sprintf("%s是%s：调休上班日只能是星期六或星期日", d.Date, weekdayZH[wd]),
					fmt.Sprintf("%s is a %s: a make-up working day is a Saturday or a Sunday", d.Date, wd))
			}
		default:
			f.Add(key+"kind", `类型须为 "off"（放假）或 "work"（调休上班）`, `the kind must be "off" (a day of rest) or "work" (a make-up working day)`)
		}
		out[i] = d
	}
	slices.SortStableFunc(out, func(a, b goumai.HolidayDay) int { return strings.Compare(a.Date, b.Date) })
	return out
}

// text checks a text field: acceptable text (goumai.CheckText), required or
// not, and at most most characters.
func text(f goumai.Fields, field, v string, most int, required bool, zh, en string) {
	switch {
	case required && v == "":
		f.Add(field, "请填写"+zh, en+" is required")
	case utf8.RuneCountInString(v) > most:
		f.Add(field, fmt.Sprintf("%s最多%d个字符", zh, most), fmt.Sprintf("%s has at most %d characters", en, most))
	default:
		if m := goumai.CheckText(v); m != nil {
			f[field] = *m
		}
	}
}

var weekdayZH = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

// ParseArrangement reads an arrangement file (the JSON of
// goumai.HolidayArrangement; see the README) strictly: valid UTF-8 (a leading
// byte-order mark is skipped), one JSON object, no unknown field, each value of
// its type. A problem is an EInvalid error located by line and column. The
// content is then to be checked by CheckArrangement.
func ParseArrangement(b []byte) (goumai.HolidayArrangement, error) {
	var a goumai.HolidayArrangement
	if len(b) > MaxArrangementBytes {
		return a, goumai.Errorf(goumai.EInvalid, fmt.Sprintf("文件超过%d KB上限", MaxArrangementBytes>>10), fmt.Sprintf("the file is larger than the %d KB limit", MaxArrangementBytes>>10))
	}
	b = bytes.TrimPrefix(b, []byte("\uFEFF"))
	if !utf8.Valid(b) {
		at := 0
		for at < len(b) {
			r, n := utf8.DecodeRune(b[at:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			at += n
		}
		return a, located(b, at, "不是有效的 UTF-8 文本", "is not valid UTF-8 text")
	}
	if trimmed := bytes.TrimSpace(b); len(trimmed) == 0 || trimmed[0] != '{' {
		return a, located(b, len(b)-len(bytes.TrimLeft(b, " \t\r\n")), "文件须为一个 JSON 对象（{ … }）", "the file must hold one JSON object ({ … })")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(&a)
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
	case errors.As(err, &syn):
		return a, located(b, int(syn.Offset)-1, "JSON 格式错误："+syn.Error(), "malformed JSON: "+syn.Error())
	case errors.As(err, &typ):
		kind := map[reflect.Kind][2]string{reflect.String: {"字符串", "string"}, reflect.Int: {"整数", "whole number"},
			reflect.Slice: {"数组", "array"}, reflect.Struct: {"对象", "object"}}[typ.Type.Kind()]
		return a, located(b, int(typ.Offset)-1, fmt.Sprintf("字段 %s 须为%s", typ.Field, kind[0]), fmt.Sprintf("the field %s must be a %s", typ.Field, kind[1]))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return a, located(b, len(b), "文件不完整（JSON 未结束）", "the file ends in the middle of the JSON")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.TrimPrefix(err.Error(), "json: unknown field ")
		return a, located(b, keyOffset(b, name), "未知字段 "+name, "unknown field "+name)
	default:
		return a, located(b, int(dec.InputOffset()), "无法读取："+err.Error(), "cannot be read: "+err.Error())
	}
	if dec.More() {
		return a, located(b, int(dec.InputOffset()), "JSON 对象之后还有内容", "there is more after the JSON object")
	}
	return a, nil
}

// keyOffset is where the object key quoted (a JSON string with its quotes)
// first appears: the decoder reports an unknown field only at the end of the value.
func keyOffset(b []byte, quoted string) int {
	for from := 0; ; {
		i := bytes.Index(b[from:], []byte(quoted))
		if i < 0 {
			return len(b)
		}
		at := from + i
		from = at + len(quoted)
		if rest := bytes.TrimLeft(b[from:], " \t\r\n"); len(rest) > 0 && rest[0] == ':' {
			return at
		}
	}
}

// located is an EInvalid error naming the line and column of byte offset at.
func located(b []byte, at int, zh, en string) error {
	at = min(max(at, 0), len(b))
	line := bytes.Count(b[:at], []byte("\n")) + 1
	col := utf8.RuneCount(b[bytes.LastIndexByte(b[:at], '\n')+1:at]) + 1
	return goumai.Errorf(goumai.EInvalid, fmt.Sprintf("第%d行第%d列：%s", line, col, zh), fmt.Sprintf("line %d, column %d: %s", line, col, en))
}

// DayChange is a date whose working status a load changes.
type DayChange struct {
	Date   string `json:"date"`
	Before bool   `json:"before"` // a working day before the load
	After  bool   `json:"after"`  // a working day after it
}

// DayChanges lists the dates of year's arrangement (and the December before)
// that are working days in one calendar and not in the other.
func DayChanges(before, after *Calendar, year int) []DayChange {
	var out []DayChange
	for d := (date{year - 1, time.December, 1}); d.y <= year; d = d.add(1) {
		if b, a := before.working(d), after.working(d); b != a {
			out = append(out, DayChange{Date: d.String(), Before: b, After: a})
		}
	}
	return out
}

// refused reports whether f has a message on field.
func refused(f goumai.Fields, field string) bool {
	_, ok := f[field]
	return ok
}
