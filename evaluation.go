package goumai

// The result of evaluation (评审, issue 9 item 3) as the panel reports it to
// the purchaser (ENG-D6): for each lot, the valid bids ranked by ENG-G6, or
// the lot's failure (ENG-E2/E3). The purchaser confirms rank 1 and may not
// change the ranking.

// Score is a number of points in ten-thousandths (1.0000 point = 10000):
// scores are summed and compared exactly, never as floats.
type Score int64

// RankedBid is one valid bid in a lot's ranking.
type RankedBid struct {
	OpenedBidID    int64  `json:"opened_bid_id"`
	OrgID          int64  `json:"org_id"`
	Supplier       string `json:"supplier"`
	Price          Fen    `json:"price"`           // the bid price
	EvaluatedPrice Fen    `json:"evaluated_price"` // after the SME deduction (ENG-G4)
	Score          Score  `json:"score"`           // 综合评分法: the mean of the experts' totals; 最低评标价法: 0
	Rank           int    `json:"rank"`            // 1, 2, …
	TieDrawn       bool   `json:"tie_drawn"`       // placed by a verifiable random draw (ENG-G6)
}

// LotRanking is a lot's result of evaluation.
type LotRanking struct {
	LotID    int64       `json:"lot_id"`
	Failed   bool        `json:"failed"`              // too few valid bids (ENG-E2/E3)
	FailRule string      `json:"fail_rule,omitempty"` // the rule that failed it
	Ranks    []RankedBid `json:"ranks"`
}

// Recommended is the lot's rank-1 bid, if it has one.
func (r LotRanking) Recommended() (RankedBid, bool) {
	if r.Failed || len(r.Ranks) == 0 {
		return RankedBid{}, false
	}
	return r.Ranks[0], true
}
