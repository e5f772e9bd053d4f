package rules

import (
	"slices"
	"strings"
	"testing"

	"github.com/goumai/goumai"
)

// errRule returns the rule an error names, "" for nil.
func errRule(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	if goumai.ErrorCode(err) != goumai.EInvalid {
		t.Fatalf("code %s, want invalid: %v", goumai.ErrorCode(err), err)
	}
	e, _ := err.(*goumai.Error)
	return e.Rule
}

// TestScoringClauses: one row per clause of ENG-G1–G5 and G8, with known answers.
func TestScoringClauses(t *testing.T) {
	svc, goods := NationalDefaults(Services), NationalDefaults(Goods)
	rates := SMERates{Own: 10, Partner: 4}
	comp := func(w int, fixed bool) goumai.Documents {
		return goumai.Documents{Evaluation: goumai.EvalComprehensive, PriceWeightPct: w, FixedPrice: fixed}
	}
	ranged := goumai.ScoringItem{Name: "方案", Points: 50, Ranges: []goumai.ScoreRange{{Condition: "完整", Points: 50}, {Condition: "基本完整", Points: 30}, {Condition: "不完整", Points: 10}}}
	open := goumai.ScoringItem{Name: "服务承诺", Points: 10}
	d := goumai.Documents{Evaluation: goumai.EvalComprehensive, Scoring: []goumai.ScoringItem{{Name: "价格", Factor: goumai.FactorPrice, Points: 20}, ranged, open}}
	lowest := d
	lowest.Evaluation = goumai.EvalLowestPrice
	weight := func(d goumai.Documents, tender bool, p Params) (any, error) { return PriceWeight(d, tender, p) }
	item := func(d goumai.Documents, name string) func() (any, error) {
		return func() (any, error) { return ScoringItem(d, name) }
	}
	for _, c := range []struct {
		name string
		run  func() (any, error)
		want any
		rule string
	}{
		{"ENG-G1 comprehensive is a method", func() (any, error) { return nil, CheckEvaluationMethod(comp(20, false)) }, nil, ""},
		{"ENG-G1 lowest price is a method", func() (any, error) { return nil, CheckEvaluationMethod(lowest) }, nil, ""},
		{"ENG-G1 no third method", func() (any, error) {
			return nil, CheckEvaluationMethod(goumai.Documents{Evaluation: "average"})
		}, nil, "ENG-G1"},
		{"ENG-G1 lowest price scores nothing", item(lowest, "方案"), -1, "ENG-G1"},
		{"ENG-G2 tender services 10 % allowed", func() (any, error) { return weight(comp(10, false), true, svc) }, 10, ""},
		{"ENG-G2 tender services 9 % refused", func() (any, error) { return weight(comp(9, false), true, svc) }, 0, "ENG-G2"},
		{"ENG-G2 tender: no ceiling (70 %)", func() (any, error) { return weight(comp(70, false), true, svc) }, 70, ""},
		{"ENG-G2 磋商 services 31 % refused", func() (any, error) { return weight(comp(31, false), false, svc) }, 0, "ENG-G2"},
		{"ENG-G2 磋商 services 30 % allowed", func() (any, error) { return weight(comp(30, false), false, svc) }, 30, ""},
		{"ENG-G2 tender goods 29 % refused", func() (any, error) { return weight(comp(29, false), true, goods) }, 0, "ENG-G2"},
		{"ENG-G2 fixed price: weight 0", func() (any, error) { return weight(comp(0, true), true, svc) }, 0, ""},
		{"ENG-G2 fixed price scored refused", func() (any, error) { return weight(comp(10, true), true, svc) }, 0, "ENG-G2"},
		{"ENG-G2 lowest price: no weight", func() (any, error) { return weight(lowest, true, svc) }, 0, ""},
		{"ENG-G3 price score 18 points (base ¥9,000 of ¥10,000, weight 20)", func() (any, error) { return PriceScore(900_000, 1_000_000, 20), nil }, goumai.Score(180000), ""},
		{"ENG-G3 lowest price earns the full weight", func() (any, error) { return PriceScore(900_000, 900_000, 20), nil }, goumai.Score(200000), ""},
		{"ENG-G3 rounding down (1/3 × 10 = 3.3333)", func() (any, error) { return PriceScore(1, 3, 10), nil }, goumai.Score(33333), ""},
		{"ENG-G3 rounding half up (1/32 × 1 = 0.03125)", func() (any, error) { return PriceScore(1, 32, 1), nil }, goumai.Score(313), ""},
		{"ENG-G3 price not scored at weight 0", func() (any, error) { return PriceScore(1, 2, 0), nil }, goumai.Score(0), ""},
		{"ENG-G3 base is the lowest, no average", func() (any, error) { return BasePrice([]goumai.Fen{500, 300, 900}), nil }, goumai.Fen(300), ""},
		{"ENG-G3 price items are computed, not scored", item(d, "价格"), -1, "ENG-G3"},
		{"ENG-G4 small firm: 10 % off", func() (any, error) { return EvaluatedPrice(1_000_000, rates.DeductionPct("small", 0, false)), nil }, goumai.Fen(900_000), ""},
		{"ENG-G4 micro firm: 20 % off, rounded (333 → 266.4)", func() (any, error) { return EvaluatedPrice(333, 20), nil }, goumai.Fen(266), ""},
		{"ENG-G4 rounding half up (15 × 0.9 = 13.5)", func() (any, error) { return EvaluatedPrice(15, 10), nil }, goumai.Fen(14), ""},
		{"ENG-G4 medium firm: no deduction", func() (any, error) { return rates.DeductionPct("medium", 0, false), nil }, 0, ""},
		{"ENG-G4 SME-reserved lot: no deduction", func() (any, error) { return rates.DeductionPct("small", 0, true), nil }, 0, ""},
		{"ENG-G4 small partners hold 30 %: partner rate", func() (any, error) { return rates.DeductionPct("medium", 30, false), nil }, 4, ""},
		{"ENG-G4 small partners hold 29 %: none", func() (any, error) { return rates.DeductionPct("", 29, false), nil }, 0, ""},
		{"ENG-G4 small firm with partners: its own rate", func() (any, error) { return rates.DeductionPct("micro", 50, false), nil }, 10, ""},
		{"ENG-G4 partners in a reserved lot: none", func() (any, error) { return rates.DeductionPct("", 50, true), nil }, 0, ""},
		{"ENG-G4 rates default to the parameters' lowest", func() (any, error) { return SMERate(svc, goumai.Documents{}) }, SMERates{Own: 10, Partner: 4}, ""},
		{"ENG-G4 the documents' rates", func() (any, error) {
			return SMERate(svc, goumai.Documents{SMEDeductionPct: 20, SMEPartnerPct: 6})
		}, SMERates{Own: 20, Partner: 6}, ""},
		{"ENG-G4 own rate above the range refused", func() (any, error) { return SMERate(svc, goumai.Documents{SMEDeductionPct: 21}) }, SMERates{}, "ENG-G4"},
		{"ENG-G4 own rate below the range refused", func() (any, error) { return SMERate(svc, goumai.Documents{SMEDeductionPct: 9}) }, SMERates{}, "ENG-G4"},
		{"ENG-G4 partner rate outside the range refused", func() (any, error) { return SMERate(svc, goumai.Documents{SMEPartnerPct: 3}) }, SMERates{}, "ENG-G4"},
		{"ENG-G4 no rate in force refused", func() (any, error) { return SMERate(Params{}, goumai.Documents{}) }, SMERates{}, "ENG-G4"},
		{"ENG-G5 published criterion", item(d, "服务承诺"), 2, ""},
		{"ENG-G5 criterion absent from the documents", item(d, "企业荣誉"), -1, "ENG-G5"},
		{"ENG-G5 open item within its points", func() (any, error) { return nil, CheckItemScore(open, 75000) }, nil, ""},
		{"ENG-G5 open item above its points", func() (any, error) { return nil, CheckItemScore(open, 100001) }, nil, "ENG-G5"},
		{"ENG-G5 negative score", func() (any, error) { return nil, CheckItemScore(open, -1) }, nil, "ENG-G5"},
		{"ENG-G5 range item: a listed range's points", func() (any, error) { return nil, CheckItemScore(ranged, Points(30)) }, nil, ""},
		{"ENG-G5 range item: points between ranges refused", func() (any, error) { return nil, CheckItemScore(ranged, Points(40)) }, nil, "ENG-G5"},
		{"mean of the totals, half up (1.00005 → 1.0001)", func() (any, error) { return MeanScore([]goumai.Score{10000, 10001}), nil }, goumai.Score(10001), ""},
		{"ENG-G8 summation error", func() (any, error) { return nil, CheckReevaluation(ReevalSumError) }, nil, ""},
		{"ENG-G8 out of range", func() (any, error) { return nil, CheckReevaluation(ReevalOutOfRange) }, nil, ""},
		{"ENG-G8 objective factors differ", func() (any, error) { return nil, CheckReevaluation(ReevalObjectiveDiffer) }, nil, ""},
		{"ENG-G8 abnormal scores", func() (any, error) { return nil, CheckReevaluation(ReevalAbnormalScore) }, nil, ""},
		{"ENG-G8 a site visit is no ground", func() (any, error) { return nil, CheckReevaluation("site_visit") }, nil, "ENG-G8"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.run()
			if r := errRule(t, err); r != c.rule {
				t.Fatalf("rule %q, want %q (%v)", r, c.rule, err)
			}
			if got != c.want {
				t.Errorf("got %v (%T), want %v (%T)", got, got, c.want, c.want)
			}
		})
	}
}

// TestAbnormalLow: one row per trigger of ENG-G7 (2024 pilot values), exact at the boundary.
func TestAbnormalLow(t *testing.T) {
	p := NationalDefaults(Services)
	for _, c := range []struct {
		name      string
		price     goumai.Fen
		compliant []goumai.Fen
		ceiling   goumai.Fen
		budget    goumai.Fen
		want      []string
	}{
		{"none", 900, []goumai.Fen{900, 1000, 1100}, 1200, 1200, nil},
		{"below half the mean", 100, []goumai.Fen{100, 180, 1000}, 0, 200, []string{TriggerMean}},
		{"exactly half the mean is not below", 200, []goumai.Fen{200, 300, 700}, 0, 400, nil},
		{"below half the second-lowest", 240, []goumai.Fen{240, 500, 500}, 0, 500, []string{TriggerSecond}},
		{"below 45 % of the ceiling", 440, []goumai.Fen{440, 450, 460}, 1000, 2000, []string{TriggerCeiling}},
		{"no ceiling: 45 % of the budget", 440, []goumai.Fen{440, 450, 460}, 0, 1000, []string{TriggerCeiling}},
		{"all three", 100, []goumai.Fen{100, 900, 1000}, 1000, 1000, []string{TriggerMean, TriggerSecond, TriggerCeiling}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := AbnormalLow(c.price, c.compliant, c.ceiling, c.budget, p); !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

// TestRank: ENG-G6's orders and the seeded tie draw.
func TestRank(t *testing.T) {
	seed := TieSeed(7, 100, [32]byte{1})
	cands := []Candidate{
		{OpenedBidID: 1, Price: 1000, EvaluatedPrice: 900, Score: 80_0000},
		{OpenedBidID: 2, Price: 950, EvaluatedPrice: 950, Score: 85_0000},
		{OpenedBidID: 3, Price: 900, EvaluatedPrice: 900, Score: 80_0000},
		{OpenedBidID: 4, Price: 900, EvaluatedPrice: 900, Score: 80_0000},
	}
	ids := func(r []goumai.RankedBid) []int64 {
		var out []int64
		for _, b := range r {
			out = append(out, b.OpenedBidID)
		}
		return out
	}
	comp := Rank(goumai.EvalComprehensive, 5, cands, seed)
	if got := ids(comp); got[0] != 2 || got[3] != 1 || !slices.Contains(got[1:3], 3) || !slices.Contains(got[1:3], 4) {
		t.Errorf("comprehensive: %v: want 2 (score), then 3 and 4 (price 900, drawn), then 1", got)
	}
	if comp[0].TieDrawn || !comp[1].TieDrawn || !comp[2].TieDrawn || comp[3].TieDrawn || comp[3].Rank != 4 {
		t.Errorf("tie marks: %+v", comp)
	}
	low := Rank(goumai.EvalLowestPrice, 5, cands, seed)
	if got := ids(low); got[3] != 2 || !low[0].TieDrawn || !low[2].TieDrawn || low[3].TieDrawn {
		t.Errorf("lowest price: %v %+v: want 1, 3, 4 tied at 900, then 2", got, low)
	}
	// Deterministic under the seed, whatever the input order; another seed may differ.
	rev := slices.Clone(cands)
	slices.Reverse(rev)
	if !slices.Equal(ids(Rank(goumai.EvalLowestPrice, 5, rev, seed)), ids(low)) {
		t.Error("the draw depends on the input order")
	}
	differs := false
	for i := range byte(20) {
		if !slices.Equal(ids(Rank(goumai.EvalLowestPrice, 5, cands, TieSeed(7, 100, [32]byte{i + 2}))), ids(low)) {
			differs = true
		}
	}
	if !differs {
		t.Error("the draw ignores the seed")
	}
	// Known answer: the seed binds the procedure, the log size and root.
	if TieSeed(7, 100, [32]byte{1}) == TieSeed(8, 100, [32]byte{1}) || TieSeed(7, 100, [32]byte{1}) == TieSeed(7, 101, [32]byte{1}) {
		t.Error("the seed ignores its inputs")
	}
}

// TestEvaluationQuorum: one row per clause of ENG-E2 and ENG-E3.
func TestEvaluationQuorum(t *testing.T) {
	for _, c := range []struct {
		name      string
		m         goumai.ProcurementMethod
		ofService bool
		passing   int
		ok        bool
		rule      string
	}{
		{"tender with 3 goes on", goumai.MethodOpenTender, true, 3, true, ""},
		{"tender with 2 fails (ENG-E2)", goumai.MethodOpenTender, true, 2, false, "ENG-E2"},
		{"negotiation with 2 fails (ENG-E2)", goumai.MethodCompetitiveNeg, true, 2, false, "ENG-E2"},
		{"磋商 for services goes on with 2 (ENG-E3)", goumai.MethodConsultation, true, 2, true, ""},
		{"磋商 otherwise needs 3 (ENG-E3)", goumai.MethodConsultation, false, 2, false, "ENG-E3"},
		{"磋商 with 1 fails (ENG-E3)", goumai.MethodConsultation, true, 1, false, "ENG-E3"},
		{"single source with its supplier", goumai.MethodSingleSource, true, 1, true, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			ok, rule := EvaluationQuorum(c.m, c.ofService, c.passing)
			if ok != c.ok || !ok && rule != c.rule {
				t.Errorf("got %v %q, want %v %q", ok, rule, c.ok, c.rule)
			}
		})
	}
}

// TestScoreLot: the known answer of the workflow's report test, and the
// same lot reserved for SMEs (no deduction) and by lowest price.
func TestScoreLot(t *testing.T) {
	bids := []LotBid{
		{OpenedBidID: 1, Price: 45_000_000, SMESize: "small", Totals: []goumai.Score{Points(80), Points(80)}},
		{OpenedBidID: 2, Price: 40_000_000, SMESize: "small", Totals: []goumai.Score{Points(60), Points(60)}},
		{OpenedBidID: 3, Price: 42_000_000, SMESize: "small", Totals: []goumai.Score{Points(70), Points(70)}},
	}
	for _, c := range []struct {
		name      string
		in        LotInput
		ids       []int64
		scores    []goumai.Score
		evalFirst goumai.Fen
	}{
		{"comprehensive, SME deduction", LotInput{Evaluation: goumai.EvalComprehensive, SMERates: SMERates{Own: 10, Partner: 4}, PriceWeightPct: 20, Bids: bids},
			[]int64{1, 3, 2}, []goumai.Score{977778, 890476, 800000}, 40_500_000},
		// Reserved: base 40,000,000; 45M → 17.7778, 42M → 19.0476: the same ratios.
		{"comprehensive, reserved lot", LotInput{Evaluation: goumai.EvalComprehensive, SMEReserved: true, SMERates: SMERates{Own: 10, Partner: 4}, PriceWeightPct: 20, Bids: bids},
			[]int64{1, 3, 2}, []goumai.Score{977778, 890476, 800000}, 45_000_000},
		{"comprehensive, fixed price (weight 0)", LotInput{Evaluation: goumai.EvalComprehensive, SMERates: SMERates{Own: 10, Partner: 4}, Bids: bids},
			[]int64{1, 3, 2}, []goumai.Score{800000, 700000, 600000}, 40_500_000},
		// Bid 2 is medium-sized with small partners holding 30 %: 4 % off 40M
		// is 38.4M; 42M × 0.9 = 37.8M is the base (20 points), 45M × 0.9 =
		// 40.5M earns 18.6667 and 38.4M 19.6875.
		{"comprehensive, partner deduction", LotInput{Evaluation: goumai.EvalComprehensive, SMERates: SMERates{Own: 10, Partner: 4}, PriceWeightPct: 20,
			Bids: []LotBid{bids[0], {OpenedBidID: 2, Price: 40_000_000, SMESize: "medium", PartnerSharePct: 30, Totals: bids[1].Totals}, bids[2]}},
			[]int64{1, 3, 2}, []goumai.Score{986667, 900000, 796875}, 40_500_000},
		{"lowest price", LotInput{Evaluation: goumai.EvalLowestPrice, SMERates: SMERates{Own: 10, Partner: 4}, Bids: bids},
			[]int64{2, 3, 1}, []goumai.Score{0, 0, 0}, 36_000_000},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := ScoreLot(c.in)
			for i, r := range got {
				if r.OpenedBidID != c.ids[i] || r.Score != c.scores[i] {
					t.Errorf("rank %d: bid %d score %d, want bid %d score %d", i+1, r.OpenedBidID, r.Score, c.ids[i], c.scores[i])
				}
			}
			if got[0].EvaluatedPrice != c.evalFirst {
				t.Errorf("evaluated price of rank 1: %d, want %d", got[0].EvaluatedPrice, c.evalFirst)
			}
		})
	}
}

// TestScoringRefusalsCiteTheirRule: every scoring refusal names its rule in
// the code and in both languages of the message (a client shows the message).
func TestScoringRefusalsCiteTheirRule(t *testing.T) {
	item := goumai.ScoringItem{Name: "服务方案", Factor: goumai.FactorTechnical, Points: 40,
		Ranges: []goumai.ScoreRange{{Condition: "完全满足", Points: 40}, {Condition: "基本满足", Points: 25}}}
	docs := goumai.Documents{Evaluation: goumai.EvalComprehensive, Scoring: []goumai.ScoringItem{item}}
	_, unknown := ScoringItem(docs, "未公布的因素")
	for _, c := range []struct {
		name string
		err  error
	}{
		{"above the item's points", CheckItemScore(item, Points(45))},
		{"between the ranges", CheckItemScore(item, Points(30))},
		{"an unpublished criterion", unknown},
	} {
		e := goumai.AsError(c.err)
		if e == nil || e.Rule != "ENG-G5" || !strings.Contains(e.Message.ZH, "ENG-G5") || !strings.Contains(e.Message.EN, "ENG-G5") {
			t.Errorf("%s: %+v", c.name, c.err)
		}
	}
}
