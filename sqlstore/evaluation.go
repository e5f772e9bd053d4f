package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/goumai/goumai"
	"golang.org/x/mod/sumdb/tlog"
)

// Evaluation (migration 0023): reviews, scores, abnormal-low queries,
// final-offer rounds, dissents and reports. The caller records each write.

func init() {
	registerTable(table{name: "eval_reviews", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt}, {"lot_id", colInt},
		{"opened_bid_id", colInt}, {"stage", colText}, {"pass", colBool}, {"reason", colText}, {"user_id", colInt}, {"at", colText}}})
	registerTable(table{name: "eval_scores", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt}, {"lot_id", colInt},
		{"opened_bid_id", colInt}, {"member_id", colInt}, {"item", colInt}, {"item_name", colText}, {"score", colInt}, {"reason", colText}, {"at", colText}}})
	registerTable(table{name: "eval_price_queries", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt}, {"lot_id", colInt},
		{"opened_bid_id", colInt}, {"org_id", colInt}, {"triggers", colJSON}, {"reason", colText}, {"due_at", colText}, {"status", colText},
		{"justification", colText}, {"justified_at", colNullText}, {"decision_reason", colText}, {"decided_at", colNullText},
		{"queried_by", colInt}, {"queried_at", colText}}})
	registerTable(table{name: "eval_offer_rounds", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt}, {"lot_id", colInt},
		{"round", colInt}, {"due_at", colText}, {"called_by", colInt}, {"called_at", colText}}})
	registerTable(table{name: "eval_offers", key: "id", cols: []column{{"id", colInt}, {"round_id", colInt}, {"opened_bid_id", colInt},
		{"price", colInt}, {"at", colText}}})
	registerTable(table{name: "eval_dissents", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt}, {"member_id", colInt},
		{"round", colInt}, {"text", colText}, {"at", colText}}})
	registerTable(table{name: "eval_reports", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt}, {"round", colInt},
		{"reason", colText}, {"seed", colText}, {"log_size", colInt}, {"log_root", colText}, {"body", colJSON}, {"changed", colBool},
		{"late", colBool}, {"reported_by", colInt}, {"reported_at", colText}, {"region", colText}}})
}

var (
	reviewWhat  = goumai.M("审查结果", "review result")
	scoreWhat   = goumai.M("评分", "score")
	queryWhat   = goumai.M("异常低价质询", "abnormal-low price query")
	roundWhat   = goumai.M("最后报价轮次", "final-offer round")
	offerWhat   = goumai.M("最后报价", "final offer")
	dissentWhat = goumai.M("不同意见", "dissenting opinion")
	reportWhat  = goumai.M("评审报告", "evaluation report")
)

// key parses a written row's key.
func key(k string, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(k, 10, 64)
}

// SaveReview records (or revises) a stage's result for an opened bid at the
// transaction's time.
func (tx *Tx) SaveReview(ctx context.Context, r goumai.BidReview) (int64, error) {
	id, err := key(tx.writeRow(ctx, "eval_reviews", `INSERT INTO eval_reviews (procurement_id, lot_id, opened_bid_id, stage, pass, reason, user_id, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (opened_bid_id, stage) DO UPDATE SET pass = excluded.pass, reason = excluded.reason,
		user_id = excluded.user_id, at = excluded.at`, r.ProcurementID, r.LotID, r.OpenedBidID, string(r.Stage), r.Pass, r.Reason, r.UserID, formatTime(tx.now)))
	return id, interpretError(err, reviewWhat)
}

const reviewCols = `id, procurement_id, lot_id, opened_bid_id, stage, pass, reason, user_id, at`

func scanBidReview(sc scanner) (goumai.BidReview, error) {
	var r goumai.BidReview
	var stage, at string
	if err := sc.Scan(&r.ID, &r.ProcurementID, &r.LotID, &r.OpenedBidID, &stage, &r.Pass, &r.Reason, &r.UserID, &at); err != nil {
		return r, err
	}
	r.Stage = goumai.ReviewStage(stage)
	var err error
	r.At, err = parseTime(at)
	return r, err
}

const reviewsSQL = `SELECT ` + reviewCols + ` FROM eval_reviews WHERE procurement_id = $1 ORDER BY procurement_id, id`

var listReviews = registerList("EvalReviews", func(s *Store) []listSample { return []listSample{sample(reviewsSQL, []any{7})} })

// Reviews returns a procedure's review results.
func (tx *Tx) Reviews(ctx context.Context, procurementID int64) ([]goumai.BidReview, error) {
	return queryList(ctx, tx.tx, listReviews, scanBidReview, reviewsSQL, procurementID)
}

// SaveScore records (or revises) a member's score of a bid on an item.
func (tx *Tx) SaveScore(ctx context.Context, s goumai.ItemScore) (int64, error) {
	id, err := key(tx.writeRow(ctx, "eval_scores", `INSERT INTO eval_scores (procurement_id, lot_id, opened_bid_id, member_id, item, item_name, score, reason, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (opened_bid_id, member_id, item) DO UPDATE SET score = excluded.score,
		reason = excluded.reason, at = excluded.at`, s.ProcurementID, s.LotID, s.OpenedBidID, s.MemberID, s.Item, s.ItemName, int64(s.Score), s.Reason,
		formatTime(tx.now)))
	return id, interpretError(err, scoreWhat)
}

const scoreCols = `id, procurement_id, lot_id, opened_bid_id, member_id, item, item_name, score, reason, at`

func scanScore(sc scanner) (goumai.ItemScore, error) {
	var s goumai.ItemScore
	var at string
	if err := sc.Scan(&s.ID, &s.ProcurementID, &s.LotID, &s.OpenedBidID, &s.MemberID, &s.Item, &s.ItemName, &s.Score, &s.Reason, &at); err != nil {
		return s, err
	}
	var err error
	s.At, err = parseTime(at)
	return s, err
}

const scoresSQL = `SELECT ` + scoreCols + ` FROM eval_scores WHERE procurement_id = $1 ORDER BY procurement_id, id`

var listScores = registerList("EvalScores", func(s *Store) []listSample { return []listSample{sample(scoresSQL, []any{7})} })

// Scores returns a procedure's scores.
func (tx *Tx) Scores(ctx context.Context, procurementID int64) ([]goumai.ItemScore, error) {
	return queryList(ctx, tx.tx, listScores, scanScore, scoresSQL, procurementID)
}

// InsertPriceQuery opens an abnormal-low query; a second one on the same
// bid is EConflict.
func (tx *Tx) InsertPriceQuery(ctx context.Context, q goumai.PriceQuery, by int64) (int64, error) {
	trig, err := json.Marshal(q.Triggers)
	if err != nil {
		return 0, err
	}
	id, err := key(tx.writeRow(ctx, "eval_price_queries", `INSERT INTO eval_price_queries (procurement_id, lot_id, opened_bid_id, org_id, triggers,
		reason, due_at, status, queried_by, queried_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, q.ProcurementID, q.LotID, q.OpenedBidID,
		q.OrgID, string(trig), q.Reason, formatTime(q.DueAt), string(goumai.QueryOpen), by, formatTime(tx.now)))
	return id, interpretError(err, queryWhat)
}

const queryCols = `id, procurement_id, lot_id, opened_bid_id, org_id, triggers, reason, due_at, status, justification, justified_at,
	decision_reason, decided_at`

func scanQuery(sc scanner) (goumai.PriceQuery, error) {
	var q goumai.PriceQuery
	var trig, due, status string
	var justified, decided sql.NullString
	if err := sc.Scan(&q.ID, &q.ProcurementID, &q.LotID, &q.OpenedBidID, &q.OrgID, &trig, &q.Reason, &due, &status, &q.Justification,
		&justified, &q.DecisionReason, &decided); err != nil {
		return q, err
	}
	q.Status = goumai.PriceQueryStatus(status)
	if err := json.Unmarshal([]byte(trig), &q.Triggers); err != nil {
		return q, fmt.Errorf("price query %d triggers: %w", q.ID, err)
	}
	var err error
	if q.DueAt, err = parseTime(due); err != nil {
		return q, err
	}
	if q.JustifiedAt, err = parseNullTime(justified); err != nil {
		return q, err
	}
	q.DecidedAt, err = parseNullTime(decided)
	return q, err
}

// PriceQuery returns one query, or ENotFound.
func (tx *Tx) PriceQuery(ctx context.Context, id int64) (goumai.PriceQuery, error) {
	q, err := scanQuery(tx.queryRow(ctx, `SELECT `+queryCols+` FROM eval_price_queries WHERE id = $1`, id))
	return q, interpretError(err, queryWhat)
}

const queriesSQL = `SELECT ` + queryCols + ` FROM eval_price_queries WHERE procurement_id = $1 ORDER BY procurement_id, id`

var listPriceQueries = registerList("EvalPriceQueries", func(s *Store) []listSample { return []listSample{sample(queriesSQL, []any{7})} })

// PriceQueries returns a procedure's abnormal-low queries.
func (tx *Tx) PriceQueries(ctx context.Context, procurementID int64) ([]goumai.PriceQuery, error) {
	return queryList(ctx, tx.tx, listPriceQueries, scanQuery, queriesSQL, procurementID)
}

// JustifyPriceQuery records the bidder's written justification of an open
// query; ENotFound when it is no longer open.
func (tx *Tx) JustifyPriceQuery(ctx context.Context, id int64, text string) error {
	_, err := tx.writeRow(ctx, "eval_price_queries", `UPDATE eval_price_queries SET status = $1, justification = $2, justified_at = $3
		WHERE id = $4 AND status = $5`, string(goumai.QueryJustified), text, formatTime(tx.now), id, string(goumai.QueryOpen))
	return interpretError(err, queryWhat)
}

// DecidePriceQuery records the panel's decision (accepted or rejected) on a
// justified query; ENotFound when it is not justified.
func (tx *Tx) DecidePriceQuery(ctx context.Context, id int64, to goumai.PriceQueryStatus, reason string) error {
	_, err := tx.writeRow(ctx, "eval_price_queries", `UPDATE eval_price_queries SET status = $1, decision_reason = $2, decided_at = $3
		WHERE id = $4 AND status = $5`, string(to), reason, formatTime(tx.now), id, string(goumai.QueryJustified))
	return interpretError(err, queryWhat)
}

// ExpirePriceQuery expires an open query past its deadline; false when it
// was justified, decided or expired meanwhile.
func (tx *Tx) ExpirePriceQuery(ctx context.Context, id int64) (bool, error) {
	_, err := tx.writeRow(ctx, "eval_price_queries", `UPDATE eval_price_queries SET status = $1, decided_at = $2
		WHERE id = $3 AND status = $4 AND due_at <= $2`, string(goumai.QueryExpired), formatTime(tx.now), id, string(goumai.QueryOpen))
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return false, nil
	}
	return err == nil, err
}

const dueQueriesSQL = `SELECT ` + queryCols + ` FROM eval_price_queries WHERE status = 'open' AND due_at <= $1
	AND (due_at > $2 OR due_at = $2 AND id > $3) ORDER BY due_at, id LIMIT $4`

var listDueQueries = registerList("DuePriceQueries", func(s *Store) []listSample {
	return []listSample{sample(dueQueriesSQL, []any{formatTime(time.Date(2026, 3, 5, 16, 0, 0, 0, time.UTC)), formatTime(time.Time{}), 0, 100})}
})

// DuePriceQueries lists the open queries past their deadline at now, for
// the scheduler, in (due_at, id) order after a cursor (a partial index).
func (s *Store) DuePriceQueries(ctx context.Context, now time.Time, after DueCursor, limit int) ([]goumai.PriceQuery, error) {
	return queryList(ctx, s.r, listDueQueries, scanQuery, dueQueriesSQL, formatTime(now), formatTime(after.Due), after.ID, limit)
}

// InsertOfferRound calls a round of final offers in a lot; the same round
// twice is EConflict.
func (tx *Tx) InsertOfferRound(ctx context.Context, r goumai.OfferRound, by int64) (int64, error) {
	id, err := key(tx.writeRow(ctx, "eval_offer_rounds", `INSERT INTO eval_offer_rounds (procurement_id, lot_id, round, due_at, called_by, called_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, r.ProcurementID, r.LotID, r.Round, formatTime(r.DueAt), by, formatTime(tx.now)))
	return id, interpretError(err, roundWhat)
}

const roundsSQL = `SELECT id, procurement_id, lot_id, round, due_at, called_at FROM eval_offer_rounds WHERE procurement_id = $1 ORDER BY procurement_id, id`

var listRounds = registerList("EvalOfferRounds", func(s *Store) []listSample { return []listSample{sample(roundsSQL, []any{7})} })

func scanRound(sc scanner) (goumai.OfferRound, error) {
	var r goumai.OfferRound
	var due, at string
	if err := sc.Scan(&r.ID, &r.ProcurementID, &r.LotID, &r.Round, &due, &at); err != nil {
		return r, err
	}
	var err error
	if r.DueAt, err = parseTime(due); err != nil {
		return r, err
	}
	r.CalledAt, err = parseTime(at)
	return r, err
}

// OfferRounds returns a procedure's final-offer rounds in calling order.
func (tx *Tx) OfferRounds(ctx context.Context, procurementID int64) ([]goumai.OfferRound, error) {
	return queryList(ctx, tx.tx, listRounds, scanRound, roundsSQL, procurementID)
}

// InsertOffer records a supplier's final offer in a round; a second one is EConflict.
func (tx *Tx) InsertOffer(ctx context.Context, o goumai.FinalOffer) (int64, error) {
	id, err := key(tx.writeRow(ctx, "eval_offers", `INSERT INTO eval_offers (round_id, opened_bid_id, price, at) VALUES ($1, $2, $3, $4)`,
		o.RoundID, o.OpenedBidID, o.Price, formatTime(tx.now)))
	return id, interpretError(err, offerWhat)
}

const offersSQL = `SELECT o.id, o.round_id, o.opened_bid_id, o.price, o.at FROM eval_offers o JOIN eval_offer_rounds r ON r.id = o.round_id
	WHERE r.procurement_id = $1 ORDER BY o.round_id, o.id`

var listOffers = registerList("EvalOffers", func(s *Store) []listSample {
	return []listSample{sample(offersSQL, []any{7}).sorted("a procedure's final offers: a few per supplier")}
})

func scanOffer(sc scanner) (goumai.FinalOffer, error) {
	var o goumai.FinalOffer
	var at string
	if err := sc.Scan(&o.ID, &o.RoundID, &o.OpenedBidID, &o.Price, &at); err != nil {
		return o, err
	}
	var err error
	o.At, err = parseTime(at)
	return o, err
}

// Offers returns a procedure's final offers by round.
func (tx *Tx) Offers(ctx context.Context, procurementID int64) ([]goumai.FinalOffer, error) {
	return queryList(ctx, tx.tx, listOffers, scanOffer, offersSQL, procurementID)
}

// SaveDissent records (or revises) a member's dissent for a report round.
func (tx *Tx) SaveDissent(ctx context.Context, d goumai.Dissent) (int64, error) {
	id, err := key(tx.writeRow(ctx, "eval_dissents", `INSERT INTO eval_dissents (procurement_id, member_id, round, text, at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (procurement_id, member_id, round) DO UPDATE SET text = excluded.text, at = excluded.at`,
		d.ProcurementID, d.MemberID, d.Round, d.Text, formatTime(tx.now)))
	return id, interpretError(err, dissentWhat)
}

const dissentsSQL = `SELECT id, procurement_id, member_id, round, text, at FROM eval_dissents WHERE procurement_id = $1 ORDER BY procurement_id, member_id, round`

var listDissents = registerList("EvalDissents", func(s *Store) []listSample {
	return []listSample{sample(dissentsSQL, []any{7})}
})

func scanDissent(sc scanner) (goumai.Dissent, error) {
	var d goumai.Dissent
	var at string
	if err := sc.Scan(&d.ID, &d.ProcurementID, &d.MemberID, &d.Round, &d.Text, &at); err != nil {
		return d, err
	}
	var err error
	d.At, err = parseTime(at)
	return d, err
}

// Dissents returns a procedure's dissents.
func (tx *Tx) Dissents(ctx context.Context, procurementID int64) ([]goumai.Dissent, error) {
	return queryList(ctx, tx.tx, listDissents, scanDissent, dissentsSQL, procurementID)
}

// InsertReport records a report of a procedure of region; a second report
// of the same round is EConflict.
func (tx *Tx) InsertReport(ctx context.Context, r goumai.EvaluationReport, region string) (int64, error) {
	body, err := json.Marshal(r)
	if err != nil {
		return 0, err
	}
	id, err := key(tx.writeRow(ctx, "eval_reports", `INSERT INTO eval_reports (procurement_id, round, reason, seed, log_size, log_root, body, changed,
		late, reported_by, reported_at, region) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, r.ProcurementID, r.Round, r.Reason,
		r.Seed, r.LogSize, r.LogRoot, string(body), r.Changed, r.Late, r.ReportedBy, formatTime(tx.now), region))
	return id, interpretError(err, reportWhat)
}

func scanReport(sc scanner) (goumai.EvaluationReport, error) {
	var r goumai.EvaluationReport
	var id int64
	var body string
	if err := sc.Scan(&id, &body); err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		return r, fmt.Errorf("evaluation report %d: %w", id, err)
	}
	r.ID = id
	return r, nil
}

const reportsSQL = `SELECT id, body FROM eval_reports WHERE procurement_id = $1 ORDER BY procurement_id, round`

var listReports = registerList("EvalReports", func(s *Store) []listSample {
	return []listSample{sample(reportsSQL, []any{7}).sorted("a procedure's reports: one and one per re-evaluation")}
})

// Reports returns a procedure's reports, round 1 first.
func (tx *Tx) Reports(ctx context.Context, procurementID int64) ([]goumai.EvaluationReport, error) {
	return queryList(ctx, tx.tx, listReports, scanReport, reportsSQL, procurementID)
}

// Reports returns a procedure's reports, round 1 first.
func (s *Store) Reports(ctx context.Context, procurementID int64) ([]goumai.EvaluationReport, error) {
	return queryList(ctx, s.r, listReports, scanReport, reportsSQL, procurementID)
}

// changedSQL builds ChangedReports' query.
func (s *Store) changedSQL(region string, limit int) (string, []any) {
	var w where
	w.region(s, "region", region)
	return `SELECT id, body FROM eval_reports WHERE changed AND ` + w.sql() + ` ORDER BY id DESC LIMIT ` + w.limit(limit, 50, 200), w.args
}

var listChanged = registerList("ChangedEvalReports", func(s *Store) []listSample {
	q, args := s.changedSQL("330106", 50)
	p, pargs := s.changedSQL("330000", 50)
	n, nargs := s.changedSQL(goumai.NationalCode, 50)
	return []listSample{sample(q, args), sample(p, pargs).sorted("a province's regions each give their reports in id order"),
		sample(n, nargs).wholeTable("nationwide: the partial index holds only the re-evaluations that changed a result, a handful a year")}
})

// ChangedReports returns the newest reports of region's subtree whose
// re-evaluation changed the result (reported to the finance department, ENG-G8).
func (s *Store) ChangedReports(ctx context.Context, region string, limit int) ([]goumai.EvaluationReport, error) {
	q, args := s.changedSQL(region, limit)
	return queryList(ctx, s.r, listChanged, scanReport, q, args...)
}

// LogRoot returns the transparency log's size and root hash as committed
// before this transaction: what the tie draws' seed is taken from.
func (tx *Tx) LogRoot(ctx context.Context) (int64, tlog.Hash, error) {
	var size int64
	if err := tx.tx.QueryRowContext(ctx, `SELECT size FROM log_head WHERE id = 1`).Scan(&size); err != nil {
		return 0, tlog.Hash{}, fmt.Errorf("read log size: %w", err)
	}
	if size == 0 {
		return 0, tlog.Hash{}, nil
	}
	root, err := tlog.TreeHash(size, hashReader{ctx: ctx, q: tx.tx})
	return size, root, err
}

func init() {
	registerTable(table{name: "eval_reevaluations", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt}, {"round", colInt},
		{"reason", colText}, {"detail", colText}, {"requested_by", colInt}, {"requested_at", colText}}})
}

// InsertReevaluation records a re-evaluation; a second one for the same
// round is EConflict.
func (tx *Tx) InsertReevaluation(ctx context.Context, r goumai.Reevaluation) (int64, error) {
	id, err := key(tx.writeRow(ctx, "eval_reevaluations", `INSERT INTO eval_reevaluations (procurement_id, round, reason, detail, requested_by, requested_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, r.ProcurementID, r.Round, r.Reason, r.Detail, r.RequestedBy, formatTime(tx.now)))
	return id, interpretError(err, goumai.M("重新评审", "re-evaluation"))
}

const reevalsSQL = `SELECT id, procurement_id, round, reason, detail, requested_by, requested_at FROM eval_reevaluations
	WHERE procurement_id = $1 ORDER BY procurement_id, round`

var listReevals = registerList("EvalReevaluations", func(s *Store) []listSample {
	return []listSample{sample(reevalsSQL, []any{7})}
})

func scanReeval(sc scanner) (goumai.Reevaluation, error) {
	var r goumai.Reevaluation
	var at string
	if err := sc.Scan(&r.ID, &r.ProcurementID, &r.Round, &r.Reason, &r.Detail, &r.RequestedBy, &at); err != nil {
		return r, err
	}
	var err error
	r.RequestedAt, err = parseTime(at)
	return r, err
}

// Reevaluations returns a procedure's re-evaluations, in order.
func (tx *Tx) Reevaluations(ctx context.Context, procurementID int64) ([]goumai.Reevaluation, error) {
	return queryList(ctx, tx.tx, listReevals, scanReeval, reevalsSQL, procurementID)
}
