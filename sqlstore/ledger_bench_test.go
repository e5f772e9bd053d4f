package sqlstore_test

import (
	"context"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// fillLedger appends n appropriate entries of 1 fen to a line behind the log's
// back (a million logged events would take the benchmark's whole budget) and
// sets its balance to match, so the line holds n entries.
func fillLedger(b *testing.B, s *sqlstore.Store, line int64, n int) {
	b.Helper()
	ctx := context.Background()
	_, err := s.DB().ExecContext(ctx, `INSERT INTO ledger_entries (line_id, kind, amount, memo, actor, at)
		WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $2)
		SELECT $1, 'appropriate', 1, '', 'bench', '2026-03-02T01:00:00.000000Z' FROM seq`, line, n)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, `UPDATE budget_balances SET appropriated = appropriated + $1, entries = entries + $1 WHERE line_id = $2`, n, line); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkLedgerBalance measures the balance check (one row by primary key)
// and a commit through PostLedger on a line with 1,000 and one with 1,000,000
// ledger entries in the same database, beside the scan it replaces (summing
// the line's entries). The check and the commit must not grow with the ledger.
func BenchmarkLedgerBalance(b *testing.B) {
	benchStores(b, func(b *testing.B, s *sqlstore.Store) {
		ctx := context.Background()
		small := newLineB(b, s, "千条台账")
		large := newLineB(b, s, "百万条台账")
		fillLedger(b, s, small, 1_000)
		fillLedger(b, s, large, 1_000_000)
		if _, err := s.DB().ExecContext(ctx, `ANALYZE`); err != nil {
			b.Fatal(err)
		}
		for _, c := range []struct {
			name string
			line int64
		}{{"entries=1k", small}, {"entries=1M", large}} {
			b.Run("balance/"+c.name, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if bal, err := s.Balance(ctx, c.line); err != nil || bal.Available() <= 0 {
						b.Fatal(bal, err)
					}
				}
			})
			b.Run("commit/"+c.name, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					err := s.Update(ctx, func(tx *sqlstore.Tx) error {
						_, _, err := tx.PostLedger(ctx, goumai.System, goumai.LedgerEntry{LineID: c.line, Kind: goumai.LedgerCommit, Amount: 1}, "330106")
						return err
					})
					if err != nil && goumai.ErrorCode(err) != goumai.EFunds {
						b.Fatal(err)
					}
				}
			})
			b.Run("scan-baseline/"+c.name, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					var sum int64
					if err := s.DB().QueryRowContext(ctx, `SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM ledger_entries WHERE line_id = $1`, c.line).Scan(&sum); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
}

func newLineB(b *testing.B, s *sqlstore.Store, name string) int64 {
	b.Helper()
	ctx := context.Background()
	var id int64
	err := s.Update(ctx, func(tx *sqlstore.Tx) error {
		org, err := tx.InsertOrg(ctx, goumai.Org{Name: name + "单位", Kind: goumai.KindStateOrgan, Region: "330106", Active: true})
		if err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "org.create", Table: "orgs", Key: org, Region: "330106"}); err != nil {
			return err
		}
		l, err := tx.InsertBudgetLine(ctx, goumai.System, goumai.BudgetLine{OrgID: org, Region: "330106", FiscalYear: 2026, Name: name})
		id = l.ID
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return id
}
