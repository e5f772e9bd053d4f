package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/translog"
)

// Concurrency rule (STYLE habit 18). A transaction that changes several existing
// rows locks them before it changes any, in one global order: by table in the
// order of lockOrder, then by ascending key (Tx.Lock, which refuses any other
// order). Every transaction that records events locks the log head last, at
// commit (flush). Two transactions therefore never wait for each other in a
// cycle. On PostgreSQL a transaction may still fail for contention — a deadlock
// through a path the rule does not cover (40P01), or a serialization failure
// (40001) — and Update then re-runs it a bounded number of times with jittered
// back-off. When the attempts are used up, or SQLite's single writer stays busy
// past its busy timeout, Update returns goumai.EBusy: a user never sees an
// internal error for contention.
//
// Because Update may run fn more than once, fn must be safe to re-run: it may
// assign variables it captured, never append to them or act outside the
// transaction. Each attempt gets a fresh Tx, so the events recorded, the states
// kept for Record, the tree hashes written and the speculative log append start
// again from nothing; the log head and hash cache move only after a commit.

// Tx is one write transaction: the unit of every use case. It carries the time
// of the action from the injected clock.
type Tx struct {
	s       *Store
	tx      *sql.Tx
	now     time.Time
	states  map[string]rowChange // object states returned by this transaction's writes
	events  []goumai.Event       // recorded, appended to the log by flush
	written map[int64]tlog.Hash  // tree hashes appended, for the cache once committed
	locks   lockSet              // rows locked so far, in lockOrder

	unprepared map[string]bool             // statements to prepare once the writer is free (SQLite)
	headAfter  int64                       // the log size after this transaction's append, once committed
	checks     []func(now time.Time) error // BeforeCommit's checks
	memo       txMemo                      // reads remembered for the transaction (txmemo.go)
	grouped    bool                        // the transaction of a batch of UpdateGrouped
	outboxed   bool                        // wrote federation outbox rows: the drainer is woken at commit
}

// Now is the time of the transaction's action.
func (tx *Tx) Now() time.Time { return tx.now }

// Regions returns the administrative divisions.
func (tx *Tx) Regions() *goumai.Regions { return tx.s.regions }

// Update runs fn in one write transaction and commits it if fn returns nil.
// Everything fn writes — rows, events, log leaves — commits together or not at
// all. A transaction that fails for contention is re-run (see the rule above);
// fn must be safe to re-run.
func (s *Store) Update(ctx context.Context, fn func(tx *Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := s.update(ctx, fn)
		switch contentionOf(err) {
		case noContention:
			return err
		case retryable:
			if attempt < s.retry.attempts && s.retry.wait(ctx, attempt) {
				continue
			}
		}
		return busy(err)
	}
}

// update is one attempt of Update.
func (s *Store) update(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.end(ctx)
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.flush(ctx); err != nil {
		return err
	}
	if err := tx.runChecks(); err != nil {
		return err
	}
	return tx.commit()
}

// begin starts a write transaction; end must follow.
func (s *Store) begin(ctx context.Context) (*Tx, error) {
	sqlTx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	return &Tx{s: s, tx: sqlTx, now: s.clock.Now().UTC().Truncate(time.Microsecond), states: map[string]rowChange{}, written: map[int64]tlog.Hash{}}, nil
}

// end rolls the transaction back unless it committed, and prepares its new
// statements once the writer is free.
func (tx *Tx) end(ctx context.Context) {
	tx.tx.Rollback() // a no-op after Commit
	tx.s.prepareLater(ctx, tx.unprepared)
}

// commit commits the flushed and checked transaction and keeps its tree hashes
// and log head.
func (tx *Tx) commit() error {
	if err := tx.tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	tx.s.hashes.commit(tx.written)
	if tx.headAfter > 0 {
		tx.s.advanceHead(tx.headAfter)
	}
	if tx.outboxed {
		tx.s.wakeOutbox()
	}
	return nil
}

// Change describes a change to record: the use case has already written the row;
// Record takes its new state and logs it.
type Change struct {
	Actor  goumai.Actor
	Action string // e.g. "org.create"
	Table  string // an audited table
	Key    any    // the row's primary-key value
	Region string // the region the object belongs to, for scoping
	Public bool   // whether the event (and the object's state) is public
}

func stateKey(table string, key any) string { return table + "\x00" + fmt.Sprint(key) }

// rowChange is a row's state as a write returned it (nil once deleted), and
// whether the write created the row.
type rowChange struct {
	state   []byte
	created bool
}

// keep remembers the state a write returned, for Record. A row created earlier
// in the transaction and not yet recorded stays a creation when written again.
func (tx *Tx) keep(table, key string, state []byte, created bool) {
	k := stateKey(table, key)
	tx.states[k] = rowChange{state: state, created: created || tx.states[k].created}
}

// Record records the event for a change with the row's current state (null if
// the row was deleted); the event is marked as the object's creation when the
// transaction inserted the row (writeRow with a plain INSERT). The events of a transaction are appended to the
// transparency log when it commits; the returned event's ID is assigned then.
// Secret tables are always private and record only a digest.
func (tx *Tx) Record(ctx context.Context, c Change) (goumai.Event, error) {
	t, ok := tableByName(c.Table)
	if !ok {
		return goumai.Event{}, fmt.Errorf("record %s: table is not audited", c.Table)
	}
	if !goumai.KnownEventAction(c.Action) {
		return goumai.Event{}, fmt.Errorf("record %s on %s: the action is not in goumai.EventActions", c.Action, c.Table)
	}
	k := stateKey(t.name, c.Key)
	ch, cached := tx.states[k]
	state := ch.state
	if !cached {
		var err error
		if state, err = rowState(ctx, tx.tx, t, c.Key); err != nil {
			return goumai.Event{}, err
		}
	}
	delete(tx.states, k)
	if state == nil {
		state = []byte("null")
	}
	e := goumai.Event{
		ID: -1, At: tx.now, ActorUserID: c.Actor.UserID, Actor: c.Actor.Username, OrgID: c.Actor.Org.ID,
		Region: c.Region, Action: c.Action, ObjectType: t.name, ObjectID: fmt.Sprint(c.Key),
		Public: c.Public && !t.secret, Created: ch.created && state != nil, State: json.RawMessage(state),
	}
	tx.events = append(tx.events, e)
	return e, nil
}

// writeRow runs an INSERT or UPDATE on an audited table with "RETURNING" the
// table's state columns appended, and keeps the new state for Record. A plain
// INSERT creates the object; an upsert (ON CONFLICT) may update one, so it is
// not marked as a creation. It returns the row's key, or ENotFound when no row
// was written.
func (tx *Tx) writeRow(ctx context.Context, table, query string, args ...any) (string, error) {
	t, ok := tableByName(table)
	if !ok {
		return "", fmt.Errorf("write %s: table is not audited", table)
	}
	key, state, err := t.scanState(tx.queryRow(ctx, query+" RETURNING "+t.selectList(), args...))
	if errors.Is(err, sql.ErrNoRows) {
		return "", goumai.ErrNotFound("记录", "record")
	}
	if err != nil {
		return "", err
	}
	tx.keep(table, key, state, createsRow(query))
	return key, nil
}

// deleteRow deletes a row of an audited table by key; Record then logs its deletion.
func (tx *Tx) deleteRow(ctx context.Context, table string, key any) error {
	t, ok := tableByName(table)
	if !ok {
		return fmt.Errorf("delete %s: table is not audited", table)
	}
	res, err := tx.tx.ExecContext(ctx, "DELETE FROM "+t.name+" WHERE "+t.key+" = $1", key)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return goumai.ErrNotFound("记录", "record")
	}
	tx.keep(table, fmt.Sprint(key), nil, false)
	return nil
}

// createsRow reports whether query is a plain INSERT, which only ever creates rows.
func createsRow(query string) bool {
	q := strings.ToUpper(strings.TrimSpace(query))
	return strings.HasPrefix(q, "INSERT") && !strings.Contains(q, "ON CONFLICT")
}

// flush appends the events recorded so far to the log, so that the transaction
// can read the tree they complete (Checkpoint signs it); Update flushes the rest
// before it commits.
func (tx *Tx) flush(ctx context.Context) error {
	written, err := tx.flushLog(ctx)
	if err != nil {
		return err
	}
	for k, h := range written {
		tx.written[k] = h
	}
	for _, h := range appendHooks {
		if err := h(ctx, tx, tx.events); err != nil {
			return err
		}
	}
	tx.events = nil
	tx.memo = txMemo{}
	return nil
}

// appendHooks run in flush, right after the transaction's events are
// appended to the log (their IDs, the leaf indices, are known): each derives
// from the new events what must commit with them — the OCDS releases
// (ocds.go), the search index (search.go). An error aborts the transaction.
// Hooks are registered by init functions.
var appendHooks []func(ctx context.Context, tx *Tx, events []goumai.Event) error

// flushLog appends the transaction's events to the log: it numbers them from the
// log's head, computes the tree hashes each leaf completes, and inserts the
// events with their hashes. It returns the hashes written, for the cache once
// committed.
//
// The head is the one this process last wrote, so the common case costs one
// statement: on SQLite a trigger refuses an event not at the head and advances
// it; on PostgreSQL one statement advances log_head only if it is still at the
// expected size (its row lock orders concurrent writers) and inserts the events.
// When another writer moved the head, the head is read again and the append redone.
func (tx *Tx) flushLog(ctx context.Context) (map[int64]tlog.Hash, error) {
	if len(tx.events) == 0 {
		return nil, nil
	}
	k := int64(len(tx.events))
	if head := tx.s.head.Load(); head >= 0 {
		written, ok, err := tx.appendAt(ctx, head, true)
		if err != nil {
			return nil, err
		}
		if ok {
			tx.headAfter = head + k
			return written, nil
		}
	}
	head, err := tx.readHead(ctx)
	if err != nil {
		return nil, err
	}
	written, ok, err := tx.appendAt(ctx, head, false)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("append to log at %d: the head moved", head)
	}
	tx.headAfter = head + k
	return written, nil
}

// readHead reads the log's size; on PostgreSQL it takes the head's row lock so
// that no other writer moves it before this transaction ends (SQLite's single
// writer holds the database's write lock from BEGIN).
func (tx *Tx) readHead(ctx context.Context) (int64, error) {
	q := `SELECT size FROM log_head WHERE id = 1`
	if tx.s.dialect == Postgres {
		q += ` FOR UPDATE`
	}
	var head int64
	if err := tx.tx.QueryRowContext(ctx, q).Scan(&head); err != nil {
		return 0, fmt.Errorf("read log head: %w", err)
	}
	return head, nil
}

// advanceHead remembers the log size after a committed append. It only moves
// forward: commits of concurrent transactions may report out of order.
func (s *Store) advanceHead(size int64) {
	for {
		old := s.head.Load()
		if size <= old || s.head.CompareAndSwap(old, size) {
			return
		}
	}
}

// appendAt numbers the events from head, computes their hashes and inserts them,
// reporting false (with nothing written) when the log's head is not at head. A
// speculative head (the one this process last committed) may be behind another
// writer's uncommitted append; a tree hash it cannot read then also means false.
func (tx *Tx) appendAt(ctx context.Context, head int64, speculative bool) (map[int64]tlog.Hash, bool, error) {
	written := map[int64]tlog.Hash{}
	r := txHashReader{ctx: ctx, tx: tx, pending: written}
	args := make([]any, 0, len(eventCasts)*len(tx.events))
	for i := range tx.events {
		e := &tx.events[i]
		e.ID = head + int64(i)
		hs, err := translog.StoredHashesForLeaf(e.ID, e.LeafData(), r)
		if err != nil && speculative && ctx.Err() == nil {
			return nil, false, nil // nothing written yet: retry under the head's lock
		}
		if err != nil {
			return nil, false, fmt.Errorf("tree hashes for event %d: %w", e.ID, err)
		}
		base := tlog.StoredHashIndex(0, e.ID)
		blob := make([]byte, 0, len(hs)*tlog.HashSize)
		for j, h := range hs {
			written[base+int64(j)] = h
			blob = append(blob, h[:]...)
		}
		var actorID, orgID any
		if e.ActorUserID != 0 {
			actorID = e.ActorUserID
		}
		if e.OrgID != 0 {
			orgID = e.OrgID
		}
		args = append(args, e.ID, formatTime(e.At), actorID, e.Actor, orgID, e.Region, e.Action, e.ObjectType, e.ObjectID, e.Public, e.Created, string(e.State), blob)
	}
	if tx.s.dialect == Postgres {
		ok, err := tx.appendPostgres(ctx, head, args)
		return written, ok, err
	}
	w := len(eventCasts)
	for len(args) > 0 {
		n := min(len(args), w*sqliteEventRows)
		if err := tx.insertValues(ctx, insertEventsSQL, w, args[:n]); err != nil {
			if isTriggerAbort(err) && len(args) == len(tx.events)*w {
				return nil, false, nil // another writer moved the head; nothing was written
			}
			return nil, false, fmt.Errorf("insert events: %w", err)
		}
		args = args[n:]
	}
	return written, true, nil
}

// sqliteEventRows is the most events one INSERT takes on SQLite. The
// driver (modernc) looks each placeholder up by name in a list as long as the
// statement's, so binding costs the square of its placeholders: a batch of
// bids' 30 events in one statement of 390 took longer to bind than to insert.
// Eight rows (104 placeholders) bind in a few microseconds, and the eight
// statement shapes (1 to 8 rows) are prepared once and reused.
const sqliteEventRows = 8

const insertEventsSQL = `INSERT INTO events (id, at, actor_user_id, actor, org_id, region, action, object_type, object_id, public, created, state, hashes) VALUES `

var eventCasts = []string{"bigint", "text", "bigint", "text", "bigint", "text", "text", "text", "text", "boolean", "boolean", "text", "bytea"}

// appendPostgres inserts the events in one statement if log_head is still at head.
func (tx *Tx) appendPostgres(ctx context.Context, head int64, values []any) (bool, error) {
	for start := 0; start < len(values); {
		n := min(len(values)-start, len(eventCasts)*500)
		rows := int64(n / len(eventCasts))
		args := []any{rows, head}
		var sb strings.Builder
		sb.WriteString(`WITH h AS (UPDATE log_head SET size = size + $1 WHERE id = 1 AND size = $2 RETURNING size),
			e AS (INSERT INTO events (id, at, actor_user_id, actor, org_id, region, action, object_type, object_id, public, created, state, hashes)
			  SELECT * FROM (VALUES `)
		args = appendGroups(&sb, args, values[start:start+n], eventCasts)
		sb.WriteString(`) v WHERE EXISTS (SELECT 1 FROM h))
			SELECT count(*) FROM h`)
		var got int
		if err := tx.tx.QueryRowContext(ctx, sb.String(), args...).Scan(&got); err != nil {
			return false, fmt.Errorf("append to log: %w", err)
		}
		if got != 1 {
			if start > 0 {
				return false, fmt.Errorf("append to log: the head moved during a batch")
			}
			return false, nil
		}
		head += rows
		start += n
	}
	return true, nil
}

// appendGroups writes "($n::type, …), …" for rows of len(casts) values.
func appendGroups(sb *strings.Builder, args, values []any, casts []string) []any {
	for i := 0; i < len(values); i += len(casts) {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteByte('(')
		for j, c := range casts {
			if j > 0 {
				sb.WriteString(", ")
			}
			args = append(args, values[i+j])
			sb.WriteString("$" + strconv.Itoa(len(args)) + "::" + c)
		}
		sb.WriteByte(')')
	}
	return args
}

// insertValues runs prefix followed by one "($1, …)" group per row of width args.
func (tx *Tx) insertValues(ctx context.Context, prefix string, width int, args []any) error {
	_, err := tx.exec(ctx, valuesSQL(prefix, width, len(args)/width), args...)
	return err
}

// valuesSQL is prefix followed by rows groups "($1, …)" of width placeholders.
func valuesSQL(prefix string, width, rows int) string {
	var sb strings.Builder
	sb.WriteString(prefix)
	for i := 0; i < rows*width; i += width {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteByte('(')
		for j := 0; j < width; j++ {
			if j > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("$" + strconv.Itoa(i+j+1))
		}
		sb.WriteByte(')')
	}
	return sb.String()
}

// hashCache keeps committed tree hashes: a stored hash never changes once
// committed, so the cache can only miss, never be wrong, even with other writers.
type hashCache struct {
	mu sync.Mutex
	m  map[int64]tlog.Hash
}

const hashCacheMax = 1 << 16

func (c *hashCache) get(idx int64) (tlog.Hash, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.m[idx]
	return h, ok
}

func (c *hashCache) commit(written map[int64]tlog.Hash) {
	if len(written) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m)+len(written) > hashCacheMax {
		c.m = make(map[int64]tlog.Hash, len(written)) // the frontier reloads with one query
	}
	for k, v := range written {
		c.m[k] = v
	}
}

// txHashReader reads hashes written earlier in this transaction, then committed
// ones from the cache, then the database.
type txHashReader struct {
	ctx     context.Context
	tx      *Tx
	pending map[int64]tlog.Hash
}

func (r txHashReader) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	var missing []int64
	var at []int
	for i, x := range indexes {
		if h, ok := r.pending[x]; ok {
			out[i] = h
		} else if h, ok := r.tx.s.hashes.get(x); ok {
			out[i] = h
		} else {
			missing = append(missing, x)
			at = append(at, i)
		}
	}
	if len(missing) > 0 {
		hs, err := hashReader{ctx: r.ctx, q: r.tx.tx}.ReadHashes(missing)
		if err != nil {
			return nil, err
		}
		for j, h := range hs {
			out[at[j]] = h
		}
	}
	return out, nil
}

// hashReader reads stored tree hashes, in the caller's transaction if any. The
// hash at stored index (level L, node k) was written with the leaf that
// completed that node, n = (k+1)·2^L − 1, at offset L of its hashes.
type hashReader struct {
	ctx context.Context
	q   querier
}

func (r hashReader) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	if len(indexes) == 0 {
		return nil, nil
	}
	type where struct {
		leaf int64
		off  int
	}
	at := make([]where, len(indexes))
	leaves := map[int64]bool{}
	var sb strings.Builder
	sb.WriteString("SELECT id, hashes FROM events WHERE id IN (")
	var args []any
	for i, x := range indexes {
		level, k := tlog.SplitStoredHashIndex(x)
		n := (k+1)<<level - 1
		at[i] = where{n, level}
		if !leaves[n] {
			leaves[n] = true
			if len(args) > 0 {
				sb.WriteString(", ")
			}
			args = append(args, n)
			sb.WriteString("$" + strconv.Itoa(len(args)))
		}
	}
	sb.WriteString(")")
	rows, err := r.q.QueryContext(r.ctx, sb.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("read tree hashes: %w", err)
	}
	defer rows.Close()
	found := make(map[int64][]byte, len(leaves))
	for rows.Next() {
		var id int64
		var b []byte
		if err := rows.Scan(&id, &b); err != nil {
			return nil, err
		}
		found[id] = b
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]tlog.Hash, len(indexes))
	for i, w := range at {
		b := found[w.leaf]
		if len(b) < (w.off+1)*tlog.HashSize {
			return nil, fmt.Errorf("tree hash %d (event %d, level %d) is missing", indexes[i], w.leaf, w.off)
		}
		copy(out[i][:], b[w.off*tlog.HashSize:])
	}
	return out, nil
}
