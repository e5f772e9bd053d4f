package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The review page (资格审查和符合性审查, issue 9 item 3): one lot's opened
// bids with each stage's latest result, and a form per bid to record a
// stage's result. The use case decides who reviews which stage (a tender's
// qualification the organiser, the rest the panel) and says so when refusing.

// reviewStages are the stages, in order.
var reviewStages = []goumai.ReviewStage{goumai.ReviewQualification, goumai.ReviewCompliance}

// reviewRow is one bid of the page: each stage's latest result.
type reviewRow struct {
	Bid    goumai.OpenedBid
	Stages map[goumai.ReviewStage]goumai.BidReview
	Error  *goumai.Error
	Form   map[string]string // what a refused post typed
}

// reviewView is the review page of a lot.
type reviewView struct {
	V      workflow.EvaluationView
	Lot    goumai.Lot
	Stages []goumai.ReviewStage
	Rows   []reviewRow
}

// reviewData reads the page of the lot in the path: for the organisers and
// the panel's members (403 for anyone else who may read the evaluation).
func (s *Server) reviewData(r *http.Request) (*reviewView, error) {
	a := actorOf(r)
	v, err := s.svc.Evaluation(r.Context(), a, pathID(r))
	if err != nil {
		return nil, err
	}
	p := v.Procurement
	if v.Seat == nil && s.svc.Policy.Can(a, goumai.ActRunProcurement, goumai.Target{OrgID: p.Organizer(), Region: p.Region}) != nil {
		return nil, goumai.Errorf(goumai.EForbidden, "只有组织方和本项目评审小组的成员可以审查投标", "only the organisers and the procedure's panel review bids")
	}
	i := slices.IndexFunc(v.Lots, func(l goumai.Lot) bool { return l.ID == pathInt(r, "lot") })
	if i < 0 {
		return nil, goumai.ErrNotFound("采购包", "lot")
	}
	rv := &reviewView{V: v, Lot: v.Lots[i], Stages: reviewStages}
	for _, b := range v.Bids {
		if b.LotID != rv.Lot.ID {
			continue
		}
		row := reviewRow{Bid: b, Stages: map[goumai.ReviewStage]goumai.BidReview{}}
		for _, rev := range v.Reviews {
			if rev.OpenedBidID == b.ID && !rev.At.Before(row.Stages[rev.Stage].At) {
				row.Stages[rev.Stage] = rev
			}
		}
		rv.Rows = append(rv.Rows, row)
	}
	return rv, nil
}

func reviewPath(procurementID, lotID int64) string {
	return fmt.Sprintf("/staff/procurements/%d/evaluation/lots/%d/review", procurementID, lotID)
}

func (s *Server) evalReviewPage(w http.ResponseWriter, r *http.Request) {
	rv, err := s.reviewData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "eval_review", map[string]any{"R": rv})
}

// evalReviewSave records one bid's result of a stage; a refusal re-renders
// the page with the row as typed and the reason.
func (s *Server) evalReviewSave(w http.ResponseWriter, r *http.Request) {
	bidID := pathInt(r, "bid")
	typed := map[string]string{"stage": r.PostFormValue("stage"), "pass": r.PostFormValue("pass"), "reason": r.PostFormValue("reason")}
	in := workflow.ReviewInput{Stage: goumai.ReviewStage(typed["stage"]), Pass: typed["pass"] == "1", Reason: typed["reason"]}
	_, err := s.svc.ReviewBid(r.Context(), actorOf(r), pathID(r), bidID, in)
	if err == nil {
		http.Redirect(w, r, reviewPath(pathID(r), pathInt(r, "lot"))+"?done=reviewed"+"#rev-"+strconv.FormatInt(bidID, 10), http.StatusSeeOther)
		return
	}
	rv, verr := s.reviewData(r)
	if verr != nil {
		s.fail(w, r, err)
		return
	}
	for i := range rv.Rows {
		if rv.Rows[i].Bid.ID == bidID {
			rv.Rows[i].Error, rv.Rows[i].Form = goumai.AsError(err), typed
		}
	}
	s.formError(w, r, "eval_review", map[string]any{"R": rv}, err)
}
