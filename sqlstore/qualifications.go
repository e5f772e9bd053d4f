package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/goumai/goumai"
)

// Qualification reviews of recommended suppliers (资质审核, migration 0042).

func init() {
	registerTable(table{name: "supplier_qualifications", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt}, {"lot_id", colInt},
		{"opened_bid_id", colInt}, {"org_id", colInt}, {"check_id", colInt}, {"result", colText}, {"rule", colText}, {"checks", colJSON},
		{"conditions", colJSON}, {"justification", colText}, {"attested", colBool}, {"opinion", colText}, {"decided_by", colInt}, {"decided_at", colText}}})
}

var qualificationWhat = goumai.M("资质审核记录", "qualification review")

const qualificationCols = `q.id, q.procurement_id, q.lot_id, q.opened_bid_id, q.org_id, o.name, q.check_id, q.result, q.rule, q.checks, q.conditions,
	q.justification, q.attested, q.opinion, q.decided_by, q.decided_at`

const qualificationFrom = ` FROM supplier_qualifications q JOIN orgs o ON o.id = q.org_id`

func scanQualification(sc scanner) (goumai.QualificationReview, error) {
	var q goumai.QualificationReview
	var result, checks, conds, at string
	if err := sc.Scan(&q.ID, &q.ProcurementID, &q.LotID, &q.OpenedBidID, &q.OrgID, &q.Supplier, &q.CheckID, &result, &q.Rule, &checks, &conds,
		&q.Justification, &q.Attested, &q.Opinion, &q.DecidedBy, &at); err != nil {
		return q, err
	}
	q.Result = goumai.QualificationResult(result)
	if err := json.Unmarshal([]byte(checks), &q.Checks); err != nil {
		return q, fmt.Errorf("qualification %d: %w", q.ID, err)
	}
	if err := json.Unmarshal([]byte(conds), &q.Conditions); err != nil {
		return q, fmt.Errorf("qualification %d: %w", q.ID, err)
	}
	var err error
	q.DecidedAt, err = parseTime(at)
	return q, err
}

// InsertQualification writes a review (decided now) and returns its id. The caller records it.
func (tx *Tx) InsertQualification(ctx context.Context, q goumai.QualificationReview) (int64, error) {
	checks, err := canonicalJSON(orEmpty(q.Checks))
	if err != nil {
		return 0, err
	}
	conds, err := canonicalJSON(orEmpty(q.Conditions))
	if err != nil {
		return 0, err
	}
	key, err := tx.writeRow(ctx, "supplier_qualifications", `INSERT INTO supplier_qualifications (procurement_id, lot_id, opened_bid_id, org_id,
		check_id, result, rule, checks, conditions, justification, attested, opinion, decided_by, decided_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		q.ProcurementID, q.LotID, q.OpenedBidID, q.OrgID, q.CheckID, string(q.Result), q.Rule, string(checks), string(conds),
		q.Justification, q.Attested, q.Opinion, q.DecidedBy, formatTime(tx.now))
	if err != nil {
		return 0, interpretError(err, qualificationWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

const qualificationsSQL = `SELECT ` + qualificationCols + qualificationFrom + ` WHERE q.procurement_id = $1 ORDER BY q.procurement_id, q.id`

var listQualifications = registerList("Qualifications", func(s *Store) []listSample {
	return []listSample{sample(qualificationsSQL, []any{7})}
})

// Qualifications returns a procedure's reviews, oldest first, inside the transaction.
func (tx *Tx) Qualifications(ctx context.Context, procurementID int64) ([]goumai.QualificationReview, error) {
	return queryList(ctx, tx.tx, listQualifications, scanQualification, qualificationsSQL, procurementID)
}

// Qualifications returns a procedure's reviews, oldest first.
func (s *Store) Qualifications(ctx context.Context, procurementID int64) ([]goumai.QualificationReview, error) {
	return queryList(ctx, s.r, listQualifications, scanQualification, qualificationsSQL, procurementID)
}

// Qualification returns one review.
func (s *Store) Qualification(ctx context.Context, id int64) (goumai.QualificationReview, error) {
	q, err := scanQualification(s.r.QueryRowContext(ctx, `SELECT `+qualificationCols+qualificationFrom+` WHERE q.id = $1`, id))
	return q, interpretError(err, qualificationWhat)
}
