package web

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestScoreFieldErrors: a refused save's field problems land on the items'
// cells (scores.N is the N-th entry sent, not the N-th item).
func TestScoreFieldErrors(t *testing.T) {
	over, reason := goumai.M("“服务方案”的得分须在0至40分之间", "0 to 40"), goumai.M("请填写扣分理由", "give the reason")
	for _, c := range []struct {
		name   string
		fields map[string]goumai.Msg
		items  []int
		want   map[int]goumai.Msg
	}{
		{"a score out of range", map[string]goumai.Msg{"scores.0.points": over}, []int{1, 2}, map[int]goumai.Msg{1: over}},
		{"the second entry's reason", map[string]goumai.Msg{"scores.1.reason": reason}, []int{1, 3}, map[int]goumai.Msg{3: reason}},
		{"both on one item", map[string]goumai.Msg{"scores.0.points": over, "scores.0.reason": reason}, []int{2},
			map[int]goumai.Msg{2: goumai.M(over.ZH+"；"+reason.ZH, over.EN+"; "+reason.EN)}},
		{"no entry given", map[string]goumai.Msg{"scores": reason}, nil, map[int]goumai.Msg{}},
		{"an entry beyond those sent", map[string]goumai.Msg{"scores.5.points": over}, []int{1}, map[int]goumai.Msg{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := scoreFieldErrors(&goumai.Error{Code: goumai.EInvalid, Fields: c.fields}, c.items)
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestAwardPageFixes executes the pages the browser test (e2e
// TestBrowserAward) found a user could not complete: the scoring screen
// shows a refused score at its field, the review page keeps a refused row as
// typed with the reason's problem at its field, and the expert's page links
// each lot's scoring screen from the evaluation day.
func TestAwardPageFixes(t *testing.T) {
	clock := goumai.NewFakeClock(sqltest.Start)
	w := newWorld(t, sqltest.SQLite(t, clock), clock)
	at := time.Date(2026, 4, 1, 10, 0, 0, 0, goumai.Shanghai)
	d := goumai.Documents{Evaluation: goumai.EvalComprehensive, PriceWeightPct: 60, Scoring: []goumai.ScoringItem{
		{Name: "价格", Factor: goumai.FactorPrice, Points: 60}, {Name: "服务方案", Factor: goumai.FactorTechnical, Points: 40}}}
	p := goumai.Procurement{ID: 7, Code: "ZC-2026-7", Title: "居家养老上门服务", Method: goumai.MethodOpenTender, Documents: d}
	lot := goumai.Lot{ID: 3, Number: 1, Title: "第一包"}
	bid := goumai.OpenedBid{ID: 11, LotID: 3, Supplier: "杭州颐养社会工作服务中心", Price: 40_000_000}
	seat := goumai.PanelMember{ID: 21, UserID: 5}
	over := goumai.M("“服务方案”的得分须在0至40分之间", "the score on “服务方案” must be between 0 and 40 points")
	sv := &scoreView{V: workflow.EvaluationView{Procurement: p, Lots: []goumai.Lot{lot}, Bids: []goumai.OpenedBid{bid}, Seat: &seat, Passed: []int64{11}},
		Lot: lot, Items: []scoreItem{{Index: 1, Item: d.Scoring[1], Step: "0.0001"}},
		Rows: []scoreRow{{Bid: bid, Points: map[int]string{1: "45"}, Reasons: map[int]string{}, Error: &goumai.Error{Code: goumai.EInvalid, Rule: "ENG-G5", Message: over,
			Fields: map[string]goumai.Msg{"scores.0.points": over}}, Errs: map[int]goumai.Msg{1: over}}}}
	noReason := goumai.M("请填写未通过审查的理由（不超过2000个字）", "write the reason for failing the bid, at most 2000 characters")
	rv := &reviewView{V: sv.V, Lot: lot, Stages: reviewStages, Rows: []reviewRow{
		{Bid: bid, Stages: map[goumai.ReviewStage]goumai.BidReview{goumai.ReviewQualification: {OpenedBidID: 11, Stage: goumai.ReviewQualification, Pass: true}},
			Error: &goumai.Error{Code: goumai.EInvalid, Message: goumai.M("输入有误", "invalid"), Fields: map[string]goumai.Msg{"reason": noReason}},
			Form:  map[string]string{"stage": "compliance", "pass": "0"}}}}
	ev := &expertView{Seats: []workflow.ExpertSeat{{MemberID: 21, Code: "PX-0123456789AB", Status: goumai.PanelActive, EvaluationAt: &at, ProcurementID: 7, Title: p.Title}},
		Lots: map[int64][]goumai.Lot{7: {lot}}}
	for _, lang := range []string{"zh", "en"} {
		for _, c := range []struct {
			page string
			data any
			want []string
		}{
			{"eval_score", map[string]any{"S": sv}, []string{`id="e-11-1"`, `aria-invalid="true" aria-describedby="e-11-1"`, map[string]string{"zh": "得分须在0至40分之间", "en": "must be between 0 and 40 points"}[lang], "ENG-G5", `value="45"`}},
			{"eval_review", map[string]any{"R": rv}, []string{`id="rev-err-11"`, `<option value="compliance" selected>`, `id="fail-11" name="pass" value="0" checked`,
				`action="/staff/procurements/7/evaluation/lots/3/bids/11/review"`, `<span class="err" id="rev-reason-err-11">` + map[string]string{"zh": noReason.ZH, "en": noReason.EN}[lang]}},
			{"expert", map[string]any{"V": ev}, []string{`class="score-link" href="/staff/procurements/7/evaluation/lots/3/score"`, "PX-0123456789AB"}},
		} {
			wantInPage(t, w, c.page, lang, c.data, at, c.want...)
		}
	}
}

// wantInPage executes the page's template in lang with data and fails for
// each string of want the page lacks; it returns the page.
func wantInPage(t *testing.T, w *world, page, lang string, data any, at time.Time, want ...string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := w.srv.pages.set[page].ExecuteTemplate(&buf, "layout.html", view{Lang: lang, Path: "/x", Data: data, Now: at}); err != nil {
		t.Fatalf("%s %s: %v", page, lang, err)
	}
	for _, s := range want {
		if !strings.Contains(buf.String(), s) {
			t.Errorf("%s %s: no %q", page, lang, s)
		}
	}
	return buf.String()
}
