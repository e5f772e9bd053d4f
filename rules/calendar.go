package rules

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"

	"github.com/goumai/goumai"
)

// Calendar tells the working days (工作日) of mainland China: Monday to Friday, less the
// statutory holidays of the State Council's yearly arrangement (国务院办公厅关于部分节假日安排
// 的通知), plus the Saturdays and Sundays that the arrangement makes working days (调休上班).
// Days are calendar dates in Asia/Shanghai (goumai.Shanghai), whatever the zone of the
// time.Time passed in.
//
// Counting follows the Civil Code (民法典) arts. 201–203: the day of the event is not
// counted, and a period ends at the end of its last day, which is returned as 23:59:59 of
// that day in Asia/Shanghai. An act is in time when !act.After(deadline). The second is
// chosen over 23:59:59.999999999 so that the deadline survives storage with microsecond or
// second precision without rolling into the next day.
//
// A Calendar is immutable and safe for concurrent use. A year is arranged when
// lunar-go's table has it or an arrangement was loaded for it (With). Outside
// the arranged years it knows only weekends: the plain methods (AddWorkingDays,
// …) count on regardless, the Checked ones refuse a period that reaches a year
// not arranged (Check).
type Calendar struct {
	arranged map[date]Arrangement
	years    map[int]YearSource
}

// Arrangement is one day on which the State Council's arrangement departs from the weekly
// rule: a day off (Work false, usually a weekday) or a make-up working day (Work true, a
// Saturday or Sunday).
type Arrangement struct {
	Date   string // YYYY-MM-DD
	Name   string // the holiday it belongs to, e.g. 春节
	Work   bool   // true for a make-up working day (调休上班)
	Source string // the notice it comes from, e.g. 国办发明电〔2024〕12号
	Year   int    // the year of that notice (2002 for 2001-12-29, worked for New Year 2002); 0 for Date's year
}

// YearSource says where the arrangement of one year comes from.
type YearSource struct {
	Year   int    `json:"year"`
	Source string `json:"source"`           // the notice's document number, or lunar-go's table
	Issued string `json:"issued,omitempty"` // the notice's date, for a loaded year
	Loaded bool   `json:"loaded"`           // loaded as data, not taken from lunar-go
}

// lunarSource names the arrangements taken from lunar-go; its table is transcribed from
// the State Council's notices, one a year.
const lunarSource = "github.com/6tail/lunar-go HolidayUtil (国务院办公厅节假日安排通知)"

// lunarFirstYear is the first year lunar-go's table covers; its first entries are the
// make-up days of 2001-12-29 and 2001-12-30 for New Year 2002.
const lunarFirstYear = 2002

// lunarDays reads lunar-go's table once: every day with the year of its notice
// (the year of the holiday it belongs to).
var lunarDays = sync.OnceValues(func() ([]Arrangement, error) {
	var out []Arrangement
	for y := lunarFirstYear - 1; ; y++ {
		days := HolidayUtil.GetHolidaysByYear(y)
		if days.Len() == 0 && y >= lunarFirstYear {
			break
		}
		for e := days.Front(); e != nil; e = e.Next() {
			h, ok := e.Value.(*HolidayUtil.Holiday)
			if !ok {
				return nil, fmt.Errorf("lunar-go holidays of %d: unexpected element %T", y, e.Value)
			}
			target, err := time.Parse(time.DateOnly, h.GetTarget())
			if err != nil {
				return nil, fmt.Errorf("lunar-go holiday %s: target %q: %w", h.GetDay(), h.GetTarget(), err)
			}
			out = append(out, Arrangement{Date: h.GetDay(), Name: h.GetName(), Work: h.IsWork(), Source: lunarSource, Year: target.Year()})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("lunar-go has no holiday arrangements")
	}
	return out, nil
})

// NewCalendar returns the calendar of the arrangements in github.com/6tail/lunar-go
// (2002 to the last year that the module version in go.mod has), with extra applied on
// top: an extra day replaces lunar-go's entry for the same date, and its year counts as
// arranged. Arrangements loaded as data replace whole years instead (With).
func NewCalendar(extra ...Arrangement) (*Calendar, error) {
	days, err := lunarDays()
	if err != nil {
		return nil, err
	}
	c := &Calendar{arranged: make(map[date]Arrangement, len(days)+len(extra)), years: map[int]YearSource{}}
	for _, a := range days {
		if err := c.add(a); err != nil {
			return nil, fmt.Errorf("lunar-go holidays: %w", err)
		}
	}
	for _, a := range extra {
		if err := c.add(a); err != nil {
			return nil, fmt.Errorf("extra arrangement: %w", err)
		}
	}
	return c, nil
}

// add sets one day and marks its notice's year arranged (keeping the first
// source given for the year).
func (c *Calendar) add(a Arrangement) error {
	t, err := time.Parse(time.DateOnly, a.Date)
	if err != nil {
		return fmt.Errorf("arrangement %q (%s): %w", a.Date, a.Name, err)
	}
	if a.Year == 0 {
		a.Year = t.Year()
	}
	c.arranged[date{t.Year(), t.Month(), t.Day()}] = a
	if _, ok := c.years[a.Year]; !ok && a.Year >= lunarFirstYear {
		c.years[a.Year] = YearSource{Year: a.Year, Source: a.Source}
	}
	return nil
}

// With returns a calendar in which each arrangement replaces the whole of its
// year: every day of that year's notice (lunar-go's or an earlier load) is
// dropped, and the arrangement's days set, in the order given. The arrangements
// must have passed CheckArrangement.
func (c *Calendar) With(arrs ...goumai.HolidayArrangement) (*Calendar, error) {
	out := &Calendar{arranged: maps.Clone(c.arranged), years: maps.Clone(c.years)}
	for _, arr := range arrs {
		maps.DeleteFunc(out.arranged, func(_ date, a Arrangement) bool { return a.Year == arr.Year })
		delete(out.years, arr.Year)
		for _, d := range arr.Days {
			a := Arrangement{Date: d.Date, Name: d.Holiday, Work: d.Kind == goumai.DayWork, Source: arr.Notice, Year: arr.Year}
			if err := out.add(a); err != nil {
				return nil, fmt.Errorf("arrangement of %d: %w", arr.Year, err)
			}
		}
		out.years[arr.Year] = YearSource{Year: arr.Year, Source: arr.Notice, Issued: arr.Issued, Loaded: true}
	}
	return out, nil
}

// Years returns the first and last arranged years. A year between them is
// arranged unless a later one was loaded before it; ArrangedYears lists them.
func (c *Calendar) Years() (first, last int) {
	first, last = math.MaxInt, 0
	for y := range c.years {
		first, last = min(first, y), max(last, y)
	}
	return first, last
}

// ArrangedYears lists the arranged years in order, with where each comes from.
func (c *Calendar) ArrangedYears() []YearSource {
	out := slices.Collect(maps.Values(c.years))
	slices.SortFunc(out, func(a, b YearSource) int { return a.Year - b.Year })
	return out
}

// YearArranged reports whether the State Council's arrangement of year y is known.
func (c *Calendar) YearArranged(y int) bool {
	_, ok := c.years[y]
	return ok
}

// Arranged returns the arrangement for t's date, if the State Council made one: why a
// weekday is off, or why a weekend day is worked.
func (c *Calendar) Arranged(t time.Time) (Arrangement, bool) {
	a, ok := c.arranged[dateOf(t)]
	return a, ok
}

// IsWorkingDay reports whether t's date in Asia/Shanghai is a working day.
func (c *Calendar) IsWorkingDay(t time.Time) bool { return c.working(dateOf(t)) }

func (c *Calendar) working(d date) bool {
	if a, ok := c.arranged[d]; ok {
		return a.Work
	}
	wd := d.weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddWorkingDays returns the end (23:59:59, Asia/Shanghai) of the n-th working day after
// t's date, t's date itself not counted: the deadline of "within n working days after t"
// (…之日起n个工作日内). A negative n counts back: the end of the |n|-th working day before
// t's date. n = 0 gives the end of t's date.
//
// Example: an event on Friday 2025-01-24 with n = 3 ends on 2025-02-05, because 2025-01-26
// (a Sunday worked for the Spring Festival) and 2025-01-27 are working days and
// 2025-01-28 to 2025-02-04 are holidays.
func (c *Calendar) AddWorkingDays(t time.Time, n int) time.Time {
	d, _ := c.walk(dateOf(t), n, false)
	return d.end()
}

// walk returns the n-th working day after d (before d for a negative n). When
// checked, it stops at the first date of a year not arranged with that year's
// error, so that even a huge n ends within the arranged years.
func (c *Calendar) walk(d date, n int, checked bool) (date, error) {
	step, year := 1, d.y
	if n < 0 {
		n, step = -n, -1
	}
	for n > 0 {
		d = d.add(step)
		if checked && d.y != year {
			if year = d.y; !c.YearArranged(year) {
				return d, errUnarranged(year)
			}
		}
		if c.working(d) {
			n--
		}
	}
	return d, nil
}

// WorkingDaysBetween counts the working days after a's date up to and including b's
// date. When b's date is before a's, it is minus the number of working days from b's date
// up to but excluding a's date. So, whenever b's date is a working day,
// AddWorkingDays(a, WorkingDaysBetween(a, b)) ends on b's date.
func (c *Calendar) WorkingDaysBetween(a, b time.Time) int {
	from, to := dateOf(a), dateOf(b)
	sign := 1
	if to.before(from) {
		// Count [to, from) as (to-1, from-1].
		from, to, sign = to.add(-1), from.add(-1), -1
	}
	n := 0
	for d := from.add(1); !to.before(d); d = d.add(1) {
		if c.working(d) {
			n++
		}
	}
	return sign * n
}

// AddCalendarDays returns the end (23:59:59, Asia/Shanghai) of the date n calendar days
// after t's date (日, counted as in AddWorkingDays). It does not move off rest days; minimum
// periods such as "no fewer than 20 days" (GPL art. 35) need exactly this.
func (c *Calendar) AddCalendarDays(t time.Time, n int) time.Time {
	return dateOf(t).add(n).end()
}

// CivilDeadline returns the end of a period of n calendar days after t, moved, when its
// last day is a rest day (a weekend day not worked, or a statutory holiday), to the end of
// the next working day: Civil Code (民法典) art. 203, "期间的最后一日是法定休假日的，以法定休假
// 日结束的次日为期间的最后一日". Use it for time limits within which an act must be done.
func (c *Calendar) CivilDeadline(t time.Time, n int) time.Time {
	d := dateOf(t).add(n)
	for !c.working(d) {
		d = d.add(1)
	}
	return d.end()
}

// date is a calendar date in Asia/Shanghai, comparable and usable as a map key.
type date struct {
	y int
	m time.Month
	d int
}

func dateOf(t time.Time) date {
	y, m, d := t.In(goumai.Shanghai).Date()
	return date{y, m, d}
}

// midnightUTC carries the date as a time.Time for date arithmetic; UTC has no DST, so
// adding days never skips or repeats a date.
func (d date) midnightUTC() time.Time { return time.Date(d.y, d.m, d.d, 0, 0, 0, 0, time.UTC) }

func (d date) add(days int) date {
	y, m, dd := d.midnightUTC().AddDate(0, 0, days).Date()
	return date{y, m, dd}
}

func (d date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d) }

func (d date) weekday() time.Weekday { return d.midnightUTC().Weekday() }

func (d date) before(e date) bool { return d.midnightUTC().Before(e.midnightUTC()) }

// end is the last second of the date in Asia/Shanghai.
func (d date) end() time.Time { return time.Date(d.y, d.m, d.d, 23, 59, 59, 0, goumai.Shanghai) }
