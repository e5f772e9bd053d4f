package web

import "net/http"

// accountRoutes registers the account area's pages and API routes (issue 7):
// invitations, password resets, (de)activation, security alerts.
func (s *Server) accountRoutes(mux *http.ServeMux, api apiFunc) {
	// Staff: one's invitations; security alerts for the administrators who manage the account.
	mux.HandleFunc("GET /staff/invitations", s.staffInvitations)
	mux.HandleFunc("POST /staff/invitations/{id}/accept", s.staffInvitationAnswer(true))
	mux.HandleFunc("POST /staff/invitations/{id}/decline", s.staffInvitationAnswer(false))
	mux.HandleFunc("GET /staff/alerts/{id}", s.alertPage)
	mux.HandleFunc("POST /staff/alerts/{id}/close", s.alertClose)

	// Admin pages: invitations into the organisation, accounts of its members.
	mux.HandleFunc("POST /staff/admin/orgs/{id}/invitations", s.adminInvite)
	mux.HandleFunc("POST /staff/admin/invitations/{id}/withdraw", s.adminInvitationWithdraw)
	mux.HandleFunc("POST /staff/admin/orgs/{id}/users/password", s.adminUserPassword)
	mux.HandleFunc("POST /staff/admin/orgs/{id}/users/active", s.adminUserActive)

	api("POST", "/api/v1/me/password", s.apiMyPassword)
	api("POST", "/api/v1/users/{id}/password", s.apiUserPassword)
	api("POST", "/api/v1/users/{id}/deactivate", s.apiUserActive(false))
	api("POST", "/api/v1/users/{id}/activate", s.apiUserActive(true))
	api("GET", "/api/v1/invitations", s.apiMyInvitations)
	api("POST", "/api/v1/invitations/{id}/accept", s.apiInvitationAccept)
	api("POST", "/api/v1/invitations/{id}/decline", s.apiInvitationDecline)
	api("DELETE", "/api/v1/invitations/{id}", s.apiInvitationWithdraw)
	api("GET", "/api/v1/orgs/{id}/invitations", s.apiOrgInvitations)
	api("POST", "/api/v1/orgs/{id}/invitations", s.apiOrgInvite)
	api("GET", "/api/v1/security/alerts", s.apiAlerts)
	api("POST", "/api/v1/security/alerts/{id}/close", s.apiAlertClose)
}
