package workflow

import (
	"context"
	"strconv"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
)

func init() { inboxSources = append(inboxSources, workReportInbox) }

// WorkReportLink is a report's page.
func WorkReportLink(id int64) string { return "/staff/work-reports/" + strconv.FormatInt(id, 10) }

// ReportDue is one report a region is expected to have filed for one of the
// last ended periods (goumai.LastEndedPeriods): the report if it exists, and
// whether it is overdue (not filed by its due date, the clock's now).
type ReportDue struct {
	Region  goumai.Region      `json:"region"`
	Kind    goumai.ReportKind  `json:"kind"`
	Period  string             `json:"period"`
	DueAt   time.Time          `json:"due_at"`
	Report  *goumai.WorkReport `json:"report,omitempty"` // nil: not even drafted
	Overdue bool               `json:"overdue"`
}

// Status is the expected report's state ("missing" when not drafted).
func (d ReportDue) Status() string {
	if d.Report == nil {
		return "missing"
	}
	return string(d.Report.Status)
}

// expectedReports returns, for each region, the reports of the last ended
// quarter and year, from the reports already read (by region, kind, period).
func (s *Service) expectedReports(ctx context.Context, regions []string, have []goumai.WorkReport, now time.Time) ([]ReportDue, error) {
	byKey := map[string]goumai.WorkReport{}
	for _, r := range have {
		byKey[r.Region+"/"+string(r.Kind)+"/"+r.Period] = r
	}
	periods := goumai.LastEndedPeriods(now)
	var out []ReportDue
	for _, code := range regions {
		g, ok := s.Policy.Regions.Get(code)
		if !ok || g.Parent == "" {
			continue
		}
		for _, k := range goumai.ReportKinds {
			d := ReportDue{Region: g, Kind: k, Period: periods[k]}
			if r, ok := byKey[code+"/"+string(k)+"/"+d.Period]; ok {
				d.Report, d.DueAt, d.Overdue = &r, r.DueAt, r.Overdue(now)
			} else {
				p, _ := goumai.ReportPeriod(k, d.Period)
				params, err := s.Store.ParamsAt(ctx, code, rules.Services, goumai.PeriodEnd(p).Add(-1))
				if err != nil {
					return nil, err
				}
				d.DueAt = goumai.ReportDueAt(p, workReportDueDays(params, k))
				d.Overdue = now.After(d.DueAt)
			}
			out = append(out, d)
		}
	}
	return out, nil
}

// ReportBoard is the supervisor's view of the reports due from the regions
// directly below a region (the dashboard of the level above): for the last
// ended quarter and year, each child's report or its absence, overdue ones
// marked.
func (s *Service) ReportBoard(ctx context.Context, a goumai.Actor, region string) ([]ReportDue, error) {
	if err := s.Policy.Can(a, goumai.ActViewWorkReport, goumai.Target{Region: region}); err != nil {
		return nil, err
	}
	have, err := s.Store.WorkReportsTo(ctx, region, 500)
	if err != nil {
		return nil, err
	}
	return s.expectedReports(ctx, s.Policy.Regions.Children(region), have, s.Clock.Now())
}

// workReportInbox adds the progress reports' to-do items (REQ-C1): for the
// finance staff of a region, its returned reports (also on the returned
// list) and its overdue ones, drafted or not; for the reviewers of the
// region above, the filed reports awaiting review and the children's overdue
// reports.
func workReportInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	now := s.Clock.Now()
	region := a.Org.Region
	if s.Policy.Can(a, goumai.ActFileWorkReport, goumai.Target{Region: region}) == nil {
		own, err := s.Store.WorkReportsOf(ctx, region, 200)
		if err != nil {
			return err
		}
		for _, r := range own {
			title := r.Period + " " + r.Kind.Label().ZH
			if r.Status == goumai.WorkReportReturned {
				in.Todo = append(in.Todo, Item{Kind: "todo.kind.work_report_returned", Title: title + "：" + r.Opinion(), Link: WorkReportLink(r.ID), At: *r.DecidedAt})
				in.Returned = append(in.Returned, Item{Kind: "todo.kind.work_report_returned", Title: title + "：" + r.Opinion(), Link: WorkReportLink(r.ID), At: *r.DecidedAt})
			}
		}
		due, err := s.expectedReports(ctx, []string{region}, own, now)
		if err != nil {
			return err
		}
		for _, d := range due {
			if d.Overdue {
				in.Todo = append(in.Todo, Item{Kind: "todo.kind.work_report_overdue", Title: d.Period + " " + d.Kind.Label().ZH + dueBy(d.DueAt),
					Link: dueLink(d), At: d.DueAt})
			}
		}
	}
	if s.Policy.Gate(a, goumai.ActReviewWorkReport) != nil || len(s.Policy.Regions.Children(region)) == 0 {
		return nil
	}
	children, err := s.Store.WorkReportsTo(ctx, region, 500)
	if err != nil {
		return err
	}
	for _, r := range children {
		if r.Status == goumai.WorkReportFiled {
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.work_report_review", Title: s.Policy.Regions.FullName(r.Region) + " " + r.Period + " " + r.Kind.Label().ZH,
				Link: WorkReportLink(r.ID), At: *r.FiledAt})
		}
	}
	due, err := s.expectedReports(ctx, s.Policy.Regions.Children(region), children, now)
	if err != nil {
		return err
	}
	for _, d := range due {
		if d.Overdue {
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.work_report_overdue_child", Title: d.Region.Name + " " + d.Period + " " + d.Kind.Label().ZH + dueBy(d.DueAt),
				Link: dueLink(d), At: d.DueAt})
		}
	}
	return nil
}

// dueLink is the report's page, or the reports page when it is not drafted.
func dueLink(d ReportDue) string {
	if d.Report != nil {
		return WorkReportLink(d.Report.ID)
	}
	return "/staff/work-reports?region=" + d.Region.Code
}
