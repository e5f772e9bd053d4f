package goumai

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Progress reports (工作进展情况报告, issue 13 item 2). The founding notice
// (section 三) asks each finance department to report its region's progress,
// the new situations and major problems met and its suggestions upward, up to
// the Ministry of Finance. In goumai the finance department of every region
// but the country files a periodic report — quarterly and annual, due a number
// of days after the period's end set per jurisdiction (rules.Params,
// REQ-C24) — to the finance department of the region above, which returns it
// with its 意见 (back to the filer to edit and file again) or accepts it.
// The statistics of the region's subtree for the period are filled in and
// frozen at filing (a stored snapshot); an accepted report is public.

// ReportKind is how often a report is filed.
type ReportKind string

// The kinds of report.
const (
	ReportQuarterly ReportKind = "quarter" // 季度报告, period "2026-Q1"
	ReportAnnual    ReportKind = "year"    // 年度报告, period "2026"
)

// ReportKinds lists the kinds.
var ReportKinds = []ReportKind{ReportQuarterly, ReportAnnual}

// Label names the kind.
func (k ReportKind) Label() Msg {
	switch k {
	case ReportQuarterly:
		return M("季度报告", "Quarterly report")
	case ReportAnnual:
		return M("年度报告", "Annual report")
	}
	return M(string(k), string(k))
}

// ReportPeriod is the months a report covers, from its kind and period name
// ("2026-Q1" for a quarter, "2026" for a year); a field-level error otherwise.
func ReportPeriod(kind ReportKind, period string) (StatPeriod, error) {
	bad := func(zh, en string) (StatPeriod, error) {
		return StatPeriod{}, Fields{"period": M(zh, en)}.Err()
	}
	switch kind {
	case ReportQuarterly:
		y, q, ok := strings.Cut(period, "-Q")
		yy, err1 := strconv.Atoi(y)
		qq, err2 := strconv.Atoi(q)
		if !ok || err1 != nil || err2 != nil || len(y) != 4 || qq < 1 || qq > 4 || yy < 2000 || yy > 2999 {
			return bad("季度写作 2026-Q1 至 2026-Q4", "a quarter is written 2026-Q1 to 2026-Q4")
		}
		first := (qq-1)*3 + 1
		return StatPeriod{From: fmt.Sprintf("%04d-%02d", yy, first), To: fmt.Sprintf("%04d-%02d", yy, first+2)}, nil
	case ReportAnnual:
		yy, err := strconv.Atoi(period)
		if err != nil || len(period) != 4 || yy < 2000 || yy > 2999 {
			return bad("年度写作 2026", "a year is written 2026")
		}
		return StatPeriod{From: fmt.Sprintf("%04d-01", yy), To: fmt.Sprintf("%04d-12", yy)}, nil
	}
	return StatPeriod{}, Fields{"kind": M("报告类型只能是 quarter（季度）或 year（年度）", "the kind is quarter or year")}.Err()
}

// PeriodEnd is the first instant after the period's last month, in China.
func PeriodEnd(p StatPeriod) time.Time {
	t, _ := time.ParseInLocation(StatMonthLayout, p.To, Shanghai)
	return t.AddDate(0, 1, 0)
}

// ReportDueAt is when a report is due: the end of the days-th calendar day
// after its period ends (days from the jurisdiction's parameters).
func ReportDueAt(p StatPeriod, days int) time.Time {
	return PeriodEnd(p).AddDate(0, 0, days)
}

// LastEndedPeriods names the last quarter and the last year ended at now,
// the reports a region is expected to have filed (or to file).
func LastEndedPeriods(now time.Time) map[ReportKind]string {
	n := now.In(Shanghai)
	y, q := n.Year(), (int(n.Month())-1)/3 // q: the current quarter's index 0..3
	if q == 0 {
		y, q = y-1, 4
	}
	return map[ReportKind]string{ReportQuarterly: fmt.Sprintf("%04d-Q%d", y, q), ReportAnnual: strconv.Itoa(n.Year() - 1)}
}

// WorkReportStatus is where a progress report stands.
type WorkReportStatus string

// The states of a progress report.
const (
	WorkReportDraft    WorkReportStatus = "draft"    // the filer writes it
	WorkReportFiled    WorkReportStatus = "filed"    // 已报送: awaiting the level above; frozen
	WorkReportReturned WorkReportStatus = "returned" // 退回: the level above asks for changes (意见); the filer edits and files again
	WorkReportAccepted WorkReportStatus = "accepted" // 已采纳: final and public
)

// WorkReportStatuses lists the states.
var WorkReportStatuses = []WorkReportStatus{WorkReportDraft, WorkReportFiled, WorkReportReturned, WorkReportAccepted}

// Label names the state.
func (s WorkReportStatus) Label() Msg {
	switch s {
	case WorkReportDraft:
		return M("草稿", "Draft")
	case WorkReportFiled:
		return M("已报送，待上级审阅", "Filed, awaiting review")
	case WorkReportReturned:
		return M("被退回，待修改", "Returned for changes")
	case WorkReportAccepted:
		return M("已采纳", "Accepted")
	}
	return M(string(s), string(s))
}

// Editable reports whether the filer may still change the report.
func (s WorkReportStatus) Editable() bool { return s == WorkReportDraft || s == WorkReportReturned }

// WorkReportAction is what may be done to a progress report.
type WorkReportAction string

// The actions.
const (
	WorkReportEdit   WorkReportAction = "edit"   // the filer changes the narrative
	WorkReportFile   WorkReportAction = "file"   // the filer files it (报送): the statistics are frozen
	WorkReportReturn WorkReportAction = "return" // the level above returns it with 意见
	WorkReportAccept WorkReportAction = "accept" // the level above accepts it with 意见
)

// WorkReportTransition returns the state after act from st; false: not allowed.
func WorkReportTransition(st WorkReportStatus, act WorkReportAction) (WorkReportStatus, bool) {
	switch {
	case act == WorkReportEdit && st.Editable():
		return st, true
	case act == WorkReportFile && st.Editable():
		return WorkReportFiled, true
	case act == WorkReportReturn && st == WorkReportFiled:
		return WorkReportReturned, true
	case act == WorkReportAccept && st == WorkReportFiled:
		return WorkReportAccepted, true
	}
	return st, false
}

// ReportReview is one step of a report's history (REQ-C2): who did what, when, with which 意见.
type ReportReview struct {
	Action  WorkReportAction `json:"action"`
	UserID  int64            `json:"user_id"`
	Name    string           `json:"name"`
	OrgID   int64            `json:"org_id"`
	At      time.Time        `json:"at"`
	Opinion string           `json:"opinion,omitempty"`
}

// WorkReport is a progress report of a region's finance department to the
// level above.
type WorkReport struct {
	ID            int64            `json:"id"`
	Region        string           `json:"region"` // the region reported on (its subtree's statistics)
	Parent        string           `json:"parent"` // the region whose finance department reviews it
	OrgID         int64            `json:"org_id"` // the filing finance department
	Kind          ReportKind       `json:"kind"`
	Period        string           `json:"period"` // "2026-Q1" or "2026"
	From          string           `json:"from"`   // the period's first month
	To            string           `json:"to"`     // … and last
	DueAt         time.Time        `json:"due_at"`
	Status        WorkReportStatus `json:"status"`
	NewSituations string           `json:"new_situations"`  // 新情况
	MajorProblems string           `json:"major_problems"`  // 重大问题
	Suggestions   string           `json:"suggestions"`     // 意见建议
	Stats         *StatReport      `json:"stats,omitempty"` // frozen at filing (nil before)
	Reviews       []ReportReview   `json:"reviews"`         // the history of filings and decisions
	FiledAt       *time.Time       `json:"filed_at,omitempty"`
	DecidedAt     *time.Time       `json:"decided_at,omitempty"`
	Version       int              `json:"version"`
	CreatedBy     int64            `json:"created_by,omitempty"`
	CreatedAt     time.Time        `json:"created_at"`
	UpdatedAt     time.Time        `json:"updated_at"`
}

// StatPeriod is the months the report covers.
func (r WorkReport) StatPeriod() StatPeriod { return StatPeriod{From: r.From, To: r.To} }

// Overdue reports whether the report is overdue at now: not filed (a draft,
// or returned and not filed again) after its due date.
func (r WorkReport) Overdue(now time.Time) bool {
	return r.Status.Editable() && now.After(r.DueAt)
}

// Opinion is the level above's last 意见 ("" when none).
func (r WorkReport) Opinion() string {
	for i := len(r.Reviews) - 1; i >= 0; i-- {
		if a := r.Reviews[i].Action; a == WorkReportReturn || a == WorkReportAccept {
			return r.Reviews[i].Opinion
		}
	}
	return ""
}

// MaxReportSection bounds each narrative section; MaxReportOpinion an 意见.
const (
	MaxReportSection = 20000
	MaxReportOpinion = 4000
)

// CheckWorkReportText checks the narrative sections: each at most
// MaxReportSection characters; to file, 新情况 and 意见建议 are required
// (重大问题 may be "无").
func CheckWorkReportText(r WorkReport, filing bool) error {
	f := Fields{}
	for name, v := range map[string]string{"new_situations": r.NewSituations, "major_problems": r.MajorProblems, "suggestions": r.Suggestions} {
		if utf8.RuneCountInString(v) > MaxReportSection {
			f[name] = M(fmt.Sprintf("不超过 %d 字", MaxReportSection), fmt.Sprintf("at most %d characters", MaxReportSection))
		}
	}
	if filing {
		if strings.TrimSpace(r.NewSituations) == "" {
			f["new_situations"] = M("报送前须填写工作进展和新情况", "describe the progress and new situations before filing")
		}
		if strings.TrimSpace(r.MajorProblems) == "" {
			f["major_problems"] = M("报送前须填写重大问题（没有的写“无”）", "state the major problems before filing (\"none\" if there are none)")
		}
		if strings.TrimSpace(r.Suggestions) == "" {
			f["suggestions"] = M("报送前须填写意见建议", "give the suggestions before filing")
		}
	}
	return f.Err()
}

// CheckReportOpinion checks a reviewer's 意见: required to return a report
// (the filer must know what to change), optional to accept; bounded.
func CheckReportOpinion(act WorkReportAction, opinion string) error {
	switch {
	case act == WorkReportReturn && strings.TrimSpace(opinion) == "":
		return Fields{"opinion": M("退回须填写意见", "give your opinion (意见) when returning a report")}.Err()
	case utf8.RuneCountInString(opinion) > MaxReportOpinion:
		return Fields{"opinion": M(fmt.Sprintf("意见不超过 %d 字", MaxReportOpinion), fmt.Sprintf("an opinion is at most %d characters", MaxReportOpinion))}.Err()
	}
	return nil
}

func init() {
	for k, v := range map[string]Msg{
		"work_report.create": M("起草工作进展情况报告", "Progress report drafted"),
		"work_report.edit":   M("修改工作进展情况报告", "Progress report edited"),
		"work_report.file":   M("报送工作进展情况报告", "Progress report filed"),
		"work_report.return": M("退回工作进展情况报告", "Progress report returned"),
		"work_report.accept": M("采纳工作进展情况报告", "Progress report accepted"),
	} {
		EventActions[k] = v
	}
}
