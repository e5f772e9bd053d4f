package goumai

// ActSupervise is the supervision of a contract in force (项目监管, issue 10
// item 4): inspect its delivery and order and follow up rectifications. The
// purchaser's staff supervise their organisation's contracts (the use case
// names the purchaser in Target.OrgID); the finance department's staff
// supervise every contract of their region and the regions below it.
const ActSupervise Action = "contract.supervise"

func init() {
	policyRules[ActSupervise] = policyRule{who: func(a Actor) bool { return a.Has(RolePurchaserStaff) || a.financeStaff() },
		on: func(p Policy, a Actor, t Target) bool {
			return a.Has(RolePurchaserStaff) && t.OrgID != 0 && t.OrgID == a.Org.ID || a.financeStaff() && p.inRegion(a, t.Region)
		}}
}
