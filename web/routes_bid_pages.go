package web

import "github.com/goumai/goumai"

// bidPageRoutes registers the supplier's bid pages (bid_pages.go). The
// forms are gated by ActBid (a supplier's staff); the pages that read a bid
// only ask for a signed-in user, so that every attempt to read a sealed bid
// reaches its use case, which refuses anyone but the bidding organisation
// and records the attempt (a security alert), as the API does.
func (s *Server) bidPageRoutes(rt *router) {
	const bid = goumai.ActBid
	rt.page("/staff/bids", signedIn, s.myBidsPage)
	rt.page("/staff/bids/{id}/documents/{sha256}", signedIn, s.bidDocumentFile)
	rt.page("/staff/bids/{id}/receipt", signedIn, s.bidReceiptFile)
	rt.page("/procurements/{id}/lots/{lot}/bid", signedIn, s.bidPage)
	rt.form("/procurements/{id}/lots/{lot}/bid", bid, s.bidSave)
	rt.upload("/procurements/{id}/lots/{lot}/bid/documents", bid, s.bidDocumentAdd)
	rt.form("/procurements/{id}/lots/{lot}/bid/documents/remove", bid, s.bidDocumentRemove)
	rt.form("/procurements/{id}/lots/{lot}/bid/submit", bid, s.bidSubmit)
	rt.form("/procurements/{id}/lots/{lot}/bid/withdraw", bid, s.bidWithdraw)
}
