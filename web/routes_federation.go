package web

import "net/http"

// federationRoutes registers what this instance received from the instances
// it trusts (federation over NATS JetStream, issue 12): the national
// statistics, by region and action, summed over every trusted instance.
func (s *Server) federationRoutes(rt *router) {
	rt.read("/api/v1/federation/statistics", Public, s.apiNationalStatistics)
}

// apiNationalStatistics returns the statistics of the received public events
// and their totals.
func (s *Server) apiNationalStatistics(w http.ResponseWriter, r *http.Request) {
	st, err := s.svc.NationalStatistics(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var n, amount int64
	for _, x := range st {
		n += x.N
		amount += x.Amount
	}
	writeJSON(w, http.StatusOK, map[string]any{"statistics": st, "events": n, "amount": amount})
}
