package goumai

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// OrgKind is the legal kind of an organisation (DESIGN.md §3). Eligibility as a
// purchaser (购买主体) or supplier (承接主体) follows from it (ENG-A1, ENG-A2).
type OrgKind string

// The kinds. Stored as text with a CHECK constraint.
const (
	KindStateOrgan   OrgKind = "state_organ"      // 国家机关 (incl. finance departments)
	KindPartyOrgan   OrgKind = "party_organ"      // 党的机关、政协机关、民主党派机关
	KindInstitution  OrgKind = "institution"      // 事业单位; see InstitutionClass
	KindSocialOrg    OrgKind = "social_org"       // 社会组织 (社会团体、基金会、社会服务机构)
	KindEnterprise   OrgKind = "enterprise"       // 企业
	KindMassOrg      OrgKind = "mass_org"         // 群团组织; see MassOrgStaffing
	KindRuralCollect OrgKind = "rural_collective" // 农村集体经济组织
	KindGrassroots   OrgKind = "grassroots"       // 基层群众性自治组织 (居委会、村委会)
	KindIndividual   OrgKind = "individual"       // 个人
)

// OrgKinds lists every kind in display order.
var OrgKinds = []OrgKind{KindStateOrgan, KindPartyOrgan, KindInstitution, KindSocialOrg, KindEnterprise,
	KindMassOrg, KindRuralCollect, KindGrassroots, KindIndividual}

// Label is the kind's display name.
func (k OrgKind) Label() Msg {
	switch k {
	case KindStateOrgan:
		return M("国家机关", "State organ")
	case KindPartyOrgan:
		return M("党的机关", "Party organ")
	case KindInstitution:
		return M("事业单位", "Public institution")
	case KindSocialOrg:
		return M("社会组织", "Social organisation")
	case KindEnterprise:
		return M("企业", "Enterprise")
	case KindMassOrg:
		return M("群团组织", "Mass organisation")
	case KindRuralCollect:
		return M("农村集体经济组织", "Rural collective economic organisation")
	case KindGrassroots:
		return M("基层群众性自治组织", "Grassroots self-governing organisation")
	case KindIndividual:
		return M("个人", "Individual")
	}
	return M(string(k), string(k))
}

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool {
	for _, x := range OrgKinds {
		if x == k {
			return true
		}
	}
	return false
}

// InstitutionClass is the reform class of a 事业单位 (only for KindInstitution).
type InstitutionClass string

// The classes of the public-institution classification reform.
const (
	ClassNone     InstitutionClass = ""
	ClassPublicI  InstitutionClass = "public_welfare_1" // 公益一类
	ClassPublicII InstitutionClass = "public_welfare_2" // 公益二类
	ClassBusiness InstitutionClass = "business"         // 生产经营类
	ClassCivil    InstitutionClass = "civil_service"    // 参照公务员法管理 (参公), with administrative functions
)

// InstitutionClasses lists the classes in display order.
var InstitutionClasses = []InstitutionClass{ClassPublicI, ClassPublicII, ClassBusiness, ClassCivil}

// Label is the class's display name.
func (c InstitutionClass) Label() Msg {
	switch c {
	case ClassPublicI:
		return M("公益一类", "Public welfare class I")
	case ClassPublicII:
		return M("公益二类", "Public welfare class II")
	case ClassBusiness:
		return M("生产经营类", "Production and business")
	case ClassCivil:
		return M("参照公务员法管理", "Managed as civil service")
	}
	return M("", "")
}

// MassOrgStaffing says how a 群团组织 is staffed and funded (only for KindMassOrg).
type MassOrgStaffing string

// Staffing of mass organisations, which decides their eligibility (O102 Arts. 6, 8, 33).
const (
	StaffingNone       MassOrgStaffing = ""
	StaffingAdmin      MassOrgStaffing = "administrative"     // 使用行政编制的群团组织机关
	StaffingInstFunded MassOrgStaffing = "institution_funded" // 使用事业编制且由财政拨款保障
	StaffingSelfFunded MassOrgStaffing = "self_funded"        // 非财政拨款保障
)

// MassOrgStaffings lists the staffing types in display order.
var MassOrgStaffings = []MassOrgStaffing{StaffingAdmin, StaffingInstFunded, StaffingSelfFunded}

// Label is the staffing's display name.
func (s MassOrgStaffing) Label() Msg {
	switch s {
	case StaffingAdmin:
		return M("行政编制", "Administrative establishment")
	case StaffingInstFunded:
		return M("事业编制、财政拨款保障", "Institutional establishment, budget-funded")
	case StaffingSelfFunded:
		return M("非财政拨款保障", "Not budget-funded")
	}
	return M("", "")
}

// Org is an organisation: a government body, a supplier, or an individual acting as one.
type Org struct {
	ID          int64            `json:"id"`
	Name        string           `json:"name"`
	Kind        OrgKind          `json:"kind"`
	Class       InstitutionClass `json:"class,omitempty"`
	Staffing    MassOrgStaffing  `json:"staffing,omitempty"`
	CreditCode  string           `json:"credit_code,omitempty"` // 统一社会信用代码; empty only for individuals
	Region      string           `json:"region"`
	ParentID    int64            `json:"parent_id,omitempty"`
	FinanceDept bool             `json:"finance_dept"` // the region's finance department (财政部门)
	// Address and Phone are the unit's postal address and contact telephone
	// (never a person's), which the notices name (REQ-C20, REQ-C21); an
	// individual supplier's are personal data and never published (REQ-C23).
	Address   string    `json:"address,omitempty"`
	Phone     string    `json:"phone,omitempty"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
}

// Limits on organisation fields.
const (
	MaxOrgName    = 100
	MaxOrgAddress = 200
)

// FieldOrg is the Fields key of an error about the acting organisation itself
// rather than about a field of the request: e.g. ENG-A1, an organisation of
// this kind may not purchase services, whatever the request says. Keys that
// begin with "_" never name a request field; the client shows such a message
// for the whole form.
const FieldOrg = "_org"

// CanPurchase reports whether an organisation of this kind may be a purchaser
// (购买主体) of a purchase-of-services project.
//
// ENG-A1 (O102 Arts. 5, 8, 33): state organs; by analogy party organs, 事业单位
// with administrative functions (参公) and mass organisations on administrative
// establishment. 公益一类 and budget-funded mass organisations on 事业编制 never;
// 公益二类 and business 事业单位 buy under general procurement rules instead.
func (o Org) CanPurchase() bool {
	switch o.Kind {
	case KindStateOrgan, KindPartyOrgan:
		return true
	case KindInstitution:
		return o.Class == ClassCivil
	case KindMassOrg:
		return o.Staffing == StaffingAdmin
	}
	return false
}

// CanSupply reports whether an organisation of this kind may be a supplier
// (承接主体).
//
// ENG-A2 (O102 Arts. 6, 8): enterprises, social organisations (not budget-funded
// mass organisations), 公益二类 and business 事业单位, rural collective economic
// organisations, grassroots self-governing organisations and individuals.
func (o Org) CanSupply() bool {
	switch o.Kind {
	case KindEnterprise, KindSocialOrg, KindRuralCollect, KindGrassroots, KindIndividual:
		return true
	case KindInstitution:
		return o.Class == ClassPublicII || o.Class == ClassBusiness
	case KindMassOrg:
		return o.Staffing == StaffingSelfFunded
	}
	return false
}

// Normalize trims the text fields and upper-cases the credit code.
func (o *Org) Normalize() {
	o.Name = strings.TrimSpace(o.Name)
	o.CreditCode = strings.ToUpper(strings.TrimSpace(o.CreditCode))
	o.Region = strings.TrimSpace(o.Region)
	o.Address = strings.TrimSpace(o.Address)
	o.Phone = strings.TrimSpace(o.Phone)
}

// orgPhone is a unit's telephone as people write it: digits with an area
// code, hyphens, spaces, brackets or a leading +, and an extension after 转.
var orgPhone = regexp.MustCompile(`^\+?[0-9 ()（）-]{5,24}(转[0-9]{1,6})?$`)

// Validate checks the organisation's own fields; regions is used to check the region code.
func (o Org) Validate(regions *Regions) error {
	f := Fields{}
	switch n := utf8.RuneCountInString(o.Name); {
	case n == 0:
		f.Add("name", "请填写名称", "name is required")
	case n > MaxOrgName:
		f.Add("name", "名称不能超过100个字", "name must be at most 100 characters")
	}
	if !o.Kind.Valid() {
		f.Add("kind", "请选择有效的单位类型", "choose a valid organisation kind")
	}
	switch {
	case o.Kind == KindInstitution && !validClass(o.Class):
		f.Add("class", "事业单位须选择分类（公益一类、公益二类、生产经营类、参公）", "a public institution needs its class")
	case o.Kind != KindInstitution && o.Class != ClassNone:
		f.Add("class", "只有事业单位有分类", "only public institutions have a class")
	}
	switch {
	case o.Kind == KindMassOrg && !validStaffing(o.Staffing):
		f.Add("staffing", "群团组织须选择编制和经费类型", "a mass organisation needs its staffing type")
	case o.Kind != KindMassOrg && o.Staffing != StaffingNone:
		f.Add("staffing", "只有群团组织有编制类型", "only mass organisations have a staffing type")
	}
	if o.CreditCode == "" {
		if o.Kind != KindIndividual {
			f.Add("credit_code", "请填写统一社会信用代码", "unified social credit code is required")
		}
	} else if err := CheckCreditCode(o.CreditCode); err != nil {
		f["credit_code"] = *err
	}
	if _, ok := regions.Get(o.Region); !ok {
		f.Add("region", "行政区划代码不存在", "unknown region code")
	}
	switch n := utf8.RuneCountInString(o.Address); {
	case n > MaxOrgAddress:
		f.Add("address", fmt.Sprintf("地址不能超过%d个字", MaxOrgAddress), fmt.Sprintf("the address has at most %d characters", MaxOrgAddress))
	case n > 0:
		if m := CheckText(o.Address); m != nil {
			f["address"] = *m
		}
	}
	if o.Phone != "" && !orgPhone.MatchString(o.Phone) {
		f.Add("phone", "联系电话须为数字（可含区号、连字符、括号，分机号写在“转”之后），如 0571-87052000", "a telephone is digits (area code, hyphens, brackets allowed; an extension after 转), e.g. 0571-87052000")
	}
	if o.FinanceDept && o.Kind != KindStateOrgan {
		f.Add("finance_dept", "财政部门必须是国家机关", "a finance department must be a state organ")
	}
	return f.Err()
}

func validClass(c InstitutionClass) bool {
	for _, x := range InstitutionClasses {
		if x == c {
			return true
		}
	}
	return false
}

func validStaffing(s MassOrgStaffing) bool {
	for _, x := range MassOrgStaffings {
		if x == s {
			return true
		}
	}
	return false
}

// creditCharset is the alphabet of GB 32100-2015: digits and capitals without I, O, Z, S, V.
const creditCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditWeights are the weights 3^(i) mod 31 of positions 1–17 (GB 32100-2015 §4.2).
var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CreditCheckChar returns the GB 32100-2015 check character for the first 17
// characters of a unified social credit code.
func CreditCheckChar(first17 string) (byte, bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditCharset, first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * creditWeights[i]
	}
	c := (31 - sum%31) % 31
	return creditCharset[c], true
}

// CheckCreditCode validates an 18-character unified social credit code
// (统一社会信用代码, GB 32100-2015): alphabet, the 6-digit region code in
// positions 3–8, and the check character. It returns the problem, or nil.
func CheckCreditCode(code string) *Msg {
	if len(code) != 18 {
		m := M("统一社会信用代码应为18位", "the unified social credit code must have 18 characters")
		return &m
	}
	for i := 0; i < 18; i++ {
		if strings.IndexByte(creditCharset, code[i]) < 0 {
			m := M("统一社会信用代码含有无效字符（不使用I、O、Z、S、V）", "the unified social credit code has an invalid character (I, O, Z, S, V are not used)")
			return &m
		}
	}
	if !isDigits(code[2:8], 6) {
		m := M("统一社会信用代码第3至8位应为行政区划代码", "characters 3–8 of the unified social credit code must be a region code")
		return &m
	}
	if c, _ := CreditCheckChar(code[:17]); c != code[17] {
		m := M("统一社会信用代码校验位错误", "the check character of the unified social credit code is wrong")
		return &m
	}
	return nil
}
