package goumai

import "time"

// Procurement (组织采购, 财综〔2013〕111号 二（三）) takes an approved project to a
// supplier: one procedure per project, run by the purchaser or by a purchasing
// agency (代理机构) it entrusted, split into lots (包) each with its own budget,
// requirements and result. The five methods are configurations of this one
// procedure machine (MethodConfigs), not five copies.

// MethodInquiry is 询价, a method for goods only (GPL Art. 32): it is known so
// that choosing it for a service can be refused naming ENG-C4, and never offered.
const MethodInquiry ProcurementMethod = "inquiry"

// ProcurementStatus is where a procedure stands. Part 1 (this file's states)
// takes it from drafting to the bid deadline; part 2 opens, evaluates and awards.
type ProcurementStatus string

// Procedure states and who moves a procedure into and out of each.
const (
	// ProcDraft: the purchaser's staff or the entrusted agency's draft method,
	// lots, documents and periods. → ProcApproval (a non-tender method at or above
	// the open-tender threshold, ENG-C1), ProcPublicity (单一来源公示, ENG-C5),
	// ProcPrequal (资格预审公告 of an invited method, ENG-D5), ProcTendering
	// (publish), ProcTerminated.
	ProcDraft ProcurementStatus = "draft"
	// ProcApproval: a finance department of 设区的市 level or above decides the
	// requested method (GPL-IR Art. 23): approve → ProcDraft with the method
	// fixed; refuse → ProcDraft; ProcTerminated.
	ProcApproval ProcurementStatus = "method_approval"
	// ProcPublicity: the 单一来源公示 is out for at least 5 working days and takes
	// objections (ENG-C5); its end (the scheduler) → ProcApproval; ProcTerminated.
	ProcPublicity ProcurementStatus = "publicity"
	// ProcPrequal: the 资格预审公告 of an invited method is out and suppliers
	// apply for at least 5 working days (GPL-IR Art. 21, ENG-D5); its end (the
	// scheduler) → ProcDraft, where the organisers judge the applications and
	// invite from the qualified (ENG-E1); ProcTerminated.
	ProcPrequal ProcurementStatus = "prequalification"
	// ProcTendering: the notice is published, documents available, enquiries
	// answered, bids taken until the deadline; the deadline (the scheduler) →
	// ProcClosed; ProcTerminated.
	ProcTendering ProcurementStatus = "tendering"
	// ProcClosed: the deadline has passed, the bids are sealed and wait for
	// opening, which the scheduler does at once (开标): → ProcEvaluation, or
	// ProcFailed when too few bids were opened (ENG-E2/E3); ProcTerminated.
	ProcClosed ProcurementStatus = "closed"
	// ProcEvaluation: the bids are open; the panel is drawn and reviews and
	// scores them (评审). The report (the organiser sends the panel's report
	// to the purchaser) → ProcConfirmation; too few pass review → ProcFailed
	// (ENG-E2/E3); cancellation with reasons → ProcTerminated.
	ProcEvaluation ProcurementStatus = "evaluation"
	// ProcConfirmation: the purchaser has the evaluation report and confirms
	// the recommended supplier within 5 working days (ENG-D6; for 磋商 the
	// scheduler deems rank 1 accepted when the limit passes without
	// objection) → ProcConfirmed; a re-evaluation for a reason of ENG-G8 →
	// ProcEvaluation (the same panel); ProcTerminated.
	ProcConfirmation ProcurementStatus = "confirmation"
	// ProcConfirmed: the result is confirmed and its 中标（成交）结果公告 is due
	// within 2 working days (ENG-D6) → ProcAwarded; an upheld challenge or
	// complaint → ProcEvaluation (re-evaluate), ProcConfirmation (re-rank)
	// or ProcFailed (re-procure); ProcTerminated.
	ProcConfirmed ProcurementStatus = "confirmed"
	// ProcAwarded: the result is published, award and result notices sent,
	// challenges possible (ENG-D8); the contract follows (part 3). A decided
	// challenge or complaint that changes the result → ProcEvaluation
	// (re-evaluate), ProcConfirmation (re-rank) or ProcFailed (re-procure);
	// ProcTerminated.
	ProcAwarded ProcurementStatus = "awarded"
	// ProcFailed: 废标 (ENG-E2/E3), published; final for this procedure. Its
	// next step is a new procedure for the project (re-tender after fixing
	// the documents, or an approved 竞争性谈判 with the remaining two), or
	// termination → ProcTerminated.
	ProcFailed ProcurementStatus = "failed"
	// ProcTerminated: ended with a 终止公告; final.
	ProcTerminated ProcurementStatus = "terminated"
)

// ProcurementStatuses lists the states in order.
var ProcurementStatuses = []ProcurementStatus{ProcDraft, ProcApproval, ProcPublicity, ProcPrequal, ProcTendering, ProcClosed,
	ProcEvaluation, ProcConfirmation, ProcConfirmed, ProcAwarded, ProcFailed, ProcTerminated}

// ProcurementAction is a named way out of a state.
type ProcurementAction string

// The actions of procurement part 1.
const (
	ProcRequestApproval  ProcurementAction = "request_approval"  // 报请采购方式审批
	ProcApprove          ProcurementAction = "approve"           // 批准采购方式
	ProcRefuse           ProcurementAction = "refuse"            // 不予批准
	ProcPublishPublicity ProcurementAction = "publish_publicity" // 发布单一来源公示
	ProcEndPublicity     ProcurementAction = "end_publicity"     // 公示期满 (the scheduler)
	ProcPublishPrequal   ProcurementAction = "publish_prequal"   // 发布资格预审公告
	ProcEndPrequal       ProcurementAction = "end_prequal"       // 资格预审申请截止 (the scheduler)
	ProcPublish          ProcurementAction = "publish"           // 发布采购公告 / 邀请书
	ProcClose            ProcurementAction = "close"             // 投标截止 (the scheduler)
	ProcTerminate        ProcurementAction = "terminate"         // 终止
	ProcOpen             ProcurementAction = "open"              // 开标 (the scheduler, at the deadline)
	ProcFail             ProcurementAction = "fail"              // 废标 (ENG-E2/E3)
	ProcReport           ProcurementAction = "report"            // 提交评审报告 to the purchaser (ENG-D6)
	ProcConfirm          ProcurementAction = "confirm"           // 采购人确认中标（成交）供应商 (ENG-D6)
	ProcReevaluate       ProcurementAction = "reevaluate"        // 重新评审 (ENG-G8), or a challenge's decision
	ProcRerank           ProcurementAction = "rerank"            // a challenge's decision changes the ranking
	ProcPublishResult    ProcurementAction = "publish_result"    // 发布中标（成交）结果公告 (ENG-D6)
)

// procurementTransitions is the procedure's transition table.
var procurementTransitions = map[ProcurementStatus]map[ProcurementAction]ProcurementStatus{
	ProcDraft: {ProcRequestApproval: ProcApproval, ProcPublishPublicity: ProcPublicity, ProcPublishPrequal: ProcPrequal,
		ProcPublish: ProcTendering, ProcTerminate: ProcTerminated},
	ProcApproval:     {ProcApprove: ProcDraft, ProcRefuse: ProcDraft, ProcTerminate: ProcTerminated},
	ProcPublicity:    {ProcEndPublicity: ProcApproval, ProcTerminate: ProcTerminated},
	ProcPrequal:      {ProcEndPrequal: ProcDraft, ProcTerminate: ProcTerminated},
	ProcTendering:    {ProcClose: ProcClosed, ProcTerminate: ProcTerminated},
	ProcClosed:       {ProcOpen: ProcEvaluation, ProcFail: ProcFailed, ProcTerminate: ProcTerminated},
	ProcEvaluation:   {ProcReport: ProcConfirmation, ProcFail: ProcFailed, ProcTerminate: ProcTerminated},
	ProcConfirmation: {ProcConfirm: ProcConfirmed, ProcReevaluate: ProcEvaluation, ProcFail: ProcFailed, ProcTerminate: ProcTerminated},
	ProcConfirmed:    {ProcPublishResult: ProcAwarded, ProcReevaluate: ProcEvaluation, ProcFail: ProcFailed, ProcTerminate: ProcTerminated, ProcRerank: ProcConfirmation},
	ProcAwarded:      {ProcReevaluate: ProcEvaluation, ProcRerank: ProcConfirmation, ProcFail: ProcFailed, ProcTerminate: ProcTerminated},
	ProcFailed:       {ProcTerminate: ProcTerminated},
}

// Next returns the state action leads to from s, and whether it may be taken.
func (s ProcurementStatus) Next(a ProcurementAction) (ProcurementStatus, bool) {
	to, ok := procurementTransitions[s][a]
	return to, ok
}

// Valid reports whether s is a known state.
func (s ProcurementStatus) Valid() bool {
	for _, x := range ProcurementStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// Label is the state's display name.
func (s ProcurementStatus) Label() Msg {
	switch s {
	case ProcDraft:
		return M("编制中", "Drafting")
	case ProcApproval:
		return M("采购方式审批中", "Method awaiting approval")
	case ProcPublicity:
		return M("单一来源公示中", "Single-source publicity")
	case ProcPrequal:
		return M("资格预审中", "Prequalification")
	case ProcTendering:
		return M("投标（响应）中", "Open for bids")
	case ProcClosed:
		return M("已截止，待开标", "Closed, awaiting opening")
	case ProcEvaluation:
		return M("评审中", "Under evaluation")
	case ProcConfirmation:
		return M("待采购人确认", "Awaiting the purchaser's confirmation")
	case ProcConfirmed:
		return M("已确认，待发布结果", "Confirmed, result to be published")
	case ProcAwarded:
		return M("已发布中标（成交）结果", "Result published")
	case ProcFailed:
		return M("废标", "Failed")
	case ProcTerminated:
		return M("已终止", "Terminated")
	}
	return M(string(s), string(s))
}

// PeriodKind says which minimum periods apply to a method (ENG-D1–D4).
type PeriodKind string

// The period kinds.
const (
	PeriodTender      PeriodKind = "tender"      // ENG-D1: ≥ 20 days to the deadline, documents ≥ 5 working days; ENG-D2: clarify ≥ 15 days before
	PeriodConsult     PeriodKind = "consult"     // ENG-D3: ≥ 10 days, documents ≥ 5 working days; ENG-D2: clarify ≥ 5 days before
	PeriodNegotiation PeriodKind = "negotiation" // ENG-D4: ≥ 3 working days; ENG-D2: clarify ≥ 3 working days before
)

// NoticeKind is the kind of a procurement notice (财办库〔2020〕50号 templates, REQ-C18).
type NoticeKind string

// The notices of part 1.
const (
	NoticeTender       NoticeKind = "tender"        // 招标公告 (template 3; 政采云 3001)
	NoticeNonTender    NoticeKind = "non_tender"    // 竞争性谈判（磋商）公告 (template 4; 333)
	NoticeInvitation   NoticeKind = "invitation"    // 投标（谈判、磋商）邀请书, to the invited suppliers
	NoticePrequal      NoticeKind = "prequal"       // 资格预审公告 (template 2; 33)
	NoticeCorrection   NoticeKind = "correction"    // 更正公告 (template 6; 3005)
	NoticeSingleSource NoticeKind = "single_source" // 单一来源采购公示 (template 10; 3012)
	NoticeTermination  NoticeKind = "termination"   // 终止公告 (template 7; 3015)
	NoticeOpening      NoticeKind = "opening"       // 开标记录 (the public opening record)
	NoticeFailure      NoticeKind = "failure"       // 废标公告 (ENG-E2/E3)
	NoticeResult       NoticeKind = "result"        // 中标（成交）结果公告 (template 8; 3004, REQ-C20)
	// NoticeComplaint is the finance department's 投诉处理结果公告 (ENG-D8;
	// 财政部令第94号 Art. 33): who complained about whom, the matters, the
	// decision and its reasons.
	NoticeComplaint NoticeKind = "complaint_decision"
	// NoticeContract is the 合同公告 (REQ-C21): the contract's public fields.
	NoticeContract NoticeKind = "contract"
	// NoticeAcceptance is the 公共服务项目验收结果公告 (REQ-C22; ENG-H6): a
	// public service's milestone accepted, with the group and its opinion.
	NoticeAcceptance NoticeKind = "acceptance"
)

// NoticeKinds lists the notice kinds.
var NoticeKinds = []NoticeKind{NoticeTender, NoticeNonTender, NoticeInvitation, NoticePrequal, NoticeCorrection, NoticeSingleSource, NoticeTermination,
	NoticeOpening, NoticeFailure, NoticeResult, NoticeComplaint,
	NoticeContract, NoticeAcceptance}

// Label is the notice kind's title as the templates name it.
func (k NoticeKind) Label() Msg {
	switch k {
	case NoticeTender:
		return M("招标公告", "Tender notice")
	case NoticeNonTender:
		return M("竞争性谈判（磋商）公告", "Negotiation (consultation) notice")
	case NoticeInvitation:
		return M("邀请书", "Invitation")
	case NoticePrequal:
		return M("资格预审公告", "Prequalification notice")
	case NoticeCorrection:
		return M("更正公告", "Correction notice")
	case NoticeSingleSource:
		return M("单一来源采购公示", "Single-source publicity")
	case NoticeTermination:
		return M("终止公告", "Termination notice")
	case NoticeOpening:
		return M("开标记录", "Opening record")
	case NoticeFailure:
		return M("废标公告", "Failure notice")
	case NoticeResult:
		return M("中标（成交）结果公告", "Award (result) notice")
	case NoticeComplaint:
		return M("投诉处理结果公告", "Complaint decision notice")
	case NoticeContract:
		return M("合同公告", "Contract notice")
	case NoticeAcceptance:
		return M("公共服务项目验收结果公告", "Public service acceptance notice")
	}
	return M(string(k), string(k))
}

// ZCYCode is the notice kind's 政采云 announcement category (REQ-C18).
func (k NoticeKind) ZCYCode() string {
	return map[NoticeKind]string{NoticeTender: "3001", NoticeNonTender: "333", NoticeInvitation: "333", NoticePrequal: "33",
		NoticeCorrection: "3005", NoticeSingleSource: "3012", NoticeTermination: "3015", NoticeOpening: "3002", NoticeFailure: "3015", NoticeResult: "3004"}[k] // the complaint decision is no template of 财办库〔2020〕50号: none
}

// MethodConfig is what a method changes in the one procedure machine.
type MethodConfig struct {
	Method       ProcurementMethod
	Tender       bool       // 招标: tender periods and panel rules, 评标委员会
	Invited      bool       // suppliers are invited (letters), never by open notice alone
	MinSuppliers int        // suppliers to invite at least (ENG-E1), 1 for single source
	Period       PeriodKind // ENG-D1–D4
	Notice       NoticeKind // the notice that opens the procedure
	Reasons      []MethodReason
}

// MethodReason is a legal ground for a method (ENG-C4).
type MethodReason string

// The grounds (ENG-C4; GPL Arts. 29–31; N214 Art. 3).
const (
	ReasonRestrictedSupply     MethodReason = "restricted_supply"     // 邀请招标（一）具有特殊性，只能从有限范围的供应商处采购
	ReasonDisproportionateCost MethodReason = "disproportionate_cost" // 邀请招标（二）采用公开招标方式的费用占项目总价值的比例过大
	ReasonFailedTender         MethodReason = "failed_tender"         // 谈判（一）招标后没有供应商投标或者没有合格标的或者重新招标未能成立
	ReasonCannotSpecify        MethodReason = "cannot_specify"        // 谈判（二）技术复杂或者性质特殊，不能确定详细规格或者具体要求
	ReasonUrgency              MethodReason = "urgency"               // 谈判（三）不可预见的紧急需要 (GPL-IR Art. 26)
	ReasonPriceUnknown         MethodReason = "price_unknown"         // 谈判（四）不能事先计算出价格总额
	ReasonSoleSupplier         MethodReason = "sole_supplier"         // 单一来源（一）只能从唯一供应商处采购
	ReasonEmergency            MethodReason = "emergency"             // 单一来源（二）不可预见的紧急情况
	ReasonAddOn                MethodReason = "add_on"                // 单一来源（三）添购，不超过原合同金额10%
	ReasonPurchaseOfServices   MethodReason = "purchase_of_services"  // 磋商（一）政府购买服务项目 (N214 Art. 3)
)

// MethodReasons lists the grounds.
var MethodReasons = []MethodReason{ReasonRestrictedSupply, ReasonDisproportionateCost, ReasonFailedTender, ReasonCannotSpecify,
	ReasonUrgency, ReasonPriceUnknown, ReasonSoleSupplier, ReasonEmergency, ReasonAddOn, ReasonPurchaseOfServices}

// Label is the ground's text.
func (r MethodReason) Label() Msg {
	switch r {
	case ReasonRestrictedSupply:
		return M("具有特殊性，只能从有限范围的供应商处采购", "restricted supply: only a limited range of suppliers")
	case ReasonDisproportionateCost:
		return M("采用公开招标方式的费用占项目总价值的比例过大", "an open tender would cost too much against the project's value")
	case ReasonFailedTender:
		return M("招标后没有供应商投标或者没有合格标的或者重新招标未能成立", "a tender failed: no bids, no compliant bid, or a re-tender failed")
	case ReasonCannotSpecify:
		return M("技术复杂或者性质特殊，不能确定详细规格或者具体要求", "technically complex or special: the requirements cannot be specified")
	case ReasonUrgency:
		return M("采用招标所需时间不能满足不可预见的紧急需要", "an unforeseeable urgency a tender's time cannot meet")
	case ReasonPriceUnknown:
		return M("不能事先计算出价格总额", "the total price cannot be calculated in advance")
	case ReasonSoleSupplier:
		return M("只能从唯一供应商处采购", "only one supplier can provide it")
	case ReasonEmergency:
		return M("发生了不可预见的紧急情况不能从其他供应商处采购", "an unforeseeable emergency rules out other suppliers")
	case ReasonAddOn:
		return M("必须保证原有采购项目一致性或者服务配套要求的添购，不超过原合同金额百分之十", "an add-on for consistency with the original contract, at most 10 % of it")
	case ReasonPurchaseOfServices:
		return M("政府购买服务项目", "a purchase of services")
	}
	return M(string(r), string(r))
}

// MethodConfigs are the configurations of the offered methods (GPL Arts. 26–31;
// N214; O74).
var MethodConfigs = map[ProcurementMethod]MethodConfig{
	MethodOpenTender:     {Method: MethodOpenTender, Tender: true, MinSuppliers: 0, Period: PeriodTender, Notice: NoticeTender},
	MethodInvitedTender:  {Method: MethodInvitedTender, Tender: true, Invited: true, MinSuppliers: 3, Period: PeriodTender, Notice: NoticeInvitation, Reasons: []MethodReason{ReasonRestrictedSupply, ReasonDisproportionateCost}},
	MethodCompetitiveNeg: {Method: MethodCompetitiveNeg, Invited: true, MinSuppliers: 3, Period: PeriodNegotiation, Notice: NoticeNonTender, Reasons: []MethodReason{ReasonFailedTender, ReasonCannotSpecify, ReasonUrgency, ReasonPriceUnknown}},
	MethodConsultation:   {Method: MethodConsultation, MinSuppliers: 3, Period: PeriodConsult, Notice: NoticeNonTender, Reasons: []MethodReason{ReasonPurchaseOfServices, ReasonCannotSpecify, ReasonPriceUnknown}},
	MethodSingleSource:   {Method: MethodSingleSource, Invited: true, MinSuppliers: 1, Period: PeriodNegotiation, Notice: NoticeInvitation, Reasons: []MethodReason{ReasonSoleSupplier, ReasonEmergency, ReasonAddOn}},
}

// EvaluationMethod is how bids are evaluated (ENG-G1).
type EvaluationMethod string

// The two methods of GPL-IR Art. 34.
const (
	EvalLowestPrice   EvaluationMethod = "lowest_price"  // 最低评标价法
	EvalComprehensive EvaluationMethod = "comprehensive" // 综合评分法
)

// EvaluationMethods lists the evaluation methods.
var EvaluationMethods = []EvaluationMethod{EvalLowestPrice, EvalComprehensive}

// ScoringFactor classifies a scoring item.
type ScoringFactor string

// The factors of comprehensive scoring.
const (
	FactorPrice      ScoringFactor = "price"      // 价格
	FactorTechnical  ScoringFactor = "technical"  // 技术
	FactorService    ScoringFactor = "service"    // 服务
	FactorCommercial ScoringFactor = "commercial" // 商务
)

// ScoringFactors lists the factors.
var ScoringFactors = []ScoringFactor{FactorPrice, FactorTechnical, FactorService, FactorCommercial}

// ScoreRange is one range of a range-type indicator and the points it earns
// (ENG-G5: every range carries its own score).
type ScoreRange struct {
	Condition string `json:"condition"` // e.g. 服务人员持证率 ≥ 90%
	Points    int    `json:"points"`    // the points this range earns
}

// ScoringItem is one item of the evaluation standards (评审因素).
type ScoringItem struct {
	Name   string        `json:"name"`
	Factor ScoringFactor `json:"factor"`
	Points int           `json:"points"` // the item's full score, of 100
	Rule   string        `json:"rule"`   // the quantified rule (量化指标)
	Ranges []ScoreRange  `json:"ranges,omitempty"`
}

// Qualification is one condition a supplier must meet (资格条件), checked before scoring.
type Qualification struct {
	Name   string `json:"name"`
	Detail string `json:"detail"`
}

// Documents are a procedure's procurement documents (采购文件): what is bought,
// who may bid and how bids are judged, published before bidding (财综〔2013〕111号:
// project content, supplier conditions and evaluation standards are public).
type Documents struct {
	Requirements     string              `json:"requirements"`      // service content, quantity and quality, from the application
	QualityStandards string              `json:"quality_standards"` // from the application
	Targets          []PerformanceTarget `json:"targets"`           // performance targets, from the application
	Qualifications   []Qualification     `json:"qualifications"`
	Evaluation       EvaluationMethod    `json:"evaluation"`
	Scoring          []ScoringItem       `json:"scoring"`
	PriceWeightPct   int                 `json:"price_weight_pct"` // the price items' share of 100 (ENG-G2)
	FixedPrice       bool                `json:"fixed_price"`      // state-set or fixed price: price is not scored (ENG-G2)
	FloorPrice       Fen                 `json:"floor_price"`      // must be 0: no floor price may be set (ENG-G9)
	// The SME price deductions the documents announce (ENG-G4; 财库〔2020〕46号
	// Art. 9, 财库〔2022〕19号), each within the parameters' range; 0 means
	// the range's lowest. SMEDeductionPct is for a small or micro bidder's
	// price; SMEPartnerPct for a bidder whose consortium or subcontracting
	// agreement gives small and micro firms at least 30 % of the contract.
	SMEDeductionPct int    `json:"sme_deduction_pct,omitempty"`
	SMEPartnerPct   int    `json:"sme_partner_pct,omitempty"`
	ContractTerms   string `json:"contract_terms"` // the draft contract's terms
	TermMonths      int    `json:"term_months"`
}

// Lot is one lot (包) of a procedure, with its own budget and result.
type Lot struct {
	ID            int64  `json:"id"`
	ProcurementID int64  `json:"procurement_id"`
	Number        int    `json:"number"` // 1, 2, …
	Title         string `json:"title"`
	Budget        Fen    `json:"budget"`       // shown in the documents (GPL-IR Art. 30)
	Ceiling       Fen    `json:"ceiling"`      // 最高限价, ≤ Budget; 0 = the budget
	BidBond       Fen    `json:"bid_bond"`     // ≤ 2 % of the budget, non-cash (ENG-G9); 0 = none
	Requirements  string `json:"requirements"` // what this lot buys, when it differs from the documents'
	SMEReserved   bool   `json:"sme_reserved"` // reserved for small and medium enterprises (财库〔2020〕46号)
}

// Periods are a procedure's dates, checked against the minimums of ENG-D1–D5
// with the working-day calendar.
//
// A date not set yet (a draft's; docs_from until publication) is left out of
// the JSON rather than written as Go's zero time.
type Periods struct {
	DocsFrom    time.Time `json:"docs_from,omitzero"`    // documents issued: the notice's publication
	DocsUntil   time.Time `json:"docs_until,omitzero"`   // documents available until
	BidDeadline time.Time `json:"bid_deadline,omitzero"` // bids (responses) received until; opening at the deadline
}

// Procurement is one procedure.
type Procurement struct {
	ID             int64             `json:"id"`
	Code           string            `json:"code"` // e.g. CG-330106-2026-0001
	ProjectID      int64             `json:"project_id"`
	PurchaserOrgID int64             `json:"purchaser_org_id"`
	AgencyOrgID    int64             `json:"agency_org_id,omitempty"` // the entrusted purchasing agency, if any
	Region         string            `json:"region"`
	Title          string            `json:"title"`
	Category       string            `json:"category"` // rules.Category: services for a purchase of services
	Amount         Fen               `json:"amount"`   // the project's budget
	Method         ProcurementMethod `json:"method"`
	Reason         MethodReason      `json:"reason,omitempty"`           // the ground of a method that needs one (ENG-C4)
	ReasonDetail   string            `json:"reason_detail,omitempty"`    // the facts behind the ground
	MethodApproved bool              `json:"method_approved"`            // a finance department approved the non-tender method (ENG-C1)
	SoleSupplierID int64             `json:"sole_supplier_id,omitempty"` // single source: the supplier
	Invited        []int64           `json:"invited,omitempty"`          // invited methods: the suppliers invited (ENG-E1)
	Documents      Documents         `json:"documents"`
	Periods        Periods           `json:"periods"`
	ParamsFrom     time.Time         `json:"params_from"` // the day whose rule parameters apply, forever (the procedure's start)
	Status         ProcurementStatus `json:"status"`
	NextDue        *time.Time        `json:"next_due,omitempty"`     // when the scheduler must look at it next
	PublishedAt    *time.Time        `json:"published_at,omitempty"` // its first notice: public from then on
	Version        int               `json:"version"`
	CreatedBy      int64             `json:"created_by"`
	CreatedAt      time.Time         `json:"created_at"`
	UpdatedAt      time.Time         `json:"updated_at"`
}

// Public reports whether the procedure is public: from its first notice on
// (a draft terminated before any notice never is).
func (p Procurement) Public() bool { return p.PublishedAt != nil }

// Organizer is the organisation that runs the procedure: the agency when one
// was entrusted, else the purchaser.
func (p Procurement) Organizer() int64 {
	if p.AgencyOrgID != 0 {
		return p.AgencyOrgID
	}
	return p.PurchaserOrgID
}

// Notice is one published notice of a procedure: public at its own address,
// with a print view, and one public event in the log.
type Notice struct {
	ID            int64      `json:"id"`
	ProcurementID int64      `json:"procurement_id"`
	Kind          NoticeKind `json:"kind"`
	Number        int        `json:"number"` // 1, 2, … within the procedure
	Title         string     `json:"title"`
	Body          NoticeBody `json:"body"`
	PublishedAt   time.Time  `json:"published_at"`
}

// OrgContact is an organisation's address and telephone as a notice names them.
type OrgContact struct {
	Address string `json:"address,omitempty"`
	Phone   string `json:"phone,omitempty"`
}

// Contact is the organisation's contact as the notices publish it: nothing
// for an individual supplier, whose address and telephone are personal data
// (REQ-C23).
func (o Org) Contact() OrgContact {
	if o.Kind == KindIndividual {
		return OrgContact{}
	}
	return OrgContact{Address: o.Address, Phone: o.Phone}
}

// NoticeBody holds a notice's disclosure fields (the founding notice: content,
// supplier conditions, evaluation standards with every scoring item, budget,
// ceiling, periods and method), as they stood when it was published.
type NoticeBody struct {
	ProjectCode     string `json:"project_code"`
	ProcurementCode string `json:"procurement_code"`
	Purchaser       string `json:"purchaser"`
	Agency          string `json:"agency,omitempty"`
	// The purchaser's and agency's address and telephone, as their records
	// stood at publication (REQ-C20).
	PurchaserContact OrgContact        `json:"purchaser_contact,omitzero"`
	AgencyContact    OrgContact        `json:"agency_contact,omitzero"`
	Method           ProcurementMethod `json:"method"`
	Documents        Documents         `json:"documents"`
	Lots             []Lot             `json:"lots"`
	Periods          Periods           `json:"periods"`
	Invited          []string          `json:"invited,omitempty"`       // invitations: the suppliers' names
	SoleSupplier     string            `json:"sole_supplier,omitempty"` // single source
	Reason           string            `json:"reason,omitempty"`        // single source, termination, correction: why
	Changes          string            `json:"changes,omitempty"`       // correction: what changed
	PublicityUntil   *time.Time        `json:"publicity_until,omitempty"`
	PrequalUntil     *time.Time        `json:"prequal_until,omitempty"` // prequalification: applications until
	Opening          []OpenedBid       `json:"opening,omitempty"`       // opening record: the bids as opened (issue 9 item 1)
	Complaint        *ComplaintNotice  `json:"complaint,omitempty"`     // complaint decision (ENG-D8)
	Awards           []AwardLine       `json:"awards,omitempty"`        // result notice: each lot's result (REQ-C20)
	Panel            []PanelName       `json:"panel,omitempty"`         // result notice: the panel (REQ-C16)

	// The contract notice: the contract's public fields (REQ-C21, C23).
	Contract *ContractNoticeLine `json:"contract,omitempty"`
	// The 公共服务项目验收结果公告 (REQ-C22).
	Acceptance *AcceptanceNoticeLine `json:"acceptance,omitempty"`
}

// AgencyAgreement records that a purchaser entrusted a purchasing agency (代理机构)
// with a project's procurement (GPL Art. 20: 委托代理协议). While it holds, the
// agency's staff run the procedure as the purchaser's would.
type AgencyAgreement struct {
	ID             int64      `json:"id"`
	PurchaserOrgID int64      `json:"purchaser_org_id"`
	AgencyOrgID    int64      `json:"agency_org_id"`
	ProjectID      int64      `json:"project_id"`
	Reference      string     `json:"reference"` // the agreement's number
	Scope          string     `json:"scope"`
	SignedOn       time.Time  `json:"signed_on"`
	CreatedBy      int64      `json:"created_by,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	EndedAt        *time.Time `json:"ended_at,omitempty"`
}

// DecisionStatus is where a method decision stands.
type DecisionStatus string

// The states of a method decision.
const (
	DecisionRequested DecisionStatus = "requested" // awaiting the finance department
	DecisionApproved  DecisionStatus = "approved"  // the method may be used (GPL-IR Art. 23)
	DecisionRefused   DecisionStatus = "refused"   // with an opinion; the procedure returns to drafting
	DecisionWithdrawn DecisionStatus = "withdrawn" // the procedure was terminated before the decision
)

// DecisionStatuses lists the states of a method decision.
var DecisionStatuses = []DecisionStatus{DecisionRequested, DecisionApproved, DecisionRefused, DecisionWithdrawn}

// MethodDecision is one request for the approval of a non-tender method at or
// above the open-tender threshold (ENG-C1) and its decision by a finance
// department of 设区的市 level or above, with the 化整为零 figures it was shown.
type MethodDecision struct {
	ID            int64             `json:"id"`
	ProcurementID int64             `json:"procurement_id"`
	Method        ProcurementMethod `json:"method"`
	Reason        MethodReason      `json:"reason"`
	ApproverOrgID int64             `json:"approver_org_id"`
	RequestedBy   int64             `json:"requested_by,omitempty"`
	RequestedAt   time.Time         `json:"requested_at"`
	DueAt         time.Time         `json:"due_at"`               // the end of the approver's time limit
	OverdueAt     *time.Time        `json:"overdue_at,omitempty"` // set by the scheduler when it passed undecided
	Splitting     SplittingFigures  `json:"splitting"`
	Status        DecisionStatus    `json:"status"`
	DecidedBy     int64             `json:"decided_by,omitempty"`
	DecidedAt     *time.Time        `json:"decided_at,omitempty"`
	Opinion       string            `json:"opinion"`
}

// SplittingFigures are the 化整为零 figures shown to the approver (ENG-C3).
type SplittingFigures struct {
	FiscalYear int  `json:"fiscal_year"`
	Earlier    Fen  `json:"earlier"`
	Total      Fen  `json:"total"`
	Threshold  Fen  `json:"threshold"`
	Flagged    bool `json:"flagged"`
}

// Objection is an objection to a single-source publicity (GPL-IR Art. 38) and its answer.
type Objection struct {
	ID            int64      `json:"id"`
	ProcurementID int64      `json:"procurement_id"`
	OrgID         int64      `json:"org_id,omitempty"`
	UserID        int64      `json:"user_id,omitempty"`
	Body          string     `json:"body"`
	FiledAt       time.Time  `json:"filed_at"`
	Answer        string     `json:"answer"`
	AnsweredBy    int64      `json:"answered_by,omitempty"`
	AnsweredAt    *time.Time `json:"answered_at,omitempty"`
}

// PrequalStatus is where a prequalification application stands.
type PrequalStatus string

// The states of an application.
const (
	PrequalApplied      PrequalStatus = "applied"       // awaiting the organisers' judgement
	PrequalQualified    PrequalStatus = "qualified"     // may be invited
	PrequalNotQualified PrequalStatus = "not_qualified" // with the reason, told to the applicant
)

// PrequalStatuses lists the states of an application.
var PrequalStatuses = []PrequalStatus{PrequalApplied, PrequalQualified, PrequalNotQualified}

// PrequalApplication is a supplier's application to a prequalification
// (资格预审申请, GPL-IR Art. 21) and the organisers' judgement of it. The list
// of applicants is not public (GPL Art. 34 keeps potential bidders' names and
// number confidential): the organisers, finance staff and auditors of the
// region, and each applicant its own, see it.
type PrequalApplication struct {
	ID            int64         `json:"id"`
	ProcurementID int64         `json:"procurement_id"`
	OrgID         int64         `json:"org_id"`
	UserID        int64         `json:"user_id,omitempty"`
	Statement     string        `json:"statement"` // how the applicant meets the qualification conditions
	AppliedAt     time.Time     `json:"applied_at"`
	Status        PrequalStatus `json:"status"`
	Reason        string        `json:"reason,omitempty"` // why not qualified
	DecidedBy     int64         `json:"decided_by,omitempty"`
	DecidedAt     *time.Time    `json:"decided_at,omitempty"`
}
