package demo

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

// TestLoadProcurements: the demo world holds a procedure in every state of
// part 1, written through the use cases with their history: the clock is back
// at the present afterwards, every published procedure has its notices, the
// approver and the purchaser have their to-dos, a second load adds nothing,
// and the log verifies.
func TestLoadProcurements(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		svc := sealedWorld(t, s) // bids are taken and opened
		checkProcurements(t, s, svc, clock, sqltest.Start)
	})
}

// checkProcurements checks the demo procedures of a world loaded at now
// (the demo year's life cycles, with procedures of their own, aside).
func checkProcurements(t *testing.T, s *sqlstore.Store, svc *workflow.Service, clock *goumai.FakeClock, now time.Time) {
	t.Helper()
	{
		ctx := context.Background()
		if !clock.Now().Equal(now) {
			t.Fatalf("after Load the clock is at %s, want the present %s", clock.Now(), now)
		}
		all, err := s.FindProcurements(ctx, sqlstore.ProcurementFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var ps []goumai.Procurement
		for _, p := range all {
			if !isYearTitle(p.Title) {
				ps = append(ps, p)
			}
		}
		byState := map[goumai.ProcurementStatus][]goumai.Procurement{}
		for _, p := range ps {
			byState[p.Status] = append(byState[p.Status], p)
		}
		want := map[goumai.ProcurementStatus]int{goumai.ProcDraft: 3, goumai.ProcApproval: 1, goumai.ProcPublicity: 1, goumai.ProcPrequal: 1,
			goumai.ProcTendering: 2, goumai.ProcFailed: 1, goumai.ProcAwarded: 2, goumai.ProcTerminated: 1}
		for st, n := range want {
			if len(byState[st]) != n {
				t.Errorf("%s: %d procedures, want %d", st, len(byState[st]), n)
			}
		}
		// The agency's 磋商 had no response at its deadline: opened, failed
		// (ENG-E3), and procured again by a new draft.
		failed := byState[goumai.ProcFailed][0]
		if failed.AgencyOrgID == 0 || failed.Method != goumai.MethodConsultation || !failed.Periods.BidDeadline.Before(now) {
			t.Errorf("the failed procedure: %+v", failed)
		}
		if f, err := s.FollowupOf(ctx, failed.ID); err != nil || f.Kind != "retender" {
			t.Errorf("the failed procedure's follow-up: %+v %v", f, err)
		}
		// The 磋商 only two answered went on with two (ENG-E3) to its result.
		withTwo := 0
		for _, p := range byState[goumai.ProcAwarded] {
			if p.Title != twoProject.Title {
				continue
			}
			withTwo++
			bids, err := s.OpenedBids(ctx, p.ID)
			if err != nil || p.Method != goumai.MethodConsultation || len(bids) != 2 {
				t.Errorf("the 磋商 with two: %s, %d opened bids %v", p.Method, len(bids), err)
			}
			if as, err := s.Awards(ctx, p.ID); err != nil || len(as) != 1 {
				t.Errorf("the 磋商 with two's award: %+v %v", as, err)
			}
			checkDemoContract(t, s, p)
		}
		if withTwo != 1 {
			t.Errorf("%d awarded procedures of %s, want 1", withTwo, twoProject.Title)
		}
		kinds := map[goumai.NoticeKind]int{}
		for _, p := range ps {
			ns, err := s.Notices(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if p.Public() != (len(ns) > 0) {
				t.Errorf("%s (%s): public %v with %d notices", p.Title, p.Status, p.Public(), len(ns))
			}
			for _, n := range ns {
				kinds[n.Kind]++
			}
		}
		for _, k := range []goumai.NoticeKind{goumai.NoticeTender, goumai.NoticeNonTender, goumai.NoticeCorrection, goumai.NoticeSingleSource, goumai.NoticeTermination, goumai.NoticePrequal,
			goumai.NoticeOpening, goumai.NoticeFailure, goumai.NoticeResult, goumai.NoticeContract} {
			if kinds[k] == 0 {
				t.Errorf("no %s notice in the demo world (%v)", k, kinds)
			}
		}
		for _, c := range []struct{ user, kind, part string }{
			{"hz.approver", "todo.kind.method_approval", "智慧养老服务平台运营"},
			{"xihu.minzheng", "todo.kind.procurement_draft", "养老服务人才培训"},
			{"xihu.minzheng", "todo.kind.challenge", "困境儿童关爱保护服务"}, // 浙江之江 challenged the correction notice
		} {
			a, err := demoActor(ctx, s, c.user)
			if err != nil {
				t.Fatal(err)
			}
			in, err := svc.Inbox(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, it := range in.Todo {
				found = found || it.Kind == c.kind && strings.Contains(it.Title, c.part)
			}
			if !found {
				t.Errorf("%s's to-do has no %s for %s: %+v", c.user, c.kind, c.part, in.Todo)
			}
		}
		ds, err := s.Decisions(ctx, byState[goumai.ProcTendering][0].ID)
		if err != nil {
			t.Fatal(err)
		}
		ds2, err := s.Decisions(ctx, byState[goumai.ProcTendering][1].ID)
		if err != nil {
			t.Fatal(err)
		}
		if ds = append(ds, ds2...); len(ds) != 1 || ds[0].Status != goumai.DecisionApproved || ds[0].Opinion == "" {
			t.Errorf("the approved negotiation's decision: %+v", ds)
		}
		for _, p := range byState[goumai.ProcAwarded] {
			if p.Title != twoProject.Title {
				checkRerank(t, s, svc, p) // 居家养老上门服务: its award changed by an upheld challenge
			}
		}
		os, err := s.Objections(ctx, byState[goumai.ProcPublicity][0].ID)
		if err != nil || len(os) != 1 || os[0].AnsweredAt == nil {
			t.Errorf("the publicity's objection: %+v %v", os, err)
		}

		if err := LoadProcurements(ctx, svc, clock, historyStart(clock.Now()), clock.Now()); err != nil {
			t.Fatal(err)
		}
		again, err := s.FindProcurements(ctx, sqlstore.ProcurementFilter{Limit: 100})
		if err != nil || len(again) != len(all) {
			t.Errorf("a second load: %d procedures, want %d (%v)", len(again), len(all), err)
		}
		auditor, err := demoActor(ctx, s, "auditor.zj")
		if err != nil {
			t.Fatal(err)
		}
		flags, err := svc.SplittingFlags(ctx, auditor)
		if err != nil || len(flags) != 1 || flags[0].Total != 4_800_000_00 || len(flags[0].Procurements) != 4 {
			t.Errorf("the demo's 化整为零 red flag: %+v %v", flags, err)
		}
		if _, err := s.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}
		if rep, err := s.Verify(ctx, nil); err != nil || !rep.OK() {
			t.Errorf("verify: %v %v", err, rep.Problems)
		}
	}
}
