package goumai

import "testing"

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
	if c.MethodCompliance != nil || c.RedFlagsClosed != nil {
		t.Error("the slots stay empty")
	}
	if z := ComplianceOf("330108", "滨江区", StatReport{}); z.Score != 0 {
		t.Errorf("nothing counted: %+v", z)
	}
}
