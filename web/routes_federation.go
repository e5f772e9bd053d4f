package web

import (
	"net/http"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// federationRoutes registers what this instance received from the instances
// it trusts (federation over NATS JetStream, issue 12): the national
// statistics, by region and action, summed over every trusted instance.
func (s *Server) federationRoutes(rt *router) {
	rt.read("/api/v1/federation/statistics", Public, s.apiNationalStatistics)
	rt.page("/federation/statistics", Public, s.nationalStatisticsPage)
}

// nationalStatisticsPage shows the centre's national statistics: the
// received public events and their amounts (万元, REQ-C9) per publishing
// instance and region, with a total row. Public, as the events are.
func (s *Server) nationalStatisticsPage(w http.ResponseWriter, r *http.Request) {
	st, err := s.svc.NationalStatisticsByPublisher(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type row struct {
		sqlstore.FedPublisherStat
		Wan goumai.Fen
	}
	rows := make([]row, 0, len(st))
	var n int64
	var total goumai.Fen
	for _, x := range st {
		rows = append(rows, row{x, goumai.Fen(x.Amount)})
		n += x.N
		total += goumai.Fen(x.Amount)
	}
	forks, err := s.svc.FederationForks(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "federation_statistics", map[string]any{"Rows": rows, "N": n, "Total": total, "Forks": forks})
}

// apiNationalStatistics returns the statistics of the received public events
// and their totals, and the checkpoints refused as forks.
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
	forks, err := s.svc.FederationForks(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if forks == nil {
		forks = []sqlstore.Fork{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"statistics": st, "events": n, "amount": amount, "forks": forks})
}
