package goumai

import (
	"slices"
	"testing"
)

func statReport(tables map[StatDim]map[string][2]int64) StatReport {
	var r StatReport
	for _, d := range StatDims {
		t := StatTable{Dim: d}
		for k, f := range tables[d] {
			t.Rows = append(t.Rows, StatRow{Key: k, Now: StatFigure{N: f[0], Amount: Fen(f[1])}, Previous: StatFigure{N: 99, Amount: 99}})
		}
		r.Tables = append(r.Tables, t)
	}
	return r
}

// TestComplianceOf computes the indicators from a statistics report.
func TestComplianceOf(t *testing.T) {
	r := planStats()
	row := func(key string, n, amount int64) StatRow {
		return StatRow{Key: key, Now: StatFigure{N: n, Amount: Fen(amount)}}
	}
	r.Tables = append(r.Tables, StatTable{Dim: StatTimeliness, Rows: []StatRow{row("stats_on_time", 3, 0), row("stats_late", 1, 0)}},
		StatTable{Dim: StatGrade, Rows: []StatRow{row("good", 2, 0), row("excellent", 2, 0)}})
	r.Tables[0].Rows = append(r.Tables[0].Rows, row("payments", 4, 1_500_000))
	c := ComplianceOf("330106", "西湖区", r)
	if c.CatalogueAdherence != 75 || c.DisclosureOnTime != 75 || c.BudgetExecution != 50 || c.EvaluationCoverage != 50 || c.Score != 62 {
		t.Errorf("%+v", c)
	}
	if c.MethodCompliance != nil || c.RedFlagsClosed != nil || !slices.Equal(c.NotCounted, []string{IndMethod, IndRedFlags}) {
		t.Errorf("no procedure nor flag counted: %+v", c)
	}
	if z := ComplianceOf("330108", "滨江区", StatReport{}); z.Score != 0 || len(z.NotCounted) != len(ComplianceIndicators) {
		t.Errorf("nothing counted: %+v", z)
	}
}

// TestComplianceIndicators: each indicator, from the statistics of the
// period only (the previous period's figures are 99 everywhere and never
// read), with nothing to count left out of the score.
func TestComplianceIndicators(t *testing.T) {
	type tables = map[StatDim]map[string][2]int64
	cases := []struct {
		name  string
		ind   string
		stats tables
		want  int64
		none  bool
	}{
		{"catalogue: projects outside the catalogue do not count", IndCatalogue,
			tables{StatTotal: {"projects": {10, 0}}, StatCategory: {"A": {6, 0}, "B": {1, 0}, "-": {3, 0}}}, 70, false},
		{"catalogue: every project outside", IndCatalogue, tables{StatTotal: {"projects": {4, 0}}, StatCategory: {"-": {4, 0}}}, 0, false},
		{"catalogue: no project", IndCatalogue, tables{}, 0, true},
		{"disclosure: on time of entered", IndDisclosure, tables{StatTimeliness: {"stats_on_time": {1, 0}, "stats_late": {3, 0}}}, 25, false},
		{"disclosure: none entered", IndDisclosure, tables{StatTimeliness: {"paid_on_time": {3, 0}}}, 0, true},
		{"budget: payments of contracts' amount", IndBudget, tables{StatTotal: {"contracts": {2, 400}, "payments": {5, 100}}}, 25, false},
		{"budget: at most 100", IndBudget, tables{StatTotal: {"contracts": {2, 400}, "payments": {5, 900}}}, 100, false},
		{"budget: no contract", IndBudget, tables{StatTotal: {"payments": {5, 900}}}, 0, true},
		{"evaluation: grades of contracts", IndEvaluation, tables{StatTotal: {"contracts": {4, 400}}, StatGrade: {"good": {1, 0}, "poor": {2, 0}}}, 75, false},
		{"method: allowed of published", IndMethod,
			tables{StatMethodRule: {"open_tender": {5, 0}, "ground": {2, 0}, "approved": {1, 0}, "unapproved": {2, 0}, "pending": {7, 0}}}, 80, false},
		{"method: every one unapproved", IndMethod, tables{StatMethodRule: {"unapproved": {3, 0}}}, 0, false},
		{"method: only pending", IndMethod, tables{StatMethodRule: {"pending": {3, 0}}}, 0, true},
		{"red flags: closed in time of raised", IndRedFlags,
			tables{StatRedFlag: {"raised": {8, 0}, "active": {6, 0}, "cleared": {2, 0}, "closed:justified": {3, 0}, "closed_on_time": {2, 0}}}, 25, false},
		{"red flags: at most 100", IndRedFlags, tables{StatRedFlag: {"raised": {1, 0}, "closed_on_time": {3, 0}}}, 100, false},
		{"red flags: none raised", IndRedFlags, tables{StatRedFlag: {"closed_on_time": {3, 0}}}, 0, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := ComplianceOf("330106", "西湖区", statReport(tc.stats))
			v, ok := c.Value(tc.ind)
			if ok == tc.none || v != tc.want {
				t.Fatalf("%s = %d (counted %v), want %d (counted %v): %+v", tc.ind, v, ok, tc.want, !tc.none, c)
			}
			// The score is the indicator alone when only it is counted.
			if len(c.NotCounted) == len(ComplianceIndicators)-1 && c.Score != v {
				t.Errorf("score %d, want %d", c.Score, v)
			}
			if tc.none && c.Score != 0 && len(c.NotCounted) == len(ComplianceIndicators) {
				t.Errorf("nothing counted, score %d", c.Score)
			}
		})
	}
}

// TestComplianceRankingNewIndicators: three regions alike in the four older
// indicators (projects all in the catalogue, contracts half paid) are ranked
// by the two new ones — 330102 with every method allowed and its flags
// closed in time first, 330105 with an unapproved method and no flag closed
// last, 330106 without procedures or flags (not counted) between; without
// them all three would tie and rank by code.
func TestComplianceRankingNewIndicators(t *testing.T) {
	type tables = map[StatDim]map[string][2]int64
	base := func(extra tables) StatReport {
		ts := tables{StatTotal: {"projects": {4, 400}, "contracts": {2, 200}, "payments": {1, 100}}, StatCategory: {"A": {4, 400}}}
		for d, rows := range extra {
			ts[d] = rows
		}
		return statReport(ts)
	}
	cs := []Compliance{
		ComplianceOf("330105", "下城区", base(tables{StatMethodRule: {"ground": {1, 0}, "unapproved": {3, 0}}, StatRedFlag: {"raised": {4, 0}}})),
		ComplianceOf("330106", "西湖区", base(nil)),
		ComplianceOf("330102", "上城区", base(tables{StatMethodRule: {"open_tender": {2, 0}, "approved": {1, 0}}, StatRedFlag: {"raised": {2, 0}, "closed_on_time": {2, 0}}})),
	}
	RankCompliance(cs)
	var order []string
	for _, c := range cs {
		order = append(order, c.Region)
	}
	if !slices.Equal(order, []string{"330102", "330106", "330105"}) || cs[0].Score != 70 || cs[1].Score != 50 || cs[2].Score != 35 {
		t.Errorf("order %v: %+v", order, cs)
	}
}

// A region with nothing to count has no score and no rank: it comes after
// every scored region, even one that scored 0.
func TestComplianceRankNothingCounted(t *testing.T) {
	row := func(key string, n int64) StatRow { return StatRow{Key: key, Now: StatFigure{N: n}} }
	bad := StatReport{Tables: []StatTable{{Dim: StatTimeliness, Rows: []StatRow{row("stats_late", 2)}}}}
	cs := []Compliance{ComplianceOf("330102", "上城区", StatReport{}), ComplianceOf("330108", "滨江区", bad)}
	if cs[0].Scored() || !cs[1].Scored() || cs[1].Score != 0 {
		t.Fatalf("scored: %+v", cs)
	}
	RankCompliance(cs)
	if cs[0].Region != "330108" || cs[1].Region != "330102" {
		t.Errorf("ranking %s, %s: the region with nothing to count should come last", cs[0].Region, cs[1].Region)
	}
}
