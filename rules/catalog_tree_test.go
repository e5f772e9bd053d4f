package rules

import (
	"strings"
	"testing"

	"github.com/goumai/goumai"
)

func it(code, parent string, level int, itemCode string, neg ...goumai.NegativeFlag) goumai.CatalogItem {
	return goumai.CatalogItem{Code: code, Parent: parent, Level: level, Name: "事项" + code, Class: goumai.ClassPublicService, ItemCode: itemCode, Negative: neg}
}

// base is a sound three-level tree.
func base() []goumai.CatalogItem {
	return []goumai.CatalogItem{it("A", "", 1, ""), it("A01", "A", 2, ""), it("A0101", "A01", 3, "C0901"), it("A0102", "A01", 3, "C0902")}
}

func problemCodes(ps []CatalogProblem) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Code)
	}
	return strings.Join(s, ",")
}

func TestCheckCatalogTree(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func([]goumai.CatalogItem) []goumai.CatalogItem
		want string // codes with problems
		text string // part of the first message
	}{
		{"sound tree", func(x []goumai.CatalogItem) []goumai.CatalogItem { return x }, "", ""},
		{"empty", func([]goumai.CatalogItem) []goumai.CatalogItem { return nil }, "", "没有任何事项"},
		{"duplicate code", func(x []goumai.CatalogItem) []goumai.CatalogItem { return append(x, it("A0101", "A01", 3, "C0901")) }, "A0101", "重复"},
		{"missing parent", func(x []goumai.CatalogItem) []goumai.CatalogItem { return append(x, it("B0101", "B01", 3, "C0901")) }, "B0101", "不存在"},
		{"level not parent's plus one", func(x []goumai.CatalogItem) []goumai.CatalogItem { x[2].Level = 4; return x }, "A0101", "加一"},
		{"level 1 with no parent must be level 1", func(x []goumai.CatalogItem) []goumai.CatalogItem { return append(x, it("B", "", 2, "")) }, "B,B", "第一级"},
		{"level 5", func(x []goumai.CatalogItem) []goumai.CatalogItem {
			return append(x, it("A010101", "A0101", 4, ""), it("A01010101", "A010101", 5, "C0901"))
		}, "A01010101", "1至4"},
		{"class differs from parent", func(x []goumai.CatalogItem) []goumai.CatalogItem { x[3].Class = goumai.ClassAuxiliaryService; return x }, "A0102", "分类"},
		{"leaf at level 2", func(x []goumai.CatalogItem) []goumai.CatalogItem { return append(x, it("A02", "A", 2, "C0901")) }, "A02", "第三级或第四级"},
		{"leaf without item code", func(x []goumai.CatalogItem) []goumai.CatalogItem { x[2].ItemCode = ""; return x }, "A0101", "品目编码"},
		{"purchasable leaf with a goods code", func(x []goumai.CatalogItem) []goumai.CatalogItem { x[2].ItemCode = "A0201"; return x }, "A0101", "服务类"},
		{"negative leaf may carry a works code", func(x []goumai.CatalogItem) []goumai.CatalogItem {
			return append(x, it("A0199", "A01", 3, "B0100", goumai.NegInfrastructure))
		}, "", ""},
		{"level-4 leaves under a level-3 item", func(x []goumai.CatalogItem) []goumai.CatalogItem {
			x[2].ItemCode = ""
			return append(x, it("A010101", "A0101", 4, "C0901"))
		}, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps := CheckCatalogTree(c.edit(base()))
			if got := problemCodes(ps); got != c.want {
				t.Errorf("problems at %q, want %q (%v)", got, c.want, ps)
			}
			if c.text != "" && (len(ps) == 0 || !strings.Contains(ps[0].Message.ZH, c.text)) {
				t.Errorf("first message %v, want it to mention %q", ps, c.text)
			}
			for _, p := range ps {
				if p.Message.EN == "" {
					t.Errorf("%s: no English message", p.Code)
				}
			}
		})
	}
}

func TestCheckDepartmentCatalog(t *testing.T) {
	for _, c := range []struct {
		name string
		dept func() []goumai.CatalogItem
		want string
		text string
	}{
		{"the whole tier", base, "", ""},
		{"narrowed: one leaf left out", func() []goumai.CatalogItem { return base()[:3] }, "", ""},
		{"extended: level 4 under a tier leaf", func() []goumai.CatalogItem {
			return append(base(), it("A010101", "A0101", 4, "C0901"))
		}, "", ""},
		{"a tier item renamed", func() []goumai.CatalogItem { x := base(); x[2].Name = "改名"; return x }, "A0101", "第十二条"},
		{"a tier item flagged", func() []goumai.CatalogItem {
			x := base()
			x[3].Negative = []goumai.NegativeFlag{goumai.NegFinancing}
			return x
		}, "A0102", "不能修改"},
		{"a new level-3 item", func() []goumai.CatalogItem { return append(base(), it("A0103", "A01", 3, "C0901")) }, "A0103", "第四级"},
		{"a level-4 item under a category", func() []goumai.CatalogItem { return append(base(), it("A0199", "A01", 3, "C0901")) }, "A0199", "第四级"},
		{"a level-4 item whose parent is missing", func() []goumai.CatalogItem {
			x := append(base()[:2], it("A010101", "A0101", 4, "C0901"))
			return x
		}, "A01,A010101", "末级事项"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps := CheckDepartmentCatalog(base(), c.dept())
			if got := problemCodes(ps); got != c.want {
				t.Errorf("problems at %q, want %q (%v)", got, c.want, ps)
			}
			if c.text != "" && (len(ps) == 0 || !strings.Contains(ps[0].Message.ZH, c.text)) {
				t.Errorf("first message %v, want it to mention %q", ps, c.text)
			}
		})
	}
}

func TestDiffCatalog(t *testing.T) {
	from := base()
	to := base()
	to[2].Name = "改名"
	to[3].Parent, to[3].Negative = "A", []goumai.NegativeFlag{goumai.NegFinancing}
	to = append(to[:1], to[2:]...) // A01 removed … and re-added below with a new code order
	to = append(to, it("A0103", "A01", 3, "C0903"), it("B", "", 1, ""))
	d := goumai.DiffCatalog(from, sortedByCode(to))
	var got []string
	for _, x := range d.Added {
		got = append(got, "+"+x.Code)
	}
	for _, x := range d.Removed {
		got = append(got, "-"+x.Code)
	}
	for _, x := range d.Changed {
		got = append(got, "~"+x.Code+":"+strings.Join(x.Fields, "+"))
	}
	if want := "+A0103,+B,-A01,~A0101:name,~A0102:parent+negative"; strings.Join(got, ",") != want {
		t.Errorf("diff = %s, want %s", strings.Join(got, ","), want)
	}
	if d := goumai.DiffCatalog(from, from); len(d.Added)+len(d.Removed)+len(d.Changed) != 0 {
		t.Errorf("a version differs from itself: %+v", d)
	}
}

func sortedByCode(x []goumai.CatalogItem) []goumai.CatalogItem {
	for i := 1; i < len(x); i++ {
		for j := i; j > 0 && x[j].Code < x[j-1].Code; j-- {
			x[j], x[j-1] = x[j-1], x[j]
		}
	}
	return x
}
