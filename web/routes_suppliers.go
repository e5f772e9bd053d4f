package web

import (
	"net/http"

	"github.com/goumai/goumai"
)

// supplierRoutes registers suppliers (承接主体): profiles, evidence items,
// signing keys and checks (ENG-A2–A6, REQ-C6), finance departments' credit-list
// imports (ENG-A4, ENG-A5), and the public bans and keys.
func (s *Server) supplierRoutes(rt *router) {
	const (
		viewSupplier   = goumai.ActViewSupplier
		manageSupplier = goumai.ActManageSupplier
		importLists    = goumai.ActImportCreditLists
	)
	// Public: the bans in force (published), suppliers' public keys (anyone verifies signatures).
	rt.page("/bans", Public, s.bansPage)
	rt.read("/api/v1/bans", Public, s.apiBans)
	rt.read("/api/v1/suppliers/{id}/keys", Public, s.apiSupplierKeys)

	// The supplier's pages: its administrator edits, its members, finance staff and auditors read.
	rt.page("/staff/supplier", viewSupplier, s.supplierHome)
	rt.page("/staff/supplier/{id}", viewSupplier, s.supplierPage)
	rt.form("/staff/supplier/{id}/profile", manageSupplier, s.supplierProfileSave)
	rt.upload("/staff/supplier/{id}/evidence", manageSupplier, s.supplierEvidenceAdd)
	rt.page("/staff/supplier/{id}/evidence/{eid}", viewSupplier, s.supplierEvidenceFile)
	rt.form("/staff/supplier/{id}/keys", manageSupplier, s.supplierKeyAdd)
	rt.form("/staff/supplier/{id}/keys/{key}/revoke", manageSupplier, s.supplierKeyRevoke)
	rt.form("/staff/supplier/{id}/checks", viewSupplier, s.supplierCheckRun)
	rt.page("/staff/supplier-checks", viewSupplier, s.supplierChecksPage)

	// Finance departments: list imports.
	rt.page("/staff/credit-lists", importLists, s.creditListsPage)
	rt.upload("/staff/credit-lists", importLists, s.creditListImport)
	rt.page("/staff/credit-lists/{id}", importLists, s.creditListPage)

	rt.read("/api/v1/suppliers/{id}/profile", viewSupplier, s.apiSupplierProfile)
	rt.api("PUT", "/api/v1/suppliers/{id}/profile", manageSupplier, actID(http.StatusOK, "profile", s.svc.SaveSupplierProfile))
	rt.read("/api/v1/suppliers/{id}/evidence", viewSupplier, s.apiSupplierEvidence)
	rt.api("POST", "/api/v1/suppliers/{id}/evidence", manageSupplier, actionWithin(maxEvidenceBody, http.StatusCreated, "evidence", s.apiEvidenceAdd))
	rt.read("/api/v1/suppliers/{id}/evidence/{eid}/file", viewSupplier, s.supplierEvidenceFile)
	rt.api("POST", "/api/v1/suppliers/{id}/keys", manageSupplier, actID(http.StatusCreated, "key", s.svc.RegisterKey))
	rt.api("POST", "/api/v1/suppliers/{id}/keys/{key}/revoke", manageSupplier, action(http.StatusOK, "key", s.apiKeyRevoke))
	rt.read("/api/v1/suppliers/{id}/checks", viewSupplier, s.apiSupplierChecks)
	rt.api("POST", "/api/v1/suppliers/{id}/checks", viewSupplier, action(http.StatusCreated, "check", s.apiSupplierCheckRun))
	rt.read("/api/v1/supplier-checks", viewSupplier, s.apiSupplierChecks)
	rt.read("/api/v1/credit-lists", importLists, s.apiCreditLists)
	rt.api("POST", "/api/v1/credit-lists", importLists, actionWithin(maxImportBody, http.StatusCreated, "list", s.apiCreditListImport))
	rt.read("/api/v1/credit-lists/{id}", importLists, s.apiCreditList)
}
