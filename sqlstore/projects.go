package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
)

// The project area's audited tables (migration 0004; 0008 added the negative-list answers and confirmations).
func init() {
	registerTable(table{name: "projects", key: "id", cols: []column{{"id", colInt}, {"code", colText}, {"purchaser_org_id", colInt},
		{"region", colText}, {"title", colText}, {"catalog_code", colText}, {"filing_ref", colText}, {"class", colText},
		{"budget_line_id", colNullInt}, {"amount", colInt}, {"content", colText}, {"quantity", colInt}, {"quantity_unit", colText},
		{"quality_standards", colText}, {"targets", colJSON}, {"ex_ante", colText}, {"supplier_conditions", colText},
		{"evaluation_standards", colText}, {"method", colText}, {"term_months", colInt}, {"long_term", colNullJSON},
		{"beneficiaries", colText}, {"consultation", colNullJSON}, {"expected_start", colText}, {"status", colText},
		{"step", colInt}, {"chain", colJSON}, {"double_funded", colJSON}, {"version", colInt}, {"created_by", colNullInt},
		{"created_at", colText}, {"updated_at", colText}, {"submitted_at", colNullText}, {"decided_at", colNullText},
		{"negative_answers", colJSON}}})
	registerTable(table{name: "project_counters", key: "scope", cols: []column{{"scope", colText}, {"last", colInt}}})
	registerTable(table{name: "project_reviews", key: "id", cols: []column{{"id", colInt}, {"project_id", colInt}, {"step", colInt},
		{"step_name", colText}, {"actor_user_id", colNullInt}, {"actor_name", colText}, {"org_id", colNullInt}, {"action", colText},
		{"opinion", colText}, {"field_comments", colJSON}, {"at", colText}, {"negative_list_confirmed", colBool}}})
	verifyChecks = append(verifyChecks, verifyProjectCommitments)
}

// verifyProjectCommitments checks the derived state between projects and the
// ledger: an approved project has committed exactly its amount on its line, and
// a project in any other state has committed nothing; a project under review is
// at a step of its chain.
func verifyProjectCommitments(ctx context.Context, s *Store, problem func(format string, args ...any)) error {
	rows, err := s.r.QueryContext(ctx, `SELECT p.id, p.status, p.amount, p.step, p.chain,
		COALESCE((SELECT SUM(l.amount) FROM ledger_entries l WHERE l.project_id = p.id AND l.kind = $1), 0)
		FROM projects p ORDER BY p.id`, string(goumai.LedgerCommit))
	if err != nil {
		return fmt.Errorf("verify projects: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, amount, committed int64
		var step int
		var status, chain string
		if err := rows.Scan(&id, &status, &amount, &step, &chain, &committed); err != nil {
			return fmt.Errorf("verify projects: %w", err)
		}
		var steps []goumai.ReviewStep
		if err := json.Unmarshal([]byte(chain), &steps); err != nil {
			problem("projects %d: chain is not valid JSON: %v", id, err)
			continue
		}
		switch {
		case status == string(goumai.ProjectApproved) && committed != amount:
			problem("projects %d: approved for %d fen but %d fen committed in the ledger", id, amount, committed)
		case status != string(goumai.ProjectApproved) && committed != 0:
			problem("projects %d: %s but %d fen committed in the ledger", id, status, committed)
		case status == string(goumai.ProjectSubmitted) && step >= len(steps):
			problem("projects %d: under review at step %d of a %d-step chain", id, step, len(steps))
		}
	}
	return rows.Err()
}

var projectWhat = goumai.M("项目", "project")

const projectCols = `id, code, purchaser_org_id, region, title, catalog_code, filing_ref, class, budget_line_id, amount, content,
	quantity, quantity_unit, quality_standards, targets, ex_ante, supplier_conditions, evaluation_standards, method, term_months,
	long_term, beneficiaries, consultation, expected_start,
	CASE WHEN EXISTS (SELECT 1 FROM project_closures c WHERE c.project_id = projects.id) THEN 'closed' ELSE status END, step, chain, double_funded, version, created_by, created_at,
	updated_at, submitted_at, decided_at, negative_answers`

// jsonText encodes v for a JSON TEXT column: no HTML escaping, so the stored
// text reads as typed.
func jsonText(v any) (string, error) {
	b, err := canonicalJSON(v)
	if err != nil {
		return "", fmt.Errorf("encode json column: %w", err)
	}
	return string(b), nil
}

func scanProject(sc scanner) (goumai.Project, error) {
	var p goumai.Project
	var line, createdBy sql.NullInt64
	var longTerm, consultation, submitted, decided sql.NullString
	var class, method, status, targets, chain, double, negative, created, updated string
	err := sc.Scan(&p.ID, &p.Code, &p.PurchaserOrgID, &p.Region, &p.Title, &p.CatalogCode, &p.FilingRef, &class, &line, &p.Amount,
		&p.Content, &p.Quantity, &p.QuantityUnit, &p.QualityStandards, &targets, &p.ExAnte, &p.SupplierConditions,
		&p.EvaluationStandards, &method, &p.TermMonths, &longTerm, &p.Beneficiaries, &consultation, &p.ExpectedStart, &status,
		&p.Step, &chain, &double, &p.Version, &createdBy, &created, &updated, &submitted, &decided, &negative)
	if err != nil {
		return p, err
	}
	p.Class, p.Method, p.Status = goumai.ServiceClass(class), goumai.ProcurementMethod(method), goumai.ProjectStatus(status)
	p.BudgetLineID, p.CreatedBy = line.Int64, createdBy.Int64
	for _, c := range []struct {
		ok  bool
		src string
		dst any
	}{{true, targets, &p.Targets}, {true, chain, &p.Chain}, {true, double, &p.DoubleFunded},
		{longTerm.Valid, longTerm.String, &p.LongTerm}, {consultation.Valid, consultation.String, &p.Consultation},
		{true, negative, &p.NegativeAnswers}} {
		if c.ok {
			if err := json.Unmarshal([]byte(c.src), c.dst); err != nil {
				return p, fmt.Errorf("project %d: stored json: %w", p.ID, err)
			}
		}
	}
	if p.NegativeAnswers == nil {
		p.NegativeAnswers = goumai.NegativeAnswers{}
	}
	if p.CreatedAt, err = parseTime(created); err != nil {
		return p, err
	}
	if p.UpdatedAt, err = parseTime(updated); err != nil {
		return p, err
	}
	if p.SubmittedAt, err = parseNullTime(submitted); err != nil {
		return p, err
	}
	p.DecidedAt, err = parseNullTime(decided)
	return p, err
}

func parseNullTime(s sql.NullString) (*time.Time, error) {
	if !s.Valid {
		return nil, nil
	}
	t, err := parseTime(s.String)
	return &t, err
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return formatTime(*t)
}

// projectArgs returns the values of the editable and state columns, in the
// order of projectWriteCols.
func projectArgs(p goumai.Project) ([]any, error) {
	targets := p.Targets
	if targets == nil {
		targets = []goumai.PerformanceTarget{}
	}
	chain := p.Chain
	if chain == nil {
		chain = []goumai.ReviewStep{}
	}
	double := p.DoubleFunded
	if double == nil {
		double = []string{}
	}
	var vals []string
	for _, v := range []any{targets, chain, double} {
		s, err := jsonText(v)
		if err != nil {
			return nil, err
		}
		vals = append(vals, s)
	}
	var longTerm, consultation any
	if p.LongTerm != nil {
		s, err := jsonText(p.LongTerm)
		if err != nil {
			return nil, err
		}
		longTerm = s
	}
	if p.Consultation != nil {
		c := *p.Consultation
		c.From, c.To = c.From.UTC(), c.To.UTC()
		s, err := jsonText(c)
		if err != nil {
			return nil, err
		}
		consultation = s
	}
	negative := p.NegativeAnswers
	if negative == nil {
		negative = goumai.NegativeAnswers{}
	}
	negJSON, err := jsonText(negative)
	if err != nil {
		return nil, err
	}
	return []any{p.Title, p.CatalogCode, p.FilingRef, string(p.Class), nullInt(p.BudgetLineID), p.Amount, p.Content, p.Quantity,
		p.QuantityUnit, p.QualityStandards, vals[0], p.ExAnte, p.SupplierConditions, p.EvaluationStandards, string(p.Method),
		p.TermMonths, longTerm, p.Beneficiaries, consultation, p.ExpectedStart, string(p.Status), p.Step, vals[1], vals[2],
		nullTime(p.SubmittedAt), nullTime(p.DecidedAt), negJSON}, nil
}

const projectWriteCols = `title, catalog_code, filing_ref, class, budget_line_id, amount, content, quantity, quantity_unit,
	quality_standards, targets, ex_ante, supplier_conditions, evaluation_standards, method, term_months, long_term, beneficiaries,
	consultation, expected_start, status, step, chain, double_funded, submitted_at, decided_at, negative_answers`

// NextProjectCode takes the next project code of a region and year, e.g.
// GM-330106-2026-0001, under the counter row's lock. The caller records the
// counter's change (table project_counters, key ProjectCounterScope).
func (tx *Tx) NextProjectCode(ctx context.Context, region string, year int) (string, error) {
	scope := ProjectCounterScope(region, year)
	if _, err := tx.writeRow(ctx, "project_counters", `INSERT INTO project_counters (scope, last) VALUES ($1, 1)
		ON CONFLICT (scope) DO UPDATE SET last = project_counters.last + 1`, scope); err != nil {
		return "", fmt.Errorf("project code counter %s: %w", scope, err)
	}
	var n int64
	if err := tx.tx.QueryRowContext(ctx, `SELECT last FROM project_counters WHERE scope = $1`, scope).Scan(&n); err != nil {
		return "", fmt.Errorf("project code counter %s: %w", scope, err)
	}
	return fmt.Sprintf("GM-%s-%d-%04d", region, year, n), nil
}

// ProjectCounterScope is the key of a region's and year's code counter.
func ProjectCounterScope(region string, year int) string { return fmt.Sprintf("%s-%04d", region, year) }

// InsertProject inserts a project (its code already taken) and returns its id.
func (tx *Tx) InsertProject(ctx context.Context, p goumai.Project) (int64, error) {
	args, err := projectArgs(p)
	if err != nil {
		return 0, err
	}
	ph := make([]string, len(args))
	for i := range args {
		ph[i] = "$" + strconv.Itoa(i+6)
	}
	key, err := tx.writeRow(ctx, "projects", `INSERT INTO projects (code, purchaser_org_id, region, created_by, created_at, updated_at, version, `+
		projectWriteCols+`) VALUES ($1, $2, $3, $4, $5, $5, 1, `+joinComma(ph)+`)`,
		append([]any{p.Code, p.PurchaserOrgID, p.Region, nullInt(p.CreatedBy), formatTime(tx.now)}, args...)...)
	if err != nil {
		return 0, interpretError(err, projectWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// UpdateProject writes a project's fields and state if its version is still
// p.Version, and increments the version (optimistic concurrency: two reviewers
// cannot both act on one step). A stale version is EStale.
func (tx *Tx) UpdateProject(ctx context.Context, p goumai.Project) (int, error) {
	args, err := projectArgs(p)
	if err != nil {
		return 0, err
	}
	return tx.updateVersioned(ctx, "projects", projectWriteCols, args, p.ID, p.Version, projectWhat,
		goumai.M("项目已被他人修改或处理，请刷新后重试", "the project was changed by someone else; reload and try again"))
}

// updateVersioned writes the columns cols (comma-separated) of a versioned
// row to args if its version is still version, sets updated_at and increments
// the version, which it returns. A stale version is EStale with stale.
func (tx *Tx) updateVersioned(ctx context.Context, table, cols string, args []any, id int64, version int, what goumai.Msg, stale goumai.Msg) (int, error) {
	names := strings.Split(cols, ",")
	set := make([]string, len(names))
	for i, c := range names {
		set[i] = strings.TrimSpace(c) + " = $" + strconv.Itoa(i+1)
	}
	n := len(args)
	args = append(args, formatTime(tx.now), id, version)
	_, err := tx.writeRow(ctx, table, `UPDATE `+table+` SET `+joinComma(set)+`, updated_at = $`+strconv.Itoa(n+1)+
		`, version = version + 1 WHERE id = $`+strconv.Itoa(n+2)+` AND version = $`+strconv.Itoa(n+3), args...)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return 0, goumai.Errorf(goumai.EStale, stale.ZH, stale.EN)
	}
	if err != nil {
		return 0, interpretError(err, what)
	}
	return version + 1, nil
}

// Project returns one project.
func (s *Store) Project(ctx context.Context, id int64) (goumai.Project, error) {
	return getProject(ctx, s.r, "id", id)
}

// Project returns one project, inside the transaction.
func (tx *Tx) Project(ctx context.Context, id int64) (goumai.Project, error) {
	return getProject(ctx, tx.tx, "id", id)
}

func getProject(ctx context.Context, q querier, col string, v any) (goumai.Project, error) {
	p, err := scanProject(q.QueryRowContext(ctx, `SELECT `+projectCols+` FROM projects WHERE `+col+` = $1`, v))
	return p, interpretError(err, projectWhat)
}

// ProjectFilter selects projects; lists are keyset-paged by id, newest first
// when Desc is set.
type ProjectFilter struct {
	Region       string // subtree root; "" for all
	OrgID        int64  // purchaser
	Statuses     []goumai.ProjectStatus
	CatalogCode  string
	DoubleFunded bool // only projects with 两头占 findings
	Query        string
	AfterID      int64 // keyset: ids below it when Desc, above it otherwise
	Desc         bool
	Limit        int
}

// FindProjects lists projects.
func (s *Store) FindProjects(ctx context.Context, f ProjectFilter) ([]goumai.Project, error) {
	return findProjects(ctx, s, s.r, f)
}

func findProjects(ctx context.Context, s *Store, q querier, f ProjectFilter) ([]goumai.Project, error) {
	query, args := s.projectsSQL(f)
	return queryList(ctx, q, listProjects, scanProject, query, args...)
}

var listProjects = registerList("FindProjects", func(s *Store) []listSample {
	approved := []goumai.ProjectStatus{goumai.ProjectApproved}
	submitted := []goumai.ProjectStatus{goumai.ProjectSubmitted}
	return []listSample{
		sample(s.projectsSQL(ProjectFilter{Statuses: approved, Desc: true, Limit: 51})),                            // the public list
		sample(s.projectsSQL(ProjectFilter{Statuses: approved, Desc: true, AfterID: 900, Query: "养老", Limit: 51})), // searched, next page
		sample(s.projectsSQL(ProjectFilter{Statuses: approved, Region: "330106", Desc: true, Limit: 51})),          // a county's
		sample(s.projectsSQL(ProjectFilter{Statuses: approved, CatalogCode: "A0101", Desc: true, Limit: 51})),      // one catalogue item's
		sample(s.projectsSQL(ProjectFilter{Statuses: approved, Region: "330106", AfterID: 900, Limit: 500})),       // a county's intentions
		sample(s.projectsSQL(ProjectFilter{Region: "330106", Desc: true, Limit: 51})),                              // a county's finance staff
		sample(s.projectsSQL(ProjectFilter{Region: "330106", Statuses: submitted, Limit: 1000})),                   // awaiting a county's reviewers
		sample(s.projectsSQL(ProjectFilter{OrgID: 7, Statuses: submitted, Limit: 500})),                            // awaiting a purchaser's approver
		sample(s.projectsSQL(ProjectFilter{Statuses: approved, Region: "330100", Desc: true, Limit: 51})).sorted("a prefecture's regions each give their rows in id order"),
		sample(s.projectsSQL(ProjectFilter{Region: "330000", Statuses: submitted, Limit: 1000})).sorted("a province's regions each give their rows in id order"),
		sample(s.projectsSQL(ProjectFilter{OrgID: 7, Desc: true, Limit: 51})).sorted("one organisation's applications"),
		sample(s.projectsSQL(ProjectFilter{OrgID: 7, Desc: true, Limit: 200,
			Statuses: []goumai.ProjectStatus{goumai.ProjectDraft, goumai.ProjectReturned}})).sorted("one organisation's applications in two states"),
		sample(s.projectsSQL(ProjectFilter{Region: "330100", DoubleFunded: true, Desc: true, Limit: 500,
			Statuses: []goumai.ProjectStatus{goumai.ProjectSubmitted, goumai.ProjectReturned, goumai.ProjectApproved}})).sorted("a subtree's applications in three states"),
	}
})

// projectsSQL builds FindProjects' query.
func (s *Store) projectsSQL(f ProjectFilter) (string, []any) {
	var w where
	w.region(s, "region", f.Region)
	if f.OrgID != 0 {
		w.add("purchaser_org_id = $%d", f.OrgID)
	}
	if len(f.Statuses) > 0 {
		st := make([]any, len(f.Statuses))
		for i, v := range f.Statuses {
			st[i] = string(v)
		}
		w.in("status", st...)
	}
	if f.CatalogCode != "" {
		w.add("catalog_code = $%d", f.CatalogCode)
	}
	if f.DoubleFunded {
		w.conds = append(w.conds, "double_funded <> '[]'")
	}
	if f.Query != "" {
		w.contains(f.Query, "title", "code")
	}
	order := "id"
	if f.Desc {
		order = "id DESC"
		if f.AfterID > 0 {
			w.add("id < $%d", f.AfterID)
		}
	} else if f.AfterID > 0 {
		w.add("id > $%d", f.AfterID)
	}
	limit := w.limit(f.Limit, 100, 1000)
	return `SELECT ` + projectCols + ` FROM projects WHERE ` + w.sql() + ` ORDER BY ` + order + ` LIMIT ` + limit, w.args
}

// UnitCosts returns the amounts and quantities of approved projects buying a
// catalogue item (the comparables of the 豪华购买 check), excluding one project.
func (s *Store) UnitCosts(ctx context.Context, catalogCode string, exclude int64) ([]goumai.Fen, error) {
	return queryList(ctx, s.r, listUnitCosts, func(sc scanner) (goumai.Fen, error) {
		var amt goumai.Fen
		var qty int64
		if err := sc.Scan(&amt, &qty); err != nil {
			return 0, err
		}
		return amt / goumai.Fen(qty), nil
	}, unitCostsSQL, catalogCode, string(goumai.ProjectApproved), exclude)
}

const unitCostsSQL = `SELECT amount, quantity FROM projects WHERE catalog_code = $1 AND status = $2 AND quantity > 0 AND id <> $3 ORDER BY id`

var listUnitCosts = registerList("UnitCosts", func(s *Store) []listSample {
	return []listSample{sample(unitCostsSQL, []any{"A0101", string(goumai.ProjectApproved), 7})}
})

// InsertReview appends a step to a project's approval trail.
func (tx *Tx) InsertReview(ctx context.Context, r goumai.ReviewRecord) (int64, error) {
	fc := r.FieldComments
	if fc == nil {
		fc = map[string]string{}
	}
	comments, err := jsonText(fc)
	if err != nil {
		return 0, err
	}
	key, err := tx.writeRow(ctx, "project_reviews", `INSERT INTO project_reviews (project_id, step, step_name, actor_user_id, actor_name, org_id, action, opinion, field_comments, at,
		negative_list_confirmed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		r.ProjectID, r.Step, r.StepName, nullInt(r.ActorUserID), r.ActorName, nullInt(r.OrgID), string(r.Action), r.Opinion, comments, formatTime(tx.now),
		r.NegativeListConfirmed)
	if err != nil {
		return 0, interpretError(err, goumai.M("审核记录", "review record"))
	}
	return strconv.ParseInt(key, 10, 64)
}

// ProjectReviews returns a project's approval trail, oldest first.
func (s *Store) ProjectReviews(ctx context.Context, projectID int64) ([]goumai.ReviewRecord, error) {
	return queryList(ctx, s.r, listProjectReviews, scanReview, projectReviewsSQL, projectID)
}

const projectReviewsSQL = `SELECT id, project_id, step, step_name, actor_user_id, actor_name, org_id, action, opinion, field_comments, at,
	negative_list_confirmed FROM project_reviews WHERE project_id = $1 ORDER BY id`

var listProjectReviews = registerList("ProjectReviews", func(s *Store) []listSample {
	return []listSample{sample(projectReviewsSQL, []any{7})}
})

func scanReview(sc scanner) (goumai.ReviewRecord, error) {
	var r goumai.ReviewRecord
	var actor, org sql.NullInt64
	var action, comments, at string
	if err := sc.Scan(&r.ID, &r.ProjectID, &r.Step, &r.StepName, &actor, &r.ActorName, &org, &action, &r.Opinion, &comments, &at,
		&r.NegativeListConfirmed); err != nil {
		return r, err
	}
	r.ActorUserID, r.OrgID, r.Action = actor.Int64, org.Int64, goumai.ProjectAction(action)
	if err := json.Unmarshal([]byte(comments), &r.FieldComments); err != nil {
		return r, fmt.Errorf("review %d: stored comments: %w", r.ID, err)
	}
	if len(r.FieldComments) == 0 {
		r.FieldComments = nil
	}
	var err error
	r.At, err = parseTime(at)
	return r, err
}
