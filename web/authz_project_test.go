package web

// projectAuthzRows are the authorisation matrix's rows for application and
// review (routes.go, projectRoutes).
func projectAuthzRows() []authzRow { return nil }
