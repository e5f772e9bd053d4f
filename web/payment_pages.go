package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The payment pages (经费兑付, issue 10 item 6): the supplier's list of its
// requests with each one's stage, due date and overdue interest; one
// request's page with its approval trail and, for whoever may act at its
// stage, the form with 意见 (approve, reject, finance approval, payment).

// paymentPageRoutes registers the pages; the use cases decide who may act.
func (s *Server) paymentPageRoutes(rt *router) {
	rt.page("/payments", signedIn, s.paymentsPage)
	rt.page("/payments/{id}", signedIn, s.paymentPage)
	rt.form("/payments/{id}/{verb}", signedIn, s.paymentForm)
}

// paymentsPage lists the supplier's requests.
func (s *Server) paymentsPage(w http.ResponseWriter, r *http.Request) {
	// ?contract={id}: that contract's requests, for its insiders (the
	// purchaser's staff, finance, auditors); otherwise the supplier's own.
	var ps []goumai.PaymentRequest
	var err error
	var of int64 // the contract asked for, if any
	if id, bad := strconv.ParseInt(r.URL.Query().Get("contract"), 10, 64); bad == nil && id > 0 {
		of = id
		ps, err = s.svc.ContractPayments(r.Context(), actorOf(r), id)
	} else {
		ps, err = s.svc.SupplierPayments(r.Context(), actorOf(r))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := make([]paymentRow, len(ps))
	contracts := s.paymentContracts(r.Context(), actorOf(r), ps)
	for i, p := range ps {
		rows[i] = paymentRow{PaymentRequest: p, Contract: contracts[p.ContractID], Milestone: milestoneTitle(contracts[p.ContractID], p.MilestoneID)}
	}
	d := map[string]any{"Payments": rows}
	if of > 0 {
		if c, err := s.svc.Contract(r.Context(), actorOf(r), of); err == nil {
			d["Contract"] = &c
		}
	}
	s.render(w, r, http.StatusOK, "payments", d)
}

// paymentRow is a request in the list, with its contract and the title of
// its milestone (empty when the reader may not read the contract).
type paymentRow struct {
	goumai.PaymentRequest
	Contract  *workflow.ContractView
	Milestone string
}

// paymentContracts reads the contracts of ps as a reads them; one a may not
// read is left out.
func (s *Server) paymentContracts(ctx context.Context, a goumai.Actor, ps []goumai.PaymentRequest) map[int64]*workflow.ContractView {
	out := map[int64]*workflow.ContractView{}
	for _, p := range ps {
		if _, ok := out[p.ContractID]; ok {
			continue
		}
		if c, err := s.svc.Contract(ctx, a, p.ContractID); err == nil {
			out[p.ContractID] = &c
		}
	}
	return out
}

// milestoneTitle is the title of c's milestone id, or "" if c is nil.
func milestoneTitle(c *workflow.ContractView, id int64) string {
	if c == nil {
		return ""
	}
	for _, m := range c.Milestones {
		if m.ID == id {
			return m.Title
		}
	}
	return ""
}

// paymentView is what one request's page shows.
type paymentView struct {
	P         goumai.PaymentRequest
	Contract  *workflow.ContractView // nil when the reader may not read it
	Milestone string                 // the milestone's title
	Verbs     []string               // the forms shown: the actions the stage allows the actor
	Opinion   string
	Error     *goumai.Error
}

// paymentVerbs are the forms of a request's stage that a's roles may use:
// the use case still decides.
func paymentVerbs(a goumai.Actor, p goumai.PaymentRequest) []string {
	purchaser := a.Org.ID == p.PurchaserID && a.HasAny(goumai.RolePurchaserStaff, goumai.RolePurchaserApprover)
	finance := a.Org.FinanceDept
	switch {
	case p.Status == goumai.PaymentRequested && purchaser:
		return []string{"approve", "reject"}
	case p.Status == goumai.PaymentApprovedPurchaser && p.NeedFinance && finance && a.Has(goumai.RoleFinanceApprover):
		return []string{"finance-approve", "reject"}
	case (p.Status == goumai.PaymentApprovedPurchaser && !p.NeedFinance || p.Status == goumai.PaymentApprovedFinance) && finance:
		return []string{"pay"}
	}
	return nil
}

func (s *Server) paymentPage(w http.ResponseWriter, r *http.Request) {
	s.renderPayment(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderPayment(w http.ResponseWriter, r *http.Request, status int, opinion string, err error) {
	a := actorOf(r)
	p, lerr := s.svc.PaymentRequest(r.Context(), a, pathID(r))
	if lerr != nil {
		s.fail(w, r, lerr)
		return
	}
	c := s.paymentContracts(r.Context(), a, []goumai.PaymentRequest{p})[p.ContractID]
	d := paymentView{P: p, Contract: c, Milestone: milestoneTitle(c, p.MilestoneID), Verbs: paymentVerbs(a, p), Opinion: opinion}
	if err != nil {
		d.Error = goumai.AsError(err)
	}
	s.render(w, r, status, "payment", d)
}

// paymentForm runs one action: field errors re-render the page (422), other
// refusals are the error page, success returns to the request's page.
func (s *Server) paymentForm(w http.ResponseWriter, r *http.Request) {
	do := map[string]func(context.Context, goumai.Actor, int64, workflow.PaymentDecision) (goumai.PaymentRequest, error){
		"approve": s.svc.ApprovePayment, "finance-approve": s.svc.FinanceApprovePayment, "reject": s.svc.RejectPayment, "pay": s.svc.RecordPayment,
	}[r.PathValue("verb")]
	if do == nil {
		s.fail(w, r, goumai.ErrNotFound("操作", "action"))
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	in := workflow.PaymentDecision{Version: version, Opinion: r.PostFormValue("opinion")}
	p, err := do(r.Context(), actorOf(r), pathID(r), in)
	if goumai.ErrorCode(err) == goumai.EInvalid {
		s.renderPayment(w, r, http.StatusUnprocessableEntity, in.Opinion, err)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/payments/"+strconv.FormatInt(p.ID, 10)+"?done=payment", http.StatusSeeOther)
}
