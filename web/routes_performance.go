package web

import (
	"net/http"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// performanceRoutes registers the performance evaluation (绩效评价, issue 10
// item 5; ENG-J1, ENG-J2, REQ-W19): the purchaser's staff start and score
// the self-evaluation and engage a third-party evaluator, whose staff score
// theirs; publishing writes the contract's grade; the purchaser issues the
// survey's one-time codes and reviews flagged answers; the service users
// answer without an account; anyone reads the published results, a
// supplier's record of grades and a region's summary; the finance
// department sets the region's indicator templates. The pages are in
// performance_pages.go.
func (s *Server) performanceRoutes(rt *router) {
	run := goumai.ActRunProcurement
	rt.read("/api/v1/contracts/{id}/performance", Public, s.apiPerformance)
	rt.api("POST", "/api/v1/contracts/{id}/evaluations", signedIn, actID(http.StatusCreated, "evaluation", s.svc.StartEvaluation))
	rt.api("PUT", "/api/v1/performance-evaluations/{id}", signedIn, actID(http.StatusOK, "evaluation", s.svc.UpdateEvaluation))
	rt.api("POST", "/api/v1/performance-evaluations/{id}/publish", signedIn, versioned("evaluation", s.svc.PublishEvaluation))
	rt.api("POST", "/api/v1/contracts/{id}/survey-codes", run, action(http.StatusCreated, "codes", s.apiSurveyCodes))
	rt.api("POST", "/api/v1/survey-responses", Public, action(http.StatusCreated, "receipt", s.apiSurveySubmit))
	rt.api("POST", "/api/v1/survey-responses/{id}/review", run, actID(http.StatusOK, "response", s.svc.ReviewSurveyResponse))
	rt.read("/api/v1/orgs/{id}/performance-grades", Public, s.apiSupplierGrades)
	rt.read("/api/v1/regions/{code}/performance-summary", Public, s.apiPerformanceSummary)
	rt.read("/api/v1/regions/{code}/performance-templates", Public, s.apiIndicatorTemplates)
	rt.api("POST", "/api/v1/regions/{code}/performance-templates", goumai.ActConfigureRules, action(http.StatusCreated, "template", s.apiIndicatorTemplateSet))
	s.performancePageRoutes(rt)
}

// apiPerformance returns a contract's evaluations and survey as the caller may see them.
func (s *Server) apiPerformance(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.ContractPerformance(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"performance": v})
}

// surveyCodesBody is how many codes to issue.
type surveyCodesBody struct {
	Count int `json:"count"`
}

func (s *Server) apiSurveyCodes(c call[surveyCodesBody]) ([]string, error) {
	return s.svc.IssueSurveyCodes(c.ctx(), c.a, c.id(), c.in.Count)
}

func (s *Server) apiSurveySubmit(c call[workflow.SurveyInput]) (workflow.SurveyReceipt, error) {
	return s.svc.SubmitSurvey(c.ctx(), c.in, clientAddr(c.r))
}

// apiSupplierGrades returns a supplier's published grades (ENG-J1).
func (s *Server) apiSupplierGrades(w http.ResponseWriter, r *http.Request) {
	gs, err := s.svc.SupplierRecord(r.Context(), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"grades": gs})
}

// apiPerformanceSummary returns a region's published grades by region and category.
func (s *Server) apiPerformanceSummary(w http.ResponseWriter, r *http.Request) {
	sum, err := s.svc.PerformanceSummary(r.Context(), r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"summary": sum})
}

// apiIndicatorTemplates returns the indicator templates that apply in a region.
func (s *Server) apiIndicatorTemplates(w http.ResponseWriter, r *http.Request) {
	ts, err := s.svc.IndicatorTemplates(r.Context(), r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"templates": ts, "default": goumai.DefaultIndicators()})
}

func (s *Server) apiIndicatorTemplateSet(c call[workflow.TemplateInput]) (goumai.IndicatorTemplate, error) {
	return s.svc.SetIndicatorTemplate(c.ctx(), c.a, c.r.PathValue("code"), c.in)
}
