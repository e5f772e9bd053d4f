package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
)

// The holiday arrangements loaded as data (migration 0011).
func init() {
	registerTable(table{name: "calendar_notices", key: "id", cols: []column{{"id", colInt}, {"year", colInt}, {"notice", colText},
		{"issued", colText}, {"days", colJSON}, {"reason", colText}, {"status", colText}, {"replaces", colNullInt},
		{"loaded_by", colNullInt}, {"loaded_at", colText}}})
}

var calendarNoticeWhat = goumai.M("节假日安排", "holiday arrangement")

// InsertCalendarNotice stores a new current version of a year's arrangement,
// loaded by user by (0 for goumai itself), and returns its id. The year's
// current version, if any, must have been superseded first.
func (tx *Tx) InsertCalendarNotice(ctx context.Context, n goumai.CalendarNotice, by int64) (int64, error) {
	days, err := jsonText(n.Days)
	if err != nil {
		return 0, err
	}
	loadedBy := sql.NullInt64{Int64: by, Valid: by != 0}
	key, err := tx.writeRow(ctx, "calendar_notices", `INSERT INTO calendar_notices (year, notice, issued, days, reason, status, replaces, loaded_by, loaded_at)
		VALUES ($1, $2, $3, $4, $5, 'current', $6, $7, $8)`,
		n.Year, n.Notice, n.Issued, days, n.Reason, n.Replaces, loadedBy, formatTime(tx.now))
	if err != nil {
		return 0, interpretError(err, calendarNoticeWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// SupersedeCalendarNotice marks a year's current version superseded. A version
// superseded already (by a load that committed meanwhile) is a conflict.
func (tx *Tx) SupersedeCalendarNotice(ctx context.Context, id int64) error {
	_, err := tx.writeRow(ctx, "calendar_notices", `UPDATE calendar_notices SET status = 'superseded' WHERE id = $1 AND status = 'current'`, id)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Errorf(goumai.EConflict, "该年的节假日安排刚刚被另一次载入更新，请重新查看后再试", "this year's arrangement was just changed by another load: look again and retry")
	}
	return interpretError(err, calendarNoticeWhat)
}

// CurrentCalendarNotice returns the current version of a year's arrangement,
// or ENotFound when none was loaded (lunar-go's, if any, applies).
func (tx *Tx) CurrentCalendarNotice(ctx context.Context, year int) (goumai.CalendarNotice, error) {
	n, err := scanCalendarNotice(tx.tx.QueryRowContext(ctx, `SELECT `+calendarNoticeCols+` FROM calendar_notices n LEFT JOIN users u ON u.id = n.loaded_by
		WHERE n.year = $1 AND n.status = 'current'`, year))
	if errors.Is(err, sql.ErrNoRows) {
		return n, goumai.ErrNotFound(fmt.Sprintf("%d年载入的节假日安排", year), fmt.Sprintf("loaded holiday arrangement of %d", year))
	}
	return n, err
}

// CalendarNotices returns the versions loaded for a year, newest first; for
// year 0, the current version of every year loaded, by year.
func (s *Store) CalendarNotices(ctx context.Context, year int) ([]goumai.CalendarNotice, error) {
	q, args := calendarNoticesSQL(year)
	return queryList(ctx, s.r, listCalendarNotices, scanCalendarNotice, q, args...)
}

var listCalendarNotices = registerList("CalendarNotices", func(s *Store) []listSample {
	return []listSample{
		sample(calendarNoticesSQL(2028)).sorted("the versions of one year (one, or a few corrections)"),
		sample(calendarNoticesSQL(0)).wholeTable("the current version of each year loaded (one row a year), to build the calendar"),
	}
})

func calendarNoticesSQL(year int) (string, []any) {
	const from = `SELECT ` + calendarNoticeCols + ` FROM calendar_notices n LEFT JOIN users u ON u.id = n.loaded_by`
	if year == 0 {
		return from + ` WHERE n.status = 'current' ORDER BY n.year`, nil
	}
	return from + ` WHERE n.year = $1 ORDER BY n.id DESC`, []any{year}
}

const calendarNoticeCols = `n.id, n.year, n.notice, n.issued, n.days, n.reason, n.status, n.replaces, u.username, n.loaded_at`

func scanCalendarNotice(sc scanner) (goumai.CalendarNotice, error) {
	var n goumai.CalendarNotice
	var days, at string
	var replaces sql.NullInt64
	var by sql.NullString
	if err := sc.Scan(&n.ID, &n.Year, &n.Notice, &n.Issued, &days, &n.Reason, &n.Status, &replaces, &by, &at); err != nil {
		return n, err
	}
	if err := json.Unmarshal([]byte(days), &n.Days); err != nil {
		return n, fmt.Errorf("holiday arrangement %d: stored days: %w", n.ID, err)
	}
	if replaces.Valid {
		n.Replaces = &replaces.Int64
	}
	n.LoadedBy = goumai.System.Username
	if by.Valid {
		n.LoadedBy = by.String
	}
	var err error
	n.LoadedAt, err = parseTime(at)
	return n, err
}

// calendarCache keeps the calendar built from the loaded arrangements, with
// the number of rows of calendar_notices it was built from. Rows are never
// deleted and every load inserts one, so the committed states of the table
// follow each other with growing counts: a count equal to the cached one
// means the same rows, whichever process loaded them.
type calendarCache struct {
	mu    sync.Mutex
	rows  int64
	built *rules.Calendar
}

// Calendar returns the working-day calendar: lunar-go's table with the current
// version of each loaded year over it (rules.Calendar.With). It is cached and
// built again after a load, by this process or another one sharing the
// database (one count query tells).
func (s *Store) Calendar(ctx context.Context) (*rules.Calendar, error) {
	return s.calendarOn(ctx, s.r, true)
}

// Calendar returns the working-day calendar as the transaction sees it: with
// an arrangement it has just loaded, before it commits.
func (tx *Tx) Calendar(ctx context.Context) (*rules.Calendar, error) {
	return tx.s.calendarOn(ctx, tx.tx, !tx.wrote("calendar_notices"))
}

// calendarOn reads the calendar through q. shared says whether q sees only
// committed rows, so that the cache may answer for it and keep what it builds;
// a transaction that loaded an arrangement builds its own.
func (s *Store) calendarOn(ctx context.Context, q querier, shared bool) (*rules.Calendar, error) {
	var rows int64
	// Counted before the rows are read: if a load commits in between, the
	// calendar built is newer than the count, and the next call builds again.
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM calendar_notices`).Scan(&rows); err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	s.calendar.mu.Lock()
	cached, cachedRows := s.calendar.built, s.calendar.rows
	s.calendar.mu.Unlock()
	if shared && cached != nil && cachedRows == rows {
		return cached, nil
	}
	query, args := calendarNoticesSQL(0)
	current, err := queryList(ctx, q, listCalendarNotices, scanCalendarNotice, query, args...)
	if err != nil {
		return nil, err
	}
	c, err := buildCalendar(current)
	if err != nil {
		return nil, err
	}
	if shared {
		s.calendar.mu.Lock()
		s.calendar.built, s.calendar.rows = c, rows
		s.calendar.mu.Unlock()
	}
	return c, nil
}

// BuildCalendar is lunar-go's calendar with the given loaded versions over it.
func buildCalendar(notices []goumai.CalendarNotice) (*rules.Calendar, error) {
	base, err := rules.NewCalendar()
	if err != nil {
		return nil, err
	}
	arrs := make([]goumai.HolidayArrangement, len(notices))
	for i, n := range notices {
		arrs[i] = n.HolidayArrangement
	}
	return base.With(arrs...)
}

// wrote reports whether the transaction has written rows of table (kept for,
// or recorded by, Record).
func (tx *Tx) wrote(table string) bool {
	for _, e := range tx.events {
		if e.ObjectType == table {
			return true
		}
	}
	for k := range tx.states {
		if strings.HasPrefix(k, table+"\x00") {
			return true
		}
	}
	return false
}
