package goumai

// Progress reports (工作进展情况报告, issue 13 item 2): who files, who reviews,
// who reads an unpublished one. An accepted report is public: the use case
// lets anyone read it without asking the policy.
const (
	// ActFileWorkReport: the finance staff of the region itself draft, edit
	// and file its report (nobody files for a region they do not lead: not
	// the province for its county, not a county for its neighbour).
	ActFileWorkReport Action = "work_report.file"
	// ActReviewWorkReport: the finance reviewers and approvers of the region
	// directly above return or accept a filed report (a decision).
	ActReviewWorkReport Action = "work_report.review"
	// ActViewWorkReport: finance staff and auditors read the unpublished
	// reports of their region and the regions below (a county reads its own,
	// never a sibling's).
	ActViewWorkReport Action = "work_report.view"
)

func init() {
	policyRules[ActFileWorkReport] = policyRule{who: Actor.financeStaff,
		on: func(p Policy, a Actor, t Target) bool { return t.Region != "" && t.Region == a.Org.Region }}
	policyRules[ActReviewWorkReport] = policyRule{who: func(a Actor) bool {
		return a.Org.FinanceDept && a.HasAny(RoleFinanceReviewer, RoleFinanceApprover)
	},
		on: func(p Policy, a Actor, t Target) bool {
			if p.Regions == nil {
				return false
			}
			g, ok := p.Regions.Get(t.Region)
			return ok && g.Parent != "" && g.Parent == a.Org.Region
		}, decision: true}
	policyRules[ActViewWorkReport] = policyRule{who: func(a Actor) bool { return a.Has(RoleAuditor) || a.financeStaff() },
		on: func(p Policy, a Actor, t Target) bool { return p.inRegion(a, t.Region) }}
}

// ActEditWorkPlan: draft, edit and publish a work plan (工作计划和实施方案,
// issue 13 item 3): the finance staff of the plan's region itself, or the
// staff of a department (a purchaser) for its own plan in its own region.
const ActEditWorkPlan Action = "work_plan.edit"

func init() {
	policyRules[ActEditWorkPlan] = policyRule{who: func(a Actor) bool { return a.financeStaff() || a.Has(RolePurchaserStaff) },
		on: func(p Policy, a Actor, t Target) bool {
			if t.Region == "" || t.Region != a.Org.Region {
				return false
			}
			return a.financeStaff() || a.Has(RolePurchaserStaff) && t.OrgID != 0 && t.OrgID == a.Org.ID
		}}
}
