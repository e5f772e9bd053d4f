package workflow

import (
	"context"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// TestLoginAlwaysHashes checks that every failed sign-in costs exactly one
// argon2id check at the service's parameters, whether the account exists or
// not (issue 7 item 6: the unknown-user path skipped the dummy check, so it
// answered in ~3 ms instead of ~48 ms). BenchmarkLogin measures the times.
func TestLoginAlwaysHashes(t *testing.T) {
	ctx := context.Background()
	svc := New(sqltest.SQLite(t, goumai.NewFakeClock(sqltest.Start)))
	svc.PasswordParams = FastPasswordParams
	c, _ := goumai.CreditCheckChar("11330106" + "00200001X")
	o, err := svc.CreateOrg(ctx, goumai.System, OrgInput{Name: "测试单位", Kind: goumai.KindStateOrgan, CreditCode: "1133010600200001X" + string(c), Region: "330106"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := svc.CreateUser(ctx, goumai.System, goumai.NewUser{Username: "someone", DisplayName: "某人", Password: "Test-2026-goumai"}, o.ID, goumai.RoleExpert)
	if err != nil {
		t.Fatal(err)
	}
	var checks []string
	checkHash = func(pw, phc string) bool { checks = append(checks, phc); return CheckPassword(pw, phc) }
	t.Cleanup(func() { checkHash = CheckPassword })
	for i, user := range []string{"someone", "no.such.user", "Someone", "x"} {
		checks = nil
		if _, _, err := svc.Login(ctx, user, "wrong-password-1", "203.0.113.1", "web", "zh"); goumai.ErrorCode(err) != goumai.EUnauthorized {
			t.Fatalf("%s: %v", user, err)
		}
		if len(checks) != 1 || !sameParams(checks[0], svc.PasswordParams) {
			t.Errorf("attempt %d (%s): %d checks, params of the service %v; want one", i, user, len(checks), len(checks) == 1 && sameParams(checks[0], svc.PasswordParams))
		}
	}
	// A deactivated account costs the same too.
	if _, err := svc.SetUserActive(ctx, goumai.System, u.ID, false); err != nil {
		t.Fatal(err)
	}
	checks = nil
	if _, _, err := svc.Login(ctx, "someone", "Test-2026-goumai", "203.0.113.2", "web", "zh"); goumai.ErrorCode(err) != goumai.EUnauthorized || len(checks) != 1 {
		t.Errorf("deactivated: %v, %d checks", err, len(checks))
	}
}
