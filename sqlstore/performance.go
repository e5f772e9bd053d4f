package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"time"

	"github.com/goumai/goumai"
)

// Performance evaluation (migration 0044): indicator templates, evaluations,
// survey codes (hashes only) and pseudonymised survey responses.

func init() {
	registerTable(table{name: "performance_templates", key: "id", cols: []column{{"id", colInt}, {"region", colText}, {"catalog_code", colText},
		{"effective_from", colText}, {"indicators", colJSON}, {"min_output_benefit", colInt}, {"note", colText}, {"created_by", colNullInt},
		{"created_at", colText}}})
	registerTable(table{name: "performance_evaluations", key: "id", cols: []column{{"id", colInt}, {"contract_id", colInt}, {"project_id", colInt},
		{"region", colText}, {"catalog_code", colText}, {"supplier_org_id", colInt}, {"kind", colText}, {"evaluator_org_id", colInt},
		{"indicators", colJSON}, {"summary", colText}, {"status", colText}, {"score", colInt}, {"grade", colText}, {"published_at", colNullText},
		{"version", colInt}, {"created_by", colNullInt}, {"created_at", colText}, {"updated_at", colText}}})
	registerTable(table{name: "survey_codes", key: "id", cols: []column{{"id", colInt}, {"contract_id", colInt}, {"code_hash", colText},
		{"issued_by", colNullInt}, {"issued_at", colText}, {"used_at", colNullText}}})
	registerTable(table{name: "survey_responses", key: "id", cols: []column{{"id", colInt}, {"contract_id", colInt}, {"pseudonym", colText},
		{"ratings", colJSON}, {"comment", colText}, {"satisfaction", colInt}, {"submitted_at", colText}, {"excluded", colInt},
		{"reviewed_by", colNullInt}, {"reviewed_at", colNullText}, {"review_note", colText}}})
}

var (
	templateWhat   = goumai.M("绩效指标模板", "indicator template")
	evaluationWhat = goumai.M("绩效评价", "performance evaluation")
	surveyCodeWhat = goumai.M("满意度调查码", "survey code")
	responseWhat   = goumai.M("满意度调查答卷", "survey response")
)

// insertedAs returns the id of a row just inserted, or the insert's error as what's.
func insertedAs(what goumai.Msg) func(key string, err error) (int64, error) {
	return func(key string, err error) (int64, error) {
		if err != nil {
			return 0, interpretError(err, what)
		}
		return strconv.ParseInt(key, 10, 64)
	}
}

// --- templates

const templateCols = `id, region, catalog_code, effective_from, indicators, min_output_benefit, note, created_at`

func scanTemplate(sc scanner) (goumai.IndicatorTemplate, error) {
	var t goumai.IndicatorTemplate
	var inds, created string
	if err := sc.Scan(&t.ID, &t.Region, &t.CatalogCode, &t.EffectiveFrom, &inds, &t.MinOutputBenefit, &t.Note, &created); err != nil {
		return t, err
	}
	if err := json.Unmarshal([]byte(inds), &t.Indicators); err != nil {
		return t, err
	}
	return t, scanTimes(map[*time.Time]string{&t.CreatedAt: created}, nil)
}

// InsertTemplate records a region's indicator template.
func (tx *Tx) InsertTemplate(ctx context.Context, t goumai.IndicatorTemplate, by int64) (int64, error) {
	inds, err := jsonText(t.Indicators)
	if err != nil {
		return 0, err
	}
	return insertedAs(templateWhat)(tx.writeRow(ctx, "performance_templates", `INSERT INTO performance_templates (region, catalog_code, effective_from,
		indicators, min_output_benefit, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		t.Region, t.CatalogCode, t.EffectiveFrom, inds, t.MinOutputBenefit, t.Note, nullInt(by), formatTime(tx.now)))
}

func templatesSQL(regions []string) (string, []any) {
	var w where
	w.in("region", anys(regions)...)
	return `SELECT ` + templateCols + ` FROM performance_templates WHERE ` + w.sql() + ` ORDER BY region, catalog_code, effective_from`, w.args
}

var listTemplates = registerList("IndicatorTemplates", func(s *Store) []listSample {
	q, args := templatesSQL([]string{"100000", "330000", "330100", "330106"})
	return []listSample{sample(q, args).sorted("the templates of one region's path: a handful of regions, each a few rows")}
})

// Templates returns the indicator templates of the regions given (a
// region's path).
func (s *Store) Templates(ctx context.Context, regions []string) ([]goumai.IndicatorTemplate, error) {
	q, args := templatesSQL(regions)
	return queryList(ctx, s.r, listTemplates, scanTemplate, q, args...)
}

// Templates returns the indicator templates of the regions given, inside the transaction.
func (tx *Tx) Templates(ctx context.Context, regions []string) ([]goumai.IndicatorTemplate, error) {
	q, args := templatesSQL(regions)
	return queryList(ctx, tx.tx, listTemplates, scanTemplate, q, args...)
}

// --- evaluations

const evaluationCols = `id, contract_id, project_id, region, catalog_code, supplier_org_id, kind, evaluator_org_id, indicators, summary,
	status, score, grade, published_at, version, created_at`

func scanEvaluation(sc scanner) (goumai.PerformanceEvaluation, error) {
	var e goumai.PerformanceEvaluation
	var kind, inds, status, grade, created string
	var published sql.NullString
	if err := sc.Scan(&e.ID, &e.ContractID, &e.ProjectID, &e.Region, &e.CatalogCode, &e.SupplierOrgID, &kind, &e.EvaluatorOrgID, &inds,
		&e.Summary, &status, &e.Score, &grade, &published, &e.Version, &created); err != nil {
		return e, err
	}
	e.Kind, e.Status, e.Grade = goumai.EvaluationKind(kind), goumai.EvaluationStatus(status), goumai.Grade(grade)
	if err := json.Unmarshal([]byte(inds), &e.Indicators); err != nil {
		return e, err
	}
	return e, scanTimes(map[*time.Time]string{&e.CreatedAt: created}, map[**time.Time]sql.NullString{&e.PublishedAt: published})
}

// InsertEvaluation records a new evaluation (version 1).
func (tx *Tx) InsertEvaluation(ctx context.Context, e goumai.PerformanceEvaluation, by int64) (int64, error) {
	inds, err := jsonText(e.Indicators)
	if err != nil {
		return 0, err
	}
	now := formatTime(tx.now)
	return insertedAs(evaluationWhat)(tx.writeRow(ctx, "performance_evaluations", `INSERT INTO performance_evaluations (contract_id, project_id, region,
		catalog_code, supplier_org_id, kind, evaluator_org_id, indicators, summary, status, score, grade, version, created_by, created_at,
		updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14, $14)`,
		e.ContractID, e.ProjectID, e.Region, e.CatalogCode, e.SupplierOrgID, string(e.Kind), e.EvaluatorOrgID, inds, e.Summary,
		string(e.Status), e.Score, string(e.Grade), nullInt(by), now))
}

// UpdateEvaluation writes an evaluation's indicators, summary, state and
// result if its version is still e.Version (EStale otherwise).
func (tx *Tx) UpdateEvaluation(ctx context.Context, e goumai.PerformanceEvaluation) error {
	inds, err := jsonText(e.Indicators)
	if err != nil {
		return err
	}
	_, err = tx.writeRow(ctx, "performance_evaluations", `UPDATE performance_evaluations SET indicators = $1, summary = $2, status = $3,
		score = $4, grade = $5, published_at = $6, version = version + 1, updated_at = $7 WHERE id = $8 AND version = $9`,
		inds, e.Summary, string(e.Status), e.Score, string(e.Grade), nullTime(e.PublishedAt), formatTime(tx.now), e.ID, e.Version)
	return interpretError(staleChange(err), evaluationWhat)
}

// Evaluation returns one evaluation, inside the transaction.
func (tx *Tx) Evaluation(ctx context.Context, id int64) (goumai.PerformanceEvaluation, error) {
	e, err := scanEvaluation(tx.queryRow(ctx, `SELECT `+evaluationCols+` FROM performance_evaluations WHERE id = $1`, id))
	return e, interpretError(err, evaluationWhat)
}

// Evaluation returns one evaluation.
func (s *Store) Evaluation(ctx context.Context, id int64) (goumai.PerformanceEvaluation, error) {
	e, err := scanEvaluation(s.r.QueryRowContext(ctx, `SELECT `+evaluationCols+` FROM performance_evaluations WHERE id = $1`, id))
	return e, interpretError(err, evaluationWhat)
}

const evaluationsSQL = `SELECT ` + evaluationCols + ` FROM performance_evaluations WHERE contract_id = $1 ORDER BY contract_id, id`

var listEvaluations = registerList("PerformanceEvaluations", func(s *Store) []listSample {
	return []listSample{sample(evaluationsSQL, []any{7})}
})

// Evaluations returns a contract's evaluations by id.
func (s *Store) Evaluations(ctx context.Context, contractID int64) ([]goumai.PerformanceEvaluation, error) {
	return queryList(ctx, s.r, listEvaluations, scanEvaluation, evaluationsSQL, contractID)
}

// Evaluations returns a contract's evaluations by id, inside the transaction.
func (tx *Tx) Evaluations(ctx context.Context, contractID int64) ([]goumai.PerformanceEvaluation, error) {
	return queryList(ctx, tx.tx, listEvaluations, scanEvaluation, evaluationsSQL, contractID)
}

// --- survey codes

// SurveyCode is an issued one-time code of a contract's survey: its keyed
// hash, never the code.
type SurveyCode struct {
	ID         int64
	ContractID int64
	UsedAt     *time.Time
}

// InsertSurveyCode records the hash of an issued code.
func (tx *Tx) InsertSurveyCode(ctx context.Context, contractID int64, hash string, by int64) (int64, error) {
	return insertedAs(surveyCodeWhat)(tx.writeRow(ctx, "survey_codes", `INSERT INTO survey_codes (contract_id, code_hash, issued_by, issued_at) VALUES ($1, $2, $3, $4)`,
		contractID, hash, nullInt(by), formatTime(tx.now)))
}

// SurveyCodeByHash returns the code with that hash (ENotFound: none).
func (tx *Tx) SurveyCodeByHash(ctx context.Context, hash string) (SurveyCode, error) {
	var c SurveyCode
	var used sql.NullString
	err := tx.queryRow(ctx, `SELECT id, contract_id, used_at FROM survey_codes WHERE code_hash = $1`, hash).Scan(&c.ID, &c.ContractID, &used)
	if err != nil {
		return c, interpretError(err, surveyCodeWhat)
	}
	return c, scanTimes(nil, map[**time.Time]sql.NullString{&c.UsedAt: used})
}

// UseSurveyCode marks a code used; EConflict when it already was.
func (tx *Tx) UseSurveyCode(ctx context.Context, id int64) error {
	_, err := tx.writeRow(ctx, "survey_codes", `UPDATE survey_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL`, formatTime(tx.now), id)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Errorf(goumai.EConflict, "该调查码已使用，每人每个项目只能提交一次", "this code has been used: one response per person per project")
	}
	return interpretError(err, surveyCodeWhat)
}

// SurveyCodeCounts returns how many codes of a contract were issued and used.
func (s *Store) SurveyCodeCounts(ctx context.Context, contractID int64) (issued, used int, err error) {
	err = s.r.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(used_at) FROM survey_codes WHERE contract_id = $1`, contractID).Scan(&issued, &used)
	return issued, used, err
}

// --- survey responses

const responseCols = `id, contract_id, pseudonym, ratings, comment, satisfaction, submitted_at, excluded, reviewed_at, review_note`

func scanResponse(sc scanner) (goumai.SurveyResponse, error) {
	var r goumai.SurveyResponse
	var ratings, submitted string
	var excluded int
	var reviewed sql.NullString
	if err := sc.Scan(&r.ID, &r.ContractID, &r.Pseudonym, &ratings, &r.Comment, &r.Satisfaction, &submitted, &excluded, &reviewed, &r.ReviewNote); err != nil {
		return r, err
	}
	r.Excluded = excluded == 1
	if err := json.Unmarshal([]byte(ratings), &r.Ratings); err != nil {
		return r, err
	}
	return r, scanTimes(map[*time.Time]string{&r.SubmittedAt: submitted}, map[**time.Time]sql.NullString{&r.ReviewedAt: reviewed})
}

// InsertSurveyResponse records a pseudonymised answer.
func (tx *Tx) InsertSurveyResponse(ctx context.Context, r goumai.SurveyResponse) (int64, error) {
	ratings, err := jsonText(r.Ratings)
	if err != nil {
		return 0, err
	}
	return insertedAs(responseWhat)(tx.writeRow(ctx, "survey_responses", `INSERT INTO survey_responses (contract_id, pseudonym, ratings, comment, satisfaction,
		submitted_at) VALUES ($1, $2, $3, $4, $5, $6)`, r.ContractID, r.Pseudonym, ratings, r.Comment, r.Satisfaction, formatTime(tx.now)))
}

// ReviewSurveyResponse records the purchaser's review of a flagged answer.
func (tx *Tx) ReviewSurveyResponse(ctx context.Context, id int64, excluded bool, note string, by int64) error {
	x := 0
	if excluded {
		x = 1
	}
	_, err := tx.writeRow(ctx, "survey_responses", `UPDATE survey_responses SET excluded = $1, review_note = $2, reviewed_by = $3, reviewed_at = $4
		WHERE id = $5`, x, note, nullInt(by), formatTime(tx.now), id)
	return interpretError(err, responseWhat)
}

// SurveyResponse returns one answer, inside the transaction.
func (tx *Tx) SurveyResponse(ctx context.Context, id int64) (goumai.SurveyResponse, error) {
	r, err := scanResponse(tx.queryRow(ctx, `SELECT `+responseCols+` FROM survey_responses WHERE id = $1`, id))
	return r, interpretError(err, responseWhat)
}

const responsesSQL = `SELECT ` + responseCols + ` FROM survey_responses WHERE contract_id = $1 ORDER BY contract_id, id`

var listResponses = registerList("SurveyResponses", func(s *Store) []listSample {
	return []listSample{sample(responsesSQL, []any{7})}
})

// SurveyResponses returns a contract's answers in order of submission.
func (s *Store) SurveyResponses(ctx context.Context, contractID int64) ([]goumai.SurveyResponse, error) {
	return queryList(ctx, s.r, listResponses, scanResponse, responsesSQL, contractID)
}

// SurveyResponses returns a contract's answers in order, inside the transaction.
func (tx *Tx) SurveyResponses(ctx context.Context, contractID int64) ([]goumai.SurveyResponse, error) {
	return queryList(ctx, tx.tx, listResponses, scanResponse, responsesSQL, contractID)
}

// --- the record of grades (ENG-J1)

const supplierGradesSQL = `SELECT c.id, c.number, c.title, c.region, e.catalog_code, g.score, g.grade, g.published_at
	FROM contracts c JOIN contract_grades g ON g.contract_id = c.id JOIN performance_evaluations e ON e.id = g.evaluation_id
	WHERE c.supplier_org_id = $1 ORDER BY c.supplier_org_id, c.id`

func scanSupplierGrade(sc scanner) (goumai.SupplierGrade, error) {
	var g goumai.SupplierGrade
	var grade, at string
	if err := sc.Scan(&g.ContractID, &g.Number, &g.Title, &g.Region, &g.CatalogCode, &g.Score, &grade, &at); err != nil {
		return g, err
	}
	g.Grade = goumai.Grade(grade)
	return g, scanTimes(map[*time.Time]string{&g.PublishedAt: at}, nil)
}

var listSupplierGrades = registerList("SupplierGrades", func(s *Store) []listSample {
	return []listSample{sample(supplierGradesSQL, []any{7})}
})

// SupplierGrades returns the published grades of a supplier's contracts.
func (s *Store) SupplierGrades(ctx context.Context, orgID int64) ([]goumai.SupplierGrade, error) {
	return queryList(ctx, s.r, listSupplierGrades, scanSupplierGrade, supplierGradesSQL, orgID)
}

func regionGradesSQL(s *Store, root string) (string, []any) {
	var w where
	w.region(s, "e.region", root)
	w.add("e.status = $%d", string(goumai.EvalPublished))
	return `SELECT c.id, c.number, c.title, e.region, e.catalog_code, g.score, g.grade, g.published_at
		FROM performance_evaluations e JOIN contract_grades g ON g.contract_id = e.contract_id AND g.evaluation_id = e.id
		JOIN contracts c ON c.id = e.contract_id WHERE ` + w.sql() + ` ORDER BY e.region, e.status, e.id`, w.args
}

var listRegionGrades = registerList("RegionGrades", func(s *Store) []listSample {
	q, args := regionGradesSQL(s, "330106")
	return []listSample{sample(q, args).sorted("the published grades of a region subtree: one index range per region, merged")}
})

// RegionGrades returns the published grades of contracts in root's subtree
// (every region for the national root), for budget planning (ENG-J1).
func (s *Store) RegionGrades(ctx context.Context, root string) ([]goumai.SupplierGrade, error) {
	q, args := regionGradesSQL(s, root)
	return queryList(ctx, s.r, listRegionGrades, scanSupplierGrade, q, args...)
}
