package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The performance evaluation's pages: the staff page of a contract's
// evaluation (start, score, publish; survey codes; review of flagged
// answers) with its one form endpoint, the public survey a service user
// answers with a one-time code (mobile-friendly, labelled for screen
// readers), and the public result on the contract.
func (s *Server) performancePageRoutes(rt *router) {
	rt.page("/staff/contracts/{id}/performance", signedIn, s.performanceStaff)
	rt.form("/staff/contracts/{id}/performance", signedIn, s.performanceStaffPost)
	rt.page("/survey", Public, s.surveyPage)
	rt.form("/survey", Public, s.surveyPost)
	rt.page("/contracts/{id}/performance", Public, s.performancePublic)
	rt.page("/suppliers/{id}/performance", Public, s.supplierRecordPage)
}

// perfIndicatorRow is one indicator as a page shows it.
type perfIndicatorRow struct {
	No       int
	Level    goumai.Msg
	Category goumai.Msg
	goumai.Indicator
}

// perfEvaluationView is one evaluation as a page shows it.
type perfEvaluationView struct {
	goumai.PerformanceEvaluation
	KindLabel  goumai.Msg
	GradeLabel goumai.Msg
	Rows       []perfIndicatorRow
	Editable   bool
	Points     string // the weighted result, e.g. 85.50
}

func points(centi int) string { return fmt.Sprintf("%d.%02d", centi/100, centi%100) }

func perfRows(inds []goumai.Indicator) []perfIndicatorRow {
	rows := make([]perfIndicatorRow, len(inds))
	for i, in := range inds {
		rows[i] = perfIndicatorRow{No: i, Level: in.Level.Label(), Category: goumai.CategoryLabel(in.Category), Indicator: in}
	}
	return rows
}

// performanceData is what the staff and public pages show.
func (s *Server) performanceData(r *http.Request, v workflow.PerformanceView, a goumai.Actor) map[string]any {
	var evs []perfEvaluationView
	for _, e := range v.Evaluations {
		ev := perfEvaluationView{PerformanceEvaluation: e, KindLabel: e.Kind.Label(), GradeLabel: e.Grade.Label(), Rows: perfRows(e.Indicators), Points: points(e.Score)}
		ev.Editable = e.Status == goumai.EvalDraft && (e.Kind == goumai.EvalSelf && v.Purchaser || e.Kind == goumai.EvalThirdParty && !a.Anonymous() && a.Org.ID == e.EvaluatorOrgID)
		evs = append(evs, ev)
	}
	var questions []map[string]any
	for i, q := range goumai.SurveyQuestions {
		mean := ""
		if i < len(v.Survey.QuestionMean) && v.Survey.Counted > 0 {
			mean = points(v.Survey.QuestionMean[i])
		}
		questions = append(questions, map[string]any{"Q": q, "Mean": mean})
	}
	d := map[string]any{"V": v, "Evaluations": evs, "Questions": questions, "Suggested": perfRows(v.Suggested)}
	if v.Grade != nil {
		d["Grade"], d["GradeLabel"] = points(v.Grade.Score), v.Grade.Grade.Label()
	}
	return d
}

// performanceStaff is the staff page of a contract's evaluation.
func (s *Server) performanceStaff(w http.ResponseWriter, r *http.Request) {
	s.renderPerformanceStaff(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderPerformanceStaff(w http.ResponseWriter, r *http.Request, status int, codes []string, formErr error) {
	a := actorOf(r)
	v, err := s.svc.ContractPerformance(r.Context(), a, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.performanceData(r, v, a)
	d["Codes"] = codes
	if formErr != nil {
		d["Error"] = goumai.AsError(formErr)
	}
	s.render(w, r, status, "performance_staff", d)
}

// performanceStaffPost is the staff page's one form: op says which action.
func (s *Server) performanceStaffPost(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	ctx := r.Context()
	id := pathID(r)
	formInt := func(name string) int { n, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue(name))); return n }
	var err error
	done := r.PostFormValue("op")
	switch done {
	case "start":
		org, _ := strconv.ParseInt(r.PostFormValue("evaluator_org_id"), 10, 64)
		_, err = s.svc.StartEvaluation(ctx, a, id, workflow.EvaluationInput{Kind: goumai.EvaluationKind(r.PostFormValue("kind")), EvaluatorOrgID: org})
	case "save", "publish":
		eid, _ := strconv.ParseInt(r.PostFormValue("evaluation_id"), 10, 64)
		var e goumai.PerformanceEvaluation
		if e, err = s.store.Evaluation(ctx, eid); err == nil && e.ContractID != id {
			err = goumai.ErrNotFound("绩效评价", "performance evaluation")
		}
		if err != nil {
			break
		}
		inds := e.Indicators
		for i := range inds {
			inds[i].Weight = formInt(fmt.Sprintf("weight.%d", i))
			inds[i].Evidence = r.PostFormValue(fmt.Sprintf("evidence.%d", i))
			inds[i].Score = nil
			if v := strings.TrimSpace(r.PostFormValue(fmt.Sprintf("score.%d", i))); v != "" {
				n, convErr := strconv.Atoi(v)
				if convErr != nil {
					n = -1 // refused by the check, naming the field
				}
				inds[i].Score = &n
			}
		}
		if e, err = s.svc.UpdateEvaluation(ctx, a, eid, workflow.EvaluationInput{Version: formInt("version"), Indicators: inds, Summary: r.PostFormValue("summary")}); err == nil && done == "publish" {
			_, err = s.svc.PublishEvaluation(ctx, a, eid, e.Version)
		}
	case "codes":
		var codes []string
		if codes, err = s.svc.IssueSurveyCodes(ctx, a, id, formInt("count")); err == nil {
			s.renderPerformanceStaff(w, r, http.StatusOK, codes, nil) // shown once: not a redirect
			return
		}
	case "review":
		rid, _ := strconv.ParseInt(r.PostFormValue("response_id"), 10, 64)
		_, err = s.svc.ReviewSurveyResponse(ctx, a, rid, workflow.SurveyReviewInput{Exclude: r.PostFormValue("exclude") == "1", Note: r.PostFormValue("note")})
	default:
		err = goumai.Fields{"op": goumai.M("未知操作", "unknown action")}.Err()
	}
	if err != nil {
		e := goumai.AsError(err)
		if e.Code == goumai.EInvalid || e.Code == goumai.EConflict || e.Code == goumai.EStale {
			s.renderPerformanceStaff(w, r, statusOf(e.Code), nil, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	flash := map[string]string{"start": "?done=perf_start", "save": "?done=perf_save", "publish": "?done=perf_publish", "review": "?done=perf_review"}[done]
	http.Redirect(w, r, "/staff/contracts/"+strconv.FormatInt(id, 10)+"/performance"+flash, http.StatusSeeOther)
}

// ratingScale is a survey question's choices.
var ratingScale = []int{1, 2, 3, 4, 5}

// surveyPage is the public satisfaction survey.
func (s *Server) surveyPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "survey", map[string]any{"Questions": goumai.SurveyQuestions, "Scale": ratingScale, "Code": r.URL.Query().Get("code")})
}

// surveyPost records a service user's answer.
func (s *Server) surveyPost(w http.ResponseWriter, r *http.Request) {
	in := workflow.SurveyInput{Code: r.PostFormValue("code"), Comment: r.PostFormValue("comment")}
	for i := range goumai.SurveyQuestions {
		n, _ := strconv.Atoi(r.PostFormValue(fmt.Sprintf("q%d", i)))
		in.Ratings = append(in.Ratings, n)
	}
	if _, err := s.svc.SubmitSurvey(r.Context(), in, clientAddr(r)); err != nil {
		e := goumai.AsError(err)
		s.retryAfter(w, err)
		if e.Code == goumai.EInvalid || e.Code == goumai.EConflict || e.Code == goumai.ERateLimited {
			s.render(w, r, statusOf(e.Code), "survey", map[string]any{"Questions": goumai.SurveyQuestions, "Scale": ratingScale, "Code": in.Code, "Comment": in.Comment, "Error": e})
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/survey?done=survey_sent", http.StatusSeeOther)
}

// performancePublic is the public result of a contract's evaluation.
func (s *Server) performancePublic(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.ContractPerformance(r.Context(), goumai.Actor{}, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "performance_public", s.performanceData(r, v, goumai.Actor{}))
}

// supplierRecordPage is a supplier's public record of published performance
// grades (ENG-J1: kept on the supplier's record, read by later panels,
// reviewers and anyone).
func (s *Server) supplierRecordPage(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	gs, err := s.svc.SupplierRecord(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.store.Org(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "supplier_record", map[string]any{"Org": o, "RegionName": s.store.Regions().FullName(o.Region), "Grades": gs})
}
