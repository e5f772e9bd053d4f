package rules

import (
	"testing"
	"time"

	"github.com/goumai/goumai"
)

func validContract() goumai.Contract {
	return goumai.Contract{Title: "困境儿童关爱保护服务合同", Amount: 45_000_000, AwardAmount: 45_000_000, TermMonths: 12, StartOn: "2026-05-01", EndOn: "2027-04-30",
		Terms: goumai.ContractTerms{ServiceContent: "关爱服务", Quantity: "200户", Quality: "按采购文件", Price: "总价包干", Settlement: "按季度支付",
			RightsObligations: "见第三条", BreachLiability: "见第八条", Place: "杭州市西湖区"}}
}

// TestCheckContract: one row per clause of the contract's rules.
func TestCheckContract(t *testing.T) {
	all := &goumai.LongTermGrounds{BudgetAssured: true, StableContent: true, Continuous: true, StableFunding: true, LowPriceVolatility: true}
	four := *all
	four.LowPriceVolatility = false
	for _, c := range []struct {
		name     string
		edit     func(*goumai.Contract)
		field    string // "" : accepted
		rule     string
		complete bool // checked with CheckContractComplete
	}{
		{"valid", func(*goumai.Contract) {}, "", "", true},
		{"amount equal to the award", func(c *goumai.Contract) { c.Amount = c.AwardAmount }, "", "", false},
		{"amount below the award", func(c *goumai.Contract) { c.Amount = c.AwardAmount - 1 }, "", "", false},
		{"amount over the award (GPL Art. 46)", func(c *goumai.Contract) { c.Amount = c.AwardAmount + 1 }, "amount", "ENG-H2", false},
		{"amount zero", func(c *goumai.Contract) { c.Amount = 0 }, "amount", "ENG-H2", false},
		{"amount negative", func(c *goumai.Contract) { c.Amount = -5 }, "amount", "ENG-H2", false},
		{"term 12 months without grounds", func(c *goumai.Contract) { c.TermMonths = 12 }, "", "", false},
		{"term 13 months without grounds (ENG-H1)", func(c *goumai.Contract) { c.TermMonths = 13 }, "term_months", "ENG-H1", false},
		{"term 13 months with four grounds of five (ENG-H1)", func(c *goumai.Contract) { c.TermMonths, c.LongTerm = 13, &four }, "term_months", "ENG-H1", false},
		{"term 36 months with every ground", func(c *goumai.Contract) { c.TermMonths, c.LongTerm = 36, all }, "", "", false},
		{"term 37 months with every ground (ENG-H1)", func(c *goumai.Contract) { c.TermMonths, c.LongTerm = 37, all }, "term_months", "ENG-H1", false},
		{"no term (ENG-H1)", func(c *goumai.Contract) { c.TermMonths = 0 }, "term_months", "ENG-H1", false},
		{"no start date", func(c *goumai.Contract) { c.StartOn = "" }, "start_on", "ENG-H2", false},
		{"a financing guarantee (ENG-H5)", func(c *goumai.Contract) { c.FinancingGuarantee = true }, "financing_guarantee", "ENG-H5", false},
		{"a draft may lack terms", func(c *goumai.Contract) { c.Terms.BreachLiability = "" }, "", "", false},
		{"signing without service content (ENG-H2)", func(c *goumai.Contract) { c.Terms.ServiceContent = " " }, "terms.service_content", "ENG-H2", true},
		{"signing without quantity (ENG-H2)", func(c *goumai.Contract) { c.Terms.Quantity = "" }, "terms.quantity", "ENG-H2", true},
		{"signing without quality (ENG-H2)", func(c *goumai.Contract) { c.Terms.Quality = "" }, "terms.quality", "ENG-H2", true},
		{"signing without price (ENG-H2)", func(c *goumai.Contract) { c.Terms.Price = "" }, "terms.price", "ENG-H2", true},
		{"signing without settlement (ENG-H2)", func(c *goumai.Contract) { c.Terms.Settlement = "" }, "terms.settlement", "ENG-H2", true},
		{"signing without rights and obligations (ENG-H2)", func(c *goumai.Contract) { c.Terms.RightsObligations = "" }, "terms.rights_obligations", "ENG-H2", true},
		{"signing without breach liability (ENG-H2)", func(c *goumai.Contract) { c.Terms.BreachLiability = "" }, "terms.breach_liability", "ENG-H2", true},
		{"signing without place (REQ-C21)", func(c *goumai.Contract) { c.Terms.Place = "" }, "terms.place", "ENG-H2", true},
	} {
		k := validContract()
		c.edit(&k)
		k.Milestones = wholeAmount(k) // the milestones' own rules: TestCheckMilestones
		check := CheckContract
		if c.complete {
			check = CheckContractComplete
		}
		err := check(k)
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		e := goumai.AsError(err)
		if err == nil || e.Code != goumai.EInvalid {
			t.Errorf("%s: %v, want EInvalid on %s", c.name, err, c.field)
			continue
		}
		if _, ok := e.Fields[c.field]; !ok || !containsRule(e, c.rule) {
			t.Errorf("%s: fields %v rule %s, want %s by %s", c.name, e.Fields, e.Rule, c.field, c.rule)
		}
	}
}

func containsRule(e *goumai.Error, rule string) bool {
	if e.Rule == rule {
		return true
	}
	for _, m := range e.Fields {
		if len(m.EN) > len(rule) && m.EN[len(m.EN)-len(rule)-1:len(m.EN)-1] == rule {
			return true
		}
	}
	return false
}

// TestSignWindow: 30 calendar days from the result notice, Beijing time (ENG-D6).
func TestSignWindow(t *testing.T) {
	notice := time.Date(2026, 4, 1, 16, 0, 0, 0, goumai.Shanghai)
	by := ContractSignBy(notice)
	if want := time.Date(2026, 5, 2, 0, 0, 0, 0, goumai.Shanghai); !by.Equal(want) {
		t.Fatalf("sign by %v, want %v", by, want)
	}
	for _, c := range []struct {
		at time.Time
		ok bool
	}{
		{notice, true},
		{time.Date(2026, 5, 1, 23, 59, 0, 0, goumai.Shanghai), true}, // the 30th day
		{time.Date(2026, 5, 2, 0, 0, 0, 0, goumai.Shanghai), false},  // the 31st
		{time.Date(2026, 6, 1, 9, 0, 0, 0, goumai.Shanghai), false},
	} {
		err := CheckSignWindow(c.at, by)
		if (err == nil) != c.ok || err != nil && goumai.AsError(err).Rule != "ENG-D6" {
			t.Errorf("signing at %v: %v, want ok %v", c.at, err, c.ok)
		}
	}
}

// TestContractPeriod: the last day and the budget years the term spans.
func TestContractPeriod(t *testing.T) {
	for _, c := range []struct {
		start  string
		months int
		end    string
		years  []int
	}{
		{"2026-01-01", 12, "2026-12-31", []int{2026}},
		{"2026-05-01", 12, "2027-04-30", []int{2026, 2027}},
		{"2026-05-01", 36, "2029-04-30", []int{2026, 2027, 2028, 2029}},
	} {
		end, years, ok := ContractPeriod(c.start, c.months)
		if !ok || end != c.end || len(years) != len(c.years) || years[0] != c.years[0] || years[len(years)-1] != c.years[len(c.years)-1] {
			t.Errorf("ContractPeriod(%s, %d) = %s %v %v, want %s %v", c.start, c.months, end, years, ok, c.end, c.years)
		}
	}
	if _, _, ok := ContractPeriod("2026-13-01", 12); ok {
		t.Error("a bad date has no period")
	}
}
