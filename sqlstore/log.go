package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/translog"
)

type logConfig struct {
	origin string
	signer note.Signer
	vkey   string
}

// initLog creates the log's ed25519 signing key at the first start (recording it
// as the first, private event) and loads it afterwards.
func (s *Store) initLog(ctx context.Context) error {
	var origin, vkey, skey string
	err := s.w.QueryRowContext(ctx, `SELECT origin, vkey, skey FROM log_key WHERE id = 1`).Scan(&origin, &vkey, &skey)
	if errors.Is(err, sql.ErrNoRows) {
		skey, vkey, err = translog.GenerateKey(s.log.origin)
		if err != nil {
			return fmt.Errorf("generate log key: %w", err)
		}
		origin = s.log.origin
		err = s.Update(ctx, func(tx *Tx) error {
			if _, err := tx.tx.ExecContext(ctx, `INSERT INTO log_key (id, origin, vkey, skey) VALUES (1, $1, $2, $3)`, origin, vkey, skey); err != nil {
				return err
			}
			_, err := tx.Record(ctx, Change{Actor: goumai.System, Action: "log.init", Table: "log_key", Key: 1, Region: goumai.NationalCode})
			return err
		})
	}
	if err != nil {
		return fmt.Errorf("log key: %w", err)
	}
	signer, err := translog.NewSigner(skey)
	if err != nil {
		return fmt.Errorf("log key: %w", err)
	}
	s.log = logConfig{origin: origin, signer: signer, vkey: vkey}
	return nil
}

// LogOrigin is the log's origin line; VerifierKey its public key in note format.
func (s *Store) LogOrigin() string   { return s.log.origin }
func (s *Store) VerifierKey() string { return s.log.vkey }

// TreeSize returns the number of leaves (events) in the log.
func (s *Store) TreeSize(ctx context.Context) (int64, error) {
	var n int64
	err := s.r.QueryRowContext(ctx, `SELECT size FROM log_head WHERE id = 1`).Scan(&n)
	return n, err
}

// LatestCheckpoint returns the most recent signed checkpoint and its tree size.
func (s *Store) LatestCheckpoint(ctx context.Context) ([]byte, int64, error) {
	var msg string
	var size int64
	err := s.r.QueryRowContext(ctx, `SELECT note, size FROM log_checkpoints ORDER BY size DESC LIMIT 1`).Scan(&msg, &size)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, goumai.ErrNotFound("检查点", "checkpoint")
	}
	if err != nil {
		return nil, 0, err
	}
	return []byte(msg), size, nil
}

// ReadHashes reads stored tree hashes (for tiles and proofs).
func (s *Store) ReadHashes(ctx context.Context, indexes []int64) ([]tlog.Hash, error) {
	return hashReader{ctx: ctx, q: s.r}.ReadHashes(indexes)
}

// HashReader returns a tlog.HashReader over the stored tree.
func (s *Store) HashReader(ctx context.Context) tlog.HashReader { return hashReader{ctx: ctx, q: s.r} }

// ReadEntries returns the leaf data of events [start, end).
func (s *Store) ReadEntries(ctx context.Context, start, end int64) ([][]byte, error) {
	evs, err := s.EventRange(ctx, start, end)
	if err != nil {
		return nil, err
	}
	out := make([][]byte, len(evs))
	for i, e := range evs {
		out[i] = e.LeafData()
	}
	return out, nil
}

const eventCols = `id, at, actor_user_id, actor, org_id, region, action, object_type, object_id, public, created, state`

// scanOneEvent scans eventCols alone (for queryList).
func scanOneEvent(sc scanner) (goumai.Event, error) { return scanEvent(sc) }

// scanEvent scans eventCols, then any extra columns into extra.
func scanEvent(sc scanner, extra ...any) (goumai.Event, error) {
	var e goumai.Event
	var at, state string
	var actorID, orgID sql.NullInt64
	dest := append([]any{&e.ID, &at, &actorID, &e.Actor, &orgID, &e.Region, &e.Action, &e.ObjectType, &e.ObjectID, &e.Public, &e.Created, &state}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return e, err
	}
	t, err := parseTime(at)
	if err != nil {
		return e, err
	}
	e.At, e.ActorUserID, e.OrgID, e.State = t, actorID.Int64, orgID.Int64, json.RawMessage(state)
	return e, nil
}

// EventRange returns the events with start <= id < end, in order.
func (s *Store) EventRange(ctx context.Context, start, end int64) ([]goumai.Event, error) {
	return queryList(ctx, s.r, listEventRange, scanOneEvent, eventRangeSQL, start, end)
}

var eventRangeSQL = `SELECT ` + eventCols + ` FROM events WHERE id >= $1 AND id < $2 ORDER BY id`

var listEventRange = registerList("EventRange", func(s *Store) []listSample {
	return []listSample{sample(eventRangeSQL, []any{256, 512})}
})

// Event returns one event.
func (s *Store) Event(ctx context.Context, id int64) (goumai.Event, error) {
	e, err := scanEvent(s.r.QueryRowContext(ctx, `SELECT `+eventCols+` FROM events WHERE id = $1`, id))
	return e, interpretError(err, goumai.M("事件", "event"))
}

// EventFilter selects events for listing, newest first, with keyset paging.
type EventFilter struct {
	PublicOnly  bool
	Region      string // subtree root; "" for all (only for actors who may see all)
	ObjectType  string
	ObjectID    string
	ActorUserID int64 // events by this user
	Before      int64 // list ids below this; 0 for the newest
	Limit       int
}

// FindEvents lists events newest first.
func (s *Store) FindEvents(ctx context.Context, f EventFilter) ([]goumai.Event, error) {
	query, args := s.eventsSQL(f)
	return queryList(ctx, s.r, listEvents, scanOneEvent, query, args...)
}

var listEvents = registerList("FindEvents", func(s *Store) []listSample {
	return []listSample{
		sample(s.eventsSQL(EventFilter{PublicOnly: true, Limit: 10})),                                    // the portal's latest
		sample(s.eventsSQL(EventFilter{PublicOnly: true, Before: 900, Limit: 50})),                       // the public list, next page
		sample(s.eventsSQL(EventFilter{PublicOnly: true, Region: "330106", Limit: 50})),                  // a county's public events
		sample(s.eventsSQL(EventFilter{PublicOnly: true, ObjectType: "orgs", Limit: 50})),                // one table's
		sample(s.eventsSQL(EventFilter{PublicOnly: true, ObjectType: "orgs", ObjectID: "7", Limit: 50})), // one object's history
		sample(s.eventsSQL(EventFilter{Region: "330106", Before: 900, Limit: 50})),                       // a county's auditor
		sample(s.eventsSQL(EventFilter{ActorUserID: 7, Limit: 50})),                                      // what a user did (已办)
		sample(s.eventsSQL(EventFilter{Region: "330000", Limit: 50})).sorted("a province's regions each give their events in id order"),
	}
})

// eventsSQL builds FindEvents' query.
func (s *Store) eventsSQL(f EventFilter) (string, []any) {
	var w where
	if f.PublicOnly {
		w.add("public = $%d", true)
	}
	w.region(s, "region", f.Region)
	if f.ObjectType != "" {
		w.add("object_type = $%d", f.ObjectType)
	}
	if f.ObjectID != "" {
		w.add("object_id = $%d", f.ObjectID)
	}
	if f.ActorUserID != 0 {
		w.add("actor_user_id = $%d", f.ActorUserID)
	}
	if f.Before > 0 {
		w.add("id < $%d", f.Before)
	}
	limit := w.limit(f.Limit, 50, 500)
	return `SELECT ` + eventCols + ` FROM events WHERE ` + w.sql() + ` ORDER BY id DESC LIMIT ` + limit, w.args
}

// subtreeCodes lists the region codes in the subtree rooted at code.
func (s *Store) subtreeCodes(code string) []string {
	out := []string{code}
	for i := 0; i < len(out); i++ {
		out = append(out, s.regions.Children(out[i])...)
	}
	return out
}

func joinComma(s []string) string { return strings.Join(s, ", ") }
func joinAnd(s []string) string   { return strings.Join(s, " AND ") }
