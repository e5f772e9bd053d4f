package rules

import (
	"strings"
	"unicode/utf8"

	"github.com/goumai/goumai"
)

// MaxChainSteps bounds a review chain.
const MaxChainSteps = 8

// SelectChain returns the review steps for a project of the given amount
// (REQ-C3): among the chains of the nearest region on path (ordered from the
// national level down to the project's region) that has one applicable, the one
// with the highest MinAmount not above the amount; DefaultReviewChain when none
// is configured.
func SelectChain(chains []goumai.ReviewChain, path []string, amount goumai.Fen) []goumai.ReviewStep {
	for i := len(path) - 1; i >= 0; i-- {
		var best *goumai.ReviewChain
		for j := range chains {
			c := &chains[j]
			if c.Region == path[i] && c.MinAmount <= amount && (best == nil || c.MinAmount > best.MinAmount) {
				best = c
			}
		}
		if best != nil {
			return best.Steps
		}
	}
	return goumai.DefaultReviewChain
}

// CheckChain validates a review chain before it is stored: a region, a
// non-negative minimum amount and 1–8 steps, each with a name and a role that
// belongs where it acts; the last step must be the finance department's, since
// finance approval commits the budget (ENG-B2).
func CheckChain(c goumai.ReviewChain, regions *goumai.Regions) error {
	f := goumai.Fields{}
	if _, ok := regions.Get(c.Region); !ok {
		f.Add("region", "行政区划代码不存在", "unknown region code")
	}
	if m := goumai.CheckFen(c.MinAmount); m != nil {
		f["min_amount"] = *m
	}
	switch {
	case len(c.Steps) == 0:
		f.Add("steps", "审核流程至少需要一个步骤", "a chain needs at least one step")
	case len(c.Steps) > MaxChainSteps:
		f.Add("steps", "审核流程最多8个步骤", "a chain has at most 8 steps")
	}
	for i, s := range c.Steps {
		n := utf8.RuneCountInString(strings.TrimSpace(s.Name))
		switch {
		case n == 0 || n > MaxShortText:
			f.Add("steps", "每个步骤须有名称（最多50个字）", "each step needs a name (at most 50 characters)")
		case !roleFits(s):
			f.Add("steps", "步骤“"+s.Name+"”的角色与审核单位不符（单位内部审核用购买主体角色，财政审核用财政角色）",
				"step “"+s.Name+"”: the role does not belong where it acts (purchaser roles at the purchaser, finance roles at finance)")
		case i == len(c.Steps)-1 && s.Where == goumai.WherePurchaser:
			f.Add("steps", "最后一步须由财政部门审批", "the last step must be the finance department's")
		}
	}
	return f.Err()
}

func roleFits(s goumai.ReviewStep) bool {
	switch s.Where {
	case goumai.WherePurchaser:
		return s.Role == goumai.RolePurchaserApprover
	case goumai.WhereFinance, goumai.WhereFinanceParent:
		return s.Role == goumai.RoleFinanceReviewer || s.Role == goumai.RoleFinanceApprover
	}
	return false
}
