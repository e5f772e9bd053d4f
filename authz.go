package goumai

import "slices"

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
func (a Actor) Has(r Role) bool { return slices.Contains(a.Roles, r) }

// HasAny reports whether the actor holds one of the roles in its current organisation.
func (a Actor) HasAny(rs ...Role) bool { return slices.ContainsFunc(rs, a.Has) }

// financeStaff reports whether the actor works for a finance department in one of its staff roles.
func (a Actor) financeStaff() bool {
	return a.Org.FinanceDept && a.HasAny(RoleAdmin, RoleFinanceReviewer, RoleFinanceApprover)
}

// Action names something an actor may try to do.
type Action string

// The actions checked by the policy. New use cases add theirs here, with their
// rule in policyRules, so that every decision of who may do what is in this one file.
const (
	ActSignedIn        Action = "session"            // anything a signed-in account does with its own data (its profile, to-do list, password)
	ActViewAdmin       Action = "admin.view"         // open the admin pages
	ActManageOrgs      Action = "org.manage"         // create or edit organisations in a region
	ActActivateOrg     Action = "org.activate"       // approve a self-registered supplier
	ActManageUsers     Action = "user.manage"        // create users and memberships in an organisation
	ActViewPrivate     Action = "event.view_private" // read non-public events of a region
	ActViewOrgInternal Action = "org.view_internal"  // see an organisation's members
	ActGrantRole       Action = "role.grant"         // give a user (Target.UserID) a role (Target.Role) in an organisation

	// The guidance catalogue (O102 Arts. 11–13). Target.Region is the tier
	// (100000 or a province); Target.OrgID the department for a department catalogue.
	ActEditCatalog      Action = "catalog.edit"       // draft a version, edit items, submit
	ActPublishCatalog   Action = "catalog.publish"    // publish or return a version under review (a decision)
	ActViewCatalogDraft Action = "catalog.view_draft" // read versions not yet published
	ActAnswerSuggestion Action = "catalog.answer"     // answer public suggestions publicly

	// The budget (finance department). Target is the line's organisation and region.
	ActManageBudget   Action = "budget.manage"   // create budget lines, appropriate, import, request a transfer
	ActApproveBudget  Action = "budget.approve"  // approve or refuse a requested transfer (a decision)
	ActViewBudget     Action = "budget.view"     // see a line's full ledger and balance (its organisation, finance, auditors)
	ActManageReform   Action = "reform.manage"   // record 事业单位 functions and posts, request 费随事转
	ActViewBudgetFlow Action = "budget.view_all" // list the transfers of a region subtree, requested ones included
	ActRecordPayment  Action = "payment.record"  // record that an approved payment request is paid (国库集中支付; a decision: never by whoever approved it)

	// Projects: application (项目申报) and review (项目评审). Target.OrgID is the
	// purchaser (or, for a review step, the organisation acting at the step),
	// Target.Region the project's region.
	ActDraftProject     Action = "project.draft"     // create, edit, submit and withdraw the organisation's own applications
	ActViewProject      Action = "project.view"      // read an unpublished application and its checks
	ActReviewProject    Action = "project.review"    // act at a review step: Target.Role is the step's role (a decision)
	ActConfigureReview  Action = "review.configure"  // set review chains and unit-cost standards of a region subtree
	ActViewProjectFlags Action = "project.red_flags" // the 两头占 red-flag list
	ActViewStats        Action = "stats.view"        // read a region subtree's statistics, the figures that are not public included

	// Procurement (组织采购). Target.OrgID is the organisation acting (the
	// purchaser, the entrusted agency, or the approving finance department),
	// Target.Region the procedure's region.
	ActEntrustAgency   Action = "procurement.entrust" // record an agency agreement for the organisation's project
	ActRunProcurement  Action = "procurement.run"     // draft, publish, clarify and terminate the organisation's procedures
	ActViewProcurement Action = "procurement.view"    // read a procedure not yet published, and its decisions
	ActApproveMethod   Action = "procurement.approve" // approve or refuse a non-tender method at or above the threshold (a decision)
	ActAskEnquiry      Action = "enquiry.ask"         // ask about a procedure open for bids (询问), for the actor's own organisation
	ActApplyPrequal    Action = "prequal.apply"       // apply to a prequalification (资格预审申请), for the actor's own organisation
	ActBid             Action = "bid.submit"          // draft, submit, replace, withdraw and read the organisation's own sealed bids

	// Procurement rule parameters (thresholds, periods, panels, weights, bonds;
	// RULES.md §14): set by the finance department of a region for its
	// subtree. Target.Region is the region the parameters are for.
	ActConfigureRules Action = "rules.configure" // set, end or replace a region's parameter sets
	// The working-day calendar: the State Council's holiday arrangements are
	// national, so only the Ministry of Finance's administrators load them.
	ActLoadCalendar Action = "calendar.load" // load (or correct) a year's holiday arrangement

	// Training and publicity (issue 13 item 5): a finance department's staff
	// keep the policy documents of their region subtree (Target.Region the
	// document's region): add, describe, version, mark superseded.
	ActManagePolicy Action = "policy.manage"
	// A finance department's staff publish notices to the staff of their
	// region subtree (Target.Region the department's region).
	ActPublishStaffNotice Action = "staff_notice.publish"
	// …and organise trainings for it: create, record attendance.
	ActOrganiseTraining Action = "training.organise"

	// Suppliers (承接主体). Target.OrgID is the supplier, Target.Region its region;
	// for imports Target.Region is the importing department's own region.
	ActManageSupplier    Action = "supplier.manage" // edit the organisation's own profile, evidence items and signing keys
	ActViewSupplier      Action = "supplier.view"   // read a supplier's profile, evidence and checks, and run a check
	ActImportCreditLists Action = "credit.import"   // import credit lists, bans and major violations in the department's own name

	// Challenges and complaints (质疑, 投诉; ENG-D8). Target.OrgID is the
	// challenging supplier (ActChallenge); Target.Region the procedure's
	// region (ActDecideComplaint). The organiser answers a challenge under
	// ActRunProcurement.
	ActChallenge       Action = "challenge.file"   // file or withdraw a challenge, complain, withdraw a complaint, for the actor's own organisation
	ActDecideComplaint Action = "complaint.decide" // decide a complaint, suspend the procurement meanwhile (a decision)
)

// Target is what an action is applied to: an organisation and/or a region, and
// for decisions the item's history (Item) and the step decided (Step).
type Target struct {
	OrgID  int64
	Region string
	Role   Role  // the role a configured step requires (ActReviewProject); the role granted (ActGrantRole)
	UserID int64 // the user who acted (ActViewPrivate); the user given the role (ActGrantRole; NoAccount for a username without an account)

	// Item is who has acted on the item so far; required by every decision
	// (policyRules' decision flag), which fails closed without it.
	Item *Involvement
	// Step names the step of the item's chain the actor would decide (e.g. a
	// review step's index, "publish", "approve").
	Step string
}

// NoAccount is Target.UserID of a grant to a person who has no account yet (an
// invitation by username): the grant names its grantee, who is not the granter.
const NoAccount int64 = -1

// Involvement is who has acted on one item (a project, a catalogue version, a
// budget transfer, and later a procurement, contract or payment), read from its
// recorded history: who drafted, edited or submitted it, and who decided which step.
type Involvement struct {
	Drafters []int64          // users who drafted, edited, submitted or requested it
	Decided  map[int64]string // user → the step they decided
}

// Drafted records that a user drafted, edited or submitted the item.
func (v *Involvement) Drafted(user int64) {
	if user != 0 && !slices.Contains(v.Drafters, user) {
		v.Drafters = append(v.Drafters, user)
	}
}

// Decide records that a user decided a step of the item.
func (v *Involvement) Decide(user int64, step string) {
	if user == 0 {
		return
	}
	if v.Decided == nil {
		v.Decided = map[int64]string{}
	}
	v.Decided[user] = step
}

// RuleSeparation names the internal-control rule of separation of duties
// (不相容岗位相互分离): 《行政事业单位内部控制规范（试行）》（财会〔2012〕21号）
// Art. 12(1) lists the separation of incompatible posts as the first control
// method: whoever handles a matter (经办) does not approve it (审批), and the
// approvals of one matter are made by different people so that each checks the
// others. Error.Rule carries it when the policy refuses for this reason.
const RuleSeparation = "IC-12"

// separate applies separation of duties to a decision by user u at step: whoever
// drafted or submitted the item never decides on it, and one person decides at
// most one step of its chain. goumai itself (System) is not a person.
func (v *Involvement) separate(u int64, step string) error {
	if v == nil {
		return &Error{Code: EInternal, Message: M("系统内部错误", "internal error"),
			Err: errorString("policy: a decision was checked without the item's involvement")}
	}
	if slices.Contains(v.Drafters, u) {
		return &Error{Code: EForbidden, Rule: RuleSeparation,
			Message: M("不相容岗位相互分离：经办（起草、修改、送审或申请）该事项的人员不能审核或审批该事项（《行政事业单位内部控制规范（试行）》第十二条）",
				"separation of duties: whoever drafted, edited, submitted or requested an item may not decide on it (Internal Control Standard for Administrative and Public Institutions, Art. 12)")}
	}
	if s, ok := v.Decided[u]; ok && s != step {
		return &Error{Code: EForbidden, Rule: RuleSeparation,
			Message: M("不相容岗位相互分离：同一人只能审批同一事项的一个环节，您已审批过该事项的其他环节（《行政事业单位内部控制规范（试行）》第十二条）",
				"separation of duties: one person decides at most one step of an item, and you decided another step of this one (Internal Control Standard for Administrative and Public Institutions, Art. 12)")}
	}
	return nil
}

type errorString string

func (e errorString) Error() string { return string(e) }

// Policy is goumai's one authorisation policy: every route and use case asks it.
// A finance department's staff see their region's subtree (a province sees its
// prefectures and counties; a county only itself); everyone else sees their own
// organisation.
type Policy struct{ Regions *Regions }

// policyRule is the rule of one action: who may ever take it (the roles,
// whatever the target: the gate every route checks before reading a byte of
// the request body), on which targets, and whether it is a decision on an item,
// to which separation of duties applies.
type policyRule struct {
	who      func(a Actor) bool
	on       func(p Policy, a Actor, t Target) bool
	decision bool
}

// anyTarget is the target rule of actions whose only condition is the role.
func anyTarget(Policy, Actor, Target) bool { return true }

// policyRules is every action's rule.
var policyRules = map[Action]policyRule{
	ActSignedIn:  {who: func(Actor) bool { return true }, on: anyTarget},
	ActViewAdmin: {who: func(a Actor) bool { return a.Has(RoleAdmin) }, on: anyTarget},
	ActManageOrgs: {who: func(a Actor) bool { return a.Has(RoleAdmin) && a.Org.FinanceDept },
		on: func(p Policy, a Actor, t Target) bool { return p.inRegion(a, t.Region) }},
	ActActivateOrg: {who: func(a Actor) bool { return a.Has(RoleAdmin) && a.Org.FinanceDept },
		on: func(p Policy, a Actor, t Target) bool { return p.inRegion(a, t.Region) }},
	ActManageUsers: {who: func(a Actor) bool { return a.Has(RoleAdmin) },
		on: func(p Policy, a Actor, t Target) bool { return p.ownOrManaged(a, t) }},
	ActViewOrgInternal: {who: func(a Actor) bool { return a.HasAny(RoleAdmin, RoleAuditor) },
		on: func(p Policy, a Actor, t Target) bool {
			return a.Has(RoleAdmin) && p.ownOrManaged(a, t) || a.Has(RoleAuditor) && p.inRegion(a, t.Region)
		}},
	ActGrantRole: {who: func(a Actor) bool { return a.Has(RoleAdmin) },
		on: func(p Policy, a Actor, t Target) bool {
			// Nobody grants themselves a role: another administrator of the
			// organisation, or the finance department above, must.
			if t.UserID == 0 || t.UserID == a.UserID {
				return false
			}
			// Roles that read a whole region (auditors) are granted only by that
			// region's finance department; others by whoever manages the users.
			if t.Role == RoleAuditor {
				return a.Org.FinanceDept && p.inRegion(a, t.Region)
			}
			return p.ownOrManaged(a, t)
		}},
	ActViewPrivate: {who: func(a Actor) bool { return true },
		on: func(p Policy, a Actor, t Target) bool {
			// Auditors and finance administrators read a region's private records;
			// everyone reads those of their own actions and their own organisation.
			return (a.Has(RoleAuditor) || a.Has(RoleAdmin) && a.Org.FinanceDept) && p.inRegion(a, t.Region) ||
				t.UserID != 0 && t.UserID == a.UserID || t.OrgID != 0 && t.OrgID == a.Org.ID
		}},

	ActEditCatalog: {who: func(a Actor) bool {
		return a.Has(RoleFinanceReviewer) && a.Org.FinanceDept || a.HasAny(RolePurchaserStaff, RolePurchaserApprover)
	},
		on: func(p Policy, a Actor, t Target) bool {
			// The tier's own finance department drafts (a county cannot edit its
			// province's catalogue); a department drafts its own within the tier.
			return a.Has(RoleFinanceReviewer) && p.tierFinance(a, t.Region) ||
				t.OrgID != 0 && t.OrgID == a.Org.ID && a.HasAny(RolePurchaserStaff, RolePurchaserApprover)
		}},
	ActPublishCatalog: {who: func(a Actor) bool { return a.Has(RoleFinanceApprover) && a.Org.FinanceDept },
		on: func(p Policy, a Actor, t Target) bool { return p.tierFinance(a, t.Region) }, decision: true},
	ActAnswerSuggestion: {who: func(a Actor) bool { return a.Org.FinanceDept && a.HasAny(RoleFinanceReviewer, RoleFinanceApprover) },
		on: func(p Policy, a Actor, t Target) bool { return p.tierFinance(a, t.Region) }},
	ActViewCatalogDraft: {who: func(a Actor) bool { return len(a.Roles) > 0 },
		on: func(p Policy, a Actor, t Target) bool {
			return (a.Has(RoleAuditor) || a.financeStaff()) && p.inRegion(a, t.Region) || t.OrgID != 0 && t.OrgID == a.Org.ID
		}},

	// Budget is the finance department's: its staff manage lines in their region
	// subtree; a transfer they request is approved by another person.
	ActManageBudget: {who: Actor.financeStaff, on: func(p Policy, a Actor, t Target) bool { return p.inRegion(a, t.Region) }},
	ActManageReform: {who: Actor.financeStaff, on: func(p Policy, a Actor, t Target) bool { return p.inRegion(a, t.Region) }},
	ActApproveBudget: {who: func(a Actor) bool { return a.Org.FinanceDept && a.Has(RoleFinanceApprover) },
		on: func(p Policy, a Actor, t Target) bool { return p.inRegion(a, t.Region) }, decision: true},
	ActViewBudget: {who: func(a Actor) bool { return len(a.Roles) > 0 },
		on: func(p Policy, a Actor, t Target) bool {
			// An organisation sees its own lines; finance staff and auditors those of their subtree.
			return t.OrgID != 0 && t.OrgID == a.Org.ID || (a.Has(RoleAuditor) || a.financeStaff()) && p.inRegion(a, t.Region)
		}},
	// The payment of a request is recorded by the finance staff of the
	// contract's region, never by whoever asked for or approved it (IC-12).
	ActRecordPayment: {who: Actor.financeStaff, on: func(p Policy, a Actor, t Target) bool { return p.inRegion(a, t.Region) }, decision: true},
	ActViewBudgetFlow: {who: func(a Actor) bool { return a.Has(RoleAuditor) || a.financeStaff() },
		on: func(p Policy, a Actor, t Target) bool { return p.inRegion(a, t.Region) }},

	ActDraftProject: {who: func(a Actor) bool { return a.Has(RolePurchaserStaff) },
		on: func(p Policy, a Actor, t Target) bool { return t.OrgID != 0 && t.OrgID == a.Org.ID }},
	ActViewProject: {who: func(a Actor) bool {
		return a.HasAny(RolePurchaserStaff, RolePurchaserApprover, RoleAuditor) || a.financeStaff()
	},
		on: func(p Policy, a Actor, t Target) bool {
			// The applying organisation's purchaser staff; finance staff and auditors of the subtree.
			return t.OrgID != 0 && t.OrgID == a.Org.ID && a.HasAny(RolePurchaserStaff, RolePurchaserApprover) ||
				(a.Has(RoleAuditor) || a.financeStaff()) && p.inRegion(a, t.Region)
		}},
	ActReviewProject: {who: func(a Actor) bool { return a.HasAny(RolePurchaserApprover, RoleFinanceReviewer, RoleFinanceApprover) },
		on: func(p Policy, a Actor, t Target) bool {
			// Only the organisation acting at the step, in the step's role: another
			// county's reviewer holds the role but for another organisation.
			return t.OrgID != 0 && t.OrgID == a.Org.ID && t.Role != "" && a.Has(t.Role) && p.inRegion(a, t.Region)
		}, decision: true},
	ActConfigureReview: {who: func(a Actor) bool { return a.Org.FinanceDept && a.Has(RoleAdmin) },
		on: func(p Policy, a Actor, t Target) bool { return p.inRegion(a, t.Region) }},
	ActViewProjectFlags: {who: func(a Actor) bool { return a.Has(RoleAuditor) || a.financeStaff() },
		on: func(p Policy, a Actor, t Target) bool { return p.inRegion(a, t.Region) }},
	// A finance department's staff and its auditors read their subtree's
	// statistics whole; a county never reads a sibling's (only the public ones).
	ActViewStats: {who: func(a Actor) bool { return a.Has(RoleAuditor) || a.financeStaff() },
		on: func(p Policy, a Actor, t Target) bool { return p.inRegion(a, t.Region) }},

	ActEntrustAgency: {who: func(a Actor) bool { return a.HasAny(RolePurchaserStaff, RolePurchaserApprover) },
		on: func(p Policy, a Actor, t Target) bool { return t.OrgID != 0 && t.OrgID == a.Org.ID }},
	// The purchaser's staff, or the staff of the agency it entrusted: the use
	// case names the organisation (purchaser or agency) in Target.OrgID.
	ActRunProcurement: {who: func(a Actor) bool { return a.HasAny(RolePurchaserStaff, RoleAgency) },
		on: func(p Policy, a Actor, t Target) bool { return t.OrgID != 0 && t.OrgID == a.Org.ID }},
	ActViewProcurement: {who: func(a Actor) bool {
		return a.HasAny(RolePurchaserStaff, RolePurchaserApprover, RoleAgency, RoleAuditor) || a.financeStaff()
	},
		on: func(p Policy, a Actor, t Target) bool {
			return t.OrgID != 0 && t.OrgID == a.Org.ID && a.HasAny(RolePurchaserStaff, RolePurchaserApprover, RoleAgency) ||
				(a.Has(RoleAuditor) || a.financeStaff()) && p.inRegion(a, t.Region)
		}},
	// A finance approver of the approving department (设区的市 level or above,
	// GPL-IR Art. 23), named by the use case in Target.OrgID.
	ActApproveMethod: {who: func(a Actor) bool { return a.Org.FinanceDept && a.Has(RoleFinanceApprover) },
		on: func(p Policy, a Actor, t Target) bool {
			return t.OrgID != 0 && t.OrgID == a.Org.ID && p.inRegion(a, t.Region)
		},
		decision: true},
	// A supplier's staff ask about a procedure open for bids (询问, GPL Art. 51)
	// for their own organisation, one that may supply and whose registration
	// was approved (active); the use case checks the procedure. The organisers
	// answer under ActRunProcurement.
	ActAskEnquiry: {who: func(a Actor) bool { return a.Has(RoleSupplier) && a.Org.Active && a.Org.CanSupply() },
		on: func(p Policy, a Actor, t Target) bool { return t.OrgID != 0 && t.OrgID == a.Org.ID }},
	// A supplier's staff apply for their own organisation (GPL-IR Art. 21).
	ActApplyPrequal: {who: func(a Actor) bool { return a.Has(RoleSupplier) && a.Org.Active && a.Org.CanSupply() },
		on: func(p Policy, a Actor, t Target) bool { return t.OrgID != 0 && t.OrgID == a.Org.ID }},

	// A finance department's administrators set the parameters of their
	// region and the regions below it (GPL Arts. 7, 8; GPL-IR Art. 5: a
	// province may set values for its prefectures and counties), never above.
	ActConfigureRules: {who: func(a Actor) bool { return a.Org.FinanceDept && a.Has(RoleAdmin) },
		on: func(p Policy, a Actor, t Target) bool { return p.inRegion(a, t.Region) }},
	ActManagePolicy:       {who: Actor.financeStaff, on: func(p Policy, a Actor, t Target) bool { return p.inRegion(a, t.Region) }},
	ActPublishStaffNotice: {who: Actor.financeStaff, on: func(p Policy, a Actor, t Target) bool { return t.Region != "" && t.Region == a.Org.Region }},
	ActOrganiseTraining:   {who: Actor.financeStaff, on: func(p Policy, a Actor, t Target) bool { return t.Region != "" && t.Region == a.Org.Region }},
	ActLoadCalendar:       {who: func(a Actor) bool { return a.Has(RoleAdmin) && a.Org.FinanceDept && a.Org.Region == NationalCode }, on: anyTarget},

	// A supplier's administrator keeps its profile, evidence and keys (nobody
	// else writes them). Its members read them; so do finance staff of any
	// region, since a supplier bids anywhere and the procurement's finance
	// department must see its checks; auditors in their region.
	ActManageSupplier: {who: func(a Actor) bool { return a.Has(RoleAdmin) && a.Org.CanSupply() },
		on: func(p Policy, a Actor, t Target) bool { return t.OrgID != 0 && t.OrgID == a.Org.ID }},
	ActViewSupplier: {who: func(a Actor) bool { return a.HasAny(RoleSupplier, RoleAdmin, RoleAuditor) || a.financeStaff() },
		on: func(p Policy, a Actor, t Target) bool {
			return t.OrgID != 0 && t.OrgID == a.Org.ID && a.HasAny(RoleSupplier, RoleAdmin) || a.financeStaff() ||
				a.Has(RoleAuditor) && p.inRegion(a, t.Region)
		}},
	// Finance staff import lists in their own department's name only; what
	// they import counts nationwide (财库〔2015〕150号), and the use case lets
	// only departments of province level or above import the national credit lists.
	ActImportCreditLists: {who: Actor.financeStaff,
		on: func(p Policy, a Actor, t Target) bool { return t.Region != "" && t.Region == a.Org.Region }},
	// A supplier's staff bid for their own organisation, one that may supply
	// and whose registration was approved; the use case checks the procedure.
	// Nobody else has any action on a sealed bid before opening.
	ActBid: {who: func(a Actor) bool { return a.Has(RoleSupplier) && a.Org.Active && a.Org.CanSupply() },
		on: func(p Policy, a Actor, t Target) bool { return t.OrgID != 0 && t.OrgID == a.Org.ID }},
	// A supplier's staff challenge and complain for their own organisation
	// (GPL Arts. 52, 55); the use case checks that it takes part in the procedure.
	ActChallenge: {who: func(a Actor) bool { return a.Has(RoleSupplier) && a.Org.Active && a.Org.CanSupply() },
		on: func(p Policy, a Actor, t Target) bool { return t.OrgID != 0 && t.OrgID == a.Org.ID }},
	// A finance approver of the finance department of the procedure's region,
	// or of one above it, decides a complaint (GPL Art. 55: 同级政府采购监督管理部门).
	ActDecideComplaint: {who: func(a Actor) bool { return a.Org.FinanceDept && a.Has(RoleFinanceApprover) },
		on: func(p Policy, a Actor, t Target) bool { return p.inRegion(a, t.Region) }, decision: true},
}

// Actions lists every action of the policy, for the documents generated from it.
func Actions() []Action {
	out := make([]Action, 0, len(policyRules))
	for a := range policyRules {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// IsDecision reports whether act is a decision on an item (separation of duties applies).
func IsDecision(act Action) bool { return policyRules[act].decision }

// Can returns nil if a may perform act on t, an EForbidden or EUnauthorized Error
// otherwise. For a decision (ActReviewProject, ActPublishCatalog,
// ActApproveBudget, …) it also applies separation of duties to t.Item.
func (p Policy) Can(a Actor, act Action, t Target) error {
	r, err := p.rule(a, act)
	if err != nil {
		return err
	}
	if a.IsSystem() {
		return nil
	}
	if !r.who(a) || !r.on(p, a, t) {
		return ErrForbidden()
	}
	if r.decision {
		return t.Item.separate(a.UserID, t.Step)
	}
	return nil
}

// Gate returns nil if a could perform act on some target: the role-level check
// that every route makes before it reads the request body, so that someone who
// may never take the action learns nothing from validating their input.
func (p Policy) Gate(a Actor, act Action) error {
	r, err := p.rule(a, act)
	if err != nil || a.IsSystem() {
		return err
	}
	if !r.who(a) {
		return ErrForbidden()
	}
	return nil
}

func (p Policy) rule(a Actor, act Action) (policyRule, error) {
	r, ok := policyRules[act]
	if !ok {
		return r, &Error{Code: EInternal, Message: M("系统内部错误", "internal error"), Err: errorString("policy: unknown action " + string(act))}
	}
	if a.Anonymous() {
		return r, Errorf(EUnauthorized, "请先登录", "please sign in")
	}
	return r, nil
}

// inRegion reports whether the target region lies in the actor's organisation's subtree.
func (p Policy) inRegion(a Actor, region string) bool {
	if region == "" || p.Regions == nil {
		return false
	}
	return p.Regions.Contains(a.Org.Region, region)
}

// ownOrManaged reports whether the target organisation is the actor's own, or
// one in the region subtree of the actor's finance department.
func (p Policy) ownOrManaged(a Actor, t Target) bool {
	return t.OrgID != 0 && t.OrgID == a.Org.ID || a.Org.FinanceDept && p.inRegion(a, t.Region)
}

// tierFinance reports whether the actor is the finance department of exactly
// this tier: catalogue decisions are not delegated down or up the region tree.
func (p Policy) tierFinance(a Actor, tier string) bool {
	return a.Org.FinanceDept && tier != "" && a.Org.Region == tier
}

// VisibleRegion returns the root of the region subtree whose private data the actor
// may list, or "" if none (list queries filter by it).
func (p Policy) VisibleRegion(a Actor) string {
	if a.Has(RoleAuditor) || a.financeStaff() {
		return a.Org.Region
	}
	return ""
}
