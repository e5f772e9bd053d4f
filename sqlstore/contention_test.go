package sqlstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// transfer requests and posts a transfer in one transaction (the store's part
// of a request and its approval).
func transfer(s *sqlstore.Store, from, to int64, amt goumai.Fen) error {
	ctx := context.Background()
	return s.Update(ctx, func(tx *sqlstore.Tx) error {
		t, err := tx.RequestTransfer(ctx, goumai.System, goumai.Transfer{FromLine: from, ToLine: to, Amount: amt, Memo: "test"}, "330106")
		if err != nil {
			return err
		}
		t.Status = goumai.TransferPosted
		_, err = tx.DecideTransfer(ctx, goumai.System, t, "330106", "330106")
		return err
	})
}

// TestOpposingTransfers runs transfers between the same two lines in both
// directions at once (8 clients, as in the issue): each one locks both balances
// in one global order, so none deadlocks; every transfer succeeds or is refused
// for lack of funds, nothing surfaces as a database error, and the balances,
// the ledger and the log agree.
func TestOpposingTransfers(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		const clients, each = 8, 15
		a := newLine(t, s, "调出指标", 1000_00)
		b := newLine(t, s, "调入指标", 1000_00)
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, funds, other := 0, 0, []error{}
		start := make(chan struct{})
		for c := 0; c < clients; c++ {
			from, to := a.ID, b.ID
			if c%2 == 1 {
				from, to = b.ID, a.ID
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				for i := 0; i < each; i++ {
					err := transfer(s, from, to, goumai.Fen(100_00+i))
					mu.Lock()
					switch goumai.ErrorCode(err) {
					case "":
						ok++
					case goumai.EFunds:
						funds++
					default:
						other = append(other, err)
					}
					mu.Unlock()
				}
			}()
		}
		close(start)
		wg.Wait()
		if len(other) > 0 {
			t.Fatalf("%d of %d transfers failed with other errors than insufficient_funds, first: %v", len(other), clients*each, other[0])
		}
		if ok == 0 {
			t.Fatalf("no transfer succeeded (%d refused for funds)", funds)
		}
		ba, err := s.Balance(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		bb, err := s.Balance(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ba.Appropriated+bb.Appropriated != 2000_00 || ba.Available() < 0 || bb.Available() < 0 {
			t.Errorf("balances %+v and %+v: the transfers created or lost money", ba, bb)
		}
		ts, err := s.FindTransfers(ctx, sqlstore.TransferFilter{Region: "330106", Limit: 500})
		if err != nil || len(ts) != ok {
			t.Errorf("%d transfers recorded (%v), want the %d that succeeded", len(ts), err, ok)
		}
		mustVerify(t, s)
	})
}

// insertOrgTx inserts an organisation and records it, in tx.
func insertOrgTx(ctx context.Context, tx *sqlstore.Tx, name string) (int64, error) {
	id, err := tx.InsertOrg(ctx, goumai.Org{Name: name, Kind: goumai.KindSocialOrg, Region: "330106", Active: true})
	if err != nil {
		return 0, err
	}
	_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "org.create", Table: "orgs", Key: id, Region: "330106", Public: true})
	return id, err
}

// TestUpdateRetries: a transaction that fails with a serialization failure or
// a deadlock is run again from the start in a fresh transaction (nothing of the
// failed attempt survives: no row, no event, no gap in the log); when every
// attempt fails, or the context ends, Update reports busy, never an internal error.
func TestUpdateRetries(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		mustOrg(t, s, goumai.Org{Name: "先有的单位", Kind: goumai.KindSocialOrg, Region: "330106", Active: true})
		before := mustTreeSize(t, s)

		attempts := 0
		err := s.Update(ctx, func(tx *sqlstore.Tx) error {
			attempts++
			if _, err := insertOrgTx(ctx, tx, "重试的单位"); err != nil {
				return err
			}
			if attempts == 1 {
				return fmt.Errorf("post: %w", &pgconn.PgError{Code: "40001", Message: "could not serialize access"})
			}
			return nil
		})
		if err != nil || attempts != 2 {
			t.Fatalf("serialization failure on the first attempt: err %v after %d attempts, want success on the second", err, attempts)
		}
		if orgs, err := s.FindOrgs(ctx, sqlstore.OrgFilter{Query: "重试的单位"}); err != nil || len(orgs) != 1 {
			t.Errorf("%d organisations written (%v), want 1: the failed attempt must leave nothing", len(orgs), err)
		}
		if after := mustTreeSize(t, s); after != before+1 {
			t.Errorf("log grew from %d to %d, want one event", before, after)
		}

		attempts = 0
		err = s.Update(ctx, func(tx *sqlstore.Tx) error {
			attempts++
			if _, err := insertOrgTx(ctx, tx, "总是冲突"); err != nil {
				return err
			}
			return &pgconn.PgError{Code: "40P01", Message: "deadlock detected"}
		})
		e := goumai.AsError(err)
		if e.Code != goumai.EBusy || e.Message.ZH == "" || e.Message.EN == "" || attempts != sqlstore.RetryAttempts {
			t.Errorf("a deadlock at every attempt: %v after %d attempts, want busy with a bilingual message after %d", err, attempts, sqlstore.RetryAttempts)
		}

		cctx, cancel := context.WithCancel(ctx)
		attempts = 0
		err = s.Update(cctx, func(tx *sqlstore.Tx) error {
			attempts++
			cancel()
			return &pgconn.PgError{Code: "40001"}
		})
		if goumai.ErrorCode(err) != goumai.EBusy || attempts != 1 {
			t.Errorf("contention after the context ended: %v after %d attempts, want busy at once", err, attempts)
		}

		// Errors that are not contention are returned as they are, at once.
		attempts = 0
		err = s.Update(ctx, func(tx *sqlstore.Tx) error {
			attempts++
			return &pgconn.PgError{Code: "23505"}
		})
		if goumai.ErrorCode(err) != goumai.EInternal || attempts != 1 {
			t.Errorf("a unique violation: %v after %d attempts, want it returned after one", err, attempts)
		}
		if after := mustTreeSize(t, s); after != before+1 {
			t.Errorf("log grew from %d to %d, want only the successful transaction's event", before, after)
		}
		mustVerify(t, s)
	})
}

// TestUpdateRetriesRealDeadlock makes two transactions update two rows in
// opposite orders, each holding its first row until the other holds its own:
// PostgreSQL detects the deadlock and aborts one, which Update runs again, so
// both succeed. (Lock order is the cure; the retry is the safety net for what
// the order does not cover.)
func TestUpdateRetriesRealDeadlock(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		if s.Dialect() != sqlstore.Postgres {
			t.Skip("SQLite's single writer runs one transaction at a time: it cannot deadlock")
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // guards against a hang only
		defer cancel()
		// Two accounts, not two organisations: a write to orgs also bumps the
		// supplier-data version (migration 0050), whose row lock would make the
		// second writer wait for the first instead of deadlocking with it.
		var o1, o2 int64
		if err := s.Update(ctx, func(tx *sqlstore.Tx) error {
			for i, id := range []*int64{&o1, &o2} {
				var err error
				if *id, err = tx.InsertUser(ctx, goumai.User{Username: fmt.Sprintf("deadlock%d", i), DisplayName: "甲乙", Active: true}); err != nil {
					return err
				}
				if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "user.create", Table: "users", Key: *id, Region: "330106"}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		toggle := func(tx *sqlstore.Tx, id int64) error { // deactivate or reactivate the account
			u, err := tx.User(ctx, id)
			if err != nil {
				return err
			}
			u.Active = !u.Active
			if err := tx.UpdateUser(ctx, u); err != nil {
				return err
			}
			action := "user.deactivate"
			if u.Active {
				action = "user.activate"
			}
			_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: action, Table: "users", Key: id, Region: "330106"})
			return err
		}
		var attempts [2]int
		holds := [2]chan struct{}{make(chan struct{}), make(chan struct{})}
		run := func(me int, first, second int64) error {
			return s.Update(ctx, func(tx *sqlstore.Tx) error {
				attempts[me]++
				if err := toggle(tx, first); err != nil {
					return err
				}
				if attempts[me] == 1 { // hold the first row until the other holds its own
					close(holds[me])
					select {
					case <-holds[1-me]:
					case <-ctx.Done():
						return ctx.Err()
					}
				}
				return toggle(tx, second)
			})
		}
		var wg sync.WaitGroup
		var errs [2]error
		wg.Add(2)
		go func() { defer wg.Done(); errs[0] = run(0, o1, o2) }()
		go func() { defer wg.Done(); errs[1] = run(1, o2, o1) }()
		wg.Wait()
		if errs[0] != nil || errs[1] != nil {
			t.Fatalf("errors %v, want both transactions to succeed", errs)
		}
		// The victim's next attempt, unordered as before, may deadlock again (it can
		// take the first row back before the survivor does): at least one re-run.
		if attempts[0]+attempts[1] < 3 {
			t.Errorf("attempts %v, want the deadlock's victim run again", attempts)
		}
		mustVerify(t, s)
	})
}

// TestLockOrder: Tx.Lock refuses rows out of the global order (a later table
// before an earlier one, or a smaller key after a larger one), on both databases.
func TestLockOrder(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		cases := []struct {
			name  string
			locks func(tx *sqlstore.Tx) error
			ok    bool
		}{
			{"ascending in one call", func(tx *sqlstore.Tx) error { return tx.Lock(ctx, "budget_balances", 9, 3, 3, 5) }, true},
			{"ascending in two calls, one repeated", func(tx *sqlstore.Tx) error {
				if err := tx.Lock(ctx, "budget_balances", 3, 5); err != nil {
					return err
				}
				return tx.Lock(ctx, "budget_balances", 3, 7)
			}, true},
			{"tables in order", func(tx *sqlstore.Tx) error {
				if err := tx.Lock(ctx, "projects", 8); err != nil {
					return err
				}
				return tx.Lock(ctx, "budget_balances", 1)
			}, true},
			{"descending keys", func(tx *sqlstore.Tx) error {
				if err := tx.Lock(ctx, "budget_balances", 5); err != nil {
					return err
				}
				return tx.Lock(ctx, "budget_balances", 3)
			}, false},
			{"tables out of order", func(tx *sqlstore.Tx) error {
				if err := tx.Lock(ctx, "budget_balances", 1); err != nil {
					return err
				}
				return tx.Lock(ctx, "projects", 8)
			}, false},
			{"a table outside the order", func(tx *sqlstore.Tx) error { return tx.Lock(ctx, "orgs", 1) }, false},
		}
		for _, c := range cases {
			err := s.Update(ctx, func(tx *sqlstore.Tx) error { return c.locks(tx) })
			if (err == nil) != c.ok {
				t.Errorf("%s: %v, want ok=%v", c.name, err, c.ok)
			}
		}
	})
}
