package web

import (
	"net/http"

	"github.com/goumai/goumai"
)

// bidRoutes registers sealed bids (issue 8 item 9): a supplier's staff save,
// document, submit and withdraw their organisation's bid on a lot until the
// deadline, and read their own bids. The reads are not gated: every attempt
// to read a sealed bid or list a procedure's bids reaches its use case, which
// refuses anyone but the bidding organisation and records the attempt.
func (s *Server) bidRoutes(rt *router) {
	const bid = goumai.ActBid
	rt.read("/api/v1/bids", Public, s.apiMyBids)
	rt.read("/api/v1/bids/{id}", Public, s.apiBid)
	rt.read("/api/v1/bids/{id}/documents/{sha256}", Public, s.apiBidDocument)
	rt.read("/api/v1/bids/{id}/receipt", Public, s.apiBidReceipt)
	rt.read("/api/v1/procurements/{id}/bids", Public, s.apiProcurementBids)
	rt.api("PUT", "/api/v1/procurements/{id}/lots/{lot}/bid", bid, action(http.StatusOK, "bid", s.apiSaveBid))
	rt.api("POST", "/api/v1/procurements/{id}/lots/{lot}/bid/documents", bid, actionWithin(maxEvidenceBody, http.StatusCreated, "bid", s.apiBidDocumentAdd))
	rt.api("POST", "/api/v1/procurements/{id}/lots/{lot}/bid/submit", bid, action(http.StatusOK, "bid", s.apiSubmitBid))
	rt.api("POST", "/api/v1/procurements/{id}/lots/{lot}/bid/withdraw", bid, action(http.StatusOK, "bid", s.apiWithdrawBid))
}
