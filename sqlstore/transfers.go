package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/goumai/goumai"
)

// Budget transfers (指标调剂, and 费随事转 when they carry a function): requested
// by finance staff, approved or refused by a finance approver who is not the
// requester; the paired ledger entries are posted at approval.

func init() {
	registerTable(table{name: "budget_transfers", key: "id", cols: []column{{"id", colInt}, {"from_line", colInt}, {"to_line", colInt},
		{"amount", colInt}, {"function_id", colNullInt}, {"memo", colText}, {"at", colText}, {"status", colText},
		{"requested_by", colNullInt}, {"decided_by", colNullInt}, {"decided_at", colNullText}, {"opinion", colText}}})
	registerTable(table{name: "item_drafters", key: "id", cols: []column{{"id", colInt}, {"object_type", colText},
		{"object_id", colText}, {"user_id", colInt}, {"at", colText}}})
}

var transferWhat = goumai.M("调剂", "transfer")

const transferCols = `id, from_line, to_line, amount, function_id, memo, at, status, requested_by, decided_by, decided_at, opinion`

func scanTransfer(sc scanner) (goumai.Transfer, error) {
	var t goumai.Transfer
	var fn, by, decider sql.NullInt64
	var at, status string
	var decided sql.NullString
	if err := sc.Scan(&t.ID, &t.FromLine, &t.ToLine, &t.Amount, &fn, &t.Memo, &at, &status, &by, &decider, &decided, &t.Opinion); err != nil {
		return t, err
	}
	t.FunctionID, t.RequestedBy, t.DecidedBy, t.Status = fn.Int64, by.Int64, decider.Int64, goumai.TransferStatus(status)
	var err error
	if t.At, err = parseTime(at); err != nil {
		return t, err
	}
	if decided.Valid {
		d, err := parseTime(decided.String)
		if err != nil {
			return t, err
		}
		t.DecidedAt = &d
	}
	return t, nil
}

// RequestTransfer records a requested transfer (nothing is posted yet); its
// event is private until the transfer is posted.
func (tx *Tx) RequestTransfer(ctx context.Context, a goumai.Actor, t goumai.Transfer, fromRegion string) (goumai.Transfer, error) {
	key, err := tx.writeRow(ctx, "budget_transfers", `INSERT INTO budget_transfers (from_line, to_line, amount, function_id, memo, at, status, requested_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, t.FromLine, t.ToLine, int64(t.Amount), nullInt(t.FunctionID), t.Memo, formatTime(tx.now),
		string(goumai.TransferRequested), nullInt(a.UserID))
	if err != nil {
		return t, fmt.Errorf("transfer from line %d to %d: %w", t.FromLine, t.ToLine, interpretError(err, transferWhat))
	}
	if t.ID, err = strconv.ParseInt(key, 10, 64); err != nil {
		return t, err
	}
	t.At, t.Status, t.RequestedBy = tx.now, goumai.TransferRequested, a.UserID
	_, err = tx.Record(ctx, Change{Actor: a, Action: "budget.transfer_request", Table: "budget_transfers", Key: t.ID, Region: fromRegion})
	return t, err
}

// Transfer returns one transfer, inside the transaction.
func (tx *Tx) Transfer(ctx context.Context, id int64) (goumai.Transfer, error) {
	t, err := scanTransfer(tx.queryRow(ctx, `SELECT `+transferCols+` FROM budget_transfers WHERE id = $1`, id))
	return t, interpretError(err, transferWhat)
}

// Transfer returns one transfer.
func (s *Store) Transfer(ctx context.Context, id int64) (goumai.Transfer, error) {
	t, err := scanTransfer(s.r.QueryRowContext(ctx, `SELECT `+transferCols+` FROM budget_transfers WHERE id = $1`, id))
	return t, interpretError(err, transferWhat)
}

// DecideTransfer records the decision on a requested transfer: posted (the
// paired transfer_out and transfer_in entries carrying its id are written, an
// overdraw of the source line being refused by PostLedger, ENG-B2) or refused.
// A transfer decided meanwhile by someone else is EStale. The posted transfer is
// public (费随事转 is published). Both balances are locked before either is
// posted, in the global order (tx.go), so that opposing transfers between two
// lines cannot deadlock.
func (tx *Tx) DecideTransfer(ctx context.Context, a goumai.Actor, t goumai.Transfer, fromRegion, toRegion string) (goumai.Transfer, error) {
	_, err := tx.writeRow(ctx, "budget_transfers", `UPDATE budget_transfers SET status = $1, decided_by = $2, decided_at = $3, opinion = $4
		WHERE id = $5 AND status = $6`, string(t.Status), nullInt(a.UserID), formatTime(tx.now), t.Opinion, t.ID, string(goumai.TransferRequested))
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return t, goumai.Errorf(goumai.EStale, "该调剂申请已被他人处理，请刷新后查看", "the transfer was decided by someone else; reload to see it")
	}
	if err != nil {
		return t, fmt.Errorf("decide transfer %d: %w", t.ID, interpretError(err, transferWhat))
	}
	now := tx.now
	t.DecidedBy, t.DecidedAt = a.UserID, &now
	if t.Status == goumai.TransferRefused {
		_, err := tx.Record(ctx, Change{Actor: a, Action: "budget.transfer_refuse", Table: "budget_transfers", Key: t.ID, Region: fromRegion})
		return t, err
	}
	if _, err := tx.Record(ctx, Change{Actor: a, Action: "budget.transfer", Table: "budget_transfers", Key: t.ID, Region: fromRegion, Public: true}); err != nil {
		return t, err
	}
	if err := tx.Lock(ctx, "budget_balances", t.FromLine, t.ToLine); err != nil {
		return t, err
	}
	if _, _, err := tx.PostLedger(ctx, a, goumai.LedgerEntry{LineID: t.FromLine, Kind: goumai.LedgerTransferOut, Amount: t.Amount, Transfer: t.ID, Memo: t.Memo}, fromRegion); err != nil {
		return t, err
	}
	if _, _, err := tx.PostLedger(ctx, a, goumai.LedgerEntry{LineID: t.ToLine, Kind: goumai.LedgerTransferIn, Amount: t.Amount, Transfer: t.ID, Memo: t.Memo}, toRegion); err != nil {
		return t, err
	}
	return t, nil
}

// TransferFilter selects transfers whose source line lies in a region subtree.
type TransferFilter struct {
	Region      string // subtree root of the source line's region; required
	Status      goumai.TransferStatus
	RequestedBy int64
	BeforeID    int64
	Limit       int
}

// FindTransfers lists transfers, newest first, keyset-paged by id.
func (s *Store) FindTransfers(ctx context.Context, f TransferFilter) ([]goumai.Transfer, error) {
	query, args := s.transfersSQL(f)
	return queryList(ctx, s.r, listTransfers, scanTransfer, query, args...)
}

var listTransfers = registerList("FindTransfers", func(s *Store) []listSample {
	requested := goumai.TransferRequested
	return []listSample{
		sample(s.transfersSQL(TransferFilter{Region: "330106", Status: requested, Limit: 100})), // awaiting a county's approvers
		sample(s.transfersSQL(TransferFilter{Region: goumai.NationalCode, Status: requested, BeforeID: 900})),
		sample(s.transfersSQL(TransferFilter{Region: "330106", Limit: 100})).sorted("the transfers of a region's lines, through the lines' region index"),
		sample(s.transfersSQL(TransferFilter{Region: "330106", RequestedBy: 7, Limit: 100})).sorted("the transfers of a region's lines, through the lines' region index"),
	}
})

// transfersSQL builds FindTransfers' query.
func (s *Store) transfersSQL(f TransferFilter) (string, []any) {
	var w where
	w.region(s, "l.region", f.Region)
	if f.Status != "" {
		w.add("t.status = $%d", string(f.Status))
	}
	if f.RequestedBy > 0 {
		w.add("t.requested_by = $%d", f.RequestedBy)
	}
	if f.BeforeID > 0 {
		w.add("t.id < $%d", f.BeforeID)
	}
	limit := w.limit(f.Limit, 100, 500)
	return `SELECT ` + prefixCols("t.", transferCols) + ` FROM budget_transfers t
		JOIN budget_lines l ON l.id = t.from_line WHERE ` + w.sql() + ` ORDER BY t.id DESC LIMIT ` + limit, w.args
}

// AddDrafter records that a user drafts an item whose drafting spans several
// objects (a catalogue version and its items), once per item and person, so
// that separation of duties knows them (Drafters).
func (tx *Tx) AddDrafter(ctx context.Context, a goumai.Actor, objectType string, objectID any, region string) error {
	if a.UserID == 0 {
		return nil
	}
	var n int
	id := fmt.Sprint(objectID)
	if err := tx.queryRow(ctx, `SELECT count(*) FROM item_drafters WHERE object_type = $1 AND object_id = $2 AND user_id = $3`,
		objectType, id, a.UserID).Scan(&n); err != nil || n > 0 {
		return err
	}
	key, err := tx.writeRow(ctx, "item_drafters", `INSERT INTO item_drafters (object_type, object_id, user_id, at) VALUES ($1, $2, $3, $4)`,
		objectType, id, a.UserID, formatTime(tx.now))
	if err != nil {
		return fmt.Errorf("drafter of %s %s: %w", objectType, id, err)
	}
	_, err = tx.Record(ctx, Change{Actor: a, Action: "item.drafter", Table: "item_drafters", Key: key, Region: region})
	return err
}

// CheckAvailable refuses, as PostLedger would (EFunds, ENG-B2), an amount the
// line does not have available now; it writes nothing.
func (tx *Tx) CheckAvailable(ctx context.Context, lineID int64, amount goumai.Fen) error {
	b, err := tx.Balance(ctx, lineID)
	if err != nil {
		return err
	}
	if b.Available() < amount {
		return tx.overdraw(ctx, goumai.LedgerEntry{LineID: lineID, Kind: goumai.LedgerTransferOut, Amount: amount})
	}
	return nil
}
