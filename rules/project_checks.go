package rules

import (
	"sort"
	"strings"

	"github.com/goumai/goumai"
)

// CheckStatus is the outcome of one automatic check shown to reviewers.
type CheckStatus string

// Outcomes: a failed check refuses approval by itself only through the rule it
// names (the same rule refuses submission); a warning is for the reviewer's judgement.
const (
	CheckPass CheckStatus = "pass"
	CheckFail CheckStatus = "fail"
	CheckWarn CheckStatus = "warn"
)

// Check is one automatic check of an application (项目评审).
type Check struct {
	Key    string      `json:"key"` // catalog, negative_list, negative_keywords, budget, purchaser, targets, ex_ante, consultation, double_funded, price
	Rule   string      `json:"rule"`
	Status CheckStatus `json:"status"`
	Detail goumai.Msg  `json:"detail"`
}

// AutoChecks runs the reviewers' automatic checks on an application with the
// facts of now: catalogue (ENG-B1), negative list (ENG-B3: the catalogue's
// flags and the applicant's answers, which the check lists, and a warning for
// the words of the title and content that hint at it), budget available
// (ENG-B2), purchaser eligibility (ENG-A1), performance targets and ex-ante
// assessment (ENG-B4), consultation (ENG-B5), 两头占 (财综〔2013〕111号
// 二（四）) from the institution functions still funded, and price
// reasonableness (豪华购买).
func AutoChecks(p goumai.Project, f Facts, doubleFunded []goumai.Function, price PriceCheck) []Check {
	var out []Check
	add := func(key, rule string, err error, okZH, okEN string) {
		if err == nil {
			out = append(out, Check{Key: key, Rule: rule, Status: CheckPass, Detail: goumai.M(okZH, okEN)})
			return
		}
		out = append(out, Check{Key: key, Rule: rule, Status: CheckFail, Detail: firstMessage(err)})
	}
	catErr := CheckCatalog(f.CatalogItem, f.CatalogLeaf, f.CatalogFound, p.FilingRef)
	negErr, b1Err := error(nil), error(nil)
	if catErr != nil && goumai.AsError(catErr).Rule == "ENG-B3" {
		negErr = catErr
	} else {
		b1Err = catErr
	}
	switch {
	case b1Err == nil && f.CatalogFound:
		add("catalog", "ENG-B1", nil, "在现行指导性目录内："+f.CatalogItem.Code+" "+f.CatalogItem.Name, "in the catalogue in force: "+f.CatalogItem.Code+" "+f.CatalogItem.Name)
	case b1Err == nil:
		add("catalog", "ENG-B1", nil, "目录外事项，已有财政审核备案："+p.FilingRef, "outside the catalogue, with finance filing "+p.FilingRef)
	default:
		add("catalog", "ENG-B1", b1Err, "", "")
	}
	out = append(out, negativeChecks(p, negErr)...)
	add("budget", "ENG-B2", CheckBudget(p, f), "预算指标可用余额 "+f.Available.Yuan()+" 元，足以承担", "the line has ¥"+f.Available.Yuan()+" available, enough for the amount")
	add("purchaser", "ENG-A1", CheckPurchaser(f.Purchaser), "购买主体类型符合要求："+f.Purchaser.Kind.Label().ZH, "eligible purchaser: "+f.Purchaser.Kind.Label().EN)
	var targetsErr, exAnteErr error
	if err := CheckPerformance(p); err != nil {
		e := goumai.AsError(err)
		if m, ok := e.Fields["targets"]; ok {
			targetsErr = ruleError("ENG-B4", "targets", m.ZH, m.EN)
		}
		if m, ok := e.Fields["ex_ante"]; ok {
			exAnteErr = ruleError("ENG-B4", "ex_ante", m.ZH, m.EN)
		}
	}
	add("targets", "ENG-B4", targetsErr, "已设定绩效目标", "performance targets are set")
	add("ex_ante", "ENG-B4", exAnteErr, "已完成事前绩效评估", "the ex-ante assessment is done")
	public := f.CatalogFound && f.CatalogItem.Class == goumai.ClassPublicService || !f.CatalogFound && p.Class == goumai.ClassPublicService
	if public {
		var consErr error
		if err := CheckDisclosure(p, true, f.Now); err != nil {
			if m, ok := goumai.AsError(err).Fields["consultation"]; ok {
				consErr = ruleError("ENG-B5", "consultation", m.ZH, m.EN)
			}
		}
		add("consultation", "ENG-B5", consErr, "公共服务项目已公开征求意见", "the public service's requirements were consulted on")
	} else {
		add("consultation", "ENG-B5", nil, "辅助性服务，无需公开征求意见", "an auxiliary service: no public consultation needed")
	}
	if len(doubleFunded) == 0 {
		out = append(out, Check{Key: "double_funded", Rule: "111-2-4", Status: CheckPass, Detail: goumai.M("未发现两头占", "no double funding found")})
	} else {
		names := make([]string, len(doubleFunded))
		for i, fn := range doubleFunded {
			names[i] = fn.Name
		}
		out = append(out, Check{Key: "double_funded", Rule: "111-2-4", Status: CheckWarn, Detail: goumai.M(
			"两头占：所属事业单位仍有财政供养人员和经费承担该职能（财综〔2013〕111号 二（四））："+strings.Join(names, "；"),
			"double funding: an institution under the purchaser still has funded staff and budget for this function (Caizong [2013] 111 II(4)): "+strings.Join(names, "; "))})
	}
	switch {
	case price.Flagged:
		zh, en := make([]string, len(price.Reasons)), make([]string, len(price.Reasons))
		for i, r := range price.Reasons {
			zh[i], en[i] = r.ZH, r.EN
		}
		out = append(out, Check{Key: "price", Rule: "111-2-3", Status: CheckWarn, Detail: goumai.M(strings.Join(zh, "；"), strings.Join(en, "; "))})
	case price.Comparables == 0 && price.Standard == nil:
		out = append(out, Check{Key: "price", Rule: "111-2-3", Status: CheckPass, Detail: goumai.M("暂无同类已批准项目或单位成本标准可比", "no comparable approved project or unit-cost standard yet")})
	default:
		out = append(out, Check{Key: "price", Rule: "111-2-3", Status: CheckPass, Detail: goumai.M("单位成本在合理范围内", "the unit cost is within the usual range")})
	}
	return out
}

func firstMessage(err error) goumai.Msg {
	e := goumai.AsError(err)
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return e.Message
	}
	sort.Strings(keys)
	zh, en := make([]string, len(keys)), make([]string, len(keys))
	for i, k := range keys {
		zh[i], en[i] = e.Fields[k].ZH, e.Fields[k].EN
	}
	return goumai.M(strings.Join(zh, "；"), strings.Join(en, "; "))
}

// negativeChecks are the negative-list checks (ENG-B3): the catalogue item's
// flags (catErr, from CheckCatalog) and the applicant's answers, shown to the
// reviewer who confirms them; and the warning of NegativeHints.
func negativeChecks(p goumai.Project, catErr error) []Check {
	sum := negativeAnswersSummary(p.NegativeAnswers)
	list := Check{Key: "negative_list", Rule: "ENG-B3", Status: CheckPass, Detail: goumai.M("不属于负面清单。"+sum.ZH, "not on the negative list. "+sum.EN)}
	var zh, en []string
	for _, err := range []error{catErr, CheckNegativeAnswers(p.NegativeAnswers)} {
		if err != nil {
			m := firstMessage(err)
			zh, en = append(zh, m.ZH), append(en, m.EN)
		}
	}
	if len(zh) > 0 {
		list.Status, list.Detail = CheckFail, goumai.M(strings.Join(append(zh, sum.ZH), "；"), strings.Join(append(en, sum.EN), "; "))
	}
	words := Check{Key: "negative_keywords", Rule: "ENG-B3", Status: CheckPass,
		Detail: goumai.M("标题和服务内容中未见负面清单常见用语", "no words common on the negative list in the title or content")}
	if m, ok := NegativeWarning(p); ok {
		words.Status, words.Detail = CheckWarn, m
	}
	return []Check{list, words}
}
