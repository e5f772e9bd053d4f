package goumai

import "time"

// InvitationStatus is where an invitation into an organisation stands. Only the
// invited person's acceptance creates the membership (issue 7 item 10).
type InvitationStatus string

// The states, stored as text with a CHECK constraint. Expiry is not a state: a
// pending invitation past ExpiresAt is simply no longer open.
const (
	// InvitationPending: made by an administrator of the organisation
	// (workflow.Invite); left by the invitee's answer or a withdrawal.
	InvitationPending InvitationStatus = "pending"
	// InvitationAccepted: the invitee accepted and the membership exists (final).
	InvitationAccepted InvitationStatus = "accepted"
	// InvitationDeclined: the invitee declined (final).
	InvitationDeclined InvitationStatus = "declined"
	// InvitationWithdrawn: an administrator of the organisation withdrew it (final).
	InvitationWithdrawn InvitationStatus = "withdrawn"
)

// InvitationStatuses lists the states in display order.
var InvitationStatuses = []InvitationStatus{InvitationPending, InvitationAccepted, InvitationDeclined, InvitationWithdrawn}

// CanMoveTo reports whether an invitation may go from s to t: only a pending
// invitation moves, and only to a final state.
func (s InvitationStatus) CanMoveTo(t InvitationStatus) bool {
	return s == InvitationPending && (t == InvitationAccepted || t == InvitationDeclined || t == InvitationWithdrawn)
}

// InvitationTTL is how long an invitation stays open.
const InvitationTTL = 14 * 24 * time.Hour

// Invitation asks a person (by username) to take a role in an organisation.
// UserID, the account the username named when invited (0 if none), is never
// serialised: the inviter must not learn from it whether an account exists.
type Invitation struct {
	ID        int64            `json:"id"`
	OrgID     int64            `json:"org_id"`
	Username  string           `json:"username"`
	UserID    int64            `json:"-"`
	Role      Role             `json:"role"`
	InvitedBy int64            `json:"-"`
	Status    InvitationStatus `json:"status"`
	CreatedAt time.Time        `json:"created_at"`
	ExpiresAt time.Time        `json:"expires_at"`
	DecidedAt *time.Time       `json:"decided_at,omitempty"`
}

// Open reports whether the invitation may still be answered at now.
func (i Invitation) Open(now time.Time) bool {
	return i.Status == InvitationPending && now.Before(i.ExpiresAt)
}

// AlertStatus is where a security alert stands.
type AlertStatus string

// The alert states, stored as text with a CHECK constraint.
const (
	// AlertOpen: raised by goumai when an account's sign-in failures pass the
	// account-wide limit (workflow/throttle.go); left when an administrator closes it.
	AlertOpen AlertStatus = "open"
	// AlertClosed: an administrator who may manage the account looked at it (final).
	AlertClosed AlertStatus = "closed"
)

// AlertLoginAttack is the kind of alert raised for password guessing against one account.
const AlertLoginAttack = "login_attack"

// SecurityAlert tells the administrators of an account's organisations (and of
// their regions' finance departments) that the account is under attack.
type SecurityAlert struct {
	ID       int64       `json:"id"`
	UserID   int64       `json:"user_id"`
	Username string      `json:"username"`
	Kind     string      `json:"kind"`
	Failures int         `json:"failures"`
	RaisedAt time.Time   `json:"raised_at"`
	Status   AlertStatus `json:"status"`
	ClosedBy int64       `json:"closed_by,omitempty"`
	ClosedAt *time.Time  `json:"closed_at,omitempty"`
}
