package rules

import (
	"time"

	"github.com/goumai/goumai"
)

// Category is a procurement category (GPL Art. 2): goods, works or services.
// Thresholds and price weights differ by category; a purchase of services is a
// services procurement.
type Category string

// The categories.
const (
	Goods    Category = "goods"    // 货物
	Works    Category = "works"    // 工程
	Services Category = "services" // 服务
)

// Categories lists the categories in display order.
var Categories = []Category{Goods, Works, Services}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return c == Goods || c == Works || c == Services }

// Label is the category's display name.
func (c Category) Label() goumai.Msg {
	switch c {
	case Goods:
		return goumai.M("货物", "Goods")
	case Works:
		return goumai.M("工程", "Works")
	case Services:
		return goumai.M("服务", "Services")
	}
	return goumai.M(string(c), string(c))
}

// Params are the regulation parameters of one jurisdiction and category from
// one date (RULES.md §14: every numeric limit is a parameter keyed by
// jurisdiction, effective date and category). The national values are the
// defaults; a province sets its own (GPL Arts. 7, 8, 27; GPL-IR Art. 5), and
// may set values for its prefectures and counties; a region without values of
// its own inherits those of the nearest region above it. A procedure keeps the
// values in force on the day it started, forever: a later change never alters
// a running procedure.
//
// Percentages are whole per cent; PerMille are per mille (‰); periods are
// calendar days (Days) or working days (WD) as the law says.
type Params struct {
	// Which values these are.
	Jurisdiction  string    `json:"jurisdiction"`   // region code: 100000 for the national values, else a province or a region below it
	Category      Category  `json:"category"`       // goods, works or services
	EffectiveFrom time.Time `json:"effective_from"` // midnight Asia/Shanghai of the first day in force
	Source        string    `json:"source"`         // the notice(s) setting them, e.g. 国办发〔2019〕55号
	Illustrative  bool      `json:"illustrative"`   // demo values, not those of a real notice

	// Thresholds (ENG-C1, ENG-C2).
	DecentralisedLimit  goumai.Fen `json:"decentralised_limit"`   // 分散采购限额标准: at or above it 政府采购 rules apply (ENG-C2)
	OpenTenderThreshold goumai.Fen `json:"open_tender_threshold"` // 公开招标数额标准: at or above it open tender, unless approved otherwise (ENG-C1)

	// Minimum periods (ENG-D1–D5, ENG-C5).
	TenderMinDays           int `json:"tender_min_days"`            // tender documents issued → bid deadline, calendar days (ENG-D1: 20)
	DocsAvailableMinWD      int `json:"docs_available_min_wd"`      // documents available, working days (ENG-D1, ENG-D3: 5)
	TenderClarifyMinDays    int `json:"tender_clarify_min_days"`    // a clarification affecting bids, before the deadline (ENG-D2: 15)
	ConsultMinDays          int `json:"consult_min_days"`           // 磋商 documents issued → first response (ENG-D3: 10)
	ConsultClarifyMinDays   int `json:"consult_clarify_min_days"`   // 磋商 clarification before the deadline (ENG-D2: 5)
	NegotiationMinWD        int `json:"negotiation_min_wd"`         // 谈判 and 询价 documents issued → response (ENG-D4: 3)
	NegotiationClarifyMinWD int `json:"negotiation_clarify_min_wd"` // 谈判 and 询价 clarification before the deadline (ENG-D2: 3)
	PrequalMinWD            int `json:"prequal_min_wd"`             // prequalification application window (ENG-D5: 5)
	SingleSourcePublicityWD int `json:"single_source_publicity_wd"` // 单一来源公示 (ENG-C5: 5)

	// Evaluation panels, used by procurement part 2 (ENG-F1, ENG-F2).
	PanelMin            int        `json:"panel_min"`             // 评标委员会: odd, at least (ENG-F1: 5)
	PanelMinLarge       int        `json:"panel_min_large"`       // … when large, complex or of high social impact (ENG-F1: 7)
	PanelLargeBudget    goumai.Fen `json:"panel_large_budget"`    // the budget making a tender large (ENG-F1: ¥10,000,000)
	SmallPanelMin       int        `json:"small_panel_min"`       // 谈判, 询价, 磋商 panels: odd, at least (ENG-F2: 3)
	SmallPanelThreshold int        `json:"small_panel_threshold"` // … at or above the open-tender threshold (ENG-F2: 5)
	ExpertShareMinPct   int        `json:"expert_share_min_pct"`  // experts among the members, at least (ENG-F1/F2: 2/3, kept as 67)

	// Price weight in comprehensive scoring (ENG-G2), for this category.
	TenderPriceWeightMinPct  int `json:"tender_price_weight_min_pct"`  // 招标 (O87): goods ≥ 30, services ≥ 10
	TenderPriceWeightMaxPct  int `json:"tender_price_weight_max_pct"`  // 招标: no statutory ceiling (100)
	ConsultPriceWeightMinPct int `json:"consult_price_weight_min_pct"` // 磋商 (N214): goods 30, services 10
	ConsultPriceWeightMaxPct int `json:"consult_price_weight_max_pct"` // 磋商: goods 60, services 30

	// Bonds (ENG-G9).
	BidBondMaxPerMille         int `json:"bid_bond_max_per_mille"`         // of the budget (20 = 2 %)
	PerformanceBondMaxPerMille int `json:"performance_bond_max_per_mille"` // of the contract amount (100 = 10 %)

	// SME price deduction (ENG-G4), used in part 2.
	SMEDeductionMinPct    int `json:"sme_deduction_min_pct"`    // small and micro bids: 10
	SMEDeductionMaxPct    int `json:"sme_deduction_max_pct"`    // … 20
	SMEConsortiumMinPct   int `json:"sme_consortium_min_pct"`   // consortium or subcontract share: 4
	SMEConsortiumMaxPct   int `json:"sme_consortium_max_pct"`   // … 6
	AbnormalLowMeanPct    int `json:"abnormal_low_mean_pct"`    // ENG-G7: below this share of the mean of compliant prices (50)
	AbnormalLowSecondPct  int `json:"abnormal_low_second_pct"`  // … of the second-lowest compliant price (50)
	AbnormalLowCeilingPct int `json:"abnormal_low_ceiling_pct"` // … of the ceiling price, the budget when none (45)

	// Payment (经费兑付, issue 10 item 6; REQ-C25, ENG-J1): a contract's
	// payments use the values in force in its region on the day it was signed.
	FinanceApprovalThreshold   goumai.Fen `json:"finance_approval_threshold"`    // at or above it the finance department approves a payment too (¥1,000,000)
	FinalDeductionExcellentPct int        `json:"final_deduction_excellent_pct"` // the final payment's deduction for a published 优 grade (0)
	FinalDeductionGoodPct      int        `json:"final_deduction_good_pct"`      // … 良 (0)
	FinalDeductionFairPct      int        `json:"final_deduction_fair_pct"`      // … 中 (10)
	FinalDeductionPoorPct      int        `json:"final_deduction_poor_pct"`      // … 差 (30)
	OverdueInterestPer10000    int        `json:"overdue_interest_per_10000"`    // daily interest on an overdue payment when the contract agreed none, in ten-thousandths (5 = 0.05 %)

	// Progress reports to the level above (工作进展情况报告, issue 13 item 2;
	// REQ-C24): due this many calendar days after the quarter's or the year's end.
	WorkReportQuarterDays int `json:"work_report_quarter_days"` // 15
	WorkReportAnnualDays  int `json:"work_report_annual_days"`  // 31

	// Red-flag thresholds (issue 12: goumai's own rules, redflag/own_rules.go):
	// where a flag is raised, not what the law allows. A process is judged by
	// the values in force in its region on the day it started, forever.
	LuxuryFactorPct        int `json:"luxury_factor_pct"`         // GM-LUX: an award above this share of the median of comparable awards (200 = twice)
	LuxuryMinComparables   int `json:"luxury_min_comparables"`    // GM-LUX: comparable awards needed (3)
	RepeatMinWins          int `json:"repeat_min_wins"`           // GM-REPEAT: awards by one purchaser to one supplier in one year (3)
	CeilingCloseMinPct     int `json:"ceiling_close_min_pct"`     // GM-CEILING: an award at or above this share of the ceiling (98)
	SubcontractMaxSharePct int `json:"subcontract_max_share_pct"` // ENG-H4: a contract subcontracted beyond this share (50)
	AmendmentMaxPct        int `json:"amendment_max_pct"`         // ENG-H3: supplementary contracts beyond this share of the original (GPL Art. 49: 10)
}

// FinalDeductionPct is the final payment's deduction in whole per cent for a
// contract's published grade (ENG-J1); 0 for an unknown grade.
func (p Params) FinalDeductionPct(g goumai.Grade) int {
	switch g {
	case goumai.GradeExcellent:
		return p.FinalDeductionExcellentPct
	case goumai.GradeGood:
		return p.FinalDeductionGoodPct
	case goumai.GradeFair:
		return p.FinalDeductionFairPct
	case goumai.GradePoor:
		return p.FinalDeductionPoorPct
	}
	return 0
}

// nationalEffective is when the national defaults take effect: the central
// thresholds of 国办发〔2019〕55号 are in force from 2020-01-01.
var nationalEffective = time.Date(2020, 1, 1, 0, 0, 0, 0, goumai.Shanghai)

// NationalDefaults returns the national values of a category (RULES.md §6–§8,
// §14; their sources are named in Source). Works thresholds are set by the
// State Council's tendering rules and are left at the services values here,
// marked so in Source; goumai buys services.
func NationalDefaults(c Category) Params {
	p := Params{
		Jurisdiction: goumai.NationalCode, Category: c, EffectiveFrom: nationalEffective,
		Source: "国办发〔2019〕55号; GPL Arts. 27, 35; GPL-IR Arts. 21, 23, 31, 33, 38, 48; O87 Arts. 47, 55, 60; O74 Arts. 7, 29, 45; N214 Arts. 10, 24; " +
			"财库〔2022〕19号; 财政部异常低价试点 2024-12-25; 《保障中小企业款项支付条例》第八、九、十五条; " +
			"goumai defaults: finance approval from the decentralised limit (国办发〔2019〕55号), final-payment deductions by grade (ENG-J1)",

		DecentralisedLimit:  100_000_000, // ¥1,000,000
		OpenTenderThreshold: 200_000_000, // ¥2,000,000

		TenderMinDays: 20, DocsAvailableMinWD: 5, TenderClarifyMinDays: 15,
		ConsultMinDays: 10, ConsultClarifyMinDays: 5,
		NegotiationMinWD: 3, NegotiationClarifyMinWD: 3,
		PrequalMinWD: 5, SingleSourcePublicityWD: 5,

		PanelMin: 5, PanelMinLarge: 7, PanelLargeBudget: 1_000_000_000, SmallPanelMin: 3, SmallPanelThreshold: 5, ExpertShareMinPct: 67,

		TenderPriceWeightMinPct: 10, TenderPriceWeightMaxPct: 100, ConsultPriceWeightMinPct: 10, ConsultPriceWeightMaxPct: 30,

		BidBondMaxPerMille: 20, PerformanceBondMaxPerMille: 100,

		SMEDeductionMinPct: 10, SMEDeductionMaxPct: 20, SMEConsortiumMinPct: 4, SMEConsortiumMaxPct: 6,
		AbnormalLowMeanPct: 50, AbnormalLowSecondPct: 50, AbnormalLowCeilingPct: 45,

		// ¥1,000,000: the decentralised-procurement limit of 国办发〔2019〕55号.
		FinanceApprovalThreshold:   100_000_000,
		FinalDeductionExcellentPct: goumai.FinalDeductionPct[goumai.GradeExcellent],
		FinalDeductionGoodPct:      goumai.FinalDeductionPct[goumai.GradeGood],
		FinalDeductionFairPct:      goumai.FinalDeductionPct[goumai.GradeFair],
		FinalDeductionPoorPct:      goumai.FinalDeductionPct[goumai.GradePoor],
		OverdueInterestPer10000:    goumai.OverdueInterestPer10000,

		// goumai defaults (REQ-C24: quarterly and annual report dates).
		WorkReportQuarterDays: 15, WorkReportAnnualDays: 31,

		// goumai's red-flag thresholds (RULES.md §14 ENG-H3, ENG-H4; OCP red flags).
		LuxuryFactorPct: 200, LuxuryMinComparables: 3, RepeatMinWins: 3, CeilingCloseMinPct: 98,
		SubcontractMaxSharePct: 50, AmendmentMaxPct: 10,
	}
	switch c {
	case Goods:
		p.TenderPriceWeightMinPct, p.ConsultPriceWeightMinPct, p.ConsultPriceWeightMaxPct = 30, 30, 60
	case Works:
		p.DecentralisedLimit = 120_000_000 // ¥1,200,000 (国办发〔2019〕55号)
		p.Source += "; works' open-tender threshold per the State Council's tendering rules (TBL), not set here"
	}
	return p
}
