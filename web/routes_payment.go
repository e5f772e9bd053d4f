package web

import "net/http"

// paymentRoutes registers the payment (经费兑付, issue 10 item 6): the
// supplier requests payment of an accepted milestone and follows each
// request's stage and due date; the purchaser approves or rejects with its
// 意见, the finance department approves at or above its threshold and
// records the payment; anyone reads the payments made per contract and per
// project. The use cases decide who may act on which request.
func (s *Server) paymentRoutes(rt *router) {
	rt.api("POST", "/api/v1/contracts/{id}/payments", signedIn, actID(http.StatusCreated, "payment", s.svc.RequestPayment))
	rt.read("/api/v1/contracts/{id}/payments", signedIn, s.apiContractPayments)
	rt.read("/api/v1/contracts/{id}/payments-made", Public, s.apiContractPaymentsMade)
	rt.read("/api/v1/projects/{id}/payments", Public, s.apiProjectPayments)
	rt.read("/api/v1/supplier/payments", signedIn, s.apiSupplierPayments)
	rt.read("/api/v1/payments/{id}", signedIn, s.apiPayment)
	rt.api("POST", "/api/v1/payments/{id}/approve", signedIn, actID(http.StatusOK, "payment", s.svc.ApprovePayment))
	rt.api("POST", "/api/v1/payments/{id}/finance-approve", signedIn, actID(http.StatusOK, "payment", s.svc.FinanceApprovePayment))
	rt.api("POST", "/api/v1/payments/{id}/reject", signedIn, actID(http.StatusOK, "payment", s.svc.RejectPayment))
	rt.api("POST", "/api/v1/payments/{id}/pay", signedIn, actID(http.StatusOK, "payment", s.svc.RecordPayment))
	s.paymentPageRoutes(rt)
	s.paymentRequestRoutes(rt)
}

// writeList writes {key: v} or the error.
func (s *Server) writeList(w http.ResponseWriter, r *http.Request, key string, v any, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{key: v})
}

func (s *Server) apiContractPayments(w http.ResponseWriter, r *http.Request) {
	ps, err := s.svc.ContractPayments(r.Context(), actorOf(r), pathID(r))
	s.writeList(w, r, "payments", ps, err)
}

func (s *Server) apiContractPaymentsMade(w http.ResponseWriter, r *http.Request) {
	ps, err := s.svc.PublicContractPayments(r.Context(), pathID(r))
	s.writeList(w, r, "payments", ps, err)
}

func (s *Server) apiProjectPayments(w http.ResponseWriter, r *http.Request) {
	ps, err := s.svc.ProjectPayments(r.Context(), pathID(r))
	s.writeList(w, r, "payments", ps, err)
}

func (s *Server) apiSupplierPayments(w http.ResponseWriter, r *http.Request) {
	ps, err := s.svc.SupplierPayments(r.Context(), actorOf(r))
	s.writeList(w, r, "payments", ps, err)
}

func (s *Server) apiPayment(w http.ResponseWriter, r *http.Request) {
	p, err := s.svc.PaymentRequest(r.Context(), actorOf(r), pathID(r))
	s.writeList(w, r, "payment", p, err)
}
