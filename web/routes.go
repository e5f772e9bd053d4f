package web

import (
	"io/fs"
	"net/http"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// Shorter names for the gates below.
const (
	signedIn      = goumai.ActSignedIn
	manageOrgs    = goumai.ActManageOrgs
	manageUsers   = goumai.ActManageUsers
	editCatalog   = goumai.ActEditCatalog
	publish       = goumai.ActPublishCatalog
	manageBudget  = goumai.ActManageBudget
	approveBudget = goumai.ActApproveBudget
	budgetFlow    = goumai.ActViewBudgetFlow
	manageReform  = goumai.ActManageReform
	draftProject  = goumai.ActDraftProject
	reviewProject = goumai.ActReviewProject
	configure     = goumai.ActConfigureReview
)

// routes registers every route of every surface, in one place: each route
// names its kind and its gate (the policy's action checked before the body is
// read). The tests read the same registry (s.registry): the OpenAPI document
// must describe every API route and the authorisation matrix must have a row
// for every route.
func (s *Server) routes() http.Handler {
	rt := &router{s: s, mux: http.NewServeMux()}
	static, _ := fs.Sub(staticFS, "static")

	// Operations.
	rt.ops("GET", "/healthz", http.HandlerFunc(s.healthz))
	rt.ops("GET", "/metrics", s.metrics.handler())
	rt.ops("GET", "/static/", http.StripPrefix("/static/", cacheFor(http.FileServerFS(static))))

	// Public portal.
	rt.page("/{$}", Public, s.portalHome)
	rt.page("/prefs", Public, s.prefs)
	rt.page("/accessibility", Public, s.page("accessibility"))
	rt.page("/orgs", Public, s.publicOrgs)
	s.listExportRoutes(rt, "/orgs", "orgs", s.orgExport)
	s.searchRoutes(rt)
	s.statsRoutes(rt)
	rt.page("/register", Public, s.registerForm)
	rt.form("/register", Public, s.register)
	rt.page("/login", Public, s.loginForm)
	rt.form("/login", Public, s.login)
	rt.form("/logout", Public, s.logout)

	// The transparency log in the C2SP formats (prefix /log).
	rt.page("/log", Public, s.logPage)
	rt.ops("GET", "/log/checkpoint", http.HandlerFunc(s.logCheckpoint))
	rt.ops("GET", "/log/tile/{path...}", http.HandlerFunc(s.logTile))
	rt.page("/log/events/{id}", Public, s.eventPage)

	// Staff area (signed in).
	rt.page("/staff", signedIn, s.staffHome)
	rt.form("/staff/switch-org", signedIn, s.switchOrg)
	rt.page("/staff/password", signedIn, s.passwordForm)
	rt.form("/staff/password", signedIn, s.changePassword)
	rt.page("/staff/events", signedIn, s.staffEvents)
	rt.page("/staff/admin/orgs", goumai.ActViewAdmin, s.adminOrgs)
	rt.page("/staff/admin/orgs/new", manageOrgs, s.adminOrgNew)
	rt.form("/staff/admin/orgs", manageOrgs, s.adminOrgCreate)
	rt.page("/staff/admin/orgs/{id}", signedIn, s.adminOrg)
	rt.page("/staff/admin/orgs/{id}/edit", manageOrgs, s.adminOrgEdit)
	rt.form("/staff/admin/orgs/{id}", manageOrgs, s.adminOrgUpdate)
	rt.form("/staff/admin/orgs/{id}/activate", goumai.ActActivateOrg, s.adminOrgActivate)
	rt.form("/staff/admin/orgs/{id}/users", manageUsers, s.adminUserCreate)
	rt.form("/staff/admin/orgs/{id}/memberships", goumai.ActGrantRole, s.adminMembershipCreate)
	rt.form("/staff/admin/memberships/{id}/delete", manageUsers, s.adminMembershipDelete)

	// Accounts: one's invitations; administrators' invitations, password resets,
	// (de)activation and security alerts (the sign-in throttle's).
	rt.page("/staff/invitations", signedIn, s.staffInvitations)
	rt.form("/staff/invitations/{id}/accept", signedIn, s.staffInvitationAnswer(true))
	rt.form("/staff/invitations/{id}/decline", signedIn, s.staffInvitationAnswer(false))
	rt.page("/staff/alerts/{id}", manageUsers, s.alertPage)
	rt.form("/staff/alerts/{id}/close", manageUsers, s.alertClose)
	rt.form("/staff/admin/orgs/{id}/invitations", manageUsers, s.adminInvite)
	rt.form("/staff/admin/invitations/{id}/withdraw", manageUsers, s.adminInvitationWithdraw)
	rt.form("/staff/admin/orgs/{id}/users/password", manageUsers, s.adminUserPassword)
	rt.form("/staff/admin/orgs/{id}/users/active", manageUsers, s.adminUserActive)

	// JSON API: the spine.
	rt.read("/api/v1/openapi.json", Public, s.openapi)
	rt.api("POST", "/api/v1/auth/login", Public, action(http.StatusOK, "", s.apiLogin))
	rt.api("POST", "/api/v1/auth/logout", signedIn, action(http.StatusNoContent, "", s.apiLogout))
	rt.read("/api/v1/me", signedIn, s.apiMe)
	rt.read("/api/v1/todo", signedIn, s.apiTodo)
	rt.read("/api/v1/regions/{code}", Public, s.apiRegion)
	rt.read("/api/v1/orgs", Public, s.apiOrgs)
	rt.api("POST", "/api/v1/orgs", manageOrgs, act(http.StatusCreated, "org", s.svc.CreateOrg))
	rt.read("/api/v1/orgs/{id}", Public, s.apiOrg)
	rt.api("PUT", "/api/v1/orgs/{id}", manageOrgs, action(http.StatusOK, "org", s.apiOrgUpdate))
	rt.api("POST", "/api/v1/orgs/{id}/activate", goumai.ActActivateOrg, on(http.StatusOK, "org", s.apiOrgActivate))
	rt.read("/api/v1/orgs/{id}/members", goumai.ActViewOrgInternal, s.apiOrgMembers)
	rt.api("POST", "/api/v1/suppliers/register", Public, s.limited(workflow.RegisterLimit, action(http.StatusCreated, "", s.apiRegister)))
	rt.api("POST", "/api/v1/users", manageUsers, action(http.StatusCreated, "user", s.apiUserCreate))
	rt.api("POST", "/api/v1/memberships", goumai.ActGrantRole, action(http.StatusCreated, "membership", s.apiMembershipCreate))
	rt.api("DELETE", "/api/v1/memberships/{id}", manageUsers, remove(s.svc.RemoveMembership))
	rt.api("POST", "/api/v1/me/password", signedIn, action(http.StatusNoContent, "", s.apiMyPassword))
	rt.api("POST", "/api/v1/users/{id}/password", manageUsers, action(http.StatusNoContent, "", s.apiUserPassword))
	rt.api("POST", "/api/v1/users/{id}/deactivate", manageUsers, on(http.StatusOK, "user", s.userActive(false)))
	rt.api("POST", "/api/v1/users/{id}/activate", manageUsers, on(http.StatusOK, "user", s.userActive(true)))
	rt.read("/api/v1/invitations", signedIn, s.apiMyInvitations)
	rt.api("POST", "/api/v1/invitations/{id}/accept", signedIn, on(http.StatusCreated, "membership", s.svc.AcceptInvitation))
	rt.api("POST", "/api/v1/invitations/{id}/decline", signedIn, action(http.StatusNoContent, "", s.apiInvitationDecline))
	rt.api("DELETE", "/api/v1/invitations/{id}", manageUsers, action(http.StatusNoContent, "", s.apiInvitationWithdraw))
	rt.read("/api/v1/orgs/{id}/invitations", manageUsers, s.apiOrgInvitations)
	rt.api("POST", "/api/v1/orgs/{id}/invitations", manageUsers, action(http.StatusCreated, "invitation", s.apiOrgInvite))
	rt.read("/api/v1/security/alerts", manageUsers, s.apiAlerts)
	rt.api("POST", "/api/v1/security/alerts/{id}/close", manageUsers, on(http.StatusOK, "alert", s.svc.CloseAlert))
	rt.read("/api/v1/events", Public, s.apiEvents)
	rt.read("/api/v1/events/{id}", Public, s.apiEvent)
	rt.read("/api/v1/log/checkpoint", Public, s.apiCheckpoint)
	rt.read("/api/v1/log/proof/inclusion", Public, s.apiInclusion)
	rt.read("/api/v1/log/proof/consistency", Public, s.apiConsistency)

	s.catalogRoutes(rt)
	s.ocdsRoutes(rt)
	s.budgetRoutes(rt)
	s.projectRoutes(rt)
	s.rulesRoutes(rt)
	s.policyRoutes(rt)
	s.staffNoticeRoutes(rt)
	s.trainingRoutes(rt)
	s.calendarRoutes(rt)
	s.supplierRoutes(rt)
	s.procurementRoutes(rt)
	s.enquiryRoutes(rt)
	s.procurementPageRoutes(rt)
	s.noticeRoutes(rt)
	s.bidRoutes(rt)
	s.bidPageRoutes(rt)
	s.openingRoutes(rt)
	s.resultRoutes(rt)
	s.contractRoutes(rt)
	s.resultPageRoutes(rt)
	s.challengeRoutes(rt)
	s.panelRoutes(rt)
	s.evaluationRoutes(rt)
	s.historyRoutes(rt)
	s.contractPageRoutes(rt)
	s.qualificationRoutes(rt)
	s.contractChangeRoutes(rt)
	s.supervisionRoutes(rt)
	s.paymentRoutes(rt)
	s.performanceRoutes(rt)
	s.federationRoutes(rt)
	s.ocdsExtensionRoutes(rt)
	s.redFlagRoutes(rt)
	s.workReportRoutes(rt)
	s.workPlanRoutes(rt)
	s.dubanRoutes(rt)
	s.complianceRoutes(rt)
	s.publishedComplianceRoutes(rt)

	rt.mux.HandleFunc("/api/", s.apiNotFound)
	// Anything else is a 404 page.
	rt.mux.HandleFunc("/", s.notFound)
	s.registry = rt.routes
	return s.middleware(rt.mux)
}

// catalogRoutes registers the guidance catalogue (指导性目录).
func (s *Server) catalogRoutes(rt *router) {
	// Public portal: the catalogue in force, versions, differences, suggestions.
	rt.page("/catalog", Public, s.catalogPortal)
	rt.page("/catalog/versions/{id}", Public, s.catalogVersionPage)
	rt.page("/catalog/diff", Public, s.catalogDiffPage)
	rt.form("/catalog/suggestions", Public, s.catalogSuggest)

	// Staff: drafting, review and publication; answering suggestions.
	rt.page("/staff/catalog", signedIn, s.staffCatalog)
	rt.form("/staff/catalog/versions", editCatalog, s.staffCatalogCreate)
	rt.page("/staff/catalog/versions/{id}", signedIn, s.staffCatalogVersion)
	rt.form("/staff/catalog/versions/{id}/meta", editCatalog, s.staffCatalogMeta)
	rt.form("/staff/catalog/versions/{id}/items", editCatalog, s.staffCatalogItemAdd)
	rt.form("/staff/catalog/versions/{id}/items/{code}", editCatalog, s.staffCatalogItemUpdate)
	rt.form("/staff/catalog/versions/{id}/items/{code}/delete", editCatalog, s.staffCatalogItemDelete)
	rt.form("/staff/catalog/versions/{id}/submit", editCatalog, s.staffCatalogStep("submit"))
	rt.form("/staff/catalog/versions/{id}/return", publish, s.staffCatalogStep("return"))
	rt.form("/staff/catalog/versions/{id}/publish", publish, s.staffCatalogStep("publish"))
	rt.page("/staff/catalog/suggestions/{id}", goumai.ActAnswerSuggestion, s.staffSuggestion)
	rt.form("/staff/catalog/suggestions/{id}/answer", goumai.ActAnswerSuggestion, s.staffSuggestionAnswer)

	rt.read("/api/v1/catalog/versions", Public, s.apiCatalogVersions)
	rt.api("POST", "/api/v1/catalog/versions", editCatalog, act(http.StatusCreated, "version", s.svc.CreateCatalogDraft))
	rt.read("/api/v1/catalog/versions/{id}", Public, s.apiCatalogVersion)
	rt.api("PUT", "/api/v1/catalog/versions/{id}", editCatalog, actID(http.StatusOK, "version", s.svc.UpdateCatalogDraft))
	rt.api("POST", "/api/v1/catalog/versions/{id}/items", editCatalog, action(http.StatusCreated, "item", s.apiCatalogItemAdd))
	rt.api("PUT", "/api/v1/catalog/versions/{id}/items/{code}", editCatalog, action(http.StatusOK, "item", s.apiCatalogItemUpdate))
	rt.api("DELETE", "/api/v1/catalog/versions/{id}/items/{code}", editCatalog, action(http.StatusNoContent, "", s.apiCatalogItemDelete))
	rt.api("POST", "/api/v1/catalog/versions/{id}/submit", editCatalog, catalogStep(s.svc.SubmitCatalog))
	rt.api("POST", "/api/v1/catalog/versions/{id}/return", publish, catalogStep(s.svc.ReturnCatalog))
	rt.api("POST", "/api/v1/catalog/versions/{id}/publish", publish, catalogStep(s.svc.PublishCatalog))
	rt.read("/api/v1/catalog/versions/{id}/trail", Public, s.apiCatalogTrail)
	rt.read("/api/v1/catalog/diff", Public, s.apiCatalogDiff)
	rt.read("/api/v1/catalog/lookup", Public, s.apiCatalogLookup)
	rt.read("/api/v1/catalog/suggestions", Public, s.apiSuggestions)
	rt.api("POST", "/api/v1/catalog/suggestions", Public, s.limited(workflow.SuggestLimit, action(http.StatusCreated, "suggestion", s.apiSuggest)))
	rt.api("POST", "/api/v1/catalog/suggestions/{id}/answer", goumai.ActAnswerSuggestion, action(http.StatusOK, "suggestion", s.apiSuggestionAnswer))
}

// budgetRoutes registers the budget, its ledger, transfers and the reform of public institutions.
func (s *Server) budgetRoutes(rt *router) {
	// Public pages: lines with appropriations (execution figures for those who may see them), ledgers, export, reform.
	rt.page("/budget", Public, s.budgetLinesPage)
	rt.page("/budget/lines/{id}", Public, s.budgetLinePage)
	rt.page("/budget/export.xlsx", Public, s.budgetExport)
	rt.page("/reform", Public, s.reformPage)
	rt.page("/reform/redflags", Public, s.reformRedFlags)

	// Finance department.
	rt.page("/staff/budget/lines/new", manageBudget, s.budgetLineNew)
	rt.form("/staff/budget/lines", manageBudget, s.budgetLineCreate)
	rt.form("/staff/budget/lines/{id}/ledger", manageBudget, s.budgetEntryPost)
	rt.page("/staff/budget/import", manageBudget, s.budgetImportForm)
	rt.upload("/staff/budget/import", manageBudget, s.budgetImport)
	rt.page("/staff/budget/transfer", manageBudget, s.budgetTransferForm)
	rt.form("/staff/budget/transfer", manageBudget, s.budgetTransfer)
	rt.page("/staff/budget/transfers", budgetFlow, s.transfersPage)
	rt.page("/staff/budget/transfers/{id}", budgetFlow, s.transferPage)
	rt.form("/staff/budget/transfers/{id}/decision", approveBudget, s.transferDecide)
	rt.page("/staff/reform/functions/new", manageReform, s.reformFunctionNew)
	rt.form("/staff/reform/functions", manageReform, s.reformFunctionCreate)
	rt.page("/staff/reform/functions/{id}/edit", manageReform, s.reformFunctionEdit)
	rt.form("/staff/reform/functions/{id}", manageReform, s.reformFunctionUpdate)

	rt.read("/api/v1/budget/lines", Public, s.apiBudgetLines)
	rt.api("POST", "/api/v1/budget/lines", manageBudget, action(http.StatusCreated, "line", s.apiBudgetLineCreate))
	rt.read("/api/v1/budget/lines/{id}", Public, s.apiBudgetLine)
	rt.read("/api/v1/budget/lines/{id}/ledger", Public, s.apiLedger)
	rt.api("POST", "/api/v1/budget/lines/{id}/ledger", manageBudget, action(http.StatusCreated, "", s.apiLedgerPost))
	rt.api("POST", "/api/v1/budget/import", manageBudget, actionWithin(maxImportBody, http.StatusCreated, "", s.apiBudgetImport))
	rt.read("/api/v1/budget/export", Public, s.budgetExport)
	rt.read("/api/v1/budget/transfers", budgetFlow, s.apiTransfers)
	rt.api("POST", "/api/v1/budget/transfers", manageBudget, act(http.StatusCreated, "transfer", s.svc.RequestTransfer))
	rt.api("POST", "/api/v1/budget/transfers/{id}/decision", approveBudget, actID(http.StatusOK, "transfer", s.svc.DecideTransfer))
	rt.read("/api/v1/reform/functions", Public, s.apiFunctions)
	rt.api("POST", "/api/v1/reform/functions", manageReform, act(http.StatusCreated, "function", s.svc.CreateFunction))
	rt.api("PUT", "/api/v1/reform/functions/{id}", manageReform, action(http.StatusOK, "function", s.apiFunctionUpdate))
	rt.read("/api/v1/reform/double-funded", Public, s.apiDoubleFunded)
	rt.read("/api/v1/reform/redflags", Public, s.apiRedFlags)
}

// projectRoutes registers application (项目申报) and review (项目评审).
func (s *Server) projectRoutes(rt *router) {
	// Public: published projects (with the print view) and purchase intentions.
	rt.page("/projects", Public, s.publicProjects)
	s.listExportRoutes(rt, "/projects", "projects", s.projectExport)
	rt.page("/projects/{id}", Public, s.publicProject)
	rt.page("/projects/{id}/print", Public, func(w http.ResponseWriter, r *http.Request) { s.publicProjectPage(w, r, "project_public_print") })
	rt.page("/intentions", Public, s.intentionsPage)

	// Staff: application, review, red flags, review configuration.
	rt.page("/staff/projects", signedIn, s.projectsPage)
	rt.page("/staff/projects/new", draftProject, s.projectNew)
	rt.form("/staff/projects", draftProject, s.projectCreate)
	rt.page("/staff/projects/redflags", goumai.ActViewProjectFlags, s.projectRedFlags)
	rt.page("/staff/projects/{id}", signedIn, s.projectPage)
	rt.page("/staff/projects/{id}/edit", draftProject, s.projectEdit)
	rt.form("/staff/projects/{id}", draftProject, s.projectUpdate)
	rt.form("/staff/projects/{id}/validate", draftProject, s.projectValidate)
	rt.form("/staff/projects/{id}/{action}", signedIn, s.projectAction)
	rt.page("/staff/review-config", configure, s.reviewConfigPage)
	rt.form("/staff/review-config/chains", configure, s.reviewChainSet)
	rt.form("/staff/review-config/chains/{id}/delete", configure, s.reviewChainDelete)
	rt.form("/staff/review-config/unit-costs", configure, s.unitCostAdd)
	rt.form("/staff/review-config/unit-costs/{id}/end", configure, s.unitCostEnd)
	rt.form("/staff/review-config/unit-costs/{id}/replace", configure, s.unitCostReplace)

	rt.read("/api/v1/projects", Public, s.apiProjects)
	rt.api("POST", "/api/v1/projects", draftProject, act(http.StatusCreated, "project", s.svc.CreateProject))
	rt.read("/api/v1/projects/redflags", goumai.ActViewProjectFlags, s.apiProjectRedFlags)
	rt.read("/api/v1/projects/{id}", Public, s.apiProject)
	rt.api("PUT", "/api/v1/projects/{id}", draftProject, action(http.StatusOK, "project", s.apiProjectUpdate))
	rt.api("POST", "/api/v1/projects/{id}/validate", draftProject, action(http.StatusOK, "", s.apiProjectValidate))
	rt.api("POST", "/api/v1/projects/{id}/submit", draftProject, versioned("project", s.svc.SubmitProject))
	rt.api("POST", "/api/v1/projects/{id}/withdraw", draftProject, versioned("project", s.svc.WithdrawProject))
	rt.api("POST", "/api/v1/projects/{id}/decision", reviewProject, actID(http.StatusOK, "project", s.svc.DecideProject))
	rt.read("/api/v1/intentions", Public, s.apiIntentions)
	rt.read("/api/v1/review-chains", configure, s.apiReviewChains)
	rt.api("POST", "/api/v1/review-chains", configure, action(http.StatusOK, "chain", s.apiReviewChainSet))
	rt.api("DELETE", "/api/v1/review-chains/{id}", configure, remove(s.svc.DeleteReviewChain))
	rt.read("/api/v1/unit-cost-standards", configure, s.apiUnitCosts)
	rt.api("POST", "/api/v1/unit-cost-standards", configure, action(http.StatusCreated, "standard", s.apiUnitCostAdd))
	rt.api("POST", "/api/v1/unit-cost-standards/{id}/end", configure, action(http.StatusOK, "standard", s.apiUnitCostEnd))
	rt.api("POST", "/api/v1/unit-cost-standards/{id}/replace", configure, action(http.StatusCreated, "", s.apiUnitCostReplace))
}

func cacheFor(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}
