package goumai

import "time"

// Supervision (项目监管) and acceptance (验收) of contracts in force (issue 10
// item 4). While a contract is delivered, the supplier keeps its project
// ledger (台账, ENG-H8) of progress reports; the purchaser and the finance
// department of the region inspect (检查) and order rectifications (整改通知)
// within a number of working days; anyone may report a problem with the
// service (a public complaint), which the purchaser answers publicly. Each
// milestone is accepted (验收) by a group the purchaser forms — for a public
// service with at least one representative of the service's users (ENG-H6)
// — whose members each give an opinion; the accepted milestone may be paid
// (ENG-H7) and, for a public service, the 公共服务项目验收结果公告 is published
// (REQ-C22).

// ProgressReport is one entry of a contract's project ledger (台账, ENG-H8):
// what the supplier delivered on a day, the service quantity and its proof.
type ProgressReport struct {
	ID         int64     `json:"id"`
	ContractID int64     `json:"contract_id"`
	ReportOn   string    `json:"report_on"` // YYYY-MM-DD, the day reported
	Content    string    `json:"content"`
	Quantity   int64     `json:"quantity"` // service quantity delivered, in Unit
	Unit       string    `json:"unit"`     // 人次, 小时, 户, …
	Files      []File    `json:"files"`    // attachments (sign-in sheets, photos, records)
	CreatedBy  int64     `json:"created_by,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// Inspection is a check (检查) of a contract's delivery by the purchaser or
// the finance department of the contract's region, with its findings.
type Inspection struct {
	ID          int64     `json:"id"`
	ContractID  int64     `json:"contract_id"`
	OrgID       int64     `json:"org_id"` // the inspecting organisation
	InspectedOn string    `json:"inspected_on"`
	Findings    string    `json:"findings"`
	CreatedBy   int64     `json:"created_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// RectificationStatus is where a rectification order stands.
type RectificationStatus string

// The states of a rectification order.
const (
	RectificationOpen      RectificationStatus = "open"      // issued, awaiting the supplier's response
	RectificationResponded RectificationStatus = "responded" // the supplier says it is rectified: follow-up due
	RectificationClosed    RectificationStatus = "closed"    // the follow-up found it rectified
	RectificationOverdue   RectificationStatus = "overdue"   // the follow-up found it not rectified by the deadline
)

// RectificationStatuses lists the states.
var RectificationStatuses = []RectificationStatus{RectificationOpen, RectificationResponded, RectificationClosed, RectificationOverdue}

// Label names the state.
func (s RectificationStatus) Label() Msg {
	switch s {
	case RectificationOpen:
		return M("待整改", "Awaiting rectification")
	case RectificationResponded:
		return M("已回复，待复查", "Responded, follow-up due")
	case RectificationClosed:
		return M("整改完成", "Closed (rectified)")
	case RectificationOverdue:
		return M("逾期未整改", "Overdue (not rectified)")
	}
	return M(string(s), string(s))
}

// RectificationAction is what may be done to a rectification order.
type RectificationAction string

// The rectification actions.
const (
	RectificationRespond RectificationAction = "respond" // the supplier reports what it did
	RectificationClose   RectificationAction = "close"   // the follow-up finds it rectified
	RectificationReopen  RectificationAction = "reopen"  // the follow-up finds the response insufficient: rectify again
	RectificationLapse   RectificationAction = "lapse"   // the follow-up finds the deadline passed without rectification
)

// RectificationTransition returns the state after act from st; false: not
// allowed. A late response to an overdue order is still taken.
func RectificationTransition(st RectificationStatus, act RectificationAction) (RectificationStatus, bool) {
	switch {
	case act == RectificationRespond && (st == RectificationOpen || st == RectificationOverdue):
		return RectificationResponded, true
	case act == RectificationClose && st == RectificationResponded:
		return RectificationClosed, true
	case act == RectificationReopen && st == RectificationResponded:
		return RectificationOpen, true
	case act == RectificationLapse && (st == RectificationOpen || st == RectificationResponded):
		return RectificationOverdue, true
	}
	return st, false
}

// Rectification is a rectification order (整改通知): what must be put right,
// within how many working days, the supplier's response and the follow-up.
type Rectification struct {
	ID           int64               `json:"id"`
	ContractID   int64               `json:"contract_id"`
	InspectionID int64               `json:"inspection_id,omitempty"` // the inspection that found it, if any
	OrgID        int64               `json:"org_id"`                  // the issuing organisation
	Issue        string              `json:"issue"`
	Days         int                 `json:"days"`   // working days to rectify
	DueAt        time.Time           `json:"due_at"` // the end of the last working day
	Status       RectificationStatus `json:"status"`
	Response     string              `json:"response,omitempty"`
	Files        []File              `json:"files"` // the response's proof
	RespondedAt  *time.Time          `json:"responded_at,omitempty"`
	FollowUp     string              `json:"follow_up,omitempty"` // the follow-up's note
	FollowedAt   *time.Time          `json:"followed_at,omitempty"`
	Version      int                 `json:"version"`
	CreatedBy    int64               `json:"created_by,omitempty"`
	CreatedAt    time.Time           `json:"created_at"`
}

// Overdue reports whether the order is overdue at now: found so, or still
// awaiting the response after its deadline (a red flag and a to-do item).
func (r Rectification) Overdue(now time.Time) bool {
	return r.Status == RectificationOverdue || r.Status == RectificationOpen && now.After(r.DueAt)
}

// ServiceComplaint is a public report or complaint (投诉举报) about a service
// in delivery: anyone may file one, personal data redacted (REQ-C23); the
// purchaser answers it, and both are public.
type ServiceComplaint struct {
	ID         int64      `json:"id"`
	ContractID int64      `json:"contract_id"`
	Body       string     `json:"body"`
	Answer     string     `json:"answer,omitempty"`
	AnsweredAt *time.Time `json:"answered_at,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
}

// AcceptanceRole is an acceptance group member's standing.
type AcceptanceRole string

// The members of an acceptance group.
const (
	MemberPurchaser   AcceptanceRole = "purchaser"    // the purchaser's staff
	MemberExpert      AcceptanceRole = "expert"       // an expert or professional
	MemberServiceUser AcceptanceRole = "service_user" // a representative of the service's users (ENG-H6)
	MemberOther       AcceptanceRole = "other"        // another participant (a third party, a community representative)
)

// AcceptanceRoles lists the members' standings.
var AcceptanceRoles = []AcceptanceRole{MemberPurchaser, MemberExpert, MemberServiceUser, MemberOther}

// Label names the standing.
func (r AcceptanceRole) Label() Msg {
	switch r {
	case MemberPurchaser:
		return M("采购人代表", "Purchaser's representative")
	case MemberExpert:
		return M("专家", "Expert")
	case MemberServiceUser:
		return M("服务对象代表", "Service-user representative")
	case MemberOther:
		return M("其他人员", "Other")
	}
	return M(string(r), string(r))
}

// AcceptanceMember is a member of an acceptance group (验收组) and the
// opinion the member gave.
type AcceptanceMember struct {
	Name    string         `json:"name"`
	Role    AcceptanceRole `json:"role"`
	Unit    string         `json:"unit,omitempty"`    // the member's organisation or community
	Opinion string         `json:"opinion,omitempty"` // the member's written opinion
	Agrees  *bool          `json:"agrees,omitempty"`  // whether the member finds the milestone delivered; nil: no opinion yet
}

// AcceptanceStatus is where an acceptance stands.
type AcceptanceStatus string

// The states of an acceptance.
const (
	AcceptanceSubmitted AcceptanceStatus = "submitted" // the supplier submitted the milestone; the group is to be formed
	AcceptanceReviewing AcceptanceStatus = "reviewing" // the group is formed; its members give their opinions
	AcceptanceAccepted  AcceptanceStatus = "accepted"  // 验收合格
	AcceptanceRejected  AcceptanceStatus = "rejected"  // 验收不合格
)

// Label names the state.
func (s AcceptanceStatus) Label() Msg {
	switch s {
	case AcceptanceSubmitted:
		return M("已提交，待组建验收组", "Submitted, group to be formed")
	case AcceptanceReviewing:
		return M("验收中", "Under acceptance")
	case AcceptanceAccepted:
		return M("验收合格", "Accepted")
	case AcceptanceRejected:
		return M("验收不合格", "Rejected")
	}
	return M(string(s), string(s))
}

// Decided reports whether the acceptance has its result.
func (s AcceptanceStatus) Decided() bool { return s == AcceptanceAccepted || s == AcceptanceRejected }

// Acceptance is one round of a milestone's acceptance (验收): the supplier's
// submission with its deliverables, the group, each member's opinion and
// the result with its reasons. A rejected milestone submitted again is a new
// round.
type Acceptance struct {
	ID            int64              `json:"id"`
	MilestoneID   int64              `json:"milestone_id"`
	ContractID    int64              `json:"contract_id"`
	Round         int                `json:"round"`
	Report        string             `json:"report"` // the supplier's account of the deliverables
	Files         []File             `json:"files"`
	PublicService bool               `json:"public_service"` // the project is a public service: a service user must take part (ENG-H6)
	Members       []AcceptanceMember `json:"members"`
	Status        AcceptanceStatus   `json:"status"`
	Reasons       string             `json:"reasons,omitempty"` // 验收意见: the result's reasons
	SubmittedAt   time.Time          `json:"submitted_at"`
	DecidedAt     *time.Time         `json:"decided_at,omitempty"`
	NoticeID      int64              `json:"notice_id,omitempty"` // the 公共服务项目验收结果公告
	Version       int                `json:"version"`
}

// AcceptanceNoticeLine is the 公共服务项目验收结果公告's body (REQ-C22): the
// contract and project, the parties, the service content, the acceptance
// date, the group's members (service-user representatives included) and the
// 验收意见, personal data redacted (REQ-C23).
type AcceptanceNoticeLine struct {
	ContractNumber string             `json:"contract_number"`
	ContractTitle  string             `json:"contract_title"`
	ProjectCode    string             `json:"project_code"`
	Purchaser      string             `json:"purchaser"`
	Supplier       string             `json:"supplier"`
	ServiceContent string             `json:"service_content"`
	MilestoneNo    int                `json:"milestone_no"`
	Milestone      string             `json:"milestone"`
	Deliverables   string             `json:"deliverables"`
	Amount         Fen                `json:"amount"`      // the milestone's share of the payment schedule
	AcceptedOn     string             `json:"accepted_on"` // 验收日期
	Members        []AcceptanceMember `json:"members"`     // names, standings and units; no opinions' flags
	Result         AcceptanceStatus   `json:"result"`
	Opinion        string             `json:"opinion"` // 验收意见
}

func init() {
	for k, v := range map[string]Msg{
		"ledger.report":            M("登记履约台账", "Progress report entered in the project ledger"),
		"inspection.record":        M("记录履约检查", "Inspection recorded"),
		"rectification.issue":      M("下达整改通知", "Rectification order issued"),
		"rectification.respond":    M("回复整改通知", "Rectification order answered"),
		"rectification.close":      M("整改复查通过", "Rectification closed after follow-up"),
		"rectification.reopen":     M("整改复查未通过", "Rectification reopened after follow-up"),
		"rectification.lapse":      M("整改逾期", "Rectification overdue"),
		"service_complaint.file":   M("提交服务投诉举报", "Service complaint filed"),
		"service_complaint.answer": M("答复服务投诉举报", "Service complaint answered"),
		"milestone.submit":         M("提交履约节点验收", "Milestone submitted for acceptance"),
		"acceptance.group":         M("组建验收组", "Acceptance group formed"),
		"acceptance.opinion":       M("记录验收组成员意见", "Acceptance member's opinion recorded"),
		"acceptance.accept":        M("验收合格", "Milestone accepted"),
		"acceptance.reject":        M("验收不合格", "Milestone rejected"),
		"notice.acceptance":        M("发布公共服务项目验收结果公告", "Public service acceptance notice published"),
	} {
		EventActions[k] = v
	}
}
