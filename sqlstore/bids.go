package sqlstore

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/goumai/goumai"
)

// Sealed bids (migration 0019). The store sees only keyed tags and sealed
// bytes: the workflow seals and opens them with a key the database never
// holds. Bid and document rows are secret tables — their events record only a
// digest of the sealed row — and commitments are plain: a salted hash.

func init() {
	registerTable(table{name: "bids", key: "id", secret: true, cols: []column{{"id", colInt}, {"slot_tag", colText}, {"proc_tag", colText},
		{"owner_tag", colText}, {"sealed", colBytes}}})
	// A document's state covers the digest of its sealed bytes, not the bytes
	// themselves: the write need not read a megabyte back, and the seal's
	// authentication (AES-GCM) guards the bytes.
	registerTable(table{name: "bid_documents", key: "id", secret: true, cols: []column{{"id", colInt}, {"bid_id", colInt}, {"tag", colText}, {"digest", colText}}})
	registerTable(table{name: "bid_commitments", key: "id", cols: []column{{"id", colInt}, {"commitment", colText}, {"kind", colText}}})
}

var bidWhat = goumai.M("投标文件", "bid")

// SealedBid is a bid row as stored: its tags and sealed content.
type SealedBid struct {
	ID     int64
	Slot   string // keyed tag of (procedure, lot, supplier): one bid each
	Sealed []byte
}

func scanSealedBid(sc scanner) (SealedBid, error) {
	var b SealedBid
	err := sc.Scan(&b.ID, &b.Slot, &b.Sealed)
	return b, err
}

// InsertBid stores a new sealed bid and returns its id; another bid in the
// same slot is EConflict. The caller records it.
func (tx *Tx) InsertBid(ctx context.Context, slot, proc, owner string, sealed []byte) (int64, error) {
	key, err := tx.writeRow(ctx, "bids", `INSERT INTO bids (slot_tag, proc_tag, owner_tag, sealed) VALUES ($1, $2, $3, $4)`, slot, proc, owner, sealed)
	if err != nil {
		return 0, interpretError(err, bidWhat)
	}
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil {
		return 0, err
	}
	if bs, ok := tx.memo.bids[proc]; ok {
		i, _ := slices.BinarySearchFunc(bs, id, func(b SealedBid, id int64) int { return cmp.Compare(b.ID, id) })
		tx.memo.bids[proc] = slices.Insert(bs, i, SealedBid{ID: id, Slot: slot, Sealed: sealed})
	}
	return id, nil
}

// UpdateBid replaces a bid's sealed content. The caller records it.
func (tx *Tx) UpdateBid(ctx context.Context, id int64, sealed []byte) error {
	_, err := tx.writeRow(ctx, "bids", `UPDATE bids SET sealed = $1 WHERE id = $2`, sealed, id)
	if err != nil {
		return interpretError(err, bidWhat)
	}
	for _, bs := range tx.memo.bids {
		if i := slices.IndexFunc(bs, func(b SealedBid) bool { return b.ID == id }); i >= 0 {
			bs[i].Sealed = sealed
		}
	}
	return nil
}

// BidInSlot returns the bid in a slot, inside the transaction, locked until
// it ends (on PostgreSQL FOR NO KEY UPDATE: two requests of one supplier on
// one lot take turns; SQLite's single writer already does); none is ENotFound.
// The bid's lock comes after its procedure's (LockShared) and before the log head.
func (tx *Tx) BidInSlot(ctx context.Context, slot string) (SealedBid, error) {
	q := `SELECT id, slot_tag, sealed FROM bids WHERE slot_tag = $1`
	if tx.s.dialect == Postgres {
		q += ` FOR NO KEY UPDATE`
	}
	b, err := scanSealedBid(tx.queryRow(ctx, q, slot))
	return b, interpretError(err, bidWhat)
}

// BidInSlot returns the bid in a slot as committed now, outside any
// transaction (none is ENotFound): what a use case may prepare from before its
// transaction, which reads the slot again (Tx.BidInSlot).
func (s *Store) BidInSlot(ctx context.Context, slot string) (SealedBid, error) {
	b, err := scanSealedBid((&readPrepared{s: s}).QueryRowContext(ctx, `SELECT id, slot_tag, sealed FROM bids WHERE slot_tag = $1`, slot))
	return b, interpretError(err, bidWhat)
}

// Bid returns one sealed bid by id.
func (s *Store) Bid(ctx context.Context, id int64) (SealedBid, error) {
	b, err := scanSealedBid(s.r.QueryRowContext(ctx, `SELECT id, slot_tag, sealed FROM bids WHERE id = $1`, id))
	return b, interpretError(err, bidWhat)
}

// BidsTagged returns the bids of one procedure (procTag), inside the
// transaction, by id. A grouped transaction reads them once and keeps them
// up to date with its own writes (InsertBid, UpdateBid: txMemo.bids).
func (tx *Tx) BidsTagged(ctx context.Context, procTag string) ([]SealedBid, error) {
	if bs, ok := tx.memo.bids[procTag]; ok && tx.grouped {
		return slices.Clone(bs), nil
	}
	bs, err := queryList(ctx, tx.prepared(), listBidsOfProc, scanSealedBid, bidsOfProcSQL, procTag)
	if err == nil && tx.grouped {
		memoPut(&tx.memo.bids, procTag, slices.Clone(bs))
	}
	return bs, err
}

// OwnBids returns one supplier's bids (ownerTag), by id.
func (s *Store) OwnBids(ctx context.Context, ownerTag string) ([]SealedBid, error) {
	return queryList(ctx, s.r, listBidsOfOwner, scanSealedBid, bidsOfOwnerSQL, ownerTag)
}

const (
	bidsOfProcSQL  = `SELECT id, slot_tag, sealed FROM bids WHERE proc_tag = $1 ORDER BY id`
	bidsOfOwnerSQL = `SELECT id, slot_tag, sealed FROM bids WHERE owner_tag = $1 ORDER BY id`
)

var (
	tagSample       = "0000000000000000000000000000000000000000000000000000000000000000"
	listBidsOfProc  = registerList("BidsTagged", func(*Store) []listSample { return []listSample{sample(bidsOfProcSQL, []any{tagSample})} })
	listBidsOfOwner = registerList("OwnBids", func(*Store) []listSample { return []listSample{sample(bidsOfOwnerSQL, []any{tagSample})} })
)

// InsertBidDocument stores a sealed document of a bid under its keyed tag and
// returns its id, or 0 when the bid holds that document already. The caller
// records a new one.
func (tx *Tx) InsertBidDocument(ctx context.Context, bidID int64, tag string, sealed []byte) (int64, error) {
	sum := sha256.Sum256(sealed)
	key, err := tx.writeRow(ctx, "bid_documents", `INSERT INTO bid_documents (bid_id, tag, sealed, digest) VALUES ($1, $2, $3, $4)
		ON CONFLICT (bid_id, tag) DO NOTHING`, bidID, tag, sealed, hex.EncodeToString(sum[:]))
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return 0, nil
	}
	if err != nil {
		return 0, interpretError(err, bidWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// BidDocument returns a bid's sealed document by its keyed tag.
func (s *Store) BidDocument(ctx context.Context, bidID int64, tag string) ([]byte, error) {
	var b []byte
	err := s.r.QueryRowContext(ctx, `SELECT sealed FROM bid_documents WHERE bid_id = $1 AND tag = $2`, bidID, tag).Scan(&b)
	return b, interpretError(err, goumai.M("投标附件", "bid document"))
}

// InsertBidCommitment stores a commitment the log records (kind submit or
// withdraw) and returns its id. The caller records it.
func (tx *Tx) InsertBidCommitment(ctx context.Context, commitment, kind string) (int64, error) {
	key, err := tx.writeRow(ctx, "bid_commitments", `INSERT INTO bid_commitments (commitment, kind) VALUES ($1, $2)`, commitment, kind)
	if err != nil {
		return 0, interpretError(err, bidWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// LockShared locks a row against change until the transaction ends while
// letting other shared holders in: on PostgreSQL SELECT … FOR SHARE, which
// waits for and blocks Lock's FOR NO KEY UPDATE (so bids and the deadline's
// close of the procedure serialize, while bids run side by side); on SQLite
// the single writer already holds the database. It takes the table's place in
// the global lock order like Lock.
func (tx *Tx) LockShared(ctx context.Context, table string, key int64) error {
	rank := slices.Index(lockOrder, table) + 1
	if _, audited := tableByName(table); rank == 0 || !audited {
		return fmt.Errorf("lock %s: the table is not in sqlstore's lockOrder", table)
	}
	switch {
	case rank == tx.locks.rank && slices.Contains(tx.locks.keys, key):
		return nil
	case rank < tx.locks.rank:
		return fmt.Errorf("lock %s %d after %s: rows must be locked by table in lockOrder, then by ascending key", table, key, lockOrder[tx.locks.rank-1])
	case rank == tx.locks.rank && key < tx.locks.keys[len(tx.locks.keys)-1]:
		return fmt.Errorf("lock %s %d after %s %d: rows must be locked by ascending key", table, key, table, tx.locks.keys[len(tx.locks.keys)-1])
	}
	if tx.s.dialect == Postgres {
		t, _ := tableByName(table)
		if _, err := tx.exec(ctx, `SELECT `+t.key+` FROM `+t.name+` WHERE `+t.key+` = $1 FOR SHARE`, key); err != nil {
			return fmt.Errorf("lock %s %d for share: %w", table, key, err)
		}
	}
	if rank > tx.locks.rank {
		tx.locks = lockSet{rank: rank}
	}
	tx.locks.keys = append(tx.locks.keys, key)
	return nil
}

// BeforeCommit adds a check run after the transaction's last write, just
// before COMMIT, with the clock read again at that moment: an error rolls the
// transaction back. A rule judged "at commit" (the bid deadline) is judged
// there, so a request that began in time but commits late is refused.
func (tx *Tx) BeforeCommit(check func(now time.Time) error) {
	tx.checks = append(tx.checks, check)
}

// runChecks runs the BeforeCommit checks.
func (tx *Tx) runChecks() error {
	for _, c := range tx.checks {
		if err := c(tx.s.clock.Now().UTC()); err != nil {
			return err
		}
	}
	return nil
}
