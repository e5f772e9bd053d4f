package workflow

import (
	"context"

	"github.com/goumai/goumai"
)

// StatsRequest asks for the statistics of a region subtree, as typed.
type StatsRequest struct {
	Region   string // a region code; "": the actor's region (staff) or the country (the public)
	From, To string // months, "2006-01"; both "": the year to date
	Grain    string // goumai.GrainRegion (""), goumai.GrainPurchaser
	// Private asks for the figures that are not public too: refused unless
	// the actor reads the region's statistics (goumai.ActViewStats).
	Private bool
}

// Stats reads the statistics of a region subtree for a period, compared with
// the previous period of the same length, with the drill-down one level
// lower. The period must be bounded (at most goumai.MaxStatMonths months) and
// the purchaser grain is for a county only: otherwise a field error and
// nothing is computed. Whoever may not read the region's private figures
// gets the public ones, or a refusal when they asked for the private ones.
func (s *Service) Stats(ctx context.Context, a goumai.Actor, q StatsRequest) (goumai.StatReport, error) {
	region := q.Region
	if region == "" {
		region = s.Policy.VisibleRegion(a)
		if region == "" {
			region = goumai.NationalCode
		}
	}
	if _, ok := s.Store.Regions().Get(region); !ok {
		return goumai.StatReport{}, goumai.Fields{"region": goumai.M("没有这个行政区划代码", "no such region code")}.Err()
	}
	p, err := goumai.ParseStatPeriod(q.From, q.To, s.Clock.Now())
	if err != nil {
		return goumai.StatReport{}, err
	}
	grain := goumai.StatGrain(q.Grain)
	if grain == "" {
		grain = goumai.GrainRegion
	}
	if err := goumai.CheckStatGrain(s.Store.Regions(), region, grain); err != nil {
		return goumai.StatReport{}, err
	}
	private := s.Policy.Can(a, goumai.ActViewStats, goumai.Target{Region: region}) == nil
	if q.Private && !private {
		return goumai.StatReport{}, goumai.ErrForbidden()
	}
	return s.Store.Stats(ctx, region, p, grain, !private)
}
