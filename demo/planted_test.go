package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// plantedLine is a budget line of its own for the split purchases, so that
// the purchaser's other projects (on other lines) stay out of their group.
const plantedLine = "2026年社区养老服务拓展"

// TestPlantedPatterns (issue 12, "How it will be checked"): a year of
// 西湖区民政局 generated through the use cases (the demo world and its
// history, then life cycles side by side) with planted patterns — three
// awards to one supplier (GM-REPEAT), two non-tender purchases of one line
// and category together above the open-tender threshold (ENG-C3), a final
// payment made past its legal due date (GM-LATE) — each found by the live
// red flags with evidence pointing at the planted processes' releases (log
// index and release id as stored); no other process is flagged by those
// rules. A single bid and a payment before acceptance cannot be planted
// through the use cases: they refuse them (ENG-E3: a 磋商 of services with
// one response ends; ENG-H7: an unaccepted milestone is not paid), and no
// GM-SINGLE or ENG-H7 flag is raised.
func TestPlantedPatterns(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		svc := sealedWorld(t, s)
		staff, err := demoActor(ctx, s, "xihu.minzheng")
		if err != nil {
			t.Fatal(err)
		}
		const visits = "2026年独居老人探访服务"
		for i, l := range []struct {
			name   string
			amount goumai.Fen
		}{{plantedLine, 12_000_000_00}, {visits, 1_000_000_00}} {
			in := workflow.BudgetLineInput{BudgetLine: keys("330106", "106001", "106", fmt.Sprintf("3301062600000000011%d", i), "2080208", "50502", "30227",
				fmt.Sprintf("330106-2026-011%d", i), "西财社〔2026〕9号"), Amount: l.amount}
			in.OrgID, in.FiscalYear, in.Name, in.FundingSource = staff.Org.ID, DemoFiscalYear, l.name, demoFundingSource
			if _, err := svc.CreateBudgetLine(ctx, goumai.System, in); err != nil {
				t.Fatal(err)
			}
		}
		kangning, err := demoActor(ctx, s, "supplier.kangning")
		if err != nil {
			t.Fatal(err)
		}
		ocidOf := func(project int64) string { return fmt.Sprintf("%s-%d", s.OCIDPrefix(), project) }
		// 康宁 wins every purchase of the year: with the world's history's awards to it.
		var repeat []string
		rows, err := s.DB().QueryContext(ctx, `SELECT DISTINCT p.project_id FROM lot_awards a JOIN procurements p ON p.id = a.procurement_id
			WHERE a.org_id = $1 AND p.purchaser_org_id = $2`, kangning.Org.ID, staff.Org.ID)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			sqltest.Must(t, rows.Scan(&id))
			repeat = append(repeat, ocidOf(id))
		}
		sqltest.Must(t, rows.Err())
		rows.Close()
		// Side by side the final payments slip (each takes its working days in
		// turn): batches of two keep every payment but the planted one on time.
		var res []LifeCycleResult
		for _, batch := range [][]LifeCycleSpec{
			{{Title: "2026年西湖区独居老人探访服务（翠苑）", Line: visits}, {Title: "2026年西湖区独居老人探访服务（文新）", Line: visits}},
			{{Title: "2026年西湖区社区养老服务拓展（一期）", Line: plantedLine, Amount: 2_500_000_00},
				{Title: "2026年西湖区社区养老服务拓展（二期）", Line: plantedLine, Amount: 2_000_000_00}},
			{{Title: "2026年西湖区独居老人探访服务（古荡）", Line: visits, PayLate: 45}},
		} {
			r, err := LifeCycles(ctx, svc, clock, batch)
			if err != nil {
				t.Fatal(err)
			}
			res = append(res, r...)
		}
		ocid := func(r LifeCycleResult) string { return ocidOf(r.Project.ID) }
		for _, r := range res {
			repeat = append(repeat, ocid(r))
		}
		planted := map[string][]string{
			"GM-REPEAT": repeat,
			"ENG-C3":    {ocid(res[2]), ocid(res[3])},
			"GM-LATE":   {ocid(res[4])},
			"GM-SINGLE": nil,
			"ENG-H7":    nil,
		}
		// What the use cases refuse: a payment before acceptance; a single response.
		single, err := LifeCycle(ctx, svc, clock, LifeCycleSpec{Title: "2026年西湖区独居老人探访服务（单一响应）", Line: visits,
			Responders: []string{"supplier.kangning"}, Stop: StageAwarded})
		if err == nil || single.Procurement.Status == goumai.ProcAwarded {
			t.Errorf("a 磋商 of services with one response was awarded: %v", err)
		}
		early, err := LifeCycle(ctx, svc, clock, LifeCycleSpec{Title: "2026年西湖区独居老人探访服务（提前付款）", Line: visits, Stop: StageSigned})
		if err != nil {
			t.Fatal(err)
		}
		planted["GM-REPEAT"] = append(planted["GM-REPEAT"], ocid(early)) // 康宁's fourth award
		m := early.Contract.Milestones[0]
		if _, err := svc.RequestPayment(ctx, kangning, early.Contract.ID, workflow.PaymentInput{MilestoneID: m.ID, Amount: m.Amount, Note: "提前支付"}); err == nil || !strings.Contains(err.Error(), "ENG-H7") {
			t.Errorf("a payment of an unaccepted milestone: %v, want refused (ENG-H7)", err)
		}

		flags, err := s.RedFlags(ctx, sqlstore.RedFlagFilter{State: goumai.RedFlagActive, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		for _, f := range flags {
			want, ok := planted[f.Indicator]
			if !ok {
				continue
			}
			got[f.Indicator] = append(got[f.Indicator], f.OCID)
			if !slices.Contains(want, f.OCID) {
				t.Errorf("%s raised on %s, not planted (%s)", f.Indicator, f.OCID, f.Evidence.Detail.EN)
				continue
			}
			checkEvidence(t, s, f, want)
		}
		t.Logf("planted %v; flags of those rules %v", planted, got)
		for rule, want := range planted {
			g := got[rule]
			slices.Sort(g)
			g = slices.Compact(g)
			w := slices.Clone(want)
			slices.Sort(w)
			if !slices.Equal(g, w) {
				t.Errorf("%s flags %v, want the planted %v", rule, g, w)
			}
		}
		// The late payment's flag names the final payment, so many days late.
		late, err := s.RedFlags(ctx, sqlstore.RedFlagFilter{Indicator: "GM-LATE", OCID: ocid(res[4])})
		if err != nil || len(late) != 1 {
			t.Fatalf("late payment flags %v %v", late, err)
		}
		final := res[4].Payments[len(res[4].Payments)-1]
		if late[0].Value < 10 || !strings.HasSuffix(late[0].Subject, fmt.Sprint(final.ID)) {
			t.Errorf("late payment flag %+v, want the final payment %d, at least 10 days late", late[0], final.ID)
		}
	})
}

// checkEvidence checks a flag's evidence: releases of the planted processes
// only, each the release stored at the log index it names; the flag's own
// process among them.
func checkEvidence(t *testing.T, s *sqlstore.Store, f goumai.RedFlag, planted []string) {
	t.Helper()
	own := false
	if len(f.Evidence.Releases) == 0 || f.Evidence.Detail.ZH == "" || f.Evidence.Detail.EN == "" {
		t.Errorf("%s on %s: no evidence %+v", f.Indicator, f.OCID, f.Evidence)
	}
	for _, r := range f.Evidence.Releases {
		if !slices.Contains(planted, r.OCID) {
			t.Errorf("%s on %s: evidence release of %s, not a planted process", f.Indicator, f.OCID, r.OCID)
		}
		own = own || r.OCID == f.OCID
		var ocid, id string
		if err := s.DB().QueryRowContext(context.Background(), `SELECT ocid, release_id FROM ocds_releases WHERE log_index = $1 AND release_id = $2`,
			r.LogIndex, r.ReleaseID).Scan(&ocid, &id); err != nil || ocid != r.OCID {
			t.Errorf("%s on %s: evidence %+v is not the release stored at that log index (%s, %v)", f.Indicator, f.OCID, r, ocid, err)
		}
	}
	if !own {
		t.Errorf("%s on %s: its own releases are not in the evidence", f.Indicator, f.OCID)
	}
}
