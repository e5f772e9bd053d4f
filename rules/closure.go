package rules

import (
	"fmt"
	"strings"

	"github.com/goumai/goumai"
)

// Project closure (结项, issue 10 item 7; ENG-I2): a project closes when
// every contract of it is delivered, evaluated and paid.

// ClosureContract is what the closure reads of one contract.
type ClosureContract struct {
	Contract  goumai.Contract // with its milestones
	Graded    bool            // its performance grade is published (ENG-J1)
	Deduction goumai.Fen      // what the contract ties to the grade, deducted from the final payment
}

// CheckClosure applies the conditions of a project's closure: at least one
// contract in force; each contract in force delivered (every milestone
// accepted, ENG-H6) and evaluated (its grade published, ENG-J1); a contract
// still being drawn up or signed blocks it (a terminated one is settled by its
// termination); and the project paid: the ledger's payments equal the
// contracts' totals less their deductions (ENG-H7), or at least that when a
// contract was terminated (what was paid before its termination is the
// project's too). It returns the sum due; every problem is reported at once,
// each at its contract ("contracts.N.…", N its number in cs) and the payment
// at "paid", as an EConflict citing ENG-I2.
func CheckClosure(cs []ClosureContract, paid goumai.Fen) (goumai.Fen, error) {
	f := goumai.Fields{}
	var due goumai.Fen
	inForce, terminated := 0, false
	for i, cc := range cs {
		c, at := cc.Contract, fmt.Sprintf("contracts.%d.", i)
		switch c.Status {
		case goumai.ContractTerminated:
			terminated = true
			continue
		case goumai.ContractSigned:
		default:
			f.Add(at+"status", "合同 "+c.Number+" 尚未签订生效（"+c.Status.Label().ZH+"）", "contract "+c.Number+" is not in force ("+c.Status.Label().EN+")")
			continue
		}
		inForce++
		var open []string
		for _, m := range c.Milestones {
			if m.Status != goumai.MilestoneAccepted {
				open = append(open, fmt.Sprint(m.No))
			}
		}
		if len(c.Milestones) == 0 || len(open) > 0 {
			f.Add(at+"delivered", "合同 "+c.Number+" 尚有履约节点未验收合格（节点 "+strings.Join(open, "、")+"，ENG-H6）",
				"contract "+c.Number+" has milestones not accepted (no. "+strings.Join(open, ", ")+", ENG-H6)")
		}
		if !cc.Graded {
			f.Add(at+"evaluated", "合同 "+c.Number+" 的绩效评价结果尚未公开（ENG-J1）", "contract "+c.Number+"'s performance grade is not published (ENG-J1)")
		}
		due += c.Total() - cc.Deduction
	}
	if inForce == 0 && len(f) == 0 {
		f.Add("contracts", "项目没有生效的合同，不能结项", "the project has no contract in force to close with")
	}
	if inForce > 0 && (paid < due || paid != due && !terminated) {
		f.Add("paid", "项目尚未按合同付清：应付 "+due.Yuan()+" 元（合同金额扣除约定扣款），已付 "+paid.Yuan()+" 元（ENG-H7）",
			"the project is not paid as contracted: "+due.Yuan()+" yuan due (the contracts less deductions), "+paid.Yuan()+" yuan paid (ENG-H7)")
	}
	if len(f) == 0 {
		return due, nil
	}
	e := goumai.AsError(f.Err())
	e.Code, e.Rule = goumai.EConflict, "ENG-I2"
	e.Message = goumai.M("项目尚不满足结项条件：全部合同履约验收、绩效评价并付清后方可结项（ENG-I2）",
		"the project cannot close yet: every contract must be delivered, evaluated and paid first (ENG-I2)")
	return due, e
}
