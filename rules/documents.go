package rules

import (
	"fmt"
	"strings"

	"github.com/goumai/goumai"
)

// bannedCriterion is one kind of criterion the documents may not use as a
// qualification condition or a scoring factor (ENG-A7; GPL-IR Art. 20; O87
// Art. 17): words that reveal it, and the clause it breaks.
type bannedCriterion struct {
	words  []string
	clause goumai.Msg
}

// bannedCriteria are ENG-A7's clauses. Matching is by words in the condition's
// or item's name and text: a drafter who needs such a word for a lawful reason
// rephrases (the refusal names the clause).
var bannedCriteria = []bannedCriterion{
	{[]string{"注册资本", "注册资金", "资产总额", "净资产", "营业收入", "营业额", "从业人员", "员工人数", "职工人数", "人员规模", "利润", "纳税额", "企业规模"},
		goumai.M("不得以注册资本、资产总额、营业收入、从业人员、利润、纳税额等规模条件作为资格要求或者评审因素（《政府采购法实施条例》第二十条（八）；财政部令第87号第十七条）",
			"size (registered capital, assets, revenue, headcount, profit, tax paid) may be neither a qualification nor a scoring factor (GPL-IR Art. 20(8); O87 Art. 17)")},
	{[]string{"本地业绩", "本省业绩", "本市业绩", "本区业绩", "本县业绩", "当地业绩", "本地区业绩", "特定行政区域", "本地奖项", "本省奖项", "本市奖项", "省级奖项", "市级奖项"},
		goumai.M("不得将特定行政区域或者特定行业的业绩、奖项作为加分条件或者中标、成交条件（《政府采购法实施条例》第二十条（四））",
			"a track record or award in a particular region or industry may not earn points or be a condition (GPL-IR Art. 20(4))")},
	{[]string{"本地分支机构", "本地设立分支机构", "在本地注册", "本地注册", "本地办公场所", "设立分公司", "本地服务网点", "驻地机构"},
		goumai.M("不得要求供应商在本地设立分支机构、注册或者有办公场所（《政府采购法实施条例》第二十条（二）（七）；财政部令第87号第十七条）",
			"a supplier may not be required to register, have a branch or an office locally (GPL-IR Art. 20(2), (7); O87 Art. 17)")},
	{[]string{"指定品牌", "品牌", "原厂授权", "指定供应商", "特定供应商", "专利产品"},
		goumai.M("不得限定或者指定特定的专利、商标、品牌或者供应商（《政府采购法实施条例》第二十条（六））",
			"no particular patent, trademark, brand or supplier may be named or required (GPL-IR Art. 20(6))")},
}

// bannedIn returns the clause a text breaks, if any.
func bannedIn(text string) (goumai.Msg, string, bool) {
	for _, c := range bannedCriteria {
		for _, w := range c.words {
			if strings.Contains(text, w) {
				return c.clause, w, true
			}
		}
	}
	return goumai.Msg{}, "", false
}

// DocumentContext is what the documents are checked against.
type DocumentContext struct {
	Method goumai.MethodConfig
	Params Params
	Budget goumai.Fen // the project's budget
	Lots   []goumai.Lot
}

// CheckDocuments applies the rules of procurement documents, every problem at
// once: banned criteria (ENG-A7), a qualification reused as a scoring factor
// (ENG-A7), the evaluation method and the price weight (ENG-G1, ENG-G2), a
// quantified rule and per-range scores for every item (ENG-G5), points adding
// to 100, no floor price and bid bonds within 2 % of the lot's budget (ENG-G9),
// the budget shown and lots within it (GPL-IR Art. 30).
func CheckDocuments(d goumai.Documents, c DocumentContext) Problems {
	var ps Problems
	add := func(field, rule string, m goumai.Msg) { ps = append(ps, Problem{Field: field, Rule: rule, Msg: m}) }
	banned := func(field, text string) {
		if clause, w, ok := bannedIn(text); ok {
			add(field, "ENG-A7", goumai.M(fmt.Sprintf("含有禁止的条件“%s”：%s", w, clause.ZH), fmt.Sprintf("holds the banned criterion “%s”: %s", w, clause.EN)))
		}
	}
	quals := map[string]bool{}
	for i, q := range d.Qualifications {
		f := fmt.Sprintf("qualifications.%d", i)
		if strings.TrimSpace(q.Name) == "" {
			add(f, "", goumai.M("请填写资格条件", "name the qualification condition"))
		}
		banned(f, q.Name+" "+q.Detail)
		quals[normal(q.Name)] = true
	}
	switch d.Evaluation {
	case goumai.EvalLowestPrice:
		if len(d.Scoring) > 0 {
			add("scoring", "ENG-G1", goumai.M("最低评标价法不设评分项（《政府采购法实施条例》第三十四条）", "the lowest-price method has no scoring items (GPL-IR Art. 34)"))
		}
	case goumai.EvalComprehensive:
		checkScoring(d, c, quals, add, banned)
	default:
		add("evaluation", "ENG-G1", goumai.M("评标方法只能是最低评标价法或综合评分法（《政府采购法实施条例》第三十四条）",
			"the evaluation method is lowest price or comprehensive scoring (GPL-IR Art. 34)"))
	}
	if d.FloorPrice != 0 {
		add("floor_price", "ENG-G9", goumai.M("不得设定最低限价（财政部令第87号第十二条）", "no floor price may be set (O87 Art. 12)"))
	}
	checkLots(c, add)
	return ps
}

func checkScoring(d goumai.Documents, c DocumentContext, quals map[string]bool, add func(field, rule string, m goumai.Msg), banned func(field, text string)) {
	if len(d.Scoring) == 0 {
		add("scoring", "ENG-G5", goumai.M("综合评分法须列明评审因素及其分值", "comprehensive scoring needs its scoring items and points"))
		return
	}
	total, price := 0, 0
	for i, it := range d.Scoring {
		f := fmt.Sprintf("scoring.%d", i)
		total += it.Points
		if it.Factor == goumai.FactorPrice {
			price += it.Points
		}
		if strings.TrimSpace(it.Name) == "" {
			add(f, "", goumai.M("请填写评审因素名称", "name the scoring item"))
		}
		if it.Points <= 0 {
			add(f, "ENG-G5", goumai.M("评审因素的分值须大于零", "a scoring item's points must be above zero"))
		}
		if it.Factor != goumai.FactorPrice && strings.TrimSpace(it.Rule) == "" {
			add(f, "ENG-G5", goumai.M("评审因素须有量化指标，分值与量化指标相对应（《政府采购法实施条例》第三十四条）",
				"each scoring item needs a quantified rule its points follow (GPL-IR Art. 34)"))
		}
		sum := 0
		for j, r := range it.Ranges {
			if strings.TrimSpace(r.Condition) == "" {
				add(fmt.Sprintf("%s.ranges.%d", f, j), "ENG-G5", goumai.M("区间须写明量化条件", "each range needs its quantified condition"))
			}
			if r.Points < 0 || r.Points > it.Points {
				add(fmt.Sprintf("%s.ranges.%d", f, j), "ENG-G5", goumai.M("区间分值须在该评审因素的分值之内（财政部令第87号第五十五条）",
					"a range's points must be within the item's points (O87 Art. 55)"))
			}
			sum = max(sum, r.Points)
		}
		if len(it.Ranges) == 1 {
			add(f, "ENG-G5", goumai.M("区间型指标须量化到各区间并设置各区间对应的不同分值（财政部令第87号第五十五条）",
				"a range-type indicator needs a score for each of its ranges (O87 Art. 55)"))
		}
		if len(it.Ranges) > 1 && sum != it.Points {
			add(f, "ENG-G5", goumai.M("最高区间的分值须等于该评审因素的分值", "the best range must earn the item's full points"))
		}
		banned(f, it.Name+" "+it.Rule)
		if quals[normal(it.Name)] {
			add(f, "ENG-A7", goumai.M("资格条件不得同时作为评审因素（财政部令第87号第五十五条）", "a qualification condition may not also be a scoring factor (O87 Art. 55)"))
		}
	}
	if total != 100 {
		add("scoring", "ENG-G5", goumai.M(fmt.Sprintf("评审因素分值合计须为100分，现为%d分", total), fmt.Sprintf("the scoring items must total 100 points, not %d", total)))
	}
	if d.PriceWeightPct != price {
		add("price_weight_pct", "ENG-G2", goumai.M("价格权重须等于价格评审因素的分值之和", "the price weight must equal the points of the price items"))
	}
	p := c.Params
	lo, hi := p.ConsultPriceWeightMinPct, p.ConsultPriceWeightMaxPct
	law := goumai.M("财库〔2014〕214号第二十四条", "N214 Art. 24")
	if c.Method.Tender {
		lo, hi = p.TenderPriceWeightMinPct, p.TenderPriceWeightMaxPct
		law = goumai.M("财政部令第87号第五十五条", "O87 Art. 55")
	}
	if field, m := smeRateProblem(p, d); m != nil {
		add(field, "ENG-G4", *m)
	}
	switch {
	case d.FixedPrice && price != 0:
		add("price_weight_pct", "ENG-G2", goumai.M("执行统一价格标准或固定价格的项目，价格不列为评审因素（财政部令第87号第五十五条）",
			"a fixed or state-set price is not scored (O87 Art. 55)"))
	case !d.FixedPrice && (price < lo || price > hi):
		add("price_weight_pct", "ENG-G2", goumai.M(fmt.Sprintf("价格分值占总分值的比重须在%d%%至%d%%之间（%s）", lo, hi, law.ZH),
			fmt.Sprintf("the price weight must be between %d %% and %d %% (%s)", lo, hi, law.EN)))
	}
}

// checkLots checks every lot's budget, ceiling and bid bond (ENG-G9; GPL-IR Arts. 30, 33).
func checkLots(c DocumentContext, add func(field, rule string, m goumai.Msg)) {
	if len(c.Lots) == 0 {
		add("lots", "", goumai.M("至少须有一个采购包", "a procedure has at least one lot"))
		return
	}
	var sum goumai.Fen
	for i, l := range c.Lots {
		f := fmt.Sprintf("lots.%d", i)
		sum += l.Budget
		if l.Budget <= 0 {
			add(f+".budget", "", goumai.M("采购包须公开预算金额（《政府采购法实施条例》第三十条）", "each lot shows its budget (GPL-IR Art. 30)"))
		}
		if l.Ceiling < 0 || l.Ceiling > l.Budget {
			add(f+".ceiling", "", goumai.M("最高限价不得超过采购预算", "the ceiling price may not exceed the budget"))
		}
		if cap := l.Budget * goumai.Fen(c.Params.BidBondMaxPerMille) / 1000; l.BidBond < 0 || l.BidBond > cap {
			add(f+".bid_bond", "ENG-G9", goumai.M(fmt.Sprintf("投标保证金不得超过采购项目预算金额的%s（%s元）（《政府采购法实施条例》第三十三条）", perMille(c.Params.BidBondMaxPerMille), cap.Yuan()),
				fmt.Sprintf("the bid bond may not exceed %s of the budget (¥%s) (GPL-IR Art. 33)", perMille(c.Params.BidBondMaxPerMille), cap.Yuan())))
		}
	}
	if sum > c.Budget {
		add("lots", "ENG-B2", goumai.M(fmt.Sprintf("各采购包预算合计%s元，超过项目预算%s元", sum.Yuan(), c.Budget.Yuan()),
			fmt.Sprintf("the lots' budgets total ¥%s, above the project's ¥%s", sum.Yuan(), c.Budget.Yuan())))
	}
}

func perMille(n int) string {
	if n%10 == 0 {
		return fmt.Sprintf("%d%%", n/10)
	}
	return fmt.Sprintf("%d‰", n)
}

// normal is a name compared for reuse: without spaces and punctuation.
func normal(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(" \t\n　，,。.：:；;、（）()", r) {
			return -1
		}
		return r
	}, s)
}
