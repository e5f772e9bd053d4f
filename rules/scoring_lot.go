package rules

import "github.com/goumai/goumai"

// LotBid is a bid that passed review, as one lot's scoring sees it: its
// price is the final offer where the method calls for one.
type LotBid struct {
	OpenedBidID int64
	OrgID       int64
	Supplier    string
	Price       goumai.Fen
	SMESize     string
	// PartnerSharePct is the small and micro partners' share of the
	// contract the bid declares (财库〔2020〕46号 Art. 9 ¶3).
	PartnerSharePct int
	// Totals are the members' totals on the scored (non-price) items, one
	// per member; empty for 最低评标价法.
	Totals []goumai.Score
}

// LotInput is what scoring a lot needs, all of it published or logged.
type LotInput struct {
	LotID          int64
	Evaluation     goumai.EvaluationMethod
	SMEReserved    bool
	SMERates       SMERates // ENG-G4 (SMERate)
	PriceWeightPct int      // ENG-G2 (PriceWeight): 0 when the price is not scored
	Bids           []LotBid
	Seed           [32]byte // TieSeed
}

// ScoreLot scores and ranks one lot's bids: each price is deducted for
// small and micro firms, or firms with small and micro partners, unless
// the lot is reserved (ENG-G4); under
// 综合评分法 the price score is taken against the lowest evaluated price
// (ENG-G3) and added to each member's total, the bid's score being the mean
// (rounded half up); then ENG-G6 ranks them, drawing ties under the seed.
func ScoreLot(in LotInput) []goumai.RankedBid {
	cands := make([]Candidate, len(in.Bids))
	prices := make([]goumai.Fen, len(in.Bids))
	for i, b := range in.Bids {
		ev := EvaluatedPrice(b.Price, in.SMERates.DeductionPct(b.SMESize, b.PartnerSharePct, in.SMEReserved))
		cands[i] = Candidate{OpenedBidID: b.OpenedBidID, OrgID: b.OrgID, Supplier: b.Supplier, Price: b.Price, EvaluatedPrice: ev}
		prices[i] = ev
	}
	if in.Evaluation == goumai.EvalComprehensive {
		base := BasePrice(prices)
		totals := make([]goumai.Score, 0, 16)
		for i, b := range in.Bids {
			ps := PriceScore(base, cands[i].EvaluatedPrice, in.PriceWeightPct)
			totals = totals[:0]
			for _, t := range b.Totals {
				totals = append(totals, t+ps)
			}
			if len(totals) == 0 {
				totals = append(totals, ps)
			}
			cands[i].Score = MeanScore(totals)
		}
	}
	return Rank(in.Evaluation, in.LotID, cands, in.Seed)
}
