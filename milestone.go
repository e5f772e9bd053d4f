package goumai

import "time"

// Contract milestones (履约节点 / 付款计划, issue 10 items 4 and 6): a contract
// is delivered in one or more milestones, each with its deliverables, due
// date and share of the payment schedule. The amounts sum to the contract's
// amount. The supplier submits a delivered milestone for acceptance (验收);
// the acceptance group accepts or rejects it (ENG-H6), and only an accepted
// milestone is paid (ENG-H7). The milestones are set with the contract and
// are part of its canonical form, so both parties sign the schedule.

// MilestoneStatus is where a milestone stands.
type MilestoneStatus string

// The states of a milestone.
const (
	MilestonePending   MilestoneStatus = "pending"   // not yet delivered
	MilestoneSubmitted MilestoneStatus = "submitted" // the supplier says it is delivered; acceptance asked
	MilestoneAccepted  MilestoneStatus = "accepted"  // 验收合格: may be paid (ENG-H7)
	MilestoneRejected  MilestoneStatus = "rejected"  // 验收不合格: back to the supplier, may be submitted again
)

// MilestoneStatuses lists the states.
var MilestoneStatuses = []MilestoneStatus{MilestonePending, MilestoneSubmitted, MilestoneAccepted, MilestoneRejected}

// Label names the state.
func (s MilestoneStatus) Label() Msg {
	switch s {
	case MilestonePending:
		return M("履约中", "Pending")
	case MilestoneSubmitted:
		return M("已提交验收", "Submitted for acceptance")
	case MilestoneAccepted:
		return M("验收合格", "Accepted")
	case MilestoneRejected:
		return M("验收不合格", "Rejected")
	}
	return M(string(s), string(s))
}

// MilestoneAction is what may be done to a milestone.
type MilestoneAction string

// The milestone actions.
const (
	MilestoneSubmit MilestoneAction = "submit" // the supplier asks for acceptance
	MilestoneAccept MilestoneAction = "accept" // the acceptance group finds it delivered
	MilestoneReject MilestoneAction = "reject" // the acceptance group finds it not delivered
)

// MilestoneTransition returns the state after act from st; false: the action
// is not allowed.
func MilestoneTransition(st MilestoneStatus, act MilestoneAction) (MilestoneStatus, bool) {
	switch {
	case act == MilestoneSubmit && (st == MilestonePending || st == MilestoneRejected):
		return MilestoneSubmitted, true
	case act == MilestoneAccept && st == MilestoneSubmitted:
		return MilestoneAccepted, true
	case act == MilestoneReject && st == MilestoneSubmitted:
		return MilestoneRejected, true
	}
	return st, false
}

// Milestone is one milestone of a contract.
type Milestone struct {
	ID           int64           `json:"id"`
	ContractID   int64           `json:"contract_id"`
	No           int             `json:"no"` // 1..n in the contract
	Title        string          `json:"title"`
	Deliverables string          `json:"deliverables"`
	DueOn        string          `json:"due_on"` // YYYY-MM-DD, inside the contract's term
	Amount       Fen             `json:"amount"` // this milestone's share of the payment schedule
	Status       MilestoneStatus `json:"status"`
	SubmittedAt  *time.Time      `json:"submitted_at,omitempty"`
	AcceptedAt   *time.Time      `json:"accepted_at,omitempty"`
	Version      int             `json:"version"`
}

// MilestoneInput is a milestone as set with the contract.
type MilestoneInput struct {
	Title        string `json:"title"`
	Deliverables string `json:"deliverables"`
	DueOn        string `json:"due_on"`
	Amount       Fen    `json:"amount"`
}

// canonicalMilestone is what a contract's hash covers of a milestone: what
// the parties agree to, not where its delivery stands.
type canonicalMilestone struct {
	No           int    `json:"no"`
	Title        string `json:"title"`
	Deliverables string `json:"deliverables"`
	DueOn        string `json:"due_on"`
	Amount       Fen    `json:"amount"`
}

func canonicalMilestones(ms []Milestone) []canonicalMilestone {
	var out []canonicalMilestone
	for _, m := range ms {
		out = append(out, canonicalMilestone{No: m.No, Title: m.Title, Deliverables: m.Deliverables, DueOn: m.DueOn, Amount: m.Amount})
	}
	return out
}

func init() {
	for k, v := range map[string]Msg{
		"milestone.set":    M("设定履约节点", "Contract milestone set"),
		"milestone.remove": M("删除履约节点", "Contract milestone removed"),
	} {
		EventActions[k] = v
	}
}
