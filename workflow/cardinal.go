package workflow

import (
	"context"
	"time"
)

// Cardinal's population indicators (R024, R025, R038, R048, R058) compare
// each process or organisation with quartiles of the whole population: a
// release can change any of their flags, so their re-decision scope is the
// whole population. The scheduler re-decides them in one pass over the kept
// compiled releases when releases arrived since the last pass; the process
// indicators follow each release in its own transaction (sqlstore).
func init() { tickers = append(tickers, tickCardinal) }

func tickCardinal(ctx context.Context, s *Service, _ time.Time) (int, error) {
	_, err := s.Store.RefreshCardinalPopulationIfStale(ctx)
	return 0, err
}
