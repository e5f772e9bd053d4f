package workflow

import (
	"context"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// PublishComplianceRanking publishes the ranking of the regions below
// region for a period (issue 13 item 4): a finance approver of the region
// itself; the ranking as computed now is frozen, in one transaction with its
// audit record and public log leaf. A bad period is refused (field-level
// errors), nothing stored.
func (s *Service) PublishComplianceRanking(ctx context.Context, a goumai.Actor, region string, p goumai.StatPeriod) (goumai.PublishedRanking, error) {
	if err := s.Policy.Can(a, goumai.ActPublishCompliance, goumai.Target{Region: region}); err != nil {
		return goumai.PublishedRanking{}, err
	}
	p, err := goumai.ParseStatPeriod(p.From, p.To, s.Clock.Now())
	if err != nil {
		return goumai.PublishedRanking{}, err
	}
	rank, err := s.ComplianceRanking(ctx, a, region, p)
	if err != nil {
		return goumai.PublishedRanking{}, err
	}
	out := goumai.PublishedRanking{Region: region, Period: p, Ranking: rank, PublishedBy: a.UserID}
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if out.ID, err = tx.InsertComplianceRanking(ctx, out); err != nil {
			return err
		}
		out.PublishedAt = tx.Now()
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "compliance.publish", Table: "compliance_rankings", Key: out.ID, Region: region, Public: true})
		return err
	})
	return out, err
}

// PublishedComplianceRanking returns a published ranking: public.
func (s *Service) PublishedComplianceRanking(ctx context.Context, id int64) (goumai.PublishedRanking, error) {
	return s.Store.ComplianceRanking(ctx, id)
}

// PublishedComplianceRankings returns the rankings a region published: public.
func (s *Service) PublishedComplianceRankings(ctx context.Context, region string) ([]goumai.PublishedRanking, error) {
	return s.Store.ComplianceRankings(ctx, region, 50)
}
