package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
)

var now = time.Date(2026, 3, 2, 9, 0, 0, 0, goumai.Shanghai)

// validProject is a complete application that passes every rule with validFacts.
func validProject() goumai.Project {
	from := time.Date(2026, 2, 1, 0, 0, 0, 0, goumai.Shanghai)
	return goumai.Project{PurchaserOrgID: 7, Region: "330106", Title: "居家养老上门服务", CatalogCode: "A0101", BudgetLineID: 3,
		Amount: 50_000_000, Content: "上门助餐助洁", Quantity: 10000, QuantityUnit: "人次", QualityStandards: "每次不少于1小时",
		Targets: []goumai.PerformanceTarget{{Category: "output", Indicator: "服务人次", Target: "≥10000"}},
		ExAnte:  "项目必要可行，预算测算合理，绩效目标明确。", SupplierConditions: "具有独立承担民事责任的能力",
		EvaluationStandards: "按人次和满意度评价", Method: goumai.MethodConsultation, TermMonths: 12, Beneficiaries: "独居老人",
		ExpectedStart: "2026-04", NegativeAnswers: NoneApply(),
		Consultation: &goumai.Consultation{From: from, To: from.AddDate(0, 0, 10), Method: "网上征求意见", Summary: "采纳3条"}}
}

func validFacts() Facts {
	return Facts{Now: now, Purchaser: goumai.Org{ID: 7, Kind: goumai.KindStateOrgan},
		CatalogItem: goumai.CatalogItem{Code: "A0101", Level: 3, Class: goumai.ClassPublicService}, CatalogLeaf: true, CatalogFound: true,
		BudgetFound: true, Budget: goumai.BudgetLine{ID: 3, OrgID: 7}, Available: 80_000_000}
}

// TestCheckProject changes one thing at a time from a valid application and
// expects exactly the field and rule it breaks, clause by clause.
func TestCheckProject(t *testing.T) {
	if ps := CheckProject(validProject(), validFacts()); len(ps) != 0 {
		t.Fatalf("valid project: got problems %+v", ps)
	}
	cases := []struct {
		name     string
		edit     func(p *goumai.Project, f *Facts)
		field    string
		rule     string
		clauseZH string
	}{
		{"ENG-A1 公益一类 purchaser", func(p *goumai.Project, f *Facts) {
			f.Purchaser = goumai.Org{ID: 7, Kind: goumai.KindInstitution, Class: goumai.ClassPublicI}
		}, goumai.FieldOrg, "ENG-A1", "第八条"},
		{"ENG-A1 enterprise purchaser", func(p *goumai.Project, f *Facts) { f.Purchaser.Kind = goumai.KindEnterprise }, goumai.FieldOrg, "ENG-A1", "第五条"},
		{"ENG-B1 no item", func(p *goumai.Project, f *Facts) { p.CatalogCode = ""; f.CatalogFound = false }, "catalog_code", "ENG-B1", "第十一条"},
		{"ENG-B1 outside catalogue, no filing", func(p *goumai.Project, f *Facts) { f.CatalogFound = false; p.Class = goumai.ClassAuxiliaryService }, "catalog_code", "ENG-B1", "87号"},
		{"ENG-B1 a category, not a leaf", func(p *goumai.Project, f *Facts) { f.CatalogLeaf = false; f.CatalogItem.Level = 2 }, "catalog_code", "ENG-B1", "第十四条"},
		{"ENG-B3 negative list", func(p *goumai.Project, f *Facts) {
			f.CatalogItem.Negative = []goumai.NegativeFlag{goumai.NegStaffHiring}
		}, "catalog_code", "ENG-B3", "第十条"},
		{"ENG-B5 class needed outside catalogue", func(p *goumai.Project, f *Facts) { f.CatalogFound = false; p.FilingRef = "西财备〔2026〕3号" }, "class", "ENG-B5", ""},
		{"ENG-B2 no line", func(p *goumai.Project, f *Facts) { p.BudgetLineID = 0 }, "budget_line_id", "ENG-B2", "第十五条"},
		{"ENG-B2 unknown line", func(p *goumai.Project, f *Facts) { f.BudgetFound = false }, "budget_line_id", "ENG-B2", "第十四条"},
		{"ENG-B2 another organisation's line", func(p *goumai.Project, f *Facts) { f.Budget.OrgID = 8 }, "budget_line_id", "ENG-B2", "第十四条"},
		{"ENG-B2 zero amount", func(p *goumai.Project, f *Facts) { p.Amount = 0 }, "amount", "ENG-B2", "第十四条"},
		{"ENG-B2 above available", func(p *goumai.Project, f *Facts) { p.Amount = 80_000_001 }, "amount", "ENG-B2", "800,000.00"},
		{"ENG-B4 no targets", func(p *goumai.Project, f *Facts) { p.Targets = nil }, "targets", "ENG-B4", "第二十条"},
		{"ENG-B4 no output indicator", func(p *goumai.Project, f *Facts) { p.Targets[0].Category = "benefit" }, "targets", "ENG-B4", "产出"},
		{"ENG-B4 indicator without target", func(p *goumai.Project, f *Facts) { p.Targets[0].Target = "" }, "targets", "ENG-B4", "第二十条"},
		{"ENG-B4 bad category", func(p *goumai.Project, f *Facts) { p.Targets[0].Category = "luck" }, "targets", "ENG-B4", ""},
		{"ENG-B4 no ex-ante", func(p *goumai.Project, f *Facts) { p.ExAnte = "可行" }, "ex_ante", "ENG-B4", "事前绩效评估"},
		{"ENG-B5 supplier conditions", func(p *goumai.Project, f *Facts) { p.SupplierConditions = " " }, "supplier_conditions", "ENG-B5", "111号"},
		{"ENG-B5 evaluation standards", func(p *goumai.Project, f *Facts) { p.EvaluationStandards = "" }, "evaluation_standards", "ENG-B5", "111号"},
		{"ENG-B5 no consultation", func(p *goumai.Project, f *Facts) { p.Consultation = nil }, "consultation", "ENG-B5", "第十五条"},
		{"ENG-B5 consultation not ended", func(p *goumai.Project, f *Facts) { p.Consultation.To = now.AddDate(0, 0, 1) }, "consultation", "ENG-B5", "尚未结束"},
		{"ENG-B5 consultation backwards", func(p *goumai.Project, f *Facts) { p.Consultation.To = p.Consultation.From.AddDate(0, 0, -1) }, "consultation", "ENG-B5", "起止"},
		{"ENG-B5 consultation without summary", func(p *goumai.Project, f *Facts) { p.Consultation.Summary = "" }, "consultation", "ENG-B5", "采纳"},
		{"ENG-H1 no term", func(p *goumai.Project, f *Facts) { p.TermMonths = 0 }, "term_months", "ENG-H1", "第二十四条"},
		{"ENG-H1 24 months without grounds", func(p *goumai.Project, f *Facts) { p.TermMonths = 24 }, "term_months", "ENG-H1", "五项条件"},
		{"ENG-H1 24 months with four grounds", func(p *goumai.Project, f *Facts) {
			p.TermMonths = 24
			p.LongTerm = &goumai.LongTermGrounds{BudgetAssured: true, StableContent: true, Continuous: true, StableFunding: true}
		}, "term_months", "ENG-H1", "价格变化幅度小"},
		{"ENG-H1 over three years", func(p *goumai.Project, f *Facts) {
			p.TermMonths = 37
			p.LongTerm = &goumai.LongTermGrounds{BudgetAssured: true, StableContent: true, Continuous: true, StableFunding: true, LowPriceVolatility: true}
		}, "term_months", "ENG-H1", "3年"},
		{"ENG-C4 price enquiry", func(p *goumai.Project, f *Facts) { p.Method = "inquiry" }, "method", "ENG-C4", "询价"},
		{"title", func(p *goumai.Project, f *Facts) { p.Title = "" }, "title", "", "项目名称"},
		{"title too long", func(p *goumai.Project, f *Facts) { p.Title = strings.Repeat("长", 201) }, "title", "", "最多200"},
		{"content", func(p *goumai.Project, f *Facts) { p.Content = "" }, "content", "", "服务内容"},
		{"quantity", func(p *goumai.Project, f *Facts) { p.Quantity = 0 }, "quantity", "", "服务数量"},
		{"negative quantity", func(p *goumai.Project, f *Facts) { p.Quantity = -1 }, "quantity", "", "整数"},
		{"unit", func(p *goumai.Project, f *Facts) { p.QuantityUnit = "" }, "quantity_unit", "", "数量单位"},
		{"quality", func(p *goumai.Project, f *Facts) { p.QualityStandards = "" }, "quality_standards", "", "质量标准"},
		{"method", func(p *goumai.Project, f *Facts) { p.Method = "" }, "method", "", "采购方式"},
		{"beneficiaries", func(p *goumai.Project, f *Facts) { p.Beneficiaries = "" }, "beneficiaries", "", "服务对象"},
		{"expected start", func(p *goumai.Project, f *Facts) { p.ExpectedStart = "2026-13" }, "expected_start", "", "年-月"},
		{"negative amount", func(p *goumai.Project, f *Facts) { p.Amount = -1 }, "amount", "", "负数"},
		{"amount overflow", func(p *goumai.Project, f *Facts) { p.Amount = goumai.MaxFen + 1 }, "amount", "", "上限"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, f := validProject(), validFacts()
			p.Targets = append([]goumai.PerformanceTarget(nil), p.Targets...)
			cons := *p.Consultation
			p.Consultation = &cons
			c.edit(&p, &f)
			ps := CheckProject(p, f)
			var got *Problem
			for i := range ps {
				if ps[i].Field == c.field {
					got = &ps[i]
				}
			}
			if got == nil {
				t.Fatalf("no problem on %s; got %+v", c.field, ps)
			}
			if got.Rule != c.rule || !strings.Contains(got.Msg.ZH, c.clauseZH) || got.Msg.EN == "" {
				t.Errorf("got %s %q / %q, want rule %q and %q in the message", got.Rule, got.Msg.ZH, got.Msg.EN, c.rule, c.clauseZH)
			}
			err := ps.Err()
			if e := goumai.AsError(err); e.Code != goumai.EInvalid || (c.rule != "" && !strings.Contains(e.Fields[c.field].EN, "["+c.rule+"]")) {
				t.Errorf("error: %v", err)
			}
		})
	}
}

// TestCheckProjectFiling: an item outside the catalogue passes ENG-B1 with a
// finance filing record and a declared class; an auxiliary service needs no consultation.
func TestCheckProjectFiling(t *testing.T) {
	p, f := validProject(), validFacts()
	f.CatalogFound = false
	p.FilingRef, p.Class, p.Consultation = "西财购备〔2026〕3号", goumai.ClassAuxiliaryService, nil
	if ps := CheckProject(p, f); len(ps) != 0 {
		t.Errorf("got %+v", ps)
	}
	p.Class = goumai.ClassPublicService
	if ps := CheckProject(p, f); len(ps) != 1 || ps[0].Field != "consultation" {
		t.Errorf("public service outside the catalogue: got %+v", ps)
	}
}

// TestCheckProjectAllAtOnce: every problem is listed in one error.
func TestCheckProjectAllAtOnce(t *testing.T) {
	ps := CheckProject(goumai.Project{PurchaserOrgID: 7}, Facts{Now: now, Purchaser: goumai.Org{Kind: goumai.KindInstitution, Class: goumai.ClassPublicI}})
	e := goumai.AsError(ps.Err())
	for _, rule := range []string{"ENG-A1", "ENG-B1", "ENG-B2", "ENG-B4", "ENG-B5", "ENG-H1"} {
		if !strings.Contains(e.Message.EN, rule) || !strings.Contains(e.Message.ZH, rule) {
			t.Errorf("message %q lacks %s", e.Message.EN, rule)
		}
	}
	if e.Rule != "ENG-A1" {
		t.Errorf("rule: got %q, want the first, ENG-A1", e.Rule)
	}
	if len(e.Fields) < 14 {
		t.Errorf("got %d fields: %v", len(e.Fields), e.Fields)
	}
}

func TestCheckTerm(t *testing.T) {
	all := &goumai.LongTermGrounds{BudgetAssured: true, StableContent: true, Continuous: true, StableFunding: true, LowPriceVolatility: true}
	for _, c := range []struct {
		months int
		g      *goumai.LongTermGrounds
		ok     bool
	}{{1, nil, true}, {12, nil, true}, {13, nil, false}, {13, all, true}, {36, all, true}, {37, all, false}, {0, all, false}, {-1, nil, false}} {
		if got := CheckTerm(c.months, c.g) == nil; got != c.ok {
			t.Errorf("CheckTerm(%d, %v): got ok %v, want %v", c.months, c.g != nil, got, c.ok)
		}
	}
}

func TestCheckPurchaser(t *testing.T) {
	for _, c := range []struct {
		org goumai.Org
		ok  bool
	}{
		{goumai.Org{Kind: goumai.KindStateOrgan}, true},
		{goumai.Org{Kind: goumai.KindPartyOrgan}, true},
		{goumai.Org{Kind: goumai.KindInstitution, Class: goumai.ClassCivil}, true},
		{goumai.Org{Kind: goumai.KindMassOrg, Staffing: goumai.StaffingAdmin}, true},
		{goumai.Org{Kind: goumai.KindInstitution, Class: goumai.ClassPublicI}, false},
		{goumai.Org{Kind: goumai.KindInstitution, Class: goumai.ClassPublicII}, false},
		{goumai.Org{Kind: goumai.KindMassOrg, Staffing: goumai.StaffingInstFunded}, false},
		{goumai.Org{Kind: goumai.KindSocialOrg}, false},
	} {
		err := CheckPurchaser(c.org)
		if got := err == nil; got != c.ok {
			t.Errorf("%s/%s/%s: got ok %v, want %v", c.org.Kind, c.org.Class, c.org.Staffing, got, c.ok)
		}
		if err != nil && goumai.AsError(err).Rule != "ENG-A1" {
			t.Errorf("rule: %v", err)
		}
	}
}
