package goumai

import "time"

// The panel (评标委员会 for tenders, 谈判小组 / 磋商小组 otherwise; ENG-F1–F4)
// evaluates the opened bids of a procedure. Its experts are drawn at random
// from the expert pool (verifiably: see the draw), or self-selected under
// ENG-F3; the purchaser's representative sits on it and counts towards its
// size. A member recused after the draw leaves, and a replacement is drawn
// the same way.

// PanelMemberKind is what a member is on the panel.
type PanelMemberKind string

// The kinds of member.
const (
	PanelExpert       PanelMemberKind = "expert"        // 评审专家
	PanelPurchaserRep PanelMemberKind = "purchaser_rep" // 采购人代表
)

// PanelMemberStatus is whether a member sits on the panel.
type PanelMemberStatus string

// The member states: active → recused (a conflict declared or found after
// the draw; final).
const (
	PanelActive  PanelMemberStatus = "active"
	PanelRecused PanelMemberStatus = "recused"
)

// PanelMember is one member of a procedure's panel.
type PanelMember struct {
	ID            int64             `json:"id"`
	ProcurementID int64             `json:"procurement_id"`
	UserID        int64             `json:"user_id"`
	Kind          PanelMemberKind   `json:"kind"`
	SelfSelected  bool              `json:"self_selected"` // ENG-F3: marked in the result notice
	DrawID        int64             `json:"draw_id,omitempty"`
	Status        PanelMemberStatus `json:"status"`
	JoinedAt      time.Time         `json:"joined_at"`
	LeftAt        *time.Time        `json:"left_at,omitempty"`
	LeftReason    string            `json:"left_reason,omitempty"`
}
