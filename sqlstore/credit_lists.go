package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
)

// Credit lists and bans (ENG-A4, ENG-A5): each import is a new version of one
// list from one finance department, its entries written once.

func init() {
	registerTable(table{name: "credit_lists", key: "id", cols: []column{{"id", colInt}, {"kind", colText}, {"source_org_id", colInt},
		{"region", colText}, {"version", colInt}, {"source", colText}, {"file_sha256", colText}, {"entries", colInt},
		{"imported_at", colText}, {"imported_by", colNullInt}, {"superseded_by", colNullInt}}})
	registerTable(table{name: "credit_list_entries", key: "id", cols: []column{{"id", colInt}, {"list_id", colInt}, {"row_no", colInt},
		{"credit_code", colText}, {"name", colText}, {"authority", colText}, {"doc_no", colText}, {"starts_on", colNullText},
		{"ends_on", colNullText}, {"decided_on", colNullText}, {"penalty", colText}, {"reason", colText}}})
}

var (
	listWhat  = goumai.M("名单版本", "list version")
	entryWhat = goumai.M("名单条目", "list entry")
)

const creditListCols = `l.id, l.kind, l.source_org_id, o.name, l.region, l.version, l.source, l.file_sha256, l.entries, l.imported_at, l.superseded_by`

const creditListFrom = ` FROM credit_lists l JOIN orgs o ON o.id = l.source_org_id`

func scanCreditList(sc scanner) (goumai.CreditList, error) {
	var l goumai.CreditList
	var kind, at string
	var by sql.NullInt64
	err := sc.Scan(&l.ID, &kind, &l.SourceOrgID, &l.SourceName, &l.Region, &l.Version, &l.Source, &l.FileSHA256, &l.Entries, &at, &by)
	if err != nil {
		return l, err
	}
	l.Kind, l.SupersededBy = goumai.ListKind(kind), by.Int64
	l.ImportedAt, err = parseTime(at)
	return l, err
}

const creditEntryCols = `id, list_id, row_no, credit_code, name, authority, doc_no, starts_on, ends_on, decided_on, penalty, reason`

func scanCreditEntry(sc scanner) (goumai.CreditEntry, error) {
	var e goumai.CreditEntry
	var starts, ends, decided sql.NullString
	var penalty string
	err := sc.Scan(&e.ID, &e.ListID, &e.Row, &e.CreditCode, &e.Name, &e.Authority, &e.DocNo, &starts, &ends, &decided, &penalty, &e.Reason)
	if err != nil {
		return e, err
	}
	e.Penalty = goumai.Penalty(penalty)
	if e.StartsOn, err = parseNullTime(starts); err != nil {
		return e, err
	}
	if e.EndsOn, err = parseNullTime(ends); err != nil {
		return e, err
	}
	e.DecidedOn, err = parseNullTime(decided)
	return e, err
}

// LatestCreditList returns the current version of a list from a department,
// or the zero list (version 0) when it has imported none.
func (tx *Tx) LatestCreditList(ctx context.Context, kind goumai.ListKind, sourceOrgID int64) (goumai.CreditList, error) {
	l, err := scanCreditList(tx.tx.QueryRowContext(ctx, `SELECT `+creditListCols+creditListFrom+`
		WHERE l.kind = $1 AND l.source_org_id = $2 AND l.superseded_by IS NULL`, string(kind), sourceOrgID))
	if err == sql.ErrNoRows {
		return goumai.CreditList{}, nil
	}
	return l, interpretError(err, listWhat)
}

// InsertCreditList inserts a list version (its file stored) and returns its id.
// Two imports of the same version at once: the second is EConflict. The caller records it.
func (tx *Tx) InsertCreditList(ctx context.Context, a goumai.Actor, l goumai.CreditList) (int64, error) {
	key, err := tx.writeRow(ctx, "credit_lists", `INSERT INTO credit_lists (kind, source_org_id, region, version, source, file_sha256,
		entries, imported_at, imported_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		string(l.Kind), l.SourceOrgID, l.Region, l.Version, l.Source, l.FileSHA256, l.Entries, formatTime(tx.now), nullInt(a.UserID))
	if err != nil {
		return 0, interpretError(err, listWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// SupersedeCreditList marks version id as replaced by version by (EStale if
// it already was). The caller records it.
func (tx *Tx) SupersedeCreditList(ctx context.Context, id, by int64) error {
	return tx.supersede(ctx, "credit_lists", id, by, listWhat,
		goumai.M("该名单已有更新的版本，请刷新后重试", "a newer version of this list was imported meanwhile: reload and try again"))
}

// supersede sets superseded_by of row id of a versioned table to by, unless
// another version replaced it first (EStale with the message stale).
func (tx *Tx) supersede(ctx context.Context, table string, id, by int64, what, stale goumai.Msg) error {
	_, err := tx.writeRow(ctx, table, `UPDATE `+table+` SET superseded_by = $1 WHERE id = $2 AND superseded_by IS NULL`, by, id)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return &goumai.Error{Code: goumai.EStale, Message: stale}
	}
	return interpretError(err, what)
}

// InsertCreditEntry inserts one entry of a list version and returns its id. The caller records it.
func (tx *Tx) InsertCreditEntry(ctx context.Context, e goumai.CreditEntry) (int64, error) {
	key, err := tx.writeRow(ctx, "credit_list_entries", `INSERT INTO credit_list_entries (list_id, row_no, credit_code, name, authority,
		doc_no, starts_on, ends_on, decided_on, penalty, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		e.ListID, e.Row, e.CreditCode, e.Name, e.Authority, e.DocNo, nullTime(e.StartsOn), nullTime(e.EndsOn), nullTime(e.DecidedOn),
		string(e.Penalty), e.Reason)
	if err != nil {
		return 0, interpretError(err, entryWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// CreditList returns one list version.
func (s *Store) CreditList(ctx context.Context, id int64) (goumai.CreditList, error) {
	l, err := scanCreditList(s.r.QueryRowContext(ctx, `SELECT `+creditListCols+creditListFrom+` WHERE l.id = $1`, id))
	return l, interpretError(err, listWhat)
}

// CreditListFilter selects list versions, newest first, keyset-paged by id.
type CreditListFilter struct {
	Kind        goumai.ListKind // "" for every kind
	CurrentOnly bool            // only versions not superseded
	BeforeID    int64
	Limit       int
}

// FindCreditLists lists list versions, newest first. Without a kind it
// merges the lists of every kind (each read from its own index).
func (s *Store) FindCreditLists(ctx context.Context, f CreditListFilter) ([]goumai.CreditList, error) {
	if f.Kind != "" {
		return findCreditLists(ctx, s.r, f)
	}
	return mergeNewest(goumai.ListKinds, f.Limit, func(k goumai.ListKind) ([]goumai.CreditList, error) {
		g := f
		g.Kind = k
		return findCreditLists(ctx, s.r, g)
	}, func(l goumai.CreditList) int64 { return l.ID })
}

// mergeNewest runs a list query once per value of a filter and merges the
// pages into one, newest (highest id) first, cut at limit: the newest n of
// the union are among the newest n of each part.
func mergeNewest[K, T any](keys []K, limit int, page func(K) ([]T, error), id func(T) int64) ([]T, error) {
	var out []T
	for _, k := range keys {
		part, err := page(k)
		if err != nil {
			return nil, err
		}
		out = append(out, part...)
	}
	slices.SortFunc(out, func(a, b T) int { return cmp.Compare(id(b), id(a)) })
	if limit <= 0 {
		limit = 100
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// CurrentCreditLists returns the current version of every list from every
// department: what a check reads.
// The transaction reads them once (txMemo).
func (tx *Tx) CurrentCreditLists(ctx context.Context) ([]goumai.CreditList, error) {
	fresh := tx.memoOK("credit_lists", "orgs")
	if fresh && tx.memo.lists != nil {
		return slices.Clone(tx.memo.lists), nil
	}
	out, err := currentCreditLists(ctx, tx.prepared())
	if err != nil {
		return nil, err
	}
	if fresh {
		tx.memo.lists = slices.Clone(out)
	}
	return out, nil
}

// currentCreditLists reads the current version of every list, kind by kind.
func currentCreditLists(ctx context.Context, q querier) ([]goumai.CreditList, error) {
	out := []goumai.CreditList{}
	for _, k := range goumai.ListKinds {
		ls, err := findCreditLists(ctx, q, CreditListFilter{Kind: k, CurrentOnly: true, Limit: 1000})
		if err != nil {
			return nil, err
		}
		out = append(out, ls...)
	}
	return out, nil
}

func findCreditLists(ctx context.Context, q querier, f CreditListFilter) ([]goumai.CreditList, error) {
	query, args := creditListsSQL(f)
	return queryList(ctx, q, listCreditLists, scanCreditList, query, args...)
}

func creditListsSQL(f CreditListFilter) (string, []any) {
	var w where
	if f.Kind != "" {
		w.add("l.kind = $%d", string(f.Kind))
	}
	if f.CurrentOnly {
		w.conds = append(w.conds, "l.superseded_by IS NULL")
	}
	if f.BeforeID > 0 {
		w.add("l.id < $%d", f.BeforeID)
	}
	limit := w.limit(f.Limit, 100, 1000)
	return `SELECT ` + creditListCols + creditListFrom + ` WHERE ` + w.sql() + ` ORDER BY l.id DESC LIMIT ` + limit, w.args
}

var listCreditLists = registerList("FindCreditLists", func(s *Store) []listSample {
	return []listSample{
		sample(creditListsSQL(CreditListFilter{Kind: goumai.ListBan, Limit: 100})),
		sample(creditListsSQL(CreditListFilter{Kind: goumai.ListBan, CurrentOnly: true, Limit: 1000})),
		sample(creditListsSQL(CreditListFilter{Kind: goumai.ListDishonestDebtor, BeforeID: 50, Limit: 100})),
	}
})

// CreditEntriesFor returns the entries of the given list versions that name
// an organisation by its credit code, and those with its name but another
// code — in one query (a supplier check runs at every bid submission).
func (tx *Tx) CreditEntriesFor(ctx context.Context, listIDs []int64, creditCode, name string) (byCode, byName []goumai.CreditEntry, err error) {
	return creditEntriesFor(ctx, tx.prepared(), listIDs, creditCode, name)
}

func creditEntriesFor(ctx context.Context, q querier, listIDs []int64, creditCode, name string) (byCode, byName []goumai.CreditEntry, err error) {
	if len(listIDs) == 0 {
		return nil, nil, nil
	}
	query, args := entriesForSQL(creditCode, name, listIDs)
	all, err := queryList(ctx, q, listEntriesFor, scanCreditEntry, query, args...)
	for _, e := range all {
		switch {
		case creditCode != "" && e.CreditCode == creditCode:
			byCode = append(byCode, e)
		case e.Name == name && e.CreditCode != creditCode:
			byName = append(byName, e)
		}
	}
	return byCode, byName, err
}

// entriesForSQL selects the entries of list versions by credit code (none
// when creditCode is empty) or by name: each side of the OR by its index.
func entriesForSQL(creditCode, name string, listIDs []int64) (string, []any) {
	var w where
	ids := make([]any, len(listIDs))
	for i, id := range listIDs {
		ids[i] = id
	}
	var sides []string
	for _, side := range []struct{ col, v string }{{"credit_code", creditCode}, {"name", name}} {
		if side.v == "" && side.col == "credit_code" { // no code: by name alone
			continue
		}
		var s where
		s.args = w.args
		s.add(side.col+" = $%d", side.v)
		s.in("list_id", ids...)
		w.args = s.args
		sides = append(sides, "("+s.sql()+")")
	}
	return `SELECT ` + creditEntryCols + ` FROM credit_list_entries WHERE ` + strings.Join(sides, " OR ") + ` ORDER BY id LIMIT 2000`, w.args
}

var listEntriesFor = registerList("CreditEntriesFor", func(s *Store) []listSample {
	return []listSample{
		sample(entriesForSQL("91330106MA27XK0Q1B", "杭州康宁养老服务有限公司", []int64{1, 2, 3, 4, 5})).sorted("one organisation's entries by code or name in a few list versions"),
		sample(entriesForSQL("", "杭州康宁养老服务有限公司", []int64{1, 2, 3})).sorted("one name's entries in a few list versions"),
	}
})

// CreditEntryFilter selects the entries of list versions, by id.
type CreditEntryFilter struct {
	ListIDs  []int64
	ActiveAt time.Time // not zero: only entries in force then (bans, listings)
	AfterID  int64
	Limit    int
}

// FindCreditEntries lists entries of list versions by id.
func (s *Store) FindCreditEntries(ctx context.Context, f CreditEntryFilter) ([]goumai.CreditEntry, error) {
	if len(f.ListIDs) == 0 {
		return nil, nil
	}
	query, args := creditEntriesSQL(f)
	return queryList(ctx, s.r, listCreditEntries, scanCreditEntry, query, args...)
}

func creditEntriesSQL(f CreditEntryFilter) (string, []any) {
	var w where
	ids := make([]any, len(f.ListIDs))
	for i, id := range f.ListIDs {
		ids[i] = id
	}
	w.in("list_id", ids...)
	if !f.ActiveAt.IsZero() {
		// Dates are stored as the start of their day: in force from starts_on's
		// day through ends_on's day.
		day := formatTime(goumai.StartOfDay(f.ActiveAt))
		w.add("(starts_on IS NULL OR starts_on <= $%d)", day)
		w.add("(ends_on IS NULL OR ends_on >= $%d)", day)
	}
	if f.AfterID > 0 {
		w.add("id > $%d", f.AfterID)
	}
	limit := w.limit(f.Limit, 100, 1000)
	return `SELECT ` + creditEntryCols + ` FROM credit_list_entries WHERE ` + w.sql() + ` ORDER BY id LIMIT ` + limit, w.args
}

var listCreditEntries = registerList("FindCreditEntries", func(s *Store) []listSample {
	return []listSample{
		sample(creditEntriesSQL(CreditEntryFilter{ListIDs: []int64{9}, Limit: 100})),
		sample(creditEntriesSQL(CreditEntryFilter{ListIDs: []int64{9}, AfterID: 500, Limit: 100})),
		sample(creditEntriesSQL(CreditEntryFilter{ListIDs: []int64{4, 9, 12}, ActiveAt: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), Limit: 100})).
			sorted("the entries of the current ban lists, one per department: their union needs a merge"),
	}
})
