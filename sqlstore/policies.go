package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goumai/goumai"
)

// The policy library (migration 0063, goumai.PolicyDoc): documents, every
// version of their text, which supersedes which, and a full-text index of
// their current version kept in the same transaction as each write, cut into
// tokens the way search.go cuts public content (so Chinese is found without
// spaces, and a query's words never become FTS5 or tsquery syntax).

func init() {
	registerTable(table{name: "policy_docs", key: "id", cols: []column{{"id", colInt}, {"title_zh", colText}, {"title_en", colText},
		{"number", colText}, {"authority", colText}, {"region", colText}, {"issued_on", colText}, {"effective_on", colText},
		{"status", colText}, {"supersedes_id", colNullInt}, {"source_url", colText}, {"licence", colText}, {"version", colInt},
		{"created_by", colNullInt}, {"created_at", colText}, {"updated_at", colText}}})
	registerTable(table{name: "policy_versions", key: "id", cols: []column{{"id", colInt}, {"doc_id", colInt}, {"version", colInt},
		{"body", colText}, {"note", colText}, {"effective_on", colText}, {"created_by", colNullInt}, {"created_at", colText}}})
	// The index is derived from the documents in the same transaction, like search_docs.
	logTables = append(logTables, "policy_search", "policy_fts", "policy_fts_config", "policy_fts_content", "policy_fts_data",
		"policy_fts_docsize", "policy_fts_idx")
}

var (
	policyWhat        = goumai.M("政策文件", "policy document")
	policyVersionWhat = goumai.M("政策文件版本", "policy document version")
)

const policyCols = `d.id, d.title_zh, d.title_en, d.number, d.authority, d.region, d.issued_on, d.effective_on, d.status, d.supersedes_id,
	d.source_url, d.licence, d.version, d.created_by, d.created_at, d.updated_at`

func scanPolicyDoc(sc scanner, extra ...any) (goumai.PolicyDoc, error) {
	var d goumai.PolicyDoc
	var status, created, updated string
	var supersedes, by sql.NullInt64
	dest := append([]any{&d.ID, &d.TitleZH, &d.TitleEN, &d.Number, &d.Authority, &d.Region, &d.IssuedOn, &d.EffectiveOn, &status,
		&supersedes, &d.SourceURL, &d.Licence, &d.Version, &by, &created, &updated}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return d, err
	}
	d.Status, d.SupersedesID, d.CreatedBy = goumai.PolicyStatus(status), supersedes.Int64, by.Int64
	return d, scanTimes(map[*time.Time]string{&d.CreatedAt: created, &d.UpdatedAt: updated}, nil)
}

// scanPolicyList scans a document of a list (without its text).
func scanPolicyList(sc scanner) (goumai.PolicyDoc, error) { return scanPolicyDoc(sc) }

// InsertPolicyDoc adds a document at version 1 with its text (d.Body) and
// indexes it; it returns the document's and the version's ids.
func (tx *Tx) InsertPolicyDoc(ctx context.Context, d goumai.PolicyDoc, note string) (int64, int64, error) {
	now := formatTime(tx.now)
	id, err := tx.insertRow(ctx, "policy_docs", policyWhat, `INSERT INTO policy_docs (title_zh, title_en, number, authority, region, issued_on,
		effective_on, status, supersedes_id, source_url, licence, version, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $13, $13)`,
		d.TitleZH, d.TitleEN, d.Number, d.Authority, d.Region, d.IssuedOn, d.EffectiveOn, string(d.Status), nullID(d.SupersedesID),
		d.SourceURL, d.Licence, nullID(d.CreatedBy), now)
	if err != nil {
		return 0, 0, err
	}
	d.ID = id
	vid, err := tx.InsertPolicyVersion(ctx, goumai.PolicyVersion{DocID: id, Version: 1, Body: d.Body, Note: note, EffectiveOn: d.EffectiveOn,
		CreatedBy: d.CreatedBy})
	if err != nil {
		return 0, 0, err
	}
	return id, vid, tx.indexPolicy(ctx, d)
}

// InsertPolicyVersion keeps a version of a document's text.
func (tx *Tx) InsertPolicyVersion(ctx context.Context, v goumai.PolicyVersion) (int64, error) {
	return tx.insertRow(ctx, "policy_versions", policyVersionWhat, `INSERT INTO policy_versions (doc_id, version, body, note, effective_on,
		created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, v.DocID, v.Version, v.Body, v.Note, v.EffectiveOn, nullID(v.CreatedBy),
		formatTime(tx.now))
}

// UpdatePolicyDoc writes a document's description, status, supersedes link
// and current version number, and reindexes it with d.Body (its current text).
func (tx *Tx) UpdatePolicyDoc(ctx context.Context, d goumai.PolicyDoc) error {
	_, err := tx.writeRow(ctx, "policy_docs", `UPDATE policy_docs SET title_zh = $1, title_en = $2, number = $3, authority = $4, region = $5,
		issued_on = $6, effective_on = $7, status = $8, supersedes_id = $9, source_url = $10, licence = $11, version = $12, updated_at = $13
		WHERE id = $14`, d.TitleZH, d.TitleEN, d.Number, d.Authority, d.Region, d.IssuedOn, d.EffectiveOn, string(d.Status),
		nullID(d.SupersedesID), d.SourceURL, d.Licence, d.Version, formatTime(tx.now), d.ID)
	if err != nil {
		return interpretError(err, policyWhat)
	}
	return tx.indexPolicy(ctx, d)
}

const policyOneSQL = `SELECT ` + policyCols + `, v.body FROM policy_docs d JOIN policy_versions v ON v.doc_id = d.id AND v.version = d.version WHERE d.id = $1`

// PolicyDoc returns a document with its current text, inside the transaction.
func (tx *Tx) PolicyDoc(ctx context.Context, id int64) (goumai.PolicyDoc, error) {
	var body string
	d, err := scanPolicyDoc(tx.queryRow(ctx, policyOneSQL, id), &body)
	d.Body = body
	return d, interpretError(err, policyWhat)
}

// PolicyDoc returns a document with its current text.
func (s *Store) PolicyDoc(ctx context.Context, id int64) (goumai.PolicyDoc, error) {
	var body string
	d, err := scanPolicyDoc(s.r.QueryRowContext(ctx, policyOneSQL, id), &body)
	d.Body = body
	return d, interpretError(err, policyWhat)
}

// PolicyByNumber returns the document of a region with a number (ENotFound if none).
func (s *Store) PolicyByNumber(ctx context.Context, region, number string) (goumai.PolicyDoc, error) {
	var body string
	d, err := scanPolicyDoc(s.r.QueryRowContext(ctx, `SELECT `+policyCols+`, v.body FROM policy_docs d
		JOIN policy_versions v ON v.doc_id = d.id AND v.version = d.version WHERE d.region = $1 AND d.number = $2`, region, number), &body)
	d.Body = body
	return d, interpretError(err, policyWhat)
}

const policyVersionsSQL = `SELECT id, doc_id, version, body, note, effective_on, created_by, created_at FROM policy_versions
	WHERE doc_id = $1 ORDER BY doc_id, version DESC`

var listPolicyVersions = registerList("PolicyVersions", func(s *Store) []listSample { return []listSample{sample(policyVersionsSQL, []any{3})} })

// PolicyVersions returns every version of a document, newest first.
func (s *Store) PolicyVersions(ctx context.Context, docID int64) ([]goumai.PolicyVersion, error) {
	return queryList(ctx, s.r, listPolicyVersions, func(sc scanner) (goumai.PolicyVersion, error) {
		var v goumai.PolicyVersion
		var by sql.NullInt64
		var created string
		if err := sc.Scan(&v.ID, &v.DocID, &v.Version, &v.Body, &v.Note, &v.EffectiveOn, &by, &created); err != nil {
			return v, err
		}
		v.CreatedBy = by.Int64
		return v, scanTimes(map[*time.Time]string{&v.CreatedAt: created}, nil)
	}, policyVersionsSQL, docID)
}

const policySupersededBySQL = `SELECT ` + policyCols + ` FROM policy_docs d WHERE d.supersedes_id = $1 ORDER BY d.supersedes_id, d.id`

var listPolicySupersededBy = registerList("PolicySupersededBy", func(s *Store) []listSample {
	return []listSample{sample(policySupersededBySQL, []any{3})}
})

// PolicySupersededBy returns the documents that supersede a document (the
// other side of their supersedes links).
func (s *Store) PolicySupersededBy(ctx context.Context, id int64) ([]goumai.PolicyDoc, error) {
	return queryList(ctx, s.r, listPolicySupersededBy, scanPolicyList, policySupersededBySQL, id)
}

// PolicyQuery is a search of the library: words and filters, and the page.
type PolicyQuery struct {
	Text      string // words of the title, number, authority or text
	Authority string // exact issuing authority
	Region    string // the root of a region subtree
	Status    string // one of goumai.PolicyStatuses
	Year      int    // year of issue; 0 for any
	After     string // the cursor of the previous page's last document
	Limit     int    // page size: 0 for the default, at most SearchMaxPage
}

// PolicyPage is a page of documents (without their text) and the next cursor.
type PolicyPage struct {
	Docs []goumai.PolicyDoc `json:"docs"`
	Next string             `json:"next,omitempty"`
}

// Check normalises q and returns a field error for every bad part.
func (q *PolicyQuery) Check() error {
	f := goumai.Fields{}
	q.Text, q.Authority, q.Region, q.Status = strings.TrimSpace(q.Text), strings.TrimSpace(q.Authority), strings.TrimSpace(q.Region), strings.TrimSpace(q.Status)
	if m := checkQueryText(q.Text); m != nil {
		f["q"] = *m
	}
	if m := goumai.CheckText(q.Authority); m != nil {
		f["authority"] = *m
	} else if utf8.RuneCountInString(q.Authority) > goumai.MaxPolicyShort {
		f["authority"] = goumai.M(fmt.Sprintf("不能超过 %d 个字", goumai.MaxPolicyShort), fmt.Sprintf("must be at most %d characters", goumai.MaxPolicyShort))
	}
	if len(q.Region) > 12 || !codeLike(q.Region) {
		f["region"] = goumai.M("只能是字母、数字或下划线组成的代码", "must be a code of letters, digits and underscores")
	}
	if q.Status != "" && !goumai.PolicyStatus(q.Status).Valid() {
		f["status"] = goumai.M("状态须为 in_force、superseded 或 repealed", "status must be in_force, superseded or repealed")
	}
	if q.Year != 0 && (q.Year < 1949 || q.Year > 2999) {
		f["year"] = goumai.M("年份须在 1949 到 2999 之间", "must be a year between 1949 and 2999")
	}
	checkPage(f, q.After, &q.Limit)
	return f.Err()
}

// Policies lists the library's documents by words and filters, latest issued
// first, a page at a time (keyset on the date of issue and the id).
func (s *Store) Policies(ctx context.Context, q PolicyQuery) (PolicyPage, error) {
	if err := q.Check(); err != nil {
		return PolicyPage{}, err
	}
	if none, err := s.nothingToFind(q.Region, q.Text); err != nil || none {
		return PolicyPage{Docs: []goumai.PolicyDoc{}}, err
	}
	query, args := s.policiesSQL(q)
	docs, err := queryList(ctx, s.r, listPolicies, scanPolicyList, query, args...)
	if err != nil {
		return PolicyPage{}, err
	}
	page := PolicyPage{Docs: docs}
	if page.Docs == nil {
		page.Docs = []goumai.PolicyDoc{}
	}
	if len(page.Docs) > q.Limit {
		page.Docs = page.Docs[:q.Limit]
		last := page.Docs[q.Limit-1]
		page.Next = last.IssuedOn + "_" + strconv.FormatInt(last.ID, 10)
	}
	return page, nil
}

func (s *Store) policiesSQL(q PolicyQuery) (string, []any) {
	w := &where{}
	if terms := searchTerms(q.Text); len(terms) > 0 {
		if s.dialect == Postgres {
			w.add("d.id IN (SELECT doc_id FROM policy_search WHERE tokens @@ $%d::tsquery)", tsQuery(terms))
		} else {
			w.add("d.id IN (SELECT rowid FROM policy_fts WHERE policy_fts MATCH $%d)", ftsMatch(terms))
		}
	}
	if q.Authority != "" {
		w.add("d.authority = $%d", q.Authority)
	}
	w.region(s, "d.region", q.Region)
	if q.Status != "" {
		w.add("d.status = $%d", q.Status)
	}
	if q.Year != 0 {
		w.add("d.issued_on >= $%d", fmt.Sprintf("%04d-01-01", q.Year))
		w.add("d.issued_on < $%d", fmt.Sprintf("%04d-01-01", q.Year+1))
	}
	if date, id, _ := parseCursor(q.After); date != "" {
		w.args = append(w.args, date, id)
		n := len(w.args)
		w.conds = append(w.conds, fmt.Sprintf("(d.issued_on, d.id) < ($%d, $%d)", n-1, n))
	}
	limit := w.limit(q.Limit+1, SearchPageSize+1, SearchMaxPage+1)
	return `SELECT ` + policyCols + ` FROM policy_docs d WHERE ` + w.sql() + ` ORDER BY d.issued_on DESC, d.id DESC LIMIT ` + limit, w.args
}

var listPolicies = registerList("Policies", func(s *Store) []listSample {
	return []listSample{
		sample(s.policiesSQL(PolicyQuery{Limit: 20, After: "2026-01-05_12"})), // the next page of the whole library
		sample(s.policiesSQL(PolicyQuery{Text: "政府购买服务", Limit: 20})).sorted("the documents matching the words are few (a library, not the procurement records)"),
		sample(s.policiesSQL(PolicyQuery{Status: "in_force", Year: 2020, Limit: 20, After: "2020-03-01_9"})),
		sample(s.policiesSQL(PolicyQuery{Authority: "财政部", Region: "330000", Limit: 20})),
	}
})

// policyMaxRunes bounds the indexed text of a document: PostgreSQL keeps
// token positions up to 16383, so phrases are found within the first 16,000
// characters (the founding notice has about 3,300).
const policyMaxRunes = 16000

// indexPolicy writes the document's tokens (title, number, authority, text).
func (tx *Tx) indexPolicy(ctx context.Context, d goumai.PolicyDoc) error {
	doc := searchDoc{title: d.TitleZH, code: d.Number, text: []string{d.TitleEN, d.Authority, d.Body}}
	tokens := doc.tokensWithin(policyMaxRunes, policyMaxRunes)
	if tx.s.dialect == Postgres {
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO policy_search (doc_id, tokens) VALUES ($1, $2::tsvector)
			ON CONFLICT (doc_id) DO UPDATE SET tokens = excluded.tokens`, d.ID, tsVector(tokens))
		return err
	}
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM policy_fts WHERE rowid = $1`, d.ID); err != nil {
		return err
	}
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO policy_fts (rowid, tokens) VALUES ($1, $2)`, d.ID, strings.Join(tokens, " "))
	return err
}

// PublicFigure is how many documents of a kind are published and their amount.
type PublicFigure struct {
	Kind   string     `json:"kind"`
	Count  int64      `json:"count"`
	Amount goumai.Fen `json:"amount"` // fen; 0 for suppliers
}

// PublicFigures counts the published projects, notices, suppliers and
// contracts, with the amounts of projects and contracts, from the search
// index (public content only), and the library's documents in force.
func (s *Store) PublicFigures(ctx context.Context) ([]PublicFigure, error) {
	var out []PublicFigure
	for _, kind := range SearchKinds {
		f := PublicFigure{Kind: kind}
		var amount int64
		if err := s.r.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(amount), 0) FROM search_docs WHERE kind = $1`, kind).Scan(&f.Count, &amount); err != nil {
			return nil, fmt.Errorf("public figures: %w", err)
		}
		if kind == SearchProject || kind == SearchContract {
			f.Amount = goumai.Fen(amount)
		}
		out = append(out, f)
	}
	f := PublicFigure{Kind: "policy"}
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM policy_docs WHERE status = $1`, string(goumai.PolicyInForce)).Scan(&f.Count); err != nil {
		return nil, fmt.Errorf("public figures: %w", err)
	}
	return append(out, f), nil
}
