package sqlstore_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// newLine creates an organisation and a budget line appropriated with amt.
func newLine(t *testing.T, s *sqlstore.Store, name string, amt goumai.Fen) goumai.BudgetLine {
	t.Helper()
	ctx := context.Background()
	org := mustOrg(t, s, goumai.Org{Name: name + "单位", Kind: goumai.KindStateOrgan, Region: "330106", Active: true})
	var l goumai.BudgetLine
	err := s.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		l, err = tx.InsertBudgetLine(ctx, goumai.System, goumai.BudgetLine{OrgID: org, Region: "330106", FiscalYear: 2026, Name: name, MofDivCode: "330106"})
		if err != nil || amt == 0 {
			return err
		}
		_, _, err = tx.PostLedger(ctx, goumai.System, goumai.LedgerEntry{LineID: l.ID, Kind: goumai.LedgerAppropriate, Amount: amt}, "330106")
		return err
	})
	if err != nil {
		t.Fatalf("new line %s: %v", name, err)
	}
	return l
}

func post(s *sqlstore.Store, line int64, kind goumai.LedgerKind, amt goumai.Fen) (goumai.Balance, error) {
	ctx := context.Background()
	var b goumai.Balance
	err := s.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		_, b, err = tx.PostLedger(ctx, goumai.System, goumai.LedgerEntry{LineID: line, Kind: kind, Amount: amt, Memo: "test"}, "330106")
		return err
	})
	return b, err
}

func mustVerify(t *testing.T, s *sqlstore.Store) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Verify(ctx, nil)
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", err, rep.Problems)
	}
}

// TestLedger walks a line through every kind of entry and every refusal: the
// balance after each step, the rule and message of an overdraw, bad amounts,
// an unknown line, and nothing written by a refused entry.
func TestLedger(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		l := newLine(t, s, "社区居家养老服务", 100000) // ¥1,000.00
		steps := []struct {
			kind goumai.LedgerKind
			amt  goumai.Fen
			want goumai.Balance // after the step
			code goumai.Code    // "" when it succeeds
		}{
			{goumai.LedgerCommit, 60000, goumai.Balance{Appropriated: 100000, Committed: 60000}, ""},
			{goumai.LedgerCommit, 40001, goumai.Balance{Appropriated: 100000, Committed: 60000}, goumai.EFunds},
			{goumai.LedgerTransferOut, 40001, goumai.Balance{Appropriated: 100000, Committed: 60000}, goumai.EFunds},
			{goumai.LedgerRelease, 10000, goumai.Balance{Appropriated: 100000, Committed: 50000}, ""},
			{goumai.LedgerRelease, 50001, goumai.Balance{Appropriated: 100000, Committed: 50000}, goumai.EFunds},
			{goumai.LedgerObligate, 50001, goumai.Balance{Appropriated: 100000, Committed: 50000}, goumai.EFunds},
			{goumai.LedgerObligate, 45000, goumai.Balance{Appropriated: 100000, Committed: 5000, Obligated: 45000}, ""},
			{goumai.LedgerPay, 45001, goumai.Balance{Appropriated: 100000, Committed: 5000, Obligated: 45000}, goumai.EFunds},
			{goumai.LedgerPay, 45000, goumai.Balance{Appropriated: 100000, Committed: 5000, Paid: 45000}, ""},
			{goumai.LedgerTransferOut, 50000, goumai.Balance{Appropriated: 50000, Committed: 5000, Paid: 45000}, ""},
			{goumai.LedgerCommit, 1, goumai.Balance{Appropriated: 50000, Committed: 5000, Paid: 45000}, goumai.EFunds},
			{goumai.LedgerTransferIn, 2, goumai.Balance{Appropriated: 50002, Committed: 5000, Paid: 45000}, ""},
			{goumai.LedgerAppropriate, goumai.MaxFen, goumai.Balance{Appropriated: 50002, Committed: 5000, Paid: 45000}, goumai.EConflict},
			{goumai.LedgerCommit, 0, goumai.Balance{Appropriated: 50002, Committed: 5000, Paid: 45000}, goumai.EInvalid},
			{goumai.LedgerCommit, -5, goumai.Balance{Appropriated: 50002, Committed: 5000, Paid: 45000}, goumai.EInvalid},
			{goumai.LedgerCommit, goumai.MaxFen + 1, goumai.Balance{Appropriated: 50002, Committed: 5000, Paid: 45000}, goumai.EInvalid},
			{"borrow", 5, goumai.Balance{Appropriated: 50002, Committed: 5000, Paid: 45000}, goumai.EInvalid},
		}
		for i, st := range steps {
			before := mustTreeSize(t, s)
			got, err := post(s, l.ID, st.kind, st.amt)
			if code := goumai.ErrorCode(err); code != st.code {
				t.Fatalf("step %d %s %d: error %v, want code %q", i, st.kind, st.amt, err, st.code)
			}
			if st.code == "" && got != st.want {
				t.Errorf("step %d %s %d: balance %+v, want %+v", i, st.kind, st.amt, got, st.want)
			}
			if b, err := s.Balance(ctx, l.ID); err != nil || b != st.want {
				t.Errorf("step %d %s %d: stored balance %+v (%v), want %+v", i, st.kind, st.amt, b, err, st.want)
			}
			if after := mustTreeSize(t, s); st.code != "" && after != before {
				t.Errorf("step %d: refused entry changed the log from %d to %d leaves", i, before, after)
			}
			if st.code == goumai.EFunds && st.kind == goumai.LedgerCommit {
				e := goumai.AsError(err)
				if e.Rule != "ENG-B2" || !strings.Contains(e.Message.ZH, l.Name) || !strings.Contains(e.Message.ZH, "可用 ¥") || !strings.Contains(e.Message.EN, "available") {
					t.Errorf("step %d: overdraw error %+v does not name the rule, the line and the available amount", i, e)
				}
			}
		}
		if _, err := post(s, 999999, goumai.LedgerCommit, 1); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Errorf("unknown line: %v, want not_found", err)
		}
		es, err := s.LedgerEntries(ctx, sqlstore.LedgerFilter{LineID: l.ID})
		if err != nil || len(es) != 7 || es[0].Kind != goumai.LedgerTransferIn || es[len(es)-1].Kind != goumai.LedgerAppropriate {
			t.Errorf("ledger = %d entries %v, want 7 newest first", len(es), err)
		}
		if pub, err := s.LedgerEntries(ctx, sqlstore.LedgerFilter{LineID: l.ID, Public: true}); err != nil || len(pub) != 3 {
			t.Errorf("public ledger = %d entries (%v), want 3 (appropriation and transfers)", len(pub), err)
		}
		mustVerify(t, s)

		// A balance changed behind goumai's back is caught by the sum check as well as the audit.
		if _, err := s.DB().ExecContext(ctx, `UPDATE budget_balances SET appropriated = appropriated + 1 WHERE line_id = $1`, l.ID); err != nil {
			t.Fatal(err)
		}
		rep, err := s.Verify(ctx, nil)
		if err != nil || !hasProblem(rep.Problems, "but the ledger sums to") {
			t.Errorf("tampered balance: verify = %v %v, want the ledger-sum problem", err, rep.Problems)
		}
		// The CHECK constraints refuse an overdrawn row even from raw SQL.
		if _, err := s.DB().ExecContext(ctx, `UPDATE budget_balances SET committed = appropriated + 1 WHERE line_id = $1`, l.ID); err == nil {
			t.Error("the database accepted a balance with more committed than appropriated")
		}
	})
}

func hasProblem(ps []string, sub string) bool {
	for _, p := range ps {
		if strings.Contains(p, sub) {
			return true
		}
	}
	return false
}

// TestLedgerConcurrentCommits fires many commits at one line at once: exactly
// floor(available/amount) succeed, the others are refused by ENG-B2, the balance
// never goes below zero and the log verifies.
func TestLedgerConcurrentCommits(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		const n, each, appropriated = 50, goumai.Fen(3000_00), goumai.Fen(100000_00) // 50 × ¥3,000 against ¥100,000
		l := newLine(t, s, "并发测试", appropriated)
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, refused, other := 0, 0, []error{}
		start := make(chan struct{})
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, err := post(s, l.ID, goumai.LedgerCommit, each)
				mu.Lock()
				defer mu.Unlock()
				switch e := goumai.AsError(err); {
				case err == nil:
					ok++
				case e.Code == goumai.EFunds && e.Rule == "ENG-B2":
					refused++
				default:
					other = append(other, err)
				}
			}()
		}
		close(start)
		wg.Wait()
		if len(other) > 0 {
			t.Fatalf("unexpected errors: %v", other)
		}
		want := int(appropriated / each)
		if ok != want || refused != n-want {
			t.Errorf("%d succeeded and %d refused, want %d and %d", ok, refused, want, n-want)
		}
		b, err := s.Balance(ctx, l.ID)
		if err != nil || b.Committed != goumai.Fen(want)*each || b.Available() < 0 {
			t.Errorf("balance %+v (%v), want %d committed and nothing negative", b, err, goumai.Fen(want)*each)
		}
		mustVerify(t, s)
	})
}
