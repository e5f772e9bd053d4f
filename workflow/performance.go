package workflow

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// Performance evaluation (绩效评价, issue 10 item 5; ENG-J1, ENG-J2). A
// contract in force is evaluated against an indicator system seeded from its
// project's performance targets and the region's template for its catalogue
// category (the ENG-J2 default when none is set). The purchaser's staff
// evaluate it themselves (自评) and may engage an evaluator organisation,
// whose staff then score an external evaluation (output and benefit weighing
// at least the template's share, 60 % by default). The service users answer
// a satisfaction survey with one-time codes the purchaser hands out at the
// service point; only the codes' keyed hashes are stored, each code answers
// once, the answers are pseudonymised (REQ-W19), submissions are limited per
// address and per code, and floods and outliers are flagged for the
// purchaser to review (finance sees them too). Publishing an evaluation
// computes its weighted result and grade and, in the same transaction,
// writes the contract's grade (Tx.SetContractGrade, "contract.grade") that
// the final payment reads. The supplier can never edit its evaluation: the
// attempt is refused and recorded.

// The survey's limits.
var (
	SurveyLimit     = RateLimit{Name: "survey", N: 30, Window: 10 * time.Minute, What: goumai.M("提交过于频繁", "too many survey submissions")}
	SurveyCodeLimit = RateLimit{Name: "surveycode", N: 5, Window: 10 * time.Minute, What: goumai.M("该调查码尝试次数过多", "too many attempts with this code")}
)

// MaxSurveyCodes is the most codes issued at once.
const MaxSurveyCodes = 500

// EvaluationInput is an evaluation's editable fields.
type EvaluationInput struct {
	Version        int                   `json:"version"` // the version read (updates)
	Kind           goumai.EvaluationKind `json:"kind"`
	EvaluatorOrgID int64                 `json:"evaluator_org_id"` // a third-party evaluation's organisation
	Indicators     []goumai.Indicator    `json:"indicators"`       // none when starting: seeded
	Summary        string                `json:"summary"`
}

// TemplateInput is a region's indicator template.
type TemplateInput struct {
	CatalogCode      string             `json:"catalog_code"`
	EffectiveFrom    string             `json:"effective_from"`
	Indicators       []goumai.Indicator `json:"indicators"`
	MinOutputBenefit int                `json:"min_output_benefit"` // 0: the default 60
	Note             string             `json:"note"`
}

// SurveyInput is one service user's answer.
type SurveyInput struct {
	Code    string `json:"code"`
	Ratings []int  `json:"ratings"`
	Comment string `json:"comment"`
}

// SurveyReviewInput is the purchaser's review of a flagged answer.
type SurveyReviewInput struct {
	Exclude bool   `json:"exclude"`
	Note    string `json:"note"`
}

// SurveySummary is what anyone sees of a contract's survey: aggregates only.
type SurveySummary struct {
	Issued       int   `json:"issued"`
	Responses    int   `json:"responses"`
	Counted      int   `json:"counted"`
	Satisfaction *int  `json:"satisfaction"`  // 0–100, nil before any answer
	QuestionMean []int `json:"question_mean"` // per question, hundredths of a rating point
	Flagged      int   `json:"flagged"`       // answers flagged and not reviewed
}

// PerformanceView is a contract's performance evaluation as the caller may
// see it: the public sees published evaluations and the survey's aggregates;
// the insiders also the drafts, the suggested indicators and the flagged
// answers.
type PerformanceView struct {
	ContractID  int64                          `json:"contract_id"`
	Number      string                         `json:"number"`
	Title       string                         `json:"title"`
	Grade       *goumai.ContractGrade          `json:"grade"`
	Evaluations []goumai.PerformanceEvaluation `json:"evaluations"`
	Survey      SurveySummary                  `json:"survey"`
	Suggested   []goumai.Indicator             `json:"suggested,omitempty"`
	Responses   []goumai.SurveyResponse        `json:"responses,omitempty"`
	Insider     bool                           `json:"insider"`
	Purchaser   bool                           `json:"purchaser"`
}

// perfScope is a contract with its procedure and project.
type perfScope struct {
	c  goumai.Contract
	p  goumai.Procurement
	pr goumai.Project
}

func (s *Service) perfScope(ctx context.Context, tx *sqlstore.Tx, contractID int64) (perfScope, error) {
	var sc perfScope
	var err error
	if sc.c, err = tx.Contract(ctx, contractID); err != nil {
		return sc, err
	}
	if sc.p, err = tx.Procurement(ctx, sc.c.ProcurementID); err != nil {
		return sc, err
	}
	if sc.pr, err = tx.Project(ctx, sc.p.ProjectID); err != nil {
		return sc, err
	}
	return sc, guardOpen(ctx, tx, sc.p.ProjectID) // ENG-I2: every caller writes; a closed project is read-only
}

// purchaserScope locks and reads a contract in force for its purchaser's staff.
func (s *Service) purchaserScope(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, contractID int64) (perfScope, error) {
	sc, err := s.perfScope(ctx, tx, contractID)
	if err != nil {
		return sc, err
	}
	if err := tx.Lock(ctx, "procurements", sc.p.ID); err != nil {
		return sc, err
	}
	if !s.insideContract(a, sc.c, sc.p) {
		return sc, goumai.ErrNotFound("合同", "contract")
	}
	if err := s.purchaser(a, sc.p); err != nil {
		return sc, err
	}
	return sc, evaluable(sc.c)
}

// evaluable refuses a contract not in force (or ended).
func evaluable(c goumai.Contract) error {
	if c.Status != goumai.ContractSigned && c.Status != goumai.ContractTerminated {
		return goumai.Errorf(goumai.EConflict, "合同生效后方可进行绩效评价", "a contract is evaluated once in force")
	}
	return nil
}

// template returns the indicator template in force for a contract: the
// region's for its catalogue category, or the ENG-J2 default.
func (s *Service) template(ctx context.Context, tx *sqlstore.Tx, region, catalog string) (goumai.IndicatorTemplate, error) {
	return s.templateFrom(ctx, tx.Templates, tx.Now(), region, catalog)
}

// templateFrom is template over a reader of templates, on day now.
func (s *Service) templateFrom(ctx context.Context, read func(context.Context, []string) ([]goumai.IndicatorTemplate, error), now time.Time,
	region, catalog string) (goumai.IndicatorTemplate, error) {
	var path []string
	for _, g := range s.Store.Regions().Path(region) {
		path = append(path, g.Code)
	}
	ts, err := read(ctx, path)
	if err != nil {
		return goumai.IndicatorTemplate{}, err
	}
	t, ok := rules.PickTemplate(ts, path, catalog, now.In(goumai.Shanghai).Format(time.DateOnly))
	if !ok {
		t = goumai.IndicatorTemplate{Indicators: goumai.DefaultIndicators(), MinOutputBenefit: goumai.DefaultMinOutputBenefit}
	}
	return t, nil
}

// refuseSupplier records the supplier's attempt on its own evaluation (an
// event on the contract) and refuses it.
func (s *Service) refuseSupplier(ctx context.Context, a goumai.Actor, contractID int64, region string) error {
	if err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		_, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "performance.refused", Table: "contracts", Key: contractID, Region: region})
		return err
	}); err != nil {
		return err
	}
	return &goumai.Error{Code: goumai.EForbidden, Rule: "ENG-J1", Message: goumai.M("承接主体不能评价或修改对自身的绩效评价（ENG-J1），该尝试已记录",
		"the supplier cannot evaluate itself or edit its evaluation (ENG-J1); the attempt is recorded")}
}

// isSupplierOf reports whether a is the staff of the contract's supplier.
func (s *Service) isSupplierOf(a goumai.Actor, supplierOrgID int64) bool {
	return !a.Anonymous() && a.Org.ID == supplierOrgID
}

// StartEvaluation starts a contract's evaluation: the purchaser's
// self-evaluation, or a third-party evaluation by the organisation it names.
// Indicators not given are seeded from the template and the project's
// targets.
func (s *Service) StartEvaluation(ctx context.Context, a goumai.Actor, contractID int64, in EvaluationInput) (goumai.PerformanceEvaluation, error) {
	if c, err := s.Store.Contract(ctx, contractID); err == nil && s.isSupplierOf(a, c.SupplierOrgID) {
		return goumai.PerformanceEvaluation{}, s.refuseSupplier(ctx, a, c.ID, c.Region)
	}
	var e goumai.PerformanceEvaluation
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		sc, err := s.purchaserScope(ctx, tx, a, contractID)
		if err != nil {
			return err
		}
		e = goumai.PerformanceEvaluation{ContractID: sc.c.ID, ProjectID: sc.pr.ID, Region: sc.c.Region, CatalogCode: sc.pr.CatalogCode,
			SupplierOrgID: sc.c.SupplierOrgID, Kind: in.Kind, EvaluatorOrgID: sc.c.PurchaserOrgID, Status: goumai.EvalDraft,
			Summary: strings.TrimSpace(in.Summary), Grade: goumai.GradePoor}
		switch in.Kind {
		case goumai.EvalSelf:
		case goumai.EvalThirdParty:
			if err := s.checkEvaluator(ctx, tx, sc.c, in.EvaluatorOrgID); err != nil {
				return err
			}
			e.EvaluatorOrgID = in.EvaluatorOrgID
		default:
			return goumai.Fields{"kind": goumai.M("评价类型须为自评或第三方评价", "the kind is self or third_party")}.Err()
		}
		olds, err := tx.Evaluations(ctx, sc.c.ID)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(olds, func(o goumai.PerformanceEvaluation) bool { return o.Kind == e.Kind && o.Status == goumai.EvalDraft }) {
			return goumai.Errorf(goumai.EConflict, "该合同已有一份进行中的同类评价", "the contract already has an evaluation of this kind in progress")
		}
		t, err := s.template(ctx, tx, sc.c.Region, sc.pr.CatalogCode)
		if err != nil {
			return err
		}
		e.Indicators = in.Indicators
		if len(e.Indicators) == 0 {
			e.Indicators = rules.SeedIndicators(t.Indicators, sc.pr.Targets)
		}
		if err := checkEvaluation(e, t); err != nil {
			return err
		}
		if e.ID, err = tx.InsertEvaluation(ctx, e, a.UserID); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "performance.draft", Table: "performance_evaluations", Key: e.ID, Region: e.Region}); err != nil {
			return err
		}
		e, err = tx.Evaluation(ctx, e.ID)
		return err
	})
	return e, err
}

// checkEvaluator requires a third-party evaluator to be an active
// organisation other than the parties.
func (s *Service) checkEvaluator(ctx context.Context, tx *sqlstore.Tx, c goumai.Contract, orgID int64) error {
	bad := goumai.Fields{"evaluator_org_id": goumai.M("请指定第三方评价机构（不能是合同双方）", "name the third-party evaluator (not a party to the contract)")}
	if orgID == 0 || orgID == c.SupplierOrgID || orgID == c.PurchaserOrgID {
		return bad.Err()
	}
	o, err := tx.Org(ctx, orgID)
	if goumai.ErrorCode(err) == goumai.ENotFound || err == nil && !o.Active {
		return bad.Err()
	}
	return err
}

// checkEvaluation applies ENG-J2 to an evaluation's indicators and bounds its summary.
func checkEvaluation(e goumai.PerformanceEvaluation, t goumai.IndicatorTemplate) error {
	if utf8.RuneCountInString(e.Summary) > rules.MaxProjectText {
		return goumai.Fields{"summary": goumai.M("评价结论不能超过5000个字", "the summary has at most 5000 characters")}.Err()
	}
	return rules.CheckIndicators(e.Indicators, e.Kind == goumai.EvalThirdParty, t.MinOutputBenefit)
}

// evaluator returns nil if a scores e: the purchaser's staff a
// self-evaluation, the evaluator organisation's staff a third-party one.
func (s *Service) evaluator(a goumai.Actor, e goumai.PerformanceEvaluation, p goumai.Procurement) error {
	if e.Kind == goumai.EvalSelf {
		return s.purchaser(a, p)
	}
	if a.Anonymous() || a.Org.ID != e.EvaluatorOrgID {
		return goumai.Errorf(goumai.EForbidden, "只有受托的第三方评价机构可以填写第三方评价", "only the engaged evaluator scores a third-party evaluation")
	}
	return nil
}

// changeEvaluation runs one action on a draft evaluation in one transaction,
// for its evaluator; the supplier is refused and recorded.
func (s *Service) changeEvaluation(ctx context.Context, a goumai.Actor, id int64, version int,
	change func(tx *sqlstore.Tx, e *goumai.PerformanceEvaluation, sc perfScope, t goumai.IndicatorTemplate) error) (goumai.PerformanceEvaluation, error) {
	if e, err := s.Store.Evaluation(ctx, id); err == nil && s.isSupplierOf(a, e.SupplierOrgID) {
		return e, s.refuseSupplier(ctx, a, e.ContractID, e.Region)
	}
	var e goumai.PerformanceEvaluation
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if e, err = tx.Evaluation(ctx, id); err != nil {
			return err
		}
		sc, err := s.perfScope(ctx, tx, e.ContractID)
		if err != nil {
			return err
		}
		if err := tx.Lock(ctx, "procurements", sc.p.ID); err != nil {
			return err
		}
		if e, err = tx.Evaluation(ctx, id); err != nil {
			return err
		}
		if !s.insideContract(a, sc.c, sc.p) && (a.Anonymous() || a.Org.ID != e.EvaluatorOrgID) {
			return goumai.ErrNotFound("绩效评价", "performance evaluation")
		}
		if err := s.evaluator(a, e, sc.p); err != nil {
			return err
		}
		if e.Version != version {
			return goumai.Errorf(goumai.EStale, "评价已被他人修改，请刷新后重试", "the evaluation changed meanwhile; reload and try again")
		}
		if e.Status != goumai.EvalDraft {
			return goumai.Errorf(goumai.EConflict, "已公开的评价不能修改", "a published evaluation cannot be changed")
		}
		t, err := s.template(ctx, tx, sc.c.Region, sc.pr.CatalogCode)
		if err != nil {
			return err
		}
		return change(tx, &e, sc, t)
	})
	return e, err
}

// UpdateEvaluation writes a draft's indicators (weights, scores, evidence)
// and summary.
func (s *Service) UpdateEvaluation(ctx context.Context, a goumai.Actor, id int64, in EvaluationInput) (goumai.PerformanceEvaluation, error) {
	return s.changeEvaluation(ctx, a, id, in.Version, func(tx *sqlstore.Tx, e *goumai.PerformanceEvaluation, _ perfScope, t goumai.IndicatorTemplate) error {
		e.Indicators, e.Summary = in.Indicators, strings.TrimSpace(in.Summary)
		for i := range e.Indicators {
			e.Indicators[i].Evidence = strings.TrimSpace(e.Indicators[i].Evidence)
		}
		if err := checkEvaluation(*e, t); err != nil {
			return err
		}
		e.Score = rules.WeightedScore(e.Indicators)
		e.Grade = goumai.GradeFor(e.Score)
		if err := tx.UpdateEvaluation(ctx, *e); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "performance.update", Table: "performance_evaluations", Key: e.ID, Region: e.Region}); err != nil {
			return err
		}
		var err error
		*e, err = tx.Evaluation(ctx, e.ID)
		return err
	})
}

// PublishEvaluation publishes a scored evaluation: unscored satisfaction
// indicators take the survey's result; every indicator must then be scored
// and no flagged answer left unreviewed. The weighted result and its grade
// are public, and in the same transaction they become the contract's grade.
func (s *Service) PublishEvaluation(ctx context.Context, a goumai.Actor, id int64, version int) (goumai.PerformanceEvaluation, error) {
	return s.changeEvaluation(ctx, a, id, version, func(tx *sqlstore.Tx, e *goumai.PerformanceEvaluation, sc perfScope, t goumai.IndicatorTemplate) error {
		rs, err := tx.SurveyResponses(ctx, e.ContractID)
		if err != nil {
			return err
		}
		rules.FlagSurvey(rs)
		if unreviewed(rs) > 0 {
			return goumai.Errorf(goumai.EConflict, "满意度调查有待复核的异常答卷，请先复核", "the survey has flagged answers to review first")
		}
		if sat, ok := rules.SurveyScore(rs); ok {
			for i, in := range e.Indicators {
				if in.Category == goumai.CategorySatisfaction && in.Score == nil {
					e.Indicators[i].Score = &sat
				}
			}
		}
		if err := checkEvaluation(*e, t); err != nil {
			return err
		}
		if err := rules.CheckScored(e.Indicators); err != nil {
			return err
		}
		now := tx.Now()
		e.Score, e.Status, e.PublishedAt = rules.WeightedScore(e.Indicators), goumai.EvalPublished, &now
		e.Grade = goumai.GradeFor(e.Score)
		if err := tx.UpdateEvaluation(ctx, *e); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "performance.publish", Table: "performance_evaluations", Key: e.ID, Region: e.Region, Public: true}); err != nil {
			return err
		}
		if err := tx.SetContractGrade(ctx, goumai.ContractGrade{ContractID: e.ContractID, EvaluationID: e.ID, Score: e.Score, Grade: e.Grade, PublishedAt: now}); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "contract.grade", Table: "contract_grades", Key: e.ContractID, Region: e.Region, Public: true}); err != nil {
			return err
		}
		*e, err = tx.Evaluation(ctx, e.ID)
		return err
	})
}

// unreviewed counts the flagged answers not yet reviewed.
func unreviewed(rs []goumai.SurveyResponse) int {
	n := 0
	for _, r := range rs {
		if len(r.Flags) > 0 && r.ReviewedAt == nil {
			n++
		}
	}
	return n
}

// ContractPerformance returns a contract's evaluations and survey as a may
// see them; a contract not in force is not found for the public.
func (s *Service) ContractPerformance(ctx context.Context, a goumai.Actor, contractID int64) (PerformanceView, error) {
	var v PerformanceView
	c, err := s.Store.Contract(ctx, contractID)
	if err != nil {
		return v, err
	}
	p, err := s.Store.Procurement(ctx, c.ProcurementID)
	if err != nil {
		return v, err
	}
	supplier := s.isSupplierOf(a, c.SupplierOrgID)
	inside := s.insideContract(a, c, p) && !supplier
	if evaluable(c) != nil && !inside {
		return v, goumai.ErrNotFound("合同", "contract")
	}
	v = PerformanceView{ContractID: c.ID, Number: c.Number, Title: c.Title, Insider: inside, Purchaser: s.purchaser(a, p) == nil}
	if g, ok, err := s.Store.ContractGrade(ctx, c.ID); err != nil {
		return v, err
	} else if ok {
		v.Grade = &g
	}
	es, err := s.Store.Evaluations(ctx, c.ID)
	if err != nil {
		return v, err
	}
	v.Evaluations = []goumai.PerformanceEvaluation{}
	for _, e := range es {
		if e.Status == goumai.EvalPublished || inside || !a.Anonymous() && a.Org.ID == e.EvaluatorOrgID {
			v.Evaluations = append(v.Evaluations, e)
		}
	}
	rs, err := s.Store.SurveyResponses(ctx, c.ID)
	if err != nil {
		return v, err
	}
	rules.FlagSurvey(rs)
	if v.Survey, err = s.surveySummary(ctx, c.ID, rs); err != nil || !inside {
		return v, err
	}
	pr, err := s.Store.Project(ctx, p.ProjectID)
	if err != nil {
		return v, err
	}
	t, err := s.templateFrom(ctx, s.Store.Templates, s.Clock.Now(), c.Region, pr.CatalogCode)
	if err != nil {
		return v, err
	}
	v.Suggested = rules.SeedIndicators(t.Indicators, pr.Targets)
	v.Responses = rs
	return v, nil
}

// surveySummary aggregates a contract's answers (REQ-W19: only aggregates are public).
func (s *Service) surveySummary(ctx context.Context, contractID int64, rs []goumai.SurveyResponse) (SurveySummary, error) {
	issued, _, err := s.Store.SurveyCodeCounts(ctx, contractID)
	sum := SurveySummary{Issued: issued, Responses: len(rs), QuestionMean: make([]int, len(goumai.SurveyQuestions)), Flagged: unreviewed(rs)}
	if sat, ok := rules.SurveyScore(rs); ok {
		sum.Satisfaction = &sat
	}
	for _, r := range rs {
		if r.Excluded {
			continue
		}
		sum.Counted++
		for i, x := range r.Ratings {
			if i < len(sum.QuestionMean) {
				sum.QuestionMean[i] += x * 100
			}
		}
	}
	for i := range sum.QuestionMean {
		if sum.Counted > 0 {
			sum.QuestionMean[i] /= sum.Counted
		}
	}
	return sum, err
}

// codeAlphabet has no 0/O, 1/I/L: codes are read aloud and typed from paper.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// normaliseCode upper-cases a code and drops spaces and dashes.
func normaliseCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(code)))
}

// codeHash is a code's keyed hash (a plain SHA-256 without a sealer).
func (s *Service) codeHash(code, purpose string) string {
	if s.Sealer != nil {
		return s.Sealer.Tag(purpose, code)
	}
	sum := sha256.Sum256([]byte(purpose + "\x00" + code))
	return hex.EncodeToString(sum[:])
}

// IssueSurveyCodes issues n one-time survey codes of a contract in force,
// for its purchaser to hand out at the service point (one per service user).
// The codes are returned once; only their keyed hashes are stored.
func (s *Service) IssueSurveyCodes(ctx context.Context, a goumai.Actor, contractID int64, n int) ([]string, error) {
	if n < 1 || n > MaxSurveyCodes {
		return nil, goumai.Fields{"count": goumai.M(fmt.Sprintf("一次可发放1至%d个调查码", MaxSurveyCodes), fmt.Sprintf("issue 1 to %d codes at once", MaxSurveyCodes))}.Err()
	}
	var codes []string
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		codes = nil
		sc, err := s.purchaserScope(ctx, tx, a, contractID)
		if err != nil {
			return err
		}
		for range n {
			code, err := newCode()
			if err != nil {
				return err
			}
			id, err := tx.InsertSurveyCode(ctx, sc.c.ID, s.codeHash(code, "survey-code"), a.UserID)
			if err != nil {
				return err
			}
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "survey.codes", Table: "survey_codes", Key: id, Region: sc.c.Region}); err != nil {
				return err
			}
			codes = append(codes, code[:5]+"-"+code[5:])
		}
		return nil
	})
	return codes, err
}

// newCode is 10 random characters of codeAlphabet (about 49 bits).
func newCode() (string, error) {
	b := make([]byte, 10)
	for i := range b {
		k, err := rand.Int(rand.Reader, big.NewInt(int64(len(codeAlphabet))))
		if err != nil {
			return "", err
		}
		b[i] = codeAlphabet[k.Int64()]
	}
	return string(b), nil
}

// SurveyReceipt is what a respondent is told.
type SurveyReceipt struct {
	ContractID int64  `json:"contract_id"`
	Title      string `json:"title"`
}

// SubmitSurvey records a service user's answer with a one-time code: at
// most SurveyLimit per address and SurveyCodeLimit per code; the code
// answers once; the answer is stored under a keyed pseudonym of the code,
// its comment stripped of telephone and identity numbers (REQ-W19).
func (s *Service) SubmitSurvey(ctx context.Context, in SurveyInput, client string) (SurveyReceipt, error) {
	var rc SurveyReceipt
	code := normaliseCode(in.Code)
	if err := s.Allow(ctx, SurveyLimit, client); err != nil {
		return rc, surveyRefusal(err)
	}
	if code == "" || len(code) > 32 {
		return rc, goumai.Fields{"code": goumai.M("请输入调查码", "enter the survey code")}.Err()
	}
	hash := s.codeHash(code, "survey-code")
	if err := s.Allow(ctx, SurveyCodeLimit, "code:"+hash); err != nil {
		return rc, surveyRefusal(err)
	}
	if err := rules.CheckSurveyAnswer(in.Ratings, in.Comment, len(goumai.SurveyQuestions)); err != nil {
		return rc, err
	}
	var reused sqlstore.SurveyCode // a code answered already: the attempt is recorded on it
	var region string
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		sc, err := tx.SurveyCodeByHash(ctx, hash)
		if goumai.ErrorCode(err) == goumai.ENotFound {
			return goumai.Fields{"code": goumai.M("调查码无效，请核对后重新输入", "the code is not valid; check it and try again")}.Err()
		}
		if err != nil {
			return err
		}
		c, err := tx.Contract(ctx, sc.ContractID)
		if err != nil {
			return err
		}
		if err := guardContractOpen(ctx, tx, c); err != nil {
			return err
		}
		if err := tx.UseSurveyCode(ctx, sc.ID); err != nil {
			if goumai.ErrorCode(err) == goumai.EConflict {
				reused, region = sc, c.Region
			}
			return surveyRefusal(err)
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: publicActor, Action: "survey.code_used", Table: "survey_codes", Key: sc.ID, Region: c.Region}); err != nil {
			return err
		}
		r := goumai.SurveyResponse{ContractID: c.ID, Pseudonym: s.codeHash(code, "survey-respondent")[:24], Ratings: in.Ratings,
			Comment: rules.Pseudonymise(in.Comment), Satisfaction: rules.Satisfaction(in.Ratings)}
		id, err := tx.InsertSurveyResponse(ctx, r)
		if err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: publicActor, Action: "survey.response", Table: "survey_responses", Key: id, Region: c.Region}); err != nil {
			return err
		}
		rc = SurveyReceipt{ContractID: c.ID, Title: c.Title}
		return nil
	})
	if reused.ID != 0 { // at most SurveyCodeLimit a window per code reach the log
		if nerr := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
			_, err := tx.Record(ctx, sqlstore.Change{Actor: publicActor, Action: "survey.code_refused", Table: "survey_codes", Key: reused.ID, Region: region})
			return err
		}); nerr != nil {
			return rc, errors.Join(err, nerr)
		}
	}
	return rc, err
}

// ruleSurvey names the rule of the service users' survey: one answer per
// person and project, pseudonymised, resistant to ballot stuffing (REQ-W19;
// issue 10 item 5).
const ruleSurvey = "REQ-W19"

// surveyRefusal names ruleSurvey on a flood's refusals: too many answers
// from one address or attempts with one code, a code answered already.
func surveyRefusal(err error) error {
	e := goumai.AsError(err)
	if e.Code == goumai.EConflict || e.Code == goumai.ERateLimited {
		e.Rule = ruleSurvey
		e.Message = goumai.M(e.Message.ZH+"（"+ruleSurvey+"）", e.Message.EN+" ("+ruleSurvey+")")
	}
	return err
}

// ReviewSurveyResponse records the purchaser's review of an answer: kept,
// or excluded from the result (a flood, a mistaken code).
func (s *Service) ReviewSurveyResponse(ctx context.Context, a goumai.Actor, id int64, in SurveyReviewInput) (goumai.SurveyResponse, error) {
	var r goumai.SurveyResponse
	note := strings.TrimSpace(in.Note)
	if utf8.RuneCountInString(note) > rules.MaxSurveyComment {
		return r, goumai.Fields{"note": goumai.M("复核说明不能超过500个字", "the note has at most 500 characters")}.Err()
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if r, err = tx.SurveyResponse(ctx, id); err != nil {
			return err
		}
		sc, err := s.perfScope(ctx, tx, r.ContractID)
		if err != nil {
			return err
		}
		if !s.insideContract(a, sc.c, sc.p) || s.isSupplierOf(a, sc.c.SupplierOrgID) {
			return goumai.ErrNotFound("满意度调查答卷", "survey response")
		}
		if err := s.purchaser(a, sc.p); err != nil {
			return err
		}
		if err := tx.ReviewSurveyResponse(ctx, id, in.Exclude, note, a.UserID); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "survey.review", Table: "survey_responses", Key: id, Region: sc.c.Region}); err != nil {
			return err
		}
		r, err = tx.SurveyResponse(ctx, id)
		return err
	})
	return r, err
}

// SetIndicatorTemplate records a region's indicator template for a
// catalogue category from a date, set by its finance department.
func (s *Service) SetIndicatorTemplate(ctx context.Context, a goumai.Actor, region string, in TemplateInput) (goumai.IndicatorTemplate, error) {
	t := goumai.IndicatorTemplate{Region: region, CatalogCode: strings.TrimSpace(in.CatalogCode), EffectiveFrom: strings.TrimSpace(in.EffectiveFrom),
		Indicators: in.Indicators, MinOutputBenefit: in.MinOutputBenefit, Note: strings.TrimSpace(in.Note)}
	if _, ok := s.Store.Regions().Get(region); !ok {
		return t, goumai.ErrNotFound("行政区划", "region")
	}
	if err := s.Policy.Can(a, goumai.ActConfigureRules, goumai.Target{Region: region}); err != nil {
		return t, err
	}
	if t.MinOutputBenefit == 0 {
		t.MinOutputBenefit = goumai.DefaultMinOutputBenefit
	}
	f := goumai.Fields{}
	if _, err := time.Parse(time.DateOnly, t.EffectiveFrom); err != nil {
		f.Add("effective_from", "请填写生效日期（YYYY-MM-DD）", "give the effective date (YYYY-MM-DD)")
	}
	if t.MinOutputBenefit < 0 || t.MinOutputBenefit > 100 {
		f.Add("min_output_benefit", "产出和效益权重下限须为0至100", "the output and benefit share is 0 to 100")
	}
	if len(t.CatalogCode) > 32 || utf8.RuneCountInString(t.Note) > rules.MaxProjectText {
		f.Add("catalog_code", "目录编码过长", "the catalogue code is too long")
	}
	for i := range t.Indicators {
		t.Indicators[i].Score, t.Indicators[i].Evidence = nil, ""
	}
	if err := rules.CheckIndicators(t.Indicators, false, t.MinOutputBenefit); err != nil {
		for k, v := range goumai.AsError(err).Fields {
			f[k] = v
		}
	}
	if err := f.Err(); err != nil {
		return t, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if t.ID, err = tx.InsertTemplate(ctx, t, a.UserID); err != nil {
			return err
		}
		t.CreatedAt = tx.Now()
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "performance.template", Table: "performance_templates", Key: t.ID, Region: region, Public: true})
		return err
	})
	return t, err
}

// IndicatorTemplates returns the templates that apply in a region: its own
// and its ancestors'.
func (s *Service) IndicatorTemplates(ctx context.Context, region string) ([]goumai.IndicatorTemplate, error) {
	var path []string
	for _, g := range s.Store.Regions().Path(region) {
		path = append(path, g.Code)
	}
	if len(path) == 0 {
		return nil, goumai.ErrNotFound("行政区划", "region")
	}
	ts, err := s.Store.Templates(ctx, path)
	if ts == nil {
		ts = []goumai.IndicatorTemplate{}
	}
	return ts, err
}

// SupplierRecord returns a supplier's published grades (ENG-J1: its
// supplier-selection history).
func (s *Service) SupplierRecord(ctx context.Context, orgID int64) ([]goumai.SupplierGrade, error) {
	if _, err := s.Store.Org(ctx, orgID); err != nil {
		return nil, err
	}
	gs, err := s.Store.SupplierGrades(ctx, orgID)
	if gs == nil {
		gs = []goumai.SupplierGrade{}
	}
	return gs, err
}

// GradeSummary is one region's and catalogue category's published grades,
// for next year's budget planning (ENG-J1).
type GradeSummary struct {
	Region      string               `json:"region"`
	CatalogCode string               `json:"catalog_code"`
	Contracts   int                  `json:"contracts"`
	MeanScore   int                  `json:"mean_score"` // hundredths of a point
	Grades      map[goumai.Grade]int `json:"grades"`
}

// MeanPoints is the mean score in points with two decimals ("86.50").
func (g GradeSummary) MeanPoints() string {
	return fmt.Sprintf("%d.%02d", g.MeanScore/100, g.MeanScore%100)
}

// GradeCount is how many contracts earned a grade.
type GradeCount struct {
	Grade goumai.Grade
	N     int
}

// Breakdown lists the grades earned, best first.
func (g GradeSummary) Breakdown() []GradeCount {
	var out []GradeCount
	for _, gr := range []goumai.Grade{goumai.GradeExcellent, goumai.GradeGood, goumai.GradeFair, goumai.GradePoor} {
		if n := g.Grades[gr]; n > 0 {
			out = append(out, GradeCount{gr, n})
		}
	}
	return out
}

// CategoryPerformance sums the published grades of region's subtree for one
// catalogue code (ENG-J1: the results of earlier purchases of the same
// service, offered to the reviewers of a later application).
func (s *Service) CategoryPerformance(ctx context.Context, region, code string) (GradeSummary, error) {
	sum := GradeSummary{Region: region, CatalogCode: code, Grades: map[goumai.Grade]int{}}
	all, err := s.PerformanceSummary(ctx, region)
	if err != nil {
		return sum, err
	}
	total := 0
	for _, g := range all {
		if g.CatalogCode != code {
			continue
		}
		sum.Contracts += g.Contracts
		total += g.MeanScore * g.Contracts
		for k, n := range g.Grades {
			sum.Grades[k] += n
		}
	}
	if sum.Contracts > 0 {
		sum.MeanScore = (total + sum.Contracts/2) / sum.Contracts
	}
	return sum, nil
}

// PerformanceSummary returns the published grades of root's subtree by
// region and catalogue category.
func (s *Service) PerformanceSummary(ctx context.Context, root string) ([]GradeSummary, error) {
	if _, ok := s.Store.Regions().Get(root); !ok {
		return nil, goumai.ErrNotFound("行政区划", "region")
	}
	gs, err := s.Store.RegionGrades(ctx, root)
	if err != nil {
		return nil, err
	}
	out := []GradeSummary{}
	idx := map[[2]string]int{}
	for _, g := range gs {
		k := [2]string{g.Region, g.CatalogCode}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, GradeSummary{Region: g.Region, CatalogCode: g.CatalogCode, Grades: map[goumai.Grade]int{}})
		}
		out[i].Contracts++
		out[i].MeanScore += g.Score
		out[i].Grades[g.Grade]++
	}
	for i := range out {
		out[i].MeanScore = (out[i].MeanScore + out[i].Contracts/2) / out[i].Contracts
	}
	slices.SortFunc(out, func(a, b GradeSummary) int {
		return strings.Compare(a.Region+"|"+a.CatalogCode, b.Region+"|"+b.CatalogCode)
	})
	return out, nil
}
