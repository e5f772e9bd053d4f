package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/goumai/goumai"
)

// Project closures (ENG-I2, migration 0046): the row written when a project
// closes, never deleted. A project with one reads as goumai.ProjectClosed.

func init() {
	registerTable(table{name: "project_closures", key: "project_id", cols: []column{{"project_id", colInt}, {"closed_by", colNullInt},
		{"automatic", colBool}, {"contracts", colInt}, {"total", colInt}, {"paid", colInt}, {"closed_at", colText}}})
}

const closureCols = `project_id, closed_by, automatic, contracts, total, paid, closed_at`

func scanClosure(sc scanner) (goumai.ProjectClosure, error) {
	var c goumai.ProjectClosure
	var by sql.NullInt64
	var at string
	if err := sc.Scan(&c.ProjectID, &by, &c.Automatic, &c.Contracts, &c.Total, &c.Paid, &at); err != nil {
		return c, err
	}
	c.ClosedBy = by.Int64
	return c, scanTimes(map[*time.Time]string{&c.ClosedAt: at}, nil)
}

// InsertProjectClosure records that a project closed (now); a second is EConflict.
func (tx *Tx) InsertProjectClosure(ctx context.Context, c goumai.ProjectClosure) error {
	_, err := tx.writeRow(ctx, "project_closures", `INSERT INTO project_closures (project_id, closed_by, automatic, contracts, total, paid, closed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, c.ProjectID, nullInt(c.ClosedBy), c.Automatic, c.Contracts, c.Total, c.Paid, formatTime(tx.now))
	return interpretError(err, goumai.M("项目关闭记录", "project closure"))
}

// ProjectClosure returns a project's closure, or nil while it is open.
func (tx *Tx) ProjectClosure(ctx context.Context, projectID int64) (*goumai.ProjectClosure, error) {
	return closureOf(tx.queryRow(ctx, `SELECT `+closureCols+` FROM project_closures WHERE project_id = $1`, projectID))
}

// ProjectClosure returns a project's closure, or nil while it is open.
func (s *Store) ProjectClosure(ctx context.Context, projectID int64) (*goumai.ProjectClosure, error) {
	return closureOf(s.r.QueryRowContext(ctx, `SELECT `+closureCols+` FROM project_closures WHERE project_id = $1`, projectID))
}

func closureOf(row scanner) (*goumai.ProjectClosure, error) {
	c, err := scanClosure(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, interpretError(err, goumai.M("项目关闭记录", "project closure"))
	}
	return &c, nil
}

// ContractsOf returns a procedure's contracts (without their signatures), by
// id, inside the transaction.
func (tx *Tx) ContractsOf(ctx context.Context, procurementID int64) ([]goumai.Contract, error) {
	return queryList(ctx, tx.tx, listContracts, scanContract, contractsSQL, procurementID)
}

// ProjectPaid returns what the ledger paid for a project: the sum of its pay
// entries, inside the transaction.
func (tx *Tx) ProjectPaid(ctx context.Context, projectID int64) (goumai.Fen, error) {
	var paid int64
	err := tx.queryRow(ctx, `SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM ledger_entries WHERE project_id = $1 AND kind = $2`,
		projectID, string(goumai.LedgerPay)).Scan(&paid)
	return goumai.Fen(paid), interpretError(err, goumai.M("台账记录", "ledger entry"))
}
