package rules

import (
	"fmt"
	"time"

	"github.com/goumai/goumai"
)

// RuleCalendar names the requirement of RULES.md §6.2 and §14 D (ENG-D1–D8): the
// periods of procurement are counted on the working-day calendar of the State
// Council's holiday arrangements. A period that reaches a year whose arrangement
// is not known would be counted on weekends alone and could come out early, so
// it is refused (Error.Rule) until that year's arrangement is loaded.
const RuleCalendar = "ENG-D"

// decemberOverlap is the first day of December that the next year's notice may
// change: New Year's make-up days and days off have fallen as early as the 29th
// (2001-12-29 and -30 worked for 2002; 2007-12-29 worked and 2007-12-30 and -31
// off for 2008; 2011-12-31 worked for 2012), so the last week of December is
// settled only when the next year is arranged too.
const decemberOverlap = 25

// Check returns nil when every date from from's to to's (either order) is
// settled: its year is arranged and, for the last week of December, the next
// year too. Otherwise an EConflict error naming the year to load.
//
// EConflict, not EInvalid: the dates asked for are valid, and the same request
// succeeds unchanged once the arrangement is loaded; what is missing is the
// platform's data, as when an object is in the wrong state for an action.
func (c *Calendar) Check(from, to time.Time) error {
	lo, hi := dateOf(from), dateOf(to)
	if hi.before(lo) {
		lo, hi = hi, lo
	}
	for y := lo.y; y <= hi.y; y++ {
		if !c.YearArranged(y) {
			return errUnarranged(y)
		}
	}
	if hi.m == time.December && hi.d >= decemberOverlap && !c.YearArranged(hi.y+1) {
		return &goumai.Error{Code: goumai.EConflict, Rule: RuleCalendar, Message: goumai.M(
			fmt.Sprintf("期限止于%s，而%d年的节假日安排尚未载入：次年的通知可能调整当年12月的最后几天（如2007年12月29日调休上班、30日和31日放假），须先由财政部的管理员载入%d年的安排", hi, hi.y+1, hi.y+1),
			fmt.Sprintf("the period ends on %s and the State Council's holiday arrangement for %d has not been loaded: a year's notice may move the last days of the December before it (2007-12-29 was worked and 2007-12-30 and -31 were off for New Year 2008), so an administrator of the Ministry of Finance must load %d's arrangement first", hi, hi.y+1, hi.y+1))}
	}
	return nil
}

// errUnarranged refuses a period that reaches year y.
func errUnarranged(y int) error {
	return &goumai.Error{Code: goumai.EConflict, Rule: RuleCalendar, Message: goumai.M(
		fmt.Sprintf("%d年的节假日安排尚未载入：国务院办公厅公布%d年节假日安排的通知后，须由财政部的管理员载入（工作台“节假日安排”、API 或 goumai calendar load），才能计算到达%d年的期限", y, y, y),
		fmt.Sprintf("the State Council's holiday arrangement for %d has not been loaded: a period reaching %d cannot be counted until an administrator of the Ministry of Finance loads that year's notice (the staff page “Calendar”, the API or goumai calendar load)", y, y))}
}

// AddWorkingDaysChecked is AddWorkingDays refusing a period that reaches a date
// not settled (Check). However large n, it stops at the first year not arranged.
func (c *Calendar) AddWorkingDaysChecked(t time.Time, n int) (time.Time, error) {
	if !c.YearArranged(dateOf(t).y) {
		return time.Time{}, errUnarranged(dateOf(t).y)
	}
	d, err := c.walk(dateOf(t), n, true)
	if err != nil {
		return time.Time{}, err
	}
	return c.settled(t, d.end())
}

// AddCalendarDaysChecked is AddCalendarDays refusing a period that reaches a
// date not settled. A period of calendar days does not depend on the
// arrangement, but it is refused alike so that one rule holds for every period
// of a procedure: the ones counted in working days around it would need the
// arrangement anyway.
func (c *Calendar) AddCalendarDaysChecked(t time.Time, n int) (time.Time, error) {
	return c.settled(t, c.AddCalendarDays(t, n))
}

// CivilDeadlineChecked is CivilDeadline refusing a period that reaches a date
// not settled, the day it moves to included.
func (c *Calendar) CivilDeadlineChecked(t time.Time, n int) (time.Time, error) {
	if err := c.Check(t, c.AddCalendarDays(t, n)); err != nil {
		return time.Time{}, err
	}
	return c.settled(t, c.CivilDeadline(t, n))
}

// WorkingDaysBetweenChecked is WorkingDaysBetween refusing dates not settled.
func (c *Calendar) WorkingDaysBetweenChecked(a, b time.Time) (int, error) {
	if err := c.Check(a, b); err != nil {
		return 0, err
	}
	return c.WorkingDaysBetween(a, b), nil
}

// settled returns end if the period from from to end passes Check; a refused
// period has no deadline (the zero time).
func (c *Calendar) settled(from, end time.Time) (time.Time, error) {
	if err := c.Check(from, end); err != nil {
		return time.Time{}, err
	}
	return end, nil
}
