package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/goumai/goumai"
)

// Qualification of the recommended supplier (资质审核; goumai.QualificationReview):
// ENG-A2 the kind of organisation, ENG-A3 the evidence on file and the
// documents' conditions against it, ENG-A3 no major violation in the three
// years before the bid, ENG-A4 the credit lists and ENG-A5 bans read fresh at
// the review, and ENG-A8 an individual's justification and attestation.

// QualFacts is what a review judges, read by the caller at one time.
type QualFacts struct {
	Supplier      SupplierFacts          // read at the review: evidence, lists and hits as they are now
	Now           time.Time              // the review
	BidAt         time.Time              // the bid (the deadline): the end of ENG-A3's three years
	Conditions    []goumai.Qualification // the documents' qualification conditions
	Reviews       []goumai.ConditionReview
	Justification string // ENG-A8
	Attested      bool   // ENG-A8
}

// Qualify applies every check of a review and returns them in order, the
// result (qualified only when every check passes) and the first failing rule.
func Qualify(f QualFacts) ([]goumai.QualCheck, goumai.QualificationResult, string) {
	now, _ := JudgeSupplier(f.Supplier, f.Now)
	atBid, _ := JudgeSupplier(f.Supplier, f.BidAt)
	violation := func(h goumai.CheckFinding) bool {
		return h.ListID != 0 && listKind(f.Supplier.Lists, h.ListID) == goumai.ListViolation
	}
	pick := func(from []goumai.CheckFinding, keep func(goumai.CheckFinding) bool) []goumai.CheckFinding {
		var out []goumai.CheckFinding
		for _, h := range from {
			if keep(h) {
				out = append(out, h)
			}
		}
		return out
	}
	rule := func(r string) func(goumai.CheckFinding) bool {
		return func(h goumai.CheckFinding) bool { return h.Rule == r && !violation(h) }
	}
	check := func(item, r string, label goumai.Msg, reasons []goumai.CheckFinding) goumai.QualCheck {
		if reasons == nil {
			reasons = []goumai.CheckFinding{}
		}
		return goumai.QualCheck{Item: item, Rule: r, Label: label, Passed: len(reasons) == 0, Reasons: reasons}
	}
	checks := []goumai.QualCheck{
		check(goumai.QualItemKind, "ENG-A2", goumai.M("承接主体类型", "Kind of organisation"), pick(now, rule("ENG-A2"))),
		check(goumai.QualItemEvidence, "ENG-A3", goumai.M("资格证明材料（政府采购法实施条例第十七条）", "Proofs on file (GPL-IR Art. 17)"), pick(now, rule("ENG-A3"))),
		check(goumai.QualItemViolation, "ENG-A3", goumai.M("投标前三年内无重大违法记录", "No major violation in the three years before the bid"), pick(atBid, violation)),
		check(goumai.QualItemCredit, "ENG-A4", goumai.M("信用记录查询（审核时）", "Credit lists (at the review)"), pick(now, rule("ENG-A4"))),
		check(goumai.QualItemBan, "ENG-A5", goumai.M("禁止参加政府采购活动处罚（审核时）", "Procurement bans (at the review)"), pick(now, rule("ENG-A5"))),
		check(goumai.QualItemConditions, "ENG-A3", goumai.M("采购文件规定的资格条件", "The documents' qualification conditions"), conditionFindings(f)),
	}
	if f.Supplier.Org.Kind == goumai.KindIndividual {
		checks = append(checks, check(goumai.QualItemIndividual, "ENG-A8", goumai.M("向个人购买服务的理由及不变相用工承诺", "Justification and no-disguised-employment attestation"), individualFindings(f)))
	}
	for _, c := range checks {
		if !c.Passed {
			return checks, goumai.NotQualified, c.Rule
		}
	}
	return checks, goumai.Qualified, ""
}

// conditionFindings judges each condition of the documents: the reviewer
// found it met, relying on at least one of the supplier's current evidence
// items in force at the review.
func conditionFindings(f QualFacts) []goumai.CheckFinding {
	var out []goumai.CheckFinding
	fail := func(zh, en string) {
		out = append(out, goumai.CheckFinding{Rule: "ENG-A3", Detail: goumai.M(zh, en)})
	}
	for i, c := range f.Conditions {
		if i >= len(f.Reviews) || f.Reviews[i].Name != c.Name {
			fail("资格条件未审核："+c.Name, "condition not reviewed: "+c.Name)
			continue
		}
		r := f.Reviews[i]
		if !r.Met {
			fail("不满足资格条件："+c.Name, "condition not met: "+c.Name)
			continue
		}
		if len(r.Evidence) == 0 {
			fail("资格条件“"+c.Name+"”未引用供应商的证明材料", "condition “"+c.Name+"” cites none of the supplier's proofs")
		}
		for _, id := range r.Evidence {
			j := slices.IndexFunc(f.Supplier.Evidence, func(e goumai.Evidence) bool { return e.ID == id })
			switch {
			case j < 0 || !f.Supplier.Evidence[j].Current():
				fail(fmt.Sprintf("资格条件“%s”引用的证明材料 %d 不是该供应商现行有效的材料", c.Name, id),
					fmt.Sprintf("condition “%s” cites proof %d, which is not a current proof of the supplier", c.Name, id))
			case !f.Supplier.Evidence[j].ValidAt(f.Now):
				fail(fmt.Sprintf("资格条件“%s”引用的证明材料“%s”不在有效期内", c.Name, f.Supplier.Evidence[j].Title),
					fmt.Sprintf("condition “%s” cites proof “%s”, which is not in force", c.Name, f.Supplier.Evidence[j].Title))
			}
		}
	}
	if len(f.Reviews) > len(f.Conditions) {
		fail("审核的资格条件多于采购文件的规定", "more conditions reviewed than the documents set")
	}
	return out
}

// individualFindings applies ENG-A8 (O102 Art. 18) to an individual supplier.
func individualFindings(f QualFacts) []goumai.CheckFinding {
	var out []goumai.CheckFinding
	if strings.TrimSpace(f.Justification) == "" {
		out = append(out, goumai.CheckFinding{Rule: "ENG-A8", Detail: goumai.M(
			"向个人购买服务，应当写明确实适宜由个人承接的理由（政府购买服务管理办法第十八条）",
			"a purchase from an individual needs the recorded reason why an individual suits it (O102 Art. 18)")})
	}
	if !f.Attested {
		out = append(out, goumai.CheckFinding{Rule: "ENG-A8", Detail: goumai.M(
			"向个人购买服务，应当承诺不以政府购买服务名义变相用工（政府购买服务管理办法第十八条）",
			"a purchase from an individual needs the attestation that it is not disguised employment (O102 Art. 18)")})
	}
	return out
}
