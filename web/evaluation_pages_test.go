package web

import (
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestEvaluationTemplates executes the scoring screen and the report's print
// view on a synthetic evaluation, in both languages: every field the
// templates name exists, range items offer only their ranges' points, inputs
// carry the item's limits, and members appear by seat, never by name.
func TestEvaluationTemplates(t *testing.T) {
	clock := goumai.NewFakeClock(sqltest.Start)
	w := newWorld(t, sqltest.SQLite(t, clock), clock)
	at := time.Date(2026, 4, 1, 10, 0, 0, 0, goumai.Shanghai)
	d := goumai.Documents{Evaluation: goumai.EvalComprehensive, PriceWeightPct: 20, Scoring: []goumai.ScoringItem{
		{Name: "价格", Factor: goumai.FactorPrice, Points: 20},
		{Name: "服务方案", Factor: goumai.FactorTechnical, Points: 50, Ranges: []goumai.ScoreRange{{Condition: "完整", Points: 50}, {Condition: "基本完整", Points: 30}}},
		{Name: "服务承诺", Factor: goumai.FactorService, Points: 30}}}
	p := goumai.Procurement{ID: 7, Code: "ZC-2026-7", Title: "居家养老上门服务", Method: goumai.MethodOpenTender, Documents: d}
	lot := goumai.Lot{ID: 3, Number: 1, Title: "第一包"}
	bid := goumai.OpenedBid{ID: 11, LotID: 3, OrgID: 9, Supplier: "杭州颐养社会工作服务中心", Price: 40_000_000}
	seat := goumai.PanelMember{ID: 21, UserID: 5}
	v := workflow.EvaluationView{Procurement: p, Lots: []goumai.Lot{lot}, Bids: []goumai.OpenedBid{bid}, Members: []goumai.PanelMember{seat},
		Passed: []int64{11}, Seat: &seat, Records: map[int64][]goumai.SupplierGrade{9: {{ContractID: 4, Number: "HT-2025-0004", Grade: goumai.GradeExcellent}}},
		Scores: []goumai.ItemScore{{OpenedBidID: 11, MemberID: 21, Item: 2, ItemName: "服务承诺", Score: 275000, Reason: "承诺不具体"}}}
	sv := &scoreView{V: v, Lot: lot, Items: []scoreItem{{Index: 1, Item: d.Scoring[1], Step: "0.0001", Ranges: []int{50, 30}}, {Index: 2, Item: d.Scoring[2], Step: "0.0001"}},
		Rows: []scoreRow{{Bid: bid, Points: map[int]string{2: "27.5"}, Reasons: map[int]string{2: "承诺不具体"}}}}
	rep := goumai.EvaluationReport{Round: 2, Reason: "sum_error", Changed: true, Late: true, Seed: "ab", LogRoot: "cd", LogSize: 9, ReportedAt: at,
		Lots:   []goumai.LotRanking{{LotID: 3, Ranks: []goumai.RankedBid{{OpenedBidID: 11, Supplier: bid.Supplier, Price: bid.Price, EvaluatedPrice: 36_000_000, Score: 977778, Rank: 1, TieDrawn: true}}}},
		Scores: v.Scores, Reviews: []goumai.BidReview{{OpenedBidID: 11, Stage: goumai.ReviewCompliance, Pass: true}},
		Queries: []goumai.PriceQuery{{OpenedBidID: 11, Triggers: []string{"mean"}, Status: goumai.QueryAccepted}}, Dissents: []goumai.Dissent{{MemberID: 21, Text: "有不同意见"}}}
	rv := reportView{V: v, R: rep, Lots: map[int64]goumai.Lot{3: lot}, Bids: map[int64]goumai.OpenedBid{11: bid}, Seats: map[int64]int{21: 1}, Reason: "分值汇总计算错误"}
	for _, lang := range []string{"zh", "en"} {
		for _, c := range []struct {
			page string
			data any
			want []string
		}{
			{"eval_score", map[string]any{"S": sv}, []string{`name="points_1"`, `<option value="30">`, `max="30"`, `value="27.5"`, `承诺不具体`,
				`action="/staff/procurements/7/evaluation/lots/3/bids/11/scores"`, `form="f-11"`,
				`<a href="/contracts/4/performance">HT-2025-0004</a>`, `<a href="/suppliers/9/performance">`}},
			{"eval_report_print", rv, []string{"97.7778", "#1", "有不同意见", "分值汇总计算错误", "360,000", `id="late"`, `data-print`}},
		} {
			if strings.Contains(wantInPage(t, w, c.page, lang, c.data, at, c.want...), "<option value=\"40\">") {
				t.Errorf("%s: a point between ranges offered", c.page)
			}
		}
	}
}
