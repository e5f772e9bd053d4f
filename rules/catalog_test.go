package rules

import (
	"strings"
	"testing"

	"github.com/goumai/goumai"
)

func TestCheckCatalog(t *testing.T) {
	leaf := goumai.CatalogItem{Code: "A0101", Parent: "A01", Level: 3, Name: "最低生活保障对象服务", Class: goumai.ClassPublicService, ItemCode: "C0901"}
	level4 := leaf
	level4.Code, level4.Parent, level4.Level = "A010101", "A0101", 4
	category := goumai.CatalogItem{Code: "A01", Parent: "A", Level: 2, Name: "社会救助", Class: goumai.ClassPublicService}
	shallowLeaf := category // a level-2 item without children is still no purchasable leaf
	negative := leaf
	negative.Negative = []goumai.NegativeFlag{goumai.NegGoodsOrWorks}
	infra := leaf
	infra.Negative = []goumai.NegativeFlag{goumai.NegInfrastructure, goumai.NegFinancing}

	for _, c := range []struct {
		name      string
		item      goumai.CatalogItem
		leaf      bool
		found     bool
		filing    string
		wantRule  string
		wantField string
		wantText  string // a clause the message must cite
	}{
		{"B1: level-3 leaf in the catalogue passes", leaf, true, true, "", "", "", ""},
		{"B1: department level-4 leaf passes", level4, true, true, "", "", "", ""},
		{"B1: a category is refused", category, false, true, "", "ENG-B1", "catalog_code", "第十一条"},
		{"B1: a category with a filing is still refused", category, false, true, "浙财备〔2026〕1号", "ENG-B1", "catalog_code", "第十四条"},
		{"B1: a level-2 item without children is refused", shallowLeaf, true, true, "", "ENG-B1", "catalog_code", "末级"},
		{"B1: outside the catalogue without filing is refused (CY87 二)", goumai.CatalogItem{}, false, false, "", "ENG-B1", "catalog_code", "财预〔2017〕87号 二"},
		{"B1: outside the catalogue with a blank filing is refused", goumai.CatalogItem{}, false, false, "   ", "ENG-B1", "catalog_code", "审核备案"},
		{"B1: outside the catalogue with a filing passes", goumai.CatalogItem{}, false, false, "浙财备〔2026〕1号", "", "", ""},
		{"B1: an overlong filing reference is refused", goumai.CatalogItem{}, false, false, strings.Repeat("备", MaxFilingRef+1), "ENG-B1", "filing_ref", "100"},
		{"B3: a negative-list leaf is refused (O102 Art. 10)", negative, true, true, "", "ENG-B3", "catalog_code", "第十条"},
		{"B3: a negative-list leaf is refused even with a filing", negative, true, true, "浙财备〔2026〕1号", "ENG-B3", "catalog_code", "货物和工程"},
		{"B3: infrastructure cites CY87 二", infra, true, true, "", "ENG-B3", "catalog_code", "财预〔2017〕87号 二"},
		{"B3: every ground is named", infra, true, true, "", "ENG-B3", "catalog_code", "融资行为"},
		{"B3 before B1: a negative category is refused as negative", func() goumai.CatalogItem { c := category; c.Negative = negative.Negative; return c }(), false, true, "", "ENG-B3", "catalog_code", "负面清单"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := CheckCatalog(c.item, c.leaf, c.found, c.filing)
			if c.wantRule == "" {
				if err != nil {
					t.Fatalf("CheckCatalog = %v, want nil", err)
				}
				return
			}
			e, ok := err.(*goumai.Error)
			if !ok {
				t.Fatalf("CheckCatalog = %v, want *goumai.Error", err)
			}
			if e.Code != goumai.EInvalid || e.Rule != c.wantRule {
				t.Errorf("code, rule = %s, %s; want invalid, %s", e.Code, e.Rule, c.wantRule)
			}
			if _, ok := e.Fields[c.wantField]; !ok {
				t.Errorf("fields = %v, want %s", e.Fields, c.wantField)
			}
			if !strings.Contains(e.Message.ZH, c.wantText) {
				t.Errorf("message %q does not cite %q", e.Message.ZH, c.wantText)
			}
			if e.Message.EN == "" || strings.ContainsFunc(e.Message.EN, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
				t.Errorf("English message %q missing or not English", e.Message.EN)
			}
		})
	}
}
