package web

import "github.com/goumai/goumai"

// bidPageRoutes registers the supplier's bid pages (bid_pages.go). Every
// route is gated by ActBid (a supplier's staff); the use cases then act on
// the actor's own organisation's bid only.
func (s *Server) bidPageRoutes(rt *router) {
	const bid = goumai.ActBid
	rt.page("/staff/bids", bid, s.myBidsPage)
	rt.page("/staff/bids/{id}/documents/{sha256}", bid, s.bidDocumentFile)
	rt.page("/staff/bids/{id}/receipt", bid, s.bidReceiptFile)
	rt.page("/procurements/{id}/lots/{lot}/bid", bid, s.bidPage)
	rt.form("/procurements/{id}/lots/{lot}/bid", bid, s.bidSave)
	rt.upload("/procurements/{id}/lots/{lot}/bid/documents", bid, s.bidDocumentAdd)
	rt.form("/procurements/{id}/lots/{lot}/bid/documents/remove", bid, s.bidDocumentRemove)
	rt.form("/procurements/{id}/lots/{lot}/bid/submit", bid, s.bidSubmit)
	rt.form("/procurements/{id}/lots/{lot}/bid/withdraw", bid, s.bidWithdraw)
}
