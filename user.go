package goumai

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Role is what a user may do for an organisation (REQ-C4).
type Role string

// The roles. A membership gives one user one role in one organisation.
const (
	RolePurchaserStaff    Role = "purchaser_staff"    // 购买主体经办人: drafts and submits projects
	RolePurchaserApprover Role = "purchaser_approver" // 购买主体审核人: approves inside the purchaser
	RoleAgency            Role = "agency_staff"       // 采购代理机构经办人: runs the procedures its agency is entrusted with
	RoleFinanceReviewer   Role = "finance_reviewer"   // 财政部门审核人
	RoleFinanceApprover   Role = "finance_approver"   // 财政部门审批人
	RoleSupplier          Role = "supplier"           // 承接主体操作员
	RoleExpert            Role = "expert"             // 评审专家
	RoleAuditor           Role = "auditor"            // 监督/审计人员: reads everything in its region
	RoleAdmin             Role = "admin"              // 机构管理员: users and memberships; at a finance department also organisations
)

// Roles lists every role in display order.
var Roles = []Role{RolePurchaserStaff, RolePurchaserApprover, RoleAgency, RoleFinanceReviewer, RoleFinanceApprover,
	RoleSupplier, RoleExpert, RoleAuditor, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Label is the role's display name.
func (r Role) Label() Msg {
	switch r {
	case RolePurchaserStaff:
		return M("购买主体经办人", "Purchaser staff")
	case RolePurchaserApprover:
		return M("购买主体审核人", "Purchaser approver")
	case RoleAgency:
		return M("采购代理机构经办人", "Purchasing agency staff")
	case RoleFinanceReviewer:
		return M("财政审核人", "Finance reviewer")
	case RoleFinanceApprover:
		return M("财政审批人", "Finance approver")
	case RoleSupplier:
		return M("承接主体", "Supplier")
	case RoleExpert:
		return M("评审专家", "Review expert")
	case RoleAuditor:
		return M("监督审计", "Auditor")
	case RoleAdmin:
		return M("机构管理员", "Administrator")
	}
	return M(string(r), string(r))
}

// AllowedFor reports whether an organisation may hold members in this role:
// purchaser roles need a purchaser-eligible organisation (ENG-A1), finance roles a
// finance department, the supplier role a supplier-eligible one (ENG-A2).
func (r Role) AllowedFor(o Org) bool {
	switch r {
	case RolePurchaserStaff, RolePurchaserApprover:
		return o.CanPurchase()
	case RoleFinanceReviewer, RoleFinanceApprover:
		return o.FinanceDept
	case RoleSupplier:
		return o.CanSupply()
	case RoleAgency:
		// A purchasing agency (代理机构) is a company or a social organisation
		// (GPL Art. 19; 集中采购机构 are public institutions).
		return o.Kind == KindEnterprise || o.Kind == KindSocialOrg || o.Kind == KindInstitution && o.Class != ClassPublicI
	case RoleAuditor:
		return o.Kind == KindStateOrgan || o.Kind == KindPartyOrgan
	case RoleExpert, RoleAdmin:
		return true
	}
	return false
}

// User is a person with an account.
type User struct {
	ID          int64  `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Active      bool   `json:"active"`
}

// Membership gives a user a role in an organisation.
type Membership struct {
	ID     int64 `json:"id"`
	UserID int64 `json:"user_id"`
	OrgID  int64 `json:"org_id"`
	Role   Role  `json:"role"`
}

// Limits on account fields.
const (
	MinPassword    = 10
	MaxPassword    = 128
	MaxDisplayName = 50
)

var usernameRE = regexp.MustCompile(`^[a-z][a-z0-9_.-]{2,31}$`)

// ValidUsername reports whether u has the shape of a username.
func ValidUsername(u string) bool { return usernameRE.MatchString(u) }

// NewUser is the input for creating an account.
type NewUser struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Password    string `json:"password"`
}

// Validate checks a new account's fields.
func (u *NewUser) Validate() error {
	u.Username = strings.ToLower(strings.TrimSpace(u.Username))
	u.DisplayName = strings.TrimSpace(u.DisplayName)
	f := Fields{}
	if !ValidUsername(u.Username) {
		f.Add("username", "用户名须为3至32位小写字母、数字或 _ . -，以字母开头", "username: 3–32 lower-case letters, digits, _ . -, starting with a letter")
	}
	switch n := utf8.RuneCountInString(u.DisplayName); {
	case n == 0:
		f.Add("display_name", "请填写姓名", "name is required")
	case n > MaxDisplayName:
		f.Add("display_name", "姓名不能超过50个字", "name must be at most 50 characters")
	}
	if m := CheckPassword(u.Password); m != nil {
		f["password"] = *m
	}
	return f.Err()
}

// CheckPassword applies the password policy (等保: length and at least two character classes).
func CheckPassword(p string) *Msg {
	n := utf8.RuneCountInString(p)
	if n < MinPassword || n > MaxPassword {
		m := M("密码长度须为10至128位", "password must be 10 to 128 characters")
		return &m
	}
	classes := 0
	for _, set := range []string{"abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789"} {
		if strings.ContainsAny(p, set) {
			classes++
		}
	}
	if strings.IndexFunc(p, func(r rune) bool {
		return !strings.ContainsRune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", r)
	}) >= 0 {
		classes++
	}
	if classes < 2 {
		m := M("密码须包含至少两类字符（字母、数字、符号）", "password must mix at least two kinds of characters")
		return &m
	}
	return nil
}
