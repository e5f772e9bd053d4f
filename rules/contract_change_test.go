package rules

import (
	"strings"
	"testing"

	"github.com/goumai/goumai"
)

// checkRow checks one table row's outcome: accepted when field is "", else
// EInvalid on field naming rule.
func checkRow(t *testing.T, name string, err error, field, rule string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		return
	}
	e := goumai.AsError(err)
	if err == nil || e.Code != goumai.EInvalid {
		t.Errorf("%s: %v, want EInvalid on %s", name, err, field)
		return
	}
	if _, ok := e.Fields[field]; !ok || !containsRule(e, rule) {
		t.Errorf("%s: fields %v rule %s, want %s by %s", name, e.Fields, e.Rule, field, rule)
	}
}

// TestCheckAmendment: one row per clause of ENG-H3 (and ENG-H5 in a
// supplementary contract). The original amount is 45 万元: the cap 4.5 万元.
func TestCheckAmendment(t *testing.T) {
	c := validContract()
	c.AmendedAmount = 1_000_000 // the cap is of the original amount, whatever is signed already
	signed := goumai.ContractAmendment{Amount: 2_000_000, Status: goumai.AmendmentSigned}
	pending := goumai.ContractAmendment{Amount: 1_000_000, Status: goumai.AmendmentSigning}
	withdrawn := goumai.ContractAmendment{Amount: 4_500_000, Status: goumai.AmendmentWithdrawn}
	ok := AmendmentInput{Reasons: "服务对象增加30户", Amount: 1_500_000, Terms: "第二条服务数量由200户增至230户"}
	for _, r := range []struct {
		name   string
		others []goumai.ContractAmendment
		edit   func(*AmendmentInput)
		field  string
		rule   string
	}{
		{"valid", nil, func(*AmendmentInput) {}, "", ""},
		{"exactly 10 % in one", nil, func(in *AmendmentInput) { in.Amount = 4_500_000 }, "", ""},
		{"one fen over 10 % in one (GPL Art. 49)", nil, func(in *AmendmentInput) { in.Amount = 4_500_001 }, "amount", "ENG-H3"},
		{"exactly 10 % with the signed and the pending", []goumai.ContractAmendment{signed, pending}, func(*AmendmentInput) {}, "", ""},
		{"past 10 % with the signed and the pending", []goumai.ContractAmendment{signed, pending}, func(in *AmendmentInput) { in.Amount++ }, "amount", "ENG-H3"},
		{"a withdrawn one does not count", []goumai.ContractAmendment{withdrawn}, func(*AmendmentInput) {}, "", ""},
		{"zero added: a change of terms only", nil, func(in *AmendmentInput) { in.Amount = 0 }, "", ""},
		{"a negative amount", nil, func(in *AmendmentInput) { in.Amount = -1 }, "amount", "ENG-H3"},
		{"no reasons", nil, func(in *AmendmentInput) { in.Reasons = "  " }, "reasons", "ENG-H3"},
		{"reasons too long", nil, func(in *AmendmentInput) { in.Reasons = strings.Repeat("理", MaxProjectText+1) }, "reasons", ""},
		{"no changed terms", nil, func(in *AmendmentInput) { in.Terms = "" }, "terms", "ENG-H3"},
		{"a financing guarantee (ENG-H5)", nil, func(in *AmendmentInput) { in.FinancingGuarantee = true }, "financing_guarantee", "ENG-H5"},
	} {
		in := ok
		r.edit(&in)
		checkRow(t, r.name, CheckAmendment(c, r.others, in), r.field, r.rule)
	}
}

// TestCheckTermination: one row per clause of GPL Art. 50 as the engine applies it.
func TestCheckTermination(t *testing.T) {
	for _, r := range []struct {
		name    string
		ground  goumai.TerminationGround
		reasons string
		field   string
	}{
		{"by agreement", goumai.GroundAgreement, "双方协商一致", ""},
		{"serious breach", goumai.GroundBreach, "乙方连续三个月未提供服务", ""},
		{"the public interest", goumai.GroundPublicInterest, "继续履行将损害社会公共利益", ""},
		{"force majeure", goumai.GroundForceMajeure, "地震", ""},
		{"one party's will (no ground)", "unilateral", "我方不想继续", "ground"},
		{"no ground at all", "", "理由", "ground"},
		{"no reasons", goumai.GroundAgreement, " ", "reasons"},
	} {
		checkRow(t, r.name, CheckTermination(r.ground, r.reasons), r.field, RuleTermination)
	}
}

// TestSubcontract: one row per clause of ENG-H4, the input rules
// (CheckSubcontract) and the forbidden forms (SubcontractBlock).
func TestSubcontract(t *testing.T) {
	c := validContract()
	c.SupplierOrgID, c.Amount, c.AmendedAmount = 10, 40_000_000, 4_000_000 // total 44 万元
	ok := SubcontractInput{ParentOrgID: 10, SubcontractorOrgID: 20, Part: "心理咨询（非主体）", Amount: 5_000_000, NonCore: true}
	standing := goumai.Subcontract{Amount: 30_000_000, Status: goumai.SubcontractApproved}
	refused := goumai.Subcontract{Amount: 40_000_000, Status: goumai.SubcontractRefused}
	for _, r := range []struct {
		name     string
		existing []goumai.Subcontract
		edit     func(*SubcontractInput)
		field    string // CheckSubcontract's field, or "" when it passes
		blocked  bool   // SubcontractBlock
	}{
		{"a non-core part", nil, func(*SubcontractInput) {}, "", false},
		{"no part", nil, func(in *SubcontractInput) { in.Part = "" }, "part", false},
		{"a negative amount", nil, func(in *SubcontractInput) { in.Amount = -1 }, "amount", false},
		{"a core part, or not stated non-core (GPL Art. 48)", nil, func(in *SubcontractInput) { in.NonCore = false }, "non_core", false},
		{"to the supplier itself", nil, func(in *SubcontractInput) { in.SubcontractorOrgID = 10 }, "subcontractor_org_id", false},
		{"to no one", nil, func(in *SubcontractInput) { in.SubcontractorOrgID = 0 }, "subcontractor_org_id", false},
		{"a subcontractor subcontracting again (层层转包)", nil, func(in *SubcontractInput) { in.ParentOrgID, in.SubcontractorOrgID = 20, 30 }, "", true},
		{"the whole service in one (转包)", nil, func(in *SubcontractInput) { in.Amount = c.Total() }, "", true},
		{"just under the whole service", nil, func(in *SubcontractInput) { in.Amount = c.Total() - 1 }, "", false},
		{"the whole service in pieces (转包)", []goumai.Subcontract{standing}, func(in *SubcontractInput) { in.Amount = c.Total() - standing.Amount }, "", true},
		{"a refused one does not count", []goumai.Subcontract{refused}, func(in *SubcontractInput) { in.Amount = c.Total() - refused.Amount }, "", false},
	} {
		in := ok
		r.edit(&in)
		checkRow(t, r.name, CheckSubcontract(c, in), r.field, "ENG-H4")
		why, blocked := SubcontractBlock(c, r.existing, in)
		if blocked != r.blocked || blocked && !strings.Contains(why.EN, "ENG-H4") {
			t.Errorf("%s: blocked %v (%s), want %v naming ENG-H4", r.name, blocked, why.EN, r.blocked)
		}
	}
}
