package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/translog"
)

// Tx is one write transaction: the unit of every use case. It carries the time
// of the action from the injected clock.
type Tx struct {
	s   *Store
	tx  *sql.Tx
	now time.Time
}

// Now is the time of the transaction's action.
func (tx *Tx) Now() time.Time { return tx.now }

// Regions returns the administrative divisions.
func (tx *Tx) Regions() *goumai.Regions { return tx.s.regions }

// Update runs fn in one write transaction and commits it if fn returns nil.
// Everything fn writes — rows, events, log leaves — commits together or not at all.
func (s *Store) Update(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer sqlTx.Rollback()
	tx := &Tx{s: s, tx: sqlTx, now: s.clock.Now().UTC().Truncate(time.Microsecond)}
	if err := fn(tx); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Change describes a change to record: the use case has already written the row;
// Record reads its new state back and logs it.
type Change struct {
	Actor  goumai.Actor
	Action string // e.g. "org.create"
	Table  string // an audited table
	Key    any    // the row's primary-key value
	Region string // the region the object belongs to, for scoping
	Public bool   // whether the event (and the object's state) is public
}

// Record writes the event for a change, with the row's current state (null if the
// row was deleted), and appends it to the transparency log. Secret tables are
// always private and record only a digest.
func (tx *Tx) Record(ctx context.Context, c Change) (goumai.Event, error) {
	t, ok := tableByName(c.Table)
	if !ok {
		return goumai.Event{}, fmt.Errorf("record %s: table is not audited", c.Table)
	}
	state, err := rowState(ctx, tx.tx, t, c.Key)
	if err != nil {
		return goumai.Event{}, err
	}
	if state == nil {
		state = []byte("null")
	}
	e := goumai.Event{
		At: tx.now, ActorUserID: c.Actor.UserID, Actor: c.Actor.Username, OrgID: c.Actor.Org.ID,
		Region: c.Region, Action: c.Action, ObjectType: t.name, ObjectID: fmt.Sprint(c.Key),
		Public: c.Public && !t.secret, State: json.RawMessage(state),
	}
	if err := tx.appendEvent(ctx, &e); err != nil {
		return goumai.Event{}, fmt.Errorf("record %s %s: %w", c.Action, e.ObjectID, err)
	}
	return e, nil
}

// appendEvent assigns the next leaf index, stores the event and the tree's new
// stored hashes. The UPDATE of log_head takes its row lock, so concurrent
// transactions on PostgreSQL append one after the other without gaps.
func (tx *Tx) appendEvent(ctx context.Context, e *goumai.Event) error {
	if err := tx.tx.QueryRowContext(ctx, `UPDATE log_head SET size = size + 1 WHERE id = 1 RETURNING size - 1`).Scan(&e.ID); err != nil {
		return fmt.Errorf("advance log head: %w", err)
	}
	var actorID, orgID any
	if e.ActorUserID != 0 {
		actorID = e.ActorUserID
	}
	if e.OrgID != 0 {
		orgID = e.OrgID
	}
	if _, err := tx.tx.ExecContext(ctx, `INSERT INTO events (id, at, actor_user_id, actor, org_id, region, action, object_type, object_id, public, state)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		e.ID, formatTime(e.At), actorID, e.Actor, orgID, e.Region, e.Action, e.ObjectType, e.ObjectID, e.Public, string(e.State)); err != nil {
		return fmt.Errorf("insert event: %w", err)
	}
	hashes, err := translog.StoredHashesForLeaf(e.ID, e.LeafData(), hashReader{ctx: ctx, q: tx.tx})
	if err != nil {
		return fmt.Errorf("tree hashes: %w", err)
	}
	return insertHashes(ctx, tx.tx, tlog.StoredHashIndex(0, e.ID), hashes)
}

func insertHashes(ctx context.Context, q querier, first int64, hashes []tlog.Hash) error {
	var sb strings.Builder
	sb.WriteString("INSERT INTO log_hashes (idx, hash) VALUES ")
	args := make([]any, 0, 2*len(hashes))
	for i, h := range hashes {
		if i > 0 {
			sb.WriteString(", ")
		}
		n := len(args)
		sb.WriteString("($" + strconv.Itoa(n+1) + ", $" + strconv.Itoa(n+2) + ")")
		args = append(args, first+int64(i), h[:])
	}
	if _, err := q.ExecContext(ctx, sb.String(), args...); err != nil {
		return fmt.Errorf("insert tree hashes: %w", err)
	}
	return nil
}

// hashReader reads stored tree hashes, in the caller's transaction if any.
type hashReader struct {
	ctx context.Context
	q   querier
}

func (r hashReader) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	if len(indexes) == 0 {
		return nil, nil
	}
	var sb strings.Builder
	sb.WriteString("SELECT idx, hash FROM log_hashes WHERE idx IN (")
	args := make([]any, len(indexes))
	for i, x := range indexes {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("$" + strconv.Itoa(i+1))
		args[i] = x
	}
	sb.WriteString(")")
	rows, err := r.q.QueryContext(r.ctx, sb.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("read tree hashes: %w", err)
	}
	defer rows.Close()
	found := make(map[int64]tlog.Hash, len(indexes))
	for rows.Next() {
		var idx int64
		var b []byte
		if err := rows.Scan(&idx, &b); err != nil {
			return nil, err
		}
		if len(b) != tlog.HashSize {
			return nil, fmt.Errorf("tree hash %d has %d bytes", idx, len(b))
		}
		var h tlog.Hash
		copy(h[:], b)
		found[idx] = h
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		h, ok := found[x]
		if !ok {
			return nil, fmt.Errorf("tree hash %d is missing", x)
		}
		out[i] = h
	}
	return out, nil
}
