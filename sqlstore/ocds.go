package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/ocds/publish"
)

func init() {
	registerTable(table{name: "ocds_publisher", key: "id", cols: []column{{"id", colInt}, {"ocid_prefix", colText}}})
	appendHooks = append(appendHooks, publishReleases)
}

// publisherMigration creates ocds_publisher.
const publisherMigration = 48

// ocidPrefix is the form the Open Contracting Partnership registers: "ocds-"
// and six lower-case letters or digits.
var ocidPrefix = regexp.MustCompile(`^ocds-[a-z0-9]{6}$`)

// initPublisher fixes the instance's ocid prefix at the first start (the
// option's, or publish.DefaultPrefix), recording it as a public event, and
// loads it afterwards. A different prefix asked of an existing database is
// refused: the ocids already published must not change.
func (s *Store) initPublisher(ctx context.Context) error {
	want := s.pub.Prefix
	if want != "" && !ocidPrefix.MatchString(want) {
		return goumai.Fields{"ocid_prefix": goumai.M(
			"ocid 前缀应为 ocds- 加 6 位小写字母或数字（向开放合同伙伴组织登记），例如 ocds-abc123",
			`the ocid prefix is "ocds-" and six lower-case letters or digits (registered with the Open Contracting Partnership), e.g. ocds-abc123`)}.Err()
	}
	var have string
	err := s.w.QueryRowContext(ctx, `SELECT ocid_prefix FROM ocds_publisher WHERE id = 1`).Scan(&have)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if want == "" {
			want = publish.DefaultPrefix
		}
		err = s.Update(ctx, func(tx *Tx) error {
			if _, err := tx.writeRow(ctx, "ocds_publisher", `INSERT INTO ocds_publisher (id, ocid_prefix) VALUES (1, $1)`, want); err != nil {
				return err
			}
			_, err := tx.Record(ctx, Change{Actor: goumai.System, Action: "ocds.publisher", Table: "ocds_publisher", Key: 1, Region: goumai.NationalCode, Public: true})
			return err
		})
		have = want
	case err == nil && want != "" && want != have:
		return goumai.Fields{"ocid_prefix": goumai.M(
			fmt.Sprintf("本实例的 ocid 前缀在首次启动时已定为 %s，不能更改（已发布的 ocid 不得改变）", have),
			fmt.Sprintf("this instance's ocid prefix was fixed at %s at its first start and cannot change (published ocids must not change)", have))}.Err()
	}
	if err != nil {
		return fmt.Errorf("ocds publisher: %w", err)
	}
	s.pub.Prefix = have
	return nil
}

// OCIDPrefix is the instance's ocid prefix.
func (s *Store) OCIDPrefix() string { return s.pub.Prefix }

// publishReleases writes the OCDS releases of the transaction's public events,
// keyed by their leaf indices, in the transaction that appends them.
//
// Then the red flags of the processes released are brought up to date
// (redflags_update.go), in the same transaction.
func publishReleases(ctx context.Context, tx *Tx, events []goumai.Event) error {
	var ocids []string
	for _, e := range events {
		if !e.Public || !publish.Published(e.Action) {
			continue
		}
		rs, err := tx.s.pub.Releases(ctx, txLookup{tx: tx, at: e.ID}, e)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if err := tx.insertRelease(ctx, r); err != nil {
				return err
			}
			if !slices.Contains(ocids, r.OCID) {
				ocids = append(ocids, r.OCID)
			}
		}
	}
	if err := tx.updateCardinal(ctx, ocids); err != nil {
		return err
	}
	return tx.updateRedFlags(ctx, ocids)
}

func (tx *Tx) insertRelease(ctx context.Context, r publish.Release) error {
	d := r.Date.In(publish.China)
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO ocds_releases (log_index, ocid, release_id, date, tags, region, year, body)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		r.LogIndex, r.OCID, r.ID, d.Format(publish.DateLayout), strings.Join(r.Tags, " "), r.Region, d.Year(), string(r.Body))
	if err != nil {
		return fmt.Errorf("ocds release of event %d: %w", r.LogIndex, err)
	}
	return nil
}

// txLookup reads audited rows' states for the publisher inside the
// transaction, as the log recorded them at the event being published (leaf
// index at): an object's latest event at or before it. The transaction's
// events are in the log already when the hook runs, and a row's state is
// its latest event's (log verify checks it), so this is the row's state
// unless a later event of the same transaction changed the object: then the
// release still describes the object as it was at its event. The release is
// thus a function of the log alone, which RebuildReleases recomputes.
type txLookup struct {
	tx *Tx
	at int64
}

func (l txLookup) State(ctx context.Context, table string, key any) (json.RawMessage, error) {
	t, ok := tableByName(table)
	if !ok {
		return nil, fmt.Errorf("publish: %s is not an audited table", table)
	}
	var state string
	err := l.tx.tx.QueryRowContext(ctx, `SELECT state FROM events WHERE object_type = $1 AND object_id = $2 AND id <= $3
		ORDER BY id DESC LIMIT 1`, table, fmt.Sprint(key), l.at).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) || state == "null" {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s %v: %w", table, key, err)
	}
	return json.RawMessage(t.upgradeState([]byte(state))), nil
}

// Previous reads the state the object's latest public event before the leaf
// index before recorded (publish.PreviousLookup): what a deletion's release
// needs, e.g. a withdrawn award's.
func (l txLookup) Previous(ctx context.Context, objectType, objectID string, before int64) (json.RawMessage, error) {
	var state string
	err := l.tx.tx.QueryRowContext(ctx, `SELECT state FROM events WHERE object_type = $1 AND object_id = $2 AND id < $3 AND public = TRUE
		ORDER BY id DESC LIMIT 1`, objectType, objectID, before).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) || state == "null" {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return json.RawMessage(state), nil
}

// StoredRelease is a published release as the feed and the bulk files serve it.
type StoredRelease struct {
	LogIndex int64
	OCID     string
	Date     string
	Region   string
	Body     json.RawMessage
}

func scanRelease(r scanner) (StoredRelease, error) {
	var out StoredRelease
	var body string
	err := r.Scan(&out.LogIndex, &out.OCID, &out.Date, &out.Region, &body)
	out.Body = json.RawMessage(body)
	return out, err
}

// ReleaseFilter selects published releases.
type ReleaseFilter struct {
	After  int64  // only log indices above After (-1: from the start)
	OCID   string // one process
	Region string // a region and its subtree
	Year   int    // the release date's year, in China
	Limit  int    // at most this many (0: all)
}

// Watermark is the position below which every release has committed: the
// log's committed size, read from its head. The head advances in the
// transaction that appends the leaves (and their releases), and transactions
// append one after another under the head's lock (SQLite's single writer),
// so a release below the watermark is visible, and one whose transaction is
// still in flight is at or above it.
func (s *Store) Watermark(ctx context.Context) (int64, error) { return s.TreeSize(ctx) }

var listReleases = registerList("Releases", func(s *Store) []listSample {
	return []listSample{
		sample(s.releasesSQL(ReleaseFilter{After: -1, Limit: 100}, 5000)),
		sample(s.releasesSQL(ReleaseFilter{After: 4000, Limit: 1000}, 5000)),
		sample(s.releasesSQL(ReleaseFilter{After: -1, OCID: "ocds-gm0000-1"}, 5000)),
		sample(s.releasesSQL(ReleaseFilter{After: -1, Year: 2026}, 5000)),
		sample(s.releasesSQL(ReleaseFilter{After: -1, Region: "330106"}, 5000)),
		sample(s.releasesSQL(ReleaseFilter{After: -1, Region: "330100"}, 5000)).sorted("a prefecture's regions each give their releases in log order"),
		sample(s.releasesSQL(ReleaseFilter{After: -1}, 5000)).wholeTable("the bulk file of every release, on purpose"),
	}
})

// releasesSQL selects the releases f asks for below the watermark, in log order.
func (s *Store) releasesSQL(f ReleaseFilter, watermark int64) (string, []any) {
	var w where
	w.add("log_index > $%d", f.After)
	w.add("log_index < $%d", watermark)
	if f.OCID != "" {
		w.add("ocid = $%d", f.OCID)
	}
	w.region(s, "region", f.Region)
	if f.Year != 0 {
		w.add("year = $%d", f.Year)
	}
	q := `SELECT log_index, ocid, date, region, body FROM ocds_releases WHERE ` + w.sql() + ` ORDER BY log_index`
	if f.Limit > 0 {
		q += " LIMIT " + w.limit(f.Limit, f.Limit, f.Limit)
	}
	return q, w.args
}

// Releases calls fn for the published releases that f selects, in log order,
// below the watermark read first, which it returns. It streams: memory stays
// flat whatever the number of releases.
func (s *Store) Releases(ctx context.Context, f ReleaseFilter, fn func(StoredRelease) error) (watermark int64, err error) {
	if watermark, err = s.Watermark(ctx); err != nil {
		return 0, err
	}
	q, args := s.releasesSQL(f, watermark)
	return watermark, eachList(ctx, s.r, listReleases, func(r scanner) error {
		rel, err := scanRelease(r)
		if err != nil {
			return err
		}
		return fn(rel)
	}, q, args...)
}

var listReleasesByOCID = registerList("ReleasesByOCID", func(s *Store) []listSample {
	return []listSample{
		sample(releasesByOCIDSQL(5000)).wholeTable("the bulk records file compiles every process, on purpose"),
	}
})

func releasesByOCIDSQL(watermark int64) (string, []any) {
	return `SELECT log_index, ocid, date, region, body FROM ocds_releases WHERE log_index < $1 ORDER BY ocid, log_index`, []any{watermark}
}

// ReleasesByOCID calls fn for every published release below the watermark,
// grouped by ocid (ocids in order, each one's releases in log order): the
// input of the records file. It streams.
func (s *Store) ReleasesByOCID(ctx context.Context, fn func(StoredRelease) error) error {
	watermark, err := s.Watermark(ctx)
	if err != nil {
		return err
	}
	q, args := releasesByOCIDSQL(watermark)
	return eachList(ctx, s.r, listReleasesByOCID, func(r scanner) error {
		rel, err := scanRelease(r)
		if err != nil {
			return err
		}
		return fn(rel)
	}, q, args...)
}
