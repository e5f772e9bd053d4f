package rules

import (
	"strings"
	"unicode/utf8"

	"github.com/goumai/goumai"
)

// MaxFilingRef bounds a finance review-and-filing reference (审核备案 文号 or record number).
const MaxFilingRef = 100

// CheckCatalog applies ENG-B1 and ENG-B3 to the catalogue item a project buys.
// item, isLeaf and found come from the catalogue version in force for the
// purchaser (sqlstore.Store.CatalogItemInForce: found is false when the code is
// not in that version); filingRef is the finance department's review-and-filing
// record for an item outside the catalogue, or "".
//
//   - ENG-B3 (O102 Art. 10; CY87 二): an item on the negative list never
//     passes, whatever filing it carries.
//   - ENG-B1 (O102 Arts. 11, 14): an item in the catalogue must be a leaf of
//     level 3 or 4 (财综〔2020〕57号: the department's fourth level).
//   - ENG-B1 (CY87 二): an item outside the catalogue needs a finance
//     review-and-filing record (对暂时未纳入指导性目录又确需购买的服务事项，应当报财政部门审核备案).
//
// It returns nil or an EInvalid *goumai.Error naming the rule, with the clause in
// the message and the field "catalog_code" (or "filing_ref").
func CheckCatalog(item goumai.CatalogItem, isLeaf, found bool, filingRef string) error {
	filingRef = strings.TrimSpace(filingRef)
	if found && len(item.Negative) > 0 {
		zh := make([]string, len(item.Negative))
		en := make([]string, len(item.Negative))
		for i, f := range item.Negative {
			l := f.Label()
			zh[i], en[i] = l.ZH, l.EN
		}
		return catalogError("ENG-B3", "catalog_code",
			"该事项属于负面清单，不得纳入政府购买服务范围（《政府购买服务管理办法》第十条；财预〔2017〕87号 二）："+strings.Join(zh, "；"),
			"this item is on the negative list and can never be purchased as a service (O102 Art. 10; CY87 II): "+strings.Join(en, "; "))
	}
	if found && (!isLeaf || item.Level < 3) {
		return catalogError("ENG-B1", "catalog_code",
			"须选择指导性目录的末级事项（第三级或部门增设的第四级），不能选择类别（《政府购买服务管理办法》第十一条、第十四条）",
			"choose a leaf of the guidance catalogue (level 3, or a department's level 4), not a category (O102 Arts. 11 and 14)")
	}
	if found {
		return nil
	}
	switch {
	case filingRef == "":
		return catalogError("ENG-B1", "catalog_code",
			"该事项不在适用的政府购买服务指导性目录内，须先报财政部门审核备案（《政府购买服务管理办法》第十一条；财预〔2017〕87号 二）",
			"this item is not in the applicable guidance catalogue: it needs the finance department's review and filing first (O102 Art. 11; CY87 II)")
	case utf8.RuneCountInString(filingRef) > MaxFilingRef:
		return catalogError("ENG-B1", "filing_ref", "审核备案编号不能超过100个字", "the filing reference must be at most 100 characters")
	}
	return nil
}

func catalogError(rule, field, zh, en string) error {
	return &goumai.Error{Code: goumai.EInvalid, Message: goumai.M(zh, en), Fields: map[string]goumai.Msg{field: goumai.M(zh, en)}, Rule: rule}
}
