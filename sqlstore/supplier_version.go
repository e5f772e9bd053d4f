package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/goumai/goumai"
)

// The supplier data's version (migration 0050): one row bumped by trigger on
// every write to the tables a supplier check and a signing key read judge —
// supplierDataTables. A reader that read that data in one snapshot with the
// version (Store.ReadSnapshot) knows, on reading the version again inside a
// write transaction, whether the data is still the same: equal versions, no
// write to those tables committed in between (a bump commits with its write,
// and versions only grow). The bid burst reads the data before its
// transaction and, inside, the version alone (issue 8 item 9).

// supplierDataTables are the tables whose writes bump the version; a table a
// supplier check comes to read must get the same triggers (both dialects).
var supplierDataTables = []string{"orgs", "supplier_evidence", "files", "credit_lists", "credit_list_entries", "signing_keys",
	"fed_credit_lists", "fed_credit_entries"} // received bans: migration 0056

const supplierDataVersionSQL = `SELECT v FROM supplier_data_version WHERE id = 1`

// SupplierDataVersion reads the supplier data's version. A grouped
// transaction reads it once while it has written none of the counted tables
// (txmemo.go); once it has, it reads it again — and its own write bumped it.
func (tx *Tx) SupplierDataVersion(ctx context.Context) (int64, error) {
	fresh := tx.memoOK(supplierDataTables...)
	if fresh && tx.memo.versionRead {
		return tx.memo.version, nil
	}
	var v int64
	if err := tx.queryRow(ctx, supplierDataVersionSQL).Scan(&v); err != nil {
		return 0, fmt.Errorf("supplier data version: %w", err)
	}
	if fresh {
		tx.memo.version, tx.memo.versionRead = v, true
	}
	return v, nil
}

// Snapshot reads committed supplier data as of one version of it, outside
// any write transaction (Store.ReadSnapshot).
type Snapshot struct {
	q       *readPrepared
	version int64 // read before fn (PostgreSQL), when held
	held    bool
}

// ErrSnapshotMoved is ReadSnapshot's error when the supplier data changed
// while it read (PostgreSQL): what it read may mix two versions.
var ErrSnapshotMoved = errors.New("the supplier data changed during the read")

// ReadSnapshot runs fn with reads of the supplier data (supplierDataTables)
// that all see it as of one version, the one Snapshot.SupplierDataVersion
// returns. On SQLite they are one read transaction (WAL: its snapshot is
// taken at its first read). On PostgreSQL they run on the pool without a
// transaction — a BEGIN and a ROLLBACK are two round trips of a burst's
// eleven — between two reads of the version: each statement sees every
// commit the one before it saw, and a write to the supplier data commits
// with its bump of the version, so equal versions before and after mean
// that every read in between saw that very version; different ones are
// ErrSnapshotMoved. (Tables outside supplierDataTables are not held still.)
func (s *Store) ReadSnapshot(ctx context.Context, fn func(r *Snapshot) error) error {
	if s.dialect == Postgres {
		before, err := (&Snapshot{q: &readPrepared{s: s}}).SupplierDataVersion(ctx)
		if err != nil {
			return err
		}
		if err := fn(&Snapshot{q: &readPrepared{s: s}, version: before, held: true}); err != nil {
			return err
		}
		after, err := (&Snapshot{q: &readPrepared{s: s}}).SupplierDataVersion(ctx)
		if err != nil {
			return err
		}
		if after != before {
			return ErrSnapshotMoved
		}
		return nil
	}
	t, err := s.r.BeginTx(ctx, &sql.TxOptions{})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer t.Rollback()
	r := &readPrepared{s: s, t: t}
	err = fn(&Snapshot{q: r})
	t.Rollback()
	for q := range r.unprepared { // the snapshot's connection is back in the pool
		s.prepareRead(ctx, q)
	}
	return err
}

// SupplierDataVersion is Tx.SupplierDataVersion in the snapshot.
func (r *Snapshot) SupplierDataVersion(ctx context.Context) (int64, error) {
	if r.held {
		return r.version, nil
	}
	var v int64
	if err := r.q.QueryRowContext(ctx, supplierDataVersionSQL).Scan(&v); err != nil {
		return 0, fmt.Errorf("supplier data version: %w", err)
	}
	return v, nil
}

// Org is Tx.Org in the snapshot.
func (r *Snapshot) Org(ctx context.Context, id int64) (goumai.Org, error) {
	return getOrg(ctx, r.q, id)
}

// SupplierEvidence is Tx.SupplierEvidence in the snapshot.
func (r *Snapshot) SupplierEvidence(ctx context.Context, orgID int64, currentOnly bool) ([]goumai.Evidence, error) {
	return supplierEvidence(ctx, r.q, orgID, currentOnly)
}

// CurrentCreditLists is Tx.CurrentCreditLists in the snapshot.
func (r *Snapshot) CurrentCreditLists(ctx context.Context) ([]goumai.CreditList, error) {
	return currentCreditLists(ctx, r.q)
}

// CreditEntriesFor is Tx.CreditEntriesFor in the snapshot.
func (r *Snapshot) CreditEntriesFor(ctx context.Context, listIDs []int64, creditCode, name string) (byCode, byName []goumai.CreditEntry, err error) {
	return creditEntriesFor(ctx, r.q, listIDs, creditCode, name)
}

// ReceivedCreditEntries is Tx.ReceivedCreditEntries in the snapshot.
func (r *Snapshot) ReceivedCreditEntries(ctx context.Context, creditCode string) ([]goumai.ReceivedEntry, error) {
	return receivedCreditEntries(ctx, r.q, creditCode)
}

// SigningKey is Tx.SigningKey in the snapshot.
func (r *Snapshot) SigningKey(ctx context.Context, id string) (goumai.PublicKey, error) {
	return getSigningKey(ctx, r.q, id)
}
