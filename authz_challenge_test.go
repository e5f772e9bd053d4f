package goumai

import "testing"

// TestPolicyChallenges: a supplier's staff challenge and complain for their
// own organisation; a finance approver of the procedure's region or above
// decides a complaint, never one it filed, never a neighbour's.
func TestPolicyChallenges(t *testing.T) {
	p := Policy{Regions: testRegions(t)}
	firm := Org{ID: 20, Kind: KindEnterprise, Region: "330106", Active: true}
	as := func(o Org, roles ...Role) Actor { return Actor{UserID: 2, Username: "s", Org: o, Roles: roles} }
	fin := func(region string) Org {
		return Org{ID: 10, Kind: KindStateOrgan, FinanceDept: true, Region: region, Active: true}
	}
	bureau := Org{ID: 30, Kind: KindStateOrgan, Region: "330106", Active: true}
	item := func(u int64) Target {
		return Target{Region: "330106", Item: &Involvement{Drafters: []int64{u}}, Step: "decide"}
	}
	for _, c := range []struct {
		name string
		a    Actor
		act  Action
		t    Target
		want Code
	}{
		{"a supplier challenges for its organisation", as(firm, RoleSupplier), ActChallenge, Target{OrgID: 20, Region: "330106"}, ""},
		{"not for another organisation", as(firm, RoleSupplier), ActChallenge, Target{OrgID: 21, Region: "330106"}, EForbidden},
		{"purchaser staff do not challenge", as(bureau, RolePurchaserStaff), ActChallenge, Target{OrgID: 30, Region: "330106"}, EForbidden},
		{"the anonymous", Actor{}, ActChallenge, Target{OrgID: 20, Region: "330106"}, EUnauthorized},
		{"the county's finance approver decides", as(fin("330106"), RoleFinanceApprover), ActDecideComplaint, item(5), ""},
		{"the prefecture's finance approver decides", as(fin("330100"), RoleFinanceApprover), ActDecideComplaint, item(5), ""},
		{"a neighbour county's does not", as(fin("330110"), RoleFinanceApprover), ActDecideComplaint, item(5), EForbidden},
		{"a finance reviewer does not", as(fin("330106"), RoleFinanceReviewer), ActDecideComplaint, item(5), EForbidden},
		{"an approver outside a finance department does not", as(bureau, RoleFinanceApprover), ActDecideComplaint, item(5), EForbidden},
		{"the complainant never decides", as(fin("330106"), RoleFinanceApprover), ActDecideComplaint, item(2), EForbidden},
	} {
		if got := ErrorCode(p.Can(c.a, c.act, c.t)); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
