package web

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
)

// lunarArrangement is lunar-go's arrangement of a year as a load's body, under
// an invented document number (it changes no day, so it needs no reason).
func lunarArrangement(t *testing.T, year int, notice string) goumai.HolidayArrangement {
	t.Helper()
	c, err := rules.NewCalendar()
	if err != nil {
		t.Fatal(err)
	}
	arr := goumai.HolidayArrangement{Year: year, Notice: notice, Issued: fmt.Sprintf("%d-03-01", year-1)}
	for d := time.Date(year-1, 12, 1, 12, 0, 0, 0, goumai.Shanghai); d.Year() <= year; d = d.AddDate(0, 0, 1) {
		if a, ok := c.Arranged(d); ok && a.Year == year {
			kind := goumai.DayOff
			if a.Work {
				kind = goumai.DayWork
			}
			arr.Days = append(arr.Days, goumai.HolidayDay{Date: a.Date, Holiday: a.Name, Kind: kind})
		}
	}
	return arr
}

// calendarAuthzRows: anyone asks the calendar and sees its arrangements; only
// the Ministry of Finance's administrators load one (the clock of the matrix
// is 2026-03-02, so a notice of 2026-03-01 for 2027 may be loaded).
func calendarAuthzRows() []authzRow {
	get := func(path string) func(fixture) request {
		return func(fixture) request { return request{method: "GET", path: path} }
	}
	load := func(f fixture) string {
		return mustJSON(f.t, lunarArrangement(f.t, 2027, fmt.Sprintf("授权测试〔2026〕%d号", f.next())))
	}
	all := func(s int) map[string]int { return expect(s, s, s, s, s, s, s, s, s, s) }
	return []authzRow{
		{"GET the calendar page", false, get("/calendar"), all(s200)},
		{"GET the calendar page asking a date", false, get("/calendar?date=2026-10-01&from=2026-09-30&n=5&unit=wd"), all(s200)},
		{"GET the calendar page asking a period into 2028 (refused)", false, get("/calendar?from=2027-12-01&n=30&unit=wd"), all(s409)},
		{"GET the staff calendar", true, get("/staff/calendar"), expect(s303, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"POST a year's arrangement pasted", true, func(f fixture) request {
			return request{method: "POST", path: "/staff/calendar", form: url.Values{"text": {load(f)}}}
		}, expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s200)},
		{"POST the load form empty (the gate)", true, func(fixture) request {
			return request{method: "POST", path: "/staff/calendar", form: url.Values{}}
		}, expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s422)},
		{"GET working day", false, get("/api/v1/calendar/working-day?date=2026-10-10"), all(s200)},
		{"GET add", false, get("/api/v1/calendar/add?from=2026-09-30&n=5&unit=wd"), all(s200)},
		{"GET add into 2028 (refused)", false, get("/api/v1/calendar/add?from=2027-12-01&n=30&unit=wd"), all(s409)},
		{"GET arrangements", false, get("/api/v1/calendar/arrangements"), all(s200)},
		{"GET arrangements of a bad year", false, get("/api/v1/calendar/arrangements?year=20x7"), all(s422)},
		{"POST an arrangement (API)", false, func(f fixture) request {
			return request{method: "POST", path: "/api/v1/calendar/arrangements", body: load(f)}
		}, expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s201)},
	}
}
