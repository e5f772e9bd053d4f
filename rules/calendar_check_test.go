package rules

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
)

// fixture2028 is rules/testdata's invented arrangement of 2028 (not the State
// Council's notice), checked as a load would check it.
func fixture2028(t *testing.T) goumai.HolidayArrangement {
	t.Helper()
	b, err := os.ReadFile("testdata/arrangement-2028.fixture.json")
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseArrangement(b)
	if err != nil {
		t.Fatalf("parse the 2028 fixture: %v", err)
	}
	if a, err = CheckArrangement(a, time.Date(2027, 11, 20, 9, 0, 0, 0, goumai.Shanghai)); err != nil {
		t.Fatalf("check the 2028 fixture: %v", err)
	}
	return a
}

func with(t *testing.T, c *Calendar, arrs ...goumai.HolidayArrangement) *Calendar {
	t.Helper()
	out, err := c.With(arrs...)
	if err != nil {
		t.Fatalf("With: %v", err)
	}
	return out
}

// wantRefused fails unless err refuses a period for want's arrangement missing.
func wantRefused(t *testing.T, err error, year string) {
	t.Helper()
	e := goumai.AsError(err)
	if err == nil || e.Code != goumai.EConflict || e.Rule != RuleCalendar ||
		!strings.Contains(e.Message.ZH, year+"年的节假日安排尚未载入") || !strings.Contains(e.Message.EN, "arrangement for "+year+" has not been loaded") {
		t.Errorf("error = %v, want a conflict [%s] naming %s in both languages", err, RuleCalendar, year)
	}
}

// TestCountingConvention has one row per clause of the counting convention
// (the Calendar's doc comment and the README's "Calendar" section), counted
// with the checked methods that the procurement periods use.
func TestCountingConvention(t *testing.T) {
	lunar := newCalendar(t)
	loaded := with(t, lunar, fixture2028(t))
	// A 2027 whose Christmas Eve is off, so that a time limit ending there moves into the last week.
	eve := with(t, lunar, goumai.HolidayArrangement{Year: 2027, Notice: "测试〔2026〕9号", Issued: "2026-11-01",
		Days: []goumai.HolidayDay{{Date: "2027-12-24", Holiday: "测试", Kind: goumai.DayOff}}})
	tests := []struct {
		clause string
		c      *Calendar
		from   time.Time
		n      int
		unit   CountUnit
		want   string // the period's last day; "" when refused
		civil  string // where a time limit for an act ends instead (art. 203); "" when it does not move
		refuse string // the year whose arrangement is missing
	}{
		{"the day of the event is not counted", lunar, day(t, "2025-03-07"), 1, CountWorkingDays, "2025-03-10", "", ""},
		{"the day of the event is not counted (calendar days)", lunar, day(t, "2025-03-03"), 2, CountDays, "2025-03-05", "", ""},
		{"a period of 0 ends with the event's own day", lunar, day(t, "2025-03-07"), 0, CountWorkingDays, "2025-03-07", "", ""},
		{"the event's date is its date in Asia/Shanghai (01:00 in Beijing is the next day in UTC's eyes)", lunar,
			time.Date(2025, 2, 4, 17, 0, 0, 0, time.UTC), 1, CountWorkingDays, "2025-02-06", "", ""},
		{"working days are Monday to Friday", lunar, day(t, "2025-03-07"), 5, CountWorkingDays, "2025-03-14", "", ""},
		{"less the holidays: 5 working days from the day before National Day 2026", lunar, day(t, "2026-09-30"), 5, CountWorkingDays, "2026-10-13", "", ""},
		{"less the holidays: the Spring Festival of 2027 (lunar-go)", lunar, day(t, "2027-02-04"), 2, CountWorkingDays, "2027-02-15", "", ""},
		{"plus the make-up working days: a Sunday worked for the Spring Festival", lunar, day(t, "2027-02-04"), 1, CountWorkingDays, "2027-02-14", "", ""},
		{"plus the make-up working days: a Saturday worked after National Day", lunar, day(t, "2026-10-09"), 1, CountWorkingDays, "2026-10-10", "", ""},
		{"working days across a year's end and New Year", lunar, day(t, "2026-12-30"), 3, CountWorkingDays, "2027-01-05", "", ""},
		{"counted back, holidays are skipped too", lunar, day(t, "2026-10-08"), -1, CountWorkingDays, "2026-09-30", "", ""},
		{"calendar days count every day, holidays included", lunar, day(t, "2026-09-28"), 20, CountDays, "2026-10-18", "2026-10-19", ""},
		{"a time limit ending on a holiday ends on the next working day (Civil Code art. 203)", lunar, day(t, "2026-09-30"), 7, CountDays, "2026-10-07", "2026-10-08", ""},
		{"a time limit ending on a weekend day ends on the next working day (art. 203)", lunar, day(t, "2025-03-01"), 7, CountDays, "2025-03-08", "2025-03-10", ""},
		{"a time limit ending on a make-up working day stays there", lunar, day(t, "2025-01-19"), 7, CountDays, "2025-01-26", "", ""},
		{"a period reaching a year not arranged is refused", lunar, day(t, "2027-12-01"), 30, CountWorkingDays, "", "", "2028"},
		{"a period of calendar days reaching a year not arranged is refused alike", lunar, day(t, "2027-12-20"), 20, CountDays, "", "", "2028"},
		{"the last week of December needs the next year's arrangement", lunar, day(t, "2027-12-20"), 5, CountDays, "", "", "2028"},
		{"the days before the last week of December do not", lunar, day(t, "2027-12-20"), 4, CountDays, "2027-12-24", "", ""},
		{"a time limit moved off a rest day into the last week of December is refused", eve, day(t, "2027-12-17"), 7, CountDays, "", "", "2028"},
		{"a time limit not moved stays countable", lunar, day(t, "2027-12-17"), 7, CountDays, "2027-12-24", "", ""},
		{"a year before lunar-go's first is not arranged", lunar, day(t, "2001-06-01"), 5, CountWorkingDays, "", "", "2001"},
		{"a loaded arrangement makes its year countable", loaded, day(t, "2027-12-30"), 3, CountWorkingDays, "2028-01-05", "", ""},
		{"a loaded arrangement's holidays are skipped (its Spring Festival)", loaded, day(t, "2028-01-24"), 1, CountWorkingDays, "2028-02-01", "", ""},
		{"a loaded arrangement's make-up days count", loaded, day(t, "2028-01-21"), 1, CountWorkingDays, "2028-01-22", "", ""},
		{"the year after a loaded one is still refused", loaded, day(t, "2028-12-01"), 40, CountWorkingDays, "", "", "2029"},
	}
	for _, tt := range tests {
		t.Run(tt.clause, func(t *testing.T) {
			p, err := tt.c.Count(tt.from, tt.n, tt.unit)
			if tt.refuse != "" {
				wantRefused(t, err, tt.refuse)
				return
			}
			if err != nil {
				t.Fatalf("Count(%v, %d, %s): %v", tt.from, tt.n, tt.unit, err)
			}
			if want := endOf(t, tt.want); !p.End.Equal(want) || p.End.Location() != goumai.Shanghai || p.Date != tt.want {
				t.Errorf("Count(%v, %d, %s) ends %v (%s), want %v in Asia/Shanghai", tt.from, tt.n, tt.unit, p.End, p.Date, want)
			}
			switch {
			case tt.civil == "" && p.Civil != nil:
				t.Errorf("Count(%v, %d, %s): a time limit moves to %v, want it to stay", tt.from, tt.n, tt.unit, *p.Civil)
			case tt.civil != "" && (p.Civil == nil || !p.Civil.Equal(endOf(t, tt.civil))):
				t.Errorf("Count(%v, %d, %s): a time limit ends %v, want %s", tt.from, tt.n, tt.unit, p.Civil, tt.civil)
			}
		})
	}
}

// TestCheckedMatchesUnchecked: inside the arranged years the checked methods
// answer as the plain ones, for every start over two years and n up to 40.
func TestCheckedMatchesUnchecked(t *testing.T) {
	c := newCalendar(t)
	start := day(t, "2025-01-01")
	for i := 0; i < 700; i += 3 {
		from := start.AddDate(0, 0, i)
		for n := -40; n <= 40; n++ {
			if got, err := c.AddWorkingDaysChecked(from, n); err != nil || !got.Equal(c.AddWorkingDays(from, n)) {
				t.Fatalf("AddWorkingDaysChecked(%v, %d) = %v, %v; want %v", from, n, got, err, c.AddWorkingDays(from, n))
			}
			if got, err := c.AddCalendarDaysChecked(from, n); err != nil || !got.Equal(c.AddCalendarDays(from, n)) {
				t.Fatalf("AddCalendarDaysChecked(%v, %d) = %v, %v", from, n, got, err)
			}
			if got, err := c.CivilDeadlineChecked(from, n); err != nil || !got.Equal(c.CivilDeadline(from, n)) {
				t.Fatalf("CivilDeadlineChecked(%v, %d) = %v, %v", from, n, got, err)
			}
			to := from.AddDate(0, 0, n)
			if got, err := c.WorkingDaysBetweenChecked(from, to); err != nil || got != c.WorkingDaysBetween(from, to) {
				t.Fatalf("WorkingDaysBetweenChecked(%v, %v) = %d, %v", from, to, got, err)
			}
		}
	}
}

// TestCheckedRefusals: each checked method refuses a period reaching a year
// not arranged, with no deadline; a huge n stops at the first such year.
func TestCheckedRefusals(t *testing.T) {
	c := newCalendar(t)
	from := day(t, "2027-11-01")
	for name, f := range map[string]func() (time.Time, error){
		"AddWorkingDaysChecked":      func() (time.Time, error) { return c.AddWorkingDaysChecked(from, 60) },
		"AddWorkingDaysChecked(1e9)": func() (time.Time, error) { return c.AddWorkingDaysChecked(day(t, "2002-01-04"), 1_000_000_000) },
		"AddCalendarDaysChecked":     func() (time.Time, error) { return c.AddCalendarDaysChecked(from, 80) },
		"CivilDeadlineChecked":       func() (time.Time, error) { return c.CivilDeadlineChecked(from, 80) },
		"AddWorkingDaysChecked back": func() (time.Time, error) {
			return c.AddWorkingDaysChecked(day(t, "2002-01-07"), -10)
		},
	} {
		got, err := f()
		year := "2028"
		if strings.HasSuffix(name, "back") {
			year = "2001"
		}
		wantRefused(t, err, year)
		if !got.IsZero() {
			t.Errorf("%s returned the deadline %v with its refusal", name, got)
		}
	}
	if _, err := c.WorkingDaysBetweenChecked(from, day(t, "2028-01-10")); err == nil {
		t.Error("WorkingDaysBetweenChecked into 2028: no error")
	}
	// Check takes its dates in either order.
	wantRefused(t, c.Check(day(t, "2028-01-10"), from), "2028")
	if err := c.Check(day(t, "2027-12-24"), day(t, "2002-01-01")); err != nil {
		t.Errorf("Check(2027-12-24, 2002-01-01) = %v, want nil", err)
	}
	// The December overlap names the next year and why.
	err := c.Check(from, day(t, "2027-12-25"))
	if e := goumai.AsError(err); err == nil || e.Code != goumai.EConflict || !strings.Contains(e.Message.EN, "2028") || !strings.Contains(e.Message.ZH, "12月") {
		t.Errorf("Check to 2027-12-25 = %v, want a conflict naming 2028 and December", err)
	}
}

// TestWith: a loaded arrangement replaces the whole of its year — lunar-go's
// days of that year are dropped, other years untouched — and says where it
// comes from.
func TestWith(t *testing.T) {
	base := newCalendar(t)
	fix := fixture2028(t)
	correction := goumai.HolidayArrangement{Year: 2026, Notice: "测试更正〔2026〕1号", Issued: "2026-03-01", Days: []goumai.HolidayDay{
		{Date: "2025-12-27", Holiday: "元旦", Kind: goumai.DayWork}, // the December before: a Saturday worked
		{Date: "2026-01-02", Holiday: "元旦", Kind: goumai.DayOff},
	}}
	c := with(t, base, fix, correction)
	tests := []struct {
		date    string
		working bool
		why     string
	}{
		{"2028-01-25", false, "the fixture's Spring Festival"},
		{"2028-01-22", true, "the fixture's make-up Saturday"},
		{"2028-03-06", true, "an ordinary Monday of 2028"},
		{"2026-10-01", true, "lunar-go's National Day of 2026 is dropped with its year"},
		{"2026-01-04", false, "lunar-go's make-up Sunday of 2026 is dropped too"},
		{"2026-01-02", false, "the correction's day off"},
		{"2025-12-27", true, "the correction's day in the December before"},
		{"2025-10-01", false, "2025 is untouched"},
		{"2027-02-14", true, "2027 is untouched"},
	}
	for _, tt := range tests {
		if got := c.IsWorkingDay(day(t, tt.date)); got != tt.working {
			t.Errorf("IsWorkingDay(%s) = %v, want %v (%s)", tt.date, got, tt.working, tt.why)
		}
	}
	if a, ok := c.Arranged(day(t, "2028-01-25")); !ok || a.Source != fix.Notice || a.Name != "春节" || a.Year != 2028 {
		t.Errorf("Arranged(2028-01-25) = %+v, %v; want the fixture's 春节", a, ok)
	}
	if first, last := c.Years(); first != 2002 || last != 2028 {
		t.Errorf("Years() = %d, %d; want 2002, 2028", first, last)
	}
	years := c.ArrangedYears()
	if got := years[len(years)-1]; got != (YearSource{Year: 2028, Source: fix.Notice, Issued: "2027-11-01", Loaded: true}) {
		t.Errorf("the last arranged year = %+v", got)
	}
	for _, y := range years {
		if want := y.Year == 2026 || y.Year == 2028; y.Loaded != want {
			t.Errorf("year %d loaded = %v, want %v", y.Year, y.Loaded, want)
		}
	}
	if base.YearArranged(2028) || !c.YearArranged(2028) {
		t.Error("With changed the calendar it was called on, or did not arrange 2028")
	}
	if !base.IsWorkingDay(day(t, "2026-01-04")) {
		t.Error("With changed the calendar it was called on")
	}
}

func TestDayChanges(t *testing.T) {
	base := newCalendar(t)
	// 2027 as lunar-go has it, but for National Day: one day more off, one make-up day less.
	var arr goumai.HolidayArrangement
	arr.Year, arr.Notice, arr.Issued = 2027, "测试〔2026〕2号", "2026-11-01"
	for d := (date{2027, 1, 1}); d.y == 2027; d = d.add(1) {
		if a, ok := base.arranged[d]; ok && d.String() != "2027-10-09" {
			kind := goumai.DayOff
			if a.Work {
				kind = goumai.DayWork
			}
			arr.Days = append(arr.Days, goumai.HolidayDay{Date: d.String(), Holiday: a.Name, Kind: kind})
		}
	}
	arr.Days = append(arr.Days, goumai.HolidayDay{Date: "2027-10-08", Holiday: "国庆节", Kind: goumai.DayOff})
	got := DayChanges(base, with(t, base, arr), 2027)
	want := []DayChange{{Date: "2027-10-08", Before: true, After: false}, {Date: "2027-10-09", Before: true, After: false}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("DayChanges = %+v, want %+v", got, want)
	}
	if got := DayChanges(base, base, 2027); len(got) != 0 {
		t.Errorf("DayChanges of a calendar with itself = %+v", got)
	}
}
