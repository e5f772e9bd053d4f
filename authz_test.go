package goumai

import "testing"

// TestPolicy: a finance department sees its region's subtree, a county only itself,
// an organisation's administrator only the organisation.
func TestPolicy(t *testing.T) {
	p := Policy{Regions: testRegions(t)}
	fin := func(region string, roles ...Role) Actor {
		return Actor{UserID: 1, Username: "u", Org: Org{ID: 10, Kind: KindStateOrgan, FinanceDept: true, Region: region}, Roles: roles}
	}
	supplierAdmin := Actor{UserID: 2, Username: "s", Org: Org{ID: 20, Kind: KindEnterprise, Region: "330106"}, Roles: []Role{RoleAdmin, RoleSupplier}}
	auditor := Actor{UserID: 3, Username: "a", Org: Org{ID: 30, Kind: KindStateOrgan, Region: "330000"}, Roles: []Role{RoleAuditor}}
	for _, c := range []struct {
		name string
		a    Actor
		act  Action
		t    Target
		want Code
	}{
		{"anonymous", Actor{}, ActViewAdmin, Target{}, EUnauthorized},
		{"province admin manages a county org", fin("330000", RoleAdmin), ActManageOrgs, Target{Region: "330106"}, ""},
		{"prefecture admin manages its county", fin("330100", RoleAdmin), ActManageOrgs, Target{Region: "330110"}, ""},
		{"prefecture admin cannot reach the other prefecture", fin("330100", RoleAdmin), ActManageOrgs, Target{Region: "330203"}, EForbidden},
		{"county admin cannot reach its neighbour", fin("330106", RoleAdmin), ActManageOrgs, Target{Region: "330110"}, EForbidden},
		{"county admin cannot reach upward", fin("330106", RoleAdmin), ActActivateOrg, Target{Region: "330100"}, EForbidden},
		{"a reviewer is not an administrator", fin("330000", RoleFinanceReviewer), ActManageOrgs, Target{Region: "330106"}, EForbidden},
		{"supplier admin manages its own users", supplierAdmin, ActManageUsers, Target{OrgID: 20, Region: "330106"}, ""},
		{"supplier admin cannot manage another org", supplierAdmin, ActManageUsers, Target{OrgID: 21, Region: "330106"}, EForbidden},
		{"supplier admin cannot create orgs", supplierAdmin, ActManageOrgs, Target{Region: "330106"}, EForbidden},
		{"auditor reads private events in its subtree", auditor, ActViewPrivate, Target{Region: "330203"}, ""},
		{"auditor cannot read outside", auditor, ActViewPrivate, Target{Region: "110000"}, EForbidden},
		{"supplier cannot read private events", supplierAdmin, ActViewPrivate, Target{Region: "330106"}, EForbidden},
		{"supplier reads its own organisation's private events", supplierAdmin, ActViewPrivate, Target{Region: "330106", OrgID: 20}, ""},
		{"supplier reads the private events of its own actions", supplierAdmin, ActViewPrivate, Target{Region: "330106", OrgID: 99, UserID: 2}, ""},
		{"supplier cannot read another organisation's private events", supplierAdmin, ActViewPrivate, Target{Region: "330106", OrgID: 21, UserID: 7}, EForbidden},
		{"system may do anything", System, ActManageOrgs, Target{Region: "330106"}, ""},
		{"an organisation's admin grants ordinary roles in it", supplierAdmin, ActGrantRole, Target{OrgID: 20, Region: "330106", Role: RoleSupplier, UserID: 5}, ""},
		{"an organisation's admin cannot grant auditor", supplierAdmin, ActGrantRole, Target{OrgID: 20, Region: "330106", Role: RoleAuditor, UserID: 5}, EForbidden},
		{"an organisation's admin cannot grant itself a role", supplierAdmin, ActGrantRole, Target{OrgID: 20, Region: "330106", Role: RoleSupplier, UserID: 2}, EForbidden},
		{"a finance admin cannot grant itself a role in a managed org", fin("330000", RoleAdmin), ActGrantRole, Target{OrgID: 20, Region: "330106", Role: RoleExpert, UserID: 1}, EForbidden},
		{"a grant names its grantee", supplierAdmin, ActGrantRole, Target{OrgID: 20, Region: "330106", Role: RoleSupplier}, EForbidden},
		{"the region's finance admin grants auditor", fin("330100", RoleAdmin), ActGrantRole, Target{OrgID: 40, Region: "330106", Role: RoleAuditor, UserID: 5}, ""},
		{"a county finance admin cannot grant auditor upward", fin("330106", RoleAdmin), ActGrantRole, Target{OrgID: 40, Region: "330100", Role: RoleAuditor, UserID: 5}, EForbidden},
	} {
		if got := ErrorCode(p.Can(c.a, c.act, c.t)); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestRoleAllowedFor(t *testing.T) {
	finance := Org{Kind: KindStateOrgan, FinanceDept: true}
	bureau := Org{Kind: KindStateOrgan}
	ngo := Org{Kind: KindSocialOrg}
	hospital := Org{Kind: KindInstitution, Class: ClassPublicI}
	for _, c := range []struct {
		r    Role
		o    Org
		want bool
	}{
		{RolePurchaserStaff, bureau, true}, {RolePurchaserStaff, ngo, false}, {RolePurchaserStaff, hospital, false},
		{RoleFinanceReviewer, finance, true}, {RoleFinanceReviewer, bureau, false},
		{RoleSupplier, ngo, true}, {RoleSupplier, bureau, false}, {RoleSupplier, hospital, false},
		{RoleAuditor, bureau, true}, {RoleAuditor, ngo, false},
		{RoleExpert, hospital, true}, {RoleAdmin, ngo, true},
	} {
		if got := c.r.AllowedFor(c.o); got != c.want {
			t.Errorf("%s in %+v: %v, want %v", c.r, c.o, got, c.want)
		}
	}
}

func TestPassword(t *testing.T) {
	for _, c := range []struct {
		pw string
		ok bool
	}{
		{"Demo-2026-goumai", true}, {"abcdefghij1", true}, {"abcdefghijk", false}, {"short1", false}, {"一二三四五六七八九十1", true},
	} {
		if got := CheckPassword(c.pw) == nil; got != c.ok {
			t.Errorf("CheckPassword(%q) ok = %v, want %v", c.pw, got, c.ok)
		}
	}
	u := NewUser{Username: " Zhang.San ", DisplayName: "张三", Password: "Demo-2026-goumai"}
	if err := u.Validate(); err != nil || u.Username != "zhang.san" {
		t.Errorf("Validate = %v, username %q", err, u.Username)
	}
	bad := NewUser{Username: "1x", DisplayName: "", Password: "x"}
	e := AsError(bad.Validate())
	for _, f := range []string{"username", "display_name", "password"} {
		if _, ok := e.Fields[f]; !ok {
			t.Errorf("no error on %s", f)
		}
	}
}

// TestSeparationOfDuties: the policy's one rule for every decision (不相容岗位相互分离,
// 财会〔2012〕21号 Art. 12), one row per clause.
func TestSeparationOfDuties(t *testing.T) {
	p := Policy{Regions: testRegions(t)}
	fin := Org{ID: 10, Kind: KindStateOrgan, FinanceDept: true, Region: "330106"}
	approver := Actor{UserID: 7, Username: "ap", Org: fin, Roles: []Role{RoleFinanceApprover, RoleFinanceReviewer, RoleAdmin}}
	item := func(drafters []int64, decided map[int64]string) *Involvement {
		return &Involvement{Drafters: drafters, Decided: decided}
	}
	for _, c := range []struct {
		name string
		act  Action
		t    Target
		want Code
	}{
		{"a decision by someone who took no part", ActApproveBudget, Target{Region: "330106", Item: item([]int64{3}, nil), Step: "approve"}, ""},
		{"whoever requested never approves", ActApproveBudget, Target{Region: "330106", Item: item([]int64{7}, nil), Step: "approve"}, EForbidden},
		{"whoever drafted never publishes", ActPublishCatalog, Target{Region: "330106", Item: item([]int64{3, 7}, nil), Step: "publish"}, EForbidden},
		{"whoever submitted never reviews", ActReviewProject, Target{OrgID: 10, Region: "330106", Role: RoleFinanceApprover, Item: item([]int64{7}, nil), Step: "2"}, EForbidden},
		{"one person decides at most one step", ActReviewProject, Target{OrgID: 10, Region: "330106", Role: RoleFinanceApprover, Item: item([]int64{3}, map[int64]string{7: "1"}), Step: "2"}, EForbidden},
		{"the same step again in a later round", ActReviewProject, Target{OrgID: 10, Region: "330106", Role: RoleFinanceApprover, Item: item([]int64{3}, map[int64]string{7: "2"}), Step: "2"}, ""},
		{"another person's earlier step does not count", ActReviewProject, Target{OrgID: 10, Region: "330106", Role: RoleFinanceApprover, Item: item([]int64{3}, map[int64]string{8: "1"}), Step: "2"}, ""},
		{"a decision without the item's history fails closed", ActApproveBudget, Target{Region: "330106", Step: "approve"}, EInternal},
		{"the roles are checked first", ActReviewProject, Target{OrgID: 11, Region: "330106", Role: RoleFinanceApprover, Item: item(nil, nil), Step: "2"}, EForbidden},
		{"actions that decide nothing ignore the history", ActManageBudget, Target{Region: "330106", Item: item([]int64{7}, nil)}, ""},
		{"whoever requested a method's approval never approves it", ActApproveMethod, Target{OrgID: 10, Region: "330106", Item: item([]int64{7}, nil), Step: "approve"}, EForbidden},
		{"a method approved by someone else", ActApproveMethod, Target{OrgID: 10, Region: "330106", Item: item([]int64{3}, nil), Step: "approve"}, ""},
		{"whoever complained never decides the complaint", ActDecideComplaint, Target{Region: "330106", Item: item([]int64{7}, nil), Step: "decide"}, EForbidden},
		{"a complaint decided by someone else", ActDecideComplaint, Target{Region: "330106", Item: item([]int64{3}, nil), Step: "decide"}, ""},
		{"whoever approved a payment for the finance department never records it", ActRecordPayment, Target{Region: "330106", Item: item([]int64{3}, map[int64]string{7: "finance"}), Step: "pay"}, EForbidden},
		{"a payment recorded by someone who approved nothing", ActRecordPayment, Target{Region: "330106", Item: item([]int64{3}, map[int64]string{8: "finance"}), Step: "pay"}, ""},
	} {
		err := p.Can(approver, c.act, c.t)
		if got := ErrorCode(err); got != c.want {
			t.Errorf("%s: got %q (%v), want %q", c.name, got, err, c.want)
		}
		if c.want == EForbidden && c.t.Item != nil && c.t.OrgID != 11 {
			if e := AsError(err); e.Rule != RuleSeparation || e.Message.ZH == "" || e.Message.EN == "" {
				t.Errorf("%s: the refusal %+v does not name %s in both languages", c.name, e, RuleSeparation)
			}
		}
	}
	if err := p.Can(System, ActApproveBudget, Target{Region: "330106"}); err != nil {
		t.Errorf("goumai itself is no person: %v", err)
	}
	for _, act := range Actions() {
		if IsDecision(act) && act != ActReviewProject && act != ActPublishCatalog && act != ActApproveBudget && act != ActApproveMethod && act != ActDecideComplaint && act != ActRecordPayment &&
			act != ActReviewWorkReport { // TestWorkReportPolicy's separation rows
			t.Errorf("decision %s has no row here", act)
		}
	}
}

// TestPolicyGate: the role-level gate checked before a request body is read
// lets through exactly those who hold a role the action could accept.
func TestPolicyGate(t *testing.T) {
	p := Policy{Regions: testRegions(t)}
	supplier := Actor{UserID: 2, Username: "s", Org: Org{ID: 20, Kind: KindEnterprise, Region: "330106"}, Roles: []Role{RoleAdmin, RoleSupplier}}
	finAdmin := Actor{UserID: 1, Username: "f", Org: Org{ID: 10, Kind: KindStateOrgan, FinanceDept: true, Region: "330106"}, Roles: []Role{RoleAdmin}}
	for _, c := range []struct {
		name string
		a    Actor
		act  Action
		want Code
	}{
		{"anonymous", Actor{}, ActSignedIn, EUnauthorized},
		{"any account", supplier, ActSignedIn, ""},
		{"a supplier configures no review", supplier, ActConfigureReview, EForbidden},
		{"a finance admin may", finAdmin, ActConfigureReview, ""},
		{"a supplier imports no budget", supplier, ActManageBudget, EForbidden},
		{"a supplier drafts no project", supplier, ActDraftProject, EForbidden},
		{"an unknown action fails closed", finAdmin, Action("nope"), EInternal},
	} {
		if got := ErrorCode(p.Gate(c.a, c.act)); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	// Every action has a whole rule (Can requires who, so whoever Can allows passes the gate).
	for _, act := range Actions() {
		if r := policyRules[act]; r.who == nil || r.on == nil {
			t.Errorf("action %s has an incomplete rule", act)
		}
	}
}
