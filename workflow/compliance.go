package workflow

import (
	"context"

	"github.com/goumai/goumai"
)

// ComplianceRanking computes the compliance indicators of each region
// directly below region for a period from the statistics, ranked by score
// (best first, then by code): for the finance staff and auditors of region
// or above (issue 13 item 4).
func (s *Service) ComplianceRanking(ctx context.Context, a goumai.Actor, region string, p goumai.StatPeriod) ([]goumai.Compliance, error) {
	if err := s.Policy.Can(a, goumai.ActViewWorkReport, goumai.Target{Region: region}); err != nil {
		return nil, err
	}
	out := []goumai.Compliance{}
	for _, code := range s.Policy.Regions.Children(region) {
		r, err := s.Store.Stats(ctx, code, p, goumai.GrainRegion, false)
		if err != nil {
			return nil, err
		}
		g, _ := s.Policy.Regions.Get(code)
		out = append(out, goumai.ComplianceOf(code, g.Name, r))
	}
	goumai.RankCompliance(out)
	return out, nil
}
