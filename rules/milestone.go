package rules

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goumai/goumai"
)

// MaxMilestones bounds a contract's milestones.
const MaxMilestones = 60

// CheckMilestones applies the rules of a contract's milestones (履约节点 and
// payment schedule): at least one (ENG-H2: the contract states its delivery
// and settlement); each titled, with a due date inside the contract's term
// and an amount not below zero; and the amounts summing to the contract's
// amount, since payment follows only the contract's schedule (ENG-H7).
func CheckMilestones(c goumai.Contract) error {
	var ps Problems
	if len(c.Milestones) == 0 {
		ps.add("milestones", "ENG-H2", "合同须至少设定一个履约节点（含交付成果与付款金额）", "a contract has at least one milestone (deliverables and payment)")
		return ps.Err()
	}
	if len(c.Milestones) > MaxMilestones {
		ps.add("milestones", "", fmt.Sprintf("履约节点不能超过%d个", MaxMilestones), fmt.Sprintf("a contract has at most %d milestones", MaxMilestones))
	}
	start, errS := time.ParseInLocation(time.DateOnly, c.StartOn, goumai.Shanghai)
	end, errE := time.ParseInLocation(time.DateOnly, c.EndOn, goumai.Shanghai)
	var sum goumai.Fen
	for i, m := range c.Milestones {
		f := fmt.Sprintf("milestones.%d", i)
		switch n := utf8.RuneCountInString(strings.TrimSpace(m.Title)); {
		case n == 0:
			ps.add(f+".title", "ENG-H2", "请填写履约节点名称", "give the milestone a title")
		case n > MaxProjectTitle:
			ps.add(f+".title", "", "履约节点名称不能超过200个字", "the title has at most 200 characters")
		}
		if utf8.RuneCountInString(m.Deliverables) > MaxProjectText {
			ps.add(f+".deliverables", "", "交付成果不能超过5000个字", "the deliverables have at most 5000 characters")
		}
		due, err := time.ParseInLocation(time.DateOnly, m.DueOn, goumai.Shanghai)
		switch {
		case err != nil:
			ps.add(f+".due_on", "ENG-H2", "请填写履约节点的完成日期（YYYY-MM-DD）", "give the milestone's due date (YYYY-MM-DD)")
		case errS == nil && errE == nil && (due.Before(start) || due.After(end)):
			ps.add(f+".due_on", "ENG-H2", "履约节点的完成日期须在合同履行期限内（"+c.StartOn+" 至 "+c.EndOn+"）",
				"the milestone's due date must lie within the contract's term ("+c.StartOn+" to "+c.EndOn+")")
		}
		if m.Amount < 0 {
			ps.add(f+".amount", "ENG-H7", "履约节点的付款金额不能为负数", "a milestone's amount cannot be negative")
		}
		sum += m.Amount
	}
	if sum != c.Amount {
		ps.add("milestones", "ENG-H7", "各履约节点的付款金额之和（"+sum.Yuan()+" 元）须等于合同金额 "+c.Amount.Yuan()+" 元（ENG-H7：按合同约定的付款计划支付）",
			"the milestones' amounts ("+sum.Yuan()+" yuan) must sum to the contract amount of "+c.Amount.Yuan()+" yuan (ENG-H7: payment follows the contract's schedule)")
	}
	return ps.Err()
}
