package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/goumai/goumai"
)

// Search (issue 11): the public projects, notices, suppliers and contracts are
// indexed by the hook below, in the transaction of their public events, so
// only what was published is ever found. Chinese has no spaces between words,
// so the text is cut into tokens in Go: every Han run gives its overlapping
// character bigrams (and its last character alone, so that one character can
// be looked up by prefix), every other run of letters or digits a lower-cased
// word. SQLite indexes the tokens with FTS5 (unicode61 over the spaces), and
// PostgreSQL as a tsvector cast from text (no parser involved) with a GIN
// index. A query is cut the same way and each of its runs must appear as a
// phrase, so two- and three-character words are found where they occur and
// nowhere else (养老服 is 养老 followed by 老服).

func init() { appendHooks = append(appendHooks, indexSearch) }

// The kinds of search document.
const (
	SearchProject  = "project"
	SearchNotice   = "notice"
	SearchSupplier = "supplier"
	SearchContract = "contract"
)

// SearchKinds lists the kinds in display order.
var SearchKinds = []string{SearchProject, SearchNotice, SearchSupplier, SearchContract}

// Search limits.
const (
	SearchMaxQuery   = 100 // characters of a query
	SearchPageSize   = 20  // the default page
	SearchMaxPage    = 100 // the largest page
	searchMaxRunes   = 6000
	searchMaxTokens  = 8000
	searchMaxWord    = 64 // runes of a word kept (PostgreSQL refuses lexemes over 2047 bytes)
	searchDateLayout = "2006-01-02"
)

// SearchQuery is a search: the text and filters, and the page.
type SearchQuery struct {
	Text       string     // words to find; "" lists by the filters alone
	Kind       string     // one of SearchKinds; "" for all
	Region     string     // the root of a region subtree
	Catalog    string     // a catalogue code: that category and those under it
	Method     string     // procurement method
	Stage      string     // the project's status, the notice's kind, the contract's status
	AmountMin  goumai.Fen // 0 for no bound
	AmountMax  goumai.Fen // 0 for no bound
	From, To   string     // dates YYYY-MM-DD (China), inclusive; "" for no bound
	SupplierID int64      // the supplier (a supplier itself, or a contract's)
	After      string     // the cursor of the previous page's last hit
	Limit      int        // page size: 0 for the default, at most SearchMaxPage
}

// SearchHit is one document found.
type SearchHit struct {
	Kind          string `json:"kind"`
	ID            int64  `json:"id"`
	Title         string `json:"title"`
	Code          string `json:"code"`
	Region        string `json:"region"`
	CatalogCode   string `json:"catalog_code,omitempty"`
	Method        string `json:"method,omitempty"`
	Stage         string `json:"stage,omitempty"`
	Amount        *int64 `json:"amount,omitempty"` // fen
	Date          string `json:"date"`
	SupplierOrgID int64  `json:"supplier_org_id,omitempty"`
	LogIndex      int64  `json:"log_index"` // the public event it was last indexed from
	docID         int64  // the keyset's tie-breaker
}

// SearchPage is a page of hits and the cursor of the next ("" at the end).
type SearchPage struct {
	Hits []SearchHit `json:"hits"`
	Next string      `json:"next,omitempty"`
}

// searchPunct is the punctuation a query may hold besides letters, digits and
// spaces: what names and codes contain. The query syntax of either database
// (" * ( ) : ^ ' = ; and the like) is refused with a clear message rather
// than silently dropped.
const searchPunct = "-_./·・、，,。（）《》“”‘’&+#"

// Check normalises q and returns a field error for every bad part.
func (q *SearchQuery) Check() error {
	f := goumai.Fields{}
	q.Text = strings.TrimSpace(q.Text)
	if m := checkQueryText(q.Text); m != nil {
		f["q"] = *m
	}
	if q.Kind != "" && !oneOf(q.Kind, SearchKinds) {
		f["kind"] = goumai.M("类别须为 project、notice、supplier 或 contract", "kind must be project, notice, supplier or contract")
	}
	for _, c := range []struct {
		name string
		v    *string
		max  int
	}{{"region", &q.Region, 12}, {"catalog", &q.Catalog, 20}, {"method", &q.Method, 40}, {"stage", &q.Stage, 40}} {
		*c.v = strings.TrimSpace(*c.v)
		if len(*c.v) > c.max || !codeLike(*c.v) {
			f[c.name] = goumai.M("只能是字母、数字或下划线组成的代码", "must be a code of letters, digits and underscores")
		}
	}
	if q.AmountMin < 0 {
		f["amount_min"] = goumai.M("不能为负数", "must not be negative")
	}
	if q.AmountMax < 0 || q.AmountMax > 0 && q.AmountMax < q.AmountMin {
		f["amount_max"] = goumai.M("须不小于下限", "must not be below the lower bound")
	}
	for _, d := range []struct {
		name string
		v    *string
	}{{"from", &q.From}, {"to", &q.To}} {
		*d.v = strings.TrimSpace(*d.v)
		if *d.v == "" {
			continue
		}
		if t, err := time.Parse(searchDateLayout, *d.v); err != nil || t.Format(searchDateLayout) != *d.v {
			f[d.name] = goumai.M("日期格式须为 YYYY-MM-DD", "must be a date YYYY-MM-DD")
		}
	}
	if q.From != "" && q.To != "" && q.To < q.From && f["to"].EN == "" {
		f["to"] = goumai.M("不能早于起始日期", "must not be before the start date")
	}
	if q.SupplierID < 0 {
		f["supplier"] = goumai.M("须为单位编号", "must be an organisation id")
	}
	checkPage(f, q.After, &q.Limit)
	return f.Err()
}

// checkPage checks a page's cursor and size (0 becomes the default).
func checkPage(f goumai.Fields, after string, limit *int) {
	if _, _, ok := parseCursor(after); !ok {
		f["after"] = goumai.M("翻页位置无效", "is not a valid page cursor")
	}
	switch {
	case *limit < 0 || *limit > SearchMaxPage:
		f["limit"] = goumai.M(fmt.Sprintf("每页条数须在 1 到 %d 之间", SearchMaxPage), fmt.Sprintf("must be between 1 and %d", SearchMaxPage))
	case *limit == 0:
		*limit = SearchPageSize
	}
}

// nothingToFind checks a search's region and reports whether its words are
// only separators, so that nothing is to be found.
func (s *Store) nothingToFind(region, text string) (bool, error) {
	if _, ok := s.regions.Get(region); region != "" && !ok {
		return false, goumai.Fields{"region": goumai.M("没有此行政区划", "no such region")}.Err()
	}
	return text != "" && len(searchTerms(text)) == 0, nil
}

// checkQueryText checks the words of a query (trimmed): valid text on one
// line, at most SearchMaxQuery characters, letters, digits, spaces and the
// punctuation of names and codes only — never the syntax of FTS5 or tsquery.
func checkQueryText(text string) *goumai.Msg {
	var m goumai.Msg
	switch {
	case goumai.CheckText(text) != nil:
		return goumai.CheckText(text)
	case strings.ContainsAny(text, "\t\n\r"):
		m = goumai.M("不能包含换行或制表符", "must not contain line breaks or tabs")
	case utf8.RuneCountInString(text) > SearchMaxQuery:
		m = goumai.M(fmt.Sprintf("不能超过 %d 个字", SearchMaxQuery), fmt.Sprintf("must be at most %d characters", SearchMaxQuery))
	default:
		for _, r := range text {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) && r != ' ' && r != '\u3000' && !strings.ContainsRune(searchPunct, r) {
				m = goumai.M(fmt.Sprintf("不能包含字符「%c」：请只输入文字、数字和空格", r),
					fmt.Sprintf("must not contain the character ‘%c’: type words, digits and spaces only", r))
				return &m
			}
		}
		return nil
	}
	return &m
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

// codeLike reports whether s is empty or letters, digits and underscores (ASCII).
func codeLike(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// A cursor is the last hit's date and document id: "2026-03-02_17".
func cursorOf(h SearchHit) string { return h.Date + "_" + strconv.FormatInt(h.docID, 10) }

func parseCursor(c string) (date string, id int64, ok bool) {
	if c == "" {
		return "", 0, true
	}
	d, n, found := strings.Cut(c, "_")
	if !found || len(c) > 40 {
		return "", 0, false
	}
	if t, err := time.Parse(searchDateLayout, d); err != nil || t.Format(searchDateLayout) != d {
		return "", 0, false
	}
	id, err := strconv.ParseInt(n, 10, 64)
	if err != nil || id <= 0 {
		return "", 0, false
	}
	return d, id, true
}

// searchRun is one run of a text: a Han run or a word.
type searchRun struct {
	text []rune
	han  bool
}

// searchRuns cuts s into runs of Han characters and runs of other letters
// and digits (lower-cased, cut to searchMaxWord); everything else separates runs.
func searchRuns(s string) []searchRun {
	var out []searchRun
	var cur []rune
	han := false
	flush := func() {
		if len(cur) > 0 {
			out = append(out, searchRun{cur, han})
			cur = nil
		}
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			if !han {
				flush()
			}
			han = true
			cur = append(cur, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) && len(cur) > 0 && !han:
			if han {
				flush()
			}
			han = false
			if len(cur) < searchMaxWord {
				cur = append(cur, unicode.ToLower(r))
			}
		default:
			flush()
		}
	}
	flush()
	return out
}

// bigrams are a Han run's overlapping pairs (the character itself for one).
func (r searchRun) bigrams() []string {
	if len(r.text) == 1 {
		return []string{string(r.text)}
	}
	out := make([]string, 0, len(r.text)-1)
	for i := 0; i+1 < len(r.text); i++ {
		out = append(out, string(r.text[i:i+2]))
	}
	return out
}

// SearchTokens returns the tokens a document's text is indexed as: each Han
// run's bigrams followed by its last character, each word lower-cased.
func SearchTokens(s string) []string {
	var out []string
	for _, r := range searchRuns(s) {
		if !r.han {
			out = append(out, string(r.text))
			continue
		}
		out = append(out, r.bigrams()...)
		if len(r.text) > 1 {
			out = append(out, string(r.text[len(r.text)-1]))
		}
	}
	return out
}

// searchTerm is a phrase of a query: its tokens must follow one another; a
// prefix term (one Han character) matches any token starting with it.
type searchTerm struct {
	tokens []string
	prefix bool
}

func searchTerms(q string) []searchTerm {
	var out []searchTerm
	for _, r := range searchRuns(q) {
		switch {
		case !r.han:
			out = append(out, searchTerm{tokens: []string{string(r.text)}})
		case len(r.text) == 1:
			out = append(out, searchTerm{tokens: []string{string(r.text)}, prefix: true})
		default:
			out = append(out, searchTerm{tokens: r.bigrams()})
		}
	}
	return out
}

// ftsMatch is the FTS5 expression of terms: quoted phrases ANDed. The tokens
// are letters and digits only; quotes are doubled all the same.
func ftsMatch(terms []searchTerm) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		p := `"` + strings.ReplaceAll(strings.Join(t.tokens, " "), `"`, `""`) + `"`
		if t.prefix {
			p += "*"
		}
		parts[i] = p
	}
	return strings.Join(parts, " AND ")
}

// tsLexeme quotes a lexeme for tsvector and tsquery input.
func tsLexeme(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(s) + "'"
}

// tsQuery is the tsquery text of terms: phrases (<->) ANDed.
func tsQuery(terms []searchTerm) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		ls := make([]string, len(t.tokens))
		for j, tok := range t.tokens {
			ls[j] = tsLexeme(tok)
			if t.prefix {
				ls[j] += ":*"
			}
		}
		parts[i] = "(" + strings.Join(ls, " <-> ") + ")"
	}
	return strings.Join(parts, " & ")
}

// tsVector is the tsvector text of tokens with their positions (1-based).
func tsVector(tokens []string) string {
	var b strings.Builder
	for i, t := range tokens {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tsLexeme(t))
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(i + 1))
	}
	return b.String()
}

// Search finds public documents: by text (every run of the query as a phrase)
// and filters, newest first, a page at a time (keyset on date and id).
func (s *Store) Search(ctx context.Context, q SearchQuery) (SearchPage, error) {
	if err := q.Check(); err != nil {
		return SearchPage{}, err
	}
	if none, err := s.nothingToFind(q.Region, q.Text); err != nil || none {
		return SearchPage{Hits: []SearchHit{}}, err // only separators: nothing to find
	}
	common, err := s.commonTerms(ctx, q)
	if err != nil {
		return SearchPage{}, err
	}
	if common && q.Region != "" && len(s.subtreeCodes(q.Region)) > 1 {
		// A subtree of several regions gives its documents in date order only
		// after a sort of them all: walking them to check each would read the
		// whole subtree (BENCHMARKS.md), so its matches are collected instead.
		common = false
	}
	query, args := s.searchSQL(q, common)
	hits, err := queryList(ctx, s.r, listSearch, scanSearchHit, query, args...)
	if err != nil {
		return SearchPage{}, err
	}
	page := SearchPage{Hits: hits}
	if page.Hits == nil {
		page.Hits = []SearchHit{}
	}
	if len(page.Hits) > q.Limit {
		page.Hits = page.Hits[:q.Limit]
		page.Next = cursorOf(page.Hits[q.Limit-1])
	}
	return page, nil
}

// commonAt is the number of matching documents from which the words of a
// query are common: their matches are then not collected and sorted (which
// costs as many as there are — hundreds of thousands for 养老 at a million
// projects) but the documents are walked newest first through the date (or
// filter) index, each checked against the words, until the page is full.
// Below it the matches are few: collected through the text index and sorted.
var commonAt = 2000

// commonTerms reports whether the query's words match at least commonAt
// documents, counting no further than that.
func (s *Store) commonTerms(ctx context.Context, q SearchQuery) (bool, error) {
	terms := searchTerms(q.Text)
	if len(terms) == 0 {
		return false, nil
	}
	query, arg := `SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH $1 LIMIT $2) m`, any(ftsMatch(terms))
	if s.dialect == Postgres {
		query, arg = `SELECT count(*) FROM (SELECT 1 FROM search_docs WHERE tokens @@ $1::tsquery LIMIT $2) m`, tsQuery(terms)
	}
	var n int
	if err := s.r.QueryRowContext(ctx, query, arg, commonAt).Scan(&n); err != nil {
		return false, fmt.Errorf("search: count matches: %w", err)
	}
	return n >= commonAt, nil
}

// searchSQL builds Search's query (q checked): one row more than the page,
// to know whether there is a next one. With common words (commonTerms) each
// document met in date order is checked against them, without the text
// index (ts_match_vq is @@ without its index; an FTS5 MATCH on one rowid).
func (s *Store) searchSQL(q SearchQuery, common bool) (string, []any) {
	w := &where{}
	if terms := searchTerms(q.Text); len(terms) > 0 {
		switch {
		case s.dialect == Postgres && common:
			w.add("ts_match_vq(d.tokens, $%d::tsquery)", tsQuery(terms))
		case s.dialect == Postgres:
			w.add("d.tokens @@ $%d::tsquery", tsQuery(terms))
		case common:
			w.add("EXISTS (SELECT 1 FROM search_fts WHERE search_fts MATCH $%d AND rowid = d.id)", ftsMatch(terms))
		default:
			w.add("d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH $%d)", ftsMatch(terms))
		}
	}
	if q.Kind != "" {
		w.add("d.kind = $%d", q.Kind)
	}
	w.region(s, "d.region", q.Region)
	if q.Catalog != "" {
		w.add("d.catalog_code LIKE $%d", q.Catalog+"%") // a code of letters, digits and _ (checked): _ matches itself or one character
	}
	if q.Method != "" {
		w.add("d.method = $%d", q.Method)
	}
	if q.Stage != "" {
		w.add("d.stage = $%d", q.Stage)
	}
	if q.AmountMin > 0 {
		w.add("d.amount >= $%d", int64(q.AmountMin))
	}
	if q.AmountMax > 0 {
		w.add("d.amount <= $%d", int64(q.AmountMax))
	}
	if q.From != "" {
		w.add("d.date >= $%d", q.From)
	}
	if q.To != "" {
		w.add("d.date <= $%d", q.To)
	}
	if q.SupplierID > 0 {
		w.add("d.supplier_org_id = $%d", q.SupplierID)
	}
	if date, id, _ := parseCursor(q.After); date != "" {
		w.args = append(w.args, date, id)
		n := len(w.args)
		w.conds = append(w.conds, fmt.Sprintf("(d.date, d.id) < ($%d, $%d)", n-1, n))
	}
	limit := w.limit(q.Limit+1, SearchPageSize+1, SearchMaxPage+1)
	return `SELECT d.id, d.kind, d.object_id, d.title, d.code, d.region, d.catalog_code, d.method, d.stage,
		d.amount, d.date, d.supplier_org_id, d.log_index FROM search_docs d WHERE ` + w.sql() + ` ORDER BY d.date DESC, d.id DESC LIMIT ` + limit, w.args
}

var listSearch = registerList("Search", func(s *Store) []listSample {
	words := "the documents matching the words are sorted by date: no index gives both (the words match fewer than commonAt)"
	common := "common words (commonAt matches or more): the documents are walked newest first and each checked, until the page is full"
	return []listSample{
		sample(s.searchSQL(SearchQuery{Text: "养老服务", Limit: 20}, false)).sorted(words),
		sample(s.searchSQL(SearchQuery{Text: "困境儿童 关爱", Kind: SearchNotice, Region: "330100", Limit: 20, After: "2026-03-02_900"}, false)).sorted(words),
		sample(s.searchSQL(SearchQuery{Text: "养老", Limit: 20}, true)).wholeTable(common),
		sample(s.searchSQL(SearchQuery{Text: "关爱", Region: "330106", Limit: 20, After: "2026-03-02_900"}, true)).wholeTable(common),
		sample(s.searchSQL(SearchQuery{Region: "330106", Limit: 20, After: "2026-03-02_900"}, false)),                                     // a county's latest, next page
		sample(s.searchSQL(SearchQuery{Kind: SearchContract, SupplierID: 51, Limit: 20}, false)).sorted("a supplier's contracts are few"), // a supplier's contracts
		sample(s.searchSQL(SearchQuery{Kind: SearchProject, From: "2026-01-01", To: "2026-03-31", Limit: 100}, false)),                    // a quarter's projects
	}
})

func scanSearchHit(sc scanner) (SearchHit, error) {
	var h SearchHit
	var amount, supplier *int64
	err := sc.Scan(&h.docID, &h.Kind, &h.ID, &h.Title, &h.Code, &h.Region, &h.CatalogCode, &h.Method, &h.Stage,
		&amount, &h.Date, &supplier, &h.LogIndex)
	h.Amount = amount
	if supplier != nil {
		h.SupplierOrgID = *supplier
	}
	return h, err
}

// searchDoc is what the index keeps of a public object.
type searchDoc struct {
	kind, title, code, region, catalog, method, stage, date string
	objectID                                                int64
	amount, supplier                                        *int64
	text                                                    []string // the indexed text, besides title and code
}

// indexSearch upserts the search documents of the transaction's public events
// of projects, notices, suppliers and contracts, or deletes those no longer public.
func indexSearch(ctx context.Context, tx *Tx, events []goumai.Event) error {
	if !tx.s.searchReady.Load() {
		// Before migration 0049 (a migration's own transactions, an old
		// database being upgraded) there is no index to write: reindexSearch
		// fills it when the migration is applied.
		var n int
		if err := tx.tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, searchVersion).Scan(&n); err != nil {
			return fmt.Errorf("search: %w", err)
		}
		if n == 0 {
			return nil
		}
		tx.s.searchReady.Store(true)
	}
	for _, e := range events {
		if !e.Public {
			continue
		}
		kind := map[string]string{"projects": SearchProject, "notices": SearchNotice, "orgs": SearchSupplier, "contracts": SearchContract}[e.ObjectType]
		if kind == "" {
			continue
		}
		id, err := strconv.ParseInt(e.ObjectID, 10, 64)
		if err != nil {
			return fmt.Errorf("search: %s %s: %w", e.ObjectType, e.ObjectID, err)
		}
		var doc *searchDoc
		if len(e.State) > 0 && string(e.State) != "null" {
			if doc, err = searchDocOf(ctx, tx, kind, e.State); err != nil {
				return fmt.Errorf("search: %s %s: %w", e.ObjectType, e.ObjectID, err)
			}
		}
		if doc == nil {
			err = tx.deleteSearchDoc(ctx, kind, id)
		} else {
			doc.objectID = id
			if kind == SearchSupplier {
				doc.supplier = int64Ptr(id)
			}
			err = tx.upsertSearchDoc(ctx, e.ID, doc)
		}
		if err != nil {
			return fmt.Errorf("search: %s %s: %w", e.ObjectType, e.ObjectID, err)
		}
	}
	return nil
}

// The migration that creates the index.
const (
	searchVersion   = 49
	searchMigration = "0049_search.sql"
)

// reindexSearch builds the index from the latest public event of every
// project, notice, organisation and contract (when migration 0049 is applied
// to a database that already has a log).
func (s *Store) reindexSearch(ctx context.Context) error {
	return s.Update(ctx, func(tx *Tx) error {
		rows, err := tx.tx.QueryContext(ctx, `SELECT `+eventCols+` FROM events
			WHERE public = $1 AND object_type IN ('projects', 'notices', 'orgs', 'contracts') ORDER BY id`, true)
		if err != nil {
			return fmt.Errorf("reindex search: %w", err)
		}
		defer rows.Close()
		latest := map[string]int{}
		var events []goumai.Event
		for rows.Next() {
			e, err := scanEvent(rows)
			if err != nil {
				return err
			}
			k := e.ObjectType + " " + e.ObjectID
			if i, ok := latest[k]; ok {
				events[i] = e
				continue
			}
			latest[k] = len(events)
			events = append(events, e)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return indexSearch(ctx, tx, events)
	})
}

// chinaDate is the date in China of an RFC 3339 time ("" when absent).
func chinaDate(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return ""
	}
	return t.In(goumai.Shanghai).Format(searchDateLayout)
}

func int64Ptr(v int64) *int64 { return &v }

// searchDocOf reads the document of an object from its public state (nil: not
// to be found, e.g. an organisation that is not an active supplier).
func searchDocOf(ctx context.Context, tx *Tx, kind string, state json.RawMessage) (*searchDoc, error) {
	switch kind {
	case SearchProject:
		var p struct {
			Title, Code, Region, Content, Beneficiaries, Method, Status string
			CatalogCode                                                 string `json:"catalog_code"`
			DecidedAt                                                   string `json:"decided_at"`
			CreatedAt                                                   string `json:"created_at"`
			Amount                                                      int64
			PurchaserOrgID                                              int64 `json:"purchaser_org_id"`
		}
		if err := json.Unmarshal(state, &p); err != nil {
			return nil, err
		}
		date := chinaDate(p.DecidedAt)
		if date == "" {
			date = chinaDate(p.CreatedAt)
		}
		purchaser, err := tx.searchOrgName(ctx, p.PurchaserOrgID)
		if err != nil {
			return nil, err
		}
		return &searchDoc{kind: kind, title: p.Title, code: p.Code, region: p.Region, catalog: p.CatalogCode, method: p.Method,
			stage: p.Status, date: date, amount: int64Ptr(p.Amount), text: []string{purchaser, p.Content, p.Beneficiaries}}, nil
	case SearchNotice:
		var n struct {
			Title, Kind, Region string
			PublishedAt         string          `json:"published_at"`
			ProcurementID       int64           `json:"procurement_id"`
			Body                json.RawMessage `json:"body"`
		}
		if err := json.Unmarshal(state, &n); err != nil {
			return nil, err
		}
		var body struct {
			Method          string `json:"method"`
			Purchaser       string `json:"purchaser"`
			ProcurementCode string `json:"procurement_code"`
			ProjectCode     string `json:"project_code"`
			Awards          []struct {
				Supplier string `json:"supplier"`
			} `json:"awards"`
			Lots []struct {
				Title string `json:"title"`
			} `json:"lots"`
		}
		_ = json.Unmarshal(n.Body, &body) // the body's shape depends on the kind; what does not fit is not indexed
		d := &searchDoc{kind: kind, title: n.Title, code: body.ProcurementCode, region: n.Region, method: body.Method, stage: n.Kind,
			date: chinaDate(n.PublishedAt), text: []string{body.Purchaser, body.ProjectCode}}
		for _, a := range body.Awards {
			d.text = append(d.text, a.Supplier)
		}
		for _, l := range body.Lots {
			d.text = append(d.text, l.Title)
		}
		if err := tx.searchProcurement(ctx, n.ProcurementID, d); err != nil {
			return nil, err
		}
		return d, nil
	case SearchSupplier:
		var o goumai.Org
		if err := json.Unmarshal(state, &o); err != nil {
			return nil, err
		}
		if !o.Active || !o.CanSupply() || o.Kind == goumai.KindIndividual {
			return nil, nil // an individual's name is shown on its contracts, not listed (REQ-W18)
		}
		var created struct {
			CreatedAt string `json:"created_at"`
		}
		_ = json.Unmarshal(state, &created)
		return &searchDoc{kind: kind, title: o.Name, code: o.CreditCode, region: o.Region, stage: string(o.Kind),
			date: chinaDate(created.CreatedAt), text: []string{o.Address}}, nil
	case SearchContract:
		var c struct {
			Title, Number, Region, Status string
			Amount                        int64
			SignedAt                      string `json:"signed_at"`
			CreatedAt                     string `json:"created_at"`
			ProcurementID                 int64  `json:"procurement_id"`
			SupplierOrgID                 int64  `json:"supplier_org_id"`
			PurchaserOrgID                int64  `json:"purchaser_org_id"`
			Terms                         struct {
				ServiceContent string `json:"service_content"`
				Place          string `json:"place"`
			} `json:"terms"`
		}
		if err := json.Unmarshal(state, &c); err != nil {
			return nil, err
		}
		date := chinaDate(c.SignedAt)
		if date == "" {
			date = chinaDate(c.CreatedAt)
		}
		d := &searchDoc{kind: kind, title: c.Title, code: c.Number, region: c.Region, stage: c.Status, date: date,
			amount: int64Ptr(c.Amount), supplier: int64Ptr(c.SupplierOrgID), text: []string{c.Terms.ServiceContent, c.Terms.Place}}
		for _, id := range []int64{c.SupplierOrgID, c.PurchaserOrgID} {
			name, err := tx.searchOrgName(ctx, id)
			if err != nil {
				return nil, err
			}
			d.text = append(d.text, name)
		}
		if err := tx.searchProcurement(ctx, c.ProcurementID, d); err != nil {
			return nil, err
		}
		return d, nil
	}
	return nil, nil
}

// searchState reads a row's state in the transaction into v (false: no row).
func (tx *Tx) searchState(ctx context.Context, table string, key int64, v any) (bool, error) {
	if key == 0 {
		return false, nil
	}
	t, ok := tableByName(table)
	if !ok {
		return false, fmt.Errorf("search: %s is not an audited table", table)
	}
	state, err := rowState(ctx, tx.tx, t, key) // the row as the transaction leaves it
	if err != nil || state == nil {
		return false, err
	}
	return true, json.Unmarshal(state, v)
}

func (tx *Tx) searchOrgName(ctx context.Context, id int64) (string, error) {
	var o struct{ Name string }
	_, err := tx.searchState(ctx, "orgs", id, &o)
	return o.Name, err
}

// searchProcurement fills in a notice's or contract's method, catalogue code
// and amount (when it has none) from its procurement and project.
func (tx *Tx) searchProcurement(ctx context.Context, id int64, d *searchDoc) error {
	var p struct {
		Method    string
		Code      string
		Amount    int64
		ProjectID int64 `json:"project_id"`
	}
	if ok, err := tx.searchState(ctx, "procurements", id, &p); err != nil || !ok {
		return err
	}
	if d.method == "" {
		d.method = p.Method
	}
	if d.amount == nil {
		d.amount = int64Ptr(p.Amount)
	}
	if d.code == "" {
		d.code = p.Code
	} else if d.code != p.Code {
		d.text = append(d.text, p.Code)
	}
	var proj struct {
		CatalogCode string `json:"catalog_code"`
	}
	_, err := tx.searchState(ctx, "projects", p.ProjectID, &proj)
	d.catalog = proj.CatalogCode
	return err
}

// tokens are the document's search tokens, within bounds.
func (d *searchDoc) tokens() []string { return d.tokensWithin(searchMaxRunes, searchMaxTokens) }

// tokensWithin are the tokens of the document's first maxRunes characters, at most maxTokens.
func (d *searchDoc) tokensWithin(maxRunes, maxTokens int) []string {
	var b strings.Builder
	for _, s := range append([]string{d.title, d.code}, d.text...) {
		b.WriteString(s)
		b.WriteString(" \n")
	}
	text := b.String()
	if utf8.RuneCountInString(text) > maxRunes {
		text = string([]rune(text)[:maxRunes])
	}
	t := SearchTokens(text)
	if len(t) > maxTokens {
		t = t[:maxTokens]
	}
	return t
}

func (tx *Tx) upsertSearchDoc(ctx context.Context, logIndex int64, d *searchDoc) error {
	tokens := d.tokens()
	cols := `kind, object_id, title, code, region, catalog_code, method, stage, amount, date, supplier_org_id, log_index`
	args := []any{d.kind, d.objectID, d.title, d.code, d.region, d.catalog, d.method, d.stage, d.amount, d.date, d.supplier, logIndex}
	set := `title = excluded.title, code = excluded.code, region = excluded.region, catalog_code = excluded.catalog_code,
		method = excluded.method, stage = excluded.stage, amount = excluded.amount, date = excluded.date,
		supplier_org_id = excluded.supplier_org_id, log_index = excluded.log_index`
	if tx.s.dialect == Postgres {
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO search_docs (`+cols+`, tokens) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::tsvector)
			ON CONFLICT (kind, object_id) DO UPDATE SET `+set+`, tokens = excluded.tokens`, append(args, tsVector(tokens))...)
		return err
	}
	var id int64
	err := tx.tx.QueryRowContext(ctx, `INSERT INTO search_docs (`+cols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (kind, object_id) DO UPDATE SET `+set+` RETURNING id`, args...).Scan(&id)
	if err != nil {
		return err
	}
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM search_fts WHERE rowid = $1`, id); err != nil {
		return err
	}
	_, err = tx.tx.ExecContext(ctx, `INSERT INTO search_fts (rowid, tokens) VALUES ($1, $2)`, id, strings.Join(tokens, " "))
	return err
}

func (tx *Tx) deleteSearchDoc(ctx context.Context, kind string, objectID int64) error {
	if tx.s.dialect != Postgres {
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_docs WHERE kind = $1 AND object_id = $2)`, kind, objectID); err != nil {
			return err
		}
	}
	_, err := tx.tx.ExecContext(ctx, `DELETE FROM search_docs WHERE kind = $1 AND object_id = $2`, kind, objectID)
	return err
}
