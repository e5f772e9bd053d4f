package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/goumai/goumai/redflag"
)

// Cardinal's indicators on live data (issue 12 item 1; redflag/live.go).
// With each release, updateCardinal recompiles the touched processes from
// their stored releases, keeps each compiled release (cardinal_processes)
// and re-decides the process indicators of those processes only
// (cardinal_values under the process). The population indicators compare
// with quartiles of every process: RefreshCardinalPopulation re-decides them
// in one pass over the kept compiled releases (cardinal_values under '').

const (
	// cardinalPopulationLock is the PostgreSQL advisory lock key that
	// serialises the population passes ("gmcard").
	cardinalPopulationLock int64 = 0x676d63617264
	cardinalVersion              = 61 // migration 0061_cardinal_live.sql
	cardinalMigration            = "0061_cardinal_live.sql"
)

func init() {
	logTables = append(logTables, "cardinal_processes", "cardinal_values")
}

// cardinalLive is the live engine: every Cardinal indicator, default settings.
func cardinalLive(at time.Time) (*redflag.Live, error) {
	s, err := redflag.ParseSettings(strings.NewReader(redflag.LiveSettings()), redflag.Default)
	if err != nil {
		return nil, err
	}
	return redflag.NewLive(s, at), nil
}

// cardinalReady reports whether migration 0061 is applied.
func (tx *Tx) cardinalReady(ctx context.Context) (bool, error) {
	return tx.migrated(ctx, cardinalVersion, &tx.s.cardinalReady)
}

// migrated reports whether a migration is applied, remembering it in known
// once it is (it stays so).
func (tx *Tx) migrated(ctx context.Context, version int, known *atomic.Bool) (bool, error) {
	if known.Load() {
		return true, nil
	}
	var n int
	if err := tx.tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, version).Scan(&n); err != nil {
		return false, fmt.Errorf("migration %d: %w", version, err)
	}
	if n > 0 {
		known.Store(true)
	}
	return n > 0, nil
}

// updateCardinal re-decides the process indicators of the processes whose
// releases the transaction wrote.
func (tx *Tx) updateCardinal(ctx context.Context, ocids []string) error {
	if len(ocids) == 0 {
		return nil
	}
	if ok, err := tx.cardinalReady(ctx); err != nil || !ok {
		return err
	}
	live, err := cardinalLive(tx.now)
	if err != nil {
		return err
	}
	for _, ocid := range ocids {
		var bodies [][]byte
		var region string
		var last int64
		q, args := redFlagReleasesSQL(ocid)
		err := eachList(ctx, tx.tx, listRedFlagReleases, func(r scanner) error {
			var body string
			if err := r.Scan(&last, &region, &body); err != nil {
				return err
			}
			bodies = append(bodies, []byte(body))
			return nil
		}, q, args...)
		if err != nil || len(bodies) == 0 {
			return err
		}
		compiled, err := redflag.Compile(bodies...)
		if err != nil {
			return fmt.Errorf("cardinal: compile %s: %w", ocid, err)
		}
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO cardinal_processes (ocid, region, compiled, log_index) VALUES ($1, $2, $3, $4)
			ON CONFLICT (ocid) DO UPDATE SET region = excluded.region, compiled = excluded.compiled, log_index = excluded.log_index`,
			ocid, region, string(compiled), last); err != nil {
			return fmt.Errorf("cardinal: %w", err)
		}
		vs, err := live.Process(compiled, tx.now)
		if err != nil {
			return fmt.Errorf("cardinal: %s: %w", ocid, err)
		}
		if err := tx.replaceCardinal(ctx, ocid, vs, last); err != nil {
			return err
		}
	}
	return nil
}

// replaceCardinal replaces the values decided under source.
func (tx *Tx) replaceCardinal(ctx context.Context, source string, vs []redflag.Value, logIndex int64) error {
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM cardinal_values WHERE source = $1`, source); err != nil {
		return fmt.Errorf("cardinal: %w", err)
	}
	var args []any
	for _, v := range vs {
		args = append(args, source, v.Group.String(), v.ID, v.Code, v.Value, logIndex)
	}
	for len(args) > 0 {
		n := min(len(args), 6*150)
		if err := tx.insertValues(ctx, `INSERT INTO cardinal_values (source, grp, id, code, value, log_index) VALUES `, 6, args[:n]); err != nil {
			return fmt.Errorf("cardinal: %w", err)
		}
		args = args[n:]
	}
	return nil
}

func cardinalCompiledSQL(after string) (string, []any) {
	return `SELECT ocid, compiled, log_index FROM cardinal_processes WHERE ocid > $1 ORDER BY ocid LIMIT 500`, []any{after}
}

var listCardinalCompiled = registerList("CardinalCompiled", func(s *Store) []listSample {
	return []listSample{sample(cardinalCompiledSQL(""))}
})

// RefreshCardinalPopulation re-decides the population indicators (R024,
// R025, R038, R048, R058) over every kept compiled release, in one
// transaction: their re-decision scope is the whole population (a release
// can move any quartile), read in pages without recompiling.
func (s *Store) RefreshCardinalPopulation(ctx context.Context) error {
	var covered int64
	err := s.Update(ctx, func(tx *Tx) error {
		if ok, err := tx.cardinalReady(ctx); err != nil || !ok {
			return err
		}
		// Two passes at once (two schedulers' ticks, or two instances on one
		// PostgreSQL database) would each delete what it sees and insert the
		// same keys: the second's insert then collides with the first's
		// commit. One pass at a time; the next sees the last one's rows.
		// (SQLite's single writer already runs them one after the other.)
		if tx.s.dialect == Postgres {
			if _, err := tx.tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, cardinalPopulationLock); err != nil {
				return fmt.Errorf("cardinal population: %w", err)
			}
		}
		live, err := cardinalLive(tx.now)
		if err != nil {
			return err
		}
		var page []string
		after, done := "", false
		var last int64
		next := func() ([]byte, error) {
			for len(page) == 0 && !done {
				q, args := cardinalCompiledSQL(after)
				type row struct {
					ocid, compiled string
					idx            int64
				}
				rows, err := queryList(ctx, tx.tx, listCardinalCompiled, func(sc scanner) (row, error) {
					var r row
					return r, sc.Scan(&r.ocid, &r.compiled, &r.idx)
				}, q, args...)
				if err != nil {
					return nil, err
				}
				done = len(rows) < 500
				for _, r := range rows {
					page = append(page, r.compiled)
					after, last = r.ocid, max(last, r.idx)
				}
			}
			if len(page) == 0 {
				return nil, nil
			}
			line := page[0]
			page = page[1:]
			return []byte(line), nil
		}
		vs, err := live.Population(next, tx.now)
		if err != nil {
			return fmt.Errorf("cardinal population: %w", err)
		}
		covered = last + 1
		return tx.replaceCardinal(ctx, "", vs, last)
	})
	if err == nil {
		s.cardinalPopulation.Store(covered)
	}
	return err
}

// RecomputeCardinal recompiles every process from its stored releases and
// re-decides all of Cardinal's indicators: what applying migration 0061 does
// for the processes published before it (they would otherwise have no live
// values until their next release), and the check that live = recompute.
func (s *Store) RecomputeCardinal(ctx context.Context) error {
	err := s.Update(ctx, func(tx *Tx) error {
		ocids, err := queryList(ctx, tx.tx, listRedFlagOCIDs, func(r scanner) (string, error) {
			var o string
			return o, r.Scan(&o)
		}, `SELECT DISTINCT ocid FROM ocds_releases ORDER BY ocid`)
		if err != nil {
			return err
		}
		for _, t := range []string{"cardinal_values", "cardinal_processes"} {
			if _, err := tx.tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
				return fmt.Errorf("cardinal: %w", err)
			}
		}
		return tx.updateCardinal(ctx, ocids)
	})
	if err != nil {
		return err
	}
	return s.RefreshCardinalPopulation(ctx)
}

// RefreshCardinalPopulationIfStale runs RefreshCardinalPopulation when a
// release arrived since its last pass (by this process), and reports whether
// it did: what the scheduler calls on each tick.
func (s *Store) RefreshCardinalPopulationIfStale(ctx context.Context) (bool, error) {
	if !s.cardinalReady.Load() {
		var n int
		if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, cardinalVersion).Scan(&n); err != nil || n == 0 {
			return false, err // before migration 0061
		}
		s.cardinalReady.Store(true)
	}
	var last int64
	if err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(log_index), -1) FROM cardinal_processes`).Scan(&last); err != nil {
		return false, fmt.Errorf("cardinal population: %w", err)
	}
	if last < 0 || last < s.cardinalPopulation.Load() {
		return false, nil
	}
	return true, s.RefreshCardinalPopulation(ctx)
}

// CardinalValue is one live value of a Cardinal indicator and the release
// (log index) that decided it.
type CardinalValue struct {
	redflag.Value
	LogIndex int64
}

const cardinalValuesSQL = `SELECT grp, id, code, value, log_index FROM cardinal_values ORDER BY code, grp, id, source`

var listCardinalValues = registerList("CardinalValues", func(s *Store) []listSample {
	return []listSample{sample(cardinalValuesSQL, nil).wholeTable("Cardinal's live values: the flagged processes and organisations, a small share of the processes").sorted("by indicator, group and id: the dashboard's order")}
})

// CardinalValues returns the live values of Cardinal's indicators: one per
// group, id and code (a tenderer flagged through several processes once).
func (s *Store) CardinalValues(ctx context.Context) ([]CardinalValue, error) {
	all, err := queryList(ctx, s.r, listCardinalValues, func(sc scanner) (CardinalValue, error) {
		var v CardinalValue
		var grp string
		if err := sc.Scan(&grp, &v.ID, &v.Code, &v.Value.Value, &v.LogIndex); err != nil {
			return v, err
		}
		g, ok := redflag.ParseGroup(grp)
		if !ok {
			return v, fmt.Errorf("cardinal: group %q", grp)
		}
		v.Group = g
		return v, nil
	}, cardinalValuesSQL)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	seen := map[string]bool{}
	for _, v := range all {
		k := strconv.Itoa(int(v.Group)) + "\x00" + v.ID + "\x00" + v.Code
		if !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	return out, nil
}

// CardinalFlag is a live value of a Cardinal indicator as the red-flag
// dashboard shows it: a process (with its region) or an organisation
// (tenderer, buyer, procuring entity: no region) flagged, and the release
// that decided it.
type CardinalFlag struct {
	Group    string  `json:"group"` // OCID, Tenderer, Buyer or ProcuringEntity
	ID       string  `json:"id"`    // the ocid or the organisation's party id
	Code     string  `json:"indicator"`
	Value    float64 `json:"value"`
	Region   string  `json:"region,omitempty"` // a process's region
	LogIndex int64   `json:"log_index"`
}

func (s *Store) cardinalProcessesSQL(region, code string, limit int) (string, []any) {
	var w where
	w.add("v.grp = $%d", "OCID")
	w.region(s, "p.region", region)
	if code != "" {
		w.add("v.code = $%d", code)
	}
	return `SELECT v.grp, v.id, v.code, v.value, p.region, v.log_index FROM cardinal_values v JOIN cardinal_processes p ON p.ocid = v.id
		WHERE ` + w.sql() + ` ORDER BY v.code, v.id, v.source LIMIT ` + w.limit(limit, 50, 500), w.args
}

func cardinalOrgsSQL(code string, limit int) (string, []any) {
	var w where
	w.add("v.grp <> $%d", "OCID")
	if code != "" {
		w.add("v.code = $%d", code)
	}
	return `SELECT v.grp, v.id, v.code, v.value, '', v.log_index FROM cardinal_values v WHERE ` + w.sql() +
		` ORDER BY v.code, v.grp, v.id, v.source LIMIT ` + w.limit(limit, 50, 500), w.args
}

var listCardinalFlags = registerList("CardinalFlags", func(s *Store) []listSample {
	why := "Cardinal's live values: the flagged processes and organisations, a small share of the processes"
	return []listSample{
		sample(s.cardinalProcessesSQL("330106", "", 51)).wholeTable(why).sorted(why),
		sample(s.cardinalProcessesSQL("", "R018", 51)).wholeTable(why).sorted(why),
		sample(cardinalOrgsSQL("", 51)).wholeTable(why).sorted(why),
		sample(cardinalOrgsSQL("R025", 51)).wholeTable(why).sorted(why),
	}
})

// CardinalFlags returns the live values of Cardinal's indicators a region's
// red-flag dashboard shows: its subtree's processes, and the organisations
// flagged (their values come from the whole population's public releases),
// at most limit of each, optionally of one indicator, each once.
func (s *Store) CardinalFlags(ctx context.Context, region, code string, limit int) ([]CardinalFlag, error) {
	scan := func(sc scanner) (CardinalFlag, error) {
		var f CardinalFlag
		return f, sc.Scan(&f.Group, &f.ID, &f.Code, &f.Value, &f.Region, &f.LogIndex)
	}
	q, args := s.cardinalProcessesSQL(region, code, limit)
	procs, err := queryList(ctx, s.r, listCardinalFlags, scan, q, args...)
	if err != nil {
		return nil, err
	}
	q, args = cardinalOrgsSQL(code, limit)
	orgs, err := queryList(ctx, s.r, listCardinalFlags, scan, q, args...)
	if err != nil {
		return nil, err
	}
	out := []CardinalFlag{}
	seen := map[string]bool{}
	for _, f := range append(procs, orgs...) {
		if k := f.Group + "\x00" + f.ID + "\x00" + f.Code; !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out, nil
}
