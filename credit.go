package goumai

import "time"

// Credit lists and procurement bans (ENG-A4, ENG-A5) are imported from files
// by finance departments. Each import is a new version of one list from one
// department — a whole snapshot, never edited in place — and supersedes that
// department's previous version of the same list. A check uses the current
// version from every department, and records which.

// ListKind is a kind of list.
type ListKind string

// The lists. The first three are the credit lists of 财库〔2016〕125号 (ENG-A4);
// bans are procurement bans of GPL Art. 77 and GPL-IR Art. 73 (ENG-A5), in
// force nationwide whoever imposed them (财库〔2015〕150号); major violations
// are the 重大违法记录 of GPL-IR Art. 19 (ENG-A3).
const (
	ListDishonestDebtor ListKind = "dishonest_debtor"      // 失信被执行人
	ListTaxViolation    ListKind = "tax_violation"         // 重大税收违法案件当事人
	ListProcurement     ListKind = "procurement_blacklist" // 政府采购严重违法失信行为记录名单
	ListBan             ListKind = "ban"                   // 禁止参加政府采购活动（1–3年）
	ListViolation       ListKind = "major_violation"       // 重大违法记录（GPL-IR Art. 19）
)

// ListKinds lists every kind; CreditListKinds the three of ENG-A4, which a
// check must find imported.
var (
	ListKinds       = []ListKind{ListDishonestDebtor, ListTaxViolation, ListProcurement, ListBan, ListViolation}
	CreditListKinds = ListKinds[:3]
)

// Valid reports whether k is a known list.
func (k ListKind) Valid() bool {
	for _, x := range ListKinds {
		if x == k {
			return true
		}
	}
	return false
}

// National reports whether the list is a national list (the credit lists of
// 信用中国, the tax administration and 中国政府采购网) rather than decisions
// of the importing department itself (bans, violations).
func (k ListKind) National() bool {
	return k == ListDishonestDebtor || k == ListTaxViolation || k == ListProcurement
}

// Label is the list's name.
func (k ListKind) Label() Msg {
	switch k {
	case ListDishonestDebtor:
		return M("失信被执行人名单", "Judgment defaulters")
	case ListTaxViolation:
		return M("重大税收违法失信主体名单", "Major tax-violation parties")
	case ListProcurement:
		return M("政府采购严重违法失信行为记录名单", "Government procurement serious-violation list")
	case ListBan:
		return M("禁止参加政府采购活动的处罚", "Procurement bans")
	case ListViolation:
		return M("重大违法记录", "Major violations")
	}
	return M(string(k), string(k))
}

// Rule is the ENG rule a hit on the list refuses under.
func (k ListKind) Rule() string {
	switch k {
	case ListBan:
		return "ENG-A5"
	case ListViolation:
		return "ENG-A3"
	}
	return "ENG-A4"
}

// Penalty is the kind of a major violation (GPL-IR Art. 19 ¶1).
type Penalty string

// The penalties that make a violation major.
const (
	PenaltyCriminal   Penalty = "criminal"   // 刑事处罚
	PenaltySuspension Penalty = "suspension" // 责令停产停业
	PenaltyRevocation Penalty = "revocation" // 吊销许可证或者执照
	PenaltyLargeFine  Penalty = "large_fine" // 较大数额罚款
)

// Penalties lists them.
var Penalties = []Penalty{PenaltyCriminal, PenaltySuspension, PenaltyRevocation, PenaltyLargeFine}

// Label is the penalty's name.
func (p Penalty) Label() Msg {
	switch p {
	case PenaltyCriminal:
		return M("刑事处罚", "Criminal penalty")
	case PenaltySuspension:
		return M("责令停产停业", "Suspension of business")
	case PenaltyRevocation:
		return M("吊销许可证或者执照", "Licence revoked")
	case PenaltyLargeFine:
		return M("较大数额罚款", "Large fine")
	}
	return M(string(p), string(p))
}

// CreditList is one imported version of one list from one finance department.
type CreditList struct {
	ID           int64     `json:"id"`
	Kind         ListKind  `json:"kind"`
	SourceOrgID  int64     `json:"source_org_id"` // the finance department that imported it
	SourceName   string    `json:"source_name"`
	Region       string    `json:"region"`
	Version      int       `json:"version"` // 1, 2, … per kind and department
	Source       string    `json:"source"`  // where the data came from, e.g. "信用中国 2026-03-01 查询结果"
	FileSHA256   string    `json:"file_sha256"`
	Entries      int       `json:"entries"`
	ImportedAt   time.Time `json:"imported_at"`
	SupersededBy int64     `json:"superseded_by,omitempty"`
}

// CreditEntry is one row of a list version.
type CreditEntry struct {
	ID         int64      `json:"id"`
	ListID     int64      `json:"list_id"`
	Row        int        `json:"row"` // the row of the imported file
	CreditCode string     `json:"credit_code"`
	Name       string     `json:"name"`
	Authority  string     `json:"authority,omitempty"`  // who decided (bans, violations: the finance department or court)
	DocNo      string     `json:"doc_no,omitempty"`     // the decision's document number
	StartsOn   *time.Time `json:"starts_on,omitempty"`  // first day in force (bans; listings)
	EndsOn     *time.Time `json:"ends_on,omitempty"`    // last day in force; none while open-ended
	DecidedOn  *time.Time `json:"decided_on,omitempty"` // the decision's date (major violations)
	Penalty    Penalty    `json:"penalty,omitempty"`    // major violations
	Reason     string     `json:"reason,omitempty"`
}

// ActiveAt reports whether a listing or ban is in force at t (days in China
// Standard Time; the last day included). An entry without dates is in force.
func (e CreditEntry) ActiveAt(t time.Time) bool {
	if e.StartsOn != nil && t.Before(StartOfDay(*e.StartsOn)) {
		return false
	}
	return e.EndsOn == nil || t.Before(StartOfDay(*e.EndsOn).AddDate(0, 0, 1))
}

// CheckResult is the outcome of a supplier check.
type CheckResult string

// The outcomes.
const (
	CheckPassed  CheckResult = "passed"
	CheckRefused CheckResult = "refused"
)

// ListUsed is one list version a check read.
type ListUsed struct {
	ID          int64    `json:"id"`
	Kind        ListKind `json:"kind"`
	SourceOrgID int64    `json:"source_org_id"`
	Version     int      `json:"version"`
}

// EvidenceUsed is one evidence version a check saw.
type EvidenceUsed struct {
	ID   int64        `json:"id"`
	Kind EvidenceKind `json:"kind"`
}

// CheckFinding is one reason a check refuses (or warns).
type CheckFinding struct {
	Rule    string `json:"rule"`
	ListID  int64  `json:"list_id,omitempty"`
	EntryID int64  `json:"entry_id,omitempty"`
	Detail  Msg    `json:"detail"`
	// A finding on an entry received from another instance (federation):
	// the publishing instance and the entry's leaf index in its log.
	Source   string `json:"source,omitempty"`
	LogIndex int64  `json:"log_index,omitempty"`
}

// ReceivedEntry is a list entry another instance published (a ban it
// imposed, a major violation it recorded), as received and verified against
// that instance's signed log (federation): bans are nationwide (ENG-A5).
type ReceivedEntry struct {
	Source   string   `json:"source"`    // the publishing instance
	LogIndex int64    `json:"log_index"` // the entry's leaf index in its log
	Kind     ListKind `json:"kind"`
	Entry    CreditEntry
}

// SupplierCheck is one recorded check of a supplier's eligibility (ENG-A2–A5):
// what it was for, the time it judged, the list and evidence versions it used
// and what it found. Checks are kept for the record (财库〔2016〕125号:
// 留存查询记录).
type SupplierCheck struct {
	ID        int64          `json:"id"`
	OrgID     int64          `json:"org_id"`
	Ref       string         `json:"ref"` // what it was for, e.g. "procurement 12 lot 1"
	At        time.Time      `json:"at"`  // the time judged (the bid or the deadline)
	CheckedAt time.Time      `json:"checked_at"`
	Result    CheckResult    `json:"result"`
	Rule      string         `json:"rule,omitempty"` // the first refusing rule
	Lists     []ListUsed     `json:"lists"`
	Evidence  []EvidenceUsed `json:"evidence"`
	Hits      []CheckFinding `json:"hits"`
	Warnings  []CheckFinding `json:"warnings"`
}

// MaxCheckRef bounds a check's reference.
const MaxCheckRef = 200

// BidDeclaration is what a bidder declares about a procurement project
// (ENG-A6, GPL-IR Art. 18 ¶2): whether it provided the project's overall
// design, specification, project management, supervision or testing.
type BidDeclaration struct {
	Designed   bool `json:"designed"`   // 整体设计
	Specified  bool `json:"specified"`  // 规范编制
	Managed    bool `json:"managed"`    // 项目管理
	Supervised bool `json:"supervised"` // 监理
	Tested     bool `json:"tested"`     // 检测
}
