package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/goumai/goumai"
)

// Enquiries (询问) on procedures open for bids and their answers (migration
// 0015). Who asked is a row of its own (enquiry_askers): the answer's public
// event carries the enquiry's state, which must not name the asker.

func init() {
	registerTable(table{name: "enquiries", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt}, {"number", colInt},
		{"question", colText}, {"asked_at", colText}, {"due_at", colText}, {"overdue_at", colNullText}, {"answer", colText},
		{"answered_by", colNullInt}, {"answered_at", colNullText}, {"notice_id", colNullInt}}})
	registerTable(table{name: "enquiry_askers", key: "enquiry_id", cols: []column{{"enquiry_id", colInt}, {"org_id", colInt}, {"user_id", colInt}}})
}

var enquiryWhat = goumai.M("询问", "enquiry")

// enquiryCols are an enquiry's columns with its asker's (e and a).
const enquiryCols = `e.id, e.procurement_id, e.number, e.question, e.asked_at, e.due_at, e.overdue_at, e.answer, e.answered_by,
	e.answered_at, e.notice_id, a.org_id, a.user_id`

const enquiryFrom = ` FROM enquiries e JOIN enquiry_askers a ON a.enquiry_id = e.id`

func scanEnquiry(sc scanner) (goumai.Enquiry, error) {
	var e goumai.Enquiry
	var by, notice sql.NullInt64
	var asked, due string
	var overdue, answered sql.NullString
	err := sc.Scan(&e.ID, &e.ProcurementID, &e.Number, &e.Question, &asked, &due, &overdue, &e.Answer, &by, &answered, &notice,
		&e.AskerOrgID, &e.AskerUserID)
	if err != nil {
		return e, err
	}
	e.AnsweredBy, e.ClarificationNoticeID = by.Int64, notice.Int64
	if e.AskedAt, err = parseTime(asked); err != nil {
		return e, err
	}
	if e.DueAt, err = parseTime(due); err != nil {
		return e, err
	}
	if e.OverdueAt, err = parseNullTime(overdue); err != nil {
		return e, err
	}
	e.AnsweredAt, err = parseNullTime(answered)
	return e, err
}

// InsertEnquiry records a question with its asker, numbered next in its
// procedure (the caller holds the procedure's lock), asked now and due at
// e.DueAt. It returns the enquiry's id and number; the caller records both rows.
func (tx *Tx) InsertEnquiry(ctx context.Context, e goumai.Enquiry) (int64, int, error) {
	var n int
	if err := tx.tx.QueryRowContext(ctx, `SELECT coalesce(max(number), 0) + 1 FROM enquiries WHERE procurement_id = $1`, e.ProcurementID).Scan(&n); err != nil {
		return 0, 0, fmt.Errorf("enquiry number of procurement %d: %w", e.ProcurementID, err)
	}
	key, err := tx.writeRow(ctx, "enquiries", `INSERT INTO enquiries (procurement_id, number, question, asked_at, due_at) VALUES ($1, $2, $3, $4, $5)`,
		e.ProcurementID, n, e.Question, formatTime(tx.now), formatTime(e.DueAt))
	if err != nil {
		return 0, 0, interpretError(err, enquiryWhat)
	}
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil {
		return 0, 0, err
	}
	if _, err := tx.writeRow(ctx, "enquiry_askers", `INSERT INTO enquiry_askers (enquiry_id, org_id, user_id) VALUES ($1, $2, $3)`,
		id, e.AskerOrgID, e.AskerUserID); err != nil {
		return 0, 0, interpretError(err, enquiryWhat)
	}
	return id, n, nil
}

// AnswerEnquiry records the answer to an enquiry not yet answered, and the
// 更正公告 it published (0 for none). One answered meanwhile is EConflict.
func (tx *Tx) AnswerEnquiry(ctx context.Context, id, by int64, answer string, noticeID int64) error {
	_, err := tx.writeRow(ctx, "enquiries", `UPDATE enquiries SET answer = $1, answered_by = $2, answered_at = $3, notice_id = $4
		WHERE id = $5 AND answered_at IS NULL`, answer, nullInt(by), formatTime(tx.now), nullInt(noticeID), id)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Errorf(goumai.EConflict, "该询问已答复", "the enquiry was answered already")
	}
	return interpretError(err, enquiryWhat)
}

// MarkEnquiryOverdue records, once, that an enquiry is still unanswered past
// its time limit. It reports false when there is nothing to mark: answered,
// marked already (by another tick) or not yet due.
func (tx *Tx) MarkEnquiryOverdue(ctx context.Context, id int64) (bool, error) {
	_, err := tx.writeRow(ctx, "enquiries", `UPDATE enquiries SET overdue_at = $1
		WHERE id = $2 AND answered_at IS NULL AND overdue_at IS NULL AND due_at < $1`, formatTime(tx.now), id)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return false, nil
	}
	return err == nil, interpretError(err, enquiryWhat)
}

// Enquiry returns one enquiry with its asker, inside the transaction.
func (tx *Tx) Enquiry(ctx context.Context, id int64) (goumai.Enquiry, error) {
	e, err := scanEnquiry(tx.queryRow(ctx, `SELECT `+enquiryCols+enquiryFrom+` WHERE e.id = $1`, id))
	return e, interpretError(err, enquiryWhat)
}

// Enquiries returns a procedure's enquiries with their askers, by number (the
// caller decides who may see what).
func (s *Store) Enquiries(ctx context.Context, procurementID int64) ([]goumai.Enquiry, error) {
	return queryList(ctx, s.r, listEnquiries, scanEnquiry, enquiriesSQL, procurementID)
}

const enquiriesSQL = `SELECT ` + enquiryCols + enquiryFrom + ` WHERE e.procurement_id = $1 ORDER BY e.number`

var listEnquiries = registerList("Enquiries", func(s *Store) []listSample {
	return []listSample{sample(enquiriesSQL, []any{7})}
})

// DueEnquiries lists the unanswered enquiries not yet marked overdue whose
// time limit has passed at now (it ends within due_at), for the scheduler, in (due_at, id) order after
// a cursor (the zero cursor starts): a partial index on due_at gives them
// without reading the others.
func (s *Store) DueEnquiries(ctx context.Context, now time.Time, after DueCursor, limit int) ([]goumai.Enquiry, error) {
	return queryList(ctx, s.r, listDueEnquiries, scanEnquiry, dueEnquiriesSQL, formatTime(now), formatTime(after.Due), after.ID, limit)
}

const dueEnquiriesSQL = `SELECT ` + enquiryCols + enquiryFrom + ` WHERE e.answered_at IS NULL AND e.overdue_at IS NULL
	AND e.due_at < $1 AND (e.due_at > $2 OR e.due_at = $2 AND e.id > $3) ORDER BY e.due_at, e.id LIMIT $4`

var listDueEnquiries = registerList("DueEnquiries", func(s *Store) []listSample {
	return []listSample{sample(dueEnquiriesSQL, []any{formatTime(time.Date(2026, 3, 5, 16, 0, 0, 0, time.UTC)), formatTime(time.Time{}), 0, 100})}
})
