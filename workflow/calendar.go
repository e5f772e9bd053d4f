package workflow

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// The working-day calendar's arrangements are loaded as data: when the State
// Council publishes a year's holiday arrangement before lunar-go has it (or
// changes one, as the notice of 27 January 2020 extended that year's Spring
// Festival), an administrator of the Ministry of Finance loads the notice's
// days. Loading a year again never rewrites a version: it supersedes it, and
// both stay on record with their events, so the days any deadline was counted
// with remain known. A load that changes which days of an arranged year are
// working days must say why.

// CalendarLoad is what a load did.
type CalendarLoad struct {
	Notice   goumai.CalendarNotice  `json:"notice"`
	Replaced *goumai.CalendarNotice `json:"replaced"` // the version it superseded, if the year had been loaded
	// Changes are the days whose working status the load changed, against
	// the calendar before it (lunar-go's or the version superseded); for a
	// year not arranged before, against the weekly rule.
	Changes []rules.DayChange `json:"changes"`
}

// LoadCalendar loads a year's holiday arrangement (ActLoadCalendar). It
// returns EInvalid for an arrangement CheckArrangement refuses or one that
// changes an arranged year's days without a reason, EConflict when the year's
// current version is the same arrangement already.
func (s *Service) LoadCalendar(ctx context.Context, a goumai.Actor, in goumai.HolidayArrangement) (CalendarLoad, error) {
	var out CalendarLoad
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		out = CalendarLoad{}
		if err := s.Policy.Can(a, goumai.ActLoadCalendar, goumai.Target{Region: goumai.NationalCode}); err != nil {
			return err
		}
		arr, err := rules.CheckArrangement(in, tx.Now())
		if err != nil {
			return err
		}
		before, err := tx.Calendar(ctx)
		if err != nil {
			return err
		}
		after, err := before.With(arr)
		if err != nil {
			return err
		}
		old, err := tx.CurrentCalendarNotice(ctx, arr.Year)
		loaded := err == nil
		if err != nil && goumai.ErrorCode(err) != goumai.ENotFound {
			return err
		}
		if loaded && sameArrangement(old.HolidayArrangement, arr) {
			return goumai.Errorf(goumai.EConflict, fmt.Sprintf("%d年的节假日安排已按%s载入，内容相同，无需再次载入", arr.Year, arr.Notice),
				fmt.Sprintf("the arrangement of %d is loaded from %s already, with the same days: nothing to load", arr.Year, arr.Notice))
		}
		out.Changes = rules.DayChanges(before, after, arr.Year)
		if before.YearArranged(arr.Year) && len(out.Changes) > 0 && arr.Reason == "" {
			return goumai.Fields{"reason": goumai.M(
				fmt.Sprintf("这次载入将改变%d年已有安排中%d天是否为工作日（如%s），请说明原因，例如国务院办公厅的调整通知或更正抄录错误", arr.Year, len(out.Changes), out.Changes[0].Date),
				fmt.Sprintf("this load changes whether %d day(s) of %d's arrangement are working days (e.g. %s): give the reason, such as a later notice of the State Council or a transcription error corrected", len(out.Changes), arr.Year, out.Changes[0].Date))}.Err()
		}
		n := goumai.CalendarNotice{HolidayArrangement: arr}
		if loaded {
			if err := tx.SupersedeCalendarNotice(ctx, old.ID); err != nil {
				return err
			}
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "calendar.supersede", Table: "calendar_notices", Key: old.ID, Region: goumai.NationalCode, Public: true}); err != nil {
				return err
			}
			old.Status, n.Replaces = goumai.NoticeSuperseded, &old.ID
			out.Replaced = &old
		}
		id, err := tx.InsertCalendarNotice(ctx, n, a.UserID)
		if err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "calendar.load", Table: "calendar_notices", Key: id, Region: goumai.NationalCode, Public: true}); err != nil {
			return err
		}
		out.Notice, err = tx.CurrentCalendarNotice(ctx, arr.Year)
		return err
	})
	if out.Changes == nil {
		out.Changes = []rules.DayChange{}
	}
	return out, err
}

// sameArrangement reports whether two arrangements have the same notice and
// days (the reason aside): loading one over the other would change nothing.
func sameArrangement(a, b goumai.HolidayArrangement) bool {
	return a.Year == b.Year && a.Notice == b.Notice && a.Issued == b.Issued && slices.Equal(a.Days, b.Days)
}

// CalendarYears is what the calendar knows: every arranged year with where its
// arrangement comes from, and loaded versions.
type CalendarYears struct {
	Years   []rules.YearSource      `json:"years"`
	Notices []goumai.CalendarNotice `json:"notices"` // the versions of the year asked for, newest first; else each loaded year's current one
}

// CalendarArrangements lists the arranged years and the loaded versions of
// year (0: the current version of every loaded year). Public.
func (s *Service) CalendarArrangements(ctx context.Context, year string) (CalendarYears, error) {
	var y int
	if year = strings.TrimSpace(year); year != "" {
		var err error
		if y, err = strconv.Atoi(year); err != nil || y < 2002 || y > 9999 {
			return CalendarYears{}, goumai.Fields{"year": goumai.M("年份须为2002年或以后的四位数年份", "the year is a year from 2002 on, in four digits")}.Err()
		}
	}
	c, err := s.Store.Calendar(ctx)
	if err != nil {
		return CalendarYears{}, err
	}
	ns, err := s.Store.CalendarNotices(ctx, y)
	if err != nil {
		return CalendarYears{}, err
	}
	if ns == nil {
		ns = []goumai.CalendarNotice{}
	}
	return CalendarYears{Years: c.ArrangedYears(), Notices: ns}, nil
}
