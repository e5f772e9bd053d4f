package sqlstore

import (
	"slices"

	"github.com/goumai/goumai"
)

// A grouped transaction (UpdateGrouped) remembers a few reads that every call
// of its batch makes alike — the procedure and its lots, the current credit
// lists of each supplier check, the profiles of a lot's bidders for the
// related-bidder rule — and answers them again without a statement. A read is
// remembered only while the transaction has written none of the tables it
// reads, and not reused once it has; a call rolled back to its savepoint takes
// its writes back (Tx.restore) and what was remembered before them stands; the
// log's flush forgets everything (it clears what wrote reads).
//
// So the answer is the one the transaction itself would read, except that on
// PostgreSQL (read committed) a later statement could see a row another
// transaction committed meanwhile: the calls of a batch see the lists and
// profiles as the batch first read them, a moment after the time they all
// carry (Tx.Now) — as the calls of one transaction that read them once do. The
// procedure cannot change meanwhile: the bids hold it locked (LockShared).
// A supplier check records the list versions it used; the deadline's check of
// every bidder (ENG-A4) reads them again.
//
// A procedure's bids (BidsTagged) are the exception to "not past a write":
// every call of a batch writes a bid, so the transaction's own writes go
// through to what it remembers — InsertBid adds the row in id order,
// UpdateBid replaces its sealed bytes (the only two writes of the table) —
// and a call rolled back to its savepoint forgets them all (Tx.restore), as
// its rows may have been among them. On PostgreSQL a bid another transaction
// commits meanwhile is seen by the batch's next statement only if it reads
// the table again: as with the profiles, the calls of a batch see the
// procedure's bids as of the batch's first read, plus its own.

// txMemo is a transaction's remembered reads.
type txMemo struct {
	procurements map[int64]goumai.Procurement
	lots         map[int64][]goumai.Lot           // by procedure
	lists        []goumai.CreditList              // CurrentCreditLists; nil when not read
	profiles     map[int64]goumai.SupplierProfile // SupplierProfiles, by organisation
	bids         map[string][]SealedBid           // BidsTagged, by procedure tag: written through
	version      int64                            // SupplierDataVersion, when versionRead
	versionRead  bool
}

// memoOK reports whether the transaction remembers reads of tables: it is
// grouped and has written none of them.
func (tx *Tx) memoOK(tables ...string) bool {
	return tx.grouped && !slices.ContainsFunc(tables, tx.wrote)
}

// memoPut remembers v under key k in *m, creating the map.
func memoPut[K comparable, V any](m *map[K]V, k K, v V) {
	if *m == nil {
		*m = map[K]V{}
	}
	(*m)[k] = v
}
