package rules

import "github.com/goumai/goumai"

// Enough is whether a lot goes on with the suppliers it has left, and under
// which rule (ENG-E2, ENG-E3).
type Enough struct {
	Go        bool   // the lot goes on
	WithTwo   bool   // it goes on with two, as the rule allows (ENG-E3)
	Rule      string // the rule applied
	Reason    goumai.Msg
	Negotiate bool // failed with exactly two: an approved 竞争性谈判 with them may follow (ENG-E2, O74 Art. 27 ¶2)
}

// EnoughSuppliers says whether a lot of a procedure with method m goes on
// with n suppliers left (bids opened, or bids that passed review): a tender
// needs three, or fails (废标) — with exactly two an approved 竞争性谈判 with
// them may follow (ENG-E2); 竞争性磋商 needs three, but a purchase of
// services goes on with two and one fails (ENG-E3); 竞争性谈判 needs three
// (ENG-E1), or two after a failed tender (O74 Art. 27 ¶2); single source
// needs its one supplier.
func EnoughSuppliers(m goumai.ProcurementMethod, reason goumai.MethodReason, ofService bool, n int) Enough {
	switch m {
	case goumai.MethodSingleSource:
		if n >= 1 {
			return Enough{Go: true, Rule: "ENG-C5"}
		}
		return Enough{Rule: "ENG-C5", Reason: goumai.M("唯一供应商未作出响应", "the sole supplier did not respond")}
	case goumai.MethodConsultation:
		switch {
		case n >= 3:
			return Enough{Go: true, Rule: "ENG-E3"}
		case n == 2 && ofService:
			return Enough{Go: true, WithTwo: true, Rule: "ENG-E3", Reason: goumai.M(
				"政府购买服务项目，符合要求的供应商只有2家，竞争性磋商采购活动可以继续进行（财库〔2015〕124号，ENG-E3）",
				"a purchase of services with two qualifying suppliers: the consultation goes on (Cai Ku [2015] 124, ENG-E3)")}
		}
		return Enough{Rule: "ENG-E3", Reason: goumai.M(
			"符合要求的供应商不足（政府购买服务项目至少2家，其他至少3家），终止竞争性磋商（ENG-E3）",
			"too few qualifying suppliers (two for a purchase of services, three otherwise): the consultation ends (ENG-E3)")}
	case goumai.MethodCompetitiveNeg:
		if n >= 3 || n == 2 && reason == goumai.ReasonFailedTender {
			return Enough{Go: true, WithTwo: n == 2, Rule: "ENG-E1"}
		}
		return Enough{Rule: "ENG-E1", Reason: goumai.M(
			"参加谈判的供应商不足3家（招标失败后转入的谈判不足2家），谈判不能继续（ENG-E1）",
			"fewer than three suppliers in the negotiation (two after a failed tender): it cannot go on (ENG-E1)")}
	}
	if n >= 3 {
		return Enough{Go: true, Rule: "ENG-E2"}
	}
	return Enough{Rule: "ENG-E2", Negotiate: n == 2, Reason: goumai.M(
		"投标人或通过资格性、符合性审查的投标人不足3家，予以废标（政府采购法第三十六条，ENG-E2）",
		"fewer than three bidders, or fewer than three passing review: the tender fails (GPL Art. 36, ENG-E2)")}
}
