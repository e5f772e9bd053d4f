package web

// budgetAuthzRows are the authorisation matrix's rows for the budget, its
// ledger, transfers and the reform of public institutions (routes.go, budgetRoutes).
func budgetAuthzRows() []authzRow { return nil }
