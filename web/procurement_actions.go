package web

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/workflow"
)

// The actions on a procedure's page, each a form post: the use case decides,
// a refusal is shown on the page (with its problems and what was typed), a
// success redirects back with a confirmation.

// procurementStep runs a step that takes the procedure's version (request
// approval, single-source publicity, publish).
func (s *Server) procurementStep(step func(goumai.Actor, *http.Request, int64, int) (goumai.Procurement, error), done string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.procurementDo(w, r, done, true, func(a goumai.Actor, id int64, version int) (int64, error) {
			p, err := step(a, r, id, version)
			return p.ID, err
		})
	}
}

// procurementDo runs an action of a procedure's page and answers it; problems
// lists a refusal's field problems (the checks of a step) on the page.
func (s *Server) procurementDo(w http.ResponseWriter, r *http.Request, done string, problems bool, do func(a goumai.Actor, id int64, version int) (int64, error)) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r)
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	target, err := do(a, id, version)
	if err != nil {
		e := goumai.AsError(err)
		if e.Code == goumai.EInvalid || e.Code == goumai.EConflict || e.Code == goumai.EStale {
			extra := map[string]any{"ActionError": e, "Action": r.URL.Path, "F": formRaw(r)}
			if problems {
				extra["Problems"] = procurementProblems(e)
			}
			s.renderProcurement(w, r, statusOf(e.Code), extra)
			return
		}
		s.fail(w, r, err)
		return
	}
	if target == 0 {
		target = id
	}
	http.Redirect(w, r, procurementLink(target)+"?"+url.Values{"done": {done}}.Encode(), http.StatusSeeOther)
}

// procurementProblems lists an error's field problems, by field name.
func procurementProblems(e *goumai.Error) rules.Problems {
	var out rules.Problems
	for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
		out = append(out, rules.Problem{Field: k, Msg: e.Fields[k]})
	}
	return out
}

func (s *Server) procurementRequestApproval(a goumai.Actor, r *http.Request, id int64, version int) (goumai.Procurement, error) {
	return s.svc.RequestApproval(r.Context(), a, id, version)
}

func (s *Server) procurementPublicity(a goumai.Actor, r *http.Request, id int64, version int) (goumai.Procurement, error) {
	return s.svc.StartPublicity(r.Context(), a, id, version)
}

func (s *Server) procurementPublish(a goumai.Actor, r *http.Request, id int64, version int) (goumai.Procurement, error) {
	return s.svc.Publish(r.Context(), a, id, version)
}

// procurementPrequal publishes the 资格预审公告, until the day typed or the
// earliest lawful end (ENG-D5).
func (s *Server) procurementPrequal(a goumai.Actor, r *http.Request, id int64, version int) (goumai.Procurement, error) {
	in := workflow.PrequalInput{Version: version}
	if v := strings.TrimSpace(r.PostFormValue("prequal_until")); v != "" {
		t, err := time.ParseInLocation(dateTimeLocal, v, goumai.Shanghai)
		if err != nil {
			return goumai.Procurement{}, goumai.Fields{"prequal_until": badDateTime}.Err()
		}
		in.Until = t
	}
	return s.svc.StartPrequal(r.Context(), a, id, in)
}

// procurementDecide approves or refuses the requested method with the
// approver's opinion (意见, REQ-C2: required to refuse).
func (s *Server) procurementDecide(w http.ResponseWriter, r *http.Request) {
	s.procurementDo(w, r, "procurement_decided", false, func(a goumai.Actor, id int64, _ int) (int64, error) {
		var in workflow.MethodDecisionInput
		switch r.PostFormValue("decision") {
		case "approve":
			in.Approve = true
		case "refuse":
		default:
			return 0, goumai.Fields{"decision": goumai.M("请选择批准或不予批准", "choose to approve or to refuse")}.Err()
		}
		in.Opinion = r.PostFormValue("opinion")
		_, err := s.svc.DecideMethod(r.Context(), a, id, in)
		return id, err
	})
}

// procurementClarify amends the published documents' requirements and
// contract terms with an 更正公告 saying what changed (ENG-D2 may move the deadline).
func (s *Server) procurementClarify(w http.ResponseWriter, r *http.Request) {
	s.procurementDo(w, r, "procurement_clarified", false, func(a goumai.Actor, id int64, version int) (int64, error) {
		p, err := s.svc.Procurement(r.Context(), a, id)
		if err != nil {
			return 0, err
		}
		docs := p.Documents
		docs.Requirements = strings.TrimSpace(r.PostFormValue("requirements"))
		docs.ContractTerms = strings.TrimSpace(r.PostFormValue("contract_terms"))
		_, err = s.svc.Clarify(r.Context(), a, id, workflow.Clarification{Version: version, Documents: docs,
			Changes: r.PostFormValue("changes"), AffectsBids: r.PostFormValue("affects_bids") == "1"})
		return id, err
	})
}

func (s *Server) procurementTerminate(w http.ResponseWriter, r *http.Request) {
	s.procurementDo(w, r, "procurement_terminated", false, func(a goumai.Actor, id int64, version int) (int64, error) {
		_, err := s.svc.Terminate(r.Context(), a, id, workflow.TerminationInput{Version: version, Reason: r.PostFormValue("reason")})
		return id, err
	})
}

// itemID reads the {item} path value: an objection, application or enquiry.
func itemID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("item"), 10, 64)
	return id
}

func (s *Server) objectionAnswer(w http.ResponseWriter, r *http.Request) {
	s.procurementDo(w, r, "objection_answered", false, func(a goumai.Actor, _ int64, _ int) (int64, error) {
		o, err := s.svc.AnswerObjection(r.Context(), a, itemID(r), r.PostFormValue("answer"))
		return o.ProcurementID, err
	})
}

// applicationJudge records a prequalification judgement: qualified, or not
// qualified with the reason told to the applicant.
func (s *Server) applicationJudge(w http.ResponseWriter, r *http.Request) {
	s.procurementDo(w, r, "application_judged", false, func(a goumai.Actor, _ int64, _ int) (int64, error) {
		var in workflow.JudgementInput
		switch r.PostFormValue("judgement") {
		case "qualified":
			in.Qualified = true
		case "not_qualified":
		default:
			return 0, goumai.Fields{"judgement": goumai.M("请选择合格或不合格", "choose qualified or not qualified")}.Err()
		}
		in.Reason = r.PostFormValue("reason")
		ap, err := s.svc.JudgeApplication(r.Context(), a, itemID(r), in)
		return ap.ProcurementID, err
	})
}

// enquiryAnswer answers an enquiry; with amend=1 the answer also amends the
// documents' requirements (an 更正公告; ENG-D2 may move the deadline).
func (s *Server) enquiryAnswer(w http.ResponseWriter, r *http.Request) {
	s.procurementDo(w, r, "enquiry_answered", false, func(a goumai.Actor, id int64, version int) (int64, error) {
		in := workflow.AnswerInput{Answer: r.PostFormValue("answer")}
		if r.PostFormValue("amend") == "1" {
			p, err := s.svc.Procurement(r.Context(), a, id)
			if err != nil {
				return 0, err
			}
			docs := p.Documents
			docs.Requirements = strings.TrimSpace(r.PostFormValue("requirements"))
			in.Documents, in.Version, in.AffectsBids = &docs, version, r.PostFormValue("affects_bids") == "1"
		}
		e, err := s.svc.AnswerEnquiry(r.Context(), a, itemID(r), in)
		return e.ProcurementID, err
	})
}

func init() {
	// aerr returns the refusal of the page's action when it was the one ending
	// in suffix, for the form of that action to show.
	funcs["aerr"] = func(d map[string]any, suffix string) *goumai.Error {
		e, _ := d["ActionError"].(*goumai.Error)
		if a, _ := d["Action"].(string); e != nil && strings.HasSuffix(a, "/"+suffix) {
			return e
		}
		return nil
	}
}

// procurementFieldLabel names a problem's field (a use case's field path such
// as documents.scoring.1.ranges.0 or lots.0.bid_bond) in the reader's language.
func procurementFieldLabel(lang, field string) string {
	parts := strings.Split(field, ".")
	if parts[0] == "documents" {
		parts = parts[1:]
	}
	label := map[string]string{"method": tr(lang, "proc.method"), "reason": tr(lang, "proc.reason"), "reason_detail": tr(lang, "proc.reason_detail"),
		"sole_supplier_id": tr(lang, "proc.sole_supplier"), "invited": tr(lang, "proc.invited"), "applications": tr(lang, "proc.applications"),
		"qualifications": tr(lang, "proc.qualifications"), "scoring": tr(lang, "proc.scoring"), "evaluation": tr(lang, "proc.evaluation"),
		"price_weight_pct": tr(lang, "proc.price_weight"), "floor_price": tr(lang, "proc.floor_price"), "lots": tr(lang, "proc.lot"),
		"sme_deduction_pct": tr(lang, "proc.sme_deduction_pct"), "sme_partner_pct": tr(lang, "proc.sme_partner_pct"),
		"periods": tr(lang, "proc.periods"), "bid_deadline": tr(lang, "proc.bid_deadline"), "docs_until": tr(lang, "proc.docs_until"),
		"prequal_until": tr(lang, "proc.prequal_until"), "ranges": tr(lang, "proc.range_condition"), "budget": tr(lang, "proc.budget"),
		"ceiling": tr(lang, "proc.ceiling"), "bid_bond": tr(lang, "proc.bid_bond"), "factor": tr(lang, "proc.factor"),
		"requirements": tr(lang, "proc.requirements"), "changes": tr(lang, "proc.changes")}
	var out []string
	for _, p := range parts {
		if n, err := strconv.Atoi(p); err == nil {
			out = append(out, strconv.Itoa(n+1))
		} else if l, ok := label[p]; ok {
			if p == "bid_deadline" || p == "docs_until" {
				out = out[:0] // the period's own name says it
			}
			out = append(out, l)
		} else {
			return field
		}
	}
	return strings.Join(out, " ")
}

func init() { funcs["pfield"] = procurementFieldLabel }
