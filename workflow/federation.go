package workflow

import (
	"context"

	"github.com/goumai/goumai/sqlstore"
)

// Federation (issue 12, DESIGN §8): what this instance received from the
// instances it trusts — package federation publishes and consumes; the
// supplier check reads received bans itself (supplier_check.go).

// NationalStatistics are the statistics of the public events received from
// every trusted instance, by region and action: at the centre, the country's
// (the sum of the provinces'). Public, as the events are.
func (s *Service) NationalStatistics(ctx context.Context) ([]sqlstore.FedStat, error) {
	st, err := s.Store.FedStats(ctx)
	if st == nil {
		st = []sqlstore.FedStat{}
	}
	return st, err
}

// NationalStatisticsByPublisher are the same statistics by publishing
// instance and region, every action summed (the centre's statistics page).
func (s *Service) NationalStatisticsByPublisher(ctx context.Context) ([]sqlstore.FedPublisherStat, error) {
	return s.Store.FedPublisherStats(ctx)
}
