package rules_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
)

func pts(n int) *int { return &n }

// TestCheckIndicators: one row per clause of ENG-J2.
func TestCheckIndicators(t *testing.T) {
	def := goumai.DefaultIndicators()
	with := func(f func([]goumai.Indicator) []goumai.Indicator) []goumai.Indicator {
		c := append([]goumai.Indicator(nil), def...)
		return f(c)
	}
	for _, tc := range []struct {
		name     string
		inds     []goumai.Indicator
		external bool
		field    string // "" valid
	}{
		{"the ENG-J2 default", def, false, ""},
		{"the default is a valid external system (output+benefit 80)", def, true, ""},
		{"none", nil, false, "indicators"},
		{"weights sum to 90", with(func(c []goumai.Indicator) []goumai.Indicator { c[0].Weight = 40; return c }), false, "indicators"},
		{"weights sum to 110", with(func(c []goumai.Indicator) []goumai.Indicator { c[0].Weight = 60; return c }), false, "indicators"},
		{"a zero weight", with(func(c []goumai.Indicator) []goumai.Indicator { c[3].Weight, c[0].Weight = 0, 60; return c }), false, "indicators.3.weight"},
		{"no name", with(func(c []goumai.Indicator) []goumai.Indicator { c[1].Name = " "; return c }), false, "indicators.1.name"},
		{"unknown first-level indicator", with(func(c []goumai.Indicator) []goumai.Indicator { c[1].Level = "impact"; return c }), false, "indicators.1.level"},
		{"unknown category", with(func(c []goumai.Indicator) []goumai.Indicator { c[1].Category = "other"; return c }), false, "indicators.1.category"},
		{"a score above 100 %", with(func(c []goumai.Indicator) []goumai.Indicator { c[0].Score = pts(101); return c }), false, "indicators.0.score"},
		{"a decision indicator is allowed", with(func(c []goumai.Indicator) []goumai.Indicator {
			c[3] = goumai.Indicator{Level: goumai.LevelDecision, Category: goumai.CategoryCost, Name: "立项规范性", Weight: 10}
			return c
		}), false, ""},
		{"output+benefit 50 % is fine for a self-evaluation", with(func(c []goumai.Indicator) []goumai.Indicator {
			c[0].Weight, c[1].Weight, c[2].Weight, c[3].Weight = 30, 20, 25, 25
			return c
		}), false, ""},
		{"output+benefit 50 % is too little for an external one", with(func(c []goumai.Indicator) []goumai.Indicator {
			c[0].Weight, c[1].Weight, c[2].Weight, c[3].Weight = 30, 20, 25, 25
			return c
		}), true, "indicators"},
		{"output+benefit exactly 60 % suffices", with(func(c []goumai.Indicator) []goumai.Indicator {
			c[0].Weight, c[1].Weight, c[2].Weight, c[3].Weight = 40, 20, 20, 20
			return c
		}), true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := rules.CheckIndicators(tc.inds, tc.external, goumai.DefaultMinOutputBenefit)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if e := goumai.AsError(err); e == nil || e.Code != goumai.EInvalid || e.Fields[tc.field].ZH == "" {
				t.Fatalf("want a problem with %s, got %v", tc.field, err)
			}
		})
	}
}

// TestWeightedScore: Σ weight × score%, in hundredths of a point, and the grade bounds of ENG-J2.
func TestWeightedScore(t *testing.T) {
	for _, tc := range []struct {
		scores []int
		want   int
		grade  goumai.Grade
	}{
		{[]int{100, 100, 100, 100}, 10000, goumai.GradeExcellent},
		{[]int{90, 90, 90, 90}, 9000, goumai.GradeExcellent},
		{[]int{90, 80, 85, 70}, 8450, goumai.GradeGood},
		{[]int{80, 79, 79, 79}, 7950, goumai.GradeFair},
		{[]int{60, 50, 70, 60}, 5800, goumai.GradePoor},
		{[]int{0, 0, 0, 0}, 0, goumai.GradePoor},
	} {
		inds := goumai.DefaultIndicators()
		for i := range inds {
			inds[i].Score = pts(tc.scores[i])
		}
		if got := rules.WeightedScore(inds); got != tc.want || goumai.GradeFor(got) != tc.grade {
			t.Errorf("%v: %d %s, want %d %s", tc.scores, got, goumai.GradeFor(got), tc.want, tc.grade)
		}
	}
	if err := rules.CheckScored(goumai.DefaultIndicators()); goumai.AsError(err).Fields["indicators.0.score"].ZH == "" {
		t.Errorf("unscored: %v", err)
	}
}

// TestSeedIndicators: the application's targets replace the template's
// indicators of their category and share its weight.
func TestSeedIndicators(t *testing.T) {
	targets := []goumai.PerformanceTarget{
		{Category: "output", Indicator: "服务老人人数", Target: "≥ 1200", Unit: "人", Weight: 30},
		{Category: "output", Indicator: "服务质量达标率", Target: "≥ 95%", Weight: 10},
		{Category: "benefit", Indicator: "老人生活质量改善", Target: "明显"},
		{Category: "benefit", Indicator: "家属负担减轻", Target: "明显"},
		{Category: "benefit", Indicator: "社区参与", Target: "提高"},
		{Category: "unknown", Indicator: "ignored"},
	}
	got := rules.SeedIndicators(goumai.DefaultIndicators(), targets)
	var names []string
	var weights []int
	for _, in := range got {
		names, weights = append(names, in.Name), append(weights, in.Weight)
	}
	wantNames := []string{"服务老人人数", "服务质量达标率", "老人生活质量改善", "家属负担减轻", "社区参与", "服务对象满意度", "预算执行率"}
	if !reflect.DeepEqual(names, wantNames) || !reflect.DeepEqual(weights, []int{38, 12, 10, 10, 10, 10, 10}) {
		t.Fatalf("seeded %v %v", names, weights)
	}
	if got[0].Level != goumai.LevelOutput || got[2].Level != goumai.LevelBenefit || got[0].Target != "≥ 1200" {
		t.Errorf("levels or targets: %+v", got)
	}
	if err := rules.CheckIndicators(got, true, goumai.DefaultMinOutputBenefit); err != nil {
		t.Errorf("the seeded system: %v", err)
	}
	if d := rules.SeedIndicators(goumai.DefaultIndicators(), nil); !reflect.DeepEqual(d, goumai.DefaultIndicators()) {
		t.Errorf("no targets: %v", d)
	}
}

// TestPickTemplate: the deepest region, then the longest catalogue prefix, then the latest date in force.
func TestPickTemplate(t *testing.T) {
	ts := []goumai.IndicatorTemplate{
		{ID: 1, Region: "330000", CatalogCode: "", EffectiveFrom: "2026-01-01"},
		{ID: 2, Region: "330100", CatalogCode: "", EffectiveFrom: "2026-01-01"},
		{ID: 3, Region: "330100", CatalogCode: "A01", EffectiveFrom: "2026-01-01"},
		{ID: 4, Region: "330100", CatalogCode: "A01", EffectiveFrom: "2026-06-01"},
		{ID: 5, Region: "330200", CatalogCode: "", EffectiveFrom: "2020-01-01"},
	}
	path := []string{"100000", "330000", "330100", "330106"}
	for _, tc := range []struct {
		catalog, day string
		want         int64
	}{
		{"A0102", "2026-03-01", 3},
		{"A0102", "2026-07-01", 4},
		{"B01", "2026-07-01", 2},
		{"B01", "2025-12-31", 0},
	} {
		got, ok := rules.PickTemplate(ts, path, tc.catalog, tc.day)
		if !ok && tc.want != 0 || ok && got.ID != tc.want {
			t.Errorf("%s on %s: %d %v, want %d", tc.catalog, tc.day, got.ID, ok, tc.want)
		}
	}
}

// TestFlagSurvey: a burst of identical answers is flagged; so is an answer
// far from the median; excluded answers take no part.
func TestFlagSurvey(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	resp := func(min int, r ...int) goumai.SurveyResponse {
		return goumai.SurveyResponse{Ratings: r, Satisfaction: rules.Satisfaction(r), SubmittedAt: t0.Add(time.Duration(min) * time.Minute)}
	}
	for _, tc := range []struct {
		name string
		rs   []goumai.SurveyResponse
		want [][]string
	}{
		{"a few honest answers", []goumai.SurveyResponse{resp(0, 5, 4, 5, 4), resp(30, 4, 4, 4, 4), resp(90, 5, 5, 5, 4)}, [][]string{nil, nil, nil}},
		{"five identical answers in two minutes", []goumai.SurveyResponse{resp(0, 1, 1, 1, 1), resp(1, 1, 1, 1, 1), resp(1, 1, 1, 1, 1), resp(2, 1, 1, 1, 1), resp(2, 1, 1, 1, 1)},
			[][]string{{"burst"}, {"burst"}, {"burst"}, {"burst"}, {"burst"}}},
		{"five identical answers over hours", []goumai.SurveyResponse{resp(0, 4, 4, 4, 4), resp(20, 4, 4, 4, 4), resp(40, 4, 4, 4, 4), resp(60, 4, 4, 4, 4), resp(80, 4, 4, 4, 4)},
			[][]string{nil, nil, nil, nil, nil}},
		{"a flood does not move the median: the honest answers are not outliers", []goumai.SurveyResponse{resp(0, 1, 1, 1, 1), resp(1, 1, 1, 1, 1), resp(1, 1, 1, 1, 1),
			resp(2, 1, 1, 1, 1), resp(2, 1, 1, 1, 1), resp(30, 5, 5, 5, 4), resp(60, 4, 4, 5, 5), resp(90, 5, 4, 4, 5), resp(120, 5, 5, 4, 4), resp(150, 4, 5, 5, 5)},
			[][]string{{"burst", "outlier"}, {"burst", "outlier"}, {"burst", "outlier"}, {"burst", "outlier"}, {"burst", "outlier"}, nil, nil, nil, nil, nil}},
		{"one answer far below the median", []goumai.SurveyResponse{resp(0, 5, 5, 5, 5), resp(20, 5, 4, 5, 5), resp(40, 4, 5, 5, 5), resp(60, 5, 5, 4, 5), resp(80, 1, 1, 1, 2)},
			[][]string{nil, nil, nil, nil, {"outlier"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rules.FlagSurvey(tc.rs)
			for i, r := range tc.rs {
				if !reflect.DeepEqual(r.Flags, tc.want[i]) {
					t.Errorf("response %d: flags %v, want %v", i, r.Flags, tc.want[i])
				}
			}
		})
	}
	rs := []goumai.SurveyResponse{resp(0, 5, 5, 5, 5), resp(1, 1, 1, 1, 1)}
	rs[1].Excluded = true
	if s, ok := rules.SurveyScore(rs); !ok || s != 100 {
		t.Errorf("score without the excluded: %d %v", s, ok)
	}
}

// TestPseudonymise: no telephone, identity number or e-mail stays in a comment (REQ-W19).
func TestPseudonymise(t *testing.T) {
	for in, want := range map[string]string{
		"服务很好":                         "服务很好",
		"请联系我 13812345678":             "请联系我 ***",
		"身份证33010619800101123X 王大妈":    "身份证*** 王大妈",
		"座机 0571-87654321，邮箱 a.b@c.cn": "座机 ***，邮箱 ***",
	} {
		if got := rules.Pseudonymise(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
	if err := rules.CheckSurveyAnswer([]int{5, 0, 4}, "", 4); goumai.AsError(err).Fields["ratings"].ZH == "" || goumai.AsError(err).Fields["ratings.1"].ZH == "" {
		t.Errorf("bad answer: %v", err)
	}
}
