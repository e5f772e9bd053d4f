package rules

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/goumai/goumai"
)

// MaxParamsSource bounds the text naming the notices that set a parameter set.
const MaxParamsSource = 500

// maxPeriodDays bounds any minimum period: a value above a year is a typing
// error, not a local rule.
const maxPeriodDays = 366

// Check validates a parameter set against the law: every value a jurisdiction
// may set lies within what the statutes allow it (RULES.md §14 C–G). A province
// may lengthen a statutory period or enlarge a panel, never shorten or shrink
// it; it may raise the floor of a price weight, never lower it; it may lower a
// bond cap, never raise it. The statutory values are those of the national
// defaults (NationalDefaults) that come from laws, State Council regulations
// and Ministry orders; the SME deductions and the abnormal-low triggers come
// from Ministry notices that change by notice, so only their shape is checked.
// The error's fields are keyed by the JSON names; each message names its ENG
// rule and source, and Error.Rule is the first rule broken.
func (p Params) Check() error {
	c := checker{f: goumai.Fields{}}
	c.meta(p)
	if !p.Category.Valid() {
		return c.err()
	}
	law := NationalDefaults(p.Category)
	c.thresholds(p)
	c.periods(p, law)
	c.panels(p, law)
	c.priceWeights(p, law)
	c.bonds(p, law)
	c.sme(p)
	c.abnormalLow(p)
	c.payment(p, law)
	c.workReports(p)
	c.redFlags(p, law)
	return c.err()
}

// checker collects the field errors of a parameter set and the rules they break.
type checker struct {
	f     goumai.Fields
	rules []string
}

func (c *checker) add(field, rule, zh, en string) {
	if _, dup := c.f[field]; dup {
		return
	}
	c.f.Add(field, zh, en)
	if rule != "" {
		c.rules = append(c.rules, rule)
	}
}

func (c *checker) err() error {
	if len(c.f) == 0 {
		return nil
	}
	e := goumai.AsError(c.f.Err())
	e.Message = goumai.M("采购规则参数不符合法定要求，请检查标出的字段", "the procurement rule parameters break the law's limits: see the marked fields")
	if len(c.rules) > 0 {
		e.Rule = c.rules[0]
	}
	return e
}

// meta checks which values these are: the jurisdiction's code, the category,
// the first day in force (a midnight in Asia/Shanghai) and the source.
func (c *checker) meta(p Params) {
	if !isRegionCode(p.Jurisdiction) {
		c.add("jurisdiction", "", "请填写6位行政区划代码", "the jurisdiction must be a 6-digit region code")
	}
	if !p.Category.Valid() {
		c.add("category", "", "采购品目类别须为货物、工程或服务", "the category must be goods, works or services")
	}
	if p.EffectiveFrom.IsZero() {
		c.add("effective_from", "", "请填写生效日期", "the effective date is required")
	} else if !IsDay(p.EffectiveFrom) {
		c.add("effective_from", "", "生效日期须为北京时间某日零时（填写年-月-日）", "the effective date must be a day (midnight in Asia/Shanghai)")
	}
	switch n := utf8.RuneCountInString(p.Source); {
	case n == 0:
		c.add("source", "", "请填写设定这些参数的文件（文号）", "name the notice(s) setting these values")
	case n > MaxParamsSource:
		c.add("source", "", fmt.Sprintf("依据文件最多%d个字", MaxParamsSource), fmt.Sprintf("the source must be at most %d characters", MaxParamsSource))
	}
}

// IsDay reports whether t is midnight in Asia/Shanghai: parameter sets begin
// and end on a day, as the notices setting them do.
func IsDay(t time.Time) bool {
	s := t.In(goumai.Shanghai)
	return s.Hour() == 0 && s.Minute() == 0 && s.Second() == 0 && s.Nanosecond() == 0
}

func isRegionCode(s string) bool {
	if len(s) != 6 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// thresholds: ENG-C1 and ENG-C2. Each jurisdiction sets its own (GPL Arts. 7,
// 8, 27; GPL-IR Art. 5), so only their sense is checked: positive, within
// goumai's amounts, and the decentralised limit at most the open-tender threshold
// (a purchase that must be tendered openly is a government procurement).
func (c *checker) thresholds(p Params) {
	const src, srcEN = "（《政府采购法》第七条、第八条、第二十七条，《政府采购法实施条例》第五条）", " (GPL Arts. 7, 8, 27; GPL-IR Art. 5)"
	amount := func(field, rule, whatZH, whatEN string, v goumai.Fen) bool {
		if v <= 0 {
			c.add(field, rule, whatZH+"须大于零（"+rule+"）"+src, whatEN+" must be above zero ("+rule+")"+srcEN)
			return false
		}
		if m := goumai.CheckFen(v); m != nil {
			c.add(field, rule, m.ZH+"（"+rule+"）", m.EN+" ("+rule+")")
			return false
		}
		return true
	}
	okD := amount("decentralised_limit", "ENG-C2", "分散采购限额标准", "the decentralised-procurement limit", p.DecentralisedLimit)
	okO := amount("open_tender_threshold", "ENG-C1", "公开招标数额标准", "the open-tender threshold", p.OpenTenderThreshold)
	if okD && okO && p.DecentralisedLimit > p.OpenTenderThreshold {
		c.add("decentralised_limit", "ENG-C2",
			"分散采购限额标准不得高于公开招标数额标准：达到公开招标数额标准的采购必然属于政府采购（ENG-C1、ENG-C2）"+src,
			"the decentralised-procurement limit may not exceed the open-tender threshold: a purchase that must be tendered is a government procurement (ENG-C1, ENG-C2)"+srcEN)
	}
}

// minimum is one statutory minimum a jurisdiction may raise, never lower.
type minimum struct {
	field      string
	got, law   int
	rule       string
	whatZH     string // e.g. "招标文件发出之日至投标截止之日"
	whatEN     string
	unitZH     string // 日, 工作日, 人, %
	unitEN     string
	srcZH      string
	srcEN      string
	odd        bool   // a panel: an odd number of members
	maxValue   int    // an upper bound of sense (0: none)
	lengthenZH string // what a jurisdiction may do
	lengthenEN string
}

// atLeast checks one statutory minimum.
func (c *checker) atLeast(m minimum) {
	switch {
	case m.got < m.law:
		c.add(m.field, m.rule,
			fmt.Sprintf("%s不得少于%d%s：%s（%s，%s）", m.whatZH, m.law, m.unitZH, m.lengthenZH, m.rule, m.srcZH),
			fmt.Sprintf("%s must be at least %d %s: %s (%s, %s)", m.whatEN, m.law, m.unitEN, m.lengthenEN, m.rule, m.srcEN))
	case m.maxValue > 0 && m.got > m.maxValue:
		c.add(m.field, m.rule, fmt.Sprintf("%s最多%d%s（%s）", m.whatZH, m.maxValue, m.unitZH, m.rule),
			fmt.Sprintf("%s may be at most %d %s (%s)", m.whatEN, m.maxValue, m.unitEN, m.rule))
	case m.odd && m.got%2 == 0:
		c.add(m.field, m.rule, fmt.Sprintf("%s须为单数（%s，%s）", m.whatZH, m.rule, m.srcZH),
			fmt.Sprintf("%s must be an odd number (%s, %s)", m.whatEN, m.rule, m.srcEN))
	}
}

// periods: ENG-D1–D5 and ENG-C5. A jurisdiction may lengthen a statutory
// period, never shorten it.
func (c *checker) periods(p Params, law Params) {
	const lenZH, lenEN = "地方可以延长法定期限，不得缩短", "a jurisdiction may lengthen a statutory period, never shorten it"
	day := func(field string, got, want int, rule, zh, en, srcZH, srcEN string, working bool) minimum {
		u, uEN := "日", "calendar days"
		if working {
			u, uEN = "个工作日", "working days"
		}
		return minimum{field: field, got: got, law: want, rule: rule, whatZH: zh, whatEN: en, unitZH: u, unitEN: uEN,
			srcZH: srcZH, srcEN: srcEN, maxValue: maxPeriodDays, lengthenZH: lenZH, lengthenEN: lenEN}
	}
	for _, m := range []minimum{
		day("tender_min_days", p.TenderMinDays, law.TenderMinDays, "ENG-D1", "招标文件开始发出之日起至投标人提交投标文件截止之日止", "the time from the tender documents' issue to the bid deadline",
			"《政府采购法》第三十五条", "GPL Art. 35", false),
		day("docs_available_min_wd", p.DocsAvailableMinWD, law.DocsAvailableMinWD, "ENG-D1", "招标文件（磋商文件）的提供期限", "the time the tender (consultation) documents are available",
			"《政府采购法实施条例》第三十一条，财库〔2014〕214号第十条", "GPL-IR Art. 31; N214 Art. 10", true),
		day("tender_clarify_min_days", p.TenderClarifyMinDays, law.TenderClarifyMinDays, "ENG-D2", "影响投标文件编制的澄清或修改距投标截止时间", "a clarification affecting the bids, before the bid deadline",
			"《政府采购法实施条例》第三十一条", "GPL-IR Art. 31", false),
		day("consult_min_days", p.ConsultMinDays, law.ConsultMinDays, "ENG-D3", "磋商文件发出之日起至供应商提交首次响应文件截止之日止", "the time from the consultation documents' issue to the first-response deadline",
			"财库〔2014〕214号第十条", "N214 Art. 10", false),
		day("consult_clarify_min_days", p.ConsultClarifyMinDays, law.ConsultClarifyMinDays, "ENG-D2", "影响响应文件编制的磋商文件澄清或修改距提交首次响应文件截止时间", "a consultation clarification affecting the responses, before the deadline",
			"财库〔2014〕214号第十条", "N214 Art. 10", false),
		day("negotiation_min_wd", p.NegotiationMinWD, law.NegotiationMinWD, "ENG-D4", "谈判文件、询价通知书发出之日起至供应商提交响应文件截止之日止", "the time from the negotiation or enquiry documents' issue to the response deadline",
			"财政部令第74号第二十九条、第四十五条", "O74 Arts. 29, 45", true),
		day("negotiation_clarify_min_wd", p.NegotiationClarifyMinWD, law.NegotiationClarifyMinWD, "ENG-D2", "谈判文件、询价通知书的澄清或修改距提交响应文件截止时间", "a negotiation or enquiry clarification, before the response deadline",
			"财政部令第74号第二十九条、第四十五条", "O74 Arts. 29, 45", true),
		day("prequal_min_wd", p.PrequalMinWD, law.PrequalMinWD, "ENG-D5", "资格预审公告期限（提交资格预审申请文件的时间）", "the prequalification application window",
			"《政府采购法实施条例》第二十一条", "GPL-IR Art. 21", true),
		day("single_source_publicity_wd", p.SingleSourcePublicityWD, law.SingleSourcePublicityWD, "ENG-C5", "单一来源采购公示期", "the single-source publicity period",
			"《政府采购法实施条例》第三十八条", "GPL-IR Art. 38", true),
	} {
		c.atLeast(m)
	}
}

// panels: ENG-F1 and ENG-F2. Panels are odd and at least the statutory size;
// experts at least two thirds; the budget making a tender's panel large may be
// lowered, never raised.
func (c *checker) panels(p Params, law Params) {
	const lenZH, lenEN = "地方可以扩大评审小组，不得少于法定人数", "a jurisdiction may enlarge a panel, never shrink it"
	const o87, o87EN = "财政部令第87号第四十七条", "O87 Art. 47"
	const o74, o74EN = "财政部令第74号第七条，财库〔2014〕214号第十四条", "O74 Art. 7; N214 Art. 14"
	panel := func(field string, got, want int, rule, zh, en, src, srcEN string) minimum {
		return minimum{field: field, got: got, law: want, rule: rule, whatZH: zh, whatEN: en, unitZH: "人", unitEN: "members",
			srcZH: src, srcEN: srcEN, odd: true, maxValue: 99, lengthenZH: lenZH, lengthenEN: lenEN}
	}
	for _, m := range []minimum{
		panel("panel_min", p.PanelMin, law.PanelMin, "ENG-F1", "评标委员会成员", "a tender evaluation committee", o87, o87EN),
		panel("panel_min_large", p.PanelMinLarge, max(law.PanelMinLarge, p.PanelMin), "ENG-F1", "采购预算金额较大、技术复杂或社会影响较大项目的评标委员会成员", "the committee of a large, complex or high-impact tender", o87, o87EN),
		panel("small_panel_min", p.SmallPanelMin, law.SmallPanelMin, "ENG-F2", "谈判小组、询价小组、磋商小组成员", "a negotiation, enquiry or consultation panel", o74, o74EN),
		panel("small_panel_threshold", p.SmallPanelThreshold, max(law.SmallPanelThreshold, p.SmallPanelMin), "ENG-F2", "达到公开招标数额标准的谈判小组、询价小组成员", "a negotiation or enquiry panel at or above the open-tender threshold", o74, o74EN),
		{field: "expert_share_min_pct", got: p.ExpertShareMinPct, law: law.ExpertShareMinPct, rule: "ENG-F1", whatZH: "评审专家占成员总数的比例", whatEN: "the experts' share of the members",
			unitZH: "%", unitEN: "per cent", srcZH: o87 + "，" + o74, srcEN: o87EN + "; " + o74EN, maxValue: 100,
			lengthenZH: "不得低于三分之二（按67%计）", lengthenEN: "never below two thirds (kept as 67 %)"},
	} {
		c.atLeast(m)
	}
	switch {
	case p.PanelLargeBudget <= 0:
		c.add("panel_large_budget", "ENG-F1", "须填写使评标委员会不少于7人的采购预算金额（ENG-F1，"+o87+"）",
			"the budget that makes a tender's committee at least 7 is required (ENG-F1, "+o87EN+")")
	case p.PanelLargeBudget > law.PanelLargeBudget:
		c.add("panel_large_budget", "ENG-F1",
			fmt.Sprintf("采购预算金额达到%s元的，评标委员会成员不得少于7人：地方可以降低该金额，不得提高（ENG-F1，%s）", law.PanelLargeBudget.Yuan(), o87),
			fmt.Sprintf("a tender with a budget of ¥%s or more needs a committee of at least 7: a jurisdiction may lower that budget, never raise it (ENG-F1, %s)", law.PanelLargeBudget.Yuan(), o87EN))
	}
}

// priceWeights: ENG-G2. Each weight lies in 0–100 with min ≤ max; the floors of
// O87 Art. 55 (tender) and N214 Art. 24 (consultation) may be raised, never
// lowered, and the consultation ceiling of N214 Art. 24 never raised.
func (c *checker) priceWeights(p Params, law Params) {
	type weight struct {
		minF, maxF      string
		min, max        int
		lawMin, lawMax  int
		whatZH, whatEN  string
		srcZH, srcEN    string
		ceilingStatutes bool
	}
	for _, w := range []weight{
		{"tender_price_weight_min_pct", "tender_price_weight_max_pct", p.TenderPriceWeightMinPct, p.TenderPriceWeightMaxPct, law.TenderPriceWeightMinPct, 100,
			"招标项目综合评分法中价格分值的比重", "the price weight of a tender's comprehensive scoring", "财政部令第87号第五十五条", "O87 Art. 55", false},
		{"consult_price_weight_min_pct", "consult_price_weight_max_pct", p.ConsultPriceWeightMinPct, p.ConsultPriceWeightMaxPct, law.ConsultPriceWeightMinPct, law.ConsultPriceWeightMaxPct,
			"竞争性磋商综合评分法中价格分值的比重", "the price weight of a consultation's comprehensive scoring", "财库〔2014〕214号第二十四条", "N214 Art. 24", true},
	} {
		okMin, okMax := true, true
		if w.min < 0 || w.min > 100 {
			c.add(w.minF, "ENG-G2", w.whatZH+"下限须在0至100之间（ENG-G2）", "the floor of "+w.whatEN+" must be 0 to 100 (ENG-G2)")
			okMin = false
		} else if w.min < w.lawMin {
			c.add(w.minF, "ENG-G2",
				fmt.Sprintf("%s不得低于%d%%：地方可以提高下限，不得降低（ENG-G2，%s）", w.whatZH, w.lawMin, w.srcZH),
				fmt.Sprintf("%s may not be below %d %%: a jurisdiction may raise the floor, never lower it (ENG-G2, %s)", w.whatEN, w.lawMin, w.srcEN))
			okMin = false
		}
		if w.max < 0 || w.max > 100 {
			c.add(w.maxF, "ENG-G2", w.whatZH+"上限须在0至100之间（ENG-G2）", "the ceiling of "+w.whatEN+" must be 0 to 100 (ENG-G2)")
			okMax = false
		} else if w.ceilingStatutes && w.max > w.lawMax {
			c.add(w.maxF, "ENG-G2",
				fmt.Sprintf("%s不得高于%d%%：地方可以降低上限，不得提高（ENG-G2，%s）", w.whatZH, w.lawMax, w.srcZH),
				fmt.Sprintf("%s may not exceed %d %%: a jurisdiction may lower the ceiling, never raise it (ENG-G2, %s)", w.whatEN, w.lawMax, w.srcEN))
			okMax = false
		}
		if okMin && okMax && w.min > w.max {
			c.add(w.maxF, "ENG-G2", w.whatZH+"的上限不得低于下限（ENG-G2）", "the ceiling of "+w.whatEN+" may not be below its floor (ENG-G2)")
		}
	}
}

// bonds: ENG-G9. A cap may be lowered (to 0: no bond may be asked), never
// raised above GPL-IR Arts. 33 and 48.
func (c *checker) bonds(p Params, law Params) {
	for _, b := range []struct {
		field          string
		got, law       int
		whatZH, whatEN string
		srcZH, srcEN   string
	}{
		{"bid_bond_max_per_mille", p.BidBondMaxPerMille, law.BidBondMaxPerMille, "投标（响应）保证金占采购项目预算金额的比例", "the bid bond's share of the budget",
			"《政府采购法实施条例》第三十三条", "GPL-IR Art. 33"},
		{"performance_bond_max_per_mille", p.PerformanceBondMaxPerMille, law.PerformanceBondMaxPerMille, "履约保证金占合同金额的比例", "the performance bond's share of the contract amount",
			"《政府采购法实施条例》第四十八条", "GPL-IR Art. 48"},
	} {
		switch {
		case b.got < 0:
			c.add(b.field, "ENG-G9", b.whatZH+"不能为负数（ENG-G9）", b.whatEN+" cannot be negative (ENG-G9)")
		case b.got > b.law:
			c.add(b.field, "ENG-G9",
				fmt.Sprintf("%s不得超过%s：地方可以降低上限（0表示不得收取），不得提高（ENG-G9，%s）", b.whatZH, milleAsPercent(b.law), b.srcZH),
				fmt.Sprintf("%s may not exceed %s: a jurisdiction may lower the cap (0: none may be asked), never raise it (ENG-G9, %s)", b.whatEN, milleAsPercent(b.law), b.srcEN))
		}
	}
}

// milleAsPercent writes a per-mille value as a percentage (20 → "2%").
func milleAsPercent(v int) string {
	if v%10 == 0 {
		return fmt.Sprintf("%d%%", v/10)
	}
	return fmt.Sprintf("%d.%d%%", v/10, v%10)
}

// sme: ENG-G4. Each range is 0–100 with min ≤ max (the ranges themselves are
// the Ministry's notice's to change: 财库〔2022〕19号).
func (c *checker) sme(p Params) {
	for _, r := range []struct {
		minF, maxF     string
		min, max       int
		whatZH, whatEN string
	}{
		{"sme_deduction_min_pct", "sme_deduction_max_pct", p.SMEDeductionMinPct, p.SMEDeductionMaxPct, "小微企业价格扣除比例", "the small and micro enterprises' price deduction"},
		{"sme_consortium_min_pct", "sme_consortium_max_pct", p.SMEConsortiumMinPct, p.SMEConsortiumMaxPct, "联合体或分包给小微企业的价格扣除比例", "the deduction for a consortium with, or subcontracting to, small and micro enterprises"},
	} {
		okMin := r.min >= 0 && r.min <= 100
		okMax := r.max >= 0 && r.max <= 100
		if !okMin {
			c.add(r.minF, "ENG-G4", r.whatZH+"下限须在0至100之间（ENG-G4，财库〔2022〕19号）", "the lower end of "+r.whatEN+" must be 0 to 100 (ENG-G4, 财库〔2022〕19号)")
		}
		if !okMax {
			c.add(r.maxF, "ENG-G4", r.whatZH+"上限须在0至100之间（ENG-G4，财库〔2022〕19号）", "the upper end of "+r.whatEN+" must be 0 to 100 (ENG-G4, 财库〔2022〕19号)")
		}
		if okMin && okMax && r.min > r.max {
			c.add(r.maxF, "ENG-G4", r.whatZH+"的上限不得低于下限（ENG-G4，财库〔2022〕19号）", "the upper end of "+r.whatEN+" may not be below its lower end (ENG-G4, 财库〔2022〕19号)")
		}
	}
}

// abnormalLow: ENG-G7. Each trigger is a share in (0, 100] of the mean, the
// second-lowest or the ceiling price (O87 Art. 60; the Ministry's 2024 pilot).
func (c *checker) abnormalLow(p Params) {
	for _, t := range []struct {
		field          string
		v              int
		whatZH, whatEN string
	}{
		{"abnormal_low_mean_pct", p.AbnormalLowMeanPct, "低于通过符合性审查供应商报价平均值的比例", "the share of the mean compliant price"},
		{"abnormal_low_second_pct", p.AbnormalLowSecondPct, "低于次低报价的比例", "the share of the second-lowest compliant price"},
		{"abnormal_low_ceiling_pct", p.AbnormalLowCeilingPct, "低于最高限价（未设最高限价的为预算金额）的比例", "the share of the ceiling price (the budget when none)"},
	} {
		if t.v <= 0 || t.v > 100 {
			c.add(t.field, "ENG-G7", "异常低价审查触发条件："+t.whatZH+"须大于0且不超过100（ENG-G7，财政部令第87号第六十条）",
				"abnormally low price trigger: "+t.whatEN+" must be above 0 and at most 100 (ENG-G7, O87 Art. 60)")
		}
	}
}

// maxOverdueInterestPer10000 bounds the daily overdue interest: above 1 % a
// day (365 % a year) is a typing error, not a local rule.
const maxOverdueInterestPer10000 = 100

// payment: REQ-C25 and ENG-J1 (issue 10 item 6). The finance department's
// approval threshold is the jurisdiction's own (0: every payment); the final
// payment's deductions are whole per cent of it, never more for a better grade;
// the overdue interest when the contract agreed none is the Regulation's 0.05 %
// a day, which a jurisdiction may not lower.
func (c *checker) payment(p Params, law Params) {
	switch {
	case p.FinanceApprovalThreshold < 0:
		c.add("finance_approval_threshold", "REQ-C25", "须经财政部门审核的支付金额不能为负数（0表示每笔支付均须财政部门审核；REQ-C25）",
			"the finance department's approval threshold cannot be negative (0: every payment needs its approval; REQ-C25)")
	case goumai.CheckFen(p.FinanceApprovalThreshold) != nil:
		m := goumai.CheckFen(p.FinanceApprovalThreshold)
		c.add("finance_approval_threshold", "REQ-C25", m.ZH+"（REQ-C25）", m.EN+" (REQ-C25)")
	}

	const srcJ, srcJEN = "（ENG-J1：绩效评价结果与尾款支付挂钩）", " (ENG-J1: the performance grade gates the final payment)"
	grades := []struct {
		field  string
		v      int
		zh, en string
	}{
		{"final_deduction_excellent_pct", p.FinalDeductionExcellentPct, "优", "excellent (优)"},
		{"final_deduction_good_pct", p.FinalDeductionGoodPct, "良", "good (良)"},
		{"final_deduction_fair_pct", p.FinalDeductionFairPct, "中", "fair (中)"},
		{"final_deduction_poor_pct", p.FinalDeductionPoorPct, "差", "poor (差)"},
	}
	ok := true
	for _, g := range grades {
		if g.v < 0 || g.v > 100 {
			c.add(g.field, "ENG-J1", "绩效评价为"+g.zh+"的尾款扣减比例须在0至100之间"+srcJ,
				"the final payment's deduction for grade "+g.en+" must be 0 to 100"+srcJEN)
			ok = false
		}
	}
	if ok {
		for i := 0; i+1 < len(grades); i++ {
			better, worse := grades[i], grades[i+1]
			if better.v > worse.v {
				c.add(better.field, "ENG-J1",
					fmt.Sprintf("绩效评价为%s的尾款扣减比例（%d%%）不得高于评价为%s的（%d%%）：评价越好，扣减不得越多%s", better.zh, better.v, worse.zh, worse.v, srcJ),
					fmt.Sprintf("the final payment's deduction for grade %s (%d %%) may not exceed that for grade %s (%d %%): a better grade never loses more%s", better.en, better.v, worse.en, worse.v, srcJEN))
			}
		}
	}

	const srcI, srcIEN = "《保障中小企业款项支付条例》第十五条", "Regulation on Ensuring Payments to SMEs, Art. 15"
	switch v := p.OverdueInterestPer10000; {
	case v < law.OverdueInterestPer10000:
		c.add("overdue_interest_per_10000", "REQ-C25",
			fmt.Sprintf("合同未约定逾期利息利率的，按每日利率万分之%d支付逾期利息：地方不得降低（REQ-C25，%s）", law.OverdueInterestPer10000, srcI),
			fmt.Sprintf("when the contract agreed no rate, overdue payments bear %s a day: a jurisdiction may not lower it (REQ-C25, %s)", per10000AsPercent(law.OverdueInterestPer10000), srcIEN))
	case v > maxOverdueInterestPer10000:
		c.add("overdue_interest_per_10000", "REQ-C25",
			fmt.Sprintf("逾期利息最多每日万分之%d（REQ-C25，%s）", maxOverdueInterestPer10000, srcI),
			fmt.Sprintf("the overdue interest may be at most %s a day (REQ-C25, %s)", per10000AsPercent(maxOverdueInterestPer10000), srcIEN))
	}
}

// maxWorkReportDays bounds a progress report's due date after its period:
// a report due more than a quarter later would report on stale figures.
const maxWorkReportDays = 90

// workReports checks the progress reports' due dates (REQ-C24): at least a
// day after the period, at most maxWorkReportDays.
func (c *checker) workReports(p Params) {
	for _, d := range []struct {
		field  string
		v      int
		zh, en string
	}{{"work_report_quarter_days", p.WorkReportQuarterDays, "季度", "quarterly"}, {"work_report_annual_days", p.WorkReportAnnualDays, "年度", "annual"}} {
		if d.v < 1 || d.v > maxWorkReportDays {
			c.add(d.field, "REQ-C24", fmt.Sprintf("%s工作进展情况报告的报送期限须在期末后1至%d日之间（REQ-C24）", d.zh, maxWorkReportDays),
				fmt.Sprintf("the %s progress report is due 1 to %d days after its period (REQ-C24)", d.en, maxWorkReportDays))
		}
	}
}

// per10000AsPercent writes a ten-thousandths value as a percentage (5 → "0.05%").
func per10000AsPercent(v int) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d%%", sign, v/100, v%100)
}

// redFlags checks the red-flag thresholds of goumai's own rules: each within
// a range where it still flags something. They say where a flag is raised,
// not what the law allows, so a jurisdiction may set them stricter or looser
// except ENG-H3's share, which is the law's ceiling (GPL Art. 49): a
// jurisdiction may flag earlier, never later.
func (c *checker) redFlags(p Params, law Params) {
	for _, d := range []struct {
		field, rule string
		v, lo, hi   int
		zh, en      string
	}{
		{"luxury_factor_pct", "GM-LUX", p.LuxuryFactorPct, 101, 1000, "豪华购买的比例", "the luxury purchase's share of the median"},
		{"luxury_min_comparables", "GM-LUX", p.LuxuryMinComparables, 1, 100, "豪华购买所需可比项目数", "the comparable awards needed"},
		{"repeat_min_wins", "GM-REPEAT", p.RepeatMinWins, 2, 100, "重复中标次数", "the repeat winner's awards"},
		{"ceiling_close_min_pct", "GM-CEILING", p.CeilingCloseMinPct, 50, 100, "接近最高限价的比例", "the share of the ceiling"},
		{"subcontract_max_share_pct", "ENG-H4", p.SubcontractMaxSharePct, 1, 100, "分包比例", "the subcontracted share"},
		{"amendment_max_pct", "ENG-H3", p.AmendmentMaxPct, 1, law.AmendmentMaxPct, "补充合同比例", "the supplementary contracts' share"},
	} {
		if d.v < d.lo || d.v > d.hi {
			c.add(d.field, d.rule, fmt.Sprintf("%s须在%d至%d之间（%s）", d.zh, d.lo, d.hi, d.rule),
				fmt.Sprintf("%s must be %d to %d (%s)", d.en, d.lo, d.hi, d.rule))
		}
	}
}
