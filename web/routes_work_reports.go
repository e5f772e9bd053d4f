package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// workReportRoutes registers the progress reports to the level above
// (工作进展情况报告, issue 13 item 2): the finance staff of a region draft,
// edit and file its report; the region above returns it with 意见 or
// accepts it; accepted reports are public, with a print view (REQ-C14).
func (s *Server) workReportRoutes(rt *router) {
	file, review, view := goumai.ActFileWorkReport, goumai.ActReviewWorkReport, goumai.ActViewWorkReport
	rt.read("/api/v1/work-reports", Public, s.apiPublicWorkReports)
	rt.read("/api/v1/work-reports/{id}", Public, s.apiWorkReport)
	rt.read("/api/v1/regions/{code}/work-reports", view, s.apiRegionWorkReports)
	rt.api("POST", "/api/v1/work-reports", file, act(http.StatusCreated, "report", s.svc.DraftWorkReport))
	rt.api("PUT", "/api/v1/work-reports/{id}", file, actID(http.StatusOK, "report", s.svc.EditWorkReport))
	rt.api("POST", "/api/v1/work-reports/{id}/file", file, versioned("report", s.svc.FileWorkReport))
	rt.api("POST", "/api/v1/work-reports/{id}/decision", review, actID(http.StatusOK, "report", s.svc.ReviewWorkReport))

	rt.page("/work-reports", Public, s.workReportsPublic)
	rt.page("/work-reports/{id}", Public, s.workReportPage(false))
	rt.page("/work-reports/{id}/print", Public, s.workReportPrint)
	rt.page("/staff/work-reports", view, s.workReportsStaff)
	rt.form("/staff/work-reports", file, s.workReportCreate)
	rt.page("/staff/work-reports/{id}", view, s.workReportPage(true))
	rt.form("/staff/work-reports/{id}", signedIn, s.workReportPost)
}

func (s *Server) apiPublicWorkReports(w http.ResponseWriter, r *http.Request) {
	rs, err := s.svc.PublicWorkReports(r.Context(), 200)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"reports": nonNil(rs)})
}

func (s *Server) apiWorkReport(w http.ResponseWriter, r *http.Request) {
	rep, err := s.svc.WorkReport(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"report": rep})
}

// apiRegionWorkReports returns a region's own reports, its children's and
// the board of the reports due from its children.
func (s *Server) apiRegionWorkReports(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	lists, err := s.svc.WorkReports(r.Context(), a, r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"region": lists.Region, "own": nonNil(lists.Own), "children": nonNil(lists.Children), "board": nonNil(lists.Board)})
}

// workReportRow is a report in a list.
type workReportRow struct {
	goumai.WorkReport
	RegionName string
	KindLabel  goumai.Msg
	StatusMsg  goumai.Msg
	Overdue    bool
}

func (s *Server) workReportRows(rs []goumai.WorkReport) []workReportRow {
	now := s.clock.Now()
	out := make([]workReportRow, len(rs))
	for i, x := range rs {
		out[i] = workReportRow{WorkReport: x, RegionName: s.svc.Policy.Regions.FullName(x.Region), KindLabel: x.Kind.Label(), StatusMsg: x.Status.Label(), Overdue: x.Overdue(now)}
	}
	return out
}

func (s *Server) workReportsPublic(w http.ResponseWriter, r *http.Request) {
	rs, err := s.svc.PublicWorkReports(r.Context(), 200)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "work_reports_public", map[string]any{"Reports": s.workReportRows(rs)})
}

// workReportsStaff is a finance department's reports page: its own reports
// with the form to draft one, the reports of the regions below and the
// board of those due (the level above's dashboard).
func (s *Server) workReportsStaff(w http.ResponseWriter, r *http.Request) {
	s.renderWorkReportsStaff(w, r, http.StatusOK, nil)
}

func (s *Server) renderWorkReportsStaff(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	a := actorOf(r)
	lists, err := s.svc.WorkReports(r.Context(), a, r.URL.Query().Get("region"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	board := lists.Board
	type boardRow struct {
		workflow.ReportDue
		KindLabel goumai.Msg
		StatusKey string
	}
	rows := make([]boardRow, len(board))
	for i, d := range board {
		rows[i] = boardRow{ReportDue: d, KindLabel: d.Kind.Label(), StatusKey: "wr.status." + d.Status()}
	}
	d := map[string]any{"Region": lists.Region, "Own": s.workReportRows(lists.Own), "Children": s.workReportRows(lists.Children), "Board": rows,
		"CanFile": s.svc.Policy.Can(a, goumai.ActFileWorkReport, goumai.Target{Region: lists.Region.Code}) == nil && lists.Region.Parent != "",
		"Period":  goumai.LastEndedPeriods(s.clock.Now())[goumai.ReportQuarterly], "Kinds": goumai.ReportKinds}
	if formErr != nil {
		d["Error"] = goumai.AsError(formErr)
	}
	s.render(w, r, status, "work_reports_staff", d)
}

// workReportCreate drafts a report from the staff page's form.
func (s *Server) workReportCreate(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	rep, err := s.svc.DraftWorkReport(r.Context(), a, workflow.WorkReportInput{Region: a.Org.Region, Kind: goumai.ReportKind(r.PostFormValue("kind")),
		Period: r.PostFormValue("period")})
	if err != nil {
		if e := goumai.AsError(err); e.Code == goumai.EInvalid || e.Code == goumai.EConflict {
			s.renderWorkReportsStaff(w, r, statusOf(e.Code), err)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, workflow.WorkReportLink(rep.ID)+"?done=wr_draft", http.StatusSeeOther)
}

// workReportView is what the report's pages show.
type workReportView struct {
	R          goumai.WorkReport
	RegionName string
	ParentName string
	KindLabel  goumai.Msg
	StatusMsg  goumai.Msg
	Overdue    bool
	Tables     []workReportTable
	CanEdit    bool
	CanReview  bool
}

// workReportTable is a frozen statistics table in 万元 (REQ-C10).
type workReportTable struct {
	Label goumai.Msg
	Rows  []workReportStat
}

type workReportStat struct {
	Label                    goumai.Msg
	N, PrevN                 int64
	Amount, PrevAmount, Diff string
}

func (s *Server) workReportData(a goumai.Actor, rep goumai.WorkReport) workReportView {
	v := workReportView{R: rep, RegionName: s.svc.Policy.Regions.FullName(rep.Region), ParentName: s.svc.Policy.Regions.FullName(rep.Parent),
		KindLabel: rep.Kind.Label(), StatusMsg: rep.Status.Label(), Overdue: rep.Overdue(s.clock.Now())}
	if rep.Stats != nil {
		for _, t := range rep.Stats.Tables {
			wt := workReportTable{Label: t.Dim.Label()}
			for _, row := range t.Rows {
				wt.Rows = append(wt.Rows, workReportStat{Label: row.Label, N: row.Now.N, PrevN: row.Previous.N, Amount: row.Now.Amount.Wan(),
					PrevAmount: row.Previous.Amount.Wan(), Diff: (row.Now.Amount - row.Previous.Amount).Wan()})
			}
			v.Tables = append(v.Tables, wt)
		}
	}
	if !a.Anonymous() {
		v.CanEdit = rep.Status.Editable() && s.svc.Policy.Can(a, goumai.ActFileWorkReport, goumai.Target{Region: rep.Region}) == nil
		v.CanReview = rep.Status == goumai.WorkReportFiled && s.svc.Policy.Gate(a, goumai.ActReviewWorkReport) == nil && a.Org.Region == rep.Parent
	}
	return v
}

// workReportPage is a report's page: the public one (accepted reports) or
// the staff one, with the filer's and the reviewer's forms.
func (s *Server) workReportPage(staff bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.renderWorkReport(w, r, staff, http.StatusOK, nil) }
}

func (s *Server) renderWorkReport(w http.ResponseWriter, r *http.Request, staff bool, status int, formErr error) {
	a := actorOf(r)
	if !staff {
		a = goumai.Actor{} // the public page shows what the public may read
	}
	rep, err := s.svc.WorkReport(r.Context(), a, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := map[string]any{"V": s.workReportData(a, rep), "Staff": staff}
	if formErr != nil {
		d["Error"] = goumai.AsError(formErr)
	}
	s.render(w, r, status, "work_report", d)
}

// workReportPrint is an accepted report's print view (A4, REQ-C14).
func (s *Server) workReportPrint(w http.ResponseWriter, r *http.Request) {
	rep, err := s.svc.WorkReport(r.Context(), goumai.Actor{}, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "work_report_print", map[string]any{"V": s.workReportData(goumai.Actor{}, rep)})
}

// workReportPost is the staff page's one form: op is save, file, return or accept.
func (s *Server) workReportPost(w http.ResponseWriter, r *http.Request) {
	a, ctx, id := actorOf(r), r.Context(), pathID(r)
	version, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("version")))
	text := workflow.WorkReportText{NewSituations: r.PostFormValue("new_situations"), MajorProblems: r.PostFormValue("major_problems"),
		Suggestions: r.PostFormValue("suggestions")}
	op := r.PostFormValue("op")
	var err error
	switch op {
	case "save", "file":
		var rep goumai.WorkReport
		if rep, err = s.svc.EditWorkReport(ctx, a, id, workflow.WorkReportEditInput{Version: version, WorkReportText: text}); err == nil && op == "file" {
			_, err = s.svc.FileWorkReport(ctx, a, id, rep.Version)
		}
	case "return", "accept":
		_, err = s.svc.ReviewWorkReport(ctx, a, id, workflow.WorkReportDecision{Version: version, Action: op, Opinion: r.PostFormValue("opinion")})
	default:
		err = goumai.Fields{"op": goumai.M("未知操作", "unknown action")}.Err()
	}
	if err != nil {
		if e := goumai.AsError(err); e.Code == goumai.EInvalid || e.Code == goumai.EConflict || e.Code == goumai.EStale {
			s.renderWorkReport(w, r, true, statusOf(e.Code), err)
			return
		}
		s.fail(w, r, err)
		return
	}
	flash := map[string]string{"save": "?done=wr_save", "file": "?done=wr_file", "return": "?done=wr_return", "accept": "?done=wr_accept"}[op]
	http.Redirect(w, r, workflow.WorkReportLink(id)+flash, http.StatusSeeOther)
}
