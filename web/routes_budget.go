package web

import "net/http"

// budgetRoutes registers the budget area's pages and API routes.
func (s *Server) budgetRoutes(mux *http.ServeMux, api apiFunc) {
	// Public pages: lines with appropriations (execution figures for those who may see them), ledgers, export, reform.
	mux.HandleFunc("GET /budget", s.budgetLinesPage)
	mux.HandleFunc("GET /budget/lines/{id}", s.budgetLinePage)
	mux.HandleFunc("GET /budget/export.xlsx", s.budgetExport)
	mux.HandleFunc("GET /reform", s.reformPage)
	mux.HandleFunc("GET /reform/redflags", s.reformRedFlags)

	// Finance department.
	mux.HandleFunc("GET /staff/budget/lines/new", s.budgetLineNew)
	mux.HandleFunc("POST /staff/budget/lines", s.budgetLineCreate)
	mux.HandleFunc("POST /staff/budget/lines/{id}/ledger", s.budgetEntryPost)
	mux.HandleFunc("GET /staff/budget/import", s.budgetImportForm)
	mux.HandleFunc("POST /staff/budget/import", s.budgetImport)
	mux.HandleFunc("GET /staff/budget/transfer", s.budgetTransferForm)
	mux.HandleFunc("POST /staff/budget/transfer", s.budgetTransfer)
	mux.HandleFunc("GET /staff/reform/functions/new", s.reformFunctionNew)
	mux.HandleFunc("POST /staff/reform/functions", s.reformFunctionCreate)
	mux.HandleFunc("GET /staff/reform/functions/{id}/edit", s.reformFunctionEdit)
	mux.HandleFunc("POST /staff/reform/functions/{id}", s.reformFunctionUpdate)

	api("GET", "/api/v1/budget/lines", s.apiBudgetLines)
	api("POST", "/api/v1/budget/lines", s.apiBudgetLineCreate)
	api("GET", "/api/v1/budget/lines/{id}", s.apiBudgetLine)
	api("GET", "/api/v1/budget/lines/{id}/ledger", s.apiLedger)
	api("POST", "/api/v1/budget/lines/{id}/ledger", s.apiLedgerPost)
	api("POST", "/api/v1/budget/import", s.apiBudgetImport)
	api("GET", "/api/v1/budget/export", s.budgetExport)
	api("POST", "/api/v1/budget/transfers", s.apiTransfer)
	api("GET", "/api/v1/reform/functions", s.apiFunctions)
	api("POST", "/api/v1/reform/functions", s.apiFunctionCreate)
	api("PUT", "/api/v1/reform/functions/{id}", s.apiFunctionUpdate)
	api("GET", "/api/v1/reform/double-funded", s.apiDoubleFunded)
	api("GET", "/api/v1/reform/redflags", s.apiRedFlags)
}
