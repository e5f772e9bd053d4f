package rules

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/goumai/goumai"
)

// Scoring and ranking (ENG-G1–G8; O87 Arts. 55–57, 60, 64; N214 Art. 24;
// 财库〔2020〕46号 and 〔2022〕19号). Everything is exact integer arithmetic:
// money in fen, points in ten-thousandths (goumai.Score). Every division
// rounds half up (x.5 → x+1) on the non-negative values it is given, once,
// at the end of the computation it belongs to.

// PointScale is one point as a goumai.Score.
const PointScale = 10000

// Points returns n whole points as a Score.
func Points(n int) goumai.Score { return goumai.Score(n) * PointScale }

// divHalfUp returns num/den rounded half up, for num ≥ 0 and den > 0.
func divHalfUp(num, den int64) int64 { return (2*num + den) / (2 * den) }

// scoringError is a refusal citing its rule.
func scoringError(rule, zh, en string) error {
	return &goumai.Error{Code: goumai.EInvalid, Rule: rule, Message: goumai.M(zh+"（"+rule+"）", en+" ("+rule+")")}
}

// CheckEvaluationMethod checks the documents' evaluation method (ENG-G1): 最低评标价法
// or 综合评分法, the only two of GPL-IR Art. 34; 最低评标价法 scores nothing.
func CheckEvaluationMethod(d goumai.Documents) error {
	if !slices.Contains(goumai.EvaluationMethods, d.Evaluation) {
		return scoringError("ENG-G1", "评标方法只能是最低评标价法或综合评分法（《政府采购法实施条例》第三十四条）",
			"the evaluation method is lowest evaluated price or comprehensive scoring (GPL-IR Art. 34)")
	}
	return nil
}

// PriceWeight returns the published price weight in percent, checked against
// the bounds in force (ENG-G2): 0 when the price is fixed or state-set (the
// price is then not scored), else between the tender (O87 Art. 55) or the
// 磋商 (N214 Art. 24) bounds of the category.
func PriceWeight(d goumai.Documents, tender bool, p Params) (int, error) {
	if d.Evaluation != goumai.EvalComprehensive {
		return 0, nil
	}
	if d.FixedPrice {
		if d.PriceWeightPct != 0 {
			return 0, scoringError("ENG-G2", "执行统一价格标准或固定价格的项目，价格不列为评审因素（财政部令第87号第五十五条）",
				"a fixed or state-set price is not scored (O87 Art. 55)")
		}
		return 0, nil
	}
	lo, hi := p.ConsultPriceWeightMinPct, p.ConsultPriceWeightMaxPct
	if tender {
		lo, hi = p.TenderPriceWeightMinPct, p.TenderPriceWeightMaxPct
	}
	if d.PriceWeightPct < lo || d.PriceWeightPct > hi {
		return 0, scoringError("ENG-G2", fmt.Sprintf("价格分值占总分值的比重须在%d%%至%d%%之间，采购文件为%d%%", lo, hi, d.PriceWeightPct),
			fmt.Sprintf("the price weight must be between %d %% and %d %%; the documents say %d %%", lo, hi, d.PriceWeightPct))
	}
	return d.PriceWeightPct, nil
}

// SMEDeducted is the size of firm whose price is deducted (ENG-G4): small and
// micro enterprises (小微企业; 财库〔2020〕46号 Art. 9), not medium ones.
func SMEDeducted(size string) bool { return size == "small" || size == "micro" }

// PartnerShareMinPct is the share of the contract that small and micro
// consortium members or subcontractors must hold for the partner deduction
// (财库〔2020〕46号 Art. 9 ¶3).
const PartnerShareMinPct = 30

// SMERates are the price deductions a procedure applies (ENG-G4), in percent.
type SMERates struct {
	Own     int // a small or micro bidder's price (10–20 %)
	Partner int // a bidder with small and micro partners holding ≥ 30 % (4–6 %)
}

// DeductionPct returns the rate a bid's price is deducted by (ENG-G4): none
// in a lot reserved for SMEs; the own rate for a small or micro bidder; the
// partner rate for another bidder whose consortium or subcontracting
// agreement gives small and micro firms at least PartnerShareMinPct % of the
// contract; otherwise none.
func (r SMERates) DeductionPct(size string, partnerSharePct int, reserved bool) int {
	switch {
	case reserved:
		return 0
	case SMEDeducted(size):
		return r.Own
	case partnerSharePct >= PartnerShareMinPct:
		return r.Partner
	}
	return 0
}

// EvaluatedPrice returns the price a bid is evaluated at (ENG-G4): its price
// less pct % (DeductionPct), rounded half up to the fen. The deduction is for
// evaluation only: the contract is at the bid price.
func EvaluatedPrice(price goumai.Fen, pct int) goumai.Fen {
	if pct <= 0 {
		return price
	}
	return goumai.Fen(divHalfUp(int64(price)*int64(100-pct), 100))
}

// SMERate returns the deductions the procedure applies (ENG-G4): the rates
// its documents announce, each within the parameters' range, or the range's
// lowest where the documents leave a rate at 0; refused when the parameters
// set no valid range or the documents' rate is outside it.
func SMERate(p Params, d goumai.Documents) (SMERates, error) {
	if p.SMEDeductionMinPct <= 0 || p.SMEDeductionMinPct > p.SMEDeductionMaxPct || p.SMEDeductionMaxPct >= 100 ||
		p.SMEConsortiumMinPct < 0 || p.SMEConsortiumMinPct > p.SMEConsortiumMaxPct || p.SMEConsortiumMaxPct >= 100 {
		return SMERates{}, scoringError("ENG-G4", "适用的参数未设定有效的小微企业价格扣除比例", "the parameters in force set no valid SME price deduction")
	}
	r := SMERates{Own: p.SMEDeductionMinPct, Partner: p.SMEConsortiumMinPct}
	if d.SMEDeductionPct != 0 {
		r.Own = d.SMEDeductionPct
	}
	if d.SMEPartnerPct != 0 {
		r.Partner = d.SMEPartnerPct
	}
	if _, m := smeRateProblem(p, d); m != nil {
		return SMERates{}, scoringError("ENG-G4", m.ZH, m.EN)
	}
	return r, nil
}

// smeRateProblem says which of the documents' SME deductions is outside the
// parameters' range and why, or nil.
func smeRateProblem(p Params, d goumai.Documents) (string, *goumai.Msg) {
	if d.SMEDeductionPct != 0 && (d.SMEDeductionPct < p.SMEDeductionMinPct || d.SMEDeductionPct > p.SMEDeductionMaxPct) {
		m := goumai.M(fmt.Sprintf("小微企业价格扣除比例须在%d%%至%d%%之间（财库〔2022〕19号），采购文件为%d%%", p.SMEDeductionMinPct, p.SMEDeductionMaxPct, d.SMEDeductionPct),
			fmt.Sprintf("the small and micro price deduction must be between %d %% and %d %% (财库〔2022〕19号); the documents say %d %%", p.SMEDeductionMinPct, p.SMEDeductionMaxPct, d.SMEDeductionPct))
		return "sme_deduction_pct", &m
	}
	if d.SMEPartnerPct != 0 && (d.SMEPartnerPct < p.SMEConsortiumMinPct || d.SMEPartnerPct > p.SMEConsortiumMaxPct) {
		m := goumai.M(fmt.Sprintf("联合体或分包给小微企业的价格扣除比例须在%d%%至%d%%之间（财库〔2022〕19号），采购文件为%d%%", p.SMEConsortiumMinPct, p.SMEConsortiumMaxPct, d.SMEPartnerPct),
			fmt.Sprintf("the deduction for small and micro partners must be between %d %% and %d %% (财库〔2022〕19号); the documents say %d %%", p.SMEConsortiumMinPct, p.SMEConsortiumMaxPct, d.SMEPartnerPct))
		return "sme_partner_pct", &m
	}
	return "", nil
}

// PriceScore returns the price score by the low-price-first method (ENG-G3):
// base/price × weight points, base being the lowest valid evaluated price (no
// averages, nothing dropped); 0 when the weight is 0 (price not scored).
func PriceScore(base, price goumai.Fen, weightPct int) goumai.Score {
	if weightPct <= 0 || price <= 0 {
		return 0
	}
	return goumai.Score(divHalfUp(int64(base)*int64(weightPct)*PointScale, int64(price)))
}

// BasePrice returns the lowest of the valid evaluated prices (ENG-G3's 评标基准价).
func BasePrice(prices []goumai.Fen) goumai.Fen {
	if len(prices) == 0 {
		return 0
	}
	return slices.Min(prices)
}

// ScoringItem returns the index of the documents' scoring item named name,
// one the panel scores (not a price item, which is computed: ENG-G3).
// A criterion the documents do not publish cannot be used (ENG-G5; GPL-IR
// Art. 34 ¶3); nothing is scored by 最低评标价法 (ENG-G1).
func ScoringItem(d goumai.Documents, name string) (int, error) {
	if d.Evaluation != goumai.EvalComprehensive {
		return -1, scoringError("ENG-G1", "最低评标价法不打分：按评标价由低到高排序", "lowest evaluated price scores nothing: bids rank by evaluated price")
	}
	for i, it := range d.Scoring {
		if it.Name != name {
			continue
		}
		if it.Factor == goumai.FactorPrice {
			return -1, scoringError("ENG-G3", "价格分按低价优先法计算，不由评审专家打分", "the price score is computed (low price first), not given by the panel")
		}
		return i, nil
	}
	return -1, scoringError("ENG-G5", "采购文件中没有规定的评审因素不得作为评审依据：“"+name+"”",
		"a criterion the documents do not publish cannot be used: “"+name+"”")
}

// CheckItemScore checks one member's score on a scoring item (ENG-G5):
// between 0 and the item's points; for a range-type item (分档), exactly the
// points of one of its ranges.
func CheckItemScore(it goumai.ScoringItem, s goumai.Score) error {
	if s < 0 || s > Points(it.Points) {
		return scoringError("ENG-G5", fmt.Sprintf("“%s”的得分须在0至%d分之间", it.Name, it.Points),
			fmt.Sprintf("the score on “%s” must be between 0 and %d points", it.Name, it.Points))
	}
	if len(it.Ranges) == 0 {
		return nil
	}
	for _, r := range it.Ranges {
		if Points(r.Points) == s {
			return nil
		}
	}
	return scoringError("ENG-G5", fmt.Sprintf("“%s”为区间型指标，得分只能是采购文件所列各区间的分值", it.Name),
		fmt.Sprintf("“%s” is scored by ranges: the score is one of the ranges' points", it.Name))
}

// MeanScore returns the mean of the members' totals, rounded half up (O87
// Art. 55: the score is the panel's average).
func MeanScore(totals []goumai.Score) goumai.Score {
	if len(totals) == 0 {
		return 0
	}
	var sum int64
	for _, t := range totals {
		sum += int64(t)
	}
	return goumai.Score(divHalfUp(sum, int64(len(totals))))
}

// The abnormal-low triggers of ENG-G7 (2024 pilot; parameters).
const (
	TriggerMean    = "mean"    // below AbnormalLowMeanPct % of the mean compliant price
	TriggerSecond  = "second"  // below AbnormalLowSecondPct % of the second-lowest compliant price
	TriggerCeiling = "ceiling" // below AbnormalLowCeilingPct % of the ceiling (the budget when none)
)

// AbnormalLow returns the triggers a compliant price sets off (ENG-G7),
// among the prices of all the lot's compliant bids (price included) and the
// lot's ceiling (0: the budget). A bid with a trigger must justify its
// price in writing before it is scored. The comparisons are exact: price ×
// 100 < pct × reference.
func AbnormalLow(price goumai.Fen, compliant []goumai.Fen, ceiling, budget goumai.Fen, p Params) []string {
	var out []string
	if n := int64(len(compliant)); n > 0 {
		var sum int64
		for _, c := range compliant {
			sum += int64(c)
		}
		if int64(price)*100*n < int64(p.AbnormalLowMeanPct)*sum {
			out = append(out, TriggerMean)
		}
	}
	if len(compliant) >= 2 {
		sorted := slices.Clone(compliant)
		slices.Sort(sorted)
		if int64(price)*100 < int64(p.AbnormalLowSecondPct)*int64(sorted[1]) {
			out = append(out, TriggerSecond)
		}
	}
	if ceiling == 0 {
		ceiling = budget
	}
	if int64(price)*100 < int64(p.AbnormalLowCeilingPct)*int64(ceiling) {
		out = append(out, TriggerCeiling)
	}
	return out
}

// Candidate is a valid bid as ranking sees it.
type Candidate struct {
	OpenedBidID    int64
	OrgID          int64
	Supplier       string
	Price          goumai.Fen // the bid (or final-offer) price
	EvaluatedPrice goumai.Fen // after the SME deduction
	Score          goumai.Score
}

// TieSeed is the seed of the tie draws of a procedure's ranking (ENG-G6):
// SHA-256 over the procedure's id and the transparency log's size and root
// hash when the report is made. Every score is logged by then (each in its
// own leaf), and the root is fixed only by them: nobody can know the seed
// before the last score is in the log, nor choose it afterwards.
func TieSeed(procurementID, logSize int64, root [32]byte) [32]byte {
	var b bytes.Buffer
	b.WriteString("goumai evaluation tie seed v1\n")
	_ = binary.Write(&b, binary.BigEndian, procurementID)
	_ = binary.Write(&b, binary.BigEndian, logSize)
	b.Write(root[:])
	return sha256.Sum256(b.Bytes())
}

// tieKey is a bid's place among bids tied with it: SHA-256 of the seed, the
// lot and the opened bid's id (anyone can recompute it from the log).
func tieKey(seed [32]byte, lotID, openedBidID int64) [32]byte {
	var b [48]byte
	copy(b[:], seed[:])
	binary.BigEndian.PutUint64(b[32:], uint64(lotID))
	binary.BigEndian.PutUint64(b[40:], uint64(openedBidID))
	return sha256.Sum256(b[:])
}

// Rank ranks a lot's valid bids (ENG-G6): 综合评分法 by score descending, then
// the bid price ascending (O87 Art. 57); 最低评标价法 by evaluated price
// ascending (O87 Art. 56). Bids still tied are ordered by tieKey under seed
// (the documents state no other rule: random draw, O87 Art. 68) and marked
// TieDrawn.
func Rank(method goumai.EvaluationMethod, lotID int64, cands []Candidate, seed [32]byte) []goumai.RankedBid {
	type row struct {
		c   Candidate
		key [32]byte
	}
	rows := make([]row, len(cands))
	for i, c := range cands {
		rows[i] = row{c, tieKey(seed, lotID, c.OpenedBidID)}
	}
	before := func(a, b Candidate) int {
		if method == goumai.EvalComprehensive {
			if a.Score != b.Score {
				return -cmpInt(int64(a.Score), int64(b.Score))
			}
			return cmpInt(int64(a.Price), int64(b.Price))
		}
		return cmpInt(int64(a.EvaluatedPrice), int64(b.EvaluatedPrice))
	}
	slices.SortFunc(rows, func(a, b row) int {
		if c := before(a.c, b.c); c != 0 {
			return c
		}
		return bytes.Compare(a.key[:], b.key[:])
	})
	out := make([]goumai.RankedBid, len(rows))
	for i, r := range rows {
		tied := i > 0 && before(rows[i-1].c, r.c) == 0 || i+1 < len(rows) && before(r.c, rows[i+1].c) == 0
		out[i] = goumai.RankedBid{OpenedBidID: r.c.OpenedBidID, OrgID: r.c.OrgID, Supplier: r.c.Supplier, Price: r.c.Price,
			EvaluatedPrice: r.c.EvaluatedPrice, Score: r.c.Score, Rank: i + 1, TieDrawn: tied}
	}
	return out
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ReevaluationReason is one of the only grounds for re-evaluation (ENG-G8; O87 Art. 64).
type ReevaluationReason string

// The four grounds.
const (
	ReevalSumError        ReevaluationReason = "sum_error"        // 分值汇总计算错误
	ReevalOutOfRange      ReevaluationReason = "out_of_range"     // 分项评分超出评分标准范围
	ReevalObjectiveDiffer ReevaluationReason = "objective_differ" // 客观评审因素评分不一致
	ReevalAbnormalScore   ReevaluationReason = "abnormal_score"   // 经评标委员会认定评分畸高、畸低
)

// ReevaluationReasons lists the grounds.
var ReevaluationReasons = []ReevaluationReason{ReevalSumError, ReevalOutOfRange, ReevalObjectiveDiffer, ReevalAbnormalScore}

// Label is the ground as O87 Art. 64 words it.
func (r ReevaluationReason) Label() goumai.Msg {
	switch r {
	case ReevalSumError:
		return goumai.M("分值汇总计算错误", "summation error")
	case ReevalOutOfRange:
		return goumai.M("分项评分超出评分标准范围", "an item score outside its range")
	case ReevalObjectiveDiffer:
		return goumai.M("评标委员会成员对客观评审因素评分不一致", "inconsistent scores on objective factors")
	case ReevalAbnormalScore:
		return goumai.M("经评标委员会认定评分畸高、畸低", "scores judged abnormally high or low")
	}
	return goumai.M(string(r), string(r))
}

// CheckReevaluation refuses a re-evaluation for any ground but ENG-G8's
// (sample tests, site visits and the like change no result: GPL-IR Art. 44).
func CheckReevaluation(r ReevaluationReason) error {
	if !slices.Contains(ReevaluationReasons, r) {
		return scoringError("ENG-G8", "只有分值汇总计算错误、分项评分超出评分标准范围、客观评审因素评分不一致或评分畸高畸低的，才可以重新评审（财政部令第87号第六十四条）",
			"re-evaluation is only for a summation error, an item score out of range, inconsistent objective scores or abnormal scores (O87 Art. 64)")
	}
	return nil
}

// EvaluationQuorum reports whether evaluation goes on with passing bids
// left in a lot, and the rule when it does not (ENG-E2/E3): tenders and 谈判
// need 3; 磋商 needs 3 but a purchase of services goes on with 2 (N124); a
// single source needs its one supplier.
func EvaluationQuorum(method goumai.ProcurementMethod, ofService bool, passing int) (bool, string) {
	switch method {
	case goumai.MethodSingleSource:
		return passing >= 1, "ENG-E2"
	case goumai.MethodConsultation:
		if passing >= 3 || passing == 2 && ofService {
			return true, ""
		}
		return false, "ENG-E3"
	}
	return passing >= 3, "ENG-E2"
}
