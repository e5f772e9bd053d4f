package sqlstore

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/ocds/publish"
)

func init() {
	verifyChecks = append(verifyChecks, verifyReleases)
}

// ReleaseDiff is a difference between the stored releases (ocds_releases)
// and the releases the log yields.
type ReleaseDiff struct {
	LogIndex int64
	Kind     string // "missing" (the log yields it, not stored), "extra" (stored, the log yields none) or "different"
	OCID     string
	Detail   string // for "different": the columns that differ
}

func (d ReleaseDiff) String() string {
	s := fmt.Sprintf("ocds release of event %d (%s): %s", d.LogIndex, d.OCID, d.Kind)
	if d.Detail != "" {
		s += ": " + d.Detail
	}
	return s
}

// RebuildReport is the result of RebuildReleases.
type RebuildReport struct {
	Events    int64 // events read: the log's size when the rebuild began
	Releases  int   // releases the log yields
	Stored    int   // releases stored below that size (before a rewrite)
	Diffs     []ReleaseDiff
	Rewritten bool // ocds_releases now holds exactly the log's releases
}

// OK reports whether the stored releases are exactly the log's.
func (r RebuildReport) OK() bool { return len(r.Diffs) == 0 }

// rebuildPage is how many events are read at a time.
const rebuildPage = 2048

// RebuildReleases recomputes every OCDS release from the log alone — the
// public events in log order, the store's Publisher, and a lookup that reads
// each object's state as the log recorded it at the event (its latest event
// at or before it) — and compares them with ocds_releases: a release missing,
// one extra, or one whose ocid, id, date, tags, region or body differ.
//
// With rewrite, it then replaces the stored releases with the log's, in one
// transaction that holds the log's head (no event is appended meanwhile): for
// a database whose events predate the releases. The ocid prefix is the
// instance's (fixed at its first start); it is never changed here.
func (s *Store) RebuildReleases(ctx context.Context, rewrite bool) (RebuildReport, error) {
	if !rewrite {
		return s.rebuildReleases(ctx, s.r, false)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return RebuildReport{}, err
	}
	defer tx.Rollback()
	rep, err := s.rebuildReleases(ctx, tx, true)
	if err != nil {
		return rep, err
	}
	if err := tx.Commit(); err != nil {
		return rep, err
	}
	rep.Rewritten = true
	return rep, nil
}

// releaseRow is a release's stored columns, as compared.
type releaseRow struct {
	ocid, id, date, tags, region string
	year                         int
	body                         string
}

func rowOf(r publish.Release) releaseRow {
	d := r.Date.In(publish.China)
	return releaseRow{ocid: r.OCID, id: r.ID, date: d.Format(publish.DateLayout), tags: strings.Join(r.Tags, " "), region: r.Region, year: d.Year(), body: string(r.Body)}
}

func (r releaseRow) sum() [32]byte {
	return sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%s\x00%s\x00%s\x00%d\x00%s", r.ocid, r.id, r.date, r.tags, r.region, r.year, r.body)))
}

// differs names the columns in which got differs from want.
func (want releaseRow) differs(got releaseRow) string {
	var parts []string
	for _, c := range []struct{ name, a, b string }{
		{"ocid", want.ocid, got.ocid}, {"release_id", want.id, got.id}, {"date", want.date, got.date},
		{"tags", want.tags, got.tags}, {"region", want.region, got.region},
		{"year", fmt.Sprint(want.year), fmt.Sprint(got.year)},
	} {
		if c.a != c.b {
			parts = append(parts, fmt.Sprintf("%s: log gives %q, stored %q", c.name, c.a, c.b))
		}
	}
	if want.body != got.body {
		parts = append(parts, "body: "+bodyDiff(want.body, got.body))
	}
	return strings.Join(parts, "; ")
}

// bodyDiff locates the first difference between two release bodies.
func bodyDiff(want, got string) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	around := func(s string) string { // 40 bytes either side, on character boundaries
		lo, hi := max(0, i-40), min(len(s), i+40)
		for lo > 0 && !utf8.RuneStart(s[lo]) {
			lo--
		}
		for hi < len(s) && !utf8.RuneStart(s[hi]) {
			hi++
		}
		return s[lo:hi]
	}
	return fmt.Sprintf("first difference at byte %d: log gives …%s…, stored …%s…", i, around(want), around(got))
}

func (s *Store) rebuildReleases(ctx context.Context, q querier, rewrite bool) (RebuildReport, error) {
	var rep RebuildReport
	head := `SELECT size FROM log_head WHERE id = 1`
	if rewrite && s.dialect == Postgres {
		head += ` FOR UPDATE` // appends wait until the rewrite commits
	}
	if err := q.QueryRowContext(ctx, head).Scan(&rep.Events); err != nil {
		return rep, fmt.Errorf("read log head: %w", err)
	}

	// The stored releases, by log index: a digest each (bodies are read again
	// only for those that differ).
	stored := map[int64][32]byte{}
	storedOCID := map[int64]string{}
	rows, err := q.QueryContext(ctx, `SELECT log_index, ocid, release_id, date, tags, region, year, body FROM ocds_releases WHERE log_index < $1`, rep.Events)
	if err != nil {
		return rep, err
	}
	for rows.Next() {
		var i int64
		var r releaseRow
		if err := rows.Scan(&i, &r.ocid, &r.id, &r.date, &r.tags, &r.region, &r.year, &r.body); err != nil {
			rows.Close()
			return rep, err
		}
		stored[i], storedOCID[i] = r.sum(), r.ocid
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return rep, err
	}
	rep.Stored = len(stored)

	// The log's releases, page by page (the page is read, then published: a
	// connection holds one result set at a time).
	l := newLogLookup()
	for start := int64(0); start < rep.Events; start += rebuildPage {
		end := min(start+rebuildPage, rep.Events)
		events, err := queryList(ctx, q, listEventRange, scanOneEvent, eventRangeSQL, start, end)
		if err != nil {
			return rep, err
		}
		var fresh []publish.Release // the page's releases, for a rewrite
		for _, e := range events {
			if t, ok := tableByName(e.ObjectType); ok {
				e.State = json.RawMessage(t.upgradeState(e.State))
			}
			l.record(e)
			if !e.Public || !publish.Published(e.Action) {
				l.recordPublic(e)
				continue
			}
			rs, err := s.pub.Releases(ctx, l, e)
			if err != nil {
				return rep, fmt.Errorf("rebuild release of event %d: %w", e.ID, err)
			}
			l.recordPublic(e)
			for _, r := range rs {
				rep.Releases++
				want := rowOf(r)
				sum, ok := stored[r.LogIndex]
				switch {
				case !ok:
					rep.Diffs = append(rep.Diffs, ReleaseDiff{LogIndex: r.LogIndex, Kind: "missing", OCID: r.OCID})
				case sum != want.sum():
					got, err := readRelease(ctx, q, r.LogIndex)
					if err != nil {
						return rep, err
					}
					rep.Diffs = append(rep.Diffs, ReleaseDiff{LogIndex: r.LogIndex, Kind: "different", OCID: r.OCID, Detail: want.differs(got)})
				}
				delete(stored, r.LogIndex)
				fresh = append(fresh, r)
			}
		}
		// A rewrite replaces the page's stored releases with the log's (after
		// the differences were read): memory stays flat.
		if rewrite {
			if _, err := q.ExecContext(ctx, `DELETE FROM ocds_releases WHERE log_index >= $1 AND log_index < $2`, start, end); err != nil {
				return rep, err
			}
			for _, r := range fresh {
				w := rowOf(r)
				if _, err := q.ExecContext(ctx, `INSERT INTO ocds_releases (log_index, ocid, release_id, date, tags, region, year, body)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, r.LogIndex, w.ocid, w.id, w.date, w.tags, w.region, w.year, w.body); err != nil {
					return rep, fmt.Errorf("ocds release of event %d: %w", r.LogIndex, err)
				}
			}
		}
	}
	var extra []int64
	for i := range stored {
		extra = append(extra, i)
	}
	slices.Sort(extra)
	for _, i := range extra {
		rep.Diffs = append(rep.Diffs, ReleaseDiff{LogIndex: i, Kind: "extra", OCID: storedOCID[i]})
	}
	slices.SortStableFunc(rep.Diffs, func(a, b ReleaseDiff) int { return cmp.Compare(a.LogIndex, b.LogIndex) })
	return rep, nil
}

func readRelease(ctx context.Context, q querier, index int64) (releaseRow, error) {
	var r releaseRow
	err := q.QueryRowContext(ctx, `SELECT ocid, release_id, date, tags, region, year, body FROM ocds_releases WHERE log_index = $1`, index).
		Scan(&r.ocid, &r.id, &r.date, &r.tags, &r.region, &r.year, &r.body)
	return r, err
}

// logLookup is the publisher's lookup over the log alone: an object's state is
// the one its latest event so far recorded (events are fed in log order), and
// Previous is the one its latest public event before recorded.
type logLookup struct {
	state  map[string]json.RawMessage // "table\x00id" → latest state
	public map[string]json.RawMessage // "table\x00id" → latest public state
}

func newLogLookup() *logLookup {
	return &logLookup{state: map[string]json.RawMessage{}, public: map[string]json.RawMessage{}}
}

func objectKey(table, id string) string { return table + "\x00" + id }

// record makes e the latest event of its object (before publishing e: the
// state at or before the event).
func (l *logLookup) record(e goumai.Event) {
	l.state[objectKey(e.ObjectType, e.ObjectID)] = e.State
}

// recordPublic makes e the latest public event of its object (after
// publishing e: Previous reads the events before it).
func (l *logLookup) recordPublic(e goumai.Event) {
	if e.Public {
		l.public[objectKey(e.ObjectType, e.ObjectID)] = e.State
	}
}

func (l *logLookup) State(_ context.Context, table string, key any) (json.RawMessage, error) {
	if _, ok := tableByName(table); !ok {
		return nil, fmt.Errorf("publish: %s is not an audited table", table)
	}
	st := l.state[objectKey(table, fmt.Sprint(key))]
	if len(st) == 0 || bytes.Equal(st, []byte("null")) {
		return nil, nil
	}
	return st, nil
}

func (l *logLookup) Previous(_ context.Context, objectType, objectID string, _ int64) (json.RawMessage, error) {
	st := l.public[objectKey(objectType, objectID)]
	if len(st) == 0 || bytes.Equal(st, []byte("null")) {
		return nil, nil
	}
	return st, nil
}

// verifyReleases is log verify's check "OCDS releases match the log".
func verifyReleases(ctx context.Context, s *Store, problem func(format string, args ...any)) error {
	rep, err := s.RebuildReleases(ctx, false)
	if err != nil {
		return fmt.Errorf("ocds releases: %w", err)
	}
	if rep.Stored == 0 && rep.Releases > 0 {
		// A database from before releases were published: one problem, not one per release.
		problem("ocds releases: none stored, the log yields %d (a database from before goumai published releases): goumai ocds rebuild writes them", rep.Releases)
		return nil
	}
	const shown = 20
	for i, d := range rep.Diffs {
		if i == shown {
			problem("ocds releases: %d more differences from the log (goumai ocds rebuild --check lists them all)", len(rep.Diffs)-shown)
			break
		}
		problem("%s", d)
	}
	return nil
}
