package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/goumai/goumai"
)

// CatalogProblem is one defect of a catalogue version, tied to an item code.
type CatalogProblem struct {
	Code    string     `json:"code"`
	Message goumai.Msg `json:"message"`
}

// CheckCatalogTree checks a whole version before it is submitted or published
// (RULES.md §5; 财综〔2020〕57号: three levels, a fourth allowed; REQ-C11):
// codes unique and well formed; every parent present; level 1 has no parent and
// each child sits one level below its parent, never below level 4; a child has
// its parent's class (O102 Art. 9); every leaf is at level 3 or 4 and carries a
// 政府采购品目 code, a services (C) code unless it is on the negative list.
// It returns the problems in code order; none means the tree is sound.
func CheckCatalogTree(items []goumai.CatalogItem) []CatalogProblem {
	var out []CatalogProblem
	add := func(code, zh, en string, args ...any) {
		out = append(out, CatalogProblem{Code: code, Message: goumai.M(fmt.Sprintf(zh, args...), fmt.Sprintf(en, args...))})
	}
	byCode := make(map[string]goumai.CatalogItem, len(items))
	children := map[string]int{}
	for _, it := range items {
		if _, dup := byCode[it.Code]; dup {
			add(it.Code, "编码 %s 重复", "code %s appears twice", it.Code)
		}
		byCode[it.Code] = it
		children[it.Parent]++
	}
	if len(items) == 0 {
		add("", "目录没有任何事项", "the catalogue has no items")
	}
	for _, it := range items {
		if !goumai.ValidCatalogCode(it.Code) {
			add(it.Code, "编码 %s 格式不正确", "code %s is malformed", it.Code)
		}
		switch p, ok := byCode[it.Parent]; {
		case it.Parent == "" && it.Level != 1:
			add(it.Code, "%s 没有上级，应为第一级", "%s has no parent, so it must be at level 1", it.Code)
		case it.Parent != "" && !ok:
			add(it.Code, "%s 的上级 %s 不存在", "the parent %[2]s of %[1]s does not exist", it.Code, it.Parent)
		case it.Parent != "" && it.Level != p.Level+1:
			add(it.Code, "%s 的层级应为上级层级加一", "%s must be one level below its parent", it.Code)
		case it.Parent != "" && it.Class != p.Class:
			add(it.Code, "%s 的分类须与上级一致", "%s must have its parent's class", it.Code)
		}
		if it.Level < 1 || it.Level > goumai.MaxCatalogLevel {
			add(it.Code, "%s 的层级须在1至4之间", "%s must be at level 1 to 4", it.Code)
		}
		if children[it.Code] > 0 {
			continue
		}
		switch {
		case it.Level < 3:
			add(it.Code, "%s 是末级事项，须位于第三级或第四级", "%s is a leaf: leaves must be at level 3 or 4", it.Code)
		case it.ItemCode == "":
			add(it.Code, "末级事项 %s 须填写政府采购品目编码", "leaf %s needs its procurement item code", it.Code)
		case len(it.Negative) == 0 && !strings.HasPrefix(it.ItemCode, "C"):
			add(it.Code, "末级事项 %s 须对应服务类（C）品目编码；货物、工程只能列入负面清单", "leaf %s needs a services (C) item code; goods and works belong only on the negative list", it.Code)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// CheckDepartmentCatalog checks a department's catalogue against its tier's
// version in force (O102 Art. 12: 各部门在本级指导性目录范围内编制本部门目录;
// 财综〔2020〕57号: 可根据实际需要酌情增加第四级目录). A department may only select
// items of its tier — unchanged — and add level-4 children under the tier's
// leaves; nothing else. Both slices are in any order.
func CheckDepartmentCatalog(tier, dept []goumai.CatalogItem) []CatalogProblem {
	var out []CatalogProblem
	add := func(code, zh, en string) {
		out = append(out, CatalogProblem{Code: code, Message: goumai.M(zh, en)})
	}
	tierBy := make(map[string]goumai.CatalogItem, len(tier))
	tierParent := map[string]bool{}
	for _, it := range tier {
		tierBy[it.Code] = it
		tierParent[it.Parent] = true
	}
	for _, it := range dept {
		t, inTier := tierBy[it.Code]
		switch {
		case inTier && !it.SameContent(t):
			add(it.Code, it.Code+" 须与本级目录一致：部门目录只能选取本级目录的事项，不能修改（《政府购买服务管理办法》第十二条）",
				it.Code+" must be as in the tier's catalogue: a department may select its tier's items but not change them (O102 Art. 12)")
		case inTier:
		case it.Level != 4:
			add(it.Code, it.Code+" 不在本级目录中：部门只能在本级目录末级事项下增设第四级（财综〔2020〕57号）",
				it.Code+" is not in the tier's catalogue: a department may only add level-4 items under the tier's leaves (财综〔2020〕57号)")
		case tierBy[it.Parent].Level != 3 || tierParent[it.Parent]:
			add(it.Code, it.Code+" 的上级须是本级目录的第三级末级事项（财综〔2020〕57号）",
				it.Code+" must sit under a level-3 leaf of the tier's catalogue (财综〔2020〕57号)")
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return append(out, CheckCatalogTree(dept)...)
}

// ProblemsError turns catalogue problems into one EInvalid error whose fields
// are "items.<code>".
func ProblemsError(ps []CatalogProblem) error {
	if len(ps) == 0 {
		return nil
	}
	f := goumai.Fields{}
	for _, p := range ps {
		k := "items." + p.Code
		if old, ok := f[k]; ok {
			p.Message = goumai.M(old.ZH+"；"+p.Message.ZH, old.EN+"; "+p.Message.EN)
		}
		f[k] = p.Message
	}
	e := goumai.AsError(f.Err())
	e.Message = goumai.M(fmt.Sprintf("目录有 %d 处问题，请修改后再提交", len(ps)), fmt.Sprintf("the catalogue has %d problems: fix them and submit again", len(ps)))
	return e
}
