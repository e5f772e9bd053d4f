package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
)

// fixture2028 is rules/testdata's invented arrangement of 2028 (not the State Council's notice).
const fixture2028 = "../../rules/testdata/arrangement-2028.fixture.json"

// calRun runs goumai with the clock at now, LANG set to lang, and stdin.
func calRun(t *testing.T, now time.Time, lang, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(&env{ctx: context.Background(), args: args, stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut,
		getenv: func(k string) string {
			if k == "LANG" {
				return lang
			}
			return ""
		}, now: func() time.Time { return now }})
	return code, out.String(), errOut.String()
}

// TestCalendarAsk: the questions on lunar-go's calendar, in English and Chinese.
func TestCalendarAsk(t *testing.T) {
	now := time.Date(2026, 9, 1, 9, 0, 0, 0, goumai.Shanghai)
	tests := []struct {
		args []string
		lang string
		code int
		want string // in stdout for 0, in stderr otherwise
	}{
		{[]string{"add", "2026-09-30", "5wd"}, "", 0, "2026-10-13 23:59:59 +08:00  (the end of 5 working days after 2026-09-30, that day not counted)"},
		{[]string{"add", "2026-09-30", "7d"}, "", 0, "2026-10-07 is a rest day (Wednesday off for 国庆节"},
		{[]string{"add", "2026-09-30", "7d"}, "", 0, "as a time limit for an act it ends at 2026-10-08 23:59:59 +08:00 (Civil Code art. 203)"},
		{[]string{"add", "2026-09-30", "5"}, "", 0, "2026-10-05 23:59:59 +08:00  (the end of 5 calendar days"},
		{[]string{"add", "2026-10-08", "-1wd"}, "", 0, "2026-09-30 23:59:59 +08:00"},
		{[]string{"add", "2026-09-30", "5wd"}, "zh_CN.UTF-8", 0, "2026-10-13 23:59:59 +08:00（2026-09-30后第5个工作日的最后一秒，当日不计入）"},
		{[]string{"add", "2027-12-01", "30wd"}, "", 1, "the State Council's holiday arrangement for 2028 has not been loaded"},
		{[]string{"add", "2027-12-01", "30wd"}, "zh_CN.UTF-8", 1, "2028年的节假日安排尚未载入"},
		{[]string{"add", "2026-02-30", "5wd"}, "", 1, `DATE: the date "2026-02-30" must be year-month-day`},
		{[]string{"add", "2026-09-30", "5x"}, "", 1, `N: the period "5x" is written N, Nd or Nwd`},
		{[]string{"add", "2026-09-30", "1001wd"}, "", 1, "N: the number of days is a whole number from -1000 to 1000"},
		{[]string{"add", "2026-09-30"}, "", 2, "usage: goumai calendar add"},
		{[]string{"is-working-day", "2026-10-10"}, "", 0, "2026-10-10 is a working day: yes. Saturday worked for 国庆节"},
		{[]string{"is-working-day", "2026-10-01"}, "", 0, "2026-10-01 is a working day: no. Thursday off for 国庆节"},
		{[]string{"is-working-day", "2026-03-07"}, "", 0, "2026-03-07 is a working day: no. Saturday, a weekend day"},
		{[]string{"is-working-day", "2026-03-09"}, "zh_CN.UTF-8", 0, "2026-03-09 是否工作日：是。星期一，工作日"},
		{[]string{"is-working-day", "2028-03-06"}, "", 0, "yes. Monday, a working day; but the State Council's holiday arrangement for 2028 has not been loaded"},
		{[]string{"years"}, "", 0, "2002–2027  github.com/6tail/lunar-go"},
		{[]string{"frobnicate"}, "", 2, "unknown subcommand"},
		{[]string{"is-working-day", "--nope", "2026-03-09"}, "", 2, "flag provided but not defined"},
	}
	for _, tt := range tests {
		code, out, errOut := calRun(t, now, tt.lang, "", append([]string{"calendar"}, tt.args...)...)
		got := out
		if tt.code != 0 {
			got = errOut
		}
		if code != tt.code || !strings.Contains(got, tt.want) {
			t.Errorf("calendar %v (LANG=%s): exit %d, want %d with %q\nstdout: %s\nstderr: %s", tt.args, tt.lang, code, tt.code, tt.want, out, errOut)
		}
	}
}

// TestCalendarLoad: a year's arrangement loaded from a file (or the standard
// input) into a database; the questions asked with --db then use it, those
// without keep to lunar-go's table; a malformed file or a second identical
// load is refused, and the log verifies.
func TestCalendarLoad(t *testing.T) {
	now := time.Date(2027, 11, 20, 9, 0, 0, 0, goumai.Shanghai)
	dir := t.TempDir()
	db := filepath.Join(dir, "goumai.db")
	if code, _, errs := calRun(t, now, "", "", "migrate", "--db", db); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	want := func(code int, want string, stdin string, args ...string) {
		t.Helper()
		c, out, errOut := calRun(t, now, "", stdin, args...)
		if c != code || !strings.Contains(out+errOut, want) {
			t.Errorf("%v: exit %d, want %d with %q\nstdout: %s\nstderr: %s", args, c, code, want, out, errOut)
		}
	}
	want(1, "arrangement for 2028 has not been loaded", "", "calendar", "add", "--db", db, "2027-12-30", "3wd")
	code, out, errOut := calRun(t, now, "", "", "calendar", "load", "--db", db, fixture2028)
	if code != 0 || !strings.Contains(out, "loaded the holiday arrangement of 2028: 测试样例〔2027〕1号（非真实通知） (issued 2027-11-01), 35 days, version 1\n") ||
		!strings.Contains(out, "days whose working status changes: 25\n  2028-01-03  working day → rest day\n") || strings.Contains(out, "supersedes") {
		t.Errorf("calendar load: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	want(1, "line 1, column 1: the file must hold one JSON object", "", "calendar", "load", "--db", db, "-") // an empty standard input
	want(1, "nothing to load", "", "calendar", "load", "--db", db, fixture2028)

	fixture, err := os.ReadFile(fixture2028)
	if err != nil {
		t.Fatal(err)
	}
	renumbered := strings.Replace(string(fixture), "1号", "2号", 1)
	want(0, "supersedes version 1 (测试样例〔2027〕1号（非真实通知）), which stays on record", renumbered, "calendar", "load", "--db", db, "-")
	broken := strings.Replace(string(fixture), `"kind": "work"`, `"kind": "wrok"`, 1)
	want(1, `days.3.kind: the kind must be "off"`, broken, "calendar", "load", "--db", db, "-")
	want(1, "line 2, column 1: unknown field \"yaer\"", "{\n\"yaer\": 2028}", "calendar", "load", "--db", db, "-")
	want(1, "no such file", "", "calendar", "load", "--db", db, filepath.Join(dir, "missing.json"))
	want(2, "usage: goumai calendar add", "", "calendar", "load", "--db", db)

	want(0, "2028-01-05 23:59:59 +08:00", "", "calendar", "add", "--db", db, "2027-12-30", "3wd")
	want(1, "arrangement for 2028 has not been loaded", "", "calendar", "add", "2027-12-30", "3wd")
	want(0, "2028-01-22 is a working day: yes. Saturday worked for 春节 (测试样例〔2027〕2号（非真实通知）)", "", "calendar", "is-working-day", "--db", db, "2028-01-22")
	want(0, "2028       测试样例〔2027〕2号（非真实通知） (issued 2027-11-01, loaded)", "", "calendar", "years", "--db", db)
	want(0, "log verify OK", "", "log", "verify", "--db", db)
}
