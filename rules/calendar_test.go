package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
)

func newCalendar(t *testing.T, extra ...Arrangement) *Calendar {
	t.Helper()
	c, err := NewCalendar(extra...)
	if err != nil {
		t.Fatalf("NewCalendar: %v", err)
	}
	return c
}

// day is noon of a date in Asia/Shanghai.
func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation(time.DateOnly, s, goumai.Shanghai)
	if err != nil {
		t.Fatal(err)
	}
	return d.Add(12 * time.Hour)
}

// endOf is the deadline instant for a date: 23:59:59 in Asia/Shanghai.
func endOf(t *testing.T, s string) time.Time {
	t.Helper()
	return day(t, s).Add(11*time.Hour + 59*time.Minute + 59*time.Second)
}

// The dates below are from the State Council's notices on the holiday arrangements of 2025
// and 2026 (国务院办公厅关于2025年/2026年部分节假日安排的通知), not from lunar-go.
func TestIsWorkingDay(t *testing.T) {
	c := newCalendar(t)
	tests := []struct {
		date string
		want bool
		why  string
	}{
		{"2025-01-24", true, "Friday before the Spring Festival"},
		{"2025-01-25", false, "ordinary Saturday"},
		{"2025-01-26", true, "Sunday worked for the Spring Festival"},
		{"2025-01-27", true, "Monday"},
		{"2025-01-28", false, "Spring Festival (除夕)"},
		{"2025-01-29", false, "Spring Festival"},
		{"2025-01-31", false, "Spring Festival"},
		{"2025-02-01", false, "Spring Festival, Saturday"},
		{"2025-02-03", false, "Spring Festival, Monday"},
		{"2025-02-04", false, "last day of the Spring Festival"},
		{"2025-02-05", true, "first working day after the Spring Festival"},
		{"2025-02-08", true, "Saturday worked for the Spring Festival"},
		{"2025-02-09", false, "ordinary Sunday"},
		{"2025-03-08", false, "ordinary Saturday"},
		{"2025-03-09", false, "ordinary Sunday"},
		{"2025-03-10", true, "ordinary Monday"},
		{"2025-09-28", true, "Sunday worked for National Day"},
		{"2025-09-30", true, "Tuesday before National Day"},
		{"2025-10-01", false, "National Day"},
		{"2025-10-06", false, "National Day and Mid-Autumn"},
		{"2025-10-08", false, "last day of the National Day holiday, Wednesday"},
		{"2025-10-09", true, "Thursday after National Day"},
		{"2025-10-11", true, "Saturday worked for National Day"},
		{"2025-10-12", false, "ordinary Sunday"},
		{"2026-01-02", false, "New Year holiday, Friday"},
		{"2026-01-04", true, "Sunday worked for New Year"},
		{"2026-02-14", true, "Saturday worked for the Spring Festival"},
		{"2026-02-16", false, "Spring Festival (除夕)"},
		{"2026-02-23", false, "last day of the Spring Festival, Monday"},
		{"2026-02-24", true, "first working day after the Spring Festival"},
		{"2026-02-28", true, "Saturday worked for the Spring Festival"},
		{"2026-05-05", false, "Labour Day holiday, Tuesday"},
		{"2026-05-09", true, "Saturday worked for Labour Day"},
		{"2026-09-20", true, "Sunday worked for National Day"},
		{"2026-10-07", false, "last day of the National Day holiday"},
		{"2026-10-10", true, "Saturday worked for National Day"},
	}
	for _, tt := range tests {
		if got := c.IsWorkingDay(day(t, tt.date)); got != tt.want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v (%s)", tt.date, got, tt.want, tt.why)
		}
	}
}

// TestIsWorkingDayUsesShanghaiDate: the same instant is 2025-02-04 in UTC (a holiday in
// China) and 2025-02-05 in Beijing (a working day); the Beijing date decides.
func TestIsWorkingDayUsesShanghaiDate(t *testing.T) {
	c := newCalendar(t)
	tests := []struct {
		instant time.Time
		want    bool
	}{
		{time.Date(2025, 2, 4, 16, 30, 0, 0, time.UTC), true},                       // 2025-02-05 00:30 CST
		{time.Date(2025, 2, 4, 15, 59, 0, 0, time.UTC), false},                      // 2025-02-04 23:59 CST
		{time.Date(2025, 3, 7, 20, 0, 0, 0, time.FixedZone("EST", -5*3600)), false}, // Saturday 09:00 CST
	}
	for _, tt := range tests {
		if got := c.IsWorkingDay(tt.instant); got != tt.want {
			t.Errorf("IsWorkingDay(%v) = %v, want %v", tt.instant, got, tt.want)
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	c := newCalendar(t)
	tests := []struct {
		from time.Time
		n    int
		want string
	}{
		{day(t, "2025-01-24"), 1, "2025-01-26"}, // make-up Sunday counts
		{day(t, "2025-01-24"), 2, "2025-01-27"},
		{day(t, "2025-01-24"), 3, "2025-02-05"}, // the whole Spring Festival is skipped
		{day(t, "2025-01-28"), 1, "2025-02-05"}, // event on a holiday
		{day(t, "2025-02-05"), 3, "2025-02-08"}, // make-up Saturday counts
		{day(t, "2025-09-26"), 1, "2025-09-28"},
		{day(t, "2025-09-26"), 4, "2025-10-09"},
		{day(t, "2025-09-30"), 2, "2025-10-10"},
		{day(t, "2025-09-30"), 3, "2025-10-11"},
		{day(t, "2025-09-30"), 7, "2025-10-16"}, // 7 working days to answer a 质疑 (GPL art. 53)
		{day(t, "2025-03-07"), 1, "2025-03-10"}, // Friday → Monday
		{day(t, "2025-03-07"), 5, "2025-03-14"},
		{day(t, "2025-03-07"), 0, "2025-03-07"},
		{day(t, "2026-02-13"), 1, "2026-02-14"},
		{day(t, "2026-02-13"), 2, "2026-02-24"},
		{day(t, "2025-03-10"), -1, "2025-03-07"}, // counting back skips the weekend
		{day(t, "2025-02-05"), -1, "2025-01-27"}, // and the holiday
		{day(t, "2025-02-05"), -3, "2025-01-24"},
		// Late in the evening of the event's Beijing date, early in the UTC day after.
		{time.Date(2025, 2, 4, 15, 30, 0, 0, time.UTC), 1, "2025-02-05"},
		{time.Date(2025, 2, 4, 16, 30, 0, 0, time.UTC), 1, "2025-02-06"},
	}
	for _, tt := range tests {
		got := c.AddWorkingDays(tt.from, tt.n)
		if want := endOf(t, tt.want); !got.Equal(want) {
			t.Errorf("AddWorkingDays(%v, %d) = %v, want %v", tt.from, tt.n, got, want)
		}
		if got.Location() != goumai.Shanghai {
			t.Errorf("AddWorkingDays(%v, %d) in %v, want Asia/Shanghai", tt.from, tt.n, got.Location())
		}
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	c := newCalendar(t)
	tests := []struct {
		a, b string
		want int
	}{
		{"2025-01-24", "2025-02-05", 3},
		{"2025-01-24", "2025-02-04", 2}, // ends on a holiday
		{"2025-01-24", "2025-01-24", 0},
		{"2025-03-07", "2025-03-10", 1},
		{"2025-03-07", "2025-03-09", 0},
		{"2025-09-30", "2025-10-11", 3},
		{"2025-01-01", "2025-12-31", 248}, // all of 2025: 261 weekdays − 18 holidays + 5 make-up days
		{"2025-03-10", "2025-03-07", -1},
		{"2025-02-05", "2025-01-24", -3},
		{"2025-03-09", "2025-03-08", 0},
	}
	for _, tt := range tests {
		if got := c.WorkingDaysBetween(day(t, tt.a), day(t, tt.b)); got != tt.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestWorkingDaysRoundTrip: counting the days to AddWorkingDays' result gives back n, for
// every start date over two years of holidays and every n up to 40, both ways.
func TestWorkingDaysRoundTrip(t *testing.T) {
	c := newCalendar(t)
	start := day(t, "2024-12-01")
	for i := 0; i < 730; i += 3 {
		from := start.AddDate(0, 0, i)
		for n := -40; n <= 40; n++ {
			to := c.AddWorkingDays(from, n)
			if n != 0 && !c.IsWorkingDay(to) {
				t.Fatalf("AddWorkingDays(%v, %d) = %v, not a working day", from, n, to)
			}
			if got := c.WorkingDaysBetween(from, to); got != n {
				t.Fatalf("WorkingDaysBetween(%v, AddWorkingDays(…, %d) = %v) = %d", from, n, to, got)
			}
		}
	}
}

func TestAddCalendarDaysAndCivilDeadline(t *testing.T) {
	c := newCalendar(t)
	tests := []struct {
		from     string
		n        int
		calendar string // AddCalendarDays
		deadline string // CivilDeadline
	}{
		{"2025-01-24", 7, "2025-01-31", "2025-02-05"}, // ends in the Spring Festival
		{"2025-01-19", 7, "2025-01-26", "2025-01-26"}, // ends on a worked Sunday
		{"2025-03-01", 7, "2025-03-08", "2025-03-10"}, // ends on a Saturday
		{"2025-03-03", 20, "2025-03-23", "2025-03-24"},
		{"2025-03-03", 2, "2025-03-05", "2025-03-05"},
		{"2025-12-31", 1, "2026-01-01", "2026-01-04"}, // New Year 2026 off 01-01..03, Sunday 01-04 worked
		{"2025-02-28", 1, "2025-03-01", "2025-03-03"},
		{"2024-02-28", 1, "2024-02-29", "2024-02-29"}, // leap day, a Thursday
	}
	for _, tt := range tests {
		if got, want := c.AddCalendarDays(day(t, tt.from), tt.n), endOf(t, tt.calendar); !got.Equal(want) {
			t.Errorf("AddCalendarDays(%s, %d) = %v, want %v", tt.from, tt.n, got, want)
		}
		if got, want := c.CivilDeadline(day(t, tt.from), tt.n), endOf(t, tt.deadline); !got.Equal(want) {
			t.Errorf("CivilDeadline(%s, %d) = %v, want %v", tt.from, tt.n, got, want)
		}
	}
}

func TestArranged(t *testing.T) {
	c := newCalendar(t)
	tests := []struct {
		date   string
		name   string
		work   bool
		listed bool
	}{
		{"2025-01-26", "春节", true, true},
		{"2025-01-29", "春节", false, true},
		{"2025-10-11", "国庆中秋", true, true},
		{"2025-03-10", "", false, false},
	}
	for _, tt := range tests {
		a, ok := c.Arranged(day(t, tt.date))
		if ok != tt.listed || a.Name != tt.name || a.Work != tt.work {
			t.Errorf("Arranged(%s) = %+v, %v; want name %q work %v listed %v", tt.date, a, ok, tt.name, tt.work, tt.listed)
		}
		if ok && (a.Date != tt.date || a.Source == "") {
			t.Errorf("Arranged(%s) = %+v; want its date and a source", tt.date, a)
		}
	}
}

func TestYears(t *testing.T) {
	c := newCalendar(t)
	first, last := c.Years()
	t.Logf("lunar-go holiday arrangements cover %d to %d", first, last)
	if first != 2002 {
		t.Errorf("first year = %d, want 2002", first)
	}
	// lunar-go v1.4.6 added 2026 and v1.4.7 added 2027; an older version would lose them.
	if last < 2027 {
		t.Errorf("last year = %d, want at least 2027", last)
	}
}

func TestExtraArrangements(t *testing.T) {
	_, last := newCalendar(t).Years()
	next := last + 1
	// A hypothetical notice for the year after lunar-go's table: a Monday off and a
	// Saturday worked. Which days they are does not matter, only that they override.
	monday := time.Date(next, 1, 1, 12, 0, 0, 0, goumai.Shanghai)
	for monday.Weekday() != time.Monday {
		monday = monday.AddDate(0, 0, 1)
	}
	saturday := monday.AddDate(0, 0, 5)
	c := newCalendar(t,
		Arrangement{Date: monday.Format(time.DateOnly), Name: "test", Source: "test"},
		Arrangement{Date: saturday.Format(time.DateOnly), Name: "test", Work: true, Source: "test"},
	)
	if c.IsWorkingDay(monday) {
		t.Errorf("IsWorkingDay(%v) = true, want false (extra day off)", monday)
	}
	if !c.IsWorkingDay(saturday) {
		t.Errorf("IsWorkingDay(%v) = false, want true (extra working day)", saturday)
	}
	if _, got := c.Years(); got != next {
		t.Errorf("last year = %d, want %d", got, next)
	}
	// An extra day replaces lunar-go's entry for the same date.
	c = newCalendar(t, Arrangement{Date: "2025-01-28", Name: "test", Work: true, Source: "test"})
	if !c.IsWorkingDay(day(t, "2025-01-28")) {
		t.Error("IsWorkingDay(2025-01-28) = false, want true after the override")
	}
}

func TestNewCalendarRejectsBadDate(t *testing.T) {
	for _, d := range []string{"2028-02-30", "28-01-01", "", "2028/01/01"} {
		_, err := NewCalendar(Arrangement{Date: d, Name: "test"})
		if err == nil || !strings.Contains(err.Error(), "extra arrangement") {
			t.Errorf("NewCalendar(date %q) error = %v, want an extra arrangement error", d, err)
		}
	}
}
