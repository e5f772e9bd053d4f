package sqlstore

import "context"

// UpdateCardinal runs the live Cardinal update of a transaction's processes
// (what publishing their releases does).
func UpdateCardinal(ctx context.Context, tx *Tx, ocids []string) error {
	return tx.updateCardinal(ctx, ocids)
}
