package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
)

// Federation (issue 12, DESIGN §8). The outbox is derived from the log in
// the events' transaction, like the OCDS releases: a row per public event,
// which the drainer (package federation) publishes to NATS JetStream in log
// order and marks sent once acknowledged. The inbox side keeps what other
// instances published, verified against their signed logs: it is their
// data, audited by their logs, so it stays out of this instance's log.

func init() {
	appendHooks = append(appendHooks, writeOutbox)
	logTables = append(logTables, "fed_outbox")
	unauditedTables = append(unauditedTables, "fed_peers", "fed_inbox", "fed_credit_lists", "fed_credit_entries", "fed_stats", "fed_grades", "fed_forks")
}

// Federates reports whether public events go to the outbox.
func (s *Store) Federates() bool { return s.outbox.Load() }

// EnableOutbox sends the public events committed from now on to the outbox
// (Options.Outbox does it from the start).
func (s *Store) EnableOutbox() { s.outbox.Store(true) }

// writeOutbox writes an outbox row for each public event of the transaction.
func writeOutbox(ctx context.Context, tx *Tx, events []goumai.Event) error {
	if !tx.s.outbox.Load() {
		return nil
	}
	var args []any
	for _, e := range events {
		if e.Public {
			args = append(args, e.ID, e.Region)
		}
	}
	tx.outboxed = tx.outboxed || len(args) > 0
	for len(args) > 0 {
		n := min(len(args), 2*400)
		if err := tx.insertValues(ctx, `INSERT INTO fed_outbox (log_index, region) VALUES `, 2, args[:n]); err != nil {
			return fmt.Errorf("federation outbox: %w", err)
		}
		args = args[n:]
	}
	return nil
}

// OutboxWake is signalled after a commit that wrote outbox rows: the
// drainer waits on it rather than polling (one signal may stand for several commits).
func (s *Store) OutboxWake() <-chan struct{} { return s.outboxWake }

func (s *Store) wakeOutbox() {
	select {
	case s.outboxWake <- struct{}{}:
	default:
	}
}

// OutboxItem is one pending public event to publish.
type OutboxItem struct {
	Prev     int64 // the leaf index of the outbox's previous event (-1 for the first): the consumer applies in order
	Event    goumai.Event
	Releases []json.RawMessage // its OCDS releases
}

var prefixedEventCols = "e." + strings.ReplaceAll(eventCols, ", ", ", e.")

func pendingOutboxSQL(watermark int64, limit int) (string, []any) {
	return `SELECT ` + prefixedEventCols + ` FROM fed_outbox o JOIN events e ON e.id = o.log_index
		WHERE o.sent_at IS NULL AND o.log_index < $1 ORDER BY o.log_index LIMIT ` + strconv.Itoa(limit), []any{watermark}
}

var listPendingOutbox = registerList("PendingOutbox", func(s *Store) []listSample {
	return []listSample{sample(pendingOutboxSQL(5000, 500))}
})

func outboxReleasesSQL(first, last int64) (string, []any) {
	return `SELECT log_index, ocid, date, region, body FROM ocds_releases WHERE log_index >= $1 AND log_index <= $2 ORDER BY log_index`, []any{first, last}
}

var listOutboxReleases = registerList("PendingOutbox releases", func(s *Store) []listSample {
	return []listSample{sample(outboxReleasesSQL(100, 600))}
})

// PendingOutbox returns up to limit pending outbox events, in log order,
// below the watermark (so that a transaction still in flight is never
// skipped), each with the previous outbox event's index and its releases.
func (s *Store) PendingOutbox(ctx context.Context, limit int) ([]OutboxItem, error) {
	watermark, err := s.Watermark(ctx)
	if err != nil {
		return nil, err
	}
	q, args := pendingOutboxSQL(watermark, limit)
	evs, err := queryList(ctx, s.r, listPendingOutbox, scanOneEvent, q, args...)
	if err != nil || len(evs) == 0 {
		return nil, err
	}
	var prev sql.NullInt64
	if err := s.r.QueryRowContext(ctx, `SELECT MAX(log_index) FROM fed_outbox WHERE log_index < $1`, evs[0].ID).Scan(&prev); err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	out := make([]OutboxItem, len(evs))
	at := make(map[int64]int, len(evs))
	p := int64(-1)
	if prev.Valid {
		p = prev.Int64
	}
	for i, e := range evs {
		out[i] = OutboxItem{Prev: p, Event: e}
		at[e.ID] = i
		p = e.ID
	}
	q, args = outboxReleasesSQL(evs[0].ID, evs[len(evs)-1].ID)
	rels, err := queryList(ctx, s.r, listOutboxReleases, scanRelease, q, args...)
	if err != nil {
		return nil, err
	}
	for _, r := range rels {
		if i, ok := at[r.LogIndex]; ok {
			out[i].Releases = append(out[i].Releases, r.Body)
		}
	}
	return out, nil
}

// MarkSent marks the outbox events first..last (leaf indices) sent: the
// drainer calls it once JetStream acknowledged every one of them.
func (s *Store) MarkSent(ctx context.Context, first, last int64) error {
	return s.Update(ctx, func(tx *Tx) error {
		_, err := tx.tx.ExecContext(ctx, `UPDATE fed_outbox SET sent_at = $1 WHERE log_index >= $2 AND log_index <= $3 AND sent_at IS NULL`,
			formatTime(tx.now), first, last)
		return err
	})
}

// OutboxPending counts the outbox events not yet acknowledged.
func (s *Store) OutboxPending(ctx context.Context) (int64, error) {
	var n int64
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM fed_outbox WHERE sent_at IS NULL`).Scan(&n)
	return n, err
}

// Received is one event another instance published, verified by the
// consumer against the publisher's signed checkpoint.
type Received struct {
	Publisher      string
	Prev           int64 // the publisher's previous published leaf, -1 for its first
	Event          goumai.Event
	Releases       []json.RawMessage
	CheckpointSize int64  // the signed checkpoint the event was verified against
	CheckpointRoot string // its root hash, base64
	Checkpoint     string // the signed checkpoint itself (the evidence kept when it is refused as a fork)
}

// ApplyOutcome says what ApplyReceived did.
type ApplyOutcome int

// The outcomes.
const (
	Applied   ApplyOutcome = iota // applied now
	Duplicate                     // applied before (a replay): nothing done
	Gap                           // an earlier event of the publisher is missing: nothing done, retry later
)

// ErrForked is returned for an event verified against a checkpoint whose
// root differs from another checkpoint of the same size already seen from
// the same publisher: its log forked (two histories shown).
var ErrForked = errors.New("the publisher signed two different trees of the same size")

// ApplyReceived stores a verified event and applies what it means here —
// received bans and credit hits, national statistics, performance grades —
// in one transaction, once: each publisher's events apply in its log order
// (Prev must be the last one applied), and an event applied before is a
// Duplicate.
func (s *Store) ApplyReceived(ctx context.Context, r Received) (ApplyOutcome, error) {
	out, err := s.ApplyReceivedBatch(ctx, []Received{r})
	if err != nil {
		return 0, err
	}
	return out[0], nil
}

// ApplyReceivedBatch is ApplyReceived for events of one publisher, in one
// transaction, each with its outcome; a forked checkpoint fails the batch.
func (s *Store) ApplyReceivedBatch(ctx context.Context, rs []Received) ([]ApplyOutcome, error) {
	if len(rs) == 0 {
		return nil, nil
	}
	pub := rs[0].Publisher
	out := make([]ApplyOutcome, len(rs))
	err := s.Update(ctx, func(tx *Tx) error {
		now := formatTime(tx.now)
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO fed_peers (publisher, applied, cp_size, cp_root, updated_at) VALUES ($1, -1, 0, '', $2)
			ON CONFLICT (publisher) DO NOTHING`, pub, now); err != nil {
			return fmt.Errorf("federation peer: %w", err)
		}
		q := `SELECT applied, cp_size, cp_root FROM fed_peers WHERE publisher = $1`
		if s.dialect == Postgres {
			q += ` FOR UPDATE`
		}
		var applied, cpSize int64
		var cpRoot string
		if err := tx.tx.QueryRowContext(ctx, q, pub).Scan(&applied, &cpSize, &cpRoot); err != nil {
			return fmt.Errorf("federation peer: %w", err)
		}
		changed := false
		for i, r := range rs {
			e := r.Event
			switch {
			case r.Publisher != pub:
				return fmt.Errorf("federation: a batch of %s holds an event of %s", pub, r.Publisher)
			case e.ID <= applied:
				out[i] = Duplicate
				continue
			case r.Prev != applied:
				out[i] = Gap
				continue
			case r.CheckpointSize == cpSize && r.CheckpointRoot != cpRoot:
				return fmt.Errorf("%s: %w (size %d)", pub, ErrForked, cpSize)
			}
			rels, err := json.Marshal(orEmpty(r.Releases))
			if err != nil {
				return err
			}
			state := string(e.State)
			if state == "" {
				state = "null"
			}
			if _, err := tx.tx.ExecContext(ctx, `INSERT INTO fed_inbox (publisher, log_index, at, region, action, object_type, object_id, state, releases, received_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
				pub, e.ID, formatTime(e.At), e.Region, e.Action, e.ObjectType, e.ObjectID, state, string(rels), now); err != nil {
				return fmt.Errorf("federation inbox: %w", err)
			}
			if err := tx.applyReceived(ctx, pub, e); err != nil {
				return fmt.Errorf("apply %s %d: %w", pub, e.ID, err)
			}
			if r.CheckpointSize > cpSize {
				cpSize, cpRoot = r.CheckpointSize, r.CheckpointRoot
			}
			applied, changed, out[i] = e.ID, true, Applied
		}
		if !changed {
			return nil
		}
		if _, err := tx.tx.ExecContext(ctx, `UPDATE fed_peers SET applied = $1, cp_size = $2, cp_root = $3, updated_at = $4 WHERE publisher = $5`,
			applied, cpSize, cpRoot, now, pub); err != nil {
			return fmt.Errorf("federation peer: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// applyReceived applies one received event's meaning.
func (tx *Tx) applyReceived(ctx context.Context, pub string, e goumai.Event) error {
	if amount, ok := goumai.StatOf(e); ok {
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO fed_stats (publisher, region, action, n, amount) VALUES ($1, $2, $3, 1, $4)
			ON CONFLICT (publisher, region, action) DO UPDATE SET n = fed_stats.n + 1, amount = fed_stats.amount + $4`,
			pub, e.Region, e.Action, amount); err != nil {
			return err
		}
	}
	if string(e.State) == "null" || len(e.State) == 0 {
		return nil
	}
	switch e.ObjectType {
	case "credit_lists":
		var l struct {
			ID           int64  `json:"id"`
			Kind         string `json:"kind"`
			SupersededBy *int64 `json:"superseded_by"`
		}
		if err := json.Unmarshal(e.State, &l); err != nil {
			return err
		}
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO fed_credit_lists (publisher, list_id, kind, current, log_index) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (publisher, list_id) DO UPDATE SET kind = $3, current = $4, log_index = $5`,
			pub, l.ID, l.Kind, l.SupersededBy == nil, e.ID)
		return err
	case "credit_list_entries":
		var c struct {
			ID         int64  `json:"id"`
			ListID     int64  `json:"list_id"`
			CreditCode string `json:"credit_code"`
			Name       string `json:"name"`
		}
		if err := json.Unmarshal(e.State, &c); err != nil {
			return err
		}
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO fed_credit_entries (publisher, entry_id, list_id, log_index, credit_code, name, state)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (publisher, entry_id) DO NOTHING`,
			pub, c.ID, c.ListID, e.ID, c.CreditCode, c.Name, string(e.State))
		return err
	case "contract_grades":
		var g struct {
			ContractID int64  `json:"contract_id"`
			Grade      string `json:"grade"`
			Score      int64  `json:"score"`
		}
		if err := json.Unmarshal(e.State, &g); err != nil {
			return err
		}
		var code, name string
		var c struct {
			SupplierOrgID int64 `json:"supplier_org_id"`
		}
		if tx.receivedState(ctx, pub, "contracts", strconv.FormatInt(g.ContractID, 10), &c) {
			var o struct {
				CreditCode *string `json:"credit_code"`
				Name       string  `json:"name"`
			}
			if tx.receivedState(ctx, pub, "orgs", strconv.FormatInt(c.SupplierOrgID, 10), &o) && o.CreditCode != nil {
				code, name = *o.CreditCode, o.Name
			}
		}
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO fed_grades (publisher, contract_id, log_index, region, supplier_code, supplier_name, grade, score, graded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (publisher, contract_id) DO UPDATE SET log_index = $3, region = $4, supplier_code = $5, supplier_name = $6, grade = $7, score = $8, graded_at = $9`,
			pub, e.ObjectID, e.ID, e.Region, code, name, g.Grade, g.Score, formatTime(e.At))
		if err != nil {
			return err
		}
		return tx.redecideSupplierGrades(ctx, code) // ENG-J1 across instances (redflags_private.go)
	}
	return nil
}

// receivedState reads into v the latest received state of a publisher's
// object, reporting whether there is one.
func (tx *Tx) receivedState(ctx context.Context, pub, objectType, objectID string, v any) bool {
	var state string
	err := tx.tx.QueryRowContext(ctx, `SELECT state FROM fed_inbox WHERE publisher = $1 AND object_type = $2 AND object_id = $3
		ORDER BY log_index DESC LIMIT 1`, pub, objectType, objectID).Scan(&state)
	return err == nil && state != "null" && json.Unmarshal([]byte(state), v) == nil
}

// Peer is what this instance has applied from a trusted publisher.
type Peer struct {
	Publisher string
	Applied   int64  // leaf index of the last event applied, -1 for none
	CPSize    int64  // the largest signed checkpoint seen (0 before the first)
	CPRoot    string // its root hash, base64
}

// FedPeer returns what was applied from a publisher (Applied -1 when nothing).
func (s *Store) FedPeer(ctx context.Context, publisher string) (Peer, error) {
	p := Peer{Publisher: publisher, Applied: -1}
	err := s.r.QueryRowContext(ctx, `SELECT applied, cp_size, cp_root FROM fed_peers WHERE publisher = $1`, publisher).Scan(&p.Applied, &p.CPSize, &p.CPRoot)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	}
	return p, err
}

// Fork is a signed checkpoint of a trusted publisher refused because it is
// not an extension of the checkpoint verified before (its log forked: the
// publisher rewrote its history and signed it again).
type Fork struct {
	Publisher  string    `json:"publisher"`
	OldSize    int64     `json:"old_size"`
	OldRoot    string    `json:"old_root"`
	NewSize    int64     `json:"new_size"`
	NewRoot    string    `json:"new_root"`
	Checkpoint string    `json:"checkpoint"`
	Reason     string    `json:"reason"`
	SeenAt     time.Time `json:"seen_at"`
}

// RecordFork keeps a refused fork as evidence (once per refused checkpoint).
func (s *Store) RecordFork(ctx context.Context, f Fork) error {
	return s.Update(ctx, func(tx *Tx) error {
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO fed_forks (publisher, old_size, old_root, new_size, new_root, checkpoint, reason, seen_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (publisher, new_size, new_root) DO NOTHING`,
			f.Publisher, f.OldSize, f.OldRoot, f.NewSize, f.NewRoot, f.Checkpoint, f.Reason, formatTime(tx.now))
		if err != nil {
			return fmt.Errorf("federation fork: %w", err)
		}
		return nil
	})
}

const fedForksSQL = `SELECT publisher, old_size, old_root, new_size, new_root, checkpoint, reason, seen_at FROM fed_forks
	WHERE publisher = $1 ORDER BY new_size, new_root`

var listFedForks = registerList("FedForks", func(s *Store) []listSample {
	return []listSample{sample(fedForksSQL, []any{"jiangsu"})}
})

// FedForks returns the forks refused from a publisher.
func (s *Store) FedForks(ctx context.Context, publisher string) ([]Fork, error) {
	return queryList(ctx, s.r, listFedForks, scanFork, fedForksSQL, publisher)
}

func scanFork(sc scanner) (Fork, error) {
	var f Fork
	var at string
	if err := sc.Scan(&f.Publisher, &f.OldSize, &f.OldRoot, &f.NewSize, &f.NewRoot, &f.Checkpoint, &f.Reason, &at); err != nil {
		return f, err
	}
	var err error
	f.SeenAt, err = parseTime(at)
	return f, err
}

const fedAllForksSQL = `SELECT publisher, old_size, old_root, new_size, new_root, checkpoint, reason, seen_at FROM fed_forks
	ORDER BY seen_at DESC, publisher, new_size LIMIT 100`

var listFedAllForks = registerList("FedAllForks", func(s *Store) []listSample {
	return []listSample{sample(fedAllForksSQL, nil).wholeTable("the refused forks of every publisher: none unless a publisher rewrote its history, at most 100").sorted("the latest first")}
})

// FedAllForks returns the latest forks refused from any publisher (at most
// 100): public evidence that a trusted instance rewrote its history.
func (s *Store) FedAllForks(ctx context.Context) ([]Fork, error) {
	return queryList(ctx, s.r, listFedAllForks, scanFork, fedAllForksSQL)
}

const receivedEntriesSQL = `SELECT e.publisher, e.log_index, l.kind, e.state FROM fed_credit_entries e
	JOIN fed_credit_lists l ON l.publisher = e.publisher AND l.list_id = e.list_id
	WHERE e.credit_code = $1 AND l.current = TRUE AND l.kind IN ('ban', 'major_violation') ORDER BY e.publisher, e.entry_id`

var listReceivedEntries = registerList("ReceivedCreditEntries", func(s *Store) []listSample {
	return []listSample{sample(receivedEntriesSQL, []any{"91330106MA2XXXXX0X"})}
})

// ReceivedCreditEntries returns the bans and major violations other
// instances published against a credit code, from their current lists,
// inside the transaction (the supplier check reads them with the local lists).
func (tx *Tx) ReceivedCreditEntries(ctx context.Context, creditCode string) ([]goumai.ReceivedEntry, error) {
	return receivedCreditEntries(ctx, tx.tx, creditCode)
}

func receivedCreditEntries(ctx context.Context, q querier, creditCode string) ([]goumai.ReceivedEntry, error) {
	if creditCode == "" {
		return nil, nil
	}
	return queryList(ctx, q, listReceivedEntries, scanReceivedEntry, receivedEntriesSQL, creditCode)
}

func scanReceivedEntry(sc scanner) (goumai.ReceivedEntry, error) {
	var r goumai.ReceivedEntry
	var kind, state string
	if err := sc.Scan(&r.Source, &r.LogIndex, &kind, &state); err != nil {
		return r, err
	}
	r.Kind = goumai.ListKind(kind)
	var st struct {
		ID         int64   `json:"id"`
		ListID     int64   `json:"list_id"`
		Row        int     `json:"row_no"`
		CreditCode string  `json:"credit_code"`
		Name       string  `json:"name"`
		Authority  string  `json:"authority"`
		DocNo      string  `json:"doc_no"`
		StartsOn   *string `json:"starts_on"`
		EndsOn     *string `json:"ends_on"`
		DecidedOn  *string `json:"decided_on"`
		Penalty    string  `json:"penalty"`
		Reason     string  `json:"reason"`
	}
	if err := json.Unmarshal([]byte(state), &st); err != nil {
		return r, fmt.Errorf("received entry %s %d: %w", r.Source, r.LogIndex, err)
	}
	r.Entry = goumai.CreditEntry{ID: st.ID, ListID: st.ListID, Row: st.Row, CreditCode: st.CreditCode, Name: st.Name, Authority: st.Authority,
		DocNo: st.DocNo, Penalty: goumai.Penalty(st.Penalty), Reason: st.Reason}
	var err error
	for _, d := range []struct {
		s   *string
		out **time.Time
	}{{st.StartsOn, &r.Entry.StartsOn}, {st.EndsOn, &r.Entry.EndsOn}, {st.DecidedOn, &r.Entry.DecidedOn}} {
		if d.s != nil {
			if *d.out, err = parseNullTime(sql.NullString{String: *d.s, Valid: true}); err != nil {
				return r, err
			}
		}
	}
	return r, nil
}

// FedStat is one line of the national statistics: received public events of
// one action in one region, and the sum of their objects' amounts (fen).
type FedStat struct {
	Region string `json:"region"`
	Action string `json:"action"`
	N      int64  `json:"n"`
	Amount int64  `json:"amount"`
}

const fedStatsSQL = `SELECT region, action, SUM(n), SUM(amount) FROM fed_stats GROUP BY region, action ORDER BY region, action`

var listFedStats = registerList("FedStats", func(s *Store) []listSample {
	return []listSample{sample(fedStatsSQL, nil).wholeTable("the national statistics: one row per publisher, region and action, a few thousand at most").sorted("summed over the publishers, then sorted: a few thousand rows")}
})

// FedStats returns the national statistics from the events received from
// every trusted instance, by region and action.
func (s *Store) FedStats(ctx context.Context) ([]FedStat, error) {
	return queryList(ctx, s.r, listFedStats, func(sc scanner) (FedStat, error) {
		var f FedStat
		err := sc.Scan(&f.Region, &f.Action, &f.N, &f.Amount)
		return f, err
	}, fedStatsSQL)
}

// FedPublisherStat is one line of the centre's statistics page: received
// public events of one publisher (instance) and region, every action summed,
// and the sum of their objects' amounts (fen).
type FedPublisherStat struct {
	Publisher string `json:"publisher"`
	Region    string `json:"region"`
	N         int64  `json:"n"`
	Amount    int64  `json:"amount"`
}

const fedPublisherStatsSQL = `SELECT publisher, region, SUM(n), SUM(amount) FROM fed_stats GROUP BY publisher, region ORDER BY publisher, region`

var listFedPublisherStats = registerList("FedPublisherStats", func(s *Store) []listSample {
	return []listSample{sample(fedPublisherStatsSQL, nil).wholeTable("the national statistics: one row per publisher, region and action, a few thousand at most").sorted("summed over the actions, then sorted: a few hundred rows")}
})

// FedPublisherStats returns the national statistics by publisher and region.
func (s *Store) FedPublisherStats(ctx context.Context) ([]FedPublisherStat, error) {
	return queryList(ctx, s.r, listFedPublisherStats, func(sc scanner) (FedPublisherStat, error) {
		var f FedPublisherStat
		err := sc.Scan(&f.Publisher, &f.Region, &f.N, &f.Amount)
		return f, err
	}, fedPublisherStatsSQL)
}

// ReceivedGrade is a performance grade another instance published.
type ReceivedGrade struct {
	Source       string `json:"source"`
	LogIndex     int64  `json:"log_index"`
	ContractID   string `json:"contract_id"`
	Region       string `json:"region"`
	SupplierCode string `json:"supplier_code"`
	SupplierName string `json:"supplier_name"`
	Grade        string `json:"grade"`
	Score        int64  `json:"score"`
}

const receivedGradesSQL = `SELECT publisher, log_index, contract_id, region, supplier_code, supplier_name, grade, score
	FROM fed_grades WHERE supplier_code = $1 ORDER BY publisher, contract_id`

var listReceivedGrades = registerList("ReceivedGrades", func(s *Store) []listSample {
	return []listSample{sample(receivedGradesSQL, []any{"91330106MA2XXXXX0X"})}
})

// ReceivedGrades returns the performance grades other instances published
// for a supplier (by credit code): what a cross-region red flag reads.
func (s *Store) ReceivedGrades(ctx context.Context, creditCode string) ([]ReceivedGrade, error) {
	return queryList(ctx, s.r, listReceivedGrades, func(sc scanner) (ReceivedGrade, error) {
		var g ReceivedGrade
		err := sc.Scan(&g.Source, &g.LogIndex, &g.ContractID, &g.Region, &g.SupplierCode, &g.SupplierName, &g.Grade, &g.Score)
		return g, err
	}, receivedGradesSQL, creditCode)
}

func publishedEventsSQL() (string, []any) {
	return `SELECT ` + prefixedEventCols + ` FROM fed_outbox o JOIN events e ON e.id = o.log_index ORDER BY o.log_index`, nil
}

var listPublishedEvents = registerList("PublishedStats", func(s *Store) []listSample {
	return []listSample{sample(publishedEventsSQL()).wholeTable("every federated event, once, to compare an instance's own statistics with what the centre received")}
})

// PublishedStats are the statistics of the events this instance federated
// (its outbox), computed from its own log as a receiver computes them
// (goumai.StatOf): what the centre's statistics of this instance must equal.
func (s *Store) PublishedStats(ctx context.Context) ([]FedStat, error) {
	type key struct{ region, action string }
	sums := map[key]FedStat{}
	var order []key
	q, args := publishedEventsSQL()
	err := eachList(ctx, s.r, listPublishedEvents, func(sc scanner) error {
		e, err := scanOneEvent(sc)
		if err != nil {
			return err
		}
		amount, ok := goumai.StatOf(e)
		if !ok {
			return nil
		}
		k := key{e.Region, e.Action}
		f, seen := sums[k]
		if !seen {
			order = append(order, k)
			f = FedStat{Region: e.Region, Action: e.Action}
		}
		f.N++
		f.Amount += amount
		sums[k] = f
		return nil
	}, q, args...)
	out := make([]FedStat, 0, len(order))
	for _, k := range order {
		out = append(out, sums[k])
	}
	return out, err
}
