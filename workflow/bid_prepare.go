package workflow

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// A submission's work that needs no transaction is done before it enters
// one. In a deadline burst the bids of a procedure share a transaction run by
// one goroutine at a time (UpdateGrouped), and on SQLite by the one writer:
// whatever a call computes inside it, the others wait for. So SubmitBid reads
// the signing key and the bid as committed now, verifies the signature and
// opens the bid first — in parallel with the batch that runs meanwhile — and
// the transaction, which reads both again, uses that work only for the very
// bytes it reads:
//
//   - the signature: the transaction's key (tx.SigningKey) has the algorithm
//     and key bytes verified, and the draft's commitment is the message signed
//     — verification is a function of key, message and signature alone, so
//     this is the verification against the key registered at commit; the
//     key's revocation is still judged at the transaction's time
//     (goumai.KeyInForceAt). Otherwise it verifies there, as before.
//   - the bid: the slot's row has the id and sealed bytes opened (the seal
//     authenticated them under the slot's tag); otherwise it is opened there.
//   - the supplier data: the signing key and what the supplier check judges
//     (supplierFacts: the organisation, its evidence, the current lists and
//     its entries in them) are read as of one version of the supplier data
//     (sqlstore.ReadSnapshot; the version is bumped by trigger on every write
//     to those tables; on PostgreSQL a read during which it moved is not
//     taken). The transaction reads the version alone — once per
//     batch while it writes none of those tables — and takes the data read
//     before only when the version is the same: no write to it committed in
//     between. Otherwise it reads it all, as before. The check is still
//     judged at the transaction's time (rules.JudgeSupplier), written and
//     recorded for every submission (ENG-A4), and the key's revocation
//     judged at that time.
//
// Nothing is decided outside: a key revoked or replaced, a draft saved or a
// bid changed meanwhile is seen by the transaction, which then does the work
// itself.

// preSubmission is what SubmitBid prepared outside its transaction.
type preSubmission struct {
	key    goumai.PublicKey // verified over msg; zero when not
	msg    []byte
	row    sqlstore.SealedBid // opened into bid; zero when not
	bid    goumai.Bid
	opened bool // row was opened; taken once (a re-run opens anew)

	// The supplier data as of version, read in one snapshot (when read).
	read    bool
	version int64
	facts   rules.SupplierFacts // of the submitter
	keyID   string
	snapKey goumai.PublicKey // keyID's row; keyErr ENotFound when none
	keyErr  error
	taken   func() // tests: Service.takenHook
}

// prepareSubmission does the submission's work that needs no transaction;
// any failure only leaves the work to the transaction.
func (s *Service) prepareSubmission(ctx context.Context, a goumai.Actor, procurementID, lotID int64, in SubmitInput, sig []byte) *preSubmission {
	pre := &preSubmission{taken: s.takenHook}
	if a.Anonymous() || s.Sealer == nil {
		return pre
	}
	commitment := strings.TrimSpace(in.Commitment)
	pre.keyID = strings.TrimSpace(in.KeyID)
	err := s.Store.ReadSnapshot(ctx, func(r *sqlstore.Snapshot) error {
		v, err := r.SupplierDataVersion(ctx)
		if err != nil {
			return err
		}
		o, err := r.Org(ctx, a.Org.ID)
		if err != nil {
			return err
		}
		if pre.facts, err = supplierFacts(ctx, snapshotLists{r, s.Store, v}, o); err != nil {
			return err
		}
		pre.snapKey, pre.keyErr = r.SigningKey(ctx, pre.keyID)
		if pre.keyErr != nil && goumai.ErrorCode(pre.keyErr) != goumai.ENotFound {
			return pre.keyErr
		}
		pre.version = v
		return nil
	})
	pre.read = err == nil
	if k := pre.snapKey; pre.read && pre.keyErr == nil && k.OrgID == a.Org.ID {
		msg := goumai.BidSigningMessage(commitment)
		if goumai.VerifySignature(k, msg, sig) == nil {
			pre.key, pre.msg = k, msg
		}
	}
	if row, err := s.Store.BidInSlot(ctx, s.slotTag(procurementID, lotID, a.Org.ID)); err == nil {
		if b, err := s.openBid(row); err == nil {
			pre.row, pre.bid, pre.opened = row, b, true
		}
	}
	return pre
}

// The current credit lists are the same for every supplier: as of a
// version of the supplier data they are read once (per store), and the
// burst's submissions read them from here.
type versionLists struct {
	store   *sqlstore.Store
	version int64
	lists   []goumai.CreditList
}

var listsAt atomic.Pointer[versionLists]

// snapshotLists reads a snapshot, the current lists as of its version v.
type snapshotLists struct {
	*sqlstore.Snapshot
	store *sqlstore.Store
	v     int64
}

func (r snapshotLists) CurrentCreditLists(ctx context.Context) ([]goumai.CreditList, error) {
	if c := listsAt.Load(); c != nil && c.store == r.store && c.version == r.v {
		return slices.Clone(c.lists), nil
	}
	ls, err := r.Snapshot.CurrentCreditLists(ctx)
	if err == nil {
		listsAt.Store(&versionLists{r.store, r.v, slices.Clone(ls)})
	}
	return ls, err
}

// current reports whether the data read before is the supplier data as of
// now in tx: its version is the same.
func (pre *preSubmission) current(ctx context.Context, tx *sqlstore.Tx) bool {
	if pre == nil || !pre.read {
		return false
	}
	v, err := tx.SupplierDataVersion(ctx)
	return err == nil && v == pre.version
}

// signingKey reads key id in tx, or takes it from the data read before.
func (pre *preSubmission) signingKey(ctx context.Context, tx *sqlstore.Tx, id string) (goumai.PublicKey, error) {
	if pre != nil && id == pre.keyID && pre.current(ctx, tx) {
		return pre.snapKey, pre.keyErr
	}
	return tx.SigningKey(ctx, id)
}

// supplierFacts reads what a check of organisation orgID judges in tx, or
// takes it from the data read before.
func (pre *preSubmission) supplierFacts(ctx context.Context, tx *sqlstore.Tx, orgID int64) (rules.SupplierFacts, error) {
	if pre != nil && pre.facts.Org.ID == orgID && pre.current(ctx, tx) {
		if pre.taken != nil {
			pre.taken()
		}
		return pre.facts, nil
	}
	o, err := tx.Org(ctx, orgID)
	if err != nil {
		return rules.SupplierFacts{Org: o}, err
	}
	return supplierFacts(ctx, tx, o)
}

// verified reports whether sig over msg was verified with k's very key.
func (pre *preSubmission) verified(k goumai.PublicKey, msg []byte) bool {
	return pre != nil && pre.key.Algorithm != "" && pre.key.Algorithm == k.Algorithm &&
		bytes.Equal(pre.key.Key, k.Key) && bytes.Equal(pre.msg, msg)
}

// openedBid returns the bid opened from row's very bytes, once.
func (pre *preSubmission) openedBid(row sqlstore.SealedBid) (goumai.Bid, bool) {
	if pre == nil || !pre.opened || row.ID != pre.row.ID || row.Slot != pre.row.Slot || !bytes.Equal(row.Sealed, pre.row.Sealed) {
		return goumai.Bid{}, false
	}
	pre.opened = false
	return pre.bid, true
}

// verifySubmission verifies the signature of a submission over its draft's
// commitment with the key the transaction read, at the transaction's time.
func (pre *preSubmission) verifySubmission(k goumai.PublicKey, commitment string, sig []byte, at time.Time) error {
	msg := goumai.BidSigningMessage(commitment)
	if pre.verified(k, msg) {
		return goumai.KeyInForceAt(k, at)
	}
	return goumai.VerifySignatureAt(k, msg, sig, at)
}
