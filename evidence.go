package goumai

import (
	"strings"
	"time"
	"unicode/utf8"
)

// EvidenceKind is a kind of proof a supplier keeps on its profile, after
// GPL-IR Art. 17 (ENG-A3): the proofs of the conditions of GPL Art. 22.
type EvidenceKind string

// The kinds, in the order of GPL-IR Art. 17. Every kind but "other" is
// required for a supplier to pass the check of ENG-A3.
const (
	EvidenceLicence     EvidenceKind = "licence"     // 营业执照等证明文件，自然人的身份证明
	EvidenceFinancial   EvidenceKind = "financial"   // 财务状况报告
	EvidenceTaxSocial   EvidenceKind = "tax_social"  // 依法缴纳税收和社会保障资金的相关材料
	EvidenceCapability  EvidenceKind = "capability"  // 具备履行合同所必需设备和专业技术能力的证明材料
	EvidenceDeclaration EvidenceKind = "declaration" // 参加政府采购活动前3年内在经营活动中没有重大违法记录的书面声明
	EvidenceOther       EvidenceKind = "other"       // 具备法律、行政法规规定的其他条件的证明材料
)

// EvidenceKinds lists every kind in order; RequiredEvidence those ENG-A3 requires.
var (
	EvidenceKinds    = []EvidenceKind{EvidenceLicence, EvidenceFinancial, EvidenceTaxSocial, EvidenceCapability, EvidenceDeclaration, EvidenceOther}
	RequiredEvidence = EvidenceKinds[:5]
)

// Valid reports whether k is a known kind.
func (k EvidenceKind) Valid() bool {
	for _, x := range EvidenceKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Label is the kind's name.
func (k EvidenceKind) Label() Msg {
	switch k {
	case EvidenceLicence:
		return M("营业执照或身份证明", "Business licence or ID")
	case EvidenceFinancial:
		return M("财务状况报告", "Financial report")
	case EvidenceTaxSocial:
		return M("依法缴纳税收和社会保障资金的证明", "Tax and social-security proof")
	case EvidenceCapability:
		return M("履行合同所必需的设备和专业技术能力证明", "Equipment and expertise proof")
	case EvidenceDeclaration:
		return M("近三年无重大违法记录书面声明", "Declaration of no major violation in 3 years")
	case EvidenceOther:
		return M("其他证明材料", "Other proof")
	}
	return M(string(k), string(k))
}

// Evidence is one version of a proof on a supplier's profile. A new version
// supersedes the current one of its kind ("other" items stand side by side
// unless one names the item it replaces); superseded versions are kept, and
// every check records the versions it saw.
type Evidence struct {
	ID           int64        `json:"id"`
	OrgID        int64        `json:"org_id"`
	Kind         EvidenceKind `json:"kind"`
	Title        string       `json:"title"`
	File         File         `json:"file"`
	ValidFrom    time.Time    `json:"valid_from"`
	ValidUntil   *time.Time   `json:"valid_until,omitempty"` // the last day it is valid; none for open-ended proofs
	DeclaredOn   *time.Time   `json:"declared_on,omitempty"` // the date of the written declaration (EvidenceDeclaration)
	Supersedes   int64        `json:"supersedes,omitempty"`
	SupersededBy int64        `json:"superseded_by,omitempty"`
	CreatedAt    time.Time    `json:"created_at"`
}

// Current reports whether no newer version replaced e.
func (e Evidence) Current() bool { return e.SupersededBy == 0 }

// ValidAt reports whether e is in force at t (days in China Standard Time:
// valid from ValidFrom's day, through ValidUntil's day).
func (e Evidence) ValidAt(t time.Time) bool {
	if t.Before(StartOfDay(e.ValidFrom)) {
		return false
	}
	return e.ValidUntil == nil || t.Before(StartOfDay(*e.ValidUntil).AddDate(0, 0, 1))
}

// StartOfDay returns the start of t's day in China Standard Time.
func StartOfDay(t time.Time) time.Time {
	y, m, d := t.In(Shanghai).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Shanghai)
}

// MaxEvidenceTitle bounds an evidence item's title.
const MaxEvidenceTitle = 100

// EvidenceInput describes an evidence item being added (the file comes apart).
type EvidenceInput struct {
	Kind       EvidenceKind `json:"kind"`
	Title      string       `json:"title"`
	ValidFrom  time.Time    `json:"valid_from"`
	ValidUntil *time.Time   `json:"valid_until,omitempty"`
	DeclaredOn *time.Time   `json:"declared_on,omitempty"`
	Supersedes int64        `json:"supersedes,omitempty"` // for "other": the item this one replaces
}

// Validate checks the input's fields; now is the time of the upload (a
// declaration cannot be dated in the future).
func (in *EvidenceInput) Validate(now time.Time) error {
	in.Title = strings.TrimSpace(in.Title)
	f := Fields{}
	if !in.Kind.Valid() {
		f.Add("kind", "请选择证明材料类别", "choose the kind of proof")
	}
	if in.Title == "" {
		in.Title = in.Kind.Label().ZH
	}
	if utf8.RuneCountInString(in.Title) > MaxEvidenceTitle {
		f.Add("title", "标题不能超过100个字", "the title has at most 100 characters")
	}
	switch {
	case in.ValidFrom.IsZero():
		f.Add("valid_from", "请填写生效日期", "the date it is valid from is required")
	case in.ValidUntil != nil && in.ValidUntil.Before(in.ValidFrom):
		f.Add("valid_until", "有效期至不能早于生效日期", "it cannot end before it starts")
	}
	switch {
	case in.Kind == EvidenceDeclaration && in.DeclaredOn == nil:
		f.Add("declared_on", "书面声明须注明声明日期", "the declaration needs its date")
	case in.Kind == EvidenceDeclaration && in.DeclaredOn.After(now):
		f.Add("declared_on", "声明日期不能晚于今天", "the declaration cannot be dated in the future")
	case in.Kind != EvidenceDeclaration && in.DeclaredOn != nil:
		f.Add("declared_on", "只有书面声明有声明日期", "only the declaration has a declaration date")
	}
	if in.Supersedes != 0 && in.Kind != EvidenceOther {
		f.Add("supersedes", "此类材料上传新版本即替换当前版本", "a new version of this kind replaces the current one by itself")
	}
	return f.Err()
}
