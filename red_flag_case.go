package goumai

import "time"

// Follow-up of red flags (issue 12 item 2), as ChileCompra does it: the
// auditors and the finance department of a region go through the flags of
// their region subtree and open a case on one. The case either asks the
// purchaser for an explanation (情况说明) within a number of China's working
// days — a to-do item on the purchaser's list, overdue on both sides' lists
// once the deadline passes — or opens an inspection (核查) by the auditing
// organisation itself; an unanswered or unconvincing explanation may also be
// taken to inspection. The auditing side then records the outcome with its
// opinion (意见): the explanation justified it (合理说明), the purchaser
// corrected it (已整改), or the matter is referred (移送) to the competent
// authority. A closed case is public with its flag, indicator, legal basis,
// explanation and outcome.

// RedFlagCaseStatus is where the follow-up of a flag stands. The zero value
// (RedFlagCaseNone) is a flag nobody has taken up.
type RedFlagCaseStatus string

// The states of a follow-up case.
const (
	RedFlagCaseNone       RedFlagCaseStatus = ""           // no case yet
	RedFlagCaseSent       RedFlagCaseStatus = "sent"       // sent to the purchaser, awaiting its explanation
	RedFlagCaseAnswered   RedFlagCaseStatus = "answered"   // the purchaser explained; the outcome is due
	RedFlagCaseInspecting RedFlagCaseStatus = "inspecting" // opened as an inspection by the auditing side
	RedFlagCaseClosed     RedFlagCaseStatus = "closed"     // the outcome is recorded; public
)

// RedFlagCaseStatuses lists the states of a case (without None).
var RedFlagCaseStatuses = []RedFlagCaseStatus{RedFlagCaseSent, RedFlagCaseAnswered, RedFlagCaseInspecting, RedFlagCaseClosed}

// Valid reports whether s is a state of a case.
func (s RedFlagCaseStatus) Valid() bool {
	for _, x := range RedFlagCaseStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// Label names the state.
func (s RedFlagCaseStatus) Label() Msg {
	switch s {
	case RedFlagCaseNone:
		return M("未处理", "Not followed up")
	case RedFlagCaseSent:
		return M("已发函，待说明", "Sent, explanation due")
	case RedFlagCaseAnswered:
		return M("已说明，待认定", "Explained, outcome due")
	case RedFlagCaseInspecting:
		return M("核查中", "Under inspection")
	case RedFlagCaseClosed:
		return M("已办结", "Closed")
	}
	return M(string(s), string(s))
}

// RedFlagCaseAction is a step of a case.
type RedFlagCaseAction string

// The steps of a case.
const (
	RedFlagCaseSend    RedFlagCaseAction = "send"    // ask the purchaser for an explanation
	RedFlagCaseInspect RedFlagCaseAction = "inspect" // open an inspection
	RedFlagCaseAnswer  RedFlagCaseAction = "answer"  // the purchaser explains
	RedFlagCaseClose   RedFlagCaseAction = "close"   // record the outcome
)

// RedFlagCaseTransition returns the state after act from st; false: not
// allowed. A flag is sent or inspected first; a sent flag is answered or
// taken to inspection (no answer, or not enough); an answered or inspected
// flag is closed with its outcome. A closed case does not move.
func RedFlagCaseTransition(st RedFlagCaseStatus, act RedFlagCaseAction) (RedFlagCaseStatus, bool) {
	switch {
	case act == RedFlagCaseSend && st == RedFlagCaseNone:
		return RedFlagCaseSent, true
	case act == RedFlagCaseInspect && (st == RedFlagCaseNone || st == RedFlagCaseSent || st == RedFlagCaseAnswered):
		return RedFlagCaseInspecting, true
	case act == RedFlagCaseAnswer && st == RedFlagCaseSent:
		return RedFlagCaseAnswered, true
	case act == RedFlagCaseClose && (st == RedFlagCaseAnswered || st == RedFlagCaseInspecting):
		return RedFlagCaseClosed, true
	}
	return st, false
}

// RedFlagOutcome is what the follow-up found.
type RedFlagOutcome string

// The outcomes of a case.
const (
	RedFlagJustified RedFlagOutcome = "justified" // 合理说明: the explanation accounts for the pattern
	RedFlagCorrected RedFlagOutcome = "corrected" // 已整改: the purchaser put it right
	RedFlagReferred  RedFlagOutcome = "referred"  // 移送: referred to the competent authority (discipline, audit, public security)
)

// RedFlagOutcomes lists the outcomes.
var RedFlagOutcomes = []RedFlagOutcome{RedFlagJustified, RedFlagCorrected, RedFlagReferred}

// Valid reports whether o is an outcome.
func (o RedFlagOutcome) Valid() bool {
	return o == RedFlagJustified || o == RedFlagCorrected || o == RedFlagReferred
}

// Label names the outcome.
func (o RedFlagOutcome) Label() Msg {
	switch o {
	case RedFlagJustified:
		return M("合理说明", "Justified")
	case RedFlagCorrected:
		return M("已整改", "Corrected")
	case RedFlagReferred:
		return M("移送", "Referred")
	}
	return M(string(o), string(o))
}

// RedFlagCase is the follow-up of one red flag (one case per flag).
type RedFlagCase struct {
	ID             int64             `json:"id"`
	FlagID         int64             `json:"flag_id"`
	Region         string            `json:"region"`                     // the flag's region
	PurchaserOrgID int64             `json:"purchaser_org_id,omitempty"` // the flag's purchaser (0: not one of ours)
	OrgID          int64             `json:"org_id"`                     // the auditing organisation that opened it
	Status         RedFlagCaseStatus `json:"status"`
	Request        string            `json:"request,omitempty"` // what the purchaser is asked to explain
	Days           int               `json:"days,omitempty"`    // working days to answer
	DueAt          *time.Time        `json:"due_at,omitempty"`  // the end of the last working day
	SentAt         *time.Time        `json:"sent_at,omitempty"`
	Answer         string            `json:"answer,omitempty"` // the purchaser's explanation
	Files          []File            `json:"files"`            // the explanation's attachments
	AnsweredAt     *time.Time        `json:"answered_at,omitempty"`
	Findings       string            `json:"findings,omitempty"` // the inspection's findings
	InspectedAt    *time.Time        `json:"inspected_at,omitempty"`
	Outcome        RedFlagOutcome    `json:"outcome,omitempty"`
	Opinion        string            `json:"opinion,omitempty"` // 意见
	ClosedAt       *time.Time        `json:"closed_at,omitempty"`
	Version        int               `json:"version"`
	CreatedBy      int64             `json:"created_by,omitempty"`
	CreatedAt      time.Time         `json:"created_at"`
}

// Overdue reports whether the purchaser's explanation is overdue at now.
func (c RedFlagCase) Overdue(now time.Time) bool {
	return c.Status == RedFlagCaseSent && c.DueAt != nil && now.After(*c.DueAt)
}

// SentToPurchaser reports whether the purchaser was asked: from then on the
// purchaser's staff see the flag and the case.
func (c RedFlagCase) SentToPurchaser() bool { return c.SentAt != nil }

// RedFlagCounts are the follow-up figures of a region or a purchaser: flags
// raised, sent for an explanation, answered, and closed by outcome.
type RedFlagCounts struct {
	Region         string `json:"region,omitempty"`
	PurchaserOrgID int64  `json:"purchaser_org_id,omitempty"`
	Indicator      string `json:"indicator,omitempty"`
	Raised         int    `json:"raised"`
	Sent           int    `json:"sent"`
	Answered       int    `json:"answered"`
	Inspected      int    `json:"inspected"`
	Justified      int    `json:"justified"`
	Corrected      int    `json:"corrected"`
	Referred       int    `json:"referred"`
}

// Add adds o's figures to c's.
func (c *RedFlagCounts) Add(o RedFlagCounts) {
	c.Raised += o.Raised
	c.Sent += o.Sent
	c.Answered += o.Answered
	c.Inspected += o.Inspected
	c.Justified += o.Justified
	c.Corrected += o.Corrected
	c.Referred += o.Referred
}

// ActFollowRedFlags is the follow-up of red flags: the auditors and the
// finance department's staff of a region read the flags of its subtree, send
// them to purchasers, open inspections and record outcomes. Target.Region is
// the flag's region.
const ActFollowRedFlags Action = "red_flag.follow"

// ActAnswerRedFlag is a purchaser's explanation of a flag sent to it: its
// staff answer for their own organisation (Target.OrgID).
const ActAnswerRedFlag Action = "red_flag.answer"

func init() {
	policyRules[ActFollowRedFlags] = policyRule{who: func(a Actor) bool { return a.Has(RoleAuditor) || a.financeStaff() },
		on: func(p Policy, a Actor, t Target) bool { return p.inRegion(a, t.Region) }}
	policyRules[ActAnswerRedFlag] = policyRule{who: func(a Actor) bool { return a.HasAny(RolePurchaserStaff, RolePurchaserApprover) },
		on: func(p Policy, a Actor, t Target) bool { return t.OrgID != 0 && t.OrgID == a.Org.ID }}
	for k, v := range map[string]Msg{
		"red_flag.send":    M("风险提示发函要求情况说明", "Red flag sent to the purchaser for an explanation"),
		"red_flag.inspect": M("风险提示立案核查", "Red flag opened as an inspection"),
		"red_flag.answer":  M("采购人就风险提示作出说明", "Purchaser explained a red flag"),
		"red_flag.close":   M("风险提示处理办结", "Red flag case closed"),
	} {
		EventActions[k] = v
	}
}
