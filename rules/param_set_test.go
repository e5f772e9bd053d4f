package rules

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/goumai/goumai"
)

func shday(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, goumai.Shanghai)
}

func set(id int64, region string, c Category, from time.Time, to *time.Time, open goumai.Fen) ParamSet {
	p := NationalDefaults(c)
	p.Jurisdiction, p.EffectiveFrom, p.OpenTenderThreshold = region, from, open
	return ParamSet{ID: id, Params: p, EffectiveTo: to}
}

// TestInForce has one row per clause of the resolution: the region's own
// newest covering set, else the nearest region above, else the national
// defaults; ended and withdrawn sets cover nothing; the day starts at midnight
// in Shanghai.
func TestInForce(t *testing.T) {
	path := []string{"100000", "330000", "330100", "330106"}
	end2027 := shday(2027, 1, 1)
	withdrawn := shday(2026, 9, 1)
	sets := []ParamSet{
		set(1, "330000", Services, shday(2021, 1, 1), &end2027, 400_000_000), // the province's first set, replaced in 2027
		set(2, "330000", Services, end2027, nil, 500_000_000),                // … by this one
		set(3, "330106", Services, shday(2026, 7, 1), nil, 300_000_000),      // the county's own, from July 2026
		set(4, "330100", Services, withdrawn, &withdrawn, 1),                 // withdrawn before it took effect
		set(5, "330000", Goods, shday(2021, 1, 1), nil, 450_000_000),         // another category
		set(6, "100000", Services, shday(2025, 1, 1), nil, 250_000_000),      // a national set stored by the Ministry
		set(7, "330110", Services, shday(2021, 1, 1), nil, 1),                // a sibling county: never on this path
	}
	tests := []struct {
		name   string
		path   []string
		c      Category
		at     time.Time
		wantID int64 // 0: none, the national defaults
		open   goumai.Fen
	}{
		{"before any stored set: national defaults", path, Services, shday(2020, 6, 1), 0, 200_000_000},
		{"the province's set, inherited by the county", path, Services, shday(2024, 6, 1), 1, 400_000_000},
		{"the last instant before the county's own set", path, Services, shday(2026, 7, 1).Add(-time.Microsecond), 1, 400_000_000},
		{"the county's own set from its first midnight (Shanghai)", path, Services, shday(2026, 7, 1), 3, 300_000_000},
		{"16:00 UTC the day before is midnight in Shanghai", path, Services, time.Date(2026, 6, 30, 16, 0, 0, 0, time.UTC), 3, 300_000_000},
		{"the county's set wins over the province's replacement", path, Services, shday(2027, 6, 1), 3, 300_000_000},
		{"the prefecture inherits the province's replacement", path[:3], Services, shday(2027, 6, 1), 2, 500_000_000},
		{"the prefecture: the province's first set the day before the replacement", path[:3], Services, end2027.Add(-time.Second), 1, 400_000_000},
		{"a withdrawn set covers nothing, even on its own day", path[:3], Services, withdrawn, 1, 400_000_000},
		{"another category's set is not used", path, Works, shday(2024, 6, 1), 0, 200_000_000},
		{"the category's own set", path, Goods, shday(2024, 6, 1), 5, 450_000_000},
		{"a national stored set for another province's county", []string{"100000", "510000", "510100"}, Services, shday(2025, 6, 1), 6, 250_000_000},
		{"national defaults before the national stored set", []string{"100000", "510000"}, Services, shday(2024, 12, 31), 0, 200_000_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := InForce(sets, tt.path, tt.c, tt.at)
			if ok != (tt.wantID != 0) || s.ID != tt.wantID {
				t.Errorf("InForce: set %d (%v), want %d", s.ID, ok, tt.wantID)
			}
			if p := ParamsIn(sets, tt.path, tt.c, tt.at); p.OpenTenderThreshold != tt.open || p.Category != tt.c {
				t.Errorf("ParamsIn: threshold %d, category %s; want %d, %s", p.OpenTenderThreshold, p.Category, tt.open, tt.c)
			}
		})
	}
	// A newer set of the same region supersedes an older one left open.
	open := append(sets, set(8, "330106", Services, shday(2028, 1, 1), nil, 350_000_000))
	if s, _ := InForce(open, path, Services, shday(2028, 1, 1)); s.ID != 8 {
		t.Errorf("the newer open set: got %d, want 8", s.ID)
	}
}

// TestParamSetStates covers Withdrawn, Started, Ended and Covers at their boundaries.
func TestParamSetStates(t *testing.T) {
	from, to := shday(2026, 7, 1), shday(2027, 1, 1)
	s := set(1, "330000", Services, from, &to, 1)
	for _, tt := range []struct {
		at                      time.Time
		started, ended, covered bool
	}{
		{from.Add(-time.Microsecond), false, false, false},
		{from, true, false, true},
		{to.Add(-time.Microsecond), true, false, true},
		{to, true, true, false},
	} {
		if s.Started(tt.at) != tt.started || s.Ended(tt.at) != tt.ended || s.Covers(tt.at) != tt.covered {
			t.Errorf("at %v: started %v ended %v covers %v; want %v %v %v", tt.at, s.Started(tt.at), s.Ended(tt.at), s.Covers(tt.at), tt.started, tt.ended, tt.covered)
		}
	}
	if s.Withdrawn() {
		t.Error("a set with a later end is not withdrawn")
	}
	s.EffectiveTo = &from
	if !s.Withdrawn() || s.Covers(from) || !s.Ended(from.Add(-time.Hour)) {
		t.Error("a set ended on its first day is withdrawn, covers nothing and has ended, even before that day")
	}
}

// TestParamFields checks that every value of Params is described once, under a
// known heading, and that Set and Value reach the field of its JSON name.
func TestParamFields(t *testing.T) {
	groups := map[string]bool{}
	for _, g := range ParamGroups {
		groups[g.Key] = true
	}
	described := map[string]ParamField{}
	for _, f := range ParamFields {
		if _, dup := described[f.Name]; dup {
			t.Errorf("%s is described twice", f.Name)
		}
		described[f.Name] = f
		if !groups[f.Group] || f.Label.ZH == "" || f.Label.EN == "" || f.Rule == "" {
			t.Errorf("%s: group %q, label %v, rule %q", f.Name, f.Group, f.Label, f.Rule)
		}
	}
	typ := reflect.TypeFor[Params]()
	fen := reflect.TypeFor[goumai.Fen]()
	values := 0
	for i := range typ.NumField() {
		sf := typ.Field(i)
		if sf.Type != fen && sf.Type.Kind() != reflect.Int {
			continue
		}
		values++
		name := sf.Tag.Get("json")
		f, ok := described[name]
		if !ok {
			t.Errorf("Params.%s (%s) has no ParamField", sf.Name, name)
			continue
		}
		if (sf.Type == fen) != (f.Unit == UnitFen) {
			t.Errorf("%s: unit %s for a %s", name, f.Unit, sf.Type)
		}
		p := NationalDefaults(Services)
		f.Set(&p, 12345)
		var m map[string]any
		b, _ := json.Marshal(p)
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if m[name] != float64(12345) || f.Value(p) != 12345 {
			t.Errorf("%s: Set then JSON %v, Value %d", name, m[name], f.Value(p))
		}
	}
	if values != len(ParamFields) {
		t.Errorf("Params has %d values, ParamFields %d", values, len(ParamFields))
	}
}

// TestParamFieldDisplay writes each unit as the portal shows it.
func TestParamFieldDisplay(t *testing.T) {
	p := NationalDefaults(Services)
	want := map[string][2]string{
		"open_tender_threshold":      {"¥2,000,000.00", "¥2,000,000.00"},
		"tender_min_days":            {"20日", "20 calendar days"},
		"docs_available_min_wd":      {"5个工作日", "5 working days"},
		"panel_min":                  {"5人", "5 members"},
		"bid_bond_max_per_mille":     {"2%", "2%"},
		"expert_share_min_pct":       {"67%", "67%"},
		"finance_approval_threshold": {"¥1,000,000.00", "¥1,000,000.00"},
		"final_deduction_fair_pct":   {"10%", "10%"},
		"overdue_interest_per_10000": {"每日万分之5（0.05%）", "0.05% a day (5 per 10,000)"},
	}
	for _, f := range ParamFields {
		w, ok := want[f.Name]
		if !ok {
			continue
		}
		if got := f.Display(p); got.ZH != w[0] || got.EN != w[1] {
			t.Errorf("%s: %v, want %v", f.Name, got, w)
		}
	}
	if got := milleAsPercent(15); got != "1.5%" {
		t.Errorf("milleAsPercent(15) = %q", got)
	}
	for v, want := range map[int]string{5: "0.05%", 100: "1.00%", 125: "1.25%", -5: "-0.05%"} {
		if got := per10000AsPercent(v); got != want {
			t.Errorf("per10000AsPercent(%d) = %q, want %q", v, got, want)
		}
	}
	for g, want := range map[goumai.Grade]int{goumai.GradeExcellent: 0, goumai.GradeGood: 0, goumai.GradeFair: 10, goumai.GradePoor: 30, "unknown": 0} {
		if got := p.FinalDeductionPct(g); got != want || want != goumai.FinalDeductionPct[g] {
			t.Errorf("FinalDeductionPct(%s) = %d, want %d", g, got, want)
		}
	}
}
