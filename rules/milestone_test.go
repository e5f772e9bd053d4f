package rules

import (
	"strings"
	"testing"

	"github.com/goumai/goumai"
)

// wholeAmount is the default schedule: one milestone for the whole amount,
// due on the term's last day.
func wholeAmount(c goumai.Contract) []goumai.Milestone {
	return []goumai.Milestone{{No: 1, Title: "全部服务", DueOn: c.EndOn, Amount: c.Amount}}
}

// TestCheckMilestones: one row per clause of the milestones' rules.
func TestCheckMilestones(t *testing.T) {
	two := func(c *goumai.Contract) {
		c.Milestones = []goumai.Milestone{{No: 1, Title: "第一阶段", Deliverables: "中期报告", DueOn: "2026-10-31", Amount: 20_000_000},
			{No: 2, Title: "第二阶段", Deliverables: "结项报告", DueOn: "2027-04-30", Amount: 25_000_000}}
	}
	for _, c := range []struct {
		name  string
		edit  func(*goumai.Contract)
		field string // "" : accepted
		rule  string
	}{
		{"one milestone for the whole amount", func(c *goumai.Contract) { c.Milestones = wholeAmount(*c) }, "", ""},
		{"two milestones summing to the amount", two, "", ""},
		{"a milestone without payment", func(c *goumai.Contract) {
			two(c)
			c.Milestones[0].Amount, c.Milestones[1].Amount = 0, c.Amount
		}, "", ""},
		{"due on the term's first day", func(c *goumai.Contract) { two(c); c.Milestones[0].DueOn = c.StartOn }, "", ""},
		{"no milestone (ENG-H2)", func(c *goumai.Contract) { c.Milestones = nil }, "milestones", "ENG-H2"},
		{"too many milestones", func(c *goumai.Contract) {
			c.Milestones = nil
			for i := 0; i <= MaxMilestones; i++ {
				c.Milestones = append(c.Milestones, goumai.Milestone{No: i + 1, Title: "节点", DueOn: c.EndOn})
			}
			c.Milestones[0].Amount = c.Amount
		}, "milestones", ""},
		{"amounts below the contract amount (ENG-H7)", func(c *goumai.Contract) { two(c); c.Milestones[1].Amount-- }, "milestones", "ENG-H7"},
		{"amounts above the contract amount (ENG-H7)", func(c *goumai.Contract) { two(c); c.Milestones[1].Amount++ }, "milestones", "ENG-H7"},
		{"a negative amount (ENG-H7)", func(c *goumai.Contract) {
			two(c)
			c.Milestones[0].Amount, c.Milestones[1].Amount = -1, c.Amount+1
		}, "milestones.0.amount", "ENG-H7"},
		{"no title (ENG-H2)", func(c *goumai.Contract) { two(c); c.Milestones[1].Title = " " }, "milestones.1.title", "ENG-H2"},
		{"title too long", func(c *goumai.Contract) { two(c); c.Milestones[0].Title = strings.Repeat("长", MaxProjectTitle+1) }, "milestones.0.title", ""},
		{"deliverables too long", func(c *goumai.Contract) {
			two(c)
			c.Milestones[0].Deliverables = strings.Repeat("长", MaxProjectText+1)
		}, "milestones.0.deliverables", ""},
		{"no due date (ENG-H2)", func(c *goumai.Contract) { two(c); c.Milestones[0].DueOn = "" }, "milestones.0.due_on", "ENG-H2"},
		{"due before the term (ENG-H2)", func(c *goumai.Contract) { two(c); c.Milestones[0].DueOn = "2026-04-30" }, "milestones.0.due_on", "ENG-H2"},
		{"due after the term (ENG-H2)", func(c *goumai.Contract) { two(c); c.Milestones[1].DueOn = "2027-05-01" }, "milestones.1.due_on", "ENG-H2"},
	} {
		k := validContract()
		c.edit(&k)
		err := CheckMilestones(k)
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			if err := CheckContract(k); err != nil {
				t.Errorf("%s: CheckContract: %v", c.name, err)
			}
			continue
		}
		e := goumai.AsError(err)
		if err == nil || e.Code != goumai.EInvalid {
			t.Errorf("%s: %v, want EInvalid on %s", c.name, err, c.field)
			continue
		}
		if _, ok := e.Fields[c.field]; !ok || c.rule != "" && !containsRule(e, c.rule) {
			t.Errorf("%s: fields %v rule %s, want %s by %s", c.name, e.Fields, e.Rule, c.field, c.rule)
		}
		if _, ok := goumai.AsError(CheckContract(k)).Fields[c.field]; !ok {
			t.Errorf("%s: CheckContract does not check the milestones", c.name)
		}
	}
}
