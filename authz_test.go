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
		{"an organisation's admin grants ordinary roles in it", supplierAdmin, ActGrantRole, Target{OrgID: 20, Region: "330106", Role: RoleSupplier}, ""},
		{"an organisation's admin cannot grant itself auditor", supplierAdmin, ActGrantRole, Target{OrgID: 20, Region: "330106", Role: RoleAuditor}, EForbidden},
		{"the region's finance admin grants auditor", fin("330100", RoleAdmin), ActGrantRole, Target{OrgID: 40, Region: "330106", Role: RoleAuditor}, ""},
		{"a county finance admin cannot grant auditor upward", fin("330106", RoleAdmin), ActGrantRole, Target{OrgID: 40, Region: "330100", Role: RoleAuditor}, EForbidden},
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
