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

// reportChain is the finance departments of 西湖区, its sibling 滨江区,
// 杭州市, 浙江省 and the Ministry, each with a reviewer (and the Ministry an
// approver), for the progress reports' tests.
type reportChain struct {
	svc                               *workflow.Service
	xihu, binjiang, hangzhou, zj, mof goumai.Actor
}

func newReportChain(t *testing.T, s *sqlstore.Store) *reportChain {
	t.Helper()
	ctx := context.Background()
	svc := workflow.New(s)
	svc.PasswordParams = workflow.FastPasswordParams
	n := 0
	mk := func(name, region, body string, role goumai.Role) goumai.Actor {
		o, err := svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: name, Kind: goumai.KindStateOrgan, CreditCode: code(t, region, body), Region: region, FinanceDept: true})
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		n++
		username := "fin" + region
		u, err := svc.CreateUser(ctx, goumai.System, goumai.NewUser{Username: username, DisplayName: name + "审核人", Password: "Test-2026-goumai"}, o.ID, role)
		if err != nil {
			t.Fatal(err)
		}
		return goumai.Actor{UserID: u.ID, Username: username, Name: u.DisplayName, Org: o, Roles: []goumai.Role{role}}
	}
	c := &reportChain{svc: svc}
	c.xihu = mk("杭州市西湖区财政局", "330106", "00300001X", goumai.RoleFinanceReviewer)
	c.binjiang = mk("杭州市滨江区财政局", "330108", "00300002X", goumai.RoleFinanceReviewer)
	c.hangzhou = mk("杭州市财政局", "330100", "00300003X", goumai.RoleFinanceReviewer)
	c.zj = mk("浙江省财政厅", "330000", "00300004X", goumai.RoleFinanceApprover)
	c.mof = mk("中华人民共和国财政部", goumai.NationalCode, "00300005X", goumai.RoleFinanceApprover)
	return c
}

func (c *reportChain) draftAndFile(t *testing.T, a goumai.Actor, period string) goumai.WorkReport {
	t.Helper()
	ctx := context.Background()
	r := must[goumai.WorkReport](t, "draft "+a.Org.Region)(c.svc.DraftWorkReport(ctx, a, workflow.WorkReportInput{Region: a.Org.Region,
		Kind: goumai.ReportQuarterly, Period: period, WorkReportText: workflow.WorkReportText{NewSituations: "推进顺利", MajorProblems: "无", Suggestions: "加强培训"}}))
	return must[goumai.WorkReport](t, "file "+a.Org.Region)(c.svc.FileWorkReport(ctx, a, r.ID, r.Version))
}

// TestWorkReports: 西湖区 drafts and files its first-quarter report (the
// statistics frozen), 杭州市 returns it with 意见, 西湖区 edits and files it
// again, 杭州市 accepts it and it is public; then 杭州市, 浙江省 file up the
// chain to the Ministry, which accepts. Refused on the way, nothing changed:
// filing for a region one does not lead (field error), before the period
// ends, an incomplete report, editing a filed report, a sibling reading or
// reviewing, the filer reviewing, returning without 意见. Overdue reports are
// on both sides' to-do lists.
func TestWorkReports(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		c := newReportChain(t, s)
		svc := c.svc
		clock.Set(time.Date(2026, 3, 20, 10, 0, 0, 0, goumai.Shanghai))

		refused := func(what string, code goumai.Code, field string, f func() error) {
			t.Helper()
			before := treeSize(t, s)
			err := f()
			if e := goumai.AsError(err); e == nil || e.Code != code || field != "" && (e.Fields[field].ZH == "" || e.Fields[field].EN == "") {
				t.Fatalf("%s: %v (want %s with field %q)", what, err, code, field)
			}
			if treeSize(t, s) != before {
				t.Fatalf("%s: a refused action wrote events", what)
			}
		}
		in := workflow.WorkReportInput{Region: "330106", Kind: goumai.ReportQuarterly, Period: "2026-Q1",
			WorkReportText: workflow.WorkReportText{NewSituations: "一季度新增购买服务项目12个"}}
		refused("province files for the county", goumai.EForbidden, "region", func() error {
			_, err := svc.DraftWorkReport(ctx, c.zj, in)
			return err
		})
		refused("sibling files for the county", goumai.EForbidden, "region", func() error {
			_, err := svc.DraftWorkReport(ctx, c.binjiang, in)
			return err
		})
		refused("the Ministry files", goumai.EInvalid, "region", func() error {
			_, err := svc.DraftWorkReport(ctx, c.mof, workflow.WorkReportInput{Region: goumai.NationalCode, Kind: goumai.ReportAnnual, Period: "2025"})
			return err
		})
		refused("a bad period", goumai.EInvalid, "period", func() error {
			bad := in
			bad.Period = "2026-Q7"
			_, err := svc.DraftWorkReport(ctx, c.xihu, bad)
			return err
		})
		r := must[goumai.WorkReport](t, "draft")(svc.DraftWorkReport(ctx, c.xihu, in))
		if r.Status != goumai.WorkReportDraft || r.Parent != "330100" || !r.DueAt.Equal(time.Date(2026, 4, 16, 0, 0, 0, 0, goumai.Shanghai)) {
			t.Fatalf("drafted %+v", r)
		}
		refused("a second report for the period", goumai.EConflict, "", func() error {
			_, err := svc.DraftWorkReport(ctx, c.xihu, in)
			return err
		})
		refused("filing before the period ends", goumai.EInvalid, "period", func() error {
			_, err := svc.FileWorkReport(ctx, c.xihu, r.ID, r.Version)
			return err
		})
		clock.Set(time.Date(2026, 4, 10, 10, 0, 0, 0, goumai.Shanghai))
		refused("filing an incomplete report", goumai.EInvalid, "suggestions", func() error {
			_, err := svc.FileWorkReport(ctx, c.xihu, r.ID, r.Version)
			return err
		})
		refused("a sibling reads the draft", goumai.ENotFound, "", func() error {
			_, err := svc.WorkReport(ctx, c.binjiang, r.ID)
			return err
		})
		refused("a sibling edits the draft", goumai.ENotFound, "", func() error {
			_, err := svc.EditWorkReport(ctx, c.binjiang, r.ID, workflow.WorkReportEditInput{Version: r.Version})
			return err
		})
		r = must[goumai.WorkReport](t, "edit")(svc.EditWorkReport(ctx, c.xihu, r.ID, workflow.WorkReportEditInput{Version: r.Version,
			WorkReportText: workflow.WorkReportText{NewSituations: "一季度新增购买服务项目12个", MajorProblems: "无", Suggestions: "建议加强培训"}}))
		r = must[goumai.WorkReport](t, "file")(svc.FileWorkReport(ctx, c.xihu, r.ID, r.Version))
		if r.Status != goumai.WorkReportFiled || r.Stats == nil || r.Stats.Region.Code != "330106" || r.Stats.Period.From != "2026-01" || r.FiledAt == nil {
			t.Fatalf("filed %+v", r)
		}
		refused("editing a filed report", goumai.EConflict, "", func() error {
			_, err := svc.EditWorkReport(ctx, c.xihu, r.ID, workflow.WorkReportEditInput{Version: r.Version})
			return err
		})
		if k := todoKinds(t, svc, c.hangzhou); k["todo.kind.work_report_review"] != 1 {
			t.Fatalf("prefecture's to-do: %v", k)
		}
		refused("the province reviews a county's report", goumai.EForbidden, "", func() error {
			_, err := svc.ReviewWorkReport(ctx, c.zj, r.ID, workflow.WorkReportDecision{Version: r.Version, Action: "accept"})
			return err
		})
		refused("a sibling reviews", goumai.ENotFound, "", func() error {
			_, err := svc.ReviewWorkReport(ctx, c.binjiang, r.ID, workflow.WorkReportDecision{Version: r.Version, Action: "accept"})
			return err
		})
		refused("return without 意见", goumai.EInvalid, "opinion", func() error {
			_, err := svc.ReviewWorkReport(ctx, c.hangzhou, r.ID, workflow.WorkReportDecision{Version: r.Version, Action: "return"})
			return err
		})
		r = must[goumai.WorkReport](t, "return")(svc.ReviewWorkReport(ctx, c.hangzhou, r.ID, workflow.WorkReportDecision{Version: r.Version, Action: "return", Opinion: "请补充费随事转情况"}))
		if r.Status != goumai.WorkReportReturned || r.Opinion() != "请补充费随事转情况" {
			t.Fatalf("returned %+v", r)
		}
		in2 := must[workflow.Inbox](t, "inbox")(svc.Inbox(ctx, c.xihu))
		if len(in2.Returned) != 1 || in2.Returned[0].Kind != "todo.kind.work_report_returned" {
			t.Fatalf("county's returned list: %+v", in2.Returned)
		}
		r = must[goumai.WorkReport](t, "edit returned")(svc.EditWorkReport(ctx, c.xihu, r.ID, workflow.WorkReportEditInput{Version: r.Version,
			WorkReportText: workflow.WorkReportText{NewSituations: "一季度新增购买服务项目12个，费随事转经费300万元", MajorProblems: "无", Suggestions: "建议加强培训"}}))
		r = must[goumai.WorkReport](t, "refile")(svc.FileWorkReport(ctx, c.xihu, r.ID, r.Version))
		refused("a stale decision", goumai.EStale, "", func() error {
			_, err := svc.ReviewWorkReport(ctx, c.hangzhou, r.ID, workflow.WorkReportDecision{Version: r.Version - 1, Action: "accept"})
			return err
		})
		r = must[goumai.WorkReport](t, "accept")(svc.ReviewWorkReport(ctx, c.hangzhou, r.ID, workflow.WorkReportDecision{Version: r.Version, Action: "accept", Opinion: "同意"}))
		if r.Status != goumai.WorkReportAccepted || len(r.Reviews) != 4 {
			t.Fatalf("accepted %+v", r)
		}
		// Public once accepted: anyone reads it, and it is listed.
		if got, err := svc.WorkReport(ctx, goumai.Actor{}, r.ID); err != nil || got.Opinion() != "同意" {
			t.Fatalf("public read: %v", err)
		}
		if pub := must[[]goumai.WorkReport](t, "public")(svc.PublicWorkReports(ctx, 10)); len(pub) != 1 || pub[0].ID != r.ID {
			t.Fatalf("public list %v", pub)
		}

		// Up the chain: the prefecture to the province, the province to the Ministry.
		hz := c.draftAndFile(t, c.hangzhou, "2026-Q1")
		must[goumai.WorkReport](t, "province accepts")(svc.ReviewWorkReport(ctx, c.zj, hz.ID, workflow.WorkReportDecision{Version: hz.Version, Action: "accept"}))
		zj := c.draftAndFile(t, c.zj, "2026-Q1")
		if zj.Parent != goumai.NationalCode {
			t.Fatalf("province's report goes to %s", zj.Parent)
		}
		refused("the province's filer decides on its own report", goumai.EForbidden, "", func() error {
			_, err := svc.ReviewWorkReport(ctx, c.zj, zj.ID, workflow.WorkReportDecision{Version: zj.Version, Action: "accept"})
			return err
		})
		zj = must[goumai.WorkReport](t, "Ministry accepts")(svc.ReviewWorkReport(ctx, c.mof, zj.ID, workflow.WorkReportDecision{Version: zj.Version, Action: "accept", Opinion: "收悉"}))
		if zj.Status != goumai.WorkReportAccepted {
			t.Fatal(zj.Status)
		}

		// Overdue: nobody filed the 2025 annual report (due 2026-01-31), and
		// 滨江区 filed nothing for 2026-Q1, due 2026-04-16. After the due date
		// it is on its to-do list and its prefecture's, and on the
		// prefecture's board.
		overdue := func(a goumai.Actor, kind, period string) bool {
			t.Helper()
			for _, it := range must[workflow.Inbox](t, "inbox")(svc.Inbox(ctx, a)).Todo {
				if it.Kind == kind && strings.Contains(it.Title, period) {
					return true
				}
			}
			return false
		}
		if !overdue(c.binjiang, "todo.kind.work_report_overdue", "2025 ") || overdue(c.binjiang, "todo.kind.work_report_overdue", "2026-Q1") {
			t.Fatal("before 2026-04-16: the annual report overdue, not the quarter's")
		}
		clock.Set(time.Date(2026, 4, 17, 9, 0, 0, 0, goumai.Shanghai))
		if !overdue(c.binjiang, "todo.kind.work_report_overdue", "2026-Q1") {
			t.Fatal("county's overdue quarter not on its to-do list")
		}
		if overdue(c.xihu, "todo.kind.work_report_overdue", "2026-Q1") {
			t.Fatal("a filed report is not overdue")
		}
		if !overdue(c.hangzhou, "todo.kind.work_report_overdue_child", "滨江区 2026-Q1") || overdue(c.hangzhou, "todo.kind.work_report_overdue_child", "西湖区 2026-Q1") {
			t.Fatal("prefecture's overdue items")
		}
		board := must[[]workflow.ReportDue](t, "board")(svc.ReportBoard(ctx, c.hangzhou, "330100"))
		var binjiangOverdue, xihuOK bool
		for _, d := range board {
			if d.Region.Code == "330108" && d.Kind == goumai.ReportQuarterly {
				binjiangOverdue = d.Overdue && d.Status() == "missing"
			}
			if d.Region.Code == "330106" && d.Kind == goumai.ReportQuarterly {
				xihuOK = !d.Overdue && d.Status() == "accepted"
			}
		}
		if !binjiangOverdue || !xihuOK {
			t.Fatalf("board %+v", board)
		}
		if _, err := svc.ReportBoard(ctx, c.binjiang, "330100"); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("a county reads its prefecture's board: %v", err)
		}
		verify(t, s)
	})
}
