package sqlstore

import (
	"slices"

	"github.com/goumai/goumai"
)

// A transaction remembers a few reads that every call of a grouped batch
// (UpdateGrouped) makes alike — the current credit lists of each supplier
// check, the profiles of a lot's bidders for the related-bidder rule — and
// answers them again without a statement. Inside one transaction the answer
// is the one the database would give, as long as the transaction has not
// written the tables read: a read is remembered only when it has not, and
// is not reused once it has. A call rolled back to its savepoint takes its
// writes back with it (Tx.restore), and what was remembered before them
// stands; the log's flush forgets everything (it clears what wrote reads).

// txMemo is a transaction's remembered reads.
type txMemo struct {
	lists    []goumai.CreditList              // CurrentCreditLists; nil when not read
	profiles map[int64]goumai.SupplierProfile // SupplierProfiles, by organisation
}

// unwritten reports whether the transaction has written none of tables.
func (tx *Tx) unwritten(tables ...string) bool {
	return !slices.ContainsFunc(tables, tx.wrote)
}
