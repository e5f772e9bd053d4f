package sqlstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/goumai/goumai"
)

// lockOrder is the global order of row locks (the rule at the top of tx.go):
// a transaction locks rows of an earlier table before rows of a later one, and
// rows of one table by ascending key. The object a use case acts on comes
// before the money it moves; the log head, locked at commit, comes after all.
// A table a use case locks rows of must be listed here.
var lockOrder = []string{"catalog_versions", "projects", "procurements", "budget_transfers", "reform_functions", "budget_balances"}

// lockSet is what a transaction has locked: the last table (its rank in
// lockOrder) and the keys taken in it.
type lockSet struct {
	rank int // 1 + index in lockOrder of the last table locked; 0 before any
	keys []int64
}

// Lock locks rows of an audited table by key before the transaction changes
// them: on PostgreSQL with SELECT … FOR NO KEY UPDATE (the lock an UPDATE takes,
// so foreign-key checks of other writers are not blocked), in ascending key
// order; on SQLite the single writer already holds the database, and only the
// order is checked. Rows already locked by the transaction are skipped; a
// missing row is not an error (the read that follows reports it). Locking out
// of the global order is a programming error and is refused.
func (tx *Tx) Lock(ctx context.Context, table string, keys ...int64) error {
	rank := slices.Index(lockOrder, table) + 1
	t, audited := tableByName(table)
	if rank == 0 || !audited {
		return fmt.Errorf("lock %s: the table is not in sqlstore's lockOrder", table)
	}
	keys = slices.Clone(keys)
	slices.Sort(keys)
	keys = slices.Compact(keys)
	if rank == tx.locks.rank {
		keys = slices.DeleteFunc(keys, func(k int64) bool { _, held := slices.BinarySearch(tx.locks.keys, k); return held })
	}
	if len(keys) == 0 {
		return nil
	}
	switch {
	case rank < tx.locks.rank:
		return fmt.Errorf("lock %s %v after %s: rows must be locked by table in lockOrder, then by ascending key", table, keys, lockOrder[tx.locks.rank-1])
	case rank == tx.locks.rank && keys[0] < tx.locks.keys[len(tx.locks.keys)-1]:
		return fmt.Errorf("lock %s %v after %s %d: rows must be locked by ascending key", table, keys, table, tx.locks.keys[len(tx.locks.keys)-1])
	case rank > tx.locks.rank:
		tx.locks = lockSet{rank: rank}
	}
	if tx.s.dialect == Postgres {
		ph := make([]string, len(keys))
		args := make([]any, len(keys))
		for i, k := range keys {
			ph[i], args[i] = "$"+strconv.Itoa(i+1), k
		}
		// LockRows runs above the sort: the rows are locked in key order.
		q := `SELECT ` + t.key + ` FROM ` + t.name + ` WHERE ` + t.key + ` IN (` + joinComma(ph) + `) ORDER BY ` + t.key + ` FOR NO KEY UPDATE`
		if _, err := tx.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("lock %s %v: %w", table, keys, err)
		}
	}
	tx.locks.keys = append(tx.locks.keys, keys...)
	return nil
}

// retryPolicy bounds Update's re-runs of a transaction that failed for
// contention: at most attempts runs, waiting a random time up to
// base·2^(n−1) (capped at max) before run n+1 ("full jitter", so that the
// transactions that collided do not collide again in step).
type retryPolicy struct {
	attempts  int
	base, max time.Duration
}

var defaultRetry = retryPolicy{attempts: 6, base: 5 * time.Millisecond, max: 200 * time.Millisecond}

// wait sleeps before the next attempt; false if ctx ended first.
func (p retryPolicy) wait(ctx context.Context, attempt int) bool {
	if ctx.Err() != nil {
		return false // checked first: a select with both cases ready picks one at random
	}
	d := min(p.max, p.base<<min(attempt-1, 16))
	if d > 0 {
		d = rand.N(d) + 1
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return ctx.Err() == nil
	}
}

// busy is the error of a transaction given up for contention: nothing changed.
func busy(err error) error {
	return &goumai.Error{Code: goumai.EBusy, Err: err, Message: goumai.M(
		"系统繁忙：其他操作正在修改相同的数据，本次操作未生效，请稍后重试",
		"the system is busy: other changes to the same data are in progress; nothing was changed, please try again")}
}
