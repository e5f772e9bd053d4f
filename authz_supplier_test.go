package goumai

import "testing"

// TestSupplierPolicy: a supplier's administrator alone keeps its profile;
// its members, finance staff anywhere and auditors of its region read it;
// finance staff import lists in their own department's name.
func TestSupplierPolicy(t *testing.T) {
	p := Policy{Regions: testRegions(t)}
	fin := func(region string, roles ...Role) Actor {
		return Actor{UserID: 1, Username: "f", Org: Org{ID: 10, Kind: KindStateOrgan, FinanceDept: true, Region: region}, Roles: roles}
	}
	supplierAdmin := Actor{UserID: 2, Username: "s", Org: Org{ID: 20, Kind: KindEnterprise, Region: "330106"}, Roles: []Role{RoleAdmin, RoleSupplier}}
	operator := Actor{UserID: 4, Username: "o", Org: Org{ID: 20, Kind: KindEnterprise, Region: "330106"}, Roles: []Role{RoleSupplier}}
	purchaserAdmin := Actor{UserID: 5, Username: "p", Org: Org{ID: 50, Kind: KindStateOrgan, Region: "330106"}, Roles: []Role{RoleAdmin, RolePurchaserStaff}}
	auditor := Actor{UserID: 3, Username: "a", Org: Org{ID: 30, Kind: KindStateOrgan, Region: "330000"}, Roles: []Role{RoleAuditor}}
	own := Target{OrgID: 20, Region: "330106"}
	for _, c := range []struct {
		name string
		a    Actor
		act  Action
		t    Target
		want Code
	}{
		{"supplier admin keeps its profile", supplierAdmin, ActManageSupplier, own, ""},
		{"supplier admin cannot touch another's", supplierAdmin, ActManageSupplier, Target{OrgID: 21, Region: "330106"}, EForbidden},
		{"an operator without admin cannot edit", operator, ActManageSupplier, own, EForbidden},
		{"a purchaser's admin has no supplier profile to keep", purchaserAdmin, ActManageSupplier, Target{OrgID: 50, Region: "330106"}, EForbidden},
		{"a finance admin cannot edit a supplier's profile", fin("330106", RoleAdmin), ActManageSupplier, own, EForbidden},
		{"an operator reads its own", operator, ActViewSupplier, own, ""},
		{"a supplier cannot read another's", supplierAdmin, ActViewSupplier, Target{OrgID: 21, Region: "330106"}, EForbidden},
		{"finance staff of another province read it", fin("310000", RoleFinanceReviewer), ActViewSupplier, own, ""},
		{"auditor reads in its region", auditor, ActViewSupplier, own, ""},
		{"auditor cannot read outside", auditor, ActViewSupplier, Target{OrgID: 21, Region: "110105"}, EForbidden},
		{"a purchaser cannot read profiles", purchaserAdmin, ActViewSupplier, own, EForbidden},
		{"finance reviewer imports in its own name", fin("330106", RoleFinanceReviewer), ActImportCreditLists, Target{Region: "330106"}, ""},
		{"finance staff cannot import in another's name", fin("330000", RoleAdmin), ActImportCreditLists, Target{Region: "330106"}, EForbidden},
		{"a supplier cannot import", supplierAdmin, ActImportCreditLists, Target{Region: "330106"}, EForbidden},
		{"an auditor cannot import", auditor, ActImportCreditLists, Target{Region: "330000"}, EForbidden},
	} {
		if got := ErrorCode(p.Can(c.a, c.act, c.t)); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
