package rules

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
)

// The questions staff and auditors ask the calendar (goumai calendar add and
// is-working-day, GET /api/v1/calendar/…, the calendar pages): one answer for
// every surface.

// CountUnit is the unit of a period: calendar days (日) or working days (工作日).
type CountUnit string

// The units of a period.
const (
	CountDays        CountUnit = "d"
	CountWorkingDays CountUnit = "wd"
)

// MaxPeriod bounds the n of a period asked for, either way: longer than any
// period of the law, short enough that counting it is cheap.
const MaxPeriod = 1000

// ParseDay reads a date, YYYY-MM-DD, as that day in Asia/Shanghai; a wrong one
// is an EInvalid error on field.
func ParseDay(field, s string) (time.Time, error) {
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), goumai.Shanghai)
	if err != nil {
		return time.Time{}, goumai.Fields{field: goumai.M(fmt.Sprintf("日期“%s”应为 年-月-日，如 2026-09-30", s), fmt.Sprintf("the date %q must be year-month-day, e.g. 2026-09-30", s))}.Err()
	}
	return t, nil
}

// ParseUnit reads a unit, "d" or "wd" ("" is "d": the law's 日 are calendar days).
func ParseUnit(field, s string) (CountUnit, error) {
	switch u := CountUnit(strings.TrimSpace(s)); u {
	case "", CountDays:
		return CountDays, nil
	case CountWorkingDays:
		return u, nil
	}
	return "", goumai.Fields{field: goumai.M(`单位须为 d（日，自然日）或 wd（工作日）`, `the unit is d (calendar days, 日) or wd (working days, 工作日)`)}.Err()
}

// ParseCount reads the n of a period: a whole number from −MaxPeriod to MaxPeriod.
func ParseCount(field, s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < -MaxPeriod || n > MaxPeriod {
		return 0, goumai.Fields{field: goumai.M(fmt.Sprintf("天数须为 %d 至 %d 的整数", -MaxPeriod, MaxPeriod), fmt.Sprintf("the number of days is a whole number from %d to %d", -MaxPeriod, MaxPeriod))}.Err()
	}
	return n, nil
}

// ParsePeriod reads a period written N, Nd or Nwd (5wd: five working days).
func ParsePeriod(field, s string) (int, CountUnit, error) {
	s = strings.TrimSpace(s)
	num := strings.TrimRightFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' })
	u := CountUnit(s[len(num):])
	if _, err := strconv.Atoi(num); err != nil || u != "" && u != CountDays && u != CountWorkingDays {
		return 0, "", goumai.Fields{field: goumai.M(fmt.Sprintf("期限“%s”应写作 N、Nd 或 Nwd，如 5wd（5个工作日）、20d（20日）", s),
			fmt.Sprintf("the period %q is written N, Nd or Nwd, e.g. 5wd (5 working days) or 20d (20 calendar days)", s))}.Err()
	}
	if u == "" {
		u = CountDays // the law's 日 are calendar days
	}
	n, err := ParseCount(field, num)
	return n, u, err
}

// Period is the answer to "n days (or working days) after from".
type Period struct {
	From string    `json:"from"` // the day of the event, not counted
	N    int       `json:"n"`
	Unit CountUnit `json:"unit"`
	End  time.Time `json:"end"`  // the end of the period's last day: 23:59:59 in Asia/Shanghai
	Date string    `json:"date"` // the period's last day
	// Civil is, for calendar days counted forward to a rest day, the end of the
	// next working day: where a time limit for an act ends instead (Civil Code
	// art. 203). A minimum period (not fewer than 20 days) ends at End.
	Civil *time.Time `json:"civil_end,omitempty"`
}

// Count answers "n days (or working days) after from" by the convention of
// the Calendar's doc comment, refusing a period that reaches a date not
// settled (Check) and an n beyond MaxPeriod.
func (c *Calendar) Count(from time.Time, n int, u CountUnit) (Period, error) {
	p := Period{From: dateOf(from).String(), N: n, Unit: u}
	if n < -MaxPeriod || n > MaxPeriod {
		_, err := ParseCount("n", strconv.Itoa(n))
		return p, err
	}
	var err error
	switch u {
	case CountWorkingDays:
		p.End, err = c.AddWorkingDaysChecked(from, n)
	case CountDays:
		if p.End, err = c.AddCalendarDaysChecked(from, n); err == nil && n > 0 && !c.IsWorkingDay(p.End) {
			var civil time.Time
			if civil, err = c.CivilDeadlineChecked(from, n); err == nil {
				p.Civil = &civil
			}
		}
	default:
		_, err = ParseUnit("unit", string(u))
	}
	if err != nil {
		return p, err
	}
	p.Date = dateOf(p.End).String()
	return p, nil
}

// Day is the answer to "is this a working day, and why".
type Day struct {
	Date    string `json:"date"`
	Weekday string `json:"weekday"` // Monday, …
	Working bool   `json:"working"`
	Holiday string `json:"holiday,omitempty"` // the holiday an arranged day belongs to
	MakeUp  bool   `json:"make_up"`           // a Saturday or Sunday worked (调休上班)
	Notice  string `json:"notice,omitempty"`  // the notice that arranged the day
	// Settled is false when the day's year (or, in the last week of December,
	// the next year) is not arranged: the answer follows the weekly rule only
	// and may change when the arrangement is loaded.
	Settled bool       `json:"settled"`
	Why     goumai.Msg `json:"why"`
}

// Day tells whether t's date is a working day and why.
func (c *Calendar) Day(t time.Time) Day {
	d := dateOf(t)
	wd := d.weekday()
	out := Day{Date: d.String(), Weekday: wd.String(), Working: c.working(d)}
	a, arranged := c.arranged[d]
	switch {
	case arranged && a.Work:
		out.Holiday, out.Notice, out.MakeUp = a.Name, a.Source, true
		out.Why = goumai.M(fmt.Sprintf("%s，因%s调休上班（%s）", weekdayZH[wd], a.Name, a.Source), fmt.Sprintf("%s worked for %s (%s)", wd, a.Name, a.Source))
	case arranged:
		out.Holiday, out.Notice = a.Name, a.Source
		out.Why = goumai.M(fmt.Sprintf("%s，%s放假（%s）", weekdayZH[wd], a.Name, a.Source), fmt.Sprintf("%s off for %s (%s)", wd, a.Name, a.Source))
	case out.Working:
		out.Why = goumai.M(weekdayZH[wd]+"，工作日", wd.String()+", a working day")
	default:
		out.Why = goumai.M(weekdayZH[wd]+"，休息日", wd.String()+", a weekend day")
	}
	if err := c.Check(t, t); err != nil {
		m := goumai.AsError(err).Message
		out.Why = goumai.M(out.Why.ZH+"。但"+m.ZH, out.Why.EN+"; but "+m.EN)
	} else {
		out.Settled = true
	}
	return out
}
