package goumai

// Actor is who performs an action: a signed-in user acting for one organisation
// in the roles they hold there. The zero Actor is the anonymous public.
type Actor struct {
	UserID   int64
	Username string
	Name     string
	Org      Org
	Roles    []Role
}

// System is the actor for changes made by goumai itself (migrations, demo set-up, the scheduler).
var System = Actor{Username: "system", Name: "系统"}

// Anonymous reports whether the actor is the public.
func (a Actor) Anonymous() bool { return a.UserID == 0 && a.Username == "" }

// IsSystem reports whether the actor is goumai itself.
func (a Actor) IsSystem() bool { return a.UserID == 0 && a.Username == System.Username }

// Has reports whether the actor holds role r in its current organisation.
func (a Actor) Has(r Role) bool {
	for _, x := range a.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Action names something an actor may try to do.
type Action string

// The actions checked by the policy. New use cases add theirs here, so that
// every decision of who may do what is in this one file.
const (
	ActViewAdmin       Action = "admin.view"         // open the admin pages
	ActManageOrgs      Action = "org.manage"         // create or edit organisations in a region
	ActActivateOrg     Action = "org.activate"       // approve a self-registered supplier
	ActManageUsers     Action = "user.manage"        // create users and memberships in an organisation
	ActViewPrivate     Action = "event.view_private" // read non-public events of a region
	ActViewOrgInternal Action = "org.view_internal"  // see an organisation's members
	ActGrantRole       Action = "role.grant"         // give a user a role (Target.Role) in an organisation

	// The guidance catalogue (O102 Arts. 11–13). Target.Region is the tier
	// (100000 or a province); Target.OrgID the department for a department catalogue.
	ActEditCatalog      Action = "catalog.edit"       // draft a version, edit items, submit
	ActPublishCatalog   Action = "catalog.publish"    // publish or return a version under review
	ActViewCatalogDraft Action = "catalog.view_draft" // read versions not yet published
	ActAnswerSuggestion Action = "catalog.answer"     // answer public suggestions publicly
	ActManageBudget     Action = "budget.manage"      // create budget lines, appropriate, import, transfer (finance department)
	ActViewBudget       Action = "budget.view"        // see a line's full ledger and balance (its organisation, finance, auditors)
	ActManageReform     Action = "reform.manage"      // record 事业单位 functions and posts, 费随事转 (finance department)

	// Projects: application (项目申报) and review (项目评审). Target.OrgID is the
	// purchaser (or, for a review step, the organisation acting at the step),
	// Target.Region the project's region.
	ActDraftProject     Action = "project.draft"     // create, edit, submit and withdraw the organisation's own applications
	ActViewProject      Action = "project.view"      // read an unpublished application and its checks
	ActReviewProject    Action = "project.review"    // act at a review step: Target.Role is the step's role
	ActConfigureReview  Action = "review.configure"  // set review chains and unit-cost standards of a region subtree
	ActViewProjectFlags Action = "project.red_flags" // the 两头占 red-flag list
)

// Target is what an action is applied to: an organisation and/or a region.
type Target struct {
	OrgID  int64
	Region string
	Role   Role  // the role a configured step requires (ActReviewProject); the role granted (ActGrantRole)
	UserID int64 // the user who acted (ActViewPrivate)
}

// Policy is goumai's one authorisation policy: every route and use case asks it.
// A finance department's staff see their region's subtree (a province sees its
// prefectures and counties; a county only itself); everyone else sees their own
// organisation.
type Policy struct{ Regions *Regions }

// Can returns nil if a may perform act on t, an EForbidden or EUnauthorized Error otherwise.
func (p Policy) Can(a Actor, act Action, t Target) error {
	if a.Anonymous() {
		return Errorf(EUnauthorized, "请先登录", "please sign in")
	}
	if a.IsSystem() {
		return nil
	}
	ok := false
	switch act {
	case ActViewAdmin:
		ok = a.Has(RoleAdmin)
	case ActManageOrgs, ActActivateOrg:
		ok = a.Has(RoleAdmin) && a.Org.FinanceDept && p.inRegion(a, t.Region)
	case ActManageUsers, ActViewOrgInternal:
		ok = a.Has(RoleAdmin) && (t.OrgID == a.Org.ID || a.Org.FinanceDept && p.inRegion(a, t.Region))
		if act == ActViewOrgInternal && a.Has(RoleAuditor) && p.inRegion(a, t.Region) {
			ok = true
		}
	case ActManageBudget, ActManageReform:
		// Budget is the finance department's: its staff manage lines in their region subtree.
		ok = a.Org.FinanceDept && (a.Has(RoleAdmin) || a.Has(RoleFinanceReviewer) || a.Has(RoleFinanceApprover)) && p.inRegion(a, t.Region)
	case ActViewBudget:
		// An organisation sees its own lines; finance staff and auditors those of their subtree.
		ok = t.OrgID != 0 && t.OrgID == a.Org.ID && len(a.Roles) > 0 ||
			(a.Has(RoleAuditor) || a.Org.FinanceDept && (a.Has(RoleAdmin) || a.Has(RoleFinanceReviewer) || a.Has(RoleFinanceApprover))) && p.inRegion(a, t.Region)
	case ActEditCatalog:
		// The tier's own finance department drafts (a county cannot edit its
		// province's catalogue); a department drafts its own within the tier.
		ok = a.Has(RoleFinanceReviewer) && p.tierFinance(a, t.Region) ||
			t.OrgID != 0 && t.OrgID == a.Org.ID && (a.Has(RolePurchaserStaff) || a.Has(RolePurchaserApprover))
	case ActPublishCatalog:
		ok = a.Has(RoleFinanceApprover) && p.tierFinance(a, t.Region)
	case ActAnswerSuggestion:
		ok = (a.Has(RoleFinanceReviewer) || a.Has(RoleFinanceApprover)) && p.tierFinance(a, t.Region)
	case ActViewCatalogDraft:
		ok = (a.Has(RoleAuditor) || a.Org.FinanceDept && (a.Has(RoleFinanceReviewer) || a.Has(RoleFinanceApprover) || a.Has(RoleAdmin))) &&
			p.inRegion(a, t.Region) || t.OrgID != 0 && t.OrgID == a.Org.ID
	case ActGrantRole:
		// Roles that read a whole region (auditors) are granted only by that
		// region's finance department; others by whoever manages the users.
		if t.Role == RoleAuditor {
			ok = a.Has(RoleAdmin) && a.Org.FinanceDept && p.inRegion(a, t.Region)
		} else {
			ok = a.Has(RoleAdmin) && (t.OrgID == a.Org.ID || a.Org.FinanceDept && p.inRegion(a, t.Region))
		}
		// Nobody grants themselves a role (Target.UserID is the grantee).
		ok = ok && !(t.UserID != 0 && t.UserID == a.UserID)
	case ActViewPrivate:
		// Auditors and finance administrators read a region's private records;
		// everyone reads those of their own actions and their own organisation.
		ok = (a.Has(RoleAuditor) || a.Has(RoleAdmin) && a.Org.FinanceDept) && p.inRegion(a, t.Region) ||
			t.UserID != 0 && t.UserID == a.UserID || t.OrgID != 0 && t.OrgID == a.Org.ID
	case ActDraftProject:
		ok = a.Has(RolePurchaserStaff) && t.OrgID != 0 && t.OrgID == a.Org.ID
	case ActViewProject:
		// The applying organisation's purchaser staff; finance staff and auditors of the subtree.
		ok = t.OrgID != 0 && t.OrgID == a.Org.ID && (a.Has(RolePurchaserStaff) || a.Has(RolePurchaserApprover)) ||
			(a.Has(RoleAuditor) || a.Org.FinanceDept && (a.Has(RoleAdmin) || a.Has(RoleFinanceReviewer) || a.Has(RoleFinanceApprover))) && p.inRegion(a, t.Region)
	case ActReviewProject:
		// Only the organisation acting at the step, in the step's role: another
		// county's reviewer holds the role but for another organisation.
		ok = t.OrgID != 0 && t.OrgID == a.Org.ID && t.Role != "" && a.Has(t.Role) && p.inRegion(a, t.Region)
	case ActConfigureReview:
		ok = a.Org.FinanceDept && a.Has(RoleAdmin) && p.inRegion(a, t.Region)
	case ActViewProjectFlags:
		ok = (a.Has(RoleAuditor) || a.Org.FinanceDept && (a.Has(RoleAdmin) || a.Has(RoleFinanceReviewer) || a.Has(RoleFinanceApprover))) && p.inRegion(a, t.Region)
	}
	if !ok {
		return ErrForbidden()
	}
	return nil
}

// inRegion reports whether the target region lies in the actor's organisation's subtree.
func (p Policy) inRegion(a Actor, region string) bool {
	if region == "" || p.Regions == nil {
		return false
	}
	return p.Regions.Contains(a.Org.Region, region)
}

// tierFinance reports whether the actor is the finance department of exactly
// this tier: catalogue decisions are not delegated down or up the region tree.
func (p Policy) tierFinance(a Actor, tier string) bool {
	return a.Org.FinanceDept && tier != "" && a.Org.Region == tier
}

// VisibleRegion returns the root of the region subtree whose private data the actor
// may list, or "" if none (list queries filter by it).
func (p Policy) VisibleRegion(a Actor) string {
	if a.Has(RoleAuditor) || a.Org.FinanceDept && (a.Has(RoleAdmin) || a.Has(RoleFinanceReviewer) || a.Has(RoleFinanceApprover)) {
		return a.Org.Region
	}
	return ""
}
