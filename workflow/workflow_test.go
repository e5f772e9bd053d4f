package workflow_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

func TestMain(m *testing.M) {
	code := m.Run()
	sqltest.DropTemplates()
	os.Exit(code)
}

// world is a small test world: the Zhejiang finance department with an admin,
// the Xihu district finance bureau with an admin, and a purchasing bureau.
type world struct {
	svc                *workflow.Service
	zj, xihu, minzheng goumai.Org
	zjAdmin, xihuAdmin goumai.Actor
}

func code(t *testing.T, region, body string) string {
	t.Helper()
	c, ok := goumai.CreditCheckChar("11" + region + body)
	if !ok {
		t.Fatalf("bad code body %s", body)
	}
	return "11" + region + body + string(c)
}

func newWorld(t *testing.T, s *sqlstore.Store) *world {
	t.Helper()
	ctx := context.Background()
	svc := workflow.New(s)
	svc.PasswordParams = workflow.FastPasswordParams
	w := &world{svc: svc}
	mk := func(name, region, body string, fin bool) goumai.Org {
		o, err := svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: name, Kind: goumai.KindStateOrgan, CreditCode: code(t, region, body), Region: region, FinanceDept: fin})
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		return o
	}
	w.zj = mk("浙江省财政厅", "330000", "00200001X", true)
	w.xihu = mk("杭州市西湖区财政局", "330106", "00200002X", true)
	w.minzheng = mk("杭州市西湖区民政局", "330106", "00200003X", false)
	admin := func(o goumai.Org, username string) goumai.Actor {
		u, err := svc.CreateUser(ctx, goumai.System, goumai.NewUser{Username: username, DisplayName: "管理员", Password: "Test-2026-goumai"}, o.ID, goumai.RoleAdmin)
		if err != nil {
			t.Fatalf("create %s: %v", username, err)
		}
		return goumai.Actor{UserID: u.ID, Username: u.Username, Org: o, Roles: []goumai.Role{goumai.RoleAdmin}}
	}
	w.zjAdmin, w.xihuAdmin = admin(w.zj, "zj.admin"), admin(w.xihu, "xihu.admin")
	return w
}

func treeSize(t *testing.T, s *sqlstore.Store) int64 {
	t.Helper()
	n, err := s.TreeSize(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func verify(t *testing.T, s *sqlstore.Store) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Verify(ctx, nil)
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", err, rep.Problems)
	}
}

func TestOrganisations(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newWorld(t, s)
		ngo := workflow.OrgInput{Name: "杭州市西湖区康宁社会工作服务中心", Kind: goumai.KindSocialOrg, CreditCode: "", Region: "330110"}
		c, ok := goumai.CreditCheckChar("52330110MJ0000001")
		if !ok {
			t.Fatal("no check character")
		}
		ngo.CreditCode = "52330110MJ0000001" + string(c)

		// A county's administrator cannot create in its neighbour; the province's can.
		before := treeSize(t, s)
		if _, err := w.svc.CreateOrg(ctx, w.xihuAdmin, ngo); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("county admin in a neighbouring county: %v", err)
		}
		if treeSize(t, s) != before {
			t.Fatal("a refused action wrote events")
		}
		o, err := w.svc.CreateOrg(ctx, w.zjAdmin, ngo)
		if err != nil {
			t.Fatal(err)
		}
		// Duplicate credit code: a conflict naming the field, nothing written.
		before = treeSize(t, s)
		_, err = w.svc.CreateOrg(ctx, w.zjAdmin, ngo)
		if e := goumai.AsError(err); e.Code != goumai.EConflict || e.Fields["credit_code"].EN == "" {
			t.Fatalf("duplicate: %v", err)
		}
		if treeSize(t, s) != before {
			t.Fatal("a refused action wrote events")
		}
		// Moving an organisation out of the actor's subtree is refused.
		ngo.Region = "110105"
		if _, err := w.svc.UpdateOrg(ctx, w.zjAdmin, o.ID, ngo, true); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("move to Beijing: %v", err)
		}
		verify(t, s)
	})
}

func TestSupplierRegistration(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newWorld(t, s)
		admin := goumai.NewUser{Username: "kangning", DisplayName: "李娜", Password: "Kangning-2026"}
		c, ok := goumai.CreditCheckChar("52330106MJ0000002")
		if !ok {
			t.Fatal("no check character")
		}
		in := workflow.OrgInput{Name: "西湖区康宁养老服务中心", Kind: goumai.KindSocialOrg, CreditCode: "52330106MJ0000002" + string(c), Region: "330106"}

		// ENG-A2: a state organ cannot register as a supplier.
		bad := in
		bad.Kind = goumai.KindStateOrgan
		_, _, err := w.svc.RegisterSupplier(ctx, bad, admin)
		if e := goumai.AsError(err); e.Code != goumai.EInvalid || e.Rule != "ENG-A2" || e.Fields["kind"].ZH == "" {
			t.Fatalf("ineligible kind: %v", err)
		}
		o, u, err := w.svc.RegisterSupplier(ctx, in, admin)
		if err != nil {
			t.Fatal(err)
		}
		if o.Active {
			t.Fatal("a registration must await approval")
		}
		// Until approved, signing in gives no organisation to act for.
		token, _, err := w.svc.Login(ctx, "kangning", "Kangning-2026", "10.0.0.1", "web", "zh")
		if err != nil {
			t.Fatal(err)
		}
		a, _, err := w.svc.Authenticate(ctx, token)
		if err != nil || a.Org.ID != 0 || len(a.Roles) != 0 {
			t.Fatalf("pending supplier acts as %+v (%v)", a, err)
		}
		// It is in the county finance department's to-do list.
		xihuAdmin := w.xihuAdmin
		in1, err := w.svc.Inbox(ctx, xihuAdmin)
		in1.Todo = notReports(in1.Todo)
		if err != nil || len(in1.Todo) != 1 || in1.Todo[0].Title != in.Name {
			t.Fatalf("inbox %+v, %v", in1, err)
		}
		if _, err := w.svc.ActivateOrg(ctx, xihuAdmin, o.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.ActivateOrg(ctx, xihuAdmin, o.ID, true); goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("approving twice: %v", err)
		}
		a, _, err = w.svc.Authenticate(ctx, token)
		if err == nil {
			err = w.svc.SwitchOrg(ctx, mustSession(t, w, token), o.ID)
		}
		if err != nil {
			t.Fatal(err)
		}
		a, _, err = w.svc.Authenticate(ctx, token)
		if err != nil || a.Org.ID != o.ID || !a.Has(goumai.RoleSupplier) || !a.Has(goumai.RoleAdmin) || a.UserID != u.ID {
			t.Fatalf("approved supplier acts as %+v (%v)", a, err)
		}
		in2, err := w.svc.Inbox(ctx, xihuAdmin)
		in2.Todo = notReports(in2.Todo)
		if err != nil || len(in2.Todo) != 0 || len(in2.Done) == 0 {
			t.Fatalf("after approval: todo %d done %d (%v)", len(in2.Todo), len(in2.Done), err)
		}
		// The supplier's admin can add staff but not give them purchaser roles (ENG-A1).
		_, err = w.svc.CreateUser(ctx, a, goumai.NewUser{Username: "kangning.staff", DisplayName: "王芳", Password: "Kangning-2026"}, o.ID, goumai.RolePurchaserStaff)
		if e := goumai.AsError(err); e.Code != goumai.EInvalid || e.Rule != "ENG-A1" {
			t.Fatalf("purchaser role in a supplier: %v", err)
		}
		if _, err := w.svc.CreateUser(ctx, a, goumai.NewUser{Username: "kangning.staff", DisplayName: "王芳", Password: "Kangning-2026"}, o.ID, goumai.RoleSupplier); err != nil {
			t.Fatal(err)
		}
		// …and nothing in another organisation.
		_, err = w.svc.CreateUser(ctx, a, goumai.NewUser{Username: "intruder", DisplayName: "x", Password: "Kangning-2026"}, w.minzheng.ID, goumai.RolePurchaserStaff)
		if goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("supplier admin in another org: %v", err)
		}
		verify(t, s)
	})
}

func mustSession(t *testing.T, w *world, token string) sqlstore.Session {
	t.Helper()
	_, ss, err := w.svc.Authenticate(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

func TestLogin(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newWorld(t, s)
		if _, _, err := w.svc.Login(ctx, "nobody", "whatever-123", "10.0.0.2", "web", "zh"); goumai.ErrorCode(err) != goumai.EUnauthorized {
			t.Fatalf("unknown user: %v", err)
		}
		if _, _, err := w.svc.Login(ctx, "zj.admin", "wrong-password-1", "10.0.0.3", "web", "zh"); goumai.ErrorCode(err) != goumai.EUnauthorized {
			t.Fatalf("wrong password: %v", err)
		}
		token, ss, err := w.svc.Login(ctx, "ZJ.Admin", "Test-2026-goumai", "10.0.0.4", "api", "en")
		if err != nil {
			t.Fatal(err)
		}
		a, _, err := w.svc.Authenticate(ctx, token)
		if err != nil || a.Org.ID != w.zj.ID || !a.Has(goumai.RoleAdmin) || ss.Kind != "api" {
			t.Fatalf("actor %+v %v", a, err)
		}
		clock.Advance(workflow.APITokenTTL + time.Second)
		if _, _, err := w.svc.Authenticate(ctx, token); goumai.ErrorCode(err) != goumai.EUnauthorized {
			t.Fatalf("expired token: %v", err)
		}
		// Changing the password checks the old one and logs a private event.
		if err := w.svc.ChangePassword(ctx, w.zjAdmin, "", "wrong", "Another-2026-pw"); goumai.ErrorCode(err) != goumai.EInvalid {
			t.Fatalf("wrong old password: %v", err)
		}
		if err := w.svc.ChangePassword(ctx, w.zjAdmin, "", "Test-2026-goumai", "Another-2026-pw"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.svc.Login(ctx, "zj.admin", "Another-2026-pw", "10.0.0.5", "web", "zh"); err != nil {
			t.Fatal(err)
		}
		verify(t, s)
	})
}

func TestPasswordHash(t *testing.T) {
	h, err := workflow.HashPassword("Demo-2026-goumai", workflow.FastPasswordParams)
	if err != nil {
		t.Fatal(err)
	}
	if !workflow.CheckPassword("Demo-2026-goumai", h) || workflow.CheckPassword("Demo-2026-goumaj", h) {
		t.Error("argon2id check is wrong")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAA", h[:len(h)-2]} {
		if workflow.CheckPassword("Demo-2026-goumai", bad) {
			t.Errorf("accepted malformed hash %q", bad)
		}
	}
}

// notReports drops the progress reports' to-do items (due and overdue
// reports: every finance department has them from its first quarter) from a
// to-do list, for tests about another kind of item.
func notReports(items []workflow.Item) []workflow.Item {
	var out []workflow.Item
	for _, it := range items {
		if !strings.HasPrefix(it.Kind, "todo.kind.work_report") {
			out = append(out, it)
		}
	}
	return out
}
