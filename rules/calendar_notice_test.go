package rules

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
)

// TestCheckArrangement has one row per clause of CheckArrangement.
func TestCheckArrangement(t *testing.T) {
	now := time.Date(2027, 11, 20, 9, 0, 0, 0, goumai.Shanghai)
	valid := func() goumai.HolidayArrangement {
		return goumai.HolidayArrangement{Year: 2028, Notice: " 国办发明电〔2027〕1号 ", Issued: "2027-11-10", Days: []goumai.HolidayDay{
			{Date: "2028-01-03", Holiday: "元旦", Kind: goumai.DayOff},
			{Date: "2027-12-26", Holiday: "元旦", Kind: goumai.DayWork}, // a Sunday of the December before
			{Date: "2028-01-01", Holiday: " 元旦 ", Kind: goumai.DayOff},
		}}
	}
	manyDays := func() []goumai.HolidayDay {
		var ds []goumai.HolidayDay
		for i := range MaxArrangementDays + 1 {
			ds = append(ds, goumai.HolidayDay{Date: time.Date(2028, 1, 1+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly), Holiday: "测试", Kind: goumai.DayOff})
		}
		return ds
	}
	tests := []struct {
		clause string
		change func(a *goumai.HolidayArrangement)
		field  string // the field refused; "" for none
	}{
		{"a valid arrangement passes", func(*goumai.HolidayArrangement) {}, ""},
		{"year: 2002 or later", func(a *goumai.HolidayArrangement) { a.Year = 2001; a.Issued = "2001-11-01" }, "year"},
		{"year: at most the year after the notice's", func(a *goumai.HolidayArrangement) {
			a.Year, a.Days = 2029, []goumai.HolidayDay{{Date: "2029-01-01", Holiday: "元旦", Kind: goumai.DayOff}}
		}, "issued"},
		{"notice: required", func(a *goumai.HolidayArrangement) { a.Notice = "  " }, "notice"},
		{"notice: at most 100 characters", func(a *goumai.HolidayArrangement) { a.Notice = strings.Repeat("号", 101) }, "notice"},
		{"notice: acceptable text", func(a *goumai.HolidayArrangement) { a.Notice = "国办\x00发明电" }, "notice"},
		{"issued: year-month-day", func(a *goumai.HolidayArrangement) { a.Issued = "2027/11/10" }, "issued"},
		{"issued: a real date", func(a *goumai.HolidayArrangement) { a.Issued = "2027-02-30" }, "issued"},
		{"issued: not after today", func(a *goumai.HolidayArrangement) { a.Issued = "2027-11-21" }, "issued"},
		{"issued: today is fine", func(a *goumai.HolidayArrangement) { a.Issued = "2027-11-20" }, ""},
		{"issued: in the year arranged or the year before", func(a *goumai.HolidayArrangement) { a.Issued = "2026-12-31" }, "issued"},
		{"reason: at most 500 characters", func(a *goumai.HolidayArrangement) { a.Reason = strings.Repeat("因", 501) }, "reason"},
		{"days: at least one", func(a *goumai.HolidayArrangement) { a.Days = nil }, "days"},
		{"days: at most 100", func(a *goumai.HolidayArrangement) { a.Days = manyDays() }, "days"},
		{"day: a date year-month-day", func(a *goumai.HolidayArrangement) { a.Days[0].Date = "2028-1-3" }, "days.0.date"},
		{"day: in the year", func(a *goumai.HolidayArrangement) { a.Days[0].Date = "2029-01-03" }, "days.0.date"},
		{"day: or in the December before", func(a *goumai.HolidayArrangement) { a.Days[0].Date = "2027-12-31" }, ""},
		{"day: not earlier in the year before", func(a *goumai.HolidayArrangement) { a.Days[0].Date = "2027-11-30" }, "days.0.date"},
		{"day: no date twice", func(a *goumai.HolidayArrangement) { a.Days[2].Date = "2028-01-03" }, "days.2.date"},
		{"day: a holiday name", func(a *goumai.HolidayArrangement) { a.Days[1].Holiday = "" }, "days.1.holiday"},
		{"day: a holiday name of at most 20 characters", func(a *goumai.HolidayArrangement) { a.Days[1].Holiday = strings.Repeat("节", 21) }, "days.1.holiday"},
		{"day: kind off or work", func(a *goumai.HolidayArrangement) { a.Days[0].Kind = "holiday" }, "days.0.kind"},
		{"day: a make-up working day is a Saturday or Sunday", func(a *goumai.HolidayArrangement) { a.Days[0].Kind = goumai.DayWork }, "days.0.kind"},
		{"day: a day off may fall on a weekend (inside a holiday)", func(a *goumai.HolidayArrangement) { a.Days[1].Kind = goumai.DayOff }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.clause, func(t *testing.T) {
			in := valid()
			tt.change(&in)
			got, err := CheckArrangement(in, now)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("CheckArrangement: %v", err)
				}
				return
			}
			e := goumai.AsError(err)
			if e.Code != goumai.EInvalid || e.Fields[tt.field] == (goumai.Msg{}) {
				t.Fatalf("CheckArrangement: %v, want a message on %s", err, tt.field)
			}
			if m := e.Fields[tt.field]; m.ZH == "" || m.EN == "" {
				t.Errorf("message on %s = %+v, want Chinese and English", tt.field, m)
			}
			if len(e.Fields) != 1 {
				t.Errorf("fields %v, want only %s", e.Fields, tt.field)
			}
			if got.Notice != in.Notice {
				t.Errorf("a refused arrangement came back changed: %+v", got)
			}
		})
	}
	// Trimmed, days in date order.
	got, err := CheckArrangement(valid(), now)
	if err != nil {
		t.Fatal(err)
	}
	if got.Notice != "国办发明电〔2027〕1号" || got.Days[0].Date != "2027-12-26" || got.Days[1].Holiday != "元旦" || got.Days[2].Date != "2028-01-03" {
		t.Errorf("CheckArrangement = %+v, want it trimmed and sorted", got)
	}
}

// TestParseArrangement: the fixture parses; every malformed file is refused
// with its line and column.
func TestParseArrangement(t *testing.T) {
	fix, err := os.ReadFile("testdata/arrangement-2028.fixture.json")
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseArrangement(append([]byte("\uFEFF"), fix...))
	if err != nil {
		t.Fatalf("the fixture with a byte-order mark: %v", err)
	}
	if a.Year != 2028 || len(a.Days) != 35 || a.Days[3] != (goumai.HolidayDay{Date: "2028-01-22", Holiday: "春节", Kind: goumai.DayWork}) {
		t.Errorf("ParseArrangement(fixture) = %+v", a)
	}
	tests := []struct {
		name, file string
		where      string // "line L, column C"
		what       string
	}{
		{"a syntax error", "{\n  \"year\": 2028,\n  \"notice\" \"x\"\n}", "line 3, column 12", "malformed JSON"},
		{"an unknown field", "{\n  \"year\": 2028,\n  \"days\": [{\"date\": \"2028-01-01\", \"type\": \"off\"}]\n}", "line 3, column 35", `unknown field "type"`},
		{"a number for a string", "{\"year\": 2028,\n\"issued\": 20271101}", "line 2, column 18", "issued must be a string"},
		{"a string for the year", "{\"year\": \"2028\"}", "line 1, column 15", "year must be a whole number"},
		{"a fraction for the year", "{\"year\": 2028.5}", "line 1", "year must be a whole number"},
		{"days not an array", "{\"year\": 2028, \"days\": {}}", "line 1", "days must be a array"},
		{"a file cut short", "{\"year\": 2028,\n\"days\": [", "line 2, column 10", "ends in the middle"},
		{"more after the object", "{\"year\": 2028}\n{}", "line 2, column 1", "more after the JSON object"},
		{"not an object", "\n  [1, 2]", "line 2, column 3", "one JSON object"},
		{"an empty file", "", "line 1, column 1", "one JSON object"},
		{"invalid UTF-8", "{\"notice\": \"国办\xff\"}", "line 1, column 15", "not valid UTF-8"},
	}
	for _, tt := range tests {
		_, err := ParseArrangement([]byte(tt.file))
		e := goumai.AsError(err)
		if err == nil || e.Code != goumai.EInvalid || !strings.Contains(e.Message.EN, tt.where) || !strings.Contains(e.Message.EN, tt.what) {
			t.Errorf("%s: %v, want %q at %q", tt.name, err, tt.what, tt.where)
			continue
		}
		if !strings.HasPrefix(e.Message.ZH, "第") {
			t.Errorf("%s: Chinese message %q does not give the line", tt.name, e.Message.ZH)
		}
	}
	big := []byte(fmt.Sprintf("{\"notice\": %q}", strings.Repeat("x", MaxArrangementBytes)))
	if _, err := ParseArrangement(big); err == nil || !strings.Contains(err.Error(), "KB") {
		t.Errorf("a file over the limit: %v", err)
	}
}
