package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/goumai/goumai"
)

// The published grades of contracts (migration 0040).

func init() {
	registerTable(table{name: "contract_grades", key: "contract_id", cols: []column{{"contract_id", colInt}, {"evaluation_id", colInt},
		{"score", colInt}, {"grade", colText}, {"published_at", colText}}})
}

var gradeWhat = goumai.M("绩效评价结果", "performance grade")

// SetContractGrade records g as its contract's published grade, replacing
// an earlier one (a re-evaluation); the caller records the event.
func (tx *Tx) SetContractGrade(ctx context.Context, g goumai.ContractGrade) error {
	_, err := tx.writeRow(ctx, "contract_grades", `INSERT INTO contract_grades (contract_id, evaluation_id, score, grade, published_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (contract_id) DO UPDATE SET evaluation_id = excluded.evaluation_id,
		score = excluded.score, grade = excluded.grade, published_at = excluded.published_at`, g.ContractID, g.EvaluationID, g.Score, string(g.Grade), formatTime(g.PublishedAt))
	return interpretError(err, gradeWhat)
}

// ContractGrade returns a contract's published grade; ok is false while its
// evaluation is not published.
func (tx *Tx) ContractGrade(ctx context.Context, contractID int64) (g goumai.ContractGrade, ok bool, err error) {
	return scanGrade(tx.queryRow(ctx, gradeSQL, contractID))
}

// ContractGrade returns a contract's published grade; ok is false while its
// evaluation is not published.
func (s *Store) ContractGrade(ctx context.Context, contractID int64) (g goumai.ContractGrade, ok bool, err error) {
	return scanGrade(s.r.QueryRowContext(ctx, gradeSQL, contractID))
}

const gradeSQL = `SELECT contract_id, evaluation_id, score, grade, published_at FROM contract_grades WHERE contract_id = $1`

func scanGrade(sc scanner) (goumai.ContractGrade, bool, error) {
	var g goumai.ContractGrade
	var grade, at string
	err := sc.Scan(&g.ContractID, &g.EvaluationID, &g.Score, &grade, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return g, false, nil
	}
	if err != nil {
		return g, false, interpretError(err, gradeWhat)
	}
	g.Grade = goumai.Grade(grade)
	g.PublishedAt, err = parseTime(at)
	return g, err == nil, err
}
