package goumai

import "time"

// Supervision of lower levels (issue 13 item 4, started): compliance
// indicators of a region computed from its statistics, for the ranking of
// the regions below a finance department. Each indicator is a per cent (0
// when nothing was counted, with Counted false). 督办 notices and the
// published ranking: PublishedRanking.

// Compliance is a region's indicators for a period.
type Compliance struct {
	Region             string `json:"region"`
	Name               string `json:"name"`
	CatalogueAdherence int64  `json:"catalogue_adherence"` // approved projects under a catalogue category, % of approved projects
	DisclosureOnTime   int64  `json:"disclosure_on_time"`  // contracts entered for statistics in time, % of those entered
	BudgetExecution    int64  `json:"budget_execution"`    // payments made, % of the signed contracts' amount
	EvaluationCoverage int64  `json:"evaluation_coverage"` // published performance grades, % of signed contracts
	// MethodCompliance and RedFlagsClosed are slots: the statistics do not
	// yet count refused method approvals nor closed red flags (the red-flag
	// source registers later, sqlstore RegisterStatSource); nil until then.
	MethodCompliance *int64 `json:"method_compliance"`
	RedFlagsClosed   *int64 `json:"red_flags_closed"`
	Score            int64  `json:"score"` // the mean of the indicators computed
}

// ComplianceOf computes a region's indicators from its statistics.
func ComplianceOf(code, name string, r StatReport) Compliance {
	c := Compliance{Region: code, Name: name}
	c.CatalogueAdherence = MetricCatalogueShare.Value(r)
	onTime, late := statRow(r, StatTimeliness, "stats_on_time").N, statRow(r, StatTimeliness, "stats_late").N
	c.DisclosureOnTime = percent(onTime, onTime+late)
	c.BudgetExecution = percent(int64(statRow(r, StatTotal, "payments").Amount), int64(statRow(r, StatTotal, "contracts").Amount))
	if c.BudgetExecution > 100 {
		c.BudgetExecution = 100
	}
	c.EvaluationCoverage = percent(statSum(r, StatGrade).N, statRow(r, StatTotal, "contracts").N)
	if c.EvaluationCoverage > 100 {
		c.EvaluationCoverage = 100
	}
	c.Score = (c.CatalogueAdherence + c.DisclosureOnTime + c.BudgetExecution + c.EvaluationCoverage) / 4
	return c
}

// PublishedRanking is a ranking a finance approver of Region published: the
// ranking of its children for Period as it stood then, frozen and public.
type PublishedRanking struct {
	ID          int64        `json:"id"`
	Region      string       `json:"region"`
	Period      StatPeriod   `json:"period"`
	Ranking     []Compliance `json:"ranking"`
	PublishedBy int64        `json:"-"`
	PublishedAt time.Time    `json:"published_at"`
}

// ActPublishCompliance: a finance approver of the region itself publishes
// the compliance ranking of the regions below it.
const ActPublishCompliance Action = "compliance.publish"

func init() {
	policyRules[ActPublishCompliance] = policyRule{who: func(a Actor) bool { return a.Org.FinanceDept && a.Has(RoleFinanceApprover) },
		on: func(p Policy, a Actor, t Target) bool { return t.Region != "" && t.Region == a.Org.Region }}
}

func init() {
	EventActions["compliance.publish"] = M("发布下级地区合规排名", "Compliance ranking published")
}
