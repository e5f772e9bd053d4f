package goumai_test

import (
	"testing"

	"github.com/goumai/goumai"
)

// TestContractTransitions: one row per (state, action): what is allowed and
// where it leads. A change voids a signature already made (back to draft);
// the first signature leads to signing, the second to signed (in force).
func TestContractTransitions(t *testing.T) {
	type row struct {
		from goumai.ContractStatus
		act  goumai.ContractAction
		last bool
		to   goumai.ContractStatus
		ok   bool
	}
	rows := []row{
		{goumai.ContractDraft, goumai.ContractUpdate, false, goumai.ContractDraft, true},
		{goumai.ContractDraft, goumai.ContractSign, false, goumai.ContractSigning, true},
		{goumai.ContractDraft, goumai.ContractSign, true, goumai.ContractDraft, false}, // no second signature without a first
		{goumai.ContractDraft, goumai.ContractTerminate, false, goumai.ContractDraft, false},
		{goumai.ContractSigning, goumai.ContractUpdate, false, goumai.ContractDraft, true}, // voids the first signature
		{goumai.ContractSigning, goumai.ContractSign, true, goumai.ContractSigned, true},
		{goumai.ContractSigning, goumai.ContractSign, false, goumai.ContractSigning, false},
		{goumai.ContractSigning, goumai.ContractTerminate, false, goumai.ContractSigning, false},
		{goumai.ContractSigned, goumai.ContractUpdate, false, goumai.ContractSigned, false}, // changes are supplementary contracts (ENG-H3)
		{goumai.ContractSigned, goumai.ContractSign, true, goumai.ContractSigned, false},
		{goumai.ContractSigned, goumai.ContractTerminate, false, goumai.ContractTerminated, true},
		{goumai.ContractTerminated, goumai.ContractUpdate, false, goumai.ContractTerminated, false},
		{goumai.ContractTerminated, goumai.ContractSign, true, goumai.ContractTerminated, false},
		{goumai.ContractTerminated, goumai.ContractTerminate, false, goumai.ContractTerminated, false},
	}
	for _, r := range rows {
		to, ok := goumai.ContractTransition(r.from, r.act, r.last)
		if ok != r.ok || to != r.to {
			t.Errorf("%s --%s(last=%v)--> %s %v, want %s %v", r.from, r.act, r.last, to, ok, r.to, r.ok)
		}
	}
	// Every state appears with every action.
	for _, st := range goumai.ContractStatuses {
		for _, act := range []goumai.ContractAction{goumai.ContractUpdate, goumai.ContractSign, goumai.ContractTerminate} {
			found := false
			for _, r := range rows {
				found = found || r.from == st && r.act == act
			}
			if !found {
				t.Errorf("no row for (%s, %s)", st, act)
			}
		}
	}
}

// TestContractHash: the hash covers every agreed field and the revision, not
// the row's version or the signatures; it is domain-separated.
func TestContractHash(t *testing.T) {
	c := goumai.Contract{ID: 1, Revision: 1, Number: "HT-1", Amount: 100, TermMonths: 12, StartOn: "2026-05-01",
		Terms: goumai.ContractTerms{ServiceContent: "x"}}
	h := c.ComputeHash()
	same := c
	same.Version, same.Signatures, same.Status = 9, []goumai.ContractSignature{{Party: goumai.PartySupplier}}, goumai.ContractSigning
	if same.ComputeHash() != h {
		t.Error("the row's version, status and signatures are not part of the hash")
	}
	for name, edit := range map[string]func(*goumai.Contract){
		"amount":      func(c *goumai.Contract) { c.Amount++ },
		"revision":    func(c *goumai.Contract) { c.Revision++ },
		"id":          func(c *goumai.Contract) { c.ID++ },
		"term":        func(c *goumai.Contract) { c.TermMonths++ },
		"start":       func(c *goumai.Contract) { c.StartOn = "2026-05-02" },
		"terms":       func(c *goumai.Contract) { c.Terms.ServiceContent += "y" },
		"place":       func(c *goumai.Contract) { c.Terms.Place = "z" },
		"guarantee":   func(c *goumai.Contract) { c.FinancingGuarantee = true },
		"long term":   func(c *goumai.Contract) { c.LongTerm = &goumai.LongTermGrounds{} },
		"budget year": func(c *goumai.Contract) { c.BudgetYears = []int{2026} },
		"supplier":    func(c *goumai.Contract) { c.SupplierOrgID = 7 },
	} {
		k := c
		edit(&k)
		if k.ComputeHash() == h {
			t.Errorf("changing the %s leaves the hash unchanged", name)
		}
	}
	if string(c.Canonical()[:len(goumai.ContractHashDomain)]) != goumai.ContractHashDomain {
		t.Error("the canonical form starts with its domain")
	}
}

// TestRedactPersonal: ID, mobile and account numbers go (REQ-C23); amounts,
// dates and ordinary numbers stay.
func TestRedactPersonal(t *testing.T) {
	for in, want := range map[string]string{
		"手机13812345678":             "手机[已隐去]",
		"手机 138-1234-5678 联系":       "手机 [已隐去] 联系",
		"身份证33010619800101123X":     "身份证[已隐去]",
		"身份证330106198001011234号":    "身份证[已隐去]号",
		"账号6222021234567890123":     "账号[已隐去]",
		"合同金额45000000分，2026-05-01起": "合同金额45000000分，2026-05-01起",
		"电话0571-87654321":           "电话0571-87654321", // an office line is not personal
	} {
		if got := goumai.RedactPersonal(in); got != want {
			t.Errorf("RedactPersonal(%q) = %q, want %q", in, got, want)
		}
	}
}
