package goumai

import "time"

// The guidance catalogue (指导性目录, O102 Arts. 11–14; RULES.md §5): a versioned
// tree per tier — central (region 100000) or a province — and optionally per
// department within its tier. Levels 1–3, with an optional 4th added by a
// department (财综〔2020〕57号).

// CatalogStatus is the state of a catalogue version.
type CatalogStatus string

// Catalogue version states. Finance staff draft (draft), submit for review
// (in_review, returned to draft with comments), and an approver publishes it
// (published); a later published version supersedes it (superseded).
const (
	CatalogDraft      CatalogStatus = "draft"
	CatalogInReview   CatalogStatus = "in_review"
	CatalogPublished  CatalogStatus = "published"
	CatalogSuperseded CatalogStatus = "superseded"
)

// ServiceClass is the content class of O102 Art. 9.
type ServiceClass string

// The two classes of purchasable content.
const (
	ClassPublicService    ServiceClass = "public_service"    // 政府向社会公众提供的公共服务
	ClassAuxiliaryService ServiceClass = "auxiliary_service" // 政府履职所需辅助性服务
)

// NegativeFlag is one ground of the negative list (ENG-B3, O102 Art. 10; CY87 二).
type NegativeFlag string

// The negative-list grounds. A catalogue item, or an application, carrying any of
// them can never be purchased as a service.
const (
	NegOutsideGovDuty       NegativeFlag = "outside_gov_duty"                                       // 不属于政府职责范围
	NegMustBePerformedByGov NegativeFlag = "must_be_performed_by_gov"                               // 应当由政府直接履职
	NegGoodsOrWorks         NegativeFlag = "goods_or_works"                                         // 货物和工程
	NegWorksBundled         NegativeFlag = "works_bundled_with_services"                            // 工程和服务打包
	NegFinancing            NegativeFlag = "financing"                                              // 融资行为
	NegStaffHiring          NegativeFlag = "staff_hiring_or_labour_dispatch_or_public_welfare_post" // 人员招聘、劳务派遣、公益性岗位
	NegOtherLegalBan        NegativeFlag = "other_legal_ban"                                        // 法律、行政法规及国务院规定的其他事项
	NegInfrastructure       NegativeFlag = "infrastructure"                                         // CY87: 基础设施建设、储备土地前期开发、农田水利
)

// NegativeFlags lists the grounds in display order.
var NegativeFlags = []NegativeFlag{NegOutsideGovDuty, NegMustBePerformedByGov, NegGoodsOrWorks, NegWorksBundled,
	NegFinancing, NegStaffHiring, NegOtherLegalBan, NegInfrastructure}

// CatalogVersion is one version of a tier's (or a department's) catalogue.
type CatalogVersion struct {
	ID            int64         `json:"id"`
	Region        string        `json:"region"`      // the tier: 100000 or a province code
	DeptOrgID     int64         `json:"dept_org_id"` // 0 for the tier's own catalogue
	Number        int           `json:"number"`      // 1, 2, … within the tier/department
	Title         string        `json:"title"`
	Status        CatalogStatus `json:"status"`
	EffectiveFrom time.Time     `json:"effective_from"` // in force from (inclusive)
	EffectiveTo   *time.Time    `json:"effective_to"`   // until (exclusive); nil while current
	BasedOn       int64         `json:"based_on"`       // the version it was copied from
	Note          string        `json:"note"`
}

// CatalogItem is a node of a catalogue version's tree.
type CatalogItem struct {
	ID        int64          `json:"id"`
	VersionID int64          `json:"version_id"`
	Code      string         `json:"code"`   // the 指导性目录 code, stable across versions, e.g. "A0102"
	Parent    string         `json:"parent"` // parent code, "" at level 1
	Level     int            `json:"level"`  // 1–4
	Name      string         `json:"name"`
	Class     ServiceClass   `json:"class"`
	ItemCode  string         `json:"item_code"` // 政府采购品目分类目录 code, e.g. "C0901" (REQ-C11); leaves only
	Negative  []NegativeFlag `json:"negative"`  // grounds barring purchase; empty for purchasable items
	Note      string         `json:"note"`
}

// Purchasable reports whether a project may buy this item: it is a leaf of level
// 3 or 4 (ENG-B1) and not on the negative list (ENG-B3). isLeaf is supplied by
// the caller, who knows the tree.
func (it CatalogItem) Purchasable(isLeaf bool) bool {
	return isLeaf && it.Level >= 3 && len(it.Negative) == 0
}

// Suggestion is a public suggestion on the catalogue (倾听群众呼声), answered
// publicly by finance staff.
type Suggestion struct {
	ID         int64      `json:"id"`
	Region     string     `json:"region"`
	ItemCode   string     `json:"item_code"` // existing item concerned, or "" for a new item
	Title      string     `json:"title"`
	Body       string     `json:"body"`
	Submitter  string     `json:"submitter"` // a name or pseudonym; contact details are never public
	Status     string     `json:"status"`    // "open", "answered"
	Answer     string     `json:"answer"`
	AnsweredBy string     `json:"answered_by"`
	CreatedAt  time.Time  `json:"created_at"`
	AnsweredAt *time.Time `json:"answered_at"`
}
