package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/goumai/goumai"
)

// Prequalification applications (资格预审申请, migration 0018).

func init() {
	registerTable(table{name: "prequal_applications", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt},
		{"org_id", colInt}, {"user_id", colNullInt}, {"statement", colText}, {"applied_at", colText}, {"status", colText},
		{"reason", colText}, {"decided_by", colNullInt}, {"decided_at", colNullText}}})
}

var applicationWhat = goumai.M("资格预审申请", "prequalification application")

const applicationCols = `id, procurement_id, org_id, user_id, statement, applied_at, status, reason, decided_by, decided_at`

func scanApplication(sc scanner) (goumai.PrequalApplication, error) {
	var a goumai.PrequalApplication
	var user, by sql.NullInt64
	var applied, status string
	var decided sql.NullString
	if err := sc.Scan(&a.ID, &a.ProcurementID, &a.OrgID, &user, &a.Statement, &applied, &status, &a.Reason, &by, &decided); err != nil {
		return a, err
	}
	a.UserID, a.DecidedBy, a.Status = user.Int64, by.Int64, goumai.PrequalStatus(status)
	var err error
	if a.AppliedAt, err = parseTime(applied); err != nil {
		return a, err
	}
	a.DecidedAt, err = parseNullTime(decided)
	return a, err
}

// InsertApplication records a supplier's application; a second one of the
// same organisation to the same procedure is EConflict.
func (tx *Tx) InsertApplication(ctx context.Context, a goumai.PrequalApplication) (int64, error) {
	key, err := tx.writeRow(ctx, "prequal_applications", `INSERT INTO prequal_applications (procurement_id, org_id, user_id, statement, applied_at, status)
		VALUES ($1, $2, $3, $4, $5, $6)`, a.ProcurementID, a.OrgID, nullInt(a.UserID), a.Statement, formatTime(tx.now), string(goumai.PrequalApplied))
	if goumai.ErrorCode(interpretError(err, applicationWhat)) == goumai.EConflict {
		return 0, goumai.Errorf(goumai.EConflict, "本单位已提交过资格预审申请", "your organisation has applied already")
	}
	if err != nil {
		return 0, interpretError(err, applicationWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// JudgeApplication records the organisers' judgement of an application.
func (tx *Tx) JudgeApplication(ctx context.Context, a goumai.PrequalApplication) error {
	_, err := tx.writeRow(ctx, "prequal_applications", `UPDATE prequal_applications SET status = $1, reason = $2, decided_by = $3, decided_at = $4 WHERE id = $5`,
		string(a.Status), a.Reason, nullInt(a.DecidedBy), formatTime(tx.now), a.ID)
	return interpretError(err, applicationWhat)
}

// Application returns one application, inside the transaction.
func (tx *Tx) Application(ctx context.Context, id int64) (goumai.PrequalApplication, error) {
	a, err := scanApplication(tx.queryRow(ctx, `SELECT `+applicationCols+` FROM prequal_applications WHERE id = $1`, id))
	return a, interpretError(err, applicationWhat)
}

// Applications returns a procedure's applications, oldest first.
func (s *Store) Applications(ctx context.Context, procurementID int64) ([]goumai.PrequalApplication, error) {
	return queryList(ctx, s.r, listApplications, scanApplication, applicationsSQL, procurementID)
}

// Applications returns a procedure's applications, inside the transaction.
func (tx *Tx) Applications(ctx context.Context, procurementID int64) ([]goumai.PrequalApplication, error) {
	return queryList(ctx, tx.tx, listApplications, scanApplication, applicationsSQL, procurementID)
}

const applicationsSQL = `SELECT ` + applicationCols + ` FROM prequal_applications WHERE procurement_id = $1 ORDER BY procurement_id, org_id LIMIT 1000`

var listApplications = registerList("Applications", func(s *Store) []listSample {
	return []listSample{sample(applicationsSQL, []any{7}).sorted("one procedure's applications")}
})
