package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/goumai/goumai"
)

// The budget ledger: ledger_entries is append-only (each entry an event), and
// budget_balances holds each line's position, changed in the same transaction as
// the entry by one guarded UPDATE. The guard (and the table's CHECKs) make it
// impossible to commit, obligate or pay more than a line holds: on PostgreSQL the
// UPDATE takes the row lock and re-evaluates its WHERE against the latest
// committed row, on SQLite the single writer serialises. A balance check reads one
// row by primary key, never the entries.

func init() {
	registerTable(table{name: "budget_balances", key: "line_id", cols: []column{{"line_id", colInt}, {"appropriated", colInt},
		{"committed", colInt}, {"obligated", colInt}, {"paid", colInt}, {"entries", colInt}}})
	registerTable(table{name: "ledger_entries", key: "id", cols: []column{{"id", colInt}, {"line_id", colInt}, {"kind", colText},
		{"amount", colInt}, {"project_id", colNullInt}, {"transfer_id", colNullInt}, {"memo", colText}, {"actor", colText}, {"at", colText}}})
	verifyChecks = append(verifyChecks, verifyBalances)
}

// RuleBudget is the rule that refuses an overdraw: a purchase needs budget on an
// approved line (ENG-B2, 《政府购买服务管理办法》第十四、十五条).
const RuleBudget = "ENG-B2"

// PostLedger appends one entry to a line's ledger and moves its balance in the
// same transaction, recording both (the entry public as PublicLedgerKind says;
// the balance row is derived and private). An entry that would overdraw the line is
// refused with EFunds naming the line and what it still holds (ENG-B2). The
// balance is locked through Tx.Lock (a no-op if the caller locked it already):
// a transaction posting to several lines locks them all first, in ascending order.
func (tx *Tx) PostLedger(ctx context.Context, a goumai.Actor, e goumai.LedgerEntry, region string) (goumai.LedgerEntry, goumai.Balance, error) {
	d, ok := e.Kind.Delta(e.Amount)
	if !ok {
		f := goumai.Fields{}
		if !e.Kind.Valid() {
			f.Add("kind", "未知的台账类型", "unknown ledger entry kind")
		}
		if m := goumai.CheckFen(e.Amount); m != nil {
			f["amount"] = *m
		} else if e.Amount == 0 {
			f.Add("amount", "金额须大于零", "amount must be greater than zero")
		}
		return e, goumai.Balance{}, f.Err()
	}
	if err := tx.Lock(ctx, "budget_balances", e.LineID); err != nil {
		return e, goumai.Balance{}, err
	}
	_, err := tx.writeRow(ctx, "budget_balances", `UPDATE budget_balances
		SET appropriated = appropriated + $1, committed = committed + $2, obligated = obligated + $3, paid = paid + $4, entries = entries + 1
		WHERE line_id = $5 AND appropriated + $1 <= $6 AND committed + $2 >= 0 AND obligated + $3 >= 0
		  AND (appropriated + $1) - (committed + $2) - (obligated + $3) - (paid + $4) >= 0`,
		int64(d.Appropriated), int64(d.Committed), int64(d.Obligated), int64(d.Paid), e.LineID, int64(goumai.MaxFen))
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return e, goumai.Balance{}, tx.overdraw(ctx, e)
	}
	if err != nil {
		return e, goumai.Balance{}, fmt.Errorf("post %s on line %d: %w", e.Kind, e.LineID, interpretError(err, lineWhat))
	}
	if _, err := tx.Record(ctx, Change{Actor: a, Action: "budget.balance", Table: "budget_balances", Key: e.LineID, Region: region}); err != nil {
		return e, goumai.Balance{}, err
	}
	key, err := tx.writeRow(ctx, "ledger_entries", `INSERT INTO ledger_entries (line_id, kind, amount, project_id, transfer_id, memo, actor, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		e.LineID, string(e.Kind), int64(e.Amount), nullInt(e.ProjectID), nullInt(e.Transfer), e.Memo, a.Username, formatTime(tx.now))
	if err != nil {
		return e, goumai.Balance{}, fmt.Errorf("append %s to line %d: %w", e.Kind, e.LineID, interpretError(err, goumai.M("台账记录", "ledger entry")))
	}
	if e.ID, err = strconv.ParseInt(key, 10, 64); err != nil {
		return e, goumai.Balance{}, err
	}
	e.Actor, e.At = a.Username, tx.now
	if _, err := tx.Record(ctx, Change{Actor: a, Action: "budget." + string(e.Kind), Table: "ledger_entries", Key: e.ID, Region: region,
		Public: PublicLedgerKind(e.Kind)}); err != nil {
		return e, goumai.Balance{}, err
	}
	b, err := tx.Balance(ctx, e.LineID)
	return e, b, err
}

// PublicLedgerKind reports whether entries of kind k are public: appropriations
// and transfers (费随事转 included) are published budget figures (《预算法》第十四条);
// commitments, obligations and payments show project execution and are visible to
// the organisation, its finance department and auditors (the projects and
// contracts themselves are published by their own events).
func PublicLedgerKind(k goumai.LedgerKind) bool {
	return k == goumai.LedgerAppropriate || k == goumai.LedgerTransferIn || k == goumai.LedgerTransferOut
}

// overdraw explains why a guarded balance update changed nothing: no such line,
// or not enough on it.
func (tx *Tx) overdraw(ctx context.Context, e goumai.LedgerEntry) error {
	l, err := tx.BudgetLine(ctx, e.LineID)
	if err != nil {
		if goumai.ErrorCode(err) == goumai.ENotFound {
			return &goumai.Error{Code: goumai.ENotFound, Message: goumai.M("未找到预算指标", "budget line not found"),
				Fields: map[string]goumai.Msg{"line_id": goumai.M("预算指标不存在", "no such budget line")}}
		}
		return err
	}
	b, err := tx.Balance(ctx, e.LineID)
	if err != nil {
		return err
	}
	var zh, en string
	code := goumai.EFunds
	switch e.Kind {
	case goumai.LedgerRelease, goumai.LedgerObligate:
		zh = fmt.Sprintf("预算指标「%s」已占用金额仅剩 ¥%s，不足 ¥%s", l.Name, b.Committed.Yuan(), e.Amount.Yuan())
		en = fmt.Sprintf("budget line %q has only ¥%s committed, less than ¥%s", l.Name, b.Committed.Yuan(), e.Amount.Yuan())
	case goumai.LedgerPay, goumai.LedgerDeobligate:
		zh = fmt.Sprintf("预算指标「%s」已签合同未支付金额仅剩 ¥%s，不足 ¥%s", l.Name, b.Obligated.Yuan(), e.Amount.Yuan())
		en = fmt.Sprintf("budget line %q has only ¥%s obligated and unpaid, less than ¥%s", l.Name, b.Obligated.Yuan(), e.Amount.Yuan())
	case goumai.LedgerAppropriate, goumai.LedgerTransferIn:
		code = goumai.EConflict // not a lack of funds: the line would pass MaxFen
		zh = fmt.Sprintf("预算指标「%s」金额将超出上限", l.Name)
		en = fmt.Sprintf("budget line %q would exceed the maximum amount", l.Name)
	default:
		zh = fmt.Sprintf("预算指标「%s」可用余额不足：可用 ¥%s，需要 ¥%s（《政府购买服务管理办法》第十四、十五条）", l.Name, b.Available().Yuan(), e.Amount.Yuan())
		en = fmt.Sprintf("budget line %q has ¥%s available, less than the ¥%s needed (O102 Arts. 14–15)", l.Name, b.Available().Yuan(), e.Amount.Yuan())
	}
	return &goumai.Error{Code: code, Message: goumai.M(zh, en), Rule: RuleBudget,
		Fields: map[string]goumai.Msg{"amount": goumai.M(zh, en)}}
}

// Balance returns a line's balance: one row read by primary key.
func (s *Store) Balance(ctx context.Context, lineID int64) (goumai.Balance, error) {
	return getBalance(ctx, s.r, lineID)
}

// Balance returns a line's balance, inside the transaction.
func (tx *Tx) Balance(ctx context.Context, lineID int64) (goumai.Balance, error) {
	return getBalance(ctx, tx.tx, lineID)
}

func getBalance(ctx context.Context, q querier, lineID int64) (goumai.Balance, error) {
	var b goumai.Balance
	err := q.QueryRowContext(ctx, `SELECT appropriated, committed, obligated, paid FROM budget_balances WHERE line_id = $1`, lineID).
		Scan(&b.Appropriated, &b.Committed, &b.Obligated, &b.Paid)
	return b, interpretError(err, lineWhat)
}

const entryCols = `id, line_id, kind, amount, project_id, transfer_id, memo, actor, at`

func scanEntry(sc scanner) (goumai.LedgerEntry, error) {
	var e goumai.LedgerEntry
	var kind, at string
	var project, transfer sql.NullInt64
	if err := sc.Scan(&e.ID, &e.LineID, &kind, &e.Amount, &project, &transfer, &e.Memo, &e.Actor, &at); err != nil {
		return e, err
	}
	e.Kind, e.ProjectID, e.Transfer = goumai.LedgerKind(kind), project.Int64, transfer.Int64
	var err error
	e.At, err = parseTime(at)
	return e, err
}

// LedgerFilter selects a line's entries, newest first, keyset-paged by id.
type LedgerFilter struct {
	LineID    int64
	ProjectID int64
	Public    bool  // only the public kinds (PublicLedgerKind)
	BeforeID  int64 // entries with a smaller id
	Limit     int
}

// LedgerEntries lists ledger entries newest first.
func (s *Store) LedgerEntries(ctx context.Context, f LedgerFilter) ([]goumai.LedgerEntry, error) {
	query, args := ledgerSQL(f)
	return queryList(ctx, s.r, listLedger, scanEntry, query, args...)
}

var listLedger = registerList("LedgerEntries", func(s *Store) []listSample {
	return []listSample{
		sample(ledgerSQL(LedgerFilter{LineID: 7, BeforeID: 900, Limit: 50})),
		sample(ledgerSQL(LedgerFilter{LineID: 7, Public: true, Limit: 50})),
		sample(ledgerSQL(LedgerFilter{ProjectID: 7})).sorted("one project's entries"),
	}
})

// ledgerSQL builds LedgerEntries' query.
func ledgerSQL(f LedgerFilter) (string, []any) {
	var w where
	if f.LineID > 0 {
		w.add("line_id = $%d", f.LineID)
	}
	if f.ProjectID > 0 {
		w.add("project_id = $%d", f.ProjectID)
	}
	if f.Public {
		w.in("kind", string(goumai.LedgerAppropriate), string(goumai.LedgerTransferIn), string(goumai.LedgerTransferOut))
	}
	if f.BeforeID > 0 {
		w.add("id < $%d", f.BeforeID)
	}
	limit := w.limit(f.Limit, 100, 1000)
	return `SELECT ` + entryCols + ` FROM ledger_entries WHERE ` + w.sql() + ` ORDER BY id DESC LIMIT ` + limit, w.args
}

// verifyBalances checks that every balance equals the sum of its line's ledger
// entries (and that every line has a balance): the derived state cannot drift
// from the ledger without verify saying so.
func verifyBalances(ctx context.Context, s *Store, problem func(format string, args ...any)) error {
	rows, err := s.r.QueryContext(ctx, `SELECT l.id, CASE WHEN b.line_id IS NULL THEN 0 ELSE 1 END,
		COALESCE(b.appropriated, 0), COALESCE(b.committed, 0), COALESCE(b.obligated, 0), COALESCE(b.paid, 0), COALESCE(b.entries, 0),
		COALESCE(e.appr, 0), COALESCE(e.comm, 0), COALESCE(e.obl, 0), COALESCE(e.paid, 0), COALESCE(e.n, 0)
		FROM budget_lines l
		LEFT JOIN budget_balances b ON b.line_id = l.id
		LEFT JOIN (SELECT line_id,
			CAST(SUM(CASE kind WHEN 'appropriate' THEN amount WHEN 'transfer_in' THEN amount WHEN 'transfer_out' THEN -amount ELSE 0 END) AS BIGINT) AS appr,
			CAST(SUM(CASE kind WHEN 'commit' THEN amount WHEN 'release' THEN -amount WHEN 'obligate' THEN -amount ELSE 0 END) AS BIGINT) AS comm,
			CAST(SUM(CASE kind WHEN 'obligate' THEN amount WHEN 'pay' THEN -amount WHEN 'deobligate' THEN -amount ELSE 0 END) AS BIGINT) AS obl,
			CAST(SUM(CASE kind WHEN 'pay' THEN amount ELSE 0 END) AS BIGINT) AS paid,
			COUNT(*) AS n
			FROM ledger_entries GROUP BY line_id) e ON e.line_id = l.id
		ORDER BY l.id`)
	if err != nil {
		return fmt.Errorf("verify budget balances: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var hasBalance int
		var have, want [5]int64
		if err := rows.Scan(&id, &hasBalance, &have[0], &have[1], &have[2], &have[3], &have[4], &want[0], &want[1], &want[2], &want[3], &want[4]); err != nil {
			return fmt.Errorf("verify budget balances: %w", err)
		}
		switch {
		case hasBalance == 0:
			problem("budget_balances %d: line has no balance row", id)
		case have != want:
			problem("budget_balances %d: balance (appropriated, committed, obligated, paid, entries) = %v but the ledger sums to %v", id, have, want)
		}
	}
	return rows.Err()
}
