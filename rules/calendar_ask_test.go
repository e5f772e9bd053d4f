package rules

import (
	"strings"
	"testing"

	"github.com/goumai/goumai"
)

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		unit CountUnit
		ok   bool
	}{
		{"5wd", 5, CountWorkingDays, true},
		{"20d", 20, CountDays, true},
		{"20", 20, CountDays, true}, // the law's 日 are calendar days
		{" -3wd ", -3, CountWorkingDays, true},
		{"1000d", 1000, CountDays, true},
		{"1001d", 0, "", false},
		{"-1001wd", 0, "", false},
		{"5x", 0, "", false},
		{"5dw", 0, "", false},
		{"wd", 0, "", false},
		{"", 0, "", false},
		{"5 wd", 0, "", false},
	}
	for _, tt := range tests {
		n, u, err := ParsePeriod("n", tt.in)
		if tt.ok && (err != nil || n != tt.n || u != tt.unit) {
			t.Errorf("ParsePeriod(%q) = %d, %q, %v; want %d, %q", tt.in, n, u, err, tt.n, tt.unit)
		}
		if e := goumai.AsError(err); !tt.ok && (err == nil || e.Code != goumai.EInvalid || e.Fields["n"] == (goumai.Msg{})) {
			t.Errorf("ParsePeriod(%q) = %d, %q, %v; want an error on n", tt.in, n, u, err)
		}
	}
	if _, err := ParseDay("date", "2026-02-30"); goumai.AsError(err).Fields["date"] == (goumai.Msg{}) {
		t.Errorf("ParseDay(2026-02-30) = %v, want an error on date", err)
	}
	if d, err := ParseDay("date", "2026-09-30"); err != nil || d.Location() != goumai.Shanghai || d.Hour() != 0 {
		t.Errorf("ParseDay(2026-09-30) = %v, %v; want midnight in Asia/Shanghai", d, err)
	}
	if _, err := newCalendar(t).Count(day(t, "2026-03-02"), MaxPeriod+1, CountDays); goumai.AsError(err).Fields["n"] == (goumai.Msg{}) {
		t.Errorf("Count beyond MaxPeriod: %v, want an error on n", err)
	}
	if _, err := newCalendar(t).Count(day(t, "2026-03-02"), 1, "y"); goumai.AsError(err).Fields["unit"] == (goumai.Msg{}) {
		t.Errorf("Count in an unknown unit: %v, want an error on unit", err)
	}
}

// TestDay: is it a working day, and why — the holiday and its notice, a
// make-up day, a weekend, a weekday, and an answer that may change.
func TestDay(t *testing.T) {
	c := with(t, newCalendar(t), fixture2028(t))
	tests := []struct {
		date     string
		working  bool
		holiday  string
		makeUp   bool
		settled  bool
		zh, en   string
		noticeOf string
	}{
		{"2026-10-01", false, "国庆节", false, true, "国庆节放假", "Thursday off for 国庆节", lunarSource},
		{"2026-10-10", true, "国庆节", true, true, "星期六，因国庆节调休上班", "Saturday worked for 国庆节", lunarSource},
		{"2026-03-07", false, "", false, true, "星期六，休息日", "Saturday, a weekend day", ""},
		{"2026-03-09", true, "", false, true, "星期一，工作日", "Monday, a working day", ""},
		{"2028-01-22", true, "春节", true, true, "因春节调休上班（测试样例", "Saturday worked for 春节 (测试样例", "测试样例〔2027〕1号（非真实通知）"},
		{"2029-03-05", true, "", false, false, "2029年的节假日安排尚未载入", "arrangement for 2029 has not been loaded", ""},
		{"2028-12-27", true, "", false, false, "次年的通知可能调整", "may move the last days of the December", ""},
	}
	for _, tt := range tests {
		d := c.Day(day(t, tt.date))
		if d.Date != tt.date || d.Working != tt.working || d.Holiday != tt.holiday || d.MakeUp != tt.makeUp || d.Settled != tt.settled || d.Notice != tt.noticeOf {
			t.Errorf("Day(%s) = %+v", tt.date, d)
		}
		if !strings.Contains(d.Why.ZH, tt.zh) || !strings.Contains(d.Why.EN, tt.en) {
			t.Errorf("Day(%s).Why = %+v, want %q and %q", tt.date, d.Why, tt.zh, tt.en)
		}
	}
}
