package goumai

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Work plans (工作计划和实施方案, issue 13 item 3). Section 三 of the founding
// notice asks each region to "制定工作计划和实施方案": in goumai a finance
// department writes its region's plan with measurable milestones, each a
// metric of the statistics (stats.go) with a target and a due date, and the
// progress of each is read from the statistics kept for the region's subtree
// (value against target), never typed in. A plan is drafted, then published
// (public, and frozen).

// PlanMetric is what a milestone measures, computed from a StatReport.
type PlanMetric string

// The metrics.
const (
	MetricCatalogueShare   PlanMetric = "catalogue_share"   // approved projects under a catalogue category, per cent of approved projects
	MetricReformAmount     PlanMetric = "reform_amount"     // 费随事转: annual cost of the functions transferred, fen
	MetricProjects         PlanMetric = "projects"          // approved projects, count
	MetricContracts        PlanMetric = "contracts"         // signed contracts, count
	MetricContractAmount   PlanMetric = "contract_amount"   // signed contracts' amount, fen
	MetricSingleBidderRate PlanMetric = "single_bidder_max" // lots with a single bidder, per cent of lots opened (the target is a ceiling)
)

// PlanMetrics lists the metrics.
var PlanMetrics = []PlanMetric{MetricCatalogueShare, MetricReformAmount, MetricProjects, MetricContracts, MetricContractAmount, MetricSingleBidderRate}

// Label names the metric.
func (m PlanMetric) Label() Msg {
	switch m {
	case MetricCatalogueShare:
		return M("按指导性目录购买的项目占比（%）", "Share of projects bought through the catalogue (%)")
	case MetricReformAmount:
		return M("费随事转经费（元）", "Funds transferred with functions, 费随事转 (yuan)")
	case MetricProjects:
		return M("批准的购买服务项目（个）", "Projects approved")
	case MetricContracts:
		return M("签订的合同（份）", "Contracts signed")
	case MetricContractAmount:
		return M("签订合同金额（元）", "Amount of contracts signed (yuan)")
	case MetricSingleBidderRate:
		return M("仅一家投标的包占比上限（%）", "Share of lots with a single bidder, at most (%)")
	}
	return M(string(m), string(m))
}

// Valid reports whether m is a known metric.
func (m PlanMetric) Valid() bool {
	for _, x := range PlanMetrics {
		if x == m {
			return true
		}
	}
	return false
}

// Ceiling reports whether the target is a maximum (met when the value is at or below it).
func (m PlanMetric) Ceiling() bool { return m == MetricSingleBidderRate }

// Money reports whether the metric is an amount in fen.
func (m PlanMetric) Money() bool { return m == MetricReformAmount || m == MetricContractAmount }

// statRow finds a key's figure for the period in a dimension of r.
func statRow(r StatReport, d StatDim, key string) StatFigure {
	for _, t := range r.Tables {
		if t.Dim != d {
			continue
		}
		for _, row := range t.Rows {
			if row.Key == key {
				return row.Now
			}
		}
	}
	return StatFigure{}
}

// statSum adds every key's figure for the period in a dimension of r.
func statSum(r StatReport, d StatDim) StatFigure {
	var f StatFigure
	for _, t := range r.Tables {
		if t.Dim == d {
			for _, row := range t.Rows {
				f.N += row.Now.N
				f.Amount += row.Now.Amount
			}
		}
	}
	return f
}

func percent(part, whole int64) int64 {
	if whole <= 0 {
		return 0
	}
	return (part*100 + whole/2) / whole
}

// Value is the metric's value in a statistics report (per cent, count or fen).
func (m PlanMetric) Value(r StatReport) int64 {
	switch m {
	case MetricCatalogueShare:
		// Projects outside the catalogue are counted under the category "-":
		// they are part of the whole, not of the share.
		return percent(statSum(r, StatCategory).N-statRow(r, StatCategory, "-").N, statRow(r, StatTotal, "projects").N)
	case MetricReformAmount:
		return int64(statRow(r, StatReform, "transferred").Amount)
	case MetricProjects:
		return statRow(r, StatTotal, "projects").N
	case MetricContracts:
		return statRow(r, StatTotal, "contracts").N
	case MetricContractAmount:
		return int64(statRow(r, StatTotal, "contracts").Amount)
	case MetricSingleBidderRate:
		return percent(statRow(r, StatCompetition, "single_bidder").N, statRow(r, StatCompetition, "lots").N)
	}
	return 0
}

// PlanMilestone is a measurable milestone of a plan: the metric over the
// months from the plan's first month to the milestone's due month should
// reach Target (or stay at or below it, for a ceiling) by DueOn.
type PlanMilestone struct {
	Title  string     `json:"title"`
	Metric PlanMetric `json:"metric"`
	Target int64      `json:"target"` // per cent, count or fen, as the metric says
	DueOn  string     `json:"due_on"` // YYYY-MM-DD
}

// WorkPlanStatus is where a plan stands.
type WorkPlanStatus string

// The states of a plan.
const (
	WorkPlanDraft     WorkPlanStatus = "draft"
	WorkPlanPublished WorkPlanStatus = "published"
)

// Label names the state.
func (s WorkPlanStatus) Label() Msg {
	if s == WorkPlanPublished {
		return M("已发布", "Published")
	}
	return M("草稿", "Draft")
}

// WorkPlanTransition returns the state after "edit" or "publish" from st; false: not allowed.
func WorkPlanTransition(st WorkPlanStatus, act string) (WorkPlanStatus, bool) {
	switch {
	case act == "edit" && st == WorkPlanDraft:
		return WorkPlanDraft, true
	case act == "publish" && st == WorkPlanDraft:
		return WorkPlanPublished, true
	}
	return st, false
}

// WorkPlan is a region's work plan and implementation scheme (工作计划和实施方案).
type WorkPlan struct {
	ID          int64           `json:"id"`
	Region      string          `json:"region"`
	OrgID       int64           `json:"org_id"` // the department that wrote it
	Title       string          `json:"title"`
	Body        string          `json:"body"`  // the scheme's text
	Start       string          `json:"start"` // the first month measured, 2026-01
	Milestones  []PlanMilestone `json:"milestones"`
	Status      WorkPlanStatus  `json:"status"`
	PublishedAt *time.Time      `json:"published_at,omitempty"`
	Version     int             `json:"version"`
	CreatedBy   int64           `json:"created_by,omitempty"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
}

// MaxPlanMilestones bounds a plan's milestones.
const MaxPlanMilestones = 30

// CheckWorkPlan checks a plan: a title, a start month, at least one
// milestone to publish, each with a known metric, a title, a target not
// negative (per cent at most 100) and a due date within MaxStatMonths of
// the start and not before it.
func CheckWorkPlan(p WorkPlan, publishing bool) error {
	f := Fields{}
	if strings.TrimSpace(p.Title) == "" || utf8.RuneCountInString(p.Title) > 200 {
		f["title"] = M("请填写标题（不超过200字）", "give a title (at most 200 characters)")
	}
	if utf8.RuneCountInString(p.Body) > MaxReportSection {
		f["body"] = M(fmt.Sprintf("不超过 %d 字", MaxReportSection), fmt.Sprintf("at most %d characters", MaxReportSection))
	}
	start, err := time.ParseInLocation(StatMonthLayout, p.Start, Shanghai)
	if err != nil {
		f["start"] = M("起始月份格式为 2026-01", "the first month is written 2026-01")
	}
	if len(p.Milestones) > MaxPlanMilestones {
		f["milestones"] = M(fmt.Sprintf("里程碑最多 %d 个", MaxPlanMilestones), fmt.Sprintf("at most %d milestones", MaxPlanMilestones))
	}
	if publishing && len(p.Milestones) == 0 {
		f["milestones"] = M("发布前至少设置一个可衡量的里程碑", "set at least one measurable milestone before publishing")
	}
	for i, m := range p.Milestones {
		k := fmt.Sprintf("milestones[%d]", i)
		due, derr := time.ParseInLocation(time.DateOnly, m.DueOn, Shanghai)
		switch {
		case !m.Metric.Valid():
			f[k+".metric"] = M("未知的指标", "unknown metric")
		case strings.TrimSpace(m.Title) == "":
			f[k+".title"] = M("请填写里程碑名称", "name the milestone")
		case m.Target < 0 || !m.Metric.Money() && (m.Metric == MetricCatalogueShare || m.Metric == MetricSingleBidderRate) && m.Target > 100:
			f[k+".target"] = M("目标值不能为负，百分比不超过100", "the target is not negative, and a percentage at most 100")
		case derr != nil:
			f[k+".due_on"] = M("日期格式为 2026-12-31", "a date is written 2026-12-31")
		case err == nil && (due.Before(start) || StatPeriod{From: p.Start, To: due.Format(StatMonthLayout)}.Months() > MaxStatMonths):
			f[k+".due_on"] = M(fmt.Sprintf("到期日须在起始月份之后 %d 个月内", MaxStatMonths), fmt.Sprintf("the due date is within %d months after the first month", MaxStatMonths))
		}
	}
	return f.Err()
}

// MilestoneProgress is a milestone's value from the statistics against its target.
type MilestoneProgress struct {
	PlanMilestone
	Period  StatPeriod `json:"period"`  // the months measured: the plan's start to the due month or now, whichever is earlier
	Value   int64      `json:"value"`   // per cent, count or fen
	Percent int64      `json:"percent"` // value as a per cent of the target (0 when the target is 0); for a ceiling, 100 while within it
	Met     bool       `json:"met"`
	Overdue bool       `json:"overdue"` // past its due date and not met
	// Track is where it stands: met; on track (the share of the target
	// reached is at least the share of the time from the plan's first month
	// to the due date already gone); behind (not, or past its due date, or a
	// ceiling exceeded).
	Track MilestoneTrack `json:"track"`
	// Expected is the share of the time gone, per cent (what on track needs).
	Expected int64 `json:"expected"`
}

// MilestoneTrack is where a milestone stands.
type MilestoneTrack string

// The tracks.
const (
	TrackMet     MilestoneTrack = "met"
	TrackOnTrack MilestoneTrack = "on_track"
	TrackBehind  MilestoneTrack = "behind"
)

// Label names the track.
func (t MilestoneTrack) Label() Msg {
	switch t {
	case TrackMet:
		return M("已完成", "Met")
	case TrackOnTrack:
		return M("按计划推进", "On track")
	}
	return M("进度滞后", "Behind")
}

// MeasurePeriod is the months a milestone's progress is read over at now.
func (p WorkPlan) MeasurePeriod(m PlanMilestone, now time.Time) StatPeriod {
	to := m.DueOn[:7]
	if n := now.In(Shanghai).Format(StatMonthLayout); n < to {
		to = n
	}
	if to < p.Start {
		to = p.Start
	}
	return StatPeriod{From: p.Start, To: to}
}

// Progress compares a milestone's value from r (the statistics of its
// measure period) with its target at now.
func Progress(m PlanMilestone, period StatPeriod, r StatReport, now time.Time) MilestoneProgress {
	v := m.Metric.Value(r)
	pr := MilestoneProgress{PlanMilestone: m, Period: period, Value: v}
	if m.Metric.Ceiling() {
		pr.Met = v <= m.Target
		if pr.Met {
			pr.Percent = 100
		}
	} else {
		pr.Met = v >= m.Target
		pr.Percent = percent(v, m.Target)
		if m.Target == 0 {
			pr.Percent = 100
		}
	}
	due, _ := time.ParseInLocation(time.DateOnly, m.DueOn, Shanghai)
	end := due.AddDate(0, 0, 1)
	pr.Overdue = !pr.Met && now.After(end)
	start, err := time.ParseInLocation(StatMonthLayout, period.From, Shanghai)
	switch {
	case err != nil || !now.After(start):
		pr.Expected = 0
	case !now.Before(end) || !end.After(start):
		pr.Expected = 100
	default:
		pr.Expected = int64(now.Sub(start) * 100 / end.Sub(start))
	}
	switch {
	case pr.Met:
		pr.Track = TrackMet
	case pr.Overdue || m.Metric.Ceiling() || pr.Percent < pr.Expected:
		pr.Track = TrackBehind
	default:
		pr.Track = TrackOnTrack
	}
	return pr
}

func init() {
	for k, v := range map[string]Msg{
		"work_plan.create":  M("起草工作计划和实施方案", "Work plan drafted"),
		"work_plan.edit":    M("修改工作计划和实施方案", "Work plan edited"),
		"work_plan.publish": M("发布工作计划和实施方案", "Work plan published"),
	} {
		EventActions[k] = v
	}
}
