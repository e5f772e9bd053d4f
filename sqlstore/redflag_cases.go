package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/goumai/goumai"
)

// Follow-up of red flags (issue 12 item 2, migration 0067): one case per
// flag (goumai.RedFlagCase). The lists join the flags with their cases: the
// dashboard of a region subtree (every flag, with its case if any), a
// purchaser's cases sent to it, the public's closed cases, and the counts
// per region, purchaser and indicator.

func init() {
	registerTable(table{name: "red_flag_cases", key: "id", cols: []column{{"id", colInt}, {"flag_id", colInt}, {"region", colText},
		{"purchaser_org_id", colNullInt}, {"org_id", colInt}, {"status", colText}, {"request", colText}, {"days", colInt},
		{"due_at", colNullText}, {"sent_at", colNullText}, {"answer", colText}, {"files", colJSON}, {"answered_at", colNullText},
		{"answered_by", colNullInt}, {"findings", colText}, {"inspected_at", colNullText}, {"outcome", colText}, {"opinion", colText},
		{"closed_at", colNullText}, {"version", colInt}, {"created_by", colNullInt}, {"created_at", colText}, {"updated_at", colText}}})
}

var redFlagCaseWhat = goumai.M("风险提示处理记录", "red flag case")

const redFlagCaseCols = `id, flag_id, region, purchaser_org_id, org_id, status, request, days, due_at, sent_at, answer, files, answered_at,
	findings, inspected_at, outcome, opinion, closed_at, version, created_by, created_at`

// caseRow receives a case's columns, all nullable: a flag without a case
// (LEFT JOIN) scans as NULLs.
type caseRow struct {
	id, flag, purchaser, org, days, version, by               sql.NullInt64
	region, status, request, answer, files, findings, outcome sql.NullString
	opinion, created                                          sql.NullString
	due, sent, answered, inspected, closed                    sql.NullString
}

func (r *caseRow) dests() []any {
	return []any{&r.id, &r.flag, &r.region, &r.purchaser, &r.org, &r.status, &r.request, &r.days, &r.due, &r.sent, &r.answer,
		&r.files, &r.answered, &r.findings, &r.inspected, &r.outcome, &r.opinion, &r.closed, &r.version, &r.by, &r.created}
}

// build returns the case; nil when the row had none.
func (r *caseRow) build() (*goumai.RedFlagCase, error) {
	if !r.id.Valid {
		return nil, nil
	}
	c := &goumai.RedFlagCase{ID: r.id.Int64, FlagID: r.flag.Int64, Region: r.region.String, PurchaserOrgID: r.purchaser.Int64,
		OrgID: r.org.Int64, Status: goumai.RedFlagCaseStatus(r.status.String), Request: r.request.String, Days: int(r.days.Int64),
		Answer: r.answer.String, Findings: r.findings.String, Outcome: goumai.RedFlagOutcome(r.outcome.String), Opinion: r.opinion.String,
		Version: int(r.version.Int64), CreatedBy: r.by.Int64}
	if err := json.Unmarshal([]byte(r.files.String), &c.Files); err != nil {
		return nil, err
	}
	return c, scanTimes(map[*time.Time]string{&c.CreatedAt: r.created.String}, map[**time.Time]sql.NullString{&c.DueAt: r.due,
		&c.SentAt: r.sent, &c.AnsweredAt: r.answered, &c.InspectedAt: r.inspected, &c.ClosedAt: r.closed})
}

// then scans a row's leading columns with sc's caller and the rest into more.
type then struct {
	sc   scanner
	more []any
}

func (t then) Scan(d ...any) error { return t.sc.Scan(append(d, t.more...)...) }

// FlagWithCase is a red flag and its follow-up case (nil: none yet).
type FlagWithCase struct {
	Flag goumai.RedFlag      `json:"flag"`
	Case *goumai.RedFlagCase `json:"case"`
}

func scanFlagWithCase(sc scanner) (FlagWithCase, error) {
	var r caseRow
	f, err := scanRedFlag(then{sc, r.dests()})
	if err != nil {
		return FlagWithCase{}, err
	}
	c, err := r.build()
	return FlagWithCase{Flag: f, Case: c}, err
}

func scanRedFlagCase(sc scanner) (goumai.RedFlagCase, error) {
	var r caseRow
	if err := sc.Scan(r.dests()...); err != nil {
		return goumai.RedFlagCase{}, err
	}
	c, err := r.build()
	if c == nil {
		return goumai.RedFlagCase{}, err
	}
	return *c, err
}

var flagCaseCols = prefixed("f.", redFlagCols) + ", " + prefixed("c.", redFlagCaseCols)

// RedFlagCaseFilter selects flags with their cases, newest flag first,
// keyset-paged by the flag's id. Status "none" selects flags without a case.
type RedFlagCaseFilter struct {
	Region         string // subtree root; "" for all
	Indicator      string
	PurchaserOrgID int64
	State          goumai.RedFlagState
	Status         string // a goumai.RedFlagCaseStatus, "none", or "" for any
	SentOnly       bool   // only flags sent to the purchaser (its view)
	ClosedOnly     bool   // only closed cases (the public's view)
	BeforeID       int64
	Limit          int
}

// FlagsWithCases lists the flags f selects with their cases.
func (s *Store) FlagsWithCases(ctx context.Context, f RedFlagCaseFilter) ([]FlagWithCase, error) {
	q, args := s.flagsWithCasesSQL(f)
	return queryList(ctx, s.r, listFlagsWithCases, scanFlagWithCase, q, args...)
}

var listFlagsWithCases = registerList("FlagsWithCases", func(s *Store) []listSample {
	const why = "a subtree's regions each give their flags in id order"
	return []listSample{
		sample(s.flagsWithCasesSQL(RedFlagCaseFilter{Region: "330106", Limit: 51})),
		sample(s.flagsWithCasesSQL(RedFlagCaseFilter{Region: "330106", BeforeID: 90, Indicator: "ENG-C3", State: goumai.RedFlagActive, Limit: 51})),
		sample(s.flagsWithCasesSQL(RedFlagCaseFilter{Region: "330100", Limit: 51})).sorted(why),
		sample(s.flagsWithCasesSQL(RedFlagCaseFilter{Region: "330100", Status: "none", Limit: 51})).sorted(why),
		sample(s.flagsWithCasesSQL(RedFlagCaseFilter{Region: "330100", Status: "sent", PurchaserOrgID: 7, Limit: 51})).sorted(why),
		sample(s.flagsWithCasesSQL(RedFlagCaseFilter{PurchaserOrgID: 7, SentOnly: true, Limit: 51})),
		sample(s.flagsWithCasesSQL(RedFlagCaseFilter{ClosedOnly: true, Limit: 51})).sorted("the closed cases are few; by the flag's id"),
		sample(s.flagsWithCasesSQL(RedFlagCaseFilter{Region: "330100", ClosedOnly: true, Limit: 51})).sorted(why),
	}
})

func (s *Store) flagsWithCasesSQL(f RedFlagCaseFilter) (string, []any) {
	var w where
	w.region(s, "f.region", f.Region)
	if f.Indicator != "" {
		w.add("f.indicator = $%d", f.Indicator)
	}
	if f.PurchaserOrgID != 0 {
		w.add("f.purchaser_org_id = $%d", f.PurchaserOrgID)
	}
	if f.State != "" {
		w.add("f.state = $%d", string(f.State))
	}
	switch {
	case f.Status == "none":
		w.conds = append(w.conds, "c.id IS NULL")
	case f.Status != "":
		w.add("c.status = $%d", f.Status)
	}
	if f.SentOnly {
		w.conds = append(w.conds, "c.sent_at IS NOT NULL")
	}
	if f.ClosedOnly {
		w.add("c.status = $%d", string(goumai.RedFlagCaseClosed))
	}
	if f.BeforeID > 0 {
		w.add("f.id < $%d", f.BeforeID)
	}
	limit := w.limit(f.Limit, 50, 500)
	return `SELECT ` + flagCaseCols + ` FROM red_flags f LEFT JOIN red_flag_cases c ON c.flag_id = f.id WHERE ` + w.sql() +
		` ORDER BY f.id DESC LIMIT ` + limit, w.args
}

// FlagWithCase returns one flag with its case.
func (s *Store) FlagWithCase(ctx context.Context, flagID int64) (FlagWithCase, error) {
	fc, err := scanFlagWithCase(s.r.QueryRowContext(ctx, `SELECT `+flagCaseCols+` FROM red_flags f LEFT JOIN red_flag_cases c ON c.flag_id = f.id
		WHERE f.id = $1`, flagID))
	return fc, interpretError(err, redFlagWhat)
}

// FlagWithCase returns one flag with its case, inside the transaction.
func (tx *Tx) FlagWithCase(ctx context.Context, flagID int64) (FlagWithCase, error) {
	fc, err := scanFlagWithCase(tx.queryRow(ctx, `SELECT `+flagCaseCols+` FROM red_flags f LEFT JOIN red_flag_cases c ON c.flag_id = f.id
		WHERE f.id = $1`, flagID))
	return fc, interpretError(err, redFlagWhat)
}

// OpenRedFlagCases lists the cases not closed of a subtree (region) or a
// purchaser's sent to it, oldest first: the to-do lists.
func (s *Store) OpenRedFlagCases(ctx context.Context, region string, purchaserOrgID int64) ([]goumai.RedFlagCase, error) {
	q, args := s.openCasesSQL(region, purchaserOrgID)
	return queryList(ctx, s.r, listOpenCases, scanRedFlagCase, q, args...)
}

var listOpenCases = registerList("OpenRedFlagCases", func(s *Store) []listSample {
	const why = "the open cases of a subtree are few: each region and state gives its own in id order"
	return []listSample{
		sample(s.openCasesSQL("330106", 0)).sorted(why),
		sample(s.openCasesSQL("330100", 0)).sorted(why),
		sample(s.openCasesSQL("", 7)),
	}
})

func (s *Store) openCasesSQL(region string, purchaser int64) (string, []any) {
	var w where
	if purchaser != 0 {
		w.add("purchaser_org_id = $%d", purchaser)
		w.add("status = $%d", string(goumai.RedFlagCaseSent))
	} else {
		w.region(s, "region", region)
		w.in("status", string(goumai.RedFlagCaseSent), string(goumai.RedFlagCaseAnswered), string(goumai.RedFlagCaseInspecting))
	}
	limit := w.limit(200, 200, 200)
	return `SELECT ` + redFlagCaseCols + ` FROM red_flag_cases WHERE ` + w.sql() + ` ORDER BY id LIMIT ` + limit, w.args
}

// RedFlagCountBy says how RedFlagCounts groups.
type RedFlagCountBy string

// The groupings of the counts.
const (
	CountByRegion    RedFlagCountBy = "region"    // per region and purchaser
	CountByIndicator RedFlagCountBy = "indicator" // per indicator
)

// RedFlagCounts counts a subtree's flags raised, sent, answered, inspected
// and closed by outcome, per region and purchaser or per indicator.
func (s *Store) RedFlagCounts(ctx context.Context, region string, by RedFlagCountBy) ([]goumai.RedFlagCounts, error) {
	q, args := s.redFlagCountsSQL(region, by)
	return queryList(ctx, s.r, listRedFlagCounts, func(sc scanner) (goumai.RedFlagCounts, error) {
		var c goumai.RedFlagCounts
		var key string
		var purchaser sql.NullInt64
		err := sc.Scan(&key, &purchaser, &c.Raised, &c.Sent, &c.Answered, &c.Inspected, &c.Justified, &c.Corrected, &c.Referred)
		if by == CountByIndicator {
			c.Indicator = key
		} else {
			c.Region, c.PurchaserOrgID = key, purchaser.Int64
		}
		return c, err
	}, q, args...)
}

var listRedFlagCounts = registerList("RedFlagCounts", func(s *Store) []listSample {
	const why = "counts of a subtree: every flag of it is read and grouped"
	return []listSample{
		sample(s.redFlagCountsSQL("330106", CountByRegion)).sorted(why).wholeTable(why),
		sample(s.redFlagCountsSQL("330100", CountByIndicator)).sorted(why).wholeTable(why),
		sample(s.redFlagCountsSQL("", CountByRegion)).sorted(why).wholeTable(why),
	}
})

func (s *Store) redFlagCountsSQL(region string, by RedFlagCountBy) (string, []any) {
	var w where
	w.region(s, "f.region", region)
	group := "f.region, f.purchaser_org_id"
	if by == CountByIndicator {
		group = "f.indicator, 0"
	}
	count := func(cond string) string { return "SUM(CASE WHEN " + cond + " THEN 1 ELSE 0 END)" }
	limit := w.limit(1000, 1000, 1000)
	return `SELECT ` + group + `, COUNT(*), ` + count("c.sent_at IS NOT NULL") + `, ` + count("c.answered_at IS NOT NULL") + `, ` +
		count("c.inspected_at IS NOT NULL") + `, ` + count("c.outcome = 'justified'") + `, ` + count("c.outcome = 'corrected'") + `, ` +
		count("c.outcome = 'referred'") + ` FROM red_flags f LEFT JOIN red_flag_cases c ON c.flag_id = f.id WHERE ` + w.sql() +
		` GROUP BY ` + strings.TrimSuffix(group, ", 0") + ` ORDER BY ` + strings.TrimSuffix(group, ", 0") + ` LIMIT ` + limit, w.args
}

// InsertRedFlagCase opens a case and returns its id.
func (tx *Tx) InsertRedFlagCase(ctx context.Context, c goumai.RedFlagCase) (int64, error) {
	now := formatTime(tx.now)
	return tx.insertRow(ctx, "red_flag_cases", redFlagCaseWhat, `INSERT INTO red_flag_cases (flag_id, region, purchaser_org_id, org_id, status,
		request, days, due_at, sent_at, answer, files, findings, inspected_at, outcome, opinion, version, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', '[]', $10, $11, '', '', 1, $12, $13, $13)`,
		c.FlagID, c.Region, nullID(c.PurchaserOrgID), c.OrgID, string(c.Status), c.Request, c.Days, nullTime(c.DueAt), nullTime(c.SentAt),
		c.Findings, nullTime(c.InspectedAt), nullID(c.CreatedBy), now)
}

// UpdateRedFlagCase writes a case's state if its version is still
// c.Version (EStale otherwise); by is who answered, for an answer.
func (tx *Tx) UpdateRedFlagCase(ctx context.Context, c goumai.RedFlagCase, by int64) error {
	files, err := jsonList(c.Files)
	if err != nil {
		return err
	}
	_, err = tx.writeRow(ctx, "red_flag_cases", `UPDATE red_flag_cases SET status = $1, request = $2, days = $3, due_at = $4, sent_at = $5,
		answer = $6, files = $7, answered_at = $8, answered_by = COALESCE($9, answered_by), findings = $10, inspected_at = $11, outcome = $12,
		opinion = $13, closed_at = $14, version = version + 1, updated_at = $15 WHERE id = $16 AND version = $17`,
		string(c.Status), c.Request, c.Days, nullTime(c.DueAt), nullTime(c.SentAt), c.Answer, files, nullTime(c.AnsweredAt), nullID(by),
		c.Findings, nullTime(c.InspectedAt), string(c.Outcome), c.Opinion, nullTime(c.ClosedAt), formatTime(tx.now), c.ID, c.Version)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Errorf(goumai.EStale, "处理记录已被他人修改，请刷新后重试", "the case changed meanwhile; reload and try again")
	}
	return interpretError(err, redFlagCaseWhat)
}
