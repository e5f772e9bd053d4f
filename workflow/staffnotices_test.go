package workflow_test

import (
	"context"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestStaffNotices: a finance department's notice reaches the staff of its
// subtree (on their to-do lists until read), not those elsewhere; a read is
// counted once for the sender; only finance staff publish, and bad input
// writes nothing.
func TestStaffNotices(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newWorld(t, s)
		user := func(o goumai.Org, username string, role goumai.Role) goumai.Actor {
			u, err := w.svc.CreateUser(ctx, goumai.System, goumai.NewUser{Username: username, DisplayName: "职员", Password: "Test-2026-goumai"}, o.ID, role)
			if err != nil {
				t.Fatal(err)
			}
			return goumai.Actor{UserID: u.ID, Username: u.Username, Org: o, Roles: []goumai.Role{role}}
		}
		staff := user(w.minzheng, "xihu.mz.staff", goumai.RolePurchaserStaff)
		nb, err := w.svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: "宁波市海曙区民政局", Kind: goumai.KindStateOrgan,
			CreditCode: code(t, "330203", "00200009X"), Region: "330203"})
		if err != nil {
			t.Fatal(err)
		}
		stranger := user(nb, "haishu.mz.staff", goumai.RolePurchaserStaff)

		before := treeSize(t, s)
		if _, err := w.svc.PublishStaffNotice(ctx, staff, workflow.StaffNoticeInput{Title: "x", Body: "y"}); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("purchaser publishes: %v", err)
		}
		_, err = w.svc.PublishStaffNotice(ctx, w.xihuAdmin, workflow.StaffNoticeInput{Title: "", Body: "\x00"})
		if e := goumai.AsError(err); e == nil || e.Fields["title"].EN == "" || e.Fields["body"].EN == "" {
			t.Fatalf("bad notice: %v", err)
		}
		if treeSize(t, s) != before {
			t.Fatal("refused notices wrote events")
		}
		county, err := w.svc.PublishStaffNotice(ctx, w.xihuAdmin, workflow.StaffNoticeInput{Title: "关于参加政府购买服务政策培训的通知", Body: "请各单位派员参加。"})
		if err != nil || county.Region != "330106" {
			t.Fatalf("county notice: %+v %v", county, err)
		}
		province, err := w.svc.PublishStaffNotice(ctx, w.zjAdmin, workflow.StaffNoticeInput{Title: "关于学习财政部令第102号的通知", Body: "请认真学习。"})
		if err != nil {
			t.Fatal(err)
		}
		todo := func(a goumai.Actor) int {
			in, err := w.svc.Inbox(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, it := range in.Todo {
				if it.Kind == "todo.kind.staff_notice" {
					n++
				}
			}
			return n
		}
		if todo(staff) != 2 || todo(stranger) != 1 { // the province's notice reaches 330203, the county's does not
			t.Fatalf("to-do: staff %d, stranger %d", todo(staff), todo(stranger))
		}
		// A stranger is told the county's notice does not exist; the province's reaches 330203 too.
		if _, err := w.svc.ReadStaffNotice(ctx, stranger, county.ID); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Fatalf("stranger reads: %v", err)
		}
		if _, err := w.svc.StaffNotice(ctx, stranger, province.ID); err != nil {
			t.Fatalf("province's notice in 330203: %v", err)
		}
		n, err := w.svc.ReadStaffNotice(ctx, staff, county.ID)
		if err != nil || !n.Read {
			t.Fatalf("read: %+v %v", n, err)
		}
		mark := treeSize(t, s)
		if _, err := w.svc.ReadStaffNotice(ctx, staff, county.ID); err != nil || treeSize(t, s) != mark {
			t.Fatalf("second read: %v, %d events", err, treeSize(t, s)-mark)
		}
		if todo(staff) != 1 {
			t.Fatalf("read notice still on the to-do list")
		}
		sent, err := w.svc.SentStaffNotices(ctx, w.xihuAdmin)
		if err != nil || len(sent) != 1 || sent[0].Reads != 1 {
			t.Fatalf("sent: %+v %v", sent, err)
		}
		if got, _ := w.svc.StaffNotice(ctx, staff, county.ID); got.Reads != 0 {
			t.Fatal("a reader sees the sender's count")
		}
		verify(t, s)
	})
}
