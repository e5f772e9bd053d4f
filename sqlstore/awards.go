package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/goumai/goumai"
)

// Awards, letters and bid-bond refunds (migration 0024).

func init() {
	registerTable(table{name: "lot_awards", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt}, {"lot_id", colInt},
		{"opened_bid_id", colInt}, {"org_id", colInt}, {"amount", colInt}, {"deemed", colBool}, {"confirmed_by", colNullInt}, {"confirmed_at", colText}, {"opinion", colText}}})
	registerTable(table{name: "award_letters", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt}, {"lot_id", colInt},
		{"org_id", colInt}, {"kind", colText}, {"notice_id", colInt}, {"issued_at", colText}, {"superseded_at", colNullText}}})
	registerTable(table{name: "bond_refunds", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt}, {"lot_id", colInt},
		{"org_id", colInt}, {"amount", colInt}, {"due_at", colNullText}, {"refunded_at", colNullText}, {"refunded_by", colNullInt}}})
}

var awardWhat = goumai.M("中标（成交）结果", "award")

const awardCols = `id, procurement_id, lot_id, opened_bid_id, org_id, amount, deemed, confirmed_by, confirmed_at, opinion`

func scanAward(sc scanner) (goumai.Award, error) {
	var a goumai.Award
	var by sql.NullInt64
	var at string
	if err := sc.Scan(&a.ID, &a.ProcurementID, &a.LotID, &a.OpenedBidID, &a.OrgID, &a.Amount, &a.Deemed, &by, &at, &a.Opinion); err != nil {
		return a, err
	}
	a.ConfirmedBy = by.Int64
	var err error
	a.ConfirmedAt, err = parseTime(at)
	return a, err
}

// InsertAward records a lot's confirmed result; a lot awarded twice is EConflict.
func (tx *Tx) InsertAward(ctx context.Context, a goumai.Award) (int64, error) {
	key, err := tx.writeRow(ctx, "lot_awards", `INSERT INTO lot_awards (procurement_id, lot_id, opened_bid_id, org_id, amount, deemed, confirmed_by, confirmed_at, opinion)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, a.ProcurementID, a.LotID, a.OpenedBidID, a.OrgID, a.Amount, a.Deemed, nullInt(a.ConfirmedBy), formatTime(tx.now), a.Opinion)
	if err != nil {
		return 0, interpretError(err, awardWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// DeleteAwards removes a procedure's confirmed results, when a challenge's
// decision or a re-evaluation sends it back to be ranked and confirmed again.
func (tx *Tx) DeleteAwards(ctx context.Context, procurementID int64) ([]int64, error) {
	awards, err := tx.Awards(ctx, procurementID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, a := range awards {
		if err := tx.deleteRow(ctx, "lot_awards", a.ID); err != nil {
			return nil, interpretError(err, awardWhat)
		}
		ids = append(ids, a.ID)
	}
	return ids, nil
}

// Awards returns a procedure's confirmed results, by lot.
func (s *Store) Awards(ctx context.Context, procurementID int64) ([]goumai.Award, error) {
	return queryList(ctx, s.r, listAwards, scanAward, awardsSQL, procurementID)
}

// Awards returns a procedure's confirmed results, inside the transaction.
func (tx *Tx) Awards(ctx context.Context, procurementID int64) ([]goumai.Award, error) {
	return queryList(ctx, tx.tx, listAwards, scanAward, awardsSQL, procurementID)
}

const awardsSQL = `SELECT ` + awardCols + ` FROM lot_awards WHERE procurement_id = $1 ORDER BY procurement_id, id`

var listAwards = registerList("Awards", func(s *Store) []listSample {
	return []listSample{sample(awardsSQL, []any{7})}
})

const letterCols = `id, procurement_id, lot_id, org_id, kind, notice_id, issued_at, superseded_at`

func scanLetter(sc scanner) (goumai.AwardLetter, error) {
	var l goumai.AwardLetter
	var kind, at string
	var superseded sql.NullString
	if err := sc.Scan(&l.ID, &l.ProcurementID, &l.LotID, &l.OrgID, &kind, &l.NoticeID, &at, &superseded); err != nil {
		return l, err
	}
	l.Kind = goumai.LetterKind(kind)
	var err error
	if l.IssuedAt, err = parseTime(at); err != nil {
		return l, err
	}
	l.SupersededAt, err = parseNullTime(superseded)
	return l, err
}

// InsertLetter records a letter to a bidder of a lot.
func (tx *Tx) InsertLetter(ctx context.Context, l goumai.AwardLetter) (int64, error) {
	key, err := tx.writeRow(ctx, "award_letters", `INSERT INTO award_letters (procurement_id, lot_id, org_id, kind, notice_id, issued_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		l.ProcurementID, l.LotID, l.OrgID, string(l.Kind), l.NoticeID, formatTime(tx.now))
	if err != nil {
		return 0, interpretError(err, goumai.M("通知书", "letter"))
	}
	return strconv.ParseInt(key, 10, 64)
}

// SupersedeLetters marks void the letters in force of a procedure, when an
// upheld challenge or complaint withdrew the result they announced (ENG-D8),
// and returns their ids.
func (tx *Tx) SupersedeLetters(ctx context.Context, procurementID int64) ([]int64, error) {
	ls, err := queryList(ctx, tx.tx, listLetters, scanLetter, lettersSQL, procurementID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, l := range ls {
		if l.Superseded() {
			continue
		}
		if _, err := tx.writeRow(ctx, "award_letters", `UPDATE award_letters SET superseded_at = $1 WHERE id = $2 AND superseded_at IS NULL`,
			formatTime(tx.now), l.ID); err != nil {
			return nil, interpretError(err, goumai.M("通知书", "letter"))
		}
		ids = append(ids, l.ID)
	}
	return ids, nil
}

// Letters returns a procedure's letters, void ones included, in issue order.
func (s *Store) Letters(ctx context.Context, procurementID int64) ([]goumai.AwardLetter, error) {
	return queryList(ctx, s.r, listLetters, scanLetter, lettersSQL, procurementID)
}

const lettersSQL = `SELECT ` + letterCols + ` FROM award_letters WHERE procurement_id = $1 ORDER BY procurement_id, id`

var listLetters = registerList("Letters", func(s *Store) []listSample {
	return []listSample{sample(lettersSQL, []any{7})}
})

// OrgLetters returns the letters an organisation received, newest first.
func (s *Store) OrgLetters(ctx context.Context, orgID int64) ([]goumai.AwardLetter, error) {
	return queryList(ctx, s.r, listOrgLetters, scanLetter, orgLettersSQL, orgID)
}

const orgLettersSQL = `SELECT ` + letterCols + ` FROM award_letters WHERE org_id = $1 ORDER BY org_id DESC, id DESC LIMIT 200`

var listOrgLetters = registerList("OrgLetters", func(s *Store) []listSample {
	return []listSample{sample(orgLettersSQL, []any{7})}
})

var refundWhat = goumai.M("投标保证金退还", "bond refund")

const refundCols = `id, procurement_id, lot_id, org_id, amount, due_at, refunded_at, refunded_by`

func scanRefund(sc scanner) (goumai.BondRefund, error) {
	var b goumai.BondRefund
	var due, done sql.NullString
	var by sql.NullInt64
	if err := sc.Scan(&b.ID, &b.ProcurementID, &b.LotID, &b.OrgID, &b.Amount, &due, &done, &by); err != nil {
		return b, err
	}
	b.RefundedBy = by.Int64
	var err error
	if b.DueAt, err = parseNullTime(due); err != nil {
		return b, err
	}
	b.RefundedAt, err = parseNullTime(done)
	return b, err
}

// InsertRefund records a bond to refund, due at due (nil: not yet).
func (tx *Tx) InsertRefund(ctx context.Context, b goumai.BondRefund) (int64, error) {
	key, err := tx.writeRow(ctx, "bond_refunds", `INSERT INTO bond_refunds (procurement_id, lot_id, org_id, amount, due_at) VALUES ($1, $2, $3, $4, $5)`,
		b.ProcurementID, b.LotID, b.OrgID, b.Amount, nullTime(b.DueAt))
	if err != nil {
		return 0, interpretError(err, refundWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// SetRefundDue sets when a bond not yet refunded is due (nil: once its
// contract is signed), when a new result changes who won (ENG-D7, ENG-D8).
func (tx *Tx) SetRefundDue(ctx context.Context, id int64, due *time.Time) error {
	_, err := tx.writeRow(ctx, "bond_refunds", `UPDATE bond_refunds SET due_at = $1 WHERE id = $2 AND refunded_at IS NULL`, nullTime(due), id)
	return interpretError(err, refundWhat)
}

// MarkRefunded records a bond as refunded by user, once.
func (tx *Tx) MarkRefunded(ctx context.Context, id, user int64) error {
	_, err := tx.writeRow(ctx, "bond_refunds", `UPDATE bond_refunds SET refunded_at = $1, refunded_by = $2 WHERE id = $3 AND refunded_at IS NULL`,
		formatTime(tx.now), user, id)
	return interpretError(err, refundWhat)
}

// Refund returns one bond refund, inside the transaction.
func (tx *Tx) Refund(ctx context.Context, id int64) (goumai.BondRefund, error) {
	b, err := scanRefund(tx.queryRow(ctx, `SELECT `+refundCols+` FROM bond_refunds WHERE id = $1`, id))
	return b, interpretError(err, refundWhat)
}

// Refunds returns a procedure's bond refunds.
func (s *Store) Refunds(ctx context.Context, procurementID int64) ([]goumai.BondRefund, error) {
	return queryList(ctx, s.r, listRefunds, scanRefund, refundsSQL, procurementID)
}

// Refunds returns a procedure's bond refunds, inside the transaction.
func (tx *Tx) Refunds(ctx context.Context, procurementID int64) ([]goumai.BondRefund, error) {
	return queryList(ctx, tx.tx, listRefunds, scanRefund, refundsSQL, procurementID)
}

const refundsSQL = `SELECT ` + refundCols + ` FROM bond_refunds WHERE procurement_id = $1 ORDER BY procurement_id, id`

var listRefunds = registerList("Refunds", func(s *Store) []listSample {
	return []listSample{sample(refundsSQL, []any{7})}
})

// DueRefunds returns the unrefunded bonds due by before, oldest due first.
func (s *Store) DueRefunds(ctx context.Context, before time.Time, limit int) ([]goumai.BondRefund, error) {
	return queryList(ctx, s.r, listDueRefunds, scanRefund, dueRefundsSQL, formatTime(before), limit)
}

const dueRefundsSQL = `SELECT ` + refundCols + ` FROM bond_refunds WHERE refunded_at IS NULL AND due_at IS NOT NULL AND due_at <= $1 ORDER BY due_at, id LIMIT $2`

var listDueRefunds = registerList("DueRefunds", func(s *Store) []listSample {
	return []listSample{sample(dueRefundsSQL, []any{"2026-12-31T00:00:00.000000Z", 100})}
})
