package web

import (
	"net/http"

	"github.com/goumai/goumai"
)

// openingRoutes registers procurement part 2's opening (开标): the organiser
// opens a closed procedure the scheduler has not reached yet; the opened bids
// are public at GET /api/v1/procurements/{id}/bids (bid_api.go) and in the
// opening record's notice.
func (s *Server) openingRoutes(rt *router) {
	rt.api("POST", "/api/v1/procurements/{id}/open", goumai.ActRunProcurement, on(http.StatusOK, "procurement", s.svc.OpenBids))
}
