package workflow_test

import (
	"context"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestComplianceRedFlagsClosed: red flags raised in two counties and the
// follow-up of three of them through the use cases — answered by the
// deadline then justified, answered late then corrected, inspected then
// referred — are counted in the statistics in the cases' transactions
// (closed by outcome, closed within the deadline), equal to a recompute;
// the compliance ranking of 杭州's counties reads them: 西湖区 (two of its
// three flags closed in time: 67%) ranks first, 滨江区 (one flag, none
// closed: 0%) counts, the counties without flags do not count the indicator.
func TestComplianceRedFlagsClosed(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newWorld(t, s)
		svc := w.svc
		clock.Set(time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)) // a Monday
		auditor := member(t, w, w.xihu, "xihu.audit", goumai.RoleAuditor)
		buyer := member(t, w, w.minzheng, "mz.staff", goumai.RolePurchaserStaff)
		province := member(t, w, w.zj, "zj.rev", goumai.RoleFinanceReviewer)
		f1 := sqltest.InsertRedFlag(t, s, "ENG-C3", "ocds-gm0000-11", "330106", w.minzheng.ID)
		f2 := sqltest.InsertRedFlag(t, s, "R018", "ocds-gm0000-12", "330106", w.minzheng.ID)
		f3 := sqltest.InsertRedFlag(t, s, "R018", "ocds-gm0000-13", "330106", 0)
		sqltest.InsertRedFlag(t, s, "R018", "ocds-gm0000-14", "330108", 0)

		send := workflow.RedFlagSend{Request: "请说明", Days: 5}
		must[goumai.RedFlagCase](t, "send 1")(svc.SendRedFlag(ctx, auditor, f1, send))
		must[goumai.RedFlagCase](t, "send 2")(svc.SendRedFlag(ctx, auditor, f2, send))
		must[goumai.RedFlagCase](t, "answer 1")(svc.AnswerRedFlag(ctx, buyer, f1, workflow.RedFlagAnswer{Version: 1, Answer: "预算分批下达"}))
		must[goumai.RedFlagCase](t, "close 1")(svc.CloseRedFlag(ctx, auditor, f1, workflow.RedFlagClose{Version: 2, Outcome: "justified", Opinion: "说明合理"}))
		clock.Advance(8 * 24 * time.Hour) // past the deadline of 14 December
		must[goumai.RedFlagCase](t, "answer 2")(svc.AnswerRedFlag(ctx, buyer, f2, workflow.RedFlagAnswer{Version: 1, Answer: "已整改"}))
		must[goumai.RedFlagCase](t, "close 2")(svc.CloseRedFlag(ctx, auditor, f2, workflow.RedFlagClose{Version: 2, Outcome: "corrected", Opinion: "已整改"}))
		must[goumai.RedFlagCase](t, "inspect 3")(svc.InspectRedFlag(ctx, auditor, f3, workflow.RedFlagInspect{Findings: "核查"}))
		must[goumai.RedFlagCase](t, "close 3")(svc.CloseRedFlag(ctx, auditor, f3, workflow.RedFlagClose{Version: 1, Outcome: "referred", Opinion: "移送"}))

		diffs, err := s.CheckStats(ctx)
		sqltest.Must(t, err)
		for _, d := range diffs {
			t.Errorf("%s", d)
		}
		p := goumai.StatPeriod{From: "2026-12", To: "2026-12"}
		want := map[string]map[string]int64{
			"330106": {"raised": 3, "active": 3, "raised:R018": 2, "raised:ENG-C3": 1, "closed:justified": 1, "closed:corrected": 1,
				"closed:referred": 1, "closed_on_time": 2},
			"330100": {"raised": 4, "active": 4, "raised:R018": 3, "closed_on_time": 2},
			"330108": {"raised": 1, "closed_on_time": 0},
		}
		for region, keys := range want {
			rep, err := s.Stats(ctx, region, p, goumai.GrainRegion, false)
			sqltest.Must(t, err)
			got := map[string]int64{}
			for _, tb := range rep.Tables {
				if tb.Dim == goumai.StatRedFlag {
					for _, r := range tb.Rows {
						got[r.Key] = r.Now.N
					}
				}
			}
			for k, n := range keys {
				if got[k] != n {
					t.Errorf("%s red_flag/%s = %d, want %d (%v)", region, k, got[k], n, got)
				}
			}
			if pub, err := s.Stats(ctx, region, p, goumai.GrainRegion, true); err != nil || hasDim(pub, goumai.StatRedFlag) {
				t.Errorf("%s: the public statistics show red flags (%v)", region, err)
			}
		}

		rank := must[[]goumai.Compliance](t, "ranking")(svc.ComplianceRanking(ctx, province, "330100", p))
		by := map[string]goumai.Compliance{}
		for _, c := range rank {
			by[c.Region] = c
		}
		if rank[0].Region != "330106" || rank[0].RedFlagsClosed == nil || *rank[0].RedFlagsClosed != 67 || rank[0].Score != 67 {
			t.Errorf("first %+v", rank[0])
		}
		if c := by["330108"]; c.RedFlagsClosed == nil || *c.RedFlagsClosed != 0 || c.Counted(goumai.IndRedFlags) != true {
			t.Errorf("滨江区 %+v", c)
		}
		if c := by["330102"]; c.RedFlagsClosed != nil || c.Counted(goumai.IndRedFlags) || c.Score != 0 {
			t.Errorf("上城区 %+v", c)
		}
	})
}

func hasDim(r goumai.StatReport, d goumai.StatDim) bool {
	for _, t := range r.Tables {
		if t.Dim == d {
			return true
		}
	}
	return false
}
