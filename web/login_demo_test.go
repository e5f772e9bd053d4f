package web

import (
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// TestLoginDemoAccountsRoles shows a demo deployment's accounts on the
// sign-in page with their roles named in the page's language.
func TestLoginDemoAccountsRoles(t *testing.T) {
	clock := goumai.NewFakeClock(sqltest.Start)
	w := newWorld(t, sqltest.SQLite(t, clock), clock)
	srv, err := New(w.svc, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{DemoPassword: "demo",
		DemoAccounts: []DemoAccount{{Username: "xihu.minzheng", Name: "王敏", Org: "杭州市西湖区民政局", Roles: []goumai.Role{goumai.RolePurchaserStaff, goumai.RoleSupplier}}}})
	if err != nil {
		t.Fatal(err)
	}
	w.srv = srv
	for lang, want := range map[string]string{
		"zh": goumai.RolePurchaserStaff.Label().ZH + "、" + goumai.RoleSupplier.Label().ZH,
		"en": goumai.RolePurchaserStaff.Label().EN + ", " + goumai.RoleSupplier.Label().EN,
	} {
		res := w.do(t, request{method: "GET", path: "/login?lang=" + lang})
		if res.status != 200 || !strings.Contains(string(res.body), "<td>"+want+"</td>") {
			t.Errorf("%s sign-in page: %d, the demo account's roles are not %q", lang, res.status, want)
		}
	}
}
