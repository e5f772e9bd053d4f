package workflow_test

import (
	"context"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, goumai.Shanghai)
}

// services is a set of region's services values from a day, with an
// open-tender threshold of open.
func services(region string, from time.Time, open goumai.Fen) rules.Params {
	p := rules.NationalDefaults(rules.Services)
	p.Jurisdiction, p.EffectiveFrom, p.OpenTenderThreshold, p.Source = region, from, open, "测试通知〔2026〕1号"
	return p
}

// TestParamSetUseCases sets, ends and replaces parameter sets as finance
// administrators: only from a day to come, only for their own subtree, never
// against the law, and never rewriting values that have been in force.
func TestParamSetUseCases(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newWorld(t, s)
		svc := w.svc
		svc.Clock = clock
		at := func(region string, when time.Time) rules.Params {
			t.Helper()
			p, err := s.ParamsAt(ctx, region, rules.Services, when)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		april, july := day(2026, 4, 1), day(2026, 7, 1)

		// Refusals change nothing.
		size := treeSize(t, s)
		_, err := svc.SetParams(ctx, w.xihuAdmin, services("330000", april, 400_000_000))
		wantCode(t, "a county sets its province's values", err, goumai.EForbidden, "")
		_, err = svc.SetParams(ctx, w.zjAdmin, services("330000", day(2026, 3, 1), 400_000_000))
		wantCode(t, "a past day", err, goumai.EInvalid, "effective_from")
		_, err = svc.SetParams(ctx, w.zjAdmin, services("330000", day(2026, 3, 2), 400_000_000))
		wantCode(t, "today (its midnight has passed)", err, goumai.EInvalid, "effective_from")
		short := services("330000", april, 400_000_000)
		short.TenderMinDays = 15
		_, err = svc.SetParams(ctx, w.zjAdmin, short)
		wantCode(t, "a shortened tender period", err, goumai.EInvalid, "tender_min_days")
		if e := goumai.AsError(err); e.Rule != "ENG-D1" {
			t.Errorf("the shortened period's rule: %q, want ENG-D1", e.Rule)
		}
		_, err = svc.SetParams(ctx, w.zjAdmin, services("999999", april, 400_000_000))
		wantCode(t, "an unknown region", err, goumai.EInvalid, "jurisdiction")
		if n := treeSize(t, s); n != size {
			t.Errorf("refusals grew the log from %d to %d", size, n)
		}

		// The province sets its values from April, a county its own from July.
		zj, err := svc.SetParams(ctx, w.zjAdmin, services("330000", april, 400_000_000))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SetParams(ctx, w.zjAdmin, services("330000", april, 450_000_000)); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("a second set of the same day: %v, want conflict", err)
		}
		xihu, err := svc.SetParams(ctx, w.xihuAdmin, services("330106", july, 300_000_000))
		if err != nil {
			t.Fatal(err)
		}
		evs, err := s.FindEvents(ctx, sqlstore.EventFilter{ObjectType: "param_sets", PublicOnly: true, Limit: 10})
		if err != nil || len(evs) != 2 || evs[0].Action != "rules.param_set_add" {
			t.Errorf("public events of the two sets: %+v, %v", evs, err)
		}
		if p := at("330106", day(2026, 3, 2)); p.Jurisdiction != goumai.NationalCode {
			t.Errorf("before April: values of %s, want the national defaults", p.Jurisdiction)
		}
		if p := at("330106", april); p.Jurisdiction != "330000" || p.OpenTenderThreshold != 400_000_000 {
			t.Errorf("from April: values of %s, want the province's", p.Jurisdiction)
		}
		if p := at("330106", july); p.Jurisdiction != "330106" {
			t.Errorf("from July: values of %s, want the county's own", p.Jurisdiction)
		}
		// goumai itself may record values already in force (a new installation's).
		if _, err := svc.SetParams(ctx, goumai.System, services("330110", day(2021, 1, 1), 350_000_000)); err != nil {
			t.Errorf("goumai's own initial values: %v", err)
		}

		// April comes: the province's set is in force and is never rewritten.
		clock.Set(april.Add(10 * time.Hour))
		startedAt := clock.Now() // a procedure started now keeps these values
		before := at("330200", startedAt)
		_, _, err = svc.ReplaceParamSet(ctx, w.zjAdmin, zj.ID, services("", april, 500_000_000))
		wantCode(t, "replacing from the day already in force", err, goumai.EInvalid, "effective_from")
		_, err = svc.EndParamSet(ctx, w.zjAdmin, zj.ID, day(2026, 4, 1))
		wantCode(t, "ending on a day begun", err, goumai.EInvalid, "effective_to")
		_, err = svc.EndParamSet(ctx, w.xihuAdmin, zj.ID, day(2026, 12, 1))
		wantCode(t, "a county ends its province's set", err, goumai.EForbidden, "")
		_, _, err = svc.ReplaceParamSet(ctx, w.zjAdmin, zj.ID, services("", day(2026, 3, 31), 500_000_000))
		wantCode(t, "a replacement before the set began", err, goumai.EInvalid, "effective_from")
		_, _, err = svc.ReplaceParamSet(ctx, w.zjAdmin, zj.ID, services("330100", july, 500_000_000))
		wantCode(t, "a replacement for another region", err, goumai.EInvalid, "jurisdiction")
		goods := services("", july, 500_000_000)
		goods.Category = rules.Goods
		_, _, err = svc.ReplaceParamSet(ctx, w.zjAdmin, zj.ID, goods)
		wantCode(t, "a replacement of another category", err, goumai.EInvalid, "category")

		// A replacement from July: the old values stay for the days they were in force.
		old, added, err := svc.ReplaceParamSet(ctx, w.zjAdmin, zj.ID, services("", july, 500_000_000))
		if err != nil {
			t.Fatal(err)
		}
		if old.EffectiveTo == nil || !old.EffectiveTo.Equal(july) || added.Jurisdiction != "330000" || added.Category != rules.Services {
			t.Errorf("replace: old ends %v, new set of %s %s", old.EffectiveTo, added.Jurisdiction, added.Category)
		}
		if after := at("330200", startedAt); after != before {
			t.Errorf("the values in force when the procedure started changed:\n%+v\n%+v", before, after)
		}
		if p := at("330200", july); p.OpenTenderThreshold != 500_000_000 {
			t.Errorf("from July: %d, want the replacement's", p.OpenTenderThreshold)
		}
		_, _, err = svc.ReplaceParamSet(ctx, w.zjAdmin, zj.ID, services("", day(2026, 8, 1), 600_000_000))
		wantCode(t, "a replacement after the set ends", err, goumai.EInvalid, "effective_from")

		// A set not yet in force may be withdrawn (ended on its first day), and
		// one that is may be replaced from its first day while it is still to come.
		if _, err := svc.EndParamSet(ctx, w.xihuAdmin, xihu.ID, july); err != nil {
			t.Fatalf("withdraw the county's set: %v", err)
		}
		if p := at("330106", july); p.Jurisdiction != "330000" {
			t.Errorf("after the withdrawal: values of %s, want the province's", p.Jurisdiction)
		}
		if _, err := svc.EndParamSet(ctx, w.xihuAdmin, xihu.ID, day(2026, 9, 1)); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("changing a withdrawn set: %v, want conflict", err)
		}
		repl, got, err := svc.ReplaceParamSet(ctx, w.zjAdmin, added.ID, services("", july, 550_000_000))
		if err != nil || !repl.Withdrawn() || got.EffectiveFrom != july {
			t.Errorf("replace a set on its own first day: %v; old withdrawn %v", err, repl.Withdrawn())
		}
		if p := at("330200", july); p.OpenTenderThreshold != 550_000_000 {
			t.Errorf("from July: %d, want the corrected replacement's", p.OpenTenderThreshold)
		}

		// Ended sets never change again.
		if _, err := svc.EndParamSet(ctx, w.zjAdmin, got.ID, day(2026, 10, 1)); err != nil {
			t.Fatal(err)
		}
		clock.Set(day(2026, 10, 1))
		_, err = svc.EndParamSet(ctx, w.zjAdmin, got.ID, day(2026, 12, 1))
		wantCode(t, "ending a set that has ended", err, goumai.EConflict, "")
		_, _, err = svc.ReplaceParamSet(ctx, w.zjAdmin, got.ID, services("", day(2026, 12, 1), 1))
		wantCode(t, "replacing a set that has ended", err, goumai.EConflict, "")
		if p := at("330200", day(2026, 10, 1)); p.Jurisdiction != goumai.NationalCode {
			t.Errorf("after the province's end: values of %s, want the national defaults", p.Jurisdiction)
		}
		_, err = svc.EndParamSet(ctx, w.zjAdmin, 999999, day(2026, 12, 1))
		wantCode(t, "a missing set", err, goumai.ENotFound, "")

		// Everyone reads them; the sets of a region's path, ended ones included.
		sets, err := svc.ParamSets(ctx, "330106")
		if err != nil || len(sets) != 4 {
			t.Errorf("ParamSets(330106): %d sets, %v; want 4", len(sets), err)
		}
		if !svc.ParamSetChangeable(w.zjAdmin, zj, day(2026, 3, 2)) || svc.ParamSetChangeable(w.xihuAdmin, zj, day(2026, 3, 2)) || svc.ParamSetChangeable(w.zjAdmin, old, clock.Now()) {
			t.Error("ParamSetChangeable: the province's open set is the province's to change, an ended one nobody's")
		}
		in, err := svc.ParamsInForce(ctx, "330106", rules.Services, time.Time{})
		if err != nil || in.ID != 0 || in.Jurisdiction != goumai.NationalCode {
			t.Errorf("in force now: set %d of %s, %v; want the national defaults", in.ID, in.Jurisdiction, err)
		}
		verify(t, s)
	})
}
