package sqlstore_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// grouped runs calls of UpdateGrouped in one group so that they form one
// batch, in the order given: a first call holds the group until the others
// are queued behind it. It returns each call's result and the transactions
// each call ran in, in order (one per run: a call run again alone adds one).
func grouped(t *testing.T, s *sqlstore.Store, fns ...func(tx *sqlstore.Tx) error) ([]error, [][]*sqlstore.Tx) {
	t.Helper()
	ctx := context.Background()
	const group = "test group"
	started, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := s.UpdateGrouped(ctx, group, func(tx *sqlstore.Tx) error {
			once.Do(func() { close(started); <-release })
			return nil
		}); err != nil {
			t.Error(err)
		}
	}()
	<-started
	errs := make([]error, len(fns))
	txs := make([][]*sqlstore.Tx, len(fns))
	var mu sync.Mutex
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.UpdateGrouped(ctx, group, func(tx *sqlstore.Tx) error {
				mu.Lock()
				txs[i] = append(txs[i], tx)
				mu.Unlock()
				return fn(tx)
			})
		}()
		for deadline := time.Now().Add(10 * time.Second); sqlstore.GroupQueued(s, group) < i+1; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("call %d did not queue", i)
			}
		}
	}
	close(release)
	wg.Wait()
	return errs, txs
}

// orgCall inserts and records an organisation named name (its id in *id),
// then fails with fail if not nil.
func orgCall(name string, id *int64, fail error) func(tx *sqlstore.Tx) error {
	return func(tx *sqlstore.Tx) error {
		var err error
		if *id, err = insertOrgTx(context.Background(), tx, name); err != nil {
			return err
		}
		return fail
	}
}

// hasOrg reports whether organisation id exists with name.
func hasOrg(t *testing.T, s *sqlstore.Store, id int64, name string) bool {
	t.Helper()
	o, err := s.Org(context.Background(), id)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return false
	}
	if err != nil {
		t.Fatal(err)
	}
	return o.Name == name
}

// TestUpdateGrouped: calls queued behind a running batch share one
// transaction, each all or nothing in its own savepoint — a failing call
// leaves no row and no event and does not touch the others — and one commit
// appends all their events to the log.
func TestUpdateGrouped(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		before := mustTreeSize(t, s)
		refused := goumai.Errorf(goumai.EInvalid, "不行", "refused")
		const n = 9
		ids := make([]int64, n)
		var fns []func(tx *sqlstore.Tx) error
		for i := range n {
			var fail error
			if i%3 == 1 {
				fail = refused
			}
			fns = append(fns, orgCall(fmt.Sprintf("合并提交单位%d", i), &ids[i], fail))
		}
		errs, txs := grouped(t, s, fns...)
		// The batch first runs without savepoints; call 1 fails, so that
		// transaction is rolled back and the batch runs again, each call in
		// its savepoint: calls 0 and 1 ran twice, the others once, and each
		// last in the batch's one transaction.
		batchTx := txs[n-1][0]
		for i := range n {
			runs := 1
			if i <= 1 {
				runs = 2
			}
			if len(txs[i]) != runs || txs[i][runs-1] != batchTx || (runs == 2 && txs[i][0] == batchTx) {
				t.Errorf("call %d ran %d times: want %d, the last in the batch's transaction", i, len(txs[i]), runs)
			}
			name := fmt.Sprintf("合并提交单位%d", i)
			switch {
			case i%3 == 1 && !errors.Is(errs[i], refused):
				t.Errorf("call %d: %v, want its own refusal", i, errs[i])
			case i%3 == 1 && hasOrg(t, s, ids[i], name):
				t.Errorf("call %d failed, yet its organisation was kept", i)
			case i%3 != 1 && errs[i] != nil:
				t.Errorf("call %d: %v, want nil (another call's failure must not touch it)", i, errs[i])
			case i%3 != 1 && !hasOrg(t, s, ids[i], name):
				t.Errorf("call %d succeeded, yet its organisation is missing", i)
			}
		}
		if got, want := mustTreeSize(t, s)-before, int64(n-n/3); got != want {
			t.Errorf("the log grew by %d events, want %d (one per call that succeeded)", got, want)
		}
		mustVerify(t, s)
	})
}

// TestUpdateGroupedNoFailure: a batch whose calls all succeed runs each
// once, all in one transaction, and commits them all.
func TestUpdateGroupedNoFailure(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		before := mustTreeSize(t, s)
		const n = 6
		ids := make([]int64, n)
		var fns []func(tx *sqlstore.Tx) error
		for i := range n {
			fns = append(fns, orgCall(fmt.Sprintf("一次提交单位%d", i), &ids[i], nil))
		}
		errs, txs := grouped(t, s, fns...)
		for i := range n {
			if errs[i] != nil {
				t.Errorf("call %d: %v", i, errs[i])
			}
			if len(txs[i]) != 1 || txs[i][0] != txs[0][0] {
				t.Errorf("call %d ran %d times: want once, in the batch's transaction", i, len(txs[i]))
			}
			if !hasOrg(t, s, ids[i], fmt.Sprintf("一次提交单位%d", i)) {
				t.Errorf("call %d succeeded, yet its organisation is missing", i)
			}
		}
		if got := mustTreeSize(t, s) - before; got != n {
			t.Errorf("the log grew by %d events, want %d", got, n)
		}
		mustVerify(t, s)
	})
}

// TestUpdateGroupedAlone: when the batch as a whole fails — a BeforeCommit
// check refuses at its commit, or a call fails for contention — nothing of
// it is kept and every call runs again alone, judged at its own commit.
func TestUpdateGroupedAlone(t *testing.T) {
	late := goumai.Errorf(goumai.EConflict, "太迟", "too late")
	for _, c := range []struct {
		name string
		fail func(tx *sqlstore.Tx, run int) error // for the second call, on its run-th run
		want error                                // the second call's result
	}{
		{"a check refuses at the batch's commit", func(tx *sqlstore.Tx, run int) error {
			tx.BeforeCommit(func(time.Time) error { return late })
			return nil
		}, late},
		{"a call fails for contention", func(tx *sqlstore.Tx, run int) error {
			if run == 1 {
				return &pgconn.PgError{Code: "40P01", Message: "deadlock detected"}
			}
			return nil
		}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
				before := mustTreeSize(t, s)
				ids := make([]int64, 3)
				runs := 0
				second := orgCall("单独提交单位1", &ids[1], nil)
				errs, txs := grouped(t, s, orgCall("单独提交单位0", &ids[0], nil), func(tx *sqlstore.Tx) error {
					runs++
					if err := second(tx); err != nil {
						return err
					}
					return c.fail(tx, runs)
				}, orgCall("单独提交单位2", &ids[2], nil))
				kept := int64(0)
				batch := txs[0][0]
				for i := range 3 {
					// Calls after the one that broke the batch may not have run in it.
					if n := len(txs[i]); n == 0 || n > 2 || txs[i][n-1] == batch {
						t.Errorf("call %d ran %d times, last in the batch's transaction: want its last run alone", i, n)
					}
					want := error(nil)
					if i == 1 {
						want = c.want
					}
					if !errors.Is(errs[i], want) && !(want == nil && errs[i] == nil) {
						t.Errorf("call %d: %v, want %v", i, errs[i], want)
					}
					if has := hasOrg(t, s, ids[i], fmt.Sprintf("单独提交单位%d", i)); has != (want == nil) {
						t.Errorf("call %d: organisation kept %v, want %v", i, has, want == nil)
					} else if has {
						kept++
					}
				}
				if got := mustTreeSize(t, s) - before; got != kept {
					t.Errorf("the log grew by %d events, want %d", got, kept)
				}
				mustVerify(t, s)
			})
		})
	}
}

// TestGroupedMemo: a grouped transaction reads a supplier's profile once,
// but never past its own write: a call that saved the profile reads its own
// version, and once that call is rolled back the next reads the version
// before it again.
func TestGroupedMemo(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		org := mustOrg(t, s, goumai.Org{Name: "档案供应商", Kind: goumai.KindEnterprise, Region: "330106", Active: true, CreditCode: "91330106MA2AAAAA1X"})
		save := func(tx *sqlstore.Tx, version int, head string) error {
			digest := sha256.Sum256([]byte(head))
			p := goumai.SupplierProfile{OrgID: org, Version: version, Head: goumai.Person{Name: head, IDDigest: hex.EncodeToString(digest[:])}}
			if err := tx.SaveSupplierProfile(ctx, goumai.System, p); err != nil {
				return err
			}
			_, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "supplier.profile", Table: "supplier_profiles", Key: org, Region: "330106"})
			return err
		}
		heads := make([]string, 4)
		read := func(i int) func(tx *sqlstore.Tx) error {
			return func(tx *sqlstore.Tx) error {
				ps, err := tx.SupplierProfiles(ctx, []int64{org})
				if err == nil {
					heads[i] = ps[0].Head.Name
				}
				return err
			}
		}
		rolledBack := goumai.Errorf(goumai.EInvalid, "撤回", "rolled back")
		if err := s.Update(ctx, func(tx *sqlstore.Tx) error { return save(tx, 1, "甲") }); err != nil {
			t.Fatal(err)
		}
		errs, _ := grouped(t, s,
			read(0),
			func(tx *sqlstore.Tx) error {
				if err := save(tx, 2, "乙"); err != nil {
					return err
				}
				if err := read(1)(tx); err != nil {
					return err
				}
				return rolledBack
			},
			read(2),
			func(tx *sqlstore.Tx) error { return save(tx, 2, "丙") },
			read(3),
		)
		want := []error{nil, rolledBack, nil, nil, nil}
		for i := range want {
			if !errors.Is(errs[i], want[i]) && !(want[i] == nil && errs[i] == nil) {
				t.Errorf("call %d: %v, want %v", i, errs[i], want[i])
			}
		}
		if want := []string{"甲", "乙", "甲", "丙"}; fmt.Sprint(heads) != fmt.Sprint(want) {
			t.Errorf("heads read %q, want %q", heads, want)
		}
	})
}

// TestGroupedBidsMemo: a grouped transaction reads a procedure's bids once
// and its own writes go through to what it remembers — a new bid in id order,
// a rewritten one's bytes — so every call reads what the database holds at
// that point of the transaction; a call rolled back to its savepoint takes
// its bids away, and the next call reads them again.
func TestGroupedBidsMemo(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		tag := func(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }
		proc, other := tag("procedure"), tag("other procedure")
		record := func(tx *sqlstore.Tx, id int64) error {
			_, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.SealedBidder, Action: "bid.save", Table: "bids", Key: id, Region: goumai.NationalCode})
			return err
		}
		ids := map[string]int64{}
		insert := func(tx *sqlstore.Tx, name, p string) error {
			id, err := tx.InsertBid(ctx, tag("slot "+name), p, tag("owner "+name), []byte(name+"1"))
			if err == nil {
				ids[name] = id
				err = record(tx, id)
			}
			return err
		}
		update := func(tx *sqlstore.Tx, name, sealed string) error {
			if err := tx.UpdateBid(ctx, ids[name], []byte(sealed)); err != nil {
				return err
			}
			return record(tx, ids[name])
		}
		reads := make([]string, 5)
		read := func(i int) func(tx *sqlstore.Tx) error {
			return func(tx *sqlstore.Tx) error {
				bs, err := tx.BidsTagged(ctx, proc)
				var out []string
				for _, b := range bs {
					out = append(out, string(b.Sealed))
				}
				reads[i] = fmt.Sprint(out)
				return err
			}
		}
		if err := s.Update(ctx, func(tx *sqlstore.Tx) error { return insert(tx, "a", proc) }); err != nil {
			t.Fatal(err)
		}
		rolledBack := goumai.Errorf(goumai.EInvalid, "撤回", "rolled back")
		errs, _ := grouped(t, s,
			read(0),
			func(tx *sqlstore.Tx) error {
				if err := insert(tx, "b", proc); err != nil {
					return err
				}
				if err := update(tx, "a", "a2"); err != nil {
					return err
				}
				return read(1)(tx)
			},
			func(tx *sqlstore.Tx) error {
				if err := insert(tx, "c", proc); err != nil {
					return err
				}
				if err := update(tx, "b", "b-rolled-back"); err != nil {
					return err
				}
				if err := read(2)(tx); err != nil {
					return err
				}
				return rolledBack
			},
			read(3),
			func(tx *sqlstore.Tx) error {
				if err := insert(tx, "d", other); err != nil {
					return err
				}
				if err := update(tx, "b", "b2"); err != nil {
					return err
				}
				return read(4)(tx)
			},
		)
		for i, want := range []error{nil, nil, rolledBack, nil, nil} {
			if !errors.Is(errs[i], want) && !(want == nil && errs[i] == nil) {
				t.Errorf("call %d: %v, want %v", i, errs[i], want)
			}
		}
		want := []string{"[a1]", "[a2 b1]", "[a2 b-rolled-back c1]", "[a2 b1]", "[a2 b2]"}
		if fmt.Sprint(reads) != fmt.Sprint(want) {
			t.Errorf("reads %q, want %q", reads, want)
		}
		// What the batch read last is what it committed.
		if err := s.Update(ctx, read(0)); err != nil || reads[0] != want[4] {
			t.Errorf("committed: %s (%v), want %s", reads[0], err, want[4])
		}
	})
}
