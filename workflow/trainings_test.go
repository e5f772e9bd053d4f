package workflow_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestTrainings: a county finance bureau's training, registration by the
// staff of its subtree only, capacity, no double registration, the deadline,
// attendance by the organiser only, materials for registrants, counts.
func TestTrainings(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newWorld(t, s)
		var staff []goumai.Actor
		for i := 0; i < 3; i++ {
			u, err := w.svc.CreateUser(ctx, goumai.System, goumai.NewUser{Username: fmt.Sprintf("mz.staff%d", i), DisplayName: "职员", Password: "Test-2026-goumai"},
				w.minzheng.ID, goumai.RolePurchaserStaff)
			if err != nil {
				t.Fatal(err)
			}
			staff = append(staff, goumai.Actor{UserID: u.ID, Username: u.Username, Org: w.minzheng, Roles: []goumai.Role{goumai.RolePurchaserStaff}})
		}
		day := func(d int) string { return clock.Now().In(goumai.Shanghai).AddDate(0, 0, d).Format("2006-01-02") }
		in := workflow.TrainingInput{Title: "政府购买服务政策培训", StartsOn: day(10), EndsOn: day(11), Place: "西湖区财政局三楼会议室", Capacity: 2, Deadline: day(5),
			Materials: []workflow.Upload{{Name: "讲义.pdf", Content: []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")}}}
		before := treeSize(t, s)
		bad := in
		bad.Capacity, bad.Deadline, bad.Title = 0, day(20), ""
		_, err := w.svc.CreateTraining(ctx, w.xihuAdmin, bad)
		if e := goumai.AsError(err); e == nil || e.Fields["capacity"].EN == "" || e.Fields["deadline"].EN == "" || e.Fields["title"].EN == "" {
			t.Fatalf("bad training: %v", err)
		}
		if _, err := w.svc.CreateTraining(ctx, staff[0], in); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("purchaser organises: %v", err)
		}
		if treeSize(t, s) != before {
			t.Fatal("refused trainings wrote events")
		}
		tr, err := w.svc.CreateTraining(ctx, w.xihuAdmin, in)
		if err != nil || len(tr.Materials) != 1 {
			t.Fatalf("create: %+v %v", tr, err)
		}
		// Materials only once registered.
		if _, err := w.svc.TrainingMaterials(ctx, staff[0], tr.ID); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("materials before registering: %v", err)
		}
		for i := 0; i < 2; i++ {
			if _, err := w.svc.RegisterTraining(ctx, staff[i], tr.ID); err != nil {
				t.Fatalf("register %d: %v", i, err)
			}
		}
		if _, err := w.svc.RegisterTraining(ctx, staff[0], tr.ID); goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("double registration: %v", err)
		}
		if _, err := w.svc.RegisterTraining(ctx, staff[2], tr.ID); goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("over capacity: %v", err)
		}
		if got, _ := s.Training(ctx, tr.ID); got.Registered != 2 {
			t.Fatalf("registered %d", got.Registered)
		}
		// A supplier's staff inside the subtree may not register: trainings are for government bodies.
		sup := goumai.Actor{UserID: 99999, Username: "supplier.staff", Org: goumai.Org{ID: 99999, Kind: goumai.KindEnterprise, Region: w.minzheng.Region}}
		if _, err := w.svc.RegisterTraining(ctx, sup, tr.ID); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("a supplier registers: %v", err)
		}
		// The province's administrator is outside the county's subtree.
		if _, err := w.svc.RegisterTraining(ctx, w.zjAdmin, tr.ID); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Fatalf("outside the subtree: %v", err)
		}
		if files, err := w.svc.TrainingMaterials(ctx, staff[0], tr.ID); err != nil || len(files) != 1 {
			t.Fatalf("materials: %v %v", files, err)
		}
		// Attendance from the first day, by the organiser only, of registrants only.
		if _, err := w.svc.RecordAttendance(ctx, w.xihuAdmin, tr.ID, staff[0].UserID); goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("attendance before the training: %v", err)
		}
		clock.Advance(10 * 24 * time.Hour)
		if _, err := w.svc.RecordAttendance(ctx, w.zjAdmin, tr.ID, staff[0].UserID); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("another department records: %v", err)
		}
		if _, err := w.svc.RecordAttendance(ctx, w.xihuAdmin, tr.ID, staff[2].UserID); goumai.AsError(err) == nil || goumai.AsError(err).Fields["user_id"].EN == "" {
			t.Fatalf("unregistered attends: %v", err)
		}
		if r, err := w.svc.RecordAttendance(ctx, w.xihuAdmin, tr.ID, staff[0].UserID); err != nil || !r.Attended {
			t.Fatalf("attend: %+v %v", r, err)
		}
		c, err := s.TrainingCounts(ctx, "330106")
		if err != nil || c != (sqlstore.TrainingCount{Trainings: 1, Registrations: 2, Attended: 1}) {
			t.Fatalf("counts: %+v %v", c, err)
		}
		// After the deadline nobody registers.
		tr2, err := w.svc.CreateTraining(ctx, w.xihuAdmin, workflow.TrainingInput{Title: "第二期", StartsOn: day(3), EndsOn: day(3), Place: "线上", Online: true,
			Capacity: 50, Deadline: day(1)})
		if err != nil {
			t.Fatal(err)
		}
		clock.Advance(72 * time.Hour)
		if _, err := w.svc.RegisterTraining(ctx, staff[2], tr2.ID); goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("after the deadline: %v", err)
		}
		verify(t, s)
	})
}
