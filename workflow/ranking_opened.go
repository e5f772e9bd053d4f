package workflow

import (
	"context"
	"slices"

	"github.com/goumai/goumai"
)

// RankingReader reads what a ranking is made of: a transaction, or the
// store itself for a page that only reads.
type RankingReader interface {
	Reports(ctx context.Context, procurementID int64) ([]goumai.EvaluationReport, error)
	OpenedBids(ctx context.Context, procurementID int64) ([]goumai.OpenedBid, error)
	Lots(ctx context.Context, procurementID int64) ([]goumai.Lot, error)
	Procurement(ctx context.Context, id int64) (goumai.Procurement, error)
}

// rankingOrOpened is the reported ranking, or for a procedure without a
// report (failed at its opening) each lot's valid opened bids.
func (s *Service) rankingOrOpened(ctx context.Context, tx RankingReader, procurementID int64) ([]goumai.LotRanking, error) {
	r, err := s.Ranking(ctx, tx, procurementID)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return s.openedRanking(ctx, tx, procurementID)
	}
	return r, err
}

// openedRanking is each lot's valid opened bids by price ascending, the lot
// failed when it has none: what a procedure failed at its opening has.
func (s *Service) openedRanking(ctx context.Context, tx RankingReader, procurementID int64) ([]goumai.LotRanking, error) {
	opened, err := tx.OpenedBids(ctx, procurementID)
	if err != nil {
		return nil, err
	}
	lots, err := tx.Lots(ctx, procurementID)
	if err != nil {
		return nil, err
	}
	var out []goumai.LotRanking
	for _, l := range lots {
		r := goumai.LotRanking{LotID: l.ID}
		for _, o := range opened {
			if o.LotID == l.ID && o.Valid() {
				r.Ranks = append(r.Ranks, goumai.RankedBid{OpenedBidID: o.ID, OrgID: o.OrgID, Supplier: o.Supplier, Price: o.Price, EvaluatedPrice: o.Price})
			}
		}
		slices.SortStableFunc(r.Ranks, func(x, y goumai.RankedBid) int { return int(x.Price - y.Price) })
		for i := range r.Ranks {
			r.Ranks[i].Rank = i + 1
		}
		r.Failed = len(r.Ranks) == 0
		out = append(out, r)
	}
	return out, nil
}
