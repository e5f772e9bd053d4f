package sqlstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// arrangement2028 is a small invented arrangement of 2028 (a year lunar-go
// does not have); v names its version.
func arrangement2028(notice string) goumai.HolidayArrangement {
	return goumai.HolidayArrangement{Year: 2028, Notice: notice, Issued: "2027-11-01", Days: []goumai.HolidayDay{
		{Date: "2028-01-03", Holiday: "元旦", Kind: goumai.DayOff},
		{Date: "2028-01-22", Holiday: "春节", Kind: goumai.DayWork},
	}}
}

// loadNotice stores and records a version of an arrangement in tx, superseding
// the year's current one if there is one.
func loadNotice(ctx context.Context, tx *sqlstore.Tx, a goumai.HolidayArrangement) (int64, error) {
	n := goumai.CalendarNotice{HolidayArrangement: a}
	old, err := tx.CurrentCalendarNotice(ctx, a.Year)
	switch goumai.ErrorCode(err) {
	case "":
		if err := tx.SupersedeCalendarNotice(ctx, old.ID); err != nil {
			return 0, err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "calendar.supersede", Table: "calendar_notices", Key: old.ID, Region: goumai.NationalCode, Public: true}); err != nil {
			return 0, err
		}
		n.Replaces = &old.ID
	case goumai.ENotFound:
	default:
		return 0, err
	}
	id, err := tx.InsertCalendarNotice(ctx, n, 0)
	if err != nil {
		return 0, err
	}
	_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "calendar.load", Table: "calendar_notices", Key: id, Region: goumai.NationalCode, Public: true})
	return id, err
}

func arranged(t *testing.T, c *rules.Calendar, err error) bool {
	t.Helper()
	if err != nil {
		t.Fatalf("calendar: %v", err)
	}
	return c.YearArranged(2028)
}

// TestCalendarNotices: versions of a year's arrangement are stored, the
// current one superseded when the year is loaded again and kept on record; at
// most one is current; every change is in the log.
func TestCalendarNotices(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		var first, second int64
		sqltest.Must(t, s.Update(ctx, func(tx *sqlstore.Tx) (err error) {
			first, err = loadNotice(ctx, tx, arrangement2028("测试〔2027〕1号"))
			return
		}))
		clock.Advance(time.Hour)
		sqltest.Must(t, s.Update(ctx, func(tx *sqlstore.Tx) (err error) {
			second, err = loadNotice(ctx, tx, arrangement2028("测试〔2027〕2号"))
			return
		}))

		versions, err := s.CalendarNotices(ctx, 2028)
		if err != nil {
			t.Fatal(err)
		}
		if len(versions) != 2 || versions[0].ID != second || versions[1].ID != first {
			t.Fatalf("versions of 2028 = %+v, want %d then %d", versions, second, first)
		}
		if v := versions[0]; v.Status != goumai.NoticeCurrent || v.Replaces == nil || *v.Replaces != first || v.Notice != "测试〔2027〕2号" ||
			v.LoadedBy != "system" || !v.LoadedAt.Equal(sqltest.Start.Add(time.Hour)) || len(v.Days) != 2 || v.Days[1].Kind != goumai.DayWork {
			t.Errorf("the current version = %+v", v)
		}
		if v := versions[1]; v.Status != goumai.NoticeSuperseded || v.Replaces != nil || v.Notice != "测试〔2027〕1号" {
			t.Errorf("the superseded version = %+v", v)
		}
		current, err := s.CalendarNotices(ctx, 0)
		if err != nil || len(current) != 1 || current[0].ID != second {
			t.Errorf("current versions = %+v, %v; want only %d", current, err, second)
		}

		err = s.Update(ctx, func(tx *sqlstore.Tx) error { return tx.SupersedeCalendarNotice(ctx, first) })
		if goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("superseding a superseded version: %v, want a conflict", err)
		}
		err = s.Update(ctx, func(tx *sqlstore.Tx) error {
			_, err := tx.InsertCalendarNotice(ctx, goumai.CalendarNotice{HolidayArrangement: arrangement2028("测试〔2027〕3号")}, 0)
			return err
		})
		if goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("a second current version of 2028: %v, want a conflict", err)
		}
		err = s.Update(ctx, func(tx *sqlstore.Tx) error {
			_, err := tx.CurrentCalendarNotice(ctx, 2029)
			return err
		})
		if goumai.ErrorCode(err) != goumai.ENotFound {
			t.Errorf("the current version of 2029: %v, want not found", err)
		}

		if _, err := s.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}
		if rep, err := s.Verify(ctx, nil); err != nil || !rep.OK() {
			t.Errorf("verify: %v %v", err, rep.Problems)
		}
	})
}

// TestStoreCalendar: the calendar has the loaded years over lunar-go's; it is
// cached, built again after a load committed by this store or by another one
// on the same database (another process), and never from a load that rolled back.
func TestStoreCalendar(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, a *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		b := sqltest.Another(t, a, clock)
		c1, err := a.Calendar(ctx)
		if arranged(t, c1, err) {
			t.Fatal("2028 is arranged before any load")
		}
		if again, _ := a.Calendar(ctx); again != c1 {
			t.Error("the calendar was built again with nothing loaded")
		}
		if c, err := b.Calendar(ctx); arranged(t, c, err) {
			t.Fatal("2028 is arranged in the other store before any load")
		}

		// A load that rolls back: the transaction sees its own load, nobody else does, ever.
		rollback := errors.New("roll back")
		err = a.Update(ctx, func(tx *sqlstore.Tx) error {
			if c, err := tx.Calendar(ctx); arranged(t, c, err) || c != c1 {
				t.Error("a transaction that loaded nothing does not share the cached calendar")
			}
			if _, err := loadNotice(ctx, tx, arrangement2028("测试〔2027〕1号")); err != nil {
				return err
			}
			if c, err := tx.Calendar(ctx); !arranged(t, c, err) {
				t.Error("the transaction does not see the year it loaded")
			}
			if c, err := a.Calendar(ctx); arranged(t, c, err) {
				t.Error("an uncommitted load is seen outside its transaction")
			}
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatalf("Update: %v", err)
		}
		if c, err := a.Calendar(ctx); arranged(t, c, err) || c != c1 {
			t.Error("a rolled-back load reached the cache")
		}

		// A committed load in one store reaches both.
		sqltest.Must(t, b.Update(ctx, func(tx *sqlstore.Tx) error {
			_, err := loadNotice(ctx, tx, arrangement2028("测试〔2027〕1号"))
			return err
		}))
		c2, err := a.Calendar(ctx)
		if !arranged(t, c2, err) {
			t.Fatal("the other store's load is not seen")
		}
		if c2.IsWorkingDay(time.Date(2028, 1, 3, 12, 0, 0, 0, goumai.Shanghai)) || !c2.IsWorkingDay(time.Date(2028, 1, 22, 12, 0, 0, 0, goumai.Shanghai)) {
			t.Error("the loaded days are not in the calendar")
		}
		if again, _ := a.Calendar(ctx); again != c2 {
			t.Error("the calendar was built again with nothing new loaded")
		}
		if c, err := b.Calendar(ctx); !arranged(t, c, err) {
			t.Error("the loading store does not see its own load")
		}

		// A correction replaces the year's days, in both stores.
		corrected := arrangement2028("测试〔2027〕2号")
		corrected.Days[0].Kind, corrected.Days[0].Date = goumai.DayOff, "2028-01-04"
		sqltest.Must(t, a.Update(ctx, func(tx *sqlstore.Tx) error {
			_, err := loadNotice(ctx, tx, corrected)
			return err
		}))
		for name, s := range map[string]*sqlstore.Store{"loading": a, "other": b} {
			c, err := s.Calendar(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !c.IsWorkingDay(time.Date(2028, 1, 3, 12, 0, 0, 0, goumai.Shanghai)) || c.IsWorkingDay(time.Date(2028, 1, 4, 12, 0, 0, 0, goumai.Shanghai)) {
				t.Errorf("%s store: the correction's days are not the calendar's", name)
			}
			if a, _ := c.Arranged(time.Date(2028, 1, 4, 12, 0, 0, 0, goumai.Shanghai)); a.Source != "测试〔2027〕2号" {
				t.Errorf("%s store: 2028-01-04 comes from %q, want the correction", name, a.Source)
			}
		}
	})
}
