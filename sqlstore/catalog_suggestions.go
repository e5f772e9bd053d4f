package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/goumai/goumai"
)

func init() {
	registerTable(table{name: "catalog_suggestions", key: "id", cols: []column{{"id", colInt}, {"region", colText}, {"item_code", colText},
		{"title", colText}, {"body", colText}, {"submitter", colText}, {"status", colText}, {"answer", colText}, {"answered_by", colText},
		{"created_at", colText}, {"answered_at", colNullText}}})
	// Contact details are never public: the log keeps only a digest.
	registerTable(table{name: "catalog_suggestion_contacts", key: "suggestion_id", secret: true,
		cols: []column{{"suggestion_id", colInt}, {"contact", colText}}})
}

var suggestionWhat = goumai.M("意见建议", "suggestion")

const suggestionCols = `id, region, item_code, title, body, submitter, status, answer, answered_by, created_at, answered_at`

func scanSuggestion(sc scanner) (goumai.Suggestion, error) {
	var g goumai.Suggestion
	var created string
	var answered sql.NullString
	err := sc.Scan(&g.ID, &g.Region, &g.ItemCode, &g.Title, &g.Body, &g.Submitter, &g.Status, &g.Answer, &g.AnsweredBy, &created, &answered)
	if err != nil {
		return g, err
	}
	if g.CreatedAt, err = parseTime(created); err != nil {
		return g, err
	}
	if answered.Valid {
		t, err := parseTime(answered.String)
		if err != nil {
			return g, err
		}
		g.AnsweredAt = &t
	}
	return g, nil
}

// InsertSuggestion stores a public suggestion, and its author's contact (if
// any) in the private contacts table. It returns the suggestion's id; the caller
// records both events.
func (tx *Tx) InsertSuggestion(ctx context.Context, g goumai.Suggestion, contact string) (int64, error) {
	key, err := tx.writeRow(ctx, "catalog_suggestions", `INSERT INTO catalog_suggestions (region, item_code, title, body, submitter,
		status, answer, answered_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, '', '', $7)`,
		g.Region, g.ItemCode, g.Title, g.Body, g.Submitter, goumai.SuggestionOpen, formatTime(tx.now))
	if err != nil {
		return 0, interpretError(err, suggestionWhat)
	}
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil || contact == "" {
		return id, err
	}
	if _, err := tx.writeRow(ctx, "catalog_suggestion_contacts", `INSERT INTO catalog_suggestion_contacts (suggestion_id, contact) VALUES ($1, $2)`, id, contact); err != nil {
		return 0, interpretError(err, suggestionWhat)
	}
	return id, nil
}

// AnswerSuggestion records the public answer to an open suggestion; EConflict
// if it was already answered.
func (tx *Tx) AnswerSuggestion(ctx context.Context, id int64, answer, by string) error {
	_, err := tx.writeRow(ctx, "catalog_suggestions", `UPDATE catalog_suggestions SET status = $1, answer = $2, answered_by = $3,
		answered_at = $4 WHERE id = $5 AND status = $6`, goumai.SuggestionAnswered, answer, by, formatTime(tx.now), id, goumai.SuggestionOpen)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Errorf(goumai.EConflict, "该意见建议已答复或不存在", "this suggestion has already been answered or does not exist")
	}
	return interpretError(err, suggestionWhat)
}

// Suggestion returns one suggestion (without its contact).
func (s *Store) Suggestion(ctx context.Context, id int64) (goumai.Suggestion, error) {
	g, err := scanSuggestion(s.r.QueryRowContext(ctx, `SELECT `+suggestionCols+` FROM catalog_suggestions WHERE id = $1`, id))
	return g, interpretError(err, suggestionWhat)
}

// Suggestion returns one suggestion inside the transaction.
func (tx *Tx) Suggestion(ctx context.Context, id int64) (goumai.Suggestion, error) {
	g, err := scanSuggestion(tx.tx.QueryRowContext(ctx, `SELECT `+suggestionCols+` FROM catalog_suggestions WHERE id = $1`, id))
	return g, interpretError(err, suggestionWhat)
}

// SuggestionContact returns the private contact of a suggestion's author ("" if none).
func (s *Store) SuggestionContact(ctx context.Context, id int64) (string, error) {
	var c string
	err := s.r.QueryRowContext(ctx, `SELECT contact FROM catalog_suggestion_contacts WHERE suggestion_id = $1`, id).Scan(&c)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return c, err
}

// SuggestionFilter selects suggestions, newest first, keyset-paged by id.
type SuggestionFilter struct {
	Region   string // the tier
	Status   string // "" for all
	BeforeID int64  // keyset: ids below this
	Limit    int
}

// FindSuggestions lists suggestions.
func (s *Store) FindSuggestions(ctx context.Context, f SuggestionFilter) ([]goumai.Suggestion, error) {
	query, args := suggestionsSQL(f)
	return queryList(ctx, s.r, listSuggestions, scanSuggestion, query, args...)
}

var listSuggestions = registerList("FindSuggestions", func(s *Store) []listSample {
	return []listSample{
		sample(suggestionsSQL(SuggestionFilter{Region: "330000", BeforeID: 900, Limit: 20})),
		sample(suggestionsSQL(SuggestionFilter{Region: "330000", Status: goumai.SuggestionOpen, Limit: 200})),
	}
})

// suggestionsSQL builds FindSuggestions' query.
func suggestionsSQL(f SuggestionFilter) (string, []any) {
	var w where
	if f.Region != "" {
		w.add("region = $%d", f.Region)
	}
	if f.Status != "" {
		w.add("status = $%d", f.Status)
	}
	if f.BeforeID > 0 {
		w.add("id < $%d", f.BeforeID)
	}
	limit := w.limit(f.Limit, 50, 200)
	return `SELECT ` + suggestionCols + ` FROM catalog_suggestions WHERE ` + w.sql() + ` ORDER BY id DESC LIMIT ` + limit, w.args
}
