package rules

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/goumai/goumai"
)

// benchLot is one lot of 1,000 bids scored by 7 members on the test
// documents' two scored items (服务方案 by ranges 50/30/10, 持证人员比例 by
// ranges 30/20/0), prices between ¥300,000 and ¥500,000, a third of the
// bidders small firms: the same every run.
func benchLot() (goumai.Documents, []LotBid, [][7][2]goumai.Score) {
	d := goumai.Documents{Evaluation: goumai.EvalComprehensive, PriceWeightPct: 20, Scoring: []goumai.ScoringItem{
		{Name: "价格", Factor: goumai.FactorPrice, Points: 20},
		{Name: "服务方案", Factor: goumai.FactorTechnical, Points: 50, Ranges: []goumai.ScoreRange{{Condition: "a", Points: 50}, {Condition: "b", Points: 30}, {Condition: "c", Points: 10}}},
		{Name: "持证人员比例", Factor: goumai.FactorService, Points: 30, Ranges: []goumai.ScoreRange{{Condition: "a", Points: 30}, {Condition: "b", Points: 20}, {Condition: "c", Points: 0}}},
	}}
	r := rand.New(rand.NewPCG(1, 2))
	bids := make([]LotBid, 1000)
	scores := make([][7][2]goumai.Score, len(bids))
	for i := range bids {
		bids[i] = LotBid{OpenedBidID: int64(i + 1), OrgID: int64(i + 1), Price: goumai.Fen(30_000_000 + r.IntN(20_000_000))}
		if i%3 == 0 {
			bids[i].SMESize = "small"
		}
		for m := range 7 {
			scores[i][m] = [2]goumai.Score{Points([]int{50, 30, 10}[r.IntN(3)]), Points([]int{30, 20, 0}[r.IntN(3)])}
		}
	}
	return d, bids, scores
}

// BenchmarkScoreLot scores and ranks the lot: every member's item scores
// checked against their ranges (ENG-G5) and summed, the SME deduction, price
// scores, means and the ranking with its seeded tie draw.
func BenchmarkScoreLot(b *testing.B) {
	d, bids, scores := benchLot()
	seed := TieSeed(1, 1000, [32]byte{})
	b.ReportAllocs()
	for b.Loop() {
		in := LotInput{LotID: 1, Evaluation: d.Evaluation, SMERates: SMERates{Own: 10}, PriceWeightPct: 20, Seed: seed, Bids: slices.Clone(bids)}
		for i := range in.Bids {
			totals := make([]goumai.Score, 7)
			for m := range 7 {
				for k, s := range scores[i][m] {
					if err := CheckItemScore(d.Scoring[k+1], s); err != nil {
						b.Fatal(err)
					}
					totals[m] += s
				}
			}
			in.Bids[i].Totals = totals
		}
		if r := ScoreLot(in); len(r) != 1000 {
			b.Fatal(len(r))
		}
	}
}

// BenchmarkSortPricesBaseline is the baseline: the same 1,000 bids sorted by
// price only.
func BenchmarkSortPricesBaseline(b *testing.B) {
	_, bids, _ := benchLot()
	b.ReportAllocs()
	for b.Loop() {
		s := slices.Clone(bids)
		slices.SortFunc(s, func(x, y LotBid) int { return cmpInt(int64(x.Price), int64(y.Price)) })
	}
}
