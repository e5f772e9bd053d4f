package redflag

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestQuantileType8(t *testing.T) {
	// Hyndman–Fan type 8 (R's quantile(x, type = 8)) in statrs' float64
	// arithmetic: for n = 4, tau = 0.25, h = (4 + 1/3)·0.25 + 1/3 rounds to
	// 1.4166666666666665, so Q1 = 1 + 0.4166666666666665·(2 − 1).
	tests := []struct {
		data []float64
		tau  float64
		want float64
	}{
		{[]float64{1, 2, 3, 4}, 0.25, 1.4166666666666665},
		{[]float64{1, 2, 3, 4}, 0.75, 3.5833333333333335},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.5, 5.5},
		{[]float64{5}, 0.25, 5},
		{[]float64{1, 2}, 0.1, 1},  // h < 1: the minimum
		{[]float64{1, 2}, 0.95, 2}, // h >= n: the maximum
		{[]float64{3, 1, 2}, 0, 1}, // sorted first
		{[]float64{3, 1, 2}, 1, 3}, // tau = 1: the maximum
		{[]float64{1, 2}, 1.5, math.NaN()},
		{nil, 0.5, math.NaN()},
	}
	for _, tt := range tests {
		got := quantile(sortedCopy(tt.data), tt.tau)
		if got != tt.want && !(math.IsNaN(got) && math.IsNaN(tt.want)) {
			t.Errorf("quantile(%v, %v) = %v, want %v", tt.data, tt.tau, got, tt.want)
		}
	}
}

func TestFencesUseFMA(t *testing.T) {
	// (0.3 − 0.1)·1.5 + 0.3 rounds differently with and without a fused multiply-add.
	q1, q3 := 0.1, 0.3
	if got, want := upperFence(q1, q3), math.FMA(q3-q1, 1.5, q3); got != want {
		t.Errorf("upperFence = %v, want %v", got, want)
	}
	if got, want := lowerFence(q1, q3), math.FMA(q3-q1, -1.5, q1); got != want {
		t.Errorf("lowerFence = %v, want %v", got, want)
	}
}

func TestAppendFloatLikeSerde(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{1, "1.0"}, {0, "0.0"}, {math.Copysign(0, -1), "-0.0"}, {0.2, "0.2"}, {100, "100.0"},
		{0.16666666666666666, "0.16666666666666666"}, {-2.5, "-2.5"}, {1e16, "1e16"},
		{1234567890123456, "1234567890123456.0"}, {1e21, "1e21"}, {1.5e-7, "1.5e-7"},
		{0.0001, "0.0001"}, {0.00001, "0.00001"}, {0.000001, "1e-6"}, {123.456, "123.456"},
		{math.NaN(), "null"}, {math.Inf(1), "null"},
	}
	for _, tt := range tests {
		if got := string(AppendFloat(nil, tt.v)); got != tt.want {
			t.Errorf("AppendFloat(%v) = %s, want %s", tt.v, got, tt.want)
		}
	}
}

func TestWholeDays(t *testing.T) {
	tests := []struct {
		start, end string
		want       int64
		bad        bool
	}{
		{"2000-01-01T18:00:00Z", "2000-01-16T17:59:59Z", 14, false},
		{"2000-01-01T18:00:00Z", "2000-01-16T18:00:00Z", 15, false},
		{"2000-01-01T00:00:00+08:00", "2000-01-02T00:00:00Z", 1, false}, // 32 hours
		{"2000-01-16T18:00:00Z", "2000-01-01T18:00:00.5Z", -14, false},  // truncated toward zero
		{"2000-01-01t00:00:00z", "2000-01-03T00:00:00.000Z", 2, false},
		{"2000-02-30T00:00:00Z", "2000-03-01T00:00:00Z", 0, true},
		{"2000-01-01", "2000-01-02T00:00:00Z", 0, true},
		{"invalid", "2000-01-02T00:00:00Z", 0, true},
		{"2000-01-01T00:00:00", "2000-01-02T00:00:00Z", 0, true},
	}
	for _, tt := range tests {
		ss, sn, err1 := parseRFC3339(tt.start)
		es, en, err2 := parseRFC3339(tt.end)
		if bad := err1 != nil || err2 != nil; bad != tt.bad {
			t.Errorf("%s → %s: errors %v, %v; want bad=%v", tt.start, tt.end, err1, err2, tt.bad)
			continue
		}
		if !tt.bad {
			if got := wholeDays(ss, sn, es, en); got != tt.want {
				t.Errorf("%s → %s = %d days, want %d", tt.start, tt.end, got, tt.want)
			}
		}
	}
}

func TestParsePipeList(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil}, {"a", []string{"a"}}, {"a|b", []string{"a", "b"}}, {"a|", []string{"a"}}, {"|a", []string{"", "a"}},
	}
	for _, tt := range tests {
		got := ParsePipeList(tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("ParsePipeList(%q) = %v, want %v", tt.in, got, tt.want)
		}
		for _, w := range tt.want {
			if !got.Has(w) {
				t.Errorf("ParsePipeList(%q) = %v, want %v", tt.in, got, tt.want)
			}
		}
	}
}

// TestRuleVersions shows how a changed rule keeps judging running procedures
// by the version in force when they started.
func TestRuleVersions(t *testing.T) {
	day := func(s string) time.Time {
		v, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	g := &Registry{}
	old := Rule{ID: "ENG-D1", LegalBasis: "GPL Art. 35", EffectiveTo: day("2026-01-01")}
	next := Rule{ID: "ENG-D1", LegalBasis: "GPL Art. 35 (2026)", EffectiveFrom: day("2026-01-01")}
	factory := func(*Context, *Section) (Indicator, error) { return nil, nil }
	if err := g.Register(Registration{Rule: old, New: factory}); err != nil {
		t.Fatal(err)
	}
	if err := g.Register(Registration{Rule: next, New: factory}); err != nil {
		t.Fatal(err)
	}
	if err := g.Register(Registration{Rule: Rule{ID: "ENG-D1", EffectiveFrom: day("2025-06-01")}, New: factory}); err == nil {
		t.Error("an overlapping version was accepted")
	}
	for _, tt := range []struct {
		at   string
		want string
	}{{"2025-12-31", "GPL Art. 35"}, {"2026-01-01", "GPL Art. 35 (2026)"}} {
		reg, ok := g.At("ENG-D1", day(tt.at))
		if !ok || reg.Rule.LegalBasis != tt.want {
			t.Errorf("At(%s) = %q, %v; want %q", tt.at, reg.Rule.LegalBasis, ok, tt.want)
		}
	}
}

func TestDefaultRegistryHoldsCardinal(t *testing.T) {
	var ids []string
	for _, r := range Default.InForce(testDay) {
		ids = append(ids, r.Rule.ID)
	}
	if got, want := strings.Join(ids, " "), "R003 R018 R024 R025 R028 R030 R035 R036 R038 R048 R058"; got != want {
		t.Errorf("registered %s, want %s", got, want)
	}
}

func TestNewRequiresAt(t *testing.T) {
	s, err := ParseSettings(strings.NewReader("[R018]\n"), Default)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(s, Options{}); err == nil {
		t.Error("New without Options.At: no error; it would judge by the day the program runs")
	}
}
