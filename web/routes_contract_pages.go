package web

import (
	"net/http"

	"github.com/goumai/goumai"
)

// contractPageRoutes registers the contract's pages (issue 10 items 2 and 9):
// the staff's list and a contract's page with its forms, the draft button of
// the procedure's page, and the public page of a contract in force with its
// print view; and a project's closure (ENG-I2), the end of its contracts'
// life. The use cases check who may act.
func (s *Server) contractPageRoutes(rt *router) {
	run := goumai.ActRunProcurement
	rt.page("/staff/contracts", signedIn, s.contractsPage)
	rt.page("/staff/contracts/{id}", signedIn, s.contractPage)
	rt.form("/staff/procurements/{id}/lots/{lot}/contract", run, s.contractDraft)
	rt.form("/staff/contracts/{id}", run, s.contractUpdate)
	rt.form("/staff/contracts/{id}/sign", signedIn, s.contractSign)
	rt.form("/staff/contracts/{id}/statistics", run, s.contractStatistics)
	rt.page("/contracts/{id}", Public, s.publicContractPage("contract_public"))
	rt.page("/contracts/{id}/print", Public, s.publicContractPage("contract_print"))
	rt.api("POST", "/api/v1/projects/{id}/close", run, on(http.StatusOK, "closure", s.svc.CloseProject))
	s.orgKeyRoutes(rt)
}
