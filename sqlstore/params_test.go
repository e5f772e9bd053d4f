package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

func shanghaiDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, goumai.Shanghai)
}

// paramSet is a set of region's values for services from a day, with the
// open-tender threshold open (the value the tests look for).
func paramSet(region string, from time.Time, open goumai.Fen) rules.ParamSet {
	p := rules.NationalDefaults(rules.Services)
	p.Jurisdiction, p.EffectiveFrom, p.OpenTenderThreshold, p.Source = region, from, open, "测试文件〔2026〕1号"
	return rules.ParamSet{Params: p}
}

// addSet stores a set (as goumai itself) with its event.
func addSet(t *testing.T, s *sqlstore.Store, set rules.ParamSet) rules.ParamSet {
	t.Helper()
	err := s.Update(context.Background(), func(tx *sqlstore.Tx) error {
		var err error
		if set.ID, err = tx.InsertParamSet(context.Background(), set); err != nil {
			return err
		}
		_, err = tx.Record(context.Background(), sqlstore.Change{Actor: goumai.System, Action: "rules.param_set_add", Table: "param_sets", Key: set.ID, Region: set.Jurisdiction, Public: true})
		return err
	})
	if err != nil {
		t.Fatalf("add %s from %s: %v", set.Jurisdiction, set.EffectiveFrom, err)
	}
	return set
}

// TestParamsAt resolves parameters down the region tree and across effective
// dates, on both databases: the region's own set, else the nearest region
// above, else the national defaults; a set begins at midnight in Shanghai.
func TestParamsAt(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		july := shanghaiDay(2026, 7, 1)
		addSet(t, s, paramSet("330000", shanghaiDay(2021, 1, 1), 400_000_000))
		addSet(t, s, paramSet("330106", july, 300_000_000))
		addSet(t, s, paramSet("100000", shanghaiDay(2025, 1, 1), 250_000_000))
		goods := paramSet("330000", shanghaiDay(2021, 1, 1), 450_000_000)
		goods.Category = rules.Goods
		addSet(t, s, goods)

		tests := []struct {
			name   string
			region string
			c      rules.Category
			at     time.Time
			open   goumai.Fen
			from   string // jurisdiction the values come from
		}{
			{"a county inherits its province's set", "330106", rules.Services, shanghaiDay(2026, 3, 2), 400_000_000, "330000"},
			{"the last microsecond before the county's own set (15:59:59.999999 UTC)", "330106", rules.Services, time.Date(2026, 6, 30, 15, 59, 59, 999999000, time.UTC), 400_000_000, "330000"},
			{"the county's own set from midnight in Shanghai (16:00 UTC)", "330106", rules.Services, time.Date(2026, 6, 30, 16, 0, 0, 0, time.UTC), 300_000_000, "330106"},
			{"a sibling county keeps the province's", "330110", rules.Services, july, 400_000_000, "330000"},
			{"a prefecture keeps the province's", "330100", rules.Services, july, 400_000_000, "330000"},
			{"another province: the Ministry's stored set", "510104", rules.Services, july, 250_000_000, "100000"},
			{"another province before the Ministry's set: national defaults", "510104", rules.Services, shanghaiDay(2024, 12, 31), 200_000_000, "100000"},
			{"before the province's first set: national defaults", "330106", rules.Services, shanghaiDay(2020, 12, 31), 200_000_000, "100000"},
			{"another category", "330106", rules.Goods, july, 450_000_000, "330000"},
			{"a category without sets: national defaults", "330106", rules.Works, july, 200_000_000, "100000"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p, err := s.ParamsAt(ctx, tt.region, tt.c, tt.at)
				if err != nil {
					t.Fatal(err)
				}
				if p.OpenTenderThreshold != tt.open || p.Jurisdiction != tt.from || p.Category != tt.c {
					t.Errorf("ParamsAt(%s, %s, %v): threshold %d from %s (%s); want %d from %s", tt.region, tt.c, tt.at, p.OpenTenderThreshold, p.Jurisdiction, p.Category, tt.open, tt.from)
				}
			})
		}

		for _, bad := range []struct{ region, c, field string }{{"999999", "services", "region"}, {"330106", "land", "category"}} {
			_, err := s.ParamsAt(ctx, bad.region, rules.Category(bad.c), july)
			if e := goumai.AsError(err); e.Code != goumai.EInvalid || e.Fields[bad.field].EN == "" {
				t.Errorf("ParamsAt(%s, %s): %v, want invalid %s", bad.region, bad.c, err, bad.field)
			}
		}

		// Inside a transaction, a set just inserted is seen.
		err := s.Update(ctx, func(tx *sqlstore.Tx) error {
			if _, err := tx.InsertParamSet(ctx, paramSet("330100", july, 350_000_000)); err != nil {
				return err
			}
			p, err := tx.ParamsAt(ctx, "330110", rules.Services, july)
			if err == nil && p.OpenTenderThreshold != 350_000_000 {
				err = fmt.Errorf("inside the transaction: %d from %s, want the prefecture's", p.OpenTenderThreshold, p.Jurisdiction)
			}
			if err == nil {
				err = errRollback
			}
			return err
		})
		if err != errRollback {
			t.Fatal(err)
		}
	})
}

var errRollback = fmt.Errorf("roll back")

// TestParamSetStore stores and reads back every value, refuses a second set of
// one region, category and day, ends a set only as it was read (a set ended
// meanwhile is stale), keeps withdrawn sets out of the way, and records every
// change so that a change behind goumai's back is found by verify.
func TestParamSetStore(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		july := shanghaiDay(2026, 7, 1)
		in := paramSet("330000", july, 400_000_000)
		for i, f := range rules.ParamFields {
			f.Set(&in.Params, int64(1000+i)) // every value distinct, to catch a field stored in another's place
		}
		in.Illustrative = true
		in = addSet(t, s, in)
		sets, err := s.ParamSets(ctx, []string{"100000", "330000"})
		if err != nil || len(sets) != 1 {
			t.Fatalf("ParamSets: %v %v", sets, err)
		}
		if diff := cmp.Diff(in, sets[0], cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
			t.Errorf("read back (-stored +read):\n%s", diff)
		}

		// One set per region, category and first day.
		err = s.Update(ctx, func(tx *sqlstore.Tx) error {
			_, err := tx.InsertParamSet(ctx, paramSet("330000", july, 1))
			return err
		})
		if goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("a second set of the same day: %v, want conflict", err)
		}

		// End it as read; a second end from the same read is stale.
		end := func(was *time.Time, to time.Time) error {
			return s.Update(ctx, func(tx *sqlstore.Tx) error {
				if err := tx.EndParamSet(ctx, in.ID, was, to); err != nil {
					return err
				}
				_, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "rules.param_set_end", Table: "param_sets", Key: in.ID, Region: "330000", Public: true})
				return err
			})
		}
		jan := shanghaiDay(2027, 1, 1)
		if err := end(nil, jan); err != nil {
			t.Fatal(err)
		}
		if err := end(nil, shanghaiDay(2027, 2, 1)); goumai.ErrorCode(err) != goumai.EStale {
			t.Errorf("ending from a stale read: %v, want stale", err)
		}
		if err := end(&jan, july); err != nil { // withdrawn: ended on its first day
			t.Fatal(err)
		}
		p, err := s.ParamsAt(ctx, "330106", rules.Services, july)
		if err != nil || p.Jurisdiction != goumai.NationalCode {
			t.Errorf("after withdrawal: values of %s (%v), want the national defaults", p.Jurisdiction, err)
		}
		// A withdrawn set leaves its day free for another.
		addSet(t, s, paramSet("330000", july, 500_000_000))
		if p, _ := s.ParamsAt(ctx, "330106", rules.Services, july); p.OpenTenderThreshold != 500_000_000 {
			t.Errorf("the set replacing the withdrawn one: %d", p.OpenTenderThreshold)
		}

		if _, err := s.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}
		if rep, err := s.Verify(ctx, nil); err != nil || !rep.OK() {
			t.Fatalf("verify: %v %v", err, rep.Problems)
		}
		if _, err := s.DB().ExecContext(ctx, `UPDATE param_sets SET params = $1 WHERE id = $2`, `{"open_tender_threshold": 1}`, in.ID); err != nil {
			t.Fatal(err)
		}
		wantProblems(t, s, "param_sets", fmt.Sprint(in.ID))
	})
}

// TestParamSetStoredBeforePayment reads a set stored before the payment
// parameters were added to rules.Params (its JSON lacks their keys): its own
// values stay, and the missing ones are the national defaults of its category,
// so a payment in its region needs the finance approval, deducts and bears
// interest as nationally.
func TestParamSetStoredBeforePayment(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		july := shanghaiDay(2026, 7, 1)
		in := paramSet("330000", july, 400_000_000)
		in.FinanceApprovalThreshold, in.FinalDeductionFairPct, in.OverdueInterestPer10000 = 1, 50, 9 // not what is read back
		in = addSet(t, s, in)
		old := `{"decentralised_limit": 30000000, "open_tender_threshold": 400000000, "tender_min_days": 25, "docs_available_min_wd": 5,
			"tender_clarify_min_days": 15, "consult_min_days": 10, "consult_clarify_min_days": 5, "negotiation_min_wd": 3,
			"negotiation_clarify_min_wd": 3, "prequal_min_wd": 5, "single_source_publicity_wd": 5, "panel_min": 5, "panel_min_large": 7,
			"panel_large_budget": 1000000000, "small_panel_min": 3, "small_panel_threshold": 5, "expert_share_min_pct": 67,
			"tender_price_weight_min_pct": 10, "tender_price_weight_max_pct": 100, "consult_price_weight_min_pct": 10,
			"consult_price_weight_max_pct": 30, "bid_bond_max_per_mille": 10, "performance_bond_max_per_mille": 100,
			"sme_deduction_min_pct": 10, "sme_deduction_max_pct": 20, "sme_consortium_min_pct": 4, "sme_consortium_max_pct": 6,
			"abnormal_low_mean_pct": 50, "abnormal_low_second_pct": 50, "abnormal_low_ceiling_pct": 45}`
		if _, err := s.DB().ExecContext(ctx, `UPDATE param_sets SET params = $1 WHERE id = $2`, old, in.ID); err != nil {
			t.Fatal(err)
		}
		want := rules.NationalDefaults(rules.Services)
		want.Jurisdiction, want.EffectiveFrom, want.Source = "330000", july, in.Source
		want.DecentralisedLimit, want.OpenTenderThreshold, want.TenderMinDays, want.BidBondMaxPerMille = 30_000_000, 400_000_000, 25, 10
		p, err := s.ParamsAt(ctx, "330106", rules.Services, july)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, p, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
			t.Errorf("an old-style set (-want +read):\n%s", diff)
		}
		sets, err := s.ParamSets(ctx, []string{"330000"})
		if err != nil || len(sets) != 1 {
			t.Fatalf("ParamSets: %v %v", sets, err)
		}
		if got := sets[0]; got.FinanceApprovalThreshold != want.FinanceApprovalThreshold || got.FinalDeductionPct(goumai.GradePoor) != goumai.FinalDeductionPct[goumai.GradePoor] ||
			got.OverdueInterestPer10000 != goumai.OverdueInterestPer10000 || got.Check() != nil {
			t.Errorf("listed: %+v (check: %v)", got, got.Check())
		}
	})
}
