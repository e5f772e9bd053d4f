package goumai

// The expert pool and panel draws (issue 9 item 2; ENG-F3). Their actions
// are kept here, registered into policyRules, so that the branches adding
// actions to authz.go at once do not collide.
const (
	// A finance department's staff keep the expert database of their region
	// (a province or the nation): add experts, set them in or out of the pool.
	// Target.Region is the database's region.
	ActManageExperts Action = "expert.manage"
	// An expert keeps their own profile, sees their own seats (the encrypted
	// project code before the day) and declares a conflict. Target.UserID is the expert.
	ActServeAsExpert Action = "expert.serve"
	// A finance department's staff of the procedure's region (or above)
	// supervise its draws: commit to a secret before the request, reveal it
	// after. Target.Region is the procedure's region.
	ActSuperviseDraw Action = "panel.supervise"
	// The purchaser's own procurement staff designate its representatives
	// (采购人代表) on the panel of its procedure, whoever organises it (an
	// agency does not choose the purchaser's people). Target.OrgID is the
	// procedure's purchaser.
	ActSeatRepresentative Action = "panel.representative"
)

func init() {
	policyRules[ActManageExperts] = policyRule{who: Actor.financeStaff,
		on: func(p Policy, a Actor, t Target) bool { return p.inRegion(a, t.Region) }}
	policyRules[ActServeAsExpert] = policyRule{who: func(a Actor) bool { return a.Has(RoleExpert) },
		on: func(p Policy, a Actor, t Target) bool { return t.UserID != 0 && t.UserID == a.UserID }}
	policyRules[ActSuperviseDraw] = policyRule{who: Actor.financeStaff,
		on: func(p Policy, a Actor, t Target) bool { return p.inRegion(a, t.Region) }}
	policyRules[ActSeatRepresentative] = policyRule{who: func(a Actor) bool { return a.Has(RolePurchaserStaff) },
		on: func(p Policy, a Actor, t Target) bool { return t.OrgID != 0 && t.OrgID == a.Org.ID }}
}
