package goumai

import "testing"

// TestPolicyAskEnquiry: only a supplier's staff ask, for their own
// organisation, when it may supply and its registration was approved.
func TestPolicyAskEnquiry(t *testing.T) {
	p := Policy{Regions: testRegions(t)}
	firm := Org{ID: 20, Kind: KindEnterprise, Region: "330106", Active: true}
	as := func(o Org, roles ...Role) Actor { return Actor{UserID: 2, Username: "s", Org: o, Roles: roles} }
	pending, bureau := firm, Org{ID: 30, Kind: KindStateOrgan, Region: "330106", Active: true}
	pending.Active = false
	own := Target{OrgID: 20, Region: "330106"}
	for _, c := range []struct {
		name string
		a    Actor
		t    Target
		want Code
	}{
		{"a supplier asks for its organisation", as(firm, RoleSupplier), own, ""},
		{"a supplier asks for a procedure of another region", as(firm, RoleSupplier), Target{OrgID: 20, Region: "330203"}, ""},
		{"not for another organisation", as(firm, RoleSupplier), Target{OrgID: 21, Region: "330106"}, EForbidden},
		{"the organisation's administrator is not its supplier staff", as(firm, RoleAdmin), own, EForbidden},
		{"a registration not yet approved", as(pending, RoleSupplier), own, EForbidden},
		{"an organisation that may not supply", as(bureau, RoleSupplier), Target{OrgID: 30, Region: "330106"}, EForbidden},
		{"purchaser staff", as(bureau, RolePurchaserStaff), Target{OrgID: 30, Region: "330106"}, EForbidden},
		{"an expert", as(firm, RoleExpert), own, EForbidden},
		{"the anonymous", Actor{}, own, EUnauthorized},
	} {
		if got := ErrorCode(p.Can(c.a, ActAskEnquiry, c.t)); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
