package web

import (
	"net/http"

	"github.com/goumai/goumai"
)

// contractChangeRoutes registers the changes to a contract in force (issue
// 10 items 2 and 3): supplementary contracts proposed by the purchaser's
// staff or its agency and signed by both parties (ENG-H3, H5), terminations
// proposed by either party and confirmed by the other or, on a legal ground,
// by the finance department (GPL Art. 50), subcontracts proposed by the
// supplier and decided by the purchaser (ENG-H4); anyone reads what is in
// force; the finance department reads the blocked attempts (red flags).
func (s *Server) contractChangeRoutes(rt *router) {
	run := goumai.ActRunProcurement
	rt.api("POST", "/api/v1/contracts/{id}/amendments", run, actID(http.StatusCreated, "amendment", s.svc.ProposeAmendment))
	rt.api("POST", "/api/v1/amendments/{id}/sign", signedIn, actID(http.StatusOK, "amendment", s.svc.SignAmendment))
	rt.api("POST", "/api/v1/contracts/{id}/terminations", signedIn, actID(http.StatusCreated, "termination", s.svc.ProposeTermination))
	rt.api("POST", "/api/v1/terminations/{id}/decision", signedIn, actID(http.StatusOK, "termination", s.svc.DecideTermination))
	rt.api("POST", "/api/v1/contracts/{id}/subcontracts", goumai.ActBid, actID(http.StatusCreated, "subcontract", s.svc.ProposeSubcontract))
	rt.api("POST", "/api/v1/subcontracts/{id}/decision", run, actID(http.StatusOK, "subcontract", s.svc.DecideSubcontract))
	rt.read("/api/v1/contracts/{id}/changes", Public, s.apiContractChanges)
	rt.read("/api/v1/subcontracts/blocked", goumai.ActViewProjectFlags, s.apiBlockedSubcontracts)
	s.contractChangePageRoutes(rt)
}

// apiContractChanges returns a contract's changes as the caller may read them.
func (s *Server) apiContractChanges(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.ContractChanges(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"changes": v})
}

// apiBlockedSubcontracts returns the blocked subcontracting attempts of the
// ?region= subtree (default: the caller's organisation's region).
func (s *Server) apiBlockedSubcontracts(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	region := r.URL.Query().Get("region")
	if region == "" {
		region = a.Org.Region
	}
	ks, err := s.svc.BlockedSubcontracts(r.Context(), a, region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"subcontracts": ks})
}
