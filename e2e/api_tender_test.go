package e2e

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/workflow"
)

// apiTenderBids are the five bidders of the API tender: account, price in
// thousandths of the budget, and the points each expert gives the three
// scored items (服务方案 40, 服务人员持证比例 20, 应急保障措施 10). 李记's price
// is abnormally low (ENG-G7): below 45% of the ceiling, 50% of the second
// lowest and 50% of the mean of the compliant prices (rules.NationalDefaults).
var apiTenderBids = []struct {
	account  string
	share    goumai.Fen
	points   [3]string
	evidence bool // files its profile and proofs through the API first (the demo gave it none)
}{
	{"supplier.zhijiang", 880, [3]string{"40", "20", "10"}, false},
	{"supplier.kangning", 920, [3]string{"25", "12", "10"}, false},
	{"supplier.xiyanghong", 950, [3]string{"25", "12", "6"}, false},
	{"supplier.xinqiao", 900, [3]string{"10", "12", "6"}, true},
	{"supplier.liji", 400, [3]string{"25", "4", "0"}, true},
}

// apiLowBidder is the index in apiTenderBids of the abnormally low price.
const apiLowBidder = 4

// TestAPITender is issue 9's open tender through the JSON API: 西湖区民政局
// publishes a 公开招标 for a service; five suppliers seal and sign their bids,
// one at an abnormally low price; the purchaser's early look at the bids is
// refused; the deadline passes and the scheduler opens them; the public reads
// the opening record; the finance supervisor and the purchaser commit, the
// purchaser requests the draw, both reveal and four experts are seated with
// the purchaser's representative the purchaser seats
// (secret until the day); the purchaser reviews qualifications, the panel
// compliance; the panel demands a justification of the low price, the bidder
// gives one and the panel rejects it (the bid is invalid); an out-of-range
// score is refused (ENG-G5) and changes nothing; every expert scores; the
// report ranks the four left; the purchaser confirms rank 1 (rank 2 is refused,
// ENG-D6, and so is a second confirmation); the result notice is published;
// the winner gets its award letter and the others their result letters; the
// losers' bonds are refunded from the to-do. Then, independently, goumai log
// check-draw and check-opening re-run the draw and the opening from the
// public log with each bidder's receipt (a forged receipt fails), and goumai
// log verify passes.
func TestAPITender(t *testing.T) {
	t.Parallel()
	apiEachDB(t, apiTenderJourney)
}

func apiTenderJourney(t *testing.T, s site) {
	ctx := context.Background()
	public := apiPublic(s)
	purchaser := apiLogin(t, s, "xihu.minzheng")  // the purchaser organises its own tender
	supervisor := apiLogin(t, s, "xihu.reviewer") // a finance supervisor of the procedure's region
	pr := apiProject(t, s, "2026年西湖区社区养老顾问服务", 500_000_00)

	var p workflow.ProcurementView
	var lot goumai.Lot
	path := func(rest string) string { return fmt.Sprintf("/api/v1/procurements/%d%s", p.ID, rest) }
	apiStep(t, "publish an open tender", func(t *testing.T) {
		p = apiPublish(t, purchaser, workflow.ProcurementInput{ProjectID: pr.ID, Method: goumai.MethodOpenTender}, apiWorkingDays(t, s, 25), goumai.NoticeTender)
		lot = p.Lots[0]
	})

	bidders := make([]apiBidder, len(apiTenderBids))
	bids := make([]goumai.Bid, len(apiTenderBids))
	apiStep(t, "five suppliers seal their bids", func(t *testing.T) {
		for i, d := range apiTenderBids {
			bidders[i] = apiNewBidder(t, s, d.account, d.evidence)
			bids[i] = bidders[i].seal(t, p.ID, lot.ID, lot.Budget*d.share/1000, "服务方案（"+d.account+"）：按需求逐项响应。")
		}
	})

	apiStep(t, "nobody else reads them before the deadline", func(t *testing.T) {
		price := lot.Budget * apiTenderBids[0].share / 1000
		for _, read := range []struct {
			who  apiUser
			path string
			want int
		}{
			{purchaser, path("/bids"), http.StatusForbidden},
			{supervisor, path("/bids"), http.StatusForbidden},
			{public, path("/bids"), http.StatusForbidden},
			{bidders[1].apiUser, path("/bids"), http.StatusForbidden},
			{bidders[1].apiUser, fmt.Sprintf("/api/v1/bids/%d", bids[0].ID), http.StatusNotFound},
			{purchaser, fmt.Sprintf("/api/v1/bids/%d", bids[0].ID), http.StatusNotFound},
		} {
			body := apiRefused(t, read.who, "GET", read.path, nil, read.want, "")
			if strings.Contains(body, fmt.Sprint(int64(price))) || strings.Contains(body, bids[0].Submitted.Commitment) {
				t.Errorf("%s GET %s shows the sealed bid: %s", read.who.name, read.path, body)
			}
		}
	})

	var opening goumai.Opening
	apiStep(t, "the deadline passes and the bids are opened", func(t *testing.T) {
		s.Clock.Set(p.Periods.BidDeadline.Add(time.Minute))
		if _, err := s.Svc.Tick(ctx); err != nil { // goumai serve's scheduler
			t.Fatalf("tick: %v", err)
		}
		apiRefused(t, purchaser, "POST", path("/open"), nil, http.StatusConflict, "") // opened already
		opening = apiOK[goumai.Opening](t, public, "GET", path("/bids"), nil, http.StatusOK, "opening")
		if len(opening.Bids) != len(apiTenderBids) {
			t.Fatalf("the opening record has %d bids, want %d", len(opening.Bids), len(apiTenderBids))
		}
		for i, d := range apiTenderBids {
			o := apiOpened(t, opening, bidders[i].org.ID)
			if o.Price != lot.Budget*d.share/1000 || !o.Matches || o.SetAside != "" || o.Commitment != bids[i].Submitted.Commitment {
				t.Errorf("%s's opened bid: %+v", d.account, o)
			}
		}
		v := apiOK[workflow.ProcurementView](t, public, "GET", path(""), nil, http.StatusOK, "")
		if v.Status != goumai.ProcEvaluation || !slices.ContainsFunc(v.Notices, func(n goumai.Notice) bool { return n.Kind == goumai.NoticeOpening }) {
			t.Errorf("after opening: %s, notices %+v", v.Status, v.Notices)
		}
		p = v
	})

	evalAt := apiWorkingDays(t, s, 1)
	var draw goumai.PanelDraw
	apiStep(t, "the experts are drawn verifiably", func(t *testing.T) {
		draw = apiDraw(t, s, p.ID, supervisor, purchaser, workflow.DrawRequestInput{EvaluationAt: evalAt, PanelSize: 5, PurchaserReps: 1, Speciality: "A0101"})
	})

	var experts []apiUser
	apiStep(t, "the purchaser seats its representative; the experts find their seats on the day", func(t *testing.T) {
		rep := apiLogin(t, s, "xihu.minzheng.approver")
		apiRefused(t, supervisor, "POST", path("/panel/representatives"), workflow.RepresentativeInput{Username: rep.name}, http.StatusForbidden, "")
		apiOK[goumai.PanelMember](t, purchaser, "POST", path("/panel/representatives"), workflow.RepresentativeInput{Username: rep.name}, http.StatusCreated, "member")
		experts = apiSeated(t, s, p.ID, evalAt)
		if len(experts) != 4 {
			t.Fatalf("%d experts seated, want 4 (a panel of five with the purchaser's representative)", len(experts))
		}
		experts = append(experts, rep) // the representative reviews and scores like them
	})

	ev := func(who apiUser) workflow.EvaluationView {
		return apiOK[workflow.EvaluationView](t, who, "GET", path("/evaluation"), nil, http.StatusOK, "evaluation")
	}
	low := apiOpened(t, opening, bidders[apiLowBidder].org.ID)
	apiStep(t, "qualification and compliance reviews", func(t *testing.T) {
		for _, o := range opening.Bids {
			bid := fmt.Sprintf("/evaluation/bids/%d/review", o.ID)
			// A tender's qualifications are the organiser's to review (O87 Art. 44), not the panel's.
			apiRefused(t, experts[0], "POST", path(bid), workflow.ReviewInput{Stage: goumai.ReviewQualification, Pass: true}, http.StatusForbidden, "")
			apiOK[goumai.BidReview](t, purchaser, "POST", path(bid), workflow.ReviewInput{Stage: goumai.ReviewQualification, Pass: true}, http.StatusOK, "review")
			apiOK[goumai.BidReview](t, experts[0], "POST", path(bid), workflow.ReviewInput{Stage: goumai.ReviewCompliance, Pass: true}, http.StatusOK, "review")
		}
	})

	apiStep(t, "the abnormally low price is justified and rejected", func(t *testing.T) {
		q := apiOK[goumai.PriceQuery](t, experts[1], "POST", path(fmt.Sprintf("/evaluation/bids/%d/price-query", low.ID)),
			workflow.PriceQueryInput{DueAt: evalAt.Add(2 * time.Hour)}, http.StatusCreated, "query")
		for _, trig := range []string{rules.TriggerMean, rules.TriggerSecond, rules.TriggerCeiling} {
			if !slices.Contains(q.Triggers, trig) {
				t.Errorf("the query's triggers %q lack %s", q.Triggers, trig)
			}
		}
		// The bidder finds the query in its view of the evaluation, which shows it nobody else's bid.
		mine := ev(bidders[apiLowBidder].apiUser)
		if len(mine.Queries) != 1 || mine.Queries[0].ID != q.ID || len(mine.Bids) != 1 || mine.Bids[0].ID != low.ID {
			t.Fatalf("the bidder's view: queries %+v, bids %+v", mine.Queries, mine.Bids)
		}
		qp := fmt.Sprintf("/api/v1/price-queries/%d", q.ID)
		apiRefused(t, bidders[0].apiUser, "POST", qp+"/justification", workflow.JustifyInput{Justification: "代答"}, http.StatusNotFound, "")
		apiRefused(t, experts[2], "POST", qp+"/decision", workflow.PriceDecisionInput{Reason: "尚未说明"}, http.StatusConflict, "")
		q = apiOK[goumai.PriceQuery](t, bidders[apiLowBidder].apiUser, "POST", qp+"/justification",
			workflow.JustifyInput{Justification: "本工作室由执业心理咨询师本人提供服务，无场地租金，人工成本按每小时80元测算。"}, http.StatusOK, "query")
		if q.Status != goumai.QueryJustified {
			t.Errorf("justified: %s", q.Status)
		}
		q = apiOK[goumai.PriceQuery](t, experts[2], "POST", qp+"/decision", workflow.PriceDecisionInput{Accept: false,
			Reason: "说明的人工成本不足以覆盖采购需求规定的服务人次，不能证明报价合理，投标无效（财政部令第87号第六十条）。"}, http.StatusOK, "query")
		if q.Status != goumai.QueryRejected {
			t.Errorf("decided: %s", q.Status)
		}
		if v := ev(purchaser); slices.Contains(v.Passed, low.ID) || len(v.Passed) != len(apiTenderBids)-1 {
			t.Errorf("the bids standing after the rejection: %v", v.Passed)
		}
	})

	apiStep(t, "the experts score", func(t *testing.T) {
		first := apiOpened(t, opening, bidders[0].org.ID)
		scores := path(fmt.Sprintf("/evaluation/bids/%d/scores", first.ID))
		before := len(ev(purchaser).Scores)
		apiRefused(t, experts[0], "POST", scores, workflow.ScoreInput{Scores: []workflow.ScoreEntry{
			{Item: "服务方案", Points: "45", Reason: "超出满分"}, {Item: "应急保障措施", Points: "10", Reason: "2小时内到场"}}}, http.StatusUnprocessableEntity, "ENG-G5")
		if after := len(ev(purchaser).Scores); after != before {
			t.Errorf("a refused score changed the scores: %d, then %d", before, after)
		}
		for i, d := range apiTenderBids {
			if i == apiLowBidder {
				continue
			}
			o := apiOpened(t, opening, bidders[i].org.ID)
			apiScore(t, experts, path(fmt.Sprintf("/evaluation/bids/%d/scores", o.ID)), d.points)
		}
	})

	var rank1, rank2 goumai.RankedBid
	apiStep(t, "the report ranks the four valid bids", func(t *testing.T) {
		s.Clock.Set(evalAt.Add(3 * time.Hour))
		apiRefused(t, experts[0], "POST", path("/evaluation/report"), nil, http.StatusForbidden, "")
		rep := apiOK[goumai.EvaluationReport](t, purchaser, "POST", path("/evaluation/report"), nil, http.StatusOK, "report")
		if len(rep.Lots) != 1 || rep.Lots[0].Failed || len(rep.Lots[0].Ranks) != len(apiTenderBids)-1 {
			t.Fatalf("the report's ranking: %+v", rep.Lots)
		}
		for _, r := range rep.Lots[0].Ranks {
			if r.OrgID == bidders[apiLowBidder].org.ID {
				t.Errorf("the invalid bid is ranked: %+v", r)
			}
		}
		rank1, rank2 = rep.Lots[0].Ranks[0], rep.Lots[0].Ranks[1]
		if rank1.Rank != 1 || rank1.OrgID != bidders[0].org.ID || rank2.Rank != 2 {
			t.Errorf("ranks 1 and 2: %+v, %+v; want %s first", rank1, rank2, apiTenderBids[0].account)
		}
	})

	apiStep(t, "the purchaser confirms rank 1", func(t *testing.T) {
		s.Clock.Set(apiAt(apiWorkingDays(t, s, 1), 10, 0))
		v := apiOK[workflow.ProcurementView](t, purchaser, "GET", path(""), nil, http.StatusOK, "")
		confirm := func(b goumai.RankedBid) workflow.ConfirmInput {
			return workflow.ConfirmInput{Version: v.Version, Lots: []workflow.LotConfirmation{{LotID: lot.ID, OpenedBidID: b.OpenedBidID}}}
		}
		apiRefused(t, purchaser, "POST", path("/confirm"), confirm(rank1), http.StatusConflict, "QUAL-1")
		apiQualify(t, purchaser, p.ID)
		apiRefused(t, purchaser, "POST", path("/confirm"), confirm(rank2), http.StatusForbidden, "ENG-D6")
		if after := apiOK[workflow.ProcurementView](t, purchaser, "GET", path(""), nil, http.StatusOK, ""); after.Status != goumai.ProcConfirmation || after.Version != v.Version {
			t.Errorf("a refused confirmation changed the procedure: %s v%d", after.Status, after.Version)
		}
		got := apiOK[goumai.Procurement](t, purchaser, "POST", path("/confirm"), confirm(rank1), http.StatusOK, "procurement")
		if got.Status != goumai.ProcConfirmed {
			t.Errorf("confirmed: %s", got.Status)
		}
		apiRefused(t, purchaser, "POST", path("/confirm"), workflow.ConfirmInput{Version: got.Version, Lots: confirm(rank1).Lots}, http.StatusConflict, "")
		p.Version = got.Version
	})

	apiStep(t, "the result notice and the letters", func(t *testing.T) {
		s.Clock.Set(s.Clock.Now().Add(time.Hour))
		n := apiOK[goumai.Notice](t, purchaser, "POST", path("/result"), map[string]int{"version": p.Version}, http.StatusOK, "notice")
		if n.Kind != goumai.NoticeResult {
			t.Errorf("the result notice: %+v", n)
		}
		v := apiOK[workflow.ProcurementView](t, public, "GET", path(""), nil, http.StatusOK, "")
		if v.Status != goumai.ProcAwarded {
			t.Errorf("after the result notice: %s", v.Status)
		}
		apiLetters(t, bidders, p.ID, n.ID)
	})

	apiStep(t, "the bid bonds are refunded", func(t *testing.T) {
		apiRefunds(t, purchaser, p.ID, bidders[0].org.ID, len(apiTenderBids)-1)
	})

	apiStep(t, "the draw and the opening check from the public log", func(t *testing.T) {
		apiCheckLog(t, s, p.ID, draw.ID, apiReceipts(t, bidders, bids))
	})
}

// apiOpened is the organisation's opened bid in the opening record.
func apiOpened(t *testing.T, o goumai.Opening, orgID int64) goumai.OpenedBid {
	t.Helper()
	for _, b := range o.Bids {
		if b.OrgID == orgID {
			return b
		}
	}
	t.Fatalf("no opened bid of organisation %d", orgID)
	return goumai.OpenedBid{}
}

// apiDraw draws a panel through the API: the supervisor and the organiser
// commit to their secrets, the organiser requests the draw (which signs the
// checkpoint over the request) and both reveal, after a wrong secret is
// refused. The public panel page then shows the drawn draw.
func apiDraw(t *testing.T, s site, procurementID int64, supervisor, organiser apiUser, in workflow.DrawRequestInput) goumai.PanelDraw {
	t.Helper()
	panel := fmt.Sprintf("/api/v1/procurements/%d/panel", procurementID)
	secrets := map[goumai.DrawParty]string{}
	parties := []struct {
		party goumai.DrawParty
		who   apiUser
	}{{goumai.PartySupervisor, supervisor}, {goumai.PartyOrganizer, organiser}}
	for _, x := range parties {
		secrets[x.party] = apiSecret(t)
		h, err := rules.CommitHash(secrets[x.party])
		if err != nil {
			t.Fatal(err)
		}
		apiOK[goumai.DrawCommitment](t, x.who, "POST", panel+"/commitments/"+string(x.party), workflow.CommitInput{Hash: h}, http.StatusCreated, "commitment")
	}
	// The organiser cannot commit as the supervisor.
	apiRefused(t, organiser, "POST", panel+"/commitments/supervisor", workflow.CommitInput{Hash: strings.Repeat("0", 64)}, http.StatusForbidden, "")
	d := apiOK[goumai.PanelDraw](t, organiser, "POST", panel+"/draws", in, http.StatusCreated, "draw")
	// A secret other than the committed one is refused.
	apiRefused(t, supervisor, "POST", fmt.Sprintf("/api/v1/panel-draws/%d/reveal/supervisor", d.ID), workflow.RevealInput{Secret: apiSecret(t)}, http.StatusUnprocessableEntity, "ENG-F3")
	s.Clock.Set(s.Clock.Now().Add(time.Minute))
	for _, x := range parties {
		d = apiOK[goumai.PanelDraw](t, x.who, "POST", fmt.Sprintf("/api/v1/panel-draws/%d/reveal/%s", d.ID, x.party), workflow.RevealInput{Secret: secrets[x.party]}, http.StatusOK, "draw")
	}
	v := apiOK[workflow.PanelCounts](t, apiPublic(s), "GET", panel, nil, http.StatusOK, "panel")
	if len(v.Draws) == 0 || v.Draws[len(v.Draws)-1].ID != d.ID || v.Draws[len(v.Draws)-1].Status != goumai.DrawDrawn {
		t.Fatalf("the public panel after the reveals: %+v", v)
	}
	return d
}

// apiSeated signs in the demo experts and returns those seated on the
// procedure: before the evaluation day a seat names a code, not the
// procedure (REQ-C15); the clock is left at the evaluation's start.
func apiSeated(t *testing.T, s site, procurementID int64, evalAt time.Time) []apiUser {
	t.Helper()
	var out []apiUser
	for _, name := range []string{"expert.wang", "expert.li", "expert.chen", "expert.zhao"} {
		x := apiLogin(t, s, name)
		for _, seat := range apiOK[[]workflow.ExpertSeat](t, x, "GET", "/api/v1/expert/seats", nil, http.StatusOK, "seats") {
			if seat.ProcurementID == procurementID || strings.Contains(seat.Title, "端到端") {
				t.Errorf("%s's seat names the procedure before the day: %+v", name, seat)
			}
		}
		out = append(out, x)
	}
	s.Clock.Set(evalAt)
	seated := out[:0]
	for _, x := range out {
		for _, seat := range apiOK[[]workflow.ExpertSeat](t, x, "GET", "/api/v1/expert/seats", nil, http.StatusOK, "seats") {
			if seat.ProcurementID == procurementID && seat.Status == goumai.PanelActive {
				seated = append(seated, x)
			}
		}
	}
	return seated
}

// apiRefunds finds the procedure's bid-bond refunds in the organiser's to-do
// and result view and records each loser's once; the winner's falls due with
// its contract (ENG-D7).
func apiRefunds(t *testing.T, organiser apiUser, procurementID, winnerOrg int64, losers int) {
	t.Helper()
	todo := apiOK[workflow.Inbox](t, organiser, "GET", "/api/v1/todo", nil, http.StatusOK, "")
	n := 0
	for _, it := range todo.Todo {
		if it.Kind == "todo.kind.bond_refund" && strings.Contains(it.Link, fmt.Sprint(procurementID)) {
			n++
		}
	}
	if n != losers {
		t.Errorf("the to-do has %d bond refunds of the procedure, want %d", n, losers)
	}
	rv := apiOK[workflow.ResultView](t, organiser, "GET", fmt.Sprintf("/api/v1/procurements/%d/result", procurementID), nil, http.StatusOK, "result")
	done := 0
	for _, r := range rv.Refunds {
		path := fmt.Sprintf("/api/v1/bond-refunds/%d/refund", r.ID)
		if r.OrgID == winnerOrg {
			if r.DueAt != nil {
				t.Errorf("the winner's bond falls due before its contract: %+v", r)
			}
			continue
		}
		got := apiOK[goumai.BondRefund](t, organiser, "POST", path, nil, http.StatusOK, "refund")
		if got.RefundedAt == nil {
			t.Errorf("refund %d: %+v", r.ID, got)
		}
		apiRefused(t, organiser, "POST", path, nil, http.StatusConflict, "")
		done++
	}
	if done != losers {
		t.Errorf("%d bonds refunded, want %d", done, losers)
	}
}
