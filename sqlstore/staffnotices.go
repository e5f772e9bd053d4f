package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/goumai/goumai"
)

// Notices to staff (migration 0064, goumai.StaffNotice) and their read receipts.

func init() {
	registerTable(table{name: "staff_notices", key: "id", cols: []column{{"id", colInt}, {"org_id", colInt}, {"region", colText},
		{"title", colText}, {"body", colText}, {"created_by", colNullInt}, {"published_at", colText}}})
	registerTable(table{name: "staff_notice_reads", key: "id", cols: []column{{"id", colInt}, {"notice_id", colInt}, {"user_id", colInt},
		{"read_at", colText}}})
}

var (
	staffNoticeWhat = goumai.M("工作通知", "notice to staff")
	staffReadWhat   = goumai.M("阅读记录", "read receipt")
)

const staffNoticeCols = `n.id, n.org_id, n.region, n.title, n.body, n.created_by, n.published_at`

func scanStaffNotice(sc scanner, extra ...any) (goumai.StaffNotice, error) {
	var n goumai.StaffNotice
	var by sql.NullInt64
	var at string
	if err := sc.Scan(append([]any{&n.ID, &n.OrgID, &n.Region, &n.Title, &n.Body, &by, &at}, extra...)...); err != nil {
		return n, err
	}
	n.CreatedBy = by.Int64
	return n, scanTimes(map[*time.Time]string{&n.PublishedAt: at}, nil)
}

// InsertStaffNotice publishes a notice and returns its id.
func (tx *Tx) InsertStaffNotice(ctx context.Context, n goumai.StaffNotice) (int64, error) {
	return tx.insertRow(ctx, "staff_notices", staffNoticeWhat, `INSERT INTO staff_notices (org_id, region, title, body, created_by, published_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, n.OrgID, n.Region, n.Title, n.Body, nullID(n.CreatedBy), formatTime(tx.now))
}

// InsertStaffNoticeRead records that a user read a notice; it returns 0 when
// the user had read it already.
func (tx *Tx) InsertStaffNoticeRead(ctx context.Context, noticeID, userID int64) (int64, error) {
	var n int
	if err := tx.queryRow(ctx, `SELECT count(*) FROM staff_notice_reads WHERE notice_id = $1 AND user_id = $2`, noticeID, userID).Scan(&n); err != nil || n > 0 {
		return 0, err
	}
	return tx.insertRow(ctx, "staff_notice_reads", staffReadWhat, `INSERT INTO staff_notice_reads (notice_id, user_id, read_at) VALUES ($1, $2, $3)`,
		noticeID, userID, formatTime(tx.now))
}

const staffNoticeOneSQL = `SELECT ` + staffNoticeCols + `, (SELECT count(*) FROM staff_notice_reads r WHERE r.notice_id = n.id),
	EXISTS (SELECT 1 FROM staff_notice_reads r WHERE r.notice_id = n.id AND r.user_id = $2) FROM staff_notices n WHERE n.id = $1`

// StaffNotice returns a notice with its read count and whether userID read it.
func (s *Store) StaffNotice(ctx context.Context, id, userID int64) (goumai.StaffNotice, error) {
	var reads int64
	var read bool
	n, err := scanStaffNotice(s.r.QueryRowContext(ctx, staffNoticeOneSQL, id, userID), &reads, &read)
	n.Reads, n.Read = reads, read
	return n, interpretError(err, staffNoticeWhat)
}

// StaffNotice returns a notice inside the transaction.
func (tx *Tx) StaffNotice(ctx context.Context, id int64) (goumai.StaffNotice, error) {
	n, err := scanStaffNotice(tx.queryRow(ctx, `SELECT `+staffNoticeCols+` FROM staff_notices n WHERE n.id = $1`, id))
	return n, interpretError(err, staffNoticeWhat)
}

// staffNoticesForSQL lists the notices sent to any of regions (the reader's
// region and those above it) that userID has not read, newest first.
func staffNoticesForSQL(regions []string, userID int64) (string, []any) {
	w := &where{}
	vals := make([]any, len(regions))
	for i, r := range regions {
		vals[i] = r
	}
	w.in("n.region", vals...)
	w.add("NOT EXISTS (SELECT 1 FROM staff_notice_reads r WHERE r.notice_id = n.id AND r.user_id = $%d)", userID)
	limit := w.limit(200, 200, 200)
	return `SELECT ` + staffNoticeCols + ` FROM staff_notices n WHERE ` + w.sql() + ` ORDER BY n.id DESC LIMIT ` + limit, w.args
}

var listStaffNoticesFor = registerList("StaffNoticesFor", func(s *Store) []listSample {
	return []listSample{sample(staffNoticesForSQL([]string{"330106", "330100", "330000", "100000"}, 7)).
		sorted("the notices of a reader's few ancestor regions, merged by id")}
})

// UnreadStaffNotices returns the notices sent to regions (the reader's own and
// those above it) that userID has not read yet, newest first (at most 200).
func (s *Store) UnreadStaffNotices(ctx context.Context, regions []string, userID int64) ([]goumai.StaffNotice, error) {
	q, args := staffNoticesForSQL(regions, userID)
	return queryList(ctx, s.r, listStaffNoticesFor, func(sc scanner) (goumai.StaffNotice, error) { return scanStaffNotice(sc) }, q, args...)
}

const staffNoticesSentSQL = `SELECT ` + staffNoticeCols + `, (SELECT count(*) FROM staff_notice_reads r WHERE r.notice_id = n.id)
	FROM staff_notices n WHERE n.org_id = $1 ORDER BY n.org_id DESC, n.id DESC LIMIT 100`

var listStaffNoticesSent = registerList("StaffNoticesSent", func(s *Store) []listSample { return []listSample{sample(staffNoticesSentSQL, []any{3})} })

// SentStaffNotices returns the latest 100 notices an organisation published, with their read counts.
func (s *Store) SentStaffNotices(ctx context.Context, orgID int64) ([]goumai.StaffNotice, error) {
	return queryList(ctx, s.r, listStaffNoticesSent, func(sc scanner) (goumai.StaffNotice, error) {
		var reads int64
		n, err := scanStaffNotice(sc, &reads)
		n.Reads = reads
		return n, err
	}, staffNoticesSentSQL, orgID)
}
