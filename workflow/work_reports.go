package workflow

import (
	"context"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// Progress reports to the level above (工作进展情况报告, issue 13 item 2):
// the finance department of a region drafts its quarterly or annual report,
// edits it and files it (the statistics of its subtree frozen at filing); the
// finance department of the region above returns it with 意见 (back to the
// filer, who edits and files again) or accepts it, which publishes it. Each
// change is one transaction with its audit event and log leaf.

// WorkReportInput is a new report: the region it reports on (the filer's own),
// its kind and period, and the narrative so far.
type WorkReportInput struct {
	Region string            `json:"region"`
	Kind   goumai.ReportKind `json:"kind"`
	Period string            `json:"period"` // "2026-Q1" or "2026"
	WorkReportText
}

// WorkReportText is the narrative of a report.
type WorkReportText struct {
	NewSituations string `json:"new_situations"`
	MajorProblems string `json:"major_problems"`
	Suggestions   string `json:"suggestions"`
}

// WorkReportEditInput is a change of a draft's or a returned report's narrative.
type WorkReportEditInput struct {
	Version int `json:"version"`
	WorkReportText
}

// WorkReportDecision is the level above's decision: "return" (意见 required) or "accept".
type WorkReportDecision struct {
	Version int    `json:"version"`
	Action  string `json:"action"`
	Opinion string `json:"opinion"`
}

func (t WorkReportText) trimmed() WorkReportText {
	return WorkReportText{strings.TrimSpace(t.NewSituations), strings.TrimSpace(t.MajorProblems), strings.TrimSpace(t.Suggestions)}
}

// workReportDueDays is the jurisdiction's due date of a kind of report (REQ-C24).
func workReportDueDays(p rules.Params, k goumai.ReportKind) int {
	if k == goumai.ReportAnnual {
		return p.WorkReportAnnualDays
	}
	return p.WorkReportQuarterDays
}

// DraftWorkReport starts a region's report for a period: the finance staff
// of that region only (a refusal names the region field), never for the
// country (the Ministry reports to nobody). A report may be drafted while
// its period runs, but is filed only after it ends (FileWorkReport).
func (s *Service) DraftWorkReport(ctx context.Context, a goumai.Actor, in WorkReportInput) (goumai.WorkReport, error) {
	var r goumai.WorkReport
	if err := s.Policy.Gate(a, goumai.ActFileWorkReport); err != nil {
		return r, err
	}
	g, ok := s.Policy.Regions.Get(in.Region)
	if !ok {
		return r, goumai.Fields{"region": goumai.M("没有这个地区", "no such region")}.Err()
	}
	if err := s.Policy.Can(a, goumai.ActFileWorkReport, goumai.Target{Region: in.Region}); err != nil {
		e := *goumai.AsError(err)
		e.Fields = map[string]goumai.Msg{"region": goumai.M("只能为本单位牵头的地区报送报告", "you file reports only for the region your department leads")}
		return r, &e
	}
	if g.Parent == "" {
		return r, goumai.Fields{"region": goumai.M("财政部是报告的最终接收方，不向上报送", "the Ministry of Finance receives the reports and files none")}.Err()
	}
	p, err := goumai.ReportPeriod(in.Kind, strings.TrimSpace(in.Period))
	if err != nil {
		return r, err
	}
	text := in.WorkReportText.trimmed()
	r = goumai.WorkReport{Region: g.Code, Parent: g.Parent, OrgID: a.Org.ID, Kind: in.Kind, Period: strings.TrimSpace(in.Period),
		From: p.From, To: p.To, Status: goumai.WorkReportDraft, NewSituations: text.NewSituations, MajorProblems: text.MajorProblems,
		Suggestions: text.Suggestions, Reviews: []goumai.ReportReview{}, Version: 1, CreatedBy: a.UserID}
	if err := goumai.CheckWorkReportText(r, false); err != nil {
		return r, err
	}
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		params, err := tx.ParamsAt(ctx, r.Region, rules.Services, goumai.PeriodEnd(p).Add(-1))
		if err != nil {
			return err
		}
		r.DueAt = goumai.ReportDueAt(p, workReportDueDays(params, r.Kind))
		r.CreatedAt, r.UpdatedAt = tx.Now(), tx.Now()
		if r.ID, err = tx.InsertWorkReport(ctx, r); err != nil {
			return err
		}
		return recordReport(ctx, tx, a, "work_report.create", r)
	})
	return r, err
}

func recordReport(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, action string, r goumai.WorkReport) error {
	_, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: action, Table: "work_reports", Key: r.ID, Region: r.Region,
		Public: r.Status == goumai.WorkReportAccepted})
	return err
}

// changeReport reads a report in the transaction, checks the version and
// the transition of act, lets change apply it, writes and records it.
func (s *Service) changeReport(ctx context.Context, a goumai.Actor, id int64, version int, act goumai.WorkReportAction,
	may func(goumai.WorkReport) error, change func(tx *sqlstore.Tx, r *goumai.WorkReport) error) (goumai.WorkReport, error) {
	var r goumai.WorkReport
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if r, err = tx.WorkReport(ctx, id); err != nil {
			return err
		}
		if err := may(r); err != nil {
			return err
		}
		next, ok := goumai.WorkReportTransition(r.Status, act)
		if !ok {
			return goumai.Errorf(goumai.EConflict, "报告当前状态不允许该操作："+r.Status.Label().ZH, "not allowed while the report is: "+r.Status.Label().EN)
		}
		if version != r.Version {
			return goumai.Errorf(goumai.EStale, "报告已被他人修改，请刷新后重试", "the report changed meanwhile; reload and try again")
		}
		if err := change(tx, &r); err != nil {
			return err
		}
		r.Status = next
		if err := tx.UpdateWorkReport(ctx, r); err != nil {
			return err
		}
		r.Version++
		r.UpdatedAt = tx.Now()
		return recordReport(ctx, tx, a, "work_report."+string(act), r)
	})
	return r, err
}

// filer returns nil if a may edit and file r: the finance staff of its region.
func (s *Service) filer(a goumai.Actor) func(goumai.WorkReport) error {
	return func(r goumai.WorkReport) error {
		if err := s.Policy.Can(a, goumai.ActFileWorkReport, goumai.Target{Region: r.Region}); err != nil {
			if s.Policy.Can(a, goumai.ActViewWorkReport, goumai.Target{Region: r.Region}) != nil && r.Status != goumai.WorkReportAccepted {
				return goumai.ErrNotFound("工作进展情况报告", "progress report")
			}
			return err
		}
		return nil
	}
}

// EditWorkReport changes the narrative of a draft or a returned report. A
// filed or accepted report cannot be edited (EConflict, nothing changed).
func (s *Service) EditWorkReport(ctx context.Context, a goumai.Actor, id int64, in WorkReportEditInput) (goumai.WorkReport, error) {
	if err := s.Policy.Gate(a, goumai.ActFileWorkReport); err != nil {
		return goumai.WorkReport{}, err
	}
	text := in.WorkReportText.trimmed()
	return s.changeReport(ctx, a, id, in.Version, goumai.WorkReportEdit, s.filer(a), func(tx *sqlstore.Tx, r *goumai.WorkReport) error {
		r.NewSituations, r.MajorProblems, r.Suggestions = text.NewSituations, text.MajorProblems, text.Suggestions
		return goumai.CheckWorkReportText(*r, false)
	})
}

// FileWorkReport files (报送) a draft or a returned report once its period
// has ended: the narrative must be complete, and the statistics of the
// region's subtree for the period are read and frozen in the report.
func (s *Service) FileWorkReport(ctx context.Context, a goumai.Actor, id int64, version int) (goumai.WorkReport, error) {
	if err := s.Policy.Gate(a, goumai.ActFileWorkReport); err != nil {
		return goumai.WorkReport{}, err
	}
	// The statistics are read before the transaction (Store.Stats reads the
	// kept cells, not the transaction): figures of events committed meanwhile
	// may be missing, as in any report of a moment.
	cur, err := s.Store.WorkReport(ctx, id)
	if err != nil {
		return cur, err
	}
	if err := s.filer(a)(cur); err != nil {
		return goumai.WorkReport{}, err
	}
	stats, err := s.Store.Stats(ctx, cur.Region, cur.StatPeriod(), goumai.GrainRegion, false)
	if err != nil {
		return cur, err
	}
	return s.changeReport(ctx, a, id, version, goumai.WorkReportFile, s.filer(a), func(tx *sqlstore.Tx, r *goumai.WorkReport) error {
		if now := tx.Now(); now.Before(goumai.PeriodEnd(r.StatPeriod())) {
			return goumai.Fields{"period": goumai.M("报告期结束后方可报送", "a report is filed after its period ends")}.Err()
		}
		if err := goumai.CheckWorkReportText(*r, true); err != nil {
			return err
		}
		now := tx.Now()
		r.Stats, r.FiledAt = &stats, &now
		r.Reviews = append(r.Reviews, goumai.ReportReview{Action: goumai.WorkReportFile, UserID: a.UserID, Name: a.Name, OrgID: a.Org.ID, At: now})
		return nil
	})
}

// reportInvolvement is who has acted on a report: whoever drafted or filed it
// never decides on it (IC-12).
func reportInvolvement(r goumai.WorkReport) *goumai.Involvement {
	item := &goumai.Involvement{}
	item.Drafted(r.CreatedBy)
	for _, v := range r.Reviews {
		if v.Action == goumai.WorkReportFile || v.Action == goumai.WorkReportEdit {
			item.Drafted(v.UserID)
		} else {
			item.Decide(v.UserID, "review")
		}
	}
	return item
}

// ReviewWorkReport returns a filed report with 意见 or accepts it: the
// finance reviewers and approvers of the region above. An accepted report
// is public.
func (s *Service) ReviewWorkReport(ctx context.Context, a goumai.Actor, id int64, in WorkReportDecision) (goumai.WorkReport, error) {
	if err := s.Policy.Gate(a, goumai.ActReviewWorkReport); err != nil {
		return goumai.WorkReport{}, err
	}
	act := goumai.WorkReportAction(in.Action)
	if act != goumai.WorkReportReturn && act != goumai.WorkReportAccept {
		return goumai.WorkReport{}, goumai.Fields{"action": goumai.M("只能退回（return）或采纳（accept）", "the action is return or accept")}.Err()
	}
	opinion := strings.TrimSpace(in.Opinion)
	if err := goumai.CheckReportOpinion(act, opinion); err != nil {
		return goumai.WorkReport{}, err
	}
	may := func(r goumai.WorkReport) error {
		err := s.Policy.Can(a, goumai.ActReviewWorkReport, goumai.Target{Region: r.Region, Item: reportInvolvement(r), Step: "review"})
		if err != nil && s.Policy.Can(a, goumai.ActViewWorkReport, goumai.Target{Region: r.Region}) != nil && r.Status != goumai.WorkReportAccepted {
			return goumai.ErrNotFound("工作进展情况报告", "progress report")
		}
		return err
	}
	return s.changeReport(ctx, a, id, in.Version, act, may, func(tx *sqlstore.Tx, r *goumai.WorkReport) error {
		now := tx.Now()
		r.DecidedAt = &now
		r.Reviews = append(r.Reviews, goumai.ReportReview{Action: act, UserID: a.UserID, Name: a.Name, OrgID: a.Org.ID, At: now, Opinion: opinion})
		return nil
	})
}

// WorkReport returns a report: accepted ones to anyone; the others to the
// finance staff and auditors of its region and the regions above (a sibling
// county learns nothing: not found).
func (s *Service) WorkReport(ctx context.Context, a goumai.Actor, id int64) (goumai.WorkReport, error) {
	r, err := s.Store.WorkReport(ctx, id)
	if err != nil {
		return r, err
	}
	if r.Status == goumai.WorkReportAccepted {
		return r, nil
	}
	if a.Anonymous() || s.Policy.Can(a, goumai.ActViewWorkReport, goumai.Target{Region: r.Region}) != nil {
		return goumai.WorkReport{}, goumai.ErrNotFound("工作进展情况报告", "progress report")
	}
	return r, nil
}

// WorkReportLists is a finance department's reports: its own region's,
// those of the regions directly below it, and the board of the reports due
// from them (ReportBoard).
type WorkReportLists struct {
	Region   goumai.Region       `json:"region"`
	Own      []goumai.WorkReport `json:"own"`
	Children []goumai.WorkReport `json:"children"`
	Board    []ReportDue         `json:"board"`
}

// WorkReports lists the reports of a region (the actor's own by default):
// its own and its children's, for the finance staff and auditors of the
// region or above.
func (s *Service) WorkReports(ctx context.Context, a goumai.Actor, region string) (WorkReportLists, error) {
	var out WorkReportLists
	if err := s.Policy.Gate(a, goumai.ActViewWorkReport); err != nil {
		return out, err
	}
	if region == "" {
		region = a.Org.Region
	}
	g, ok := s.Policy.Regions.Get(region)
	if !ok {
		return out, goumai.Fields{"region": goumai.M("没有这个地区", "no such region")}.Err()
	}
	if err := s.Policy.Can(a, goumai.ActViewWorkReport, goumai.Target{Region: region}); err != nil {
		return out, err
	}
	out.Region = g
	var err error
	if out.Own, err = s.Store.WorkReportsOf(ctx, region, 200); err != nil {
		return out, err
	}
	if out.Children, err = s.Store.WorkReportsTo(ctx, region, 500); err != nil {
		return out, err
	}
	out.Board, err = s.expectedReports(ctx, s.Policy.Regions.Children(region), out.Children, s.Clock.Now())
	return out, err
}

// PublicWorkReports lists the accepted reports, newest first.
func (s *Service) PublicWorkReports(ctx context.Context, limit int) ([]goumai.WorkReport, error) {
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	return s.Store.AcceptedWorkReports(ctx, limit)
}
