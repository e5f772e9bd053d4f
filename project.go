package goumai

import "time"

// ProjectStatus is where a purchase-of-services project (购买服务项目) stands in
// the process of 财综〔2013〕111号 二（三）. This steps are application
// (项目申报) and review (项目评审); later steps add their states after approved.
type ProjectStatus string

// Project states and who moves a project into and out of each.
const (
	ProjectDraft     ProjectStatus = "draft"     // purchaser staff edit it; submit → submitted
	ProjectSubmitted ProjectStatus = "submitted" // in the review chain; each step approves (next step or approved), returns or rejects; the applicant may withdraw before the first decision
	ProjectReturned  ProjectStatus = "returned"  // back with per-field comments; purchaser staff edit and resubmit
	ProjectApproved  ProjectStatus = "approved"  // finance approved; budget committed; content public
	ProjectRejected  ProjectStatus = "rejected"  // final; nothing committed
	// ProjectClosed: every contract delivered, evaluated and paid; closed by
	// the purchaser's staff or by the platform when the last condition is
	// met (project_closure.go). Final: its records are read-only and kept
	// (ENG-I2).
	ProjectClosed ProjectStatus = "closed"
)

// ProjectAction is a named way out of a state.
type ProjectAction string

// The actions of application and review (REQ-C2: 送审/通过/退回/撤回, plus 驳回).
const (
	ActSubmit   ProjectAction = "submit"   // 送审
	ActWithdraw ProjectAction = "withdraw" // 撤回
	ActApprove  ProjectAction = "approve"  // 通过 (a step, or the last step)
	ActReturn   ProjectAction = "return"   // 退回
	ActReject   ProjectAction = "reject"   // 驳回
	ActClose    ProjectAction = "close"    // 结项: delivered, evaluated and paid (ENG-I2)
)

// projectTransitions is the project's transition table: from state, by action, to
// the possible next states. ActApprove goes to submitted when more review steps
// remain and to approved after the last.
var projectTransitions = map[ProjectStatus]map[ProjectAction][]ProjectStatus{
	ProjectDraft:     {ActSubmit: {ProjectSubmitted}},
	ProjectReturned:  {ActSubmit: {ProjectSubmitted}},
	ProjectSubmitted: {ActWithdraw: {ProjectDraft}, ActApprove: {ProjectSubmitted, ProjectApproved}, ActReturn: {ProjectReturned}, ActReject: {ProjectRejected}},
	ProjectApproved:  {ActClose: {ProjectClosed}},
}

// CanTransition reports whether action may move a project from one state to another.
func CanTransition(from ProjectStatus, a ProjectAction, to ProjectStatus) bool {
	for _, s := range projectTransitions[from][a] {
		if s == to {
			return true
		}
	}
	return false
}

// Allowed lists the actions possible in a state.
func (s ProjectStatus) Allowed() []ProjectAction {
	var out []ProjectAction
	for _, a := range []ProjectAction{ActSubmit, ActWithdraw, ActApprove, ActReturn, ActReject, ActClose} {
		if _, ok := projectTransitions[s][a]; ok {
			out = append(out, a)
		}
	}
	return out
}

// ProcurementMethod is the intended procurement method (GPL Art. 26; N214).
type ProcurementMethod string

// The methods. 询价 is for goods only and therefore not offered (ENG-C4).
const (
	MethodOpenTender     ProcurementMethod = "open_tender"              // 公开招标
	MethodInvitedTender  ProcurementMethod = "invited_tender"           // 邀请招标
	MethodCompetitiveNeg ProcurementMethod = "competitive_negotiation"  // 竞争性谈判
	MethodConsultation   ProcurementMethod = "competitive_consultation" // 竞争性磋商
	MethodSingleSource   ProcurementMethod = "single_source"            // 单一来源
)

// PerformanceTarget is one indicator of the project's performance targets (ENG-B4;
// 财预〔2020〕10号 framework: 产出/效益/满意度).
type PerformanceTarget struct {
	Category  string `json:"category"`  // "output", "benefit", "satisfaction", "cost"
	Indicator string `json:"indicator"` // e.g. 服务老人人数
	Target    string `json:"target"`    // e.g. ≥ 1200
	Unit      string `json:"unit"`
	Weight    int    `json:"weight"` // points of 100
}

// Consultation records the public consultation on a public service's
// requirements (ENG-B5, GPL-IR Art. 15).
type Consultation struct {
	From    time.Time `json:"from"`
	To      time.Time `json:"to"`
	Method  string    `json:"method"`  // e.g. 网上公开征求意见、座谈会
	Summary string    `json:"summary"` // what was asked and what changed
	Count   int       `json:"count"`   // opinions received
}

// Project is a purchase-of-services project from application onwards.
type Project struct {
	ID                  int64               `json:"id"`
	Code                string              `json:"code"` // e.g. GM-330106-2026-0001
	PurchaserOrgID      int64               `json:"purchaser_org_id"`
	Region              string              `json:"region"`
	Title               string              `json:"title"`
	CatalogCode         string              `json:"catalog_code"`
	FilingRef           string              `json:"filing_ref"` // finance review-and-filing record for an item outside the catalogue (ENG-B1)
	BudgetLineID        int64               `json:"budget_line_id"`
	Amount              Fen                 `json:"amount"`
	Content             string              `json:"content"`       // 服务内容
	Quantity            int64               `json:"quantity"`      // service units, for the unit cost
	QuantityUnit        string              `json:"quantity_unit"` // e.g. 人次, 小时, 户
	QualityStandards    string              `json:"quality_standards"`
	Targets             []PerformanceTarget `json:"targets"`
	ExAnte              string              `json:"ex_ante"`              // 事前绩效评估 conclusion (ENG-B4)
	SupplierConditions  string              `json:"supplier_conditions"`  // 承接主体条件
	EvaluationStandards string              `json:"evaluation_standards"` // 绩效评价标准 / 评审标准
	Method              ProcurementMethod   `json:"method"`
	TermMonths          int                 `json:"term_months"`
	Beneficiaries       string              `json:"beneficiaries"`
	Consultation        *Consultation       `json:"consultation"`     // required for public services (ENG-B5)
	ExpectedStart       string              `json:"expected_start"`   // 预计采购时间, YYYY-MM (REQ-C19)
	NegativeAnswers     NegativeAnswers     `json:"negative_answers"` // the applicant's answers to the negative-list questions (ENG-B3)
	ProjectDetails
	Status    ProjectStatus `json:"status"`
	Step      int           `json:"step"` // current review step while submitted (0-based)
	Version   int           `json:"version"`
	CreatedAt time.Time     `json:"created_at"`
	UpdatedAt time.Time     `json:"updated_at"`
}

// NegativeAnswers are the applicant's answers to the negative-list questions
// (ENG-B3, O102 Art. 10; CY87 二; the questions are rules.NegativeQuestions):
// for each ground, true when the project falls under it. A ground not yet
// answered is absent. Every application answers every ground before it is
// submitted, whether its item is in the catalogue or outside it, and a "yes"
// refuses it: the catalogue's own flags only cover items in the catalogue.
type NegativeAnswers map[NegativeFlag]bool

// Clone returns a copy of the answers, never nil.
func (a NegativeAnswers) Clone() NegativeAnswers {
	out := make(NegativeAnswers, len(a))
	for k, v := range a {
		out[k] = v
	}
	return out
}

// UnitCost is the amount per service unit, or 0 when no quantity is given.
func (p Project) UnitCost() Fen {
	if p.Quantity <= 0 {
		return 0
	}
	return p.Amount / Fen(p.Quantity)
}

// ReviewRecord is one step of a project's approval trail (REQ-C2): actor, time,
// action and opinion (意见), with per-field comments when returning.
type ReviewRecord struct {
	ID            int64             `json:"id"`
	ProjectID     int64             `json:"project_id"`
	Step          int               `json:"step"`
	StepName      string            `json:"step_name"`
	ActorUserID   int64             `json:"actor_user_id"`
	ActorName     string            `json:"actor_name"`
	OrgID         int64             `json:"org_id"`
	Action        ProjectAction     `json:"action"`
	Opinion       string            `json:"opinion"`
	FieldComments map[string]string `json:"field_comments,omitempty"`
	// NegativeListConfirmed records that the reviewer checked and confirmed the
	// applicant's negative-list answers (ENG-B3); an approval at a finance step requires it.
	NegativeListConfirmed bool      `json:"negative_list_confirmed"`
	At                    time.Time `json:"at"`
}

// ReviewStep is one step of a review chain: who acts, in which organisation.
type ReviewStep struct {
	Name  string `json:"name"`  // e.g. 单位内部审核, 财政业务处审核, 财政审批
	Role  Role   `json:"role"`  // the role that acts at this step
	Where string `json:"where"` // "purchaser" (the applying organisation) or "finance" (the region's finance department)
}

// ReviewChain is a configured chain for projects of a region subtree whose amount
// is at least MinAmount (REQ-C3). The chain with the nearest region and the
// highest MinAmount not above the project's amount applies.
type ReviewChain struct {
	ID        int64        `json:"id"`
	Region    string       `json:"region"`
	MinAmount Fen          `json:"min_amount"`
	Steps     []ReviewStep `json:"steps"`
}

// DefaultReviewChain applies where no chain is configured: the purchaser's own
// approver, then the region's finance reviewer, then its finance approver.
var DefaultReviewChain = []ReviewStep{
	{Name: "单位内部审核", Role: RolePurchaserApprover, Where: "purchaser"},
	{Name: "财政业务处审核", Role: RoleFinanceReviewer, Where: "finance"},
	{Name: "财政审批", Role: RoleFinanceApprover, Where: "finance"},
}

// LongTermGrounds are the conditions under which a contract may run longer
// than one year, up to three (ENG-H1, O102 Art. 24; 财库〔2014〕37号): all five
// must be declared.
type LongTermGrounds struct {
	BudgetAssured      bool `json:"budget_assured"`       // 在预算保障的前提下
	StableContent      bool `json:"stable_content"`       // 购买内容相对固定
	Continuous         bool `json:"continuous"`           // 连续性强
	StableFunding      bool `json:"stable_funding"`       // 经费来源稳定
	LowPriceVolatility bool `json:"low_price_volatility"` // 价格变化幅度小
}

// All reports whether every ground is declared.
func (g LongTermGrounds) All() bool {
	return g.BudgetAssured && g.StableContent && g.Continuous && g.StableFunding && g.LowPriceVolatility
}

// ProjectDetails are the parts of a project added for application and review
// beyond its core fields: the service class, the grounds for a long contract,
// the review chain fixed at submission and the 两头占 findings.
type ProjectDetails struct {
	Class        ServiceClass     `json:"class"`                   // from the catalogue item, or declared with a filing record
	LongTerm     *LongTermGrounds `json:"long_term"`               // required when TermMonths > 12 (ENG-H1)
	Chain        []ReviewStep     `json:"chain,omitempty"`         // the review chain fixed at submission (REQ-C3)
	DoubleFunded []string         `json:"double_funded,omitempty"` // 两头占: functions still staffed and funded, found at submission
	CreatedBy    int64            `json:"created_by"`
	SubmittedAt  *time.Time       `json:"submitted_at"`
	DecidedAt    *time.Time       `json:"decided_at"`
}

// Public reports whether a project in this state is published: only approved
// projects are (财综〔2013〕111号 二（三）; ENG-B5). Drafts and applications
// under review never are.
func (s ProjectStatus) Public() bool { return s == ProjectApproved || s == ProjectClosed }

// Valid reports whether s is a known state.
func (s ProjectStatus) Valid() bool {
	switch s {
	case ProjectDraft, ProjectSubmitted, ProjectReturned, ProjectApproved, ProjectRejected, ProjectClosed:
		return true
	}
	return false
}

// Label is the state's display name.
func (s ProjectStatus) Label() Msg {
	switch s {
	case ProjectDraft:
		return M("草稿", "Draft")
	case ProjectSubmitted:
		return M("审核中", "Under review")
	case ProjectReturned:
		return M("已退回", "Returned")
	case ProjectApproved:
		return M("已批准", "Approved")
	case ProjectRejected:
		return M("已驳回", "Rejected")
	case ProjectClosed:
		return M("已结项（关闭）", "Closed")
	}
	return M(string(s), string(s))
}

// Label is the action's display name (REQ-C2).
func (a ProjectAction) Label() Msg {
	switch a {
	case ActSubmit:
		return M("送审", "Submitted")
	case ActWithdraw:
		return M("撤回", "Withdrawn")
	case ActApprove:
		return M("通过", "Approved")
	case ActReturn:
		return M("退回", "Returned")
	case ActReject:
		return M("驳回", "Rejected")
	case ActClose:
		return M("结项", "Closed")
	}
	return M(string(a), string(a))
}

// ProcurementMethods lists the methods offered, in display order.
var ProcurementMethods = []ProcurementMethod{MethodOpenTender, MethodInvitedTender, MethodCompetitiveNeg, MethodConsultation, MethodSingleSource}

// Valid reports whether m is an offered method.
func (m ProcurementMethod) Valid() bool {
	for _, x := range ProcurementMethods {
		if x == m {
			return true
		}
	}
	return false
}

// Label is the method's display name.
func (m ProcurementMethod) Label() Msg {
	switch m {
	case MethodOpenTender:
		return M("公开招标", "Open tender")
	case MethodInvitedTender:
		return M("邀请招标", "Invited tender")
	case MethodCompetitiveNeg:
		return M("竞争性谈判", "Competitive negotiation")
	case MethodConsultation:
		return M("竞争性磋商", "Competitive consultation")
	case MethodSingleSource:
		return M("单一来源", "Single source")
	case MethodInquiry:
		return M("询价", "Inquiry")
	}
	return M(string(m), string(m))
}

// TargetCategories are the performance-target categories (财预〔2020〕10号).
var TargetCategories = []string{"output", "benefit", "satisfaction", "cost"}

// Review-step locations: who acts at a step.
const (
	WherePurchaser     = "purchaser"      // the applying organisation
	WhereFinance       = "finance"        // the finance department of the project's region
	WhereFinanceParent = "finance_parent" // the finance department of the region above (for large projects)
)

// UnitCostStandard is a configured ceiling on the unit cost of a catalogue item
// in a region subtree, effective-dated (the 豪华购买 check of 财综〔2013〕111号
// 二（三）). Standards are set by the region's finance department.
type UnitCostStandard struct {
	ID            int64      `json:"id"`
	Region        string     `json:"region"`
	CatalogCode   string     `json:"catalog_code"`
	MaxUnitCost   Fen        `json:"max_unit_cost"`
	Unit          string     `json:"unit"` // the service unit it is per, e.g. 人次
	EffectiveFrom time.Time  `json:"effective_from"`
	EffectiveTo   *time.Time `json:"effective_to"`
	Note          string     `json:"note"`
}
