package sqlstore

import (
	"context"
	"strings"

	"github.com/goumai/goumai"
)

// ContractPaid returns what was paid on a contract: the sum of its project's
// pay entries whose memo begins with the contract's number and a space, as
// its obligation's does (the payment of a contract carries the same memo). A
// termination releases the rest of the contract's total (GPL Art. 50).
func (tx *Tx) ContractPaid(ctx context.Context, projectID int64, number string) (goumai.Fen, error) {
	prefix := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(number) + " %"
	var paid int64
	err := tx.queryRow(ctx, `SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM ledger_entries
		WHERE project_id = $1 AND kind = 'pay' AND memo LIKE $2 ESCAPE '\'`, projectID, prefix).Scan(&paid)
	return goumai.Fen(paid), err
}
