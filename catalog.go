package goumai

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The guidance catalogue (指导性目录, O102 Arts. 11–14; RULES.md §5): a versioned
// tree per tier — central (region 100000) or a province — and optionally per
// department within its tier. Levels 1–3, with an optional 4th added by a
// department (财综〔2020〕57号).

// CatalogStatus is the state of a catalogue version.
type CatalogStatus string

// Catalogue version states. Finance staff draft (draft), submit for review
// (in_review, returned to draft with comments), and an approver publishes it
// (published): these three are stored. Whether a published version is still
// to come, in force or replaced is a matter of its dates and the clock, never
// of a stored flag (StatusAt): scheduled before its effective date, published
// (in force) until the effective date of the version that replaces it,
// superseded from then on. Versions replaced before goumai computed this were
// stored as superseded, with their end date; that stored value reads as
// published.
const (
	CatalogDraft      CatalogStatus = "draft"
	CatalogInReview   CatalogStatus = "in_review"
	CatalogPublished  CatalogStatus = "published"  // stored; computed: in force
	CatalogScheduled  CatalogStatus = "scheduled"  // computed only: published, in force from a date still ahead
	CatalogSuperseded CatalogStatus = "superseded" // computed: its end date has come (stored only by earlier versions of goumai)
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

// Label is the class's display name.
func (c ServiceClass) Label() Msg {
	switch c {
	case ClassPublicService:
		return M("公共服务", "Public service")
	case ClassAuxiliaryService:
		return M("政府履职所需辅助性服务", "Auxiliary service for government duties")
	}
	return M(string(c), string(c))
}

// Valid reports whether c is one of the two classes of O102 Art. 9.
func (c ServiceClass) Valid() bool { return c == ClassPublicService || c == ClassAuxiliaryService }

// Valid reports whether f is a known negative-list ground.
func (f NegativeFlag) Valid() bool {
	for _, x := range NegativeFlags {
		if x == f {
			return true
		}
	}
	return false
}

// Label is the ground's display name with its source.
func (f NegativeFlag) Label() Msg {
	switch f {
	case NegOutsideGovDuty:
		return M("不属于政府职责范围的服务事项（第十条第一项）", "outside government duties (Art. 10(1))")
	case NegMustBePerformedByGov:
		return M("应当由政府直接履职的事项（第十条第二项）", "duties the government must perform directly (Art. 10(2))")
	case NegGoodsOrWorks:
		return M("货物和工程（第十条第三项）", "goods or works (Art. 10(3))")
	case NegWorksBundled:
		return M("将工程和服务打包的项目（第十条第三项）", "works bundled with services (Art. 10(3))")
	case NegFinancing:
		return M("融资行为（第十条第四项）", "financing (Art. 10(4))")
	case NegStaffHiring:
		return M("人员招、聘用，劳务派遣，设置公益性岗位（第十条第五项）", "hiring staff, labour dispatch, public-welfare posts (Art. 10(5))")
	case NegOtherLegalBan:
		return M("法律、行政法规以及国务院规定的其他事项（第十条第六项）", "other items barred by law (Art. 10(6))")
	case NegInfrastructure:
		return M("基础设施建设、储备土地前期开发、农田水利等建设工程（财预〔2017〕87号 二）", "infrastructure, land pre-development, irrigation works (CY87 II)")
	}
	return M(string(f), string(f))
}

// Catalogue limits and formats. A catalogue code is a capital letter followed by
// up to four pairs of digits (A, A01, A0101, A010101). Codes conventionally
// extend their parent's, but the tree is given by Parent, so that an item moved
// to another parent keeps its code and the difference between two versions shows
// it as moved. A 品目 code (政府采购品目分类目录, REQ-C11) is A (goods), B (works)
// or C (services) followed by 2 to 8 digits; a purchasable leaf carries a C code.
const (
	MaxCatalogLevel    = 4
	MaxCatalogName     = 100
	MaxCatalogNote     = 500
	MaxCatalogTitle    = 100
	MaxSuggestionTitle = 100
	MaxSuggestionBody  = 2000
	MaxSuggestionName  = 50
	MaxSuggestionReply = 2000
	MaxSuggestionMail  = 100
	MaxReviewOpinion   = 1000
)

// ValidCatalogCode reports whether s is a well-formed catalogue code.
func ValidCatalogCode(s string) bool {
	if len(s) < 1 || len(s) > 9 || s[0] < 'A' || s[0] > 'Z' || (len(s)-1)%2 != 0 {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// ValidItemCode reports whether s looks like a 政府采购品目 code: A, B or C and 2–8 digits.
func ValidItemCode(s string) bool {
	if len(s) < 3 || len(s) > 9 || (s[0] != 'A' && s[0] != 'B' && s[0] != 'C') {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Validate normalises an item's fields and checks each on its own. The tree
// checks — the parent exists, the level is at most 4, codes are unique, leaves
// carry an item code — need the whole version (rules.CheckCatalogTree); Level is
// set from the parent by whoever places the item in a tree.
func (it *CatalogItem) Validate() error {
	it.Code = strings.ToUpper(strings.TrimSpace(it.Code))
	it.Parent = strings.ToUpper(strings.TrimSpace(it.Parent))
	it.Name = strings.TrimSpace(it.Name)
	it.ItemCode = strings.ToUpper(strings.TrimSpace(it.ItemCode))
	it.Note = strings.TrimSpace(it.Note)
	f := Fields{}
	if !ValidCatalogCode(it.Code) {
		f.Add("code", "目录编码须为一位大写字母加0至4组两位数字（如 A、A01、A0101）",
			"code: one capital letter and up to four pairs of digits (A, A01, A0101)")
	}
	switch {
	case it.Parent != "" && !ValidCatalogCode(it.Parent):
		f.Add("parent", "上级编码格式不正确", "malformed parent code")
	case it.Parent != "" && it.Parent == it.Code:
		f.Add("parent", "上级不能是事项本身", "an item cannot be its own parent")
	}
	switch n := utf8.RuneCountInString(it.Name); {
	case n == 0:
		f.Add("name", "请填写事项名称", "name is required")
	case n > MaxCatalogName:
		f.Add("name", "事项名称不能超过100个字", "name must be at most 100 characters")
	}
	if !it.Class.Valid() {
		f.Add("class", "请选择分类：公共服务或政府履职所需辅助性服务（《政府购买服务管理办法》第九条）",
			"choose the class: public service or auxiliary service (O102 Art. 9)")
	}
	if it.ItemCode != "" && !ValidItemCode(it.ItemCode) {
		f.Add("item_code", "政府采购品目编码须为 A、B 或 C 加2至8位数字（如 C0901）",
			"procurement item code: A, B or C followed by 2–8 digits (e.g. C0901)")
	}
	seen := map[NegativeFlag]bool{}
	var neg []NegativeFlag
	for _, x := range it.Negative {
		if !x.Valid() {
			f.Add("negative", "未知的负面清单事由", "unknown negative-list ground")
			continue
		}
		if !seen[x] {
			seen[x] = true
		}
	}
	for _, x := range NegativeFlags { // display order, no duplicates
		if seen[x] {
			neg = append(neg, x)
		}
	}
	it.Negative = neg
	if utf8.RuneCountInString(it.Note) > MaxCatalogNote {
		f.Add("note", "备注不能超过500个字", "note must be at most 500 characters")
	}
	return f.Err()
}

// SuggestionOpen and SuggestionAnswered are a suggestion's states: the public
// opens one; the tier's finance staff answer it.
const (
	SuggestionOpen     = "open"
	SuggestionAnswered = "answered"
)

// CatalogDiff is the difference between two versions' items, each list in code order.
type CatalogDiff struct {
	From    int64           `json:"from"`
	To      int64           `json:"to"`
	Added   []CatalogItem   `json:"added"`
	Removed []CatalogItem   `json:"removed"`
	Changed []CatalogChange `json:"changed"`
}

// CatalogChange is an item present in both versions with some fields changed.
type CatalogChange struct {
	Code   string      `json:"code"`
	Before CatalogItem `json:"before"`
	After  CatalogItem `json:"after"`
	Fields []string    `json:"fields"` // json names of the changed fields
}

// DiffCatalog compares two versions' items. Both slices must be sorted by code
// (as the store returns them); the comparison is one merge pass, O(n).
func DiffCatalog(from, to []CatalogItem) CatalogDiff {
	var d CatalogDiff
	i, j := 0, 0
	for i < len(from) || j < len(to) {
		switch {
		case j == len(to) || i < len(from) && from[i].Code < to[j].Code:
			d.Removed = append(d.Removed, from[i])
			i++
		case i == len(from) || to[j].Code < from[i].Code:
			d.Added = append(d.Added, to[j])
			j++
		default:
			if f := changedFields(from[i], to[j]); len(f) > 0 {
				d.Changed = append(d.Changed, CatalogChange{Code: to[j].Code, Before: from[i], After: to[j], Fields: f})
			}
			i, j = i+1, j+1
		}
	}
	return d
}

// changedFields lists the content fields that differ (ids and versions aside).
func changedFields(a, b CatalogItem) []string {
	var f []string
	if a.Parent != b.Parent {
		f = append(f, "parent")
	}
	if a.Level != b.Level {
		f = append(f, "level")
	}
	if a.Name != b.Name {
		f = append(f, "name")
	}
	if a.Class != b.Class {
		f = append(f, "class")
	}
	if a.ItemCode != b.ItemCode {
		f = append(f, "item_code")
	}
	if !slices.Equal(a.Negative, b.Negative) {
		f = append(f, "negative")
	}
	if a.Note != b.Note {
		f = append(f, "note")
	}
	return f
}

// SameContent reports whether two items have the same content (a department
// catalogue must copy its tier's items unchanged).
func (it CatalogItem) SameContent(o CatalogItem) bool {
	return it.Code == o.Code && len(changedFields(it, o)) == 0
}

// CatalogDigest is the SHA-256 (hex) of a version's item content in code order,
// one JSON object per item without database ids. A published version's event
// carries it, so anyone can check the items served by the API against the log.
func CatalogDigest(items []CatalogItem) string {
	h := sha256.New()
	for _, it := range items {
		b, _ := json.Marshal(struct {
			Code, Parent string
			Level        int
			Name         string
			Class        ServiceClass
			ItemCode     string
			Negative     []NegativeFlag
			Note         string
		}{it.Code, it.Parent, it.Level, it.Name, it.Class, it.ItemCode, it.Negative, it.Note})
		h.Write(b)
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Public reports whether the version has been published (the public may read
// published versions, whether scheduled, in force or superseded; never drafts).
func (v CatalogVersion) Public() bool {
	return v.Status == CatalogPublished || v.Status == CatalogSuperseded || v.Status == CatalogScheduled
}

// StatusAt is the version's status at t: a draft or a version under review as
// stored; a published one scheduled before its effective date, published (in
// force) until its end date and superseded from then on. Publishing a version
// only sets the end date of the one it replaces, so that one stays in force
// until the new one's date however far ahead it is.
func (v CatalogVersion) StatusAt(t time.Time) CatalogStatus {
	switch {
	case !v.Public():
		return v.Status
	case t.Before(v.EffectiveFrom):
		return CatalogScheduled
	case v.EffectiveTo != nil && !t.Before(*v.EffectiveTo):
		return CatalogSuperseded
	}
	return CatalogPublished
}

// InForce reports whether the version applies at t: published and
// EffectiveFrom ≤ t < EffectiveTo.
func (v CatalogVersion) InForce(t time.Time) bool { return v.StatusAt(t) == CatalogPublished }
