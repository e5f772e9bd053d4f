package sqlstore

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/translog"
)

// VerifyReport is the result of Verify. Problems is empty when the database is
// consistent with its log.
type VerifyReport struct {
	Events      int64
	Checkpoints int
	Unsigned    int64 // events after the latest checkpoint
	Objects     int
	Problems    []string
}

// OK reports whether verification found nothing wrong.
func (r VerifyReport) OK() bool { return len(r.Problems) == 0 }

// Verify rebuilds the Merkle tree from the events, checks every stored hash and
// every signed checkpoint, checks that each object's history names one object
// (created once, nothing after its deletion: ids are never reused), and checks
// that the current state of every row of every audited table equals the state
// recorded by its latest event. Any row inserted, updated or deleted behind
// goumai's back, or any unknown table, is a problem. A whole database restored
// to an earlier copy is consistent with itself: CheckCheckpoint catches that.
// progress, if not nil, is called with the number of events processed.
func (s *Store) Verify(ctx context.Context, progress func(done, total int64)) (VerifyReport, error) {
	var rep VerifyReport
	problem := func(format string, args ...any) { rep.Problems = append(rep.Problems, fmt.Sprintf(format, args...)) }

	var origin, vkey string
	if err := s.r.QueryRowContext(ctx, `SELECT origin, vkey FROM log_key WHERE id = 1`).Scan(&origin, &vkey); err != nil {
		return rep, fmt.Errorf("read log key: %w", err)
	}
	var head int64
	if err := s.r.QueryRowContext(ctx, `SELECT size FROM log_head WHERE id = 1`).Scan(&head); err != nil {
		return rep, fmt.Errorf("read log head: %w", err)
	}

	// 1. Rebuild the tree from the events, following each object's history;
	// 2. the hashes stored with each event must be exactly the rebuilt ones.
	hashes := memHashes{}
	treeBroken := false
	objects := map[string]map[string]*history{} // table → object id → history
	rows, err := s.r.QueryContext(ctx, `SELECT `+eventCols+`, hashes FROM events ORDER BY id`)
	if err != nil {
		return rep, err
	}
	for rows.Next() {
		var stored []byte
		e, err := scanEvent(rows, &stored)
		if err != nil {
			rows.Close()
			return rep, fmt.Errorf("event %d: %w", rep.Events, err)
		}
		if e.ID != rep.Events {
			problem("events: expected event %d, found %d (events deleted or inserted behind goumai's back)", rep.Events, e.ID)
			rows.Close()
			return rep, nil
		}
		hs, err := translog.StoredHashesForLeaf(e.ID, e.LeafData(), hashes)
		if err != nil {
			rows.Close()
			return rep, err
		}
		// The first stored hash is the leaf's own: a mismatch means this event was
		// changed. The others are interior nodes, which also differ after any
		// earlier change, so only the first such difference is reported.
		var want []byte
		for _, h := range hs {
			want = append(want, h[:]...)
		}
		switch {
		case len(stored) < len(want) || !bytes.Equal(stored[:tlog.HashSize], want[:tlog.HashSize]):
			problem("events: event %d does not match its leaf hash (the event was changed behind goumai's back)", e.ID)
		case !bytes.Equal(stored, want) && !treeBroken:
			problem("events: the tree hashes stored with event %d differ from the rebuilt tree", e.ID)
			treeBroken = true
		}
		hashes = append(hashes, hs...)
		if objects[e.ObjectType] == nil {
			objects[e.ObjectType] = map[string]*history{}
		}
		h := objects[e.ObjectType][e.ObjectID]
		if h == nil {
			h = &history{created: e.ID}
			objects[e.ObjectType][e.ObjectID] = h
		} else {
			h.follow(e, problem)
		}
		h.state, h.latest = e.State, e.ID
		rep.Events++
		if progress != nil && rep.Events%4096 == 0 {
			progress(rep.Events, head)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return rep, err
	}
	if progress != nil {
		progress(rep.Events, head)
	}
	if head != rep.Events {
		problem("log_head: size %d but %d events", head, rep.Events)
	}

	// 3. Every checkpoint must be signed by the log's key and match the rebuilt tree.
	var lastSigned int64
	rep.Checkpoints, lastSigned, err = verifyCheckpoints(ctx, s.r, origin, vkey, hashes, rep.Events, problem)
	if err != nil {
		return rep, err
	}
	rep.Unsigned = rep.Events - lastSigned

	// 4. Every table is known, and every audited row equals its latest event.
	tables, err := s.tableNames(ctx)
	if err != nil {
		return rep, err
	}
	known := map[string]bool{}
	for _, t := range auditedTables {
		known[t.name] = true
	}
	for _, n := range append(append([]string{}, unauditedTables...), logTables...) {
		known[n] = true
	}
	for _, n := range tables {
		if !known[n] {
			problem("table %s: not known to goumai (created behind its back, or missing from the audit list)", n)
		}
	}
	for _, t := range auditedTables {
		if err := s.verifyTable(ctx, t, objects[t.name], problem, &rep); err != nil {
			return rep, err
		}
	}
	for _, check := range verifyChecks {
		if err := check(ctx, s, problem); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// verifyChecks are further consistency checks registered by areas in init, e.g.
// that every budget balance equals the sum of its ledger entries.
var verifyChecks []func(ctx context.Context, s *Store, problem func(format string, args ...any)) error

// history is what the log says of one object: the event that created it (its
// first), its latest event and the state that event recorded.
type history struct {
	created, latest int64
	state           json.RawMessage
}

// follow checks that event e, a later event of the object, still names the same
// object: not a second creation, nothing after a deletion. Either means the id
// was given to another object.
func (h *history) follow(e goumai.Event, problem func(string, ...any)) {
	switch {
	case e.Created:
		problem("%s %s: event %d creates it again (event %d created it): its id was reused", e.ObjectType, e.ObjectID, e.ID, h.created)
	case string(h.state) == "null" && string(e.State) != "null":
		problem("%s %s: event %d records it after event %d deleted it: its id was reused", e.ObjectType, e.ObjectID, e.ID, h.latest)
	}
}

func (s *Store) verifyTable(ctx context.Context, t table, objects map[string]*history, problem func(string, ...any), rep *VerifyReport) error {
	rows, err := s.r.QueryContext(ctx, "SELECT "+t.selectList()+" FROM "+t.name)
	if err != nil {
		return fmt.Errorf("read %s: %w", t.name, err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		key, state, err := t.scanState(rows)
		if err != nil {
			return fmt.Errorf("read %s: %w", t.name, err)
		}
		rep.Objects++
		seen[key] = true
		h, ok := objects[key]
		switch {
		case !ok:
			problem("%s %s: row has no event (inserted behind goumai's back)", t.name, key)
		case string(h.state) == "null":
			problem("%s %s: row exists but event %d recorded its deletion", t.name, key, h.latest)
		case !bytes.Equal(t.upgradeState(h.state), state):
			problem("%s %s: row differs from event %d: %s", t.name, key, h.latest, diffStates(h.state, state))
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	keys := make([]string, 0, len(objects))
	for k := range objects {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if h := objects[k]; !seen[k] && string(h.state) != "null" {
			problem("%s %s: row is missing but event %d recorded it (deleted behind goumai's back)", t.name, k, h.latest)
		}
	}
	return nil
}

// diffStates names the fields that differ between two canonical states.
func diffStates(want, got []byte) string {
	var a, b map[string]any
	if json.Unmarshal(want, &a) != nil || json.Unmarshal(got, &b) != nil {
		return "state differs"
	}
	var parts []string
	for k, v := range a {
		if fmt.Sprint(v) != fmt.Sprint(b[k]) {
			parts = append(parts, fmt.Sprintf("%s: logged %v, found %v", k, show(v), show(b[k])))
		}
	}
	sort.Strings(parts)
	if len(parts) == 0 {
		return "state differs"
	}
	return strings.Join(parts, "; ")
}

func show(v any) string {
	if v == nil {
		return "null"
	}
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}

// tableNames lists the tables of the database (in the current schema on PostgreSQL).
func (s *Store) tableNames(ctx context.Context) ([]string, error) {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
	if s.dialect == Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	rows, err := s.r.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// memHashes is an in-memory tlog.HashReader over stored hashes.
type memHashes []tlog.Hash

func (m memHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x < 0 || x >= int64(len(m)) {
			return nil, fmt.Errorf("hash %d not yet computed", x)
		}
		out[i] = m[x]
	}
	return out, nil
}
