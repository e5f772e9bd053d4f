package workflow

import (
	"fmt"
	"slices"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
)

// What a procedure's body may hold, whatever its completeness: the API's
// fields name their values as the domain does, and a problem of the documents
// is named by its path in the body.

// chooseMethod checks a method and ground chosen in a body (rules.CheckMethod,
// ENG-C1, ENG-C4): a method that takes no ground (open tender) takes none.
func chooseMethod(p goumai.Procurement, params rules.Params, m goumai.ProcurementMethod, reason goumai.MethodReason) error {
	o, err := rules.CheckMethod(purchaseOf(p), params, m, reason)
	if err == nil && len(o.Reasons) == 0 && reason != "" {
		return goumai.Fields{"reason": goumai.M("该采购方式无须说明适用情形", "this method takes no ground")}.Err()
	}
	return err
}

// documentProblems checks documents (rules.CheckDocuments) and names each
// problem's field by its path in the API: under documents, except the lots'.
func documentProblems(d goumai.Documents, c rules.DocumentContext) rules.Problems {
	ps := rules.CheckDocuments(d, c)
	for i := range ps {
		if ps[i].Field != "lots" && !strings.HasPrefix(ps[i].Field, "lots.") {
			ps[i].Field = "documents." + ps[i].Field
		}
	}
	return ps
}

// checkDocumentValues refuses values no documents may hold, even a draft's:
// an unknown evaluation method, scoring factor or target category, a target's
// weight outside 0–100.
func checkDocumentValues(d goumai.Documents) error {
	f := goumai.Fields{}
	if d.Evaluation != "" && !slices.Contains(goumai.EvaluationMethods, d.Evaluation) {
		f.Add("documents.evaluation", "评标方法只能是最低评标价法（lowest_price）或综合评分法（comprehensive）",
			"the evaluation method is lowest_price or comprehensive")
	}
	for i, it := range d.Scoring {
		if !slices.Contains(goumai.ScoringFactors, it.Factor) {
			f.Add(fmt.Sprintf("documents.scoring.%d.factor", i), "评审因素类别须为价格、技术、服务或商务（price、technical、service、commercial）",
				"a scoring item's factor is price, technical, service or commercial")
		}
	}
	for i, t := range d.Targets {
		if t.Category != "" && !slices.Contains(goumai.TargetCategories, t.Category) || t.Weight < 0 || t.Weight > 100 {
			f.Add(fmt.Sprintf("documents.targets.%d", i), "绩效指标类别须为产出、效益、满意度或成本，权重在0至100之间",
				"an indicator's category is output, benefit, satisfaction or cost, its weight 0 to 100")
		}
	}
	return f.Err()
}
