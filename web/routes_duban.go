package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// dubanRoutes registers the 督办 notices (supervision of lower levels, issue
// 13 item 4): the finance staff of a region issue a notice to a lagging
// region directly below, which answers; the issuer closes it or returns the
// answer, with 意见. Notices are not public: the region's and the issuer's
// finance staff read them (404 to others, a sibling learns nothing).
func (s *Server) dubanRoutes(rt *router) {
	read, issue := goumai.ActFileWorkReport, goumai.ActIssueDuban
	rt.read("/api/v1/duban", read, s.apiDubans)
	rt.read("/api/v1/duban/{id}", read, s.apiDuban)
	rt.api("POST", "/api/v1/duban", issue, act(http.StatusCreated, "notice", s.svc.IssueDuban))
	rt.api("POST", "/api/v1/duban/{id}/answer", read, actID(http.StatusOK, "notice", s.svc.AnswerDubanInput))
	rt.api("POST", "/api/v1/duban/{id}/decision", issue, actID(http.StatusOK, "notice", s.svc.DecideDuban))

	rt.page("/staff/duban", read, s.dubanStaff)
	rt.form("/staff/duban", issue, s.dubanIssue)
	rt.page("/staff/duban/{id}", read, s.dubanPage)
	rt.form("/staff/duban/{id}", read, s.dubanPost)
}

func (s *Server) apiDubans(w http.ResponseWriter, r *http.Request) {
	l, err := s.svc.Dubans(r.Context(), actorOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"received": nonNil(l.Received), "issued": nonNil(l.Issued)})
}

func (s *Server) apiDuban(w http.ResponseWriter, r *http.Request) {
	d, err := s.svc.Duban(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"notice": d})
}

// dubanRow is a notice in a list or on its page.
type dubanRow struct {
	goumai.Duban
	RegionName, IssuerName string
	StatusMsg              goumai.Msg
	Overdue, Returned      bool
}

func (s *Server) dubanRow(d goumai.Duban) dubanRow {
	regions := s.svc.Policy.Regions
	return dubanRow{Duban: d, RegionName: regions.FullName(d.Region), IssuerName: regions.FullName(d.Issuer), StatusMsg: d.Status.Label(),
		Overdue: d.Overdue(s.clock.Now()), Returned: d.Returned()}
}

func (s *Server) dubanRows(ds []goumai.Duban) []dubanRow {
	out := make([]dubanRow, len(ds))
	for i, d := range ds {
		out[i] = s.dubanRow(d)
	}
	return out
}

// dubanStaff is a finance department's 督办 page: the notices its region
// received, those it issued, and the form to issue one to a region below.
func (s *Server) dubanStaff(w http.ResponseWriter, r *http.Request) {
	s.renderDubanStaff(w, r, http.StatusOK, nil)
}

func (s *Server) renderDubanStaff(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	a := actorOf(r)
	l, err := s.svc.Dubans(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type option struct {
		Code, Name string
		Selected   bool
	}
	chosen := r.FormValue("region")
	var children []option
	if s.svc.Policy.Gate(a, goumai.ActIssueDuban) == nil {
		for _, c := range s.svc.Policy.Regions.Children(a.Org.Region) {
			g, _ := s.svc.Policy.Regions.Get(c)
			children = append(children, option{Code: c, Name: g.Name, Selected: c == chosen})
		}
	}
	d := map[string]any{"RegionName": s.svc.Policy.Regions.FullName(a.Org.Region), "Received": s.dubanRows(l.Received), "Issued": s.dubanRows(l.Issued),
		"Children": children, "Text": r.PostFormValue("text"), "Days": r.PostFormValue("days"), "MaxDays": goumai.MaxDubanDays}
	if formErr != nil {
		d["Error"] = goumai.AsError(formErr)
	}
	s.render(w, r, status, "duban_list", d)
}

// dubanIssue issues a notice from the staff page's form.
func (s *Server) dubanIssue(w http.ResponseWriter, r *http.Request) {
	days, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("days")))
	if err != nil {
		err = goumai.Fields{"days": goumai.M("请填写工作日天数", "give the deadline in working days")}.Err()
	} else {
		var d goumai.Duban
		if d, err = s.svc.IssueDuban(r.Context(), actorOf(r), workflow.DubanInput{Region: r.PostFormValue("region"), Text: r.PostFormValue("text"), Days: days}); err == nil {
			http.Redirect(w, r, workflow.DubanLink(d.ID)+"?done=duban_issue", http.StatusSeeOther)
			return
		}
	}
	if e := goumai.AsError(err); e.Code == goumai.EInvalid {
		s.renderDubanStaff(w, r, statusOf(e.Code), err)
		return
	}
	s.fail(w, r, err)
}

// dubanPage is a notice's page, with the region's answer form and the issuer's decision form.
func (s *Server) dubanPage(w http.ResponseWriter, r *http.Request) {
	s.renderDuban(w, r, http.StatusOK, nil)
}

func (s *Server) renderDuban(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	a := actorOf(r)
	n, err := s.svc.Duban(r.Context(), a, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	target := goumai.Target{Region: n.Region}
	d := map[string]any{"N": s.dubanRow(n),
		"CanAnswer": n.Status != goumai.DubanClosed && s.svc.Policy.Can(a, goumai.ActFileWorkReport, target) == nil,
		"CanDecide": n.Status == goumai.DubanAnswered && s.svc.Policy.Can(a, goumai.ActIssueDuban, target) == nil}
	if formErr != nil {
		d["Error"] = goumai.AsError(formErr)
	}
	s.render(w, r, status, "duban", d)
}

// dubanPost is the notice page's one form: op is answer, close or return.
func (s *Server) dubanPost(w http.ResponseWriter, r *http.Request) {
	a, ctx, id := actorOf(r), r.Context(), pathID(r)
	version, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("version")))
	op := r.PostFormValue("op")
	var err error
	switch op {
	case "answer":
		_, err = s.svc.AnswerDuban(ctx, a, id, version, r.PostFormValue("answer"))
	default:
		_, err = s.svc.DecideDuban(ctx, a, id, workflow.DubanDecision{Version: version, Action: op, Opinion: r.PostFormValue("opinion")})
	}
	if err != nil {
		if e := goumai.AsError(err); e.Code == goumai.EInvalid || e.Code == goumai.EConflict || e.Code == goumai.EStale {
			s.renderDuban(w, r, statusOf(e.Code), err)
			return
		}
		s.fail(w, r, err)
		return
	}
	flash := map[string]string{"answer": "?done=duban_answer", "close": "?done=duban_close", "return": "?done=duban_return"}[op]
	http.Redirect(w, r, workflow.DubanLink(id)+flash, http.StatusSeeOther)
}
