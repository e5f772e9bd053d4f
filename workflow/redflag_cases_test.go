package workflow_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// flagTodo is a's red-flag to-do kinds, comma-separated.
func flagTodo(t *testing.T, w *world, a goumai.Actor) string {
	t.Helper()
	var ks []string
	for k, n := range todoKinds(t, w.svc, a) {
		for ; strings.HasPrefix(k, "todo.kind.redflag") && n > 0; n-- {
			ks = append(ks, k)
		}
	}
	return strings.Join(ks, ",")
}

// TestRedFlagFollowUp: every step of a case through the use cases — send
// (deadline in working days), answer with an attachment, close (public),
// inspect and refer — with who may do each, bad input refused field by field
// with nothing written, the to-do lists on both sides (overdue included),
// and what the purchaser and the public read.
func TestRedFlagFollowUp(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newWorld(t, s)
		svc := w.svc
		clock.Set(time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)) // a Monday
		auditor := member(t, w, w.xihu, "xihu.audit", goumai.RoleAuditor)
		province := member(t, w, w.zj, "zj.rev", goumai.RoleFinanceReviewer)
		buyer := member(t, w, w.minzheng, "mz.staff", goumai.RolePurchaserStaff)
		other := svcOrg(t, w, "杭州市西湖区教育局", "00200009X")
		otherBuyer := member(t, w, other, "edu.staff", goumai.RolePurchaserStaff)
		f1 := sqltest.InsertRedFlag(t, s, "ENG-C3", "ocds-gm0000-11", "330106", w.minzheng.ID)
		f2 := sqltest.InsertRedFlag(t, s, "R018", "ocds-gm0000-12", "330106", w.minzheng.ID)
		fx := sqltest.InsertRedFlag(t, s, "R018", "ocds-gm0000-13", "330106", 0)
		public := goumai.Actor{}

		// Who reads what before anything is sent.
		d := must[workflow.RedFlagDashboard](t, "auditor's dashboard")(svc.RedFlags(ctx, auditor, workflow.RedFlagQuery{}))
		if len(d.Flags) != 3 || !d.Scope.Follower || d.Total.Raised != 3 || len(d.ByIndicator) != 2 {
			t.Fatalf("auditor: %+v", d)
		}
		for _, a := range []goumai.Actor{buyer, public} {
			if d := must[workflow.RedFlagDashboard](t, "dashboard")(svc.RedFlags(ctx, a, workflow.RedFlagQuery{})); len(d.Flags) != 0 {
				t.Errorf("%s reads unsent flags: %+v", a.Username, d.Flags)
			}
			_, err := svc.RedFlag(ctx, a, f1)
			wantCode(t, a.Username+" reads an unsent flag", err, goumai.ENotFound, "")
		}
		_, err := svc.RedFlags(ctx, auditor, workflow.RedFlagQuery{Region: "330000"})
		wantCode(t, "auditor above its subtree", err, goumai.EInvalid, "region")
		_, err = svc.RedFlags(ctx, auditor, workflow.RedFlagQuery{Status: "lost", State: "x"})
		wantCode(t, "bad filters", err, goumai.EInvalid, "status")

		// Send: bad input and the wrong people change nothing.
		size := treeSize(t, s)
		_, err = svc.SendRedFlag(ctx, auditor, f1, workflow.RedFlagSend{Request: " ", Days: 0})
		wantCode(t, "empty send", err, goumai.EInvalid, "request")
		wantCode(t, "empty send", err, goumai.EInvalid, "days")
		_, err = svc.SendRedFlag(ctx, auditor, fx, workflow.RedFlagSend{Request: "说明", Days: 5})
		wantCode(t, "send to a purchaser not on goumai", err, goumai.EInvalid, "flag")
		_, err = svc.SendRedFlag(ctx, buyer, f1, workflow.RedFlagSend{Request: "说明", Days: 5})
		wantCode(t, "purchaser sends", err, goumai.EForbidden, "")
		if treeSize(t, s) != size {
			t.Fatal("a refused step wrote events")
		}
		c := must[goumai.RedFlagCase](t, "send")(svc.SendRedFlag(ctx, province, f1, workflow.RedFlagSend{Request: "请说明同一预算项目多次分散采购的原因", Days: 5}))
		// Five working days from Monday 7 December: Monday 14 December, end of day.
		if c.Status != goumai.RedFlagCaseSent || c.DueAt == nil || c.DueAt.In(goumai.Shanghai).Format(time.DateOnly) != "2026-12-14" || c.Version != 1 {
			t.Fatalf("sent: %+v due %v", c, c.DueAt)
		}
		_, err = svc.SendRedFlag(ctx, auditor, f1, workflow.RedFlagSend{Request: "again", Days: 5})
		wantCode(t, "send twice", err, goumai.EConflict, "")
		_, err = svc.CloseRedFlag(ctx, auditor, f1, workflow.RedFlagClose{Version: 1, Outcome: "justified", Opinion: "x"})
		wantCode(t, "close unanswered", err, goumai.EConflict, "")

		// The purchaser now reads it and has it to do; another purchaser does not.
		if d := must[workflow.RedFlagDashboard](t, "buyer")(svc.RedFlags(ctx, buyer, workflow.RedFlagQuery{})); len(d.Flags) != 1 || d.Flags[0].Flag.ID != f1 {
			t.Errorf("buyer reads %+v", d.Flags)
		}
		if k := flagTodo(t, w, buyer); k != "todo.kind.redflag_explain" {
			t.Errorf("buyer's to-do: %q", k)
		}
		if k := flagTodo(t, w, auditor); k != "" {
			t.Errorf("auditor's to-do before the deadline: %q", k)
		}
		_, err = svc.AnswerRedFlag(ctx, otherBuyer, f1, workflow.RedFlagAnswer{Version: 1, Answer: "x"})
		wantCode(t, "another purchaser answers", err, goumai.ENotFound, "")
		_, err = svc.RedFlag(ctx, otherBuyer, f1)
		wantCode(t, "another purchaser reads", err, goumai.ENotFound, "")

		// Past the deadline: overdue on both lists.
		clock.Advance(8 * 24 * time.Hour)
		if k := flagTodo(t, w, buyer); k != "todo.kind.redflag_overdue" {
			t.Errorf("buyer's overdue to-do: %q", k)
		}
		if k := flagTodo(t, w, auditor); k != "todo.kind.redflag_overdue" {
			t.Errorf("auditor's overdue to-do: %q", k)
		}
		if det := must[workflow.RedFlagDetail](t, "detail")(svc.RedFlag(ctx, auditor, f1)); !det.Overdue || det.ProjectLink != "/projects/11" ||
			det.RecordLink != "/ocds/releases/ocds-gm0000-11" || len(det.Evidence) != 1 || det.Evidence[0].EventLink != "/log/events/1" {
			t.Errorf("detail: %+v", det)
		}

		// Answer (late is taken): bad input changes nothing.
		size = treeSize(t, s)
		_, err = svc.AnswerRedFlag(ctx, buyer, f1, workflow.RedFlagAnswer{Version: 1, Answer: ""})
		wantCode(t, "empty answer", err, goumai.EInvalid, "answer")
		_, err = svc.AnswerRedFlag(ctx, buyer, f1, workflow.RedFlagAnswer{Version: 7, Answer: "x"})
		wantCode(t, "stale answer", err, goumai.EStale, "")
		if treeSize(t, s) != size {
			t.Fatal("a refused answer wrote events")
		}
		c = must[goumai.RedFlagCase](t, "answer")(svc.AnswerRedFlag(ctx, buyer, f1, workflow.RedFlagAnswer{Version: 1,
			Answer: "预算分三批下达，联系人张三 13800138000", Files: []workflow.Upload{{Name: "批复.pdf", Content: []byte("%PDF-1.4 批复")}}}))
		if c.Status != goumai.RedFlagCaseAnswered || len(c.Files) != 1 || c.AnsweredAt == nil {
			t.Fatalf("answered: %+v", c)
		}
		if k := flagTodo(t, w, auditor); k != "todo.kind.redflag_outcome" {
			t.Errorf("auditor's to-do after the answer: %q", k)
		}
		if k := flagTodo(t, w, buyer); k != "" {
			t.Errorf("buyer's to-do after the answer: %q", k)
		}
		if _, _, err := svc.RedFlagFile(ctx, buyer, f1, c.Files[0].SHA256); err != nil {
			t.Errorf("buyer reads its attachment: %v", err)
		}
		evs := must[[]goumai.Event](t, "events")(s.FindEvents(ctx, sqlstore.EventFilter{ObjectType: "red_flag_cases"}))
		for _, e := range evs {
			if e.Public {
				t.Errorf("an open case's event is public: %s", e.Action)
			}
		}

		// Close: the outcome and the opinion are required.
		_, err = svc.CloseRedFlag(ctx, auditor, f1, workflow.RedFlagClose{Version: 2, Outcome: "excused", Opinion: ""})
		wantCode(t, "bad close", err, goumai.EInvalid, "outcome")
		wantCode(t, "bad close", err, goumai.EInvalid, "opinion")
		_, err = svc.CloseRedFlag(ctx, buyer, f1, workflow.RedFlagClose{Version: 2, Outcome: "justified", Opinion: "x"})
		wantCode(t, "purchaser closes", err, goumai.EForbidden, "")
		c = must[goumai.RedFlagCase](t, "close")(svc.CloseRedFlag(ctx, auditor, f1, workflow.RedFlagClose{Version: 2, Outcome: "justified", Opinion: "说明合理，予以认可"}))
		if c.Status != goumai.RedFlagCaseClosed || c.Outcome != goumai.RedFlagJustified || c.ClosedAt == nil {
			t.Fatalf("closed: %+v", c)
		}
		evs = must[[]goumai.Event](t, "events")(s.FindEvents(ctx, sqlstore.EventFilter{ObjectType: "red_flag_cases", Limit: 1}))
		if len(evs) != 1 || evs[0].Action != "red_flag.close" || !evs[0].Public {
			t.Errorf("closing event: %+v", evs)
		}
		_, err = svc.InspectRedFlag(ctx, auditor, f1, workflow.RedFlagInspect{Version: 3, Findings: "x"})
		wantCode(t, "a closed case moves", err, goumai.EConflict, "")

		// The public reads the closed case, redacted, without attachments.
		pd := must[workflow.RedFlagDashboard](t, "public")(svc.RedFlags(ctx, public, workflow.RedFlagQuery{}))
		if len(pd.Flags) != 1 || pd.Flags[0].Case == nil || strings.Contains(pd.Flags[0].Case.Answer, "13800138000") ||
			len(pd.Flags[0].Case.Files) != 0 || pd.Flags[0].Case.Outcome != goumai.RedFlagJustified {
			t.Errorf("public: %+v", pd.Flags)
		}
		if det, err := svc.RedFlag(ctx, otherBuyer, f1); err != nil || det.Case == nil || len(det.Case.Files) != 0 {
			t.Errorf("another purchaser reads the closed case as the public: %+v %v", det.Case, err)
		}
		if _, _, err := svc.RedFlagFile(ctx, otherBuyer, f1, c.Files[0].SHA256); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Errorf("another purchaser reads the attachment: %v", err)
		}
		if _, _, err := svc.RedFlagFile(ctx, public, f1, c.Files[0].SHA256); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Errorf("public reads the attachment: %v", err)
		}

		// Inspect, then refer.
		_, err = svc.InspectRedFlag(ctx, auditor, f2, workflow.RedFlagInspect{Findings: " "})
		wantCode(t, "empty inspection", err, goumai.EInvalid, "findings")
		c = must[goumai.RedFlagCase](t, "inspect")(svc.InspectRedFlag(ctx, auditor, f2, workflow.RedFlagInspect{Findings: "调取合同及验收资料"}))
		if c.Status != goumai.RedFlagCaseInspecting || c.SentAt != nil {
			t.Fatalf("inspecting: %+v", c)
		}
		if d := must[workflow.RedFlagDashboard](t, "buyer")(svc.RedFlags(ctx, buyer, workflow.RedFlagQuery{})); len(d.Flags) != 1 {
			t.Errorf("an inspection not sent is shown to the purchaser: %+v", d.Flags)
		}
		if k := flagTodo(t, w, auditor); k != "todo.kind.redflag_inspecting" {
			t.Errorf("auditor's to-do during the inspection: %q", k)
		}
		must[goumai.RedFlagCase](t, "refer")(svc.CloseRedFlag(ctx, auditor, f2, workflow.RedFlagClose{Version: 1, Outcome: "referred", Opinion: "移送纪检监察机关"}))

		// The counts.
		d = must[workflow.RedFlagDashboard](t, "counts")(svc.RedFlags(ctx, auditor, workflow.RedFlagQuery{Status: "closed"}))
		if len(d.Flags) != 2 || d.Total.Raised != 3 || d.Total.Sent != 1 || d.Total.Answered != 1 || d.Total.Inspected != 1 ||
			d.Total.Justified != 1 || d.Total.Referred != 1 || d.Total.Corrected != 0 {
			t.Errorf("counts: %+v", d.Total)
		}
	})
}

// svcOrg creates another purchaser in Xihu.
func svcOrg(t *testing.T, w *world, name, body string) goumai.Org {
	t.Helper()
	o, err := w.svc.CreateOrg(context.Background(), goumai.System, workflow.OrgInput{Name: name, Kind: goumai.KindStateOrgan,
		CreditCode: code(t, "330106", body), Region: "330106"})
	if err != nil {
		t.Fatal(err)
	}
	return o
}
