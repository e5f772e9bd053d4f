package rules

import (
	"fmt"

	"github.com/goumai/goumai"
)

// Unit is how a parameter is counted.
type Unit string

// The units of the parameters.
const (
	UnitFen         Unit = "fen"           // an amount: shown in yuan, stored in fen
	UnitDays        Unit = "days"          // calendar days (日)
	UnitWorkingDays Unit = "working_days"  // working days (工作日)
	UnitMembers     Unit = "members"       // people on a panel (人)
	UnitPercent     Unit = "percent"       // whole per cent
	UnitPerMille    Unit = "per_mille"     // per mille (‰), shown as a percentage
	UnitPer10000Day Unit = "per_10000_day" // ten-thousandths (‱) a day, shown as a percentage a day
	UnitCount       Unit = "count"         // a number of things (个, 次)
)

// ParamGroup is a heading of the parameters, with the rules it gathers.
type ParamGroup struct {
	Key   string
	Label goumai.Msg
	Rules string
}

// ParamGroups are the headings, in display order.
var ParamGroups = []ParamGroup{
	{"thresholds", goumai.M("采购限额标准", "Thresholds"), "ENG-C1, ENG-C2"},
	{"periods", goumai.M("法定最短期限", "Minimum periods"), "ENG-D1–D5, ENG-C5"},
	{"panels", goumai.M("评审委员会（小组）", "Evaluation panels"), "ENG-F1, ENG-F2"},
	{"price_weights", goumai.M("价格分值比重", "Price weights"), "ENG-G2"},
	{"bonds", goumai.M("保证金上限", "Bond caps"), "ENG-G9"},
	{"sme", goumai.M("中小企业价格扣除", "SME price deduction"), "ENG-G4"},
	{"abnormal_low", goumai.M("异常低价审查触发条件", "Abnormally low price triggers"), "ENG-G7"},
	{"payment", goumai.M("经费兑付", "Payment"), "REQ-C25, ENG-J1"},
	{"work_report", goumai.M("工作进展情况报告", "Progress reports"), "REQ-C24"},
	{"red_flags", goumai.M("风险提示阈值", "Red-flag thresholds"), "GM-LUX, GM-REPEAT, GM-CEILING, ENG-H4, ENG-H3"},
}

// ParamField describes one value of Params: its JSON name, heading, label,
// unit and rule. Forms, the portal and the API documentation are built from
// this list, so a field cannot go unlabelled.
type ParamField struct {
	Name  string // the JSON name
	Group string // a ParamGroup key
	Label goumai.Msg
	Unit  Unit
	Rule  string
	fen   func(p *Params) *goumai.Fen
	num   func(p *Params) *int
}

// Value returns the field's value in p (fen for amounts).
func (f ParamField) Value(p Params) int64 {
	if f.fen != nil {
		return int64(*f.fen(&p))
	}
	return int64(*f.num(&p))
}

// Set sets the field's value in p (fen for amounts).
func (f ParamField) Set(p *Params, v int64) {
	if f.fen != nil {
		*f.fen(p) = goumai.Fen(v)
		return
	}
	*f.num(p) = int(v)
}

// Display writes the field's value of p with its unit: ¥ amounts in yuan,
// periods in 日 or 工作日, per mille as a percentage.
func (f ParamField) Display(p Params) goumai.Msg {
	v := f.Value(p)
	switch f.Unit {
	case UnitFen:
		s := "¥" + goumai.Fen(v).Yuan()
		return goumai.M(s, s)
	case UnitDays:
		return goumai.M(fmt.Sprintf("%d日", v), fmt.Sprintf("%d calendar days", v))
	case UnitWorkingDays:
		return goumai.M(fmt.Sprintf("%d个工作日", v), fmt.Sprintf("%d working days", v))
	case UnitMembers:
		return goumai.M(fmt.Sprintf("%d人", v), fmt.Sprintf("%d members", v))
	case UnitCount:
		s := fmt.Sprint(v)
		return goumai.M(s, s)
	case UnitPerMille:
		s := milleAsPercent(int(v))
		return goumai.M(s, s)
	case UnitPer10000Day:
		s := per10000AsPercent(int(v))
		return goumai.M(fmt.Sprintf("每日万分之%d（%s）", v, s), fmt.Sprintf("%s a day (%d per 10,000)", s, v))
	}
	s := fmt.Sprintf("%d%%", v)
	return goumai.M(s, s)
}

func fenField(name, group, zh, en, rule string, get func(p *Params) *goumai.Fen) ParamField {
	return ParamField{Name: name, Group: group, Label: goumai.M(zh, en), Unit: UnitFen, Rule: rule, fen: get}
}

func numField(name, group, zh, en string, unit Unit, rule string, get func(p *Params) *int) ParamField {
	return ParamField{Name: name, Group: group, Label: goumai.M(zh, en), Unit: unit, Rule: rule, num: get}
}

// ParamFields lists every value of Params, in display order.
var ParamFields = []ParamField{
	fenField("decentralised_limit", "thresholds", "分散采购限额标准", "Decentralised-procurement limit", "ENG-C2", func(p *Params) *goumai.Fen { return &p.DecentralisedLimit }),
	fenField("open_tender_threshold", "thresholds", "公开招标数额标准", "Open-tender threshold", "ENG-C1", func(p *Params) *goumai.Fen { return &p.OpenTenderThreshold }),

	numField("tender_min_days", "periods", "招标：招标文件发出至投标截止", "Tender: documents issued to bid deadline", UnitDays, "ENG-D1", func(p *Params) *int { return &p.TenderMinDays }),
	numField("docs_available_min_wd", "periods", "招标文件、磋商文件提供期限", "Tender or consultation documents available", UnitWorkingDays, "ENG-D1", func(p *Params) *int { return &p.DocsAvailableMinWD }),
	numField("tender_clarify_min_days", "periods", "招标：澄清或修改距投标截止", "Tender: clarification before the deadline", UnitDays, "ENG-D2", func(p *Params) *int { return &p.TenderClarifyMinDays }),
	numField("consult_min_days", "periods", "磋商：磋商文件发出至首次响应截止", "Consultation: documents issued to first response", UnitDays, "ENG-D3", func(p *Params) *int { return &p.ConsultMinDays }),
	numField("consult_clarify_min_days", "periods", "磋商：澄清或修改距响应截止", "Consultation: clarification before the deadline", UnitDays, "ENG-D2", func(p *Params) *int { return &p.ConsultClarifyMinDays }),
	numField("negotiation_min_wd", "periods", "谈判、询价：文件发出至响应截止", "Negotiation, enquiry: documents issued to response", UnitWorkingDays, "ENG-D4", func(p *Params) *int { return &p.NegotiationMinWD }),
	numField("negotiation_clarify_min_wd", "periods", "谈判、询价：澄清或修改距响应截止", "Negotiation, enquiry: clarification before the deadline", UnitWorkingDays, "ENG-D2", func(p *Params) *int { return &p.NegotiationClarifyMinWD }),
	numField("prequal_min_wd", "periods", "资格预审申请期限", "Prequalification application window", UnitWorkingDays, "ENG-D5", func(p *Params) *int { return &p.PrequalMinWD }),
	numField("single_source_publicity_wd", "periods", "单一来源公示期", "Single-source publicity", UnitWorkingDays, "ENG-C5", func(p *Params) *int { return &p.SingleSourcePublicityWD }),

	numField("panel_min", "panels", "评标委员会最少人数", "Tender committee, at least", UnitMembers, "ENG-F1", func(p *Params) *int { return &p.PanelMin }),
	numField("panel_min_large", "panels", "大额、技术复杂或社会影响较大项目的评标委员会最少人数", "Committee of a large, complex or high-impact tender, at least", UnitMembers, "ENG-F1", func(p *Params) *int { return &p.PanelMinLarge }),
	fenField("panel_large_budget", "panels", "按大额项目组成评标委员会的预算金额", "Budget making a tender large", "ENG-F1", func(p *Params) *goumai.Fen { return &p.PanelLargeBudget }),
	numField("small_panel_min", "panels", "谈判、询价、磋商小组最少人数", "Negotiation, enquiry or consultation panel, at least", UnitMembers, "ENG-F2", func(p *Params) *int { return &p.SmallPanelMin }),
	numField("small_panel_threshold", "panels", "达到公开招标数额标准的谈判、询价小组最少人数", "Negotiation or enquiry panel at or above the open-tender threshold, at least", UnitMembers, "ENG-F2", func(p *Params) *int { return &p.SmallPanelThreshold }),
	numField("expert_share_min_pct", "panels", "评审专家所占比例下限", "Experts among the members, at least", UnitPercent, "ENG-F1", func(p *Params) *int { return &p.ExpertShareMinPct }),

	numField("tender_price_weight_min_pct", "price_weights", "招标：价格分值比重下限", "Tender: price weight, at least", UnitPercent, "ENG-G2", func(p *Params) *int { return &p.TenderPriceWeightMinPct }),
	numField("tender_price_weight_max_pct", "price_weights", "招标：价格分值比重上限", "Tender: price weight, at most", UnitPercent, "ENG-G2", func(p *Params) *int { return &p.TenderPriceWeightMaxPct }),
	numField("consult_price_weight_min_pct", "price_weights", "磋商：价格分值比重下限", "Consultation: price weight, at least", UnitPercent, "ENG-G2", func(p *Params) *int { return &p.ConsultPriceWeightMinPct }),
	numField("consult_price_weight_max_pct", "price_weights", "磋商：价格分值比重上限", "Consultation: price weight, at most", UnitPercent, "ENG-G2", func(p *Params) *int { return &p.ConsultPriceWeightMaxPct }),

	numField("bid_bond_max_per_mille", "bonds", "投标（响应）保证金上限（占预算金额）", "Bid bond, at most (of the budget)", UnitPerMille, "ENG-G9", func(p *Params) *int { return &p.BidBondMaxPerMille }),
	numField("performance_bond_max_per_mille", "bonds", "履约保证金上限（占合同金额）", "Performance bond, at most (of the contract amount)", UnitPerMille, "ENG-G9", func(p *Params) *int { return &p.PerformanceBondMaxPerMille }),

	numField("sme_deduction_min_pct", "sme", "小微企业价格扣除比例下限", "Small and micro bids: deduction, at least", UnitPercent, "ENG-G4", func(p *Params) *int { return &p.SMEDeductionMinPct }),
	numField("sme_deduction_max_pct", "sme", "小微企业价格扣除比例上限", "Small and micro bids: deduction, at most", UnitPercent, "ENG-G4", func(p *Params) *int { return &p.SMEDeductionMaxPct }),
	numField("sme_consortium_min_pct", "sme", "联合体、分包价格扣除比例下限", "Consortium or subcontracting share: deduction, at least", UnitPercent, "ENG-G4", func(p *Params) *int { return &p.SMEConsortiumMinPct }),
	numField("sme_consortium_max_pct", "sme", "联合体、分包价格扣除比例上限", "Consortium or subcontracting share: deduction, at most", UnitPercent, "ENG-G4", func(p *Params) *int { return &p.SMEConsortiumMaxPct }),

	numField("abnormal_low_mean_pct", "abnormal_low", "报价低于有效报价平均值的比例", "Below this share of the mean compliant price", UnitPercent, "ENG-G7", func(p *Params) *int { return &p.AbnormalLowMeanPct }),
	numField("abnormal_low_second_pct", "abnormal_low", "报价低于次低有效报价的比例", "Below this share of the second-lowest compliant price", UnitPercent, "ENG-G7", func(p *Params) *int { return &p.AbnormalLowSecondPct }),
	numField("abnormal_low_ceiling_pct", "abnormal_low", "报价低于最高限价（或预算）的比例", "Below this share of the ceiling price (or budget)", UnitPercent, "ENG-G7", func(p *Params) *int { return &p.AbnormalLowCeilingPct }),

	fenField("finance_approval_threshold", "payment", "须经财政部门审核的支付金额（达到该金额）", "Payments needing the finance department's approval, from", "REQ-C25", func(p *Params) *goumai.Fen { return &p.FinanceApprovalThreshold }),
	numField("final_deduction_excellent_pct", "payment", "尾款扣减比例：绩效评价为优", "Final payment's deduction: grade excellent (优)", UnitPercent, "ENG-J1", func(p *Params) *int { return &p.FinalDeductionExcellentPct }),
	numField("final_deduction_good_pct", "payment", "尾款扣减比例：绩效评价为良", "Final payment's deduction: grade good (良)", UnitPercent, "ENG-J1", func(p *Params) *int { return &p.FinalDeductionGoodPct }),
	numField("final_deduction_fair_pct", "payment", "尾款扣减比例：绩效评价为中", "Final payment's deduction: grade fair (中)", UnitPercent, "ENG-J1", func(p *Params) *int { return &p.FinalDeductionFairPct }),
	numField("final_deduction_poor_pct", "payment", "尾款扣减比例：绩效评价为差", "Final payment's deduction: grade poor (差)", UnitPercent, "ENG-J1", func(p *Params) *int { return &p.FinalDeductionPoorPct }),
	numField("overdue_interest_per_10000", "payment", "逾期支付利息（合同未约定时，每日）", "Overdue interest when the contract agreed none, a day", UnitPer10000Day, "REQ-C25", func(p *Params) *int { return &p.OverdueInterestPer10000 }),

	numField("work_report_quarter_days", "work_report", "季度工作进展情况报告报送期限（季度结束后）", "Quarterly progress report due, days after the quarter", UnitDays, "REQ-C24", func(p *Params) *int { return &p.WorkReportQuarterDays }),
	numField("work_report_annual_days", "work_report", "年度工作进展情况报告报送期限（年度结束后）", "Annual progress report due, days after the year", UnitDays, "REQ-C24", func(p *Params) *int { return &p.WorkReportAnnualDays }),

	numField("luxury_factor_pct", "red_flags", "豪华购买：中标金额超过可比项目中位数的比例", "Luxury purchase: award above this share of the comparable awards' median", UnitPercent, "GM-LUX", func(p *Params) *int { return &p.LuxuryFactorPct }),
	numField("luxury_min_comparables", "red_flags", "豪华购买：所需可比项目数", "Luxury purchase: comparable awards needed", UnitCount, "GM-LUX", func(p *Params) *int { return &p.LuxuryMinComparables }),
	numField("repeat_min_wins", "red_flags", "同一采购人一年内授予同一供应商的次数", "Repeat winner: awards by one purchaser to one supplier in a year", UnitCount, "GM-REPEAT", func(p *Params) *int { return &p.RepeatMinWins }),
	numField("ceiling_close_min_pct", "red_flags", "中标价接近最高限价：达到最高限价的比例", "Award close to the ceiling: at or above this share of the ceiling", UnitPercent, "GM-CEILING", func(p *Params) *int { return &p.CeilingCloseMinPct }),
	numField("subcontract_max_share_pct", "red_flags", "转包嫌疑：分包金额超过合同金额的比例", "Subcontracting: contract subcontracted beyond this share", UnitPercent, "ENG-H4", func(p *Params) *int { return &p.SubcontractMaxSharePct }),
	numField("amendment_max_pct", "red_flags", "补充合同累计超过原合同金额的比例", "Supplementary contracts beyond this share of the original", UnitPercent, "ENG-H3", func(p *Params) *int { return &p.AmendmentMaxPct }),
}

// ParamFieldsOf returns the fields under a heading.
func ParamFieldsOf(group string) []ParamField {
	var out []ParamField
	for _, f := range ParamFields {
		if f.Group == group {
			out = append(out, f)
		}
	}
	return out
}
