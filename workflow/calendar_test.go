package workflow_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// fixture2028 reads rules/testdata's invented arrangement of 2028 (not the
// State Council's notice).
func fixture2028(t *testing.T) goumai.HolidayArrangement {
	t.Helper()
	b, err := os.ReadFile("../rules/testdata/arrangement-2028.fixture.json")
	if err != nil {
		t.Fatal(err)
	}
	a, err := rules.ParseArrangement(b)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// mofAdmin creates the Ministry of Finance with an administrator and a finance approver.
func mofAdmin(t *testing.T, w *world) (admin, approver goumai.Actor) {
	t.Helper()
	ctx := context.Background()
	mof, err := w.svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: "中华人民共和国财政部", Kind: goumai.KindStateOrgan,
		CreditCode: code(t, "100000", "00000001X"), Region: goumai.NationalCode, FinanceDept: true})
	if err != nil {
		t.Fatal(err)
	}
	return member(t, w, mof, "mof.admin", goumai.RoleAdmin), member(t, w, mof, "mof.approver", goumai.RoleFinanceApprover)
}

// TestLoadCalendar: the Ministry's administrator loads a year the calendar did
// not have and its periods become countable; loading the year again supersedes
// the version, which stays on record, and changing an arranged year's days
// needs a reason; nobody else may load; every load is a public event.
func TestLoadCalendar(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newWorld(t, s)
		admin, approver := mofAdmin(t, w)
		clock.Set(time.Date(2027, 11, 20, 9, 0, 0, 0, goumai.Shanghai))
		fix := fixture2028(t)

		from := time.Date(2027, 12, 30, 10, 0, 0, 0, goumai.Shanghai)
		c, err := s.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.AddWorkingDaysChecked(from, 3); goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("a period into 2028 before the load: %v, want a conflict", err)
		}

		for name, a := range map[string]goumai.Actor{"a province's administrator": w.zjAdmin, "the Ministry's approver": approver, "the anonymous": {}} {
			if _, err := w.svc.LoadCalendar(ctx, a, fix); goumai.ErrorCode(err) != goumai.EForbidden && goumai.ErrorCode(err) != goumai.EUnauthorized {
				t.Errorf("%s loads: %v, want refused", name, err)
			}
		}
		bad := fix
		bad.Issued = "2027-11-21" // tomorrow
		if _, err := w.svc.LoadCalendar(ctx, admin, bad); goumai.AsError(err).Fields["issued"] == (goumai.Msg{}) {
			t.Errorf("a notice dated tomorrow: %v, want an error on issued", err)
		}

		first, err := w.svc.LoadCalendar(ctx, admin, fix)
		if err != nil {
			t.Fatalf("load 2028: %v", err)
		}
		// 2028 was not arranged: every day of the notice that departs from the weekly rule changes.
		if n := first.Notice; n.Year != 2028 || n.Status != goumai.NoticeCurrent || n.LoadedBy != "mof.admin" || n.Replaces != nil || first.Replaced != nil || len(first.Changes) != 25 {
			t.Errorf("first load = %+v with %d changes", n, len(first.Changes))
		}
		c, err = s.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if end, err := c.AddWorkingDaysChecked(from, 3); err != nil || end.Format(time.DateOnly) != "2028-01-05" {
			t.Errorf("3 working days after 2027-12-30 = %v, %v; want 2028-01-05", end, err)
		}

		if _, err := w.svc.LoadCalendar(ctx, admin, fix); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("the same arrangement again: %v, want a conflict", err)
		}
		// The same days under a corrected number: nothing changes, no reason needed.
		renumbered := fix
		renumbered.Notice = "测试样例〔2027〕2号（非真实通知）"
		second, err := w.svc.LoadCalendar(ctx, admin, renumbered)
		if err != nil || len(second.Changes) != 0 || second.Replaced == nil || second.Replaced.ID != first.Notice.ID || *second.Notice.Replaces != first.Notice.ID {
			t.Fatalf("renumbered = %+v, %v", second, err)
		}
		// Moving a make-up day changes two days of an arranged year: a reason is required.
		moved := renumbered
		moved.Notice, moved.Days = "测试样例〔2027〕3号（非真实通知）", append([]goumai.HolidayDay(nil), renumbered.Days...)
		for i, d := range moved.Days {
			if d.Date == "2028-01-22" {
				moved.Days[i].Date = "2028-01-23" // Sunday instead of Saturday
			}
		}
		if _, err := w.svc.LoadCalendar(ctx, admin, moved); goumai.AsError(err).Fields["reason"] == (goumai.Msg{}) {
			t.Fatalf("changing days without a reason: %v, want an error on reason", err)
		}
		moved.Reason = "更正：调休上班日为1月23日（测试）"
		third, err := w.svc.LoadCalendar(ctx, admin, moved)
		want := []rules.DayChange{{Date: "2028-01-22", Before: true, After: false}, {Date: "2028-01-23", Before: false, After: true}}
		if err != nil || len(third.Changes) != 2 || third.Changes[0] != want[0] || third.Changes[1] != want[1] || third.Notice.Reason != moved.Reason {
			t.Fatalf("the correction = %+v, %v; want changes %+v", third, err, want)
		}

		// Replacing a year lunar-go has is the same: its days change only with a reason.
		short := goumai.HolidayArrangement{Year: 2027, Notice: "测试〔2026〕1号", Issued: "2026-11-01",
			Days: []goumai.HolidayDay{{Date: "2027-10-01", Holiday: "国庆节", Kind: goumai.DayOff}}}
		if _, err := w.svc.LoadCalendar(ctx, admin, short); goumai.AsError(err).Fields["reason"] == (goumai.Msg{}) {
			t.Errorf("replacing lunar-go's 2027 with other days and no reason: %v, want an error on reason", err)
		}

		years, err := w.svc.CalendarArrangements(ctx, "2028")
		if err != nil || len(years.Notices) != 3 || years.Notices[0].ID != third.Notice.ID || years.Notices[2].Status != goumai.NoticeSuperseded {
			t.Errorf("the versions of 2028 = %+v, %v", years.Notices, err)
		}
		if last := years.Years[len(years.Years)-1]; last.Year != 2028 || last.Source != moved.Notice || !last.Loaded {
			t.Errorf("the last arranged year = %+v", last)
		}
		current, err := w.svc.CalendarArrangements(ctx, "")
		if err != nil || len(current.Notices) != 1 || current.Notices[0].ID != third.Notice.ID {
			t.Errorf("the current versions = %+v, %v", current.Notices, err)
		}
		for _, y := range []string{"abc", "2001", "20280"} {
			if _, err := w.svc.CalendarArrangements(ctx, y); goumai.AsError(err).Fields["year"] == (goumai.Msg{}) {
				t.Errorf("CalendarArrangements(%q) = %v, want an error on year", y, err)
			}
		}

		evs, err := s.FindEvents(ctx, sqlstore.EventFilter{PublicOnly: true, ObjectType: "calendar_notices", Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		var loads, supersedes int
		for _, e := range evs {
			switch {
			case e.Action == "calendar.load" && e.Region == goumai.NationalCode && e.Actor == "mof.admin":
				loads++
			case e.Action == "calendar.supersede":
				supersedes++
			}
		}
		if loads != 3 || supersedes != 2 {
			t.Errorf("public events: %d loads, %d supersedes; want 3 and 2", loads, supersedes)
		}
		verify(t, s)
	})
}
