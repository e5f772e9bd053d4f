package goumai

import "testing"

// TestPolicyConfigureRules: the procurement rule parameters of a region are set
// by the administrators of a finance department at or above it, nobody else.
func TestPolicyConfigureRules(t *testing.T) {
	p := Policy{Regions: testRegions(t)}
	finance := func(region string, roles ...Role) Actor {
		return Actor{UserID: 1, Username: "f", Org: Org{ID: 10, Kind: KindStateOrgan, FinanceDept: true, Region: region}, Roles: roles}
	}
	purchaserAdmin := Actor{UserID: 2, Username: "p", Org: Org{ID: 20, Kind: KindStateOrgan, Region: "330000"}, Roles: []Role{RoleAdmin}}
	for _, c := range []struct {
		name   string
		a      Actor
		region string
		want   Code
	}{
		{"the province's finance administrator, for itself", finance("330000", RoleAdmin), "330000", ""},
		{"… for a county below it", finance("330000", RoleAdmin), "330106", ""},
		{"a county's finance administrator, for itself", finance("330106", RoleAdmin), "330106", ""},
		{"… never for its province", finance("330106", RoleAdmin), "330000", EForbidden},
		{"… never for a sibling county", finance("330106", RoleAdmin), "330110", EForbidden},
		{"the Ministry's administrator, for a province", finance(NationalCode, RoleAdmin), "330000", ""},
		{"a finance approver is no administrator", finance("330000", RoleFinanceApprover, RoleFinanceReviewer), "330000", EForbidden},
		{"a purchaser's administrator", purchaserAdmin, "330000", EForbidden},
		{"the anonymous", Actor{}, "330000", EUnauthorized},
	} {
		if got := ErrorCode(p.Can(c.a, ActConfigureRules, Target{Region: c.region})); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	if err := p.Gate(purchaserAdmin, ActConfigureRules); ErrorCode(err) != EForbidden {
		t.Errorf("the gate lets a purchaser's administrator through: %v", err)
	}
}
