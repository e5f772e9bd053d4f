package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// Budget transfers (指标调剂): requested on the transfer form, listed for the
// finance department and auditors, approved or refused by a finance approver
// who did not request them.

func (s *Server) transfersPage(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	q := r.URL.Query()
	f := sqlstore.TransferFilter{Region: q.Get("region"), Status: goumai.TransferStatus(q.Get("status")), Limit: 50}
	if f.Status != "" && !slices.Contains(goumai.TransferStatuses, f.Status) {
		s.fail(w, r, goumai.Fields{"status": goumai.M("未知的调剂状态", "unknown transfer status")}.Err())
		return
	}
	f.BeforeID, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	list, err := s.svc.Transfers(r.Context(), a, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var next int64
	if len(list) == f.Limit {
		next = list[len(list)-1].ID
	}
	s.render(w, r, http.StatusOK, "budget_transfers", map[string]any{"Transfers": list, "Status": string(f.Status),
		"Statuses": goumai.TransferStatuses, "Next": next, "CanRequest": s.svc.Policy.Gate(a, goumai.ActManageBudget) == nil})
}

func (s *Server) transferPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.svc.TransferDetail(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "budget_transfer_view", map[string]any{"T": d, "Form": map[string]string{}})
}

func (s *Server) transferDecide(w http.ResponseWriter, r *http.Request) {
	a, id := actorOf(r), pathID(r)
	d := workflow.TransferDecision{Approve: r.PostFormValue("decision") == "approve", Opinion: r.PostFormValue("opinion")}
	var err error
	if dec := r.PostFormValue("decision"); dec != "approve" && dec != "refuse" {
		err = goumai.Fields{"decision": goumai.M("请选择批准或不予批准", "choose approve or refuse")}.Err()
	} else {
		_, err = s.svc.DecideTransfer(r.Context(), a, id, d)
	}
	if err != nil {
		td, terr := s.svc.TransferDetail(r.Context(), a, id)
		if terr != nil {
			s.fail(w, r, terr)
			return
		}
		s.formError(w, r, "budget_transfer_view", map[string]any{"T": td, "Error": goumai.AsError(err),
			"Form": map[string]string{"opinion": d.Opinion}}, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/staff/budget/transfers/%d?done=transfer_decided", id), http.StatusSeeOther)
}
