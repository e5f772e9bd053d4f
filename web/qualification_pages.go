package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The qualification's staff page (资质审核, issue 10 item 1) and its print
// view: each lot's recommended supplier with the checks as they stand (pass
// or fail, each reason citing its rule), the form recording a review with
// the opinion (意见), and every review so far.

// qualificationPage is the page's data.
type qualificationPage struct {
	P         goumai.Procurement
	V         workflow.QualificationView
	CanReview bool          // the purchaser's staff or its agency, while the purchaser has the report
	Error     *goumai.Error // a refused review, re-rendered
	Done      bool
}

// qualificationData reads the page's data for the caller.
func (s *Server) qualificationData(r *http.Request) (qualificationPage, error) {
	a := actorOf(r)
	pv, err := s.svc.ProcurementView(r.Context(), a, pathID(r))
	if err != nil {
		return qualificationPage{}, err
	}
	v, err := s.svc.Qualification(r.Context(), a, pv.Procurement.ID)
	if err != nil {
		return qualificationPage{}, err
	}
	p := pv.Procurement
	may := func(org int64) bool {
		return org != 0 && s.svc.Policy.Can(a, goumai.ActRunProcurement, goumai.Target{OrgID: org, Region: p.Region}) == nil
	}
	return qualificationPage{P: p, V: v, CanReview: p.Status == goumai.ProcConfirmation && (may(p.PurchaserOrgID) || may(p.AgencyOrgID)),
		Done: r.URL.Query().Get("done") != ""}, nil
}

// qualificationView renders the page or its print view.
func (s *Server) qualificationView(page string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		d, err := s.qualificationData(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, page, d)
	}
}

// qualificationForm reads a review from the page's form: cond_N (the
// condition's name), met_N, evidence_N and note_N for each condition,
// justification and attested for an individual, and the opinion.
func qualificationForm(r *http.Request) workflow.QualifyInput {
	f := r.PostForm
	in := workflow.QualifyInput{Justification: f.Get("justification"), Attested: f.Get("attested") != "", Opinion: f.Get("opinion")}
	in.Version, _ = strconv.Atoi(f.Get("version"))
	in.LotID, _ = strconv.ParseInt(f.Get("lot_id"), 10, 64)
	for i := 0; i < 200; i++ {
		k := strconv.Itoa(i)
		if !f.Has("cond_" + k) {
			break
		}
		c := goumai.ConditionReview{Name: f.Get("cond_" + k), Met: f.Get("met_"+k) != "", Note: f.Get("note_" + k), Evidence: []int64{}}
		for _, e := range f["evidence_"+k] {
			if id, err := strconv.ParseInt(e, 10, 64); err == nil && id > 0 {
				c.Evidence = append(c.Evidence, id)
			}
		}
		in.Conditions = append(in.Conditions, c)
	}
	return in
}

// qualificationPost records a review from the page's form; a refusal
// re-renders the page with its reason.
func (s *Server) qualificationPost(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r)
	if _, err := s.svc.QualifySupplier(r.Context(), a, id, qualificationForm(r)); err != nil {
		e := goumai.AsError(err)
		if e.Code != goumai.EInvalid && e.Code != goumai.EConflict && e.Code != goumai.EStale {
			s.fail(w, r, err)
			return
		}
		d, derr := s.qualificationData(r)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		d.Error = e
		s.render(w, r, statusOf(e.Code), "qualification", d)
		return
	}
	http.Redirect(w, r, workflow.QualificationLink(id)+"?"+url.Values{"done": {"1"}}.Encode(), http.StatusSeeOther)
}
