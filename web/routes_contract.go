package web

import (
	"net/http"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// contractRoutes registers the contract (合同签订, issue 10 item 2): the
// purchaser's staff or its agency draft and edit a lot's contract; the
// supplier's and the purchaser's staff sign it (the use case tells which
// party the caller signs for); anyone reads a contract in force; the
// purchaser's staff register the keys it signs with.
func (s *Server) contractRoutes(rt *router) {
	run := goumai.ActRunProcurement
	rt.api("POST", "/api/v1/procurements/{id}/lots/{lot}/contract", run, action(http.StatusCreated, "contract", s.apiContractDraft))
	rt.api("PUT", "/api/v1/contracts/{id}", run, actID(http.StatusOK, "contract", s.svc.UpdateContract))
	rt.api("POST", "/api/v1/contracts/{id}/sign", signedIn, actID(http.StatusOK, "contract", s.svc.SignContract))
	rt.api("POST", "/api/v1/contracts/{id}/statistics", run, on(http.StatusOK, "contract", s.svc.EnterContractStatistics))
	rt.api("POST", "/api/v1/orgs/{id}/signing-keys", goumai.ActEntrustAgency, actID(http.StatusCreated, "key", s.svc.RegisterPurchaserKey))
	rt.read("/api/v1/contracts/{id}", Public, s.apiContract)
	rt.read("/api/v1/procurements/{id}/contracts", Public, s.apiContracts)
}

// apiContractDraft drafts the contract of the {lot} of procedure {id}.
func (s *Server) apiContractDraft(c call[workflow.ContractInput]) (goumai.Contract, error) {
	return s.svc.DraftContract(c.ctx(), c.a, c.id(), pathInt(c.r, "lot"), c.in)
}

// apiContract returns one contract as the caller may read it.
func (s *Server) apiContract(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.Contract(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"contract": v})
}

// apiContracts lists a procedure's contracts the caller may read.
func (s *Server) apiContracts(w http.ResponseWriter, r *http.Request) {
	vs, err := s.svc.ProcurementContracts(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"contracts": vs})
}
