package goumai

import (
	"fmt"
	"time"
)

// Performance evaluation (绩效评价, issue 10 item 5; ENG-J1, ENG-J2): each
// contract is evaluated against an indicator system (指标体系) seeded from
// its project's performance targets and the region's template for its
// catalogue category. The purchaser evaluates itself (自评); a third-party
// evaluator organisation may evaluate too (第三方评价, an external evaluation
// where output and benefit weigh at least 60 %); the service users answer a
// satisfaction survey with one-time codes, their answers pseudonymised
// (REQ-W19). The weighted result is in hundredths of a point and its grade
// is GradeFor's; publishing an evaluation writes the contract's grade
// (ContractGrade) that the final payment reads and the supplier's record
// shows (ENG-J1: supplier-selection history and budget proposals).

// IndicatorLevel is a first-level indicator (一级指标, ENG-J2): 决策, 过程,
// 产出, 效益.
type IndicatorLevel string

// The first-level indicators.
const (
	LevelDecision IndicatorLevel = "decision" // 决策
	LevelProcess  IndicatorLevel = "process"  // 过程
	LevelOutput   IndicatorLevel = "output"   // 产出
	LevelBenefit  IndicatorLevel = "benefit"  // 效益
)

// IndicatorLevels lists the first-level indicators in order.
var IndicatorLevels = []IndicatorLevel{LevelDecision, LevelProcess, LevelOutput, LevelBenefit}

// Label names the level.
func (l IndicatorLevel) Label() Msg {
	switch l {
	case LevelDecision:
		return M("决策", "Decision")
	case LevelProcess:
		return M("过程", "Process")
	case LevelOutput:
		return M("产出", "Outputs")
	case LevelBenefit:
		return M("效益", "Benefits")
	}
	return M(string(l), string(l))
}

// The indicator categories of the ENG-J2 template, as the application's
// performance targets name them (TargetCategories).
const (
	CategoryOutput       = "output"       // 产出指标
	CategoryBenefit      = "benefit"      // 效益指标
	CategorySatisfaction = "satisfaction" // 服务对象满意度
	CategoryCost         = "cost"         // 预算执行 / 成本
)

// CategoryLabel names an indicator category.
func CategoryLabel(c string) Msg {
	switch c {
	case CategoryOutput:
		return M("产出", "Outputs")
	case CategoryBenefit:
		return M("效益", "Benefits")
	case CategorySatisfaction:
		return M("服务对象满意度", "User satisfaction")
	case CategoryCost:
		return M("预算执行", "Budget execution")
	}
	return M(c, c)
}

// Indicator is one indicator of an evaluation: its weight in points of 100
// and, once scored, its score as a percentage of the weight (0–100) with the
// evidence behind it.
type Indicator struct {
	Level    IndicatorLevel `json:"level"`
	Category string         `json:"category"`
	Name     string         `json:"name"`
	Target   string         `json:"target"`
	Unit     string         `json:"unit"`
	Weight   int            `json:"weight"`
	Score    *int           `json:"score"`    // 0–100 of the weight; nil: not scored yet
	Evidence string         `json:"evidence"` // 佐证材料 / notes
}

// IndicatorTemplate is a region's configured indicator system for a
// catalogue category (its code prefix; "" for every category), effective
// from a date (dated parameters). MinOutputBenefit is the least share in
// percent of output and benefit weights in an external evaluation (ENG-J2,
// default 60).
type IndicatorTemplate struct {
	ID               int64       `json:"id"`
	Region           string      `json:"region"`
	CatalogCode      string      `json:"catalog_code"`
	EffectiveFrom    string      `json:"effective_from"` // YYYY-MM-DD
	Indicators       []Indicator `json:"indicators"`
	MinOutputBenefit int         `json:"min_output_benefit"`
	Note             string      `json:"note"`
	CreatedAt        time.Time   `json:"created_at"`
}

// DefaultMinOutputBenefit is ENG-J2's share of output and benefit weights
// in an external evaluation.
const DefaultMinOutputBenefit = 60

// DefaultIndicators is ENG-J2's template: outputs 50, benefits 30, user
// satisfaction 10, budget execution 10.
func DefaultIndicators() []Indicator {
	return []Indicator{
		{Level: LevelOutput, Category: CategoryOutput, Name: "产出数量与质量", Weight: 50},
		{Level: LevelBenefit, Category: CategoryBenefit, Name: "社会效益", Weight: 30},
		{Level: LevelBenefit, Category: CategorySatisfaction, Name: "服务对象满意度", Weight: 10},
		{Level: LevelProcess, Category: CategoryCost, Name: "预算执行率", Weight: 10},
	}
}

// EvaluationKind says who evaluates.
type EvaluationKind string

// The kinds of evaluation.
const (
	EvalSelf       EvaluationKind = "self"        // the purchaser's self-evaluation (自评)
	EvalThirdParty EvaluationKind = "third_party" // an evaluator organisation's (第三方评价): external
)

// Label names the kind.
func (k EvaluationKind) Label() Msg {
	switch k {
	case EvalSelf:
		return M("购买主体自评", "Purchaser's self-evaluation")
	case EvalThirdParty:
		return M("第三方评价", "Third-party evaluation")
	}
	return M(string(k), string(k))
}

// EvaluationStatus is where an evaluation stands.
type EvaluationStatus string

// The states of an evaluation: a draft is scored, then published (final).
const (
	EvalDraft     EvaluationStatus = "draft"
	EvalPublished EvaluationStatus = "published"
)

// Label names the state.
func (s EvaluationStatus) Label() Msg {
	if s == EvalPublished {
		return M("已公开", "Published")
	}
	return M("评价中", "Draft")
}

// PerformanceEvaluation is one evaluation of a contract.
type PerformanceEvaluation struct {
	ID             int64            `json:"id"`
	ContractID     int64            `json:"contract_id"`
	ProjectID      int64            `json:"project_id"`
	Region         string           `json:"region"`
	CatalogCode    string           `json:"catalog_code"`
	SupplierOrgID  int64            `json:"supplier_org_id"`
	Kind           EvaluationKind   `json:"kind"`
	EvaluatorOrgID int64            `json:"evaluator_org_id"` // the purchaser, or the third-party organisation
	Indicators     []Indicator      `json:"indicators"`
	Summary        string           `json:"summary"`
	Status         EvaluationStatus `json:"status"`
	Score          int              `json:"score"` // hundredths of a point, set when published
	Grade          Grade            `json:"grade"`
	PublishedAt    *time.Time       `json:"published_at"`
	Version        int              `json:"version"`
	CreatedAt      time.Time        `json:"created_at"`
}

// SurveyResponse is one service user's answer to a contract's satisfaction
// survey (REQ-W19): no name or telephone is stored, only a keyed pseudonym
// of the one-time code. Ratings are 1–5 per question; Satisfaction is their
// mean on 0–100.
type SurveyResponse struct {
	ID           int64      `json:"id"`
	ContractID   int64      `json:"contract_id"`
	Pseudonym    string     `json:"pseudonym"`
	Ratings      []int      `json:"ratings"`
	Comment      string     `json:"comment"`
	Satisfaction int        `json:"satisfaction"`
	SubmittedAt  time.Time  `json:"submitted_at"`
	Flags        []string   `json:"flags"`    // set on read: "burst", "outlier"
	Excluded     bool       `json:"excluded"` // the purchaser's review left it out
	ReviewedAt   *time.Time `json:"reviewed_at"`
	ReviewNote   string     `json:"review_note"`
}

// The flags of a survey response.
const (
	FlagBurst   = "burst"   // one of many identical answers within a short time
	FlagOutlier = "outlier" // far from the median satisfaction
)

// SurveyQuestions are the satisfaction survey's questions, each rated 1–5.
var SurveyQuestions = []Msg{
	M("对服务内容总体是否满意", "Overall satisfaction with the service"),
	M("服务人员的态度与专业水平", "Staff attitude and competence"),
	M("服务是否及时、按约定提供", "Timeliness and reliability"),
	M("服务对您的实际帮助", "Practical benefit to you"),
}

// SupplierGrade is one published grade on a supplier's record (ENG-J1).
type SupplierGrade struct {
	ContractID  int64     `json:"contract_id"`
	Number      string    `json:"number"`
	Title       string    `json:"title"`
	Region      string    `json:"region"`
	CatalogCode string    `json:"catalog_code"`
	Score       int       `json:"score"`
	Grade       Grade     `json:"grade"`
	PublishedAt time.Time `json:"published_at"`
}

// Points is the score in points with two decimals ("86.50").
func (g SupplierGrade) Points() string {
	return fmt.Sprintf("%d.%02d", g.Score/100, g.Score%100)
}

func init() {
	for k, v := range map[string]Msg{
		"performance.template": M("设定绩效指标模板", "Performance indicator template set"),
		"performance.draft":    M("创建绩效评价", "Performance evaluation started"),
		"performance.update":   M("填写绩效评价", "Performance evaluation scored"),
		"performance.publish":  M("公开绩效评价", "Performance evaluation published"),
		"performance.refused":  M("拒绝承接主体修改绩效评价", "Supplier's edit of its evaluation refused"),
		"survey.codes":         M("发放满意度调查码", "Satisfaction survey codes issued"),
		"survey.code_used":     M("满意度调查码已使用", "Satisfaction survey code used"),
		"survey.code_refused":  M("满意度调查码重复使用被拒绝", "Satisfaction survey code reused: refused"),
		"survey.response":      M("提交满意度调查", "Satisfaction survey answered"),
		"survey.review":        M("复核满意度调查异常", "Flagged survey answer reviewed"),
	} {
		EventActions[k] = v
	}
}
