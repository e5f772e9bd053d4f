package rules

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/goumai/goumai"
)

// The rules of changes to a contract in force: supplementary contracts
// (ENG-H3, GPL Art. 49), no financing guarantee in them either (ENG-H5),
// termination only by agreement or on a legal ground, with reasons (GPL Art.
// 50), and subcontracting (ENG-H4, GPL Art. 48).

// AmendmentInput is what a supplementary contract says.
type AmendmentInput struct {
	Reasons            string
	Amount             goumai.Fen
	Terms              string
	FinancingGuarantee bool
}

// CheckAmendment applies the rules of a supplementary contract to contract
// c, given its other amendments (signed or awaiting signatures; withdrawn
// ones do not count): reasons and the changed terms written, an added amount
// of zero or more, never a financing guarantee (ENG-H5), and the total of
// all amendments at most AmendmentMaxPct % of the original amount (ENG-H3).
func CheckAmendment(c goumai.Contract, others []goumai.ContractAmendment, in AmendmentInput) error {
	var ps Problems
	textField(&ps, "reasons", in.Reasons, goumai.M("签订补充合同的理由", "the reasons for the supplementary contract"), "ENG-H3")
	textField(&ps, "terms", in.Terms, goumai.M("变更的合同条款", "the changed terms"), "ENG-H3")
	if m := goumai.CheckFen(in.Amount); m != nil || in.Amount < 0 {
		ps.add("amount", "ENG-H3", "补充合同增加的金额应为零或正数（分）", "the added amount is zero or more, in fen")
	} else {
		total := in.Amount
		for _, m := range others {
			if m.Status != goumai.AmendmentWithdrawn {
				total += m.Amount
			}
		}
		if limit := c.Amount * goumai.AmendmentMaxPct / 100; total > limit {
			ps.add("amount", "ENG-H3", "所有补充合同的采购金额合计不得超过原合同采购金额的百分之十（"+limit.Yuan()+" 元），本次后合计 "+total.Yuan()+
				" 元（《政府采购法》第四十九条）", "all supplementary contracts together may add at most 10 % of the original amount ("+limit.Yuan()+
				" yuan); with this one they add "+total.Yuan()+" yuan (GPL Art. 49)")
		}
	}
	ps.noGuarantee(in.FinancingGuarantee)
	return ps.Err()
}

// textField requires a text of at most MaxProjectText characters.
func textField(ps *Problems, field, v string, label goumai.Msg, rule string) {
	switch n := utf8.RuneCountInString(strings.TrimSpace(v)); {
	case n == 0:
		ps.add(field, rule, "请写明"+label.ZH, "write "+label.EN)
	case n > MaxProjectText:
		ps.add(field, "", label.ZH+"不能超过5000个字", label.EN+" has at most 5000 characters")
	}
}

// RuleTermination names the rule of termination: no unilateral change,
// suspension or termination of a contract (RULES.md 9.3; GPL Art. 50), which
// has no ENG id of its own.
const RuleTermination = "GPL Art. 50"

// CheckTermination applies the rules of a proposed termination (GPL Art.
// 50: no party ends a contract in force on its own will): a known ground —
// the parties' agreement or a legal ground — and the reasons, to be
// published.
func CheckTermination(ground goumai.TerminationGround, reasons string) error {
	var ps Problems
	if !slices.Contains(goumai.TerminationGrounds, ground) {
		ps.add("ground", RuleTermination, "请选择解除的依据：双方协商一致，或对方严重违约、损害国家利益和社会公共利益、不可抗力等法定事由（《政府采购法》第五十条）",
			"choose the ground: the parties' agreement, or a legal ground such as serious breach, the public interest or force majeure (GPL Art. 50)")
	}
	textField(&ps, "reasons", reasons, goumai.M("解除合同的理由", "the reasons for the termination"), RuleTermination)
	return ps.Err()
}

// SubcontractInput is a proposed subcontract as the rules see it.
type SubcontractInput struct {
	ParentOrgID        int64 // who subcontracts
	SubcontractorOrgID int64
	Part               string
	Amount             goumai.Fen
	NonCore            bool // the supplier states the part is neither core nor critical
}

// CheckSubcontract applies the input rules of a subcontract (GPL Art. 48;
// ENG-H4): the part written, an amount of zero or more, a subcontractor
// other than the supplier, and the supplier's statement that the part is
// neither core nor critical. A refusal here is bad input, not an attempt:
// nothing is recorded.
func CheckSubcontract(c goumai.Contract, in SubcontractInput) error {
	var ps Problems
	textField(&ps, "part", in.Part, goumai.M("分包的内容", "the part subcontracted"), "ENG-H4")
	if m := goumai.CheckFen(in.Amount); m != nil || in.Amount < 0 {
		ps.add("amount", "ENG-H4", "分包金额应为零或正数（分）", "the amount is zero or more, in fen")
	}
	if in.SubcontractorOrgID <= 0 || in.SubcontractorOrgID == c.SupplierOrgID || in.SubcontractorOrgID == in.ParentOrgID {
		ps.add("subcontractor_org_id", "ENG-H4", "请选择承接分包的另一家单位", "choose another organisation to subcontract to")
	}
	if !in.NonCore {
		ps.add("non_core", "ENG-H4", "只能将非主体、非关键性工作分包，请确认分包内容为非主体、非关键性工作（《政府采购法》第四十八条）",
			"only parts that are neither core nor critical may be subcontracted: state that this part is one (GPL Art. 48)")
	}
	return ps.Err()
}

// SubcontractBlock says whether a proposed subcontract is 转包 or 层层转包,
// forbidden whatever the consent (ENG-H4: O102; GPL-IR Art. 72(四); TBL Art.
// 48): someone other than the contract's supplier subcontracting (a
// subcontractor may not subcontract again), or the whole service passed on —
// this part's amount, or with the subcontracts standing or awaiting consent,
// reaching the contract's total. It returns the reason, or false.
func SubcontractBlock(c goumai.Contract, existing []goumai.Subcontract, in SubcontractInput) (goumai.Msg, bool) {
	if in.ParentOrgID != c.SupplierOrgID {
		return goumai.M("分包单位不得再次分包（层层转包），只有合同的承接主体可以依法分包（ENG-H4）",
			"a subcontractor may not subcontract again: only the contract's supplier may subcontract (ENG-H4)"), true
	}
	sum := in.Amount
	for _, k := range existing {
		if k.Status == goumai.SubcontractApproved || k.Status == goumai.SubcontractProposed {
			sum += k.Amount
		}
	}
	if sum >= c.Total() {
		return goumai.M("不得将合同的全部服务转包给他人：分包合计 "+sum.Yuan()+" 元，达到合同总额 "+c.Total().Yuan()+" 元（转包，ENG-H4）",
			"the whole service may not be passed on: the subcontracts add up to "+sum.Yuan()+" yuan, the contract's total of "+c.Total().Yuan()+
				" yuan (转包, ENG-H4)"), true
	}
	return goumai.Msg{}, false
}
