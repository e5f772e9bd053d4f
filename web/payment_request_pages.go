package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The supplier's payment request page (经费兑付, issue 10 items 6 and 9): for
// its contract in force, the milestones with their acceptance and what was
// asked of each, and for each accepted milestone with an amount left the
// form of workflow.Service.RequestPayment (amount, final payment, note).
// The use case decides (ENG-H7, ENG-J1); the page offers the forms.

// paymentRequestRoutes registers the page and its form (called from paymentRoutes).
func (s *Server) paymentRequestRoutes(rt *router) {
	rt.page("/staff/contracts/{id}/payment-request", signedIn, s.paymentRequestPage)
	rt.form("/staff/contracts/{id}/payment-request", goumai.ActBid, s.paymentRequestPost)
}

// paymentRequestLink is a contract's payment request page.
func paymentRequestLink(contractID int64) string {
	return "/staff/contracts/" + strconv.FormatInt(contractID, 10) + "/payment-request"
}

// payableRow is a milestone with the requests made of it.
type payableRow struct {
	M         goumai.Milestone
	Requests  []goumai.PaymentRequest // every request of it, rejected ones included
	Requested goumai.Fen              // asked and not rejected
	Left      goumai.Fen              // what may still be asked
	Open      bool                    // the form is offered: accepted, an amount left, the contract in force
	Last      bool                    // the contract's last milestone: its payment is the final one
}

// paymentRequestView is the page's data.
type paymentRequestView struct {
	C        goumai.Contract
	Supplier string
	InForce  bool
	Rows     []payableRow
	Failed   int64             // the milestone whose form failed (0: none, or one without a form)
	Error    *goumai.Error     // the refusal
	Form     map[string]string // the failed form's values
}

// paymentRequestData reads contract {id} for its supplier's staff: a
// contract a does not see is not found, one a sees but does not supply is
// forbidden.
func (s *Server) paymentRequestData(r *http.Request, a goumai.Actor) (*paymentRequestView, error) {
	ctx := r.Context()
	v, err := s.svc.Contract(ctx, a, pathID(r))
	if err != nil {
		return nil, err
	}
	if v.Canonical == "" { // read as the public
		return nil, goumai.ErrNotFound("合同", "contract")
	}
	rights, err := s.svc.ContractRightsOf(ctx, a, v.Contract)
	if err != nil {
		return nil, err
	}
	if rights.Party != goumai.PartySupplier {
		return nil, goumai.ErrForbidden()
	}
	c := v.Contract
	d := &paymentRequestView{C: c, InForce: c.Status == goumai.ContractSigned, Form: map[string]string{}}
	if o, err := s.store.Org(ctx, c.SupplierOrgID); err == nil {
		d.Supplier = o.Name
	}
	ps, err := s.svc.ContractPayments(ctx, a, c.ID)
	if err != nil {
		return nil, err
	}
	for i, m := range c.Milestones {
		row := payableRow{M: m, Last: i == len(c.Milestones)-1}
		for _, p := range ps {
			if p.MilestoneID != m.ID {
				continue
			}
			row.Requests = append(row.Requests, p)
			if p.Status != goumai.PaymentRejected {
				row.Requested += p.Amount
			}
		}
		row.Left = max(m.Amount-row.Requested, 0)
		row.Open = d.InForce && m.Status == goumai.MilestoneAccepted && row.Left > 0
		d.Rows = append(d.Rows, row)
	}
	return d, nil
}

func (s *Server) paymentRequestPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.paymentRequestData(r, actorOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "payment_request", d)
}

// paymentRequestPost asks for payment of one milestone: success goes to the
// new request's page; a refusal re-renders the page with the problem at the
// form's fields (at the top when the milestone has no form, as for a forged
// post of one not accepted: ENG-H7).
func (s *Server) paymentRequestPost(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	typed := map[string]string{}
	for _, k := range []string{"milestone_id", "amount", "final", "note"} {
		typed[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	mid, _ := strconv.ParseInt(typed["milestone_id"], 10, 64)
	in := workflow.PaymentInput{MilestoneID: mid, Final: typed["final"] != "", Note: r.PostFormValue("note")}
	var err error
	amount, m := goumai.ParseYuan(typed["amount"])
	if m != nil {
		err = goumai.Fields{"amount": *m}.Err()
	} else {
		in.Amount = amount
		var p goumai.PaymentRequest
		if p, err = s.svc.RequestPayment(r.Context(), a, pathID(r), in); err == nil {
			http.Redirect(w, r, "/payments/"+strconv.FormatInt(p.ID, 10)+"?done=payment_requested", http.StatusSeeOther)
			return
		}
	}
	e := goumai.AsError(err)
	if e.Code != goumai.EInvalid && e.Code != goumai.EConflict && e.Code != goumai.EStale {
		s.fail(w, r, err)
		return
	}
	d, derr := s.paymentRequestData(r, a)
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	d.Error, d.Form = e, typed
	for _, row := range d.Rows {
		if row.M.ID == mid && row.Open {
			d.Failed = mid
		}
	}
	s.render(w, r, statusOf(e.Code), "payment_request", d)
}
