package web

import (
	"net/http"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The staff page's part 2 (procurement_view.html's "proc-result"): the
// opening record, the reported ranking and the purchaser's confirmation, the
// result notice, the bid-bond refunds and a failed procedure's follow-up.

// resultPanel is the part 2 data of a procedure's staff page.
type resultPanel struct {
	workflow.ResultView
	Lots                                           []goumai.Lot
	Open, Confirm, PublishResult, FollowUp, Refund bool
	Report                                         bool                 // the organiser may total the scores into the report
	Contracts                                      procurementContracts // the contracts and the lots awaiting one (contract_pages.go)
}

// procurementResult fills the page's part 2 for a.
func (s *Server) procurementResult(r *http.Request, a goumai.Actor, v workflow.ProcurementView, run bool) (resultPanel, error) {
	p := v.Procurement
	rv, err := s.svc.ProcurementResult(r.Context(), a, p)
	if err != nil {
		return resultPanel{}, err
	}
	purchaser := s.svc.Policy.Can(a, goumai.ActRunProcurement, goumai.Target{OrgID: p.PurchaserOrgID, Region: p.Region}) == nil
	pc, err := s.procurementContractsOf(r, a, p)
	if err != nil {
		return resultPanel{}, err
	}
	return resultPanel{ResultView: rv, Lots: v.Lots, Contracts: pc,
		Open:          run && p.Status == goumai.ProcClosed,
		Confirm:       purchaser && p.Status == goumai.ProcConfirmation,
		PublishResult: run && p.Status == goumai.ProcConfirmed,
		FollowUp:      run && p.Status == goumai.ProcFailed && rv.Followup == nil,
		Refund:        run && p.Status == goumai.ProcAwarded,
		Report:        run && p.Status == goumai.ProcEvaluation,
	}, nil
}

func (s *Server) procurementOpen(w http.ResponseWriter, r *http.Request) {
	s.procurementDo(w, r, "bids_opened", false, func(a goumai.Actor, id int64, _ int) (int64, error) {
		_, err := s.svc.OpenBids(r.Context(), a, id)
		return id, err
	})
}

// procurementConfirm confirms each lot's rank-1 bid, as the form names them
// (lot_<id> = the opened bid's id).
func (s *Server) procurementConfirm(w http.ResponseWriter, r *http.Request) {
	s.procurementDo(w, r, "result_confirmed", false, func(a goumai.Actor, id int64, version int) (int64, error) {
		in := workflow.ConfirmInput{Version: version}
		if err := r.ParseForm(); err != nil {
			return id, err
		}
		in.Opinion = r.PostFormValue("opinion")
		for _, l := range r.PostForm["lot"] {
			lot, _ := strconv.ParseInt(l, 10, 64)
			bid, _ := strconv.ParseInt(r.PostFormValue("bid_"+l), 10, 64)
			in.Lots = append(in.Lots, workflow.LotConfirmation{LotID: lot, OpenedBidID: bid})
		}
		_, err := s.svc.ConfirmResult(r.Context(), a, id, in)
		return id, err
	})
}

func (s *Server) procurementPublishResult(w http.ResponseWriter, r *http.Request) {
	s.procurementDo(w, r, "result_published", false, func(a goumai.Actor, id int64, version int) (int64, error) {
		_, err := s.svc.PublishResult(r.Context(), a, id, version)
		return id, err
	})
}

// procurementFollowUp starts a failed procedure's follow-up and goes to it.
func (s *Server) procurementFollowUp(w http.ResponseWriter, r *http.Request) {
	s.procurementDo(w, r, "followup_started", false, func(a goumai.Actor, id int64, version int) (int64, error) {
		next, err := s.svc.FollowUp(r.Context(), a, id, workflow.FollowUpInput{Version: version, Kind: r.PostFormValue("kind")})
		return next.ID, err
	})
}

// procurementReport has the organiser total the panel's scores into the
// evaluation report (the use case refuses while the evaluation is incomplete).
func (s *Server) procurementReport(w http.ResponseWriter, r *http.Request) {
	s.procurementDo(w, r, "report_sent", false, func(a goumai.Actor, id int64, _ int) (int64, error) {
		_, err := s.svc.Report(r.Context(), a, id)
		return id, err
	})
}

func (s *Server) bondRefund(w http.ResponseWriter, r *http.Request) {
	s.procurementDo(w, r, "bond_refunded", false, func(a goumai.Actor, id int64, _ int) (int64, error) {
		_, err := s.svc.RefundBond(r.Context(), a, itemID(r))
		return id, err
	})
}
