package sqlstore

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/goumai/goumai"
)

// Group commit. A burst of small transactions on the same rows — the bids of
// one procedure at its deadline — spends most of its time beginning and
// committing: on PostgreSQL each commit waits for the WAL's flush while it
// holds the log head (every transaction appends to the log at commit), so the
// burst runs one commit at a time; on SQLite each commit writes its pages and
// the log's. UpdateGrouped lets the calls of one group made while an earlier
// batch of the group runs share one transaction:
//
//   - each call is all or nothing: an error rolls back its writes, its events
//     and its BeforeCommit checks alone, and is its own result; the others go
//     on (each call in its own SAVEPOINT — taken only once a call of the batch
//     has failed, see updateBatch);
//   - the log append of the batch is one, at its commit, and the BeforeCommit
//     checks of every call that succeeded run then, with the clock read at that
//     moment;
//   - when the batch as a whole fails — a check refuses at commit, contention
//     (a deadlock, a serialization failure, a busy SQLite), the transaction
//     breaks — nothing of it is kept and every call runs again alone through
//     Update, where it is judged at its own commit exactly as without grouping.
//     Calls must be safe to re-run, as Update's are.
//
// So each call's result is the one it would have had alone, run in some
// serial order, except that the calls of a batch share the transaction's time
// (Tx.Now) and commit together. The calls of one group must take the same
// locks in the same order (lockOrder), as those of one procedure's bids do.
//
// A batch is at most groupMax calls; while it runs, new calls queue for the
// next one, whose first call then leads it. A call that finds its group idle
// leads a batch of one, which is exactly Update.

// groupMax bounds a batch: beyond it a batch's latency grows without gain.
const groupMax = 32

// commitGroups holds the groups that have a running batch.
type commitGroups struct {
	mu sync.Mutex
	m  map[string]*commitGroup
}

// commitGroup is a group with a running batch and the calls queued behind it.
type commitGroup struct {
	queue []*groupCall
}

// groupCall is one call of UpdateGrouped.
type groupCall struct {
	ctx   context.Context
	fn    func(tx *Tx) error
	err   error
	alone bool          // the batch failed: run again through Update
	done  chan struct{} // closed when err (or alone) is set
	lead  chan struct{} // closed when this call is to lead the next batch
}

// UpdateGrouped runs fn like Update, in a transaction it may share with other
// calls of the same group (see the rule above). fn must be safe to re-run.
func (s *Store) UpdateGrouped(ctx context.Context, group string, fn func(tx *Tx) error) error {
	c := &groupCall{ctx: ctx, fn: fn, done: make(chan struct{}), lead: make(chan struct{})}
	s.groups.mu.Lock()
	g, running := s.groups.m[group]
	if !running {
		if s.groups.m == nil {
			s.groups.m = map[string]*commitGroup{}
		}
		g = &commitGroup{}
		s.groups.m[group] = g
	}
	g.queue = append(g.queue, c)
	s.groups.mu.Unlock()
	if running {
		select {
		case <-c.done:
		case <-c.lead:
			s.leadGroup(group, g)
		}
	} else {
		s.leadGroup(group, g)
	}
	<-c.done
	if c.alone {
		return s.Update(ctx, fn)
	}
	return c.err
}

// leadGroup takes the calls queued in g as a batch and runs it, then hands
// the group to the first call queued meanwhile, or closes it.
func (s *Store) leadGroup(group string, g *commitGroup) {
	s.groups.mu.Lock()
	n := min(len(g.queue), groupMax)
	batch := slices.Clone(g.queue[:n])
	g.queue = slices.Delete(g.queue, 0, n)
	s.groups.mu.Unlock()

	s.runBatch(batch)

	s.groups.mu.Lock()
	defer s.groups.mu.Unlock()
	if len(g.queue) == 0 {
		delete(s.groups.m, group)
		return
	}
	close(g.queue[0].lead)
}

// runBatch runs a batch and sets each call's result.
func (s *Store) runBatch(batch []*groupCall) {
	defer func() {
		for _, c := range batch {
			close(c.done)
		}
	}()
	if len(batch) == 1 {
		batch[0].err = s.Update(batch[0].ctx, batch[0].fn)
		return
	}
	if !s.updateBatch(batch) {
		for _, c := range batch {
			c.err, c.alone = nil, true
		}
	}
}

// savepoint is the name of a grouped call's savepoint (one at a time).
const savepoint = "grouped_call"

// updateBatch runs a batch in one transaction; false when the batch as a
// whole failed and its calls must run alone.
//
// A savepoint is there only to undo a call that fails: a call that succeeds
// is released into the transaction as if it had none. So the batch first
// runs without savepoints (one statement fewer per call: a round trip on
// PostgreSQL, two prepared statements in SQLite's one writer); at the first
// call that fails, that transaction is rolled back whole — nothing of it was
// committed or seen — and the batch runs again from its first call with a
// savepoint around each, exactly as it would have from the start. Calls are
// safe to re-run (UpdateGrouped), and those before the failing one may run
// twice.
func (s *Store) updateBatch(batch []*groupCall) bool {
	kept, again := s.batchAttempt(batch, false)
	if !again {
		return kept
	}
	for _, c := range batch {
		c.err = nil
	}
	kept, _ = s.batchAttempt(batch, true)
	return kept
}

// batchAttempt is one attempt at a batch in one transaction, with a
// savepoint around each call or, optimistically, none: then again reports
// that a call failed and nothing was kept.
func (s *Store) batchAttempt(batch []*groupCall, savepoints bool) (kept, again bool) {
	// The batch outlives its leader's request: its statements do not take
	// the leader's cancellation (each call's own run with its own context).
	ctx := context.WithoutCancel(batch[0].ctx)
	tx, err := s.begin(ctx)
	if err != nil {
		return false, false
	}
	defer tx.end(ctx)
	tx.grouped = true
	ok := 0
	if savepoints && tx.savepoint(ctx, "SAVEPOINT "+savepoint) != nil {
		return false, false
	}
	for i, c := range batch {
		if err := c.ctx.Err(); err != nil {
			c.err = err
			continue
		}
		var m txMark
		if savepoints {
			m = tx.mark()
		}
		c.err = c.fn(tx)
		switch {
		case c.err != nil && contentionOf(c.err) != noContention:
			return false, false
		case c.err != nil && !savepoints:
			return false, true // rolled back whole by end
		case c.err != nil: // the savepoint stays, for the next call
			if tx.savepoint(ctx, "ROLLBACK TO SAVEPOINT "+savepoint) != nil {
				return false, false
			}
			tx.restore(m)
		default:
			ok++
			if savepoints && i < len(batch)-1 && tx.savepoint(ctx, "RELEASE SAVEPOINT "+savepoint, "SAVEPOINT "+savepoint) != nil {
				return false, false
			}
		}
	}
	if ok == 0 {
		return true, false // every call failed on its own: nothing to commit
	}
	if err := tx.flush(ctx); err != nil {
		return false, false
	}
	if err := tx.runChecks(); err != nil {
		return false, false // judged again, each at its own commit
	}
	if err := tx.commit(); err != nil {
		if contentionOf(err) != noContention || !savepoints {
			return false, false
		}
		for _, c := range batch {
			if c.err == nil {
				c.err = err
			}
		}
	}
	return true, false
}

// savepoint runs savepoint statements: on PostgreSQL in one round trip (a
// statement without arguments goes by the simple protocol, which takes
// several), on SQLite one by one, prepared.
func (tx *Tx) savepoint(ctx context.Context, stmts ...string) error {
	if tx.s.dialect == Postgres {
		_, err := tx.tx.ExecContext(ctx, strings.Join(stmts, "; "))
		return err
	}
	for _, q := range stmts {
		if _, err := tx.exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// txMark is what a grouped call may add to its transaction's own state, as it
// was at the call's savepoint.
type txMark struct {
	states    map[string]rowChange
	events    []goumai.Event
	written   map[int64]tlog.Hash
	locks     lockSet
	headAfter int64
	checks    int
}

func (tx *Tx) mark() txMark {
	return txMark{states: maps.Clone(tx.states), events: slices.Clone(tx.events), written: maps.Clone(tx.written),
		locks: lockSet{rank: tx.locks.rank, keys: slices.Clone(tx.locks.keys)}, headAfter: tx.headAfter, checks: len(tx.checks)}
}

// restore undoes a call rolled back to its savepoint. Should the call have
// flushed the log (Checkpoint does), the events it appended — the earlier
// calls' too — were rolled back with the savepoint and are pending again.
func (tx *Tx) restore(m txMark) {
	tx.states, tx.events, tx.written, tx.locks, tx.headAfter = m.states, m.events, m.written, m.locks, m.headAfter
	tx.checks = tx.checks[:m.checks]
	tx.memo.bids = nil // written through: they may hold the call's rows
}
