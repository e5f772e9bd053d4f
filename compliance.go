package goumai

import (
	"sort"
	"time"
)

// Supervision of lower levels (issue 13 item 4): compliance indicators of a
// region computed from the statistics of its subtree (stats.go), for the
// ranking of the regions below a finance department. Each indicator is a per
// cent; one with nothing to count in the period (no project, no contract, no
// procedure, no flag…) is named in NotCounted, shown as "—", and left out of
// the score rather than counted as a failure. 督办 notices and the published
// ranking: PublishedRanking.

// The indicators' names (the JSON fields of Compliance).
const (
	IndCatalogue  = "catalogue_adherence"
	IndDisclosure = "disclosure_on_time"
	IndBudget     = "budget_execution"
	IndEvaluation = "evaluation_coverage"
	IndMethod     = "method_compliance"
	IndRedFlags   = "red_flags_closed"
)

// ComplianceIndicators lists the indicators in display order.
var ComplianceIndicators = []string{IndCatalogue, IndDisclosure, IndBudget, IndEvaluation, IndMethod, IndRedFlags}

// Compliance is a region's indicators for a period.
type Compliance struct {
	Region string `json:"region"`
	Name   string `json:"name"`
	// CatalogueAdherence: approved projects under a category of the
	// 指导性目录, % of approved projects (those without a catalogue code are
	// outside it).
	CatalogueAdherence int64 `json:"catalogue_adherence"`
	// DisclosureOnTime: signed contracts whose statistics were entered by
	// their due date, % of those entered.
	DisclosureOnTime int64 `json:"disclosure_on_time"`
	// BudgetExecution: payments made, % of the signed contracts' amount (at most 100).
	BudgetExecution int64 `json:"budget_execution"`
	// EvaluationCoverage: published performance grades, % of signed contracts (at most 100).
	EvaluationCoverage int64 `json:"evaluation_coverage"`
	// MethodCompliance: published procedures whose method the rules allowed —
	// open tender; another method below the open-tender threshold on one of
	// its legal grounds; at or above it, with the finance department's
	// approval recorded — % of published procedures (StatMethodRule; those
	// awaiting approval or publicity are not counted yet). nil: none.
	MethodCompliance *int64 `json:"method_compliance"`
	// RedFlagsClosed: follow-up cases closed within their deadline in the
	// period, % of the red flags raised in the period (at most 100). nil: no
	// flag raised.
	RedFlagsClosed *int64 `json:"red_flags_closed"`
	// NotCounted names the indicators with nothing to count (shown as "—").
	NotCounted []string `json:"not_counted,omitempty"`
	Score      int64    `json:"score"` // the mean of the indicators counted (0 when none)
}

// Counted reports whether the indicator had something to count.
func (c Compliance) Counted(ind string) bool {
	for _, x := range c.NotCounted {
		if x == ind {
			return false
		}
	}
	return true
}

// Value is an indicator's per cent, false when not counted.
func (c Compliance) Value(ind string) (int64, bool) {
	var v int64
	switch ind {
	case IndCatalogue:
		v = c.CatalogueAdherence
	case IndDisclosure:
		v = c.DisclosureOnTime
	case IndBudget:
		v = c.BudgetExecution
	case IndEvaluation:
		v = c.EvaluationCoverage
	case IndMethod:
		if c.MethodCompliance == nil {
			return 0, false
		}
		v = *c.MethodCompliance
	case IndRedFlags:
		if c.RedFlagsClosed == nil {
			return 0, false
		}
		v = *c.RedFlagsClosed
	default:
		return 0, false
	}
	return v, c.Counted(ind)
}

// ComplianceOf computes a region's indicators from its statistics.
func ComplianceOf(code, name string, r StatReport) Compliance {
	c := Compliance{Region: code, Name: name}
	var sum, n int64
	ratio := func(ind string, part, whole int64, capped bool) int64 {
		if whole <= 0 {
			c.NotCounted = append(c.NotCounted, ind)
			return 0
		}
		v := percent(part, whole)
		if capped && v > 100 {
			v = 100
		}
		sum, n = sum+v, n+1
		return v
	}
	projects := statRow(r, StatTotal, "projects").N
	c.CatalogueAdherence = ratio(IndCatalogue, statSum(r, StatCategory).N-statRow(r, StatCategory, "-").N, projects, true)
	onTime, late := statRow(r, StatTimeliness, "stats_on_time").N, statRow(r, StatTimeliness, "stats_late").N
	c.DisclosureOnTime = ratio(IndDisclosure, onTime, onTime+late, false)
	contracts := statRow(r, StatTotal, "contracts")
	c.BudgetExecution = ratio(IndBudget, int64(statRow(r, StatTotal, "payments").Amount), int64(contracts.Amount), true)
	c.EvaluationCoverage = ratio(IndEvaluation, statSum(r, StatGrade).N, contracts.N, true)
	allowed := statRow(r, StatMethodRule, "open_tender").N + statRow(r, StatMethodRule, "ground").N + statRow(r, StatMethodRule, "approved").N
	if v := ratio(IndMethod, allowed, allowed+statRow(r, StatMethodRule, "unapproved").N, false); c.Counted(IndMethod) {
		c.MethodCompliance = &v
	}
	if v := ratio(IndRedFlags, statRow(r, StatRedFlag, "closed_on_time").N, statRow(r, StatRedFlag, "raised").N, true); c.Counted(IndRedFlags) {
		c.RedFlagsClosed = &v
	}
	if n > 0 {
		c.Score = sum / n
	}
	return c
}

// Scored reports whether the region had anything to count in the period:
// one with nothing (no project, contract or procedure…) has no score and no
// rank, rather than a score of 0 beside regions that did badly.
func (c Compliance) Scored() bool { return len(c.NotCounted) < len(ComplianceIndicators) }

// RankCompliance orders regions by score, best first, then by code; the
// regions with nothing to count come last.
func RankCompliance(cs []Compliance) {
	sort.SliceStable(cs, func(i, j int) bool {
		if a, b := cs[i].Scored(), cs[j].Scored(); a != b {
			return a // a region with nothing to count comes after every scored one
		}
		if cs[i].Score != cs[j].Score {
			return cs[i].Score > cs[j].Score
		}
		return cs[i].Region < cs[j].Region
	})
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
