package goumai

import "testing"

// TestPolicyLoadCalendar: the State Council's holiday arrangement is national,
// so only an administrator of the national finance department loads it.
func TestPolicyLoadCalendar(t *testing.T) {
	p := Policy{Regions: testRegions(t)}
	actor := func(region string, finance bool, roles ...Role) Actor {
		return Actor{UserID: 1, Username: "u", Org: Org{ID: 10, Kind: KindStateOrgan, FinanceDept: finance, Region: region}, Roles: roles}
	}
	for _, c := range []struct {
		name string
		a    Actor
		want Code
	}{
		{"the Ministry of Finance's administrator", actor(NationalCode, true, RoleAdmin), ""},
		{"a province's finance administrator", actor("330000", true, RoleAdmin), EForbidden},
		{"the Ministry's finance approver", actor(NationalCode, true, RoleFinanceApprover, RoleFinanceReviewer), EForbidden},
		{"the administrator of a national organ that is not the finance department", actor(NationalCode, false, RoleAdmin), EForbidden},
		{"an auditor", actor(NationalCode, false, RoleAuditor), EForbidden},
		{"the anonymous", Actor{}, EUnauthorized},
		{"goumai itself (the command line)", System, ""},
	} {
		if got := ErrorCode(p.Can(c.a, ActLoadCalendar, Target{Region: NationalCode})); got != c.want {
			t.Errorf("%s: Can = %q, want %q", c.name, got, c.want)
		}
		if got := ErrorCode(p.Gate(c.a, ActLoadCalendar)); got != c.want {
			t.Errorf("%s: Gate = %q, want %q", c.name, got, c.want)
		}
	}
}
