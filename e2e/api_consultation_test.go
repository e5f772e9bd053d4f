package e2e

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// apiConsultationBids are the three responses to the API 磋商: account, price
// and final offer in thousandths of the budget, whether the panel finds it
// qualified, and the points each member gives the three scored items.
var apiConsultationBids = []struct {
	account   string
	share     goumai.Fen
	offer     goumai.Fen
	qualified bool
	points    [3]string
}{
	{"supplier.kangning", 900, 880, true, [3]string{"40", "20", "10"}},
	{"supplier.zhijiang", 850, 840, true, [3]string{"25", "12", "6"}},
	{"supplier.xiyanghong", 950, 0, false, [3]string{}},
}

// TestAPIConsultation is issue 9's 竞争性磋商 for a purchase of services that
// goes on with two (ENG-E3; 财库〔2015〕124号), through the JSON API:
// 西湖区民政局 publishes it; three suppliers respond, sealed; the scheduler
// opens them at the deadline; a group of three is drawn verifiably; the
// group (a 磋商's qualifications are the panel's) finds one supplier not
// qualified, so two remain, and the procedure goes on; the group calls for
// final offers, which the two make (the third is refused, ENG-E3); every
// member scores; the report ranks the two; the purchaser confirms rank 1 and
// the result notice is published with the letters and bond refunds. The
// draw, the opening and the log then check from the public log alone.
func TestAPIConsultation(t *testing.T) {
	t.Parallel()
	apiEachDB(t, apiConsultationJourney)
}

func apiConsultationJourney(t *testing.T, s site) {
	public := apiPublic(s)
	purchaser := apiLogin(t, s, "xihu.minzheng")
	supervisor := apiLogin(t, s, "xihu.reviewer")
	pr := apiProject(t, s, "2026年西湖区老年人心理关爱服务", 400_000_00)

	var p workflow.ProcurementView
	var lot goumai.Lot
	path := func(rest string) string { return fmt.Sprintf("/api/v1/procurements/%d%s", p.ID, rest) }
	apiStep(t, "publish a 竞争性磋商 for a purchase of services", func(t *testing.T) {
		p = apiPublish(t, purchaser, workflow.ProcurementInput{ProjectID: pr.ID, Method: goumai.MethodConsultation,
			Reason: goumai.ReasonPurchaseOfServices, ReasonDetail: "本项目属于政府购买服务项目（财库〔2014〕214号第三条）。"}, apiWorkingDays(t, s, 12), goumai.NoticeNonTender)
		lot = p.Lots[0]
	})

	bidders := make([]apiBidder, len(apiConsultationBids))
	bids := make([]goumai.Bid, len(apiConsultationBids))
	apiStep(t, "three suppliers respond, sealed", func(t *testing.T) {
		for i, d := range apiConsultationBids {
			bidders[i] = apiNewBidder(t, s, d.account, false)
			bids[i] = bidders[i].seal(t, p.ID, lot.ID, lot.Budget*d.share/1000, "磋商响应（"+d.account+"）：按需求逐项响应。")
		}
	})

	var opening goumai.Opening
	apiStep(t, "the deadline passes and the responses are opened", func(t *testing.T) {
		s.Clock.Set(p.Periods.BidDeadline.Add(time.Minute))
		if _, err := s.Svc.Tick(t.Context()); err != nil {
			t.Fatalf("tick: %v", err)
		}
		opening = apiOK[goumai.Opening](t, public, "GET", path("/bids"), nil, http.StatusOK, "opening")
		if len(opening.Bids) != len(apiConsultationBids) {
			t.Fatalf("the opening record has %d responses, want %d", len(opening.Bids), len(apiConsultationBids))
		}
		if v := apiOK[workflow.ProcurementView](t, public, "GET", path(""), nil, http.StatusOK, ""); v.Status != goumai.ProcEvaluation {
			t.Fatalf("after opening: %s", v.Status)
		}
	})

	evalAt := apiWorkingDays(t, s, 1)
	var draw goumai.PanelDraw
	var experts []apiUser
	apiStep(t, "a group of three is drawn", func(t *testing.T) {
		draw = apiDraw(t, s, p.ID, supervisor, purchaser, workflow.DrawRequestInput{EvaluationAt: evalAt, PanelSize: 3, Speciality: "A0101"})
		if experts = apiSeated(t, s, p.ID, evalAt); len(experts) != 3 {
			t.Fatalf("%d experts seated, want 3 (a 磋商 group, ENG-F2)", len(experts))
		}
	})

	ev := func(who apiUser) workflow.EvaluationView {
		return apiOK[workflow.EvaluationView](t, who, "GET", path("/evaluation"), nil, http.StatusOK, "evaluation")
	}
	apiStep(t, "the group finds two qualified: the 磋商 goes on with two", func(t *testing.T) {
		for i, d := range apiConsultationBids {
			o := apiOpened(t, opening, bidders[i].org.ID)
			bid := path(fmt.Sprintf("/evaluation/bids/%d/review", o.ID))
			// A 磋商's qualifications are the group's to review, not the organiser's.
			apiRefused(t, purchaser, "POST", bid, workflow.ReviewInput{Stage: goumai.ReviewQualification, Pass: true}, http.StatusForbidden, "")
			in := workflow.ReviewInput{Stage: goumai.ReviewQualification, Pass: d.qualified}
			if !d.qualified {
				in.Reason = "未提供服务人员资格证书，不满足采购文件规定的资格条件。"
			}
			apiOK[goumai.BidReview](t, experts[0], "POST", bid, in, http.StatusOK, "review")
			if d.qualified {
				apiOK[goumai.BidReview](t, experts[0], "POST", bid, workflow.ReviewInput{Stage: goumai.ReviewCompliance, Pass: true}, http.StatusOK, "review")
			}
		}
		v := ev(purchaser)
		if v.Procurement.Status != goumai.ProcEvaluation || len(v.Passed) != 2 {
			t.Fatalf("after the reviews: %s with %v standing, want evaluation with two (ENG-E3)", v.Procurement.Status, v.Passed)
		}
	})

	apiStep(t, "final offers", func(t *testing.T) {
		due := evalAt.Add(time.Hour)
		r := apiOK[goumai.OfferRound](t, experts[1], "POST", path("/evaluation/offer-rounds"), workflow.OfferCallInput{LotID: lot.ID, DueAt: due}, http.StatusCreated, "round")
		offers := path(fmt.Sprintf("/evaluation/offer-rounds/%d/offer", r.ID))
		for i, d := range apiConsultationBids {
			if !d.qualified {
				apiRefused(t, bidders[i].apiUser, "POST", offers, workflow.OfferInput{Price: lot.Budget / 2}, http.StatusConflict, "ENG-E3")
				continue
			}
			apiOK[goumai.FinalOffer](t, bidders[i].apiUser, "POST", offers, workflow.OfferInput{Price: lot.Budget * d.offer / 1000}, http.StatusCreated, "offer")
		}
		s.Clock.Set(due.Add(time.Minute))
	})

	apiStep(t, "the group scores the two", func(t *testing.T) {
		for i, d := range apiConsultationBids {
			if !d.qualified {
				continue
			}
			o := apiOpened(t, opening, bidders[i].org.ID)
			apiScore(t, experts, path(fmt.Sprintf("/evaluation/bids/%d/scores", o.ID)), d.points)
		}
	})

	var rank1 goumai.RankedBid
	apiStep(t, "the report ranks the two", func(t *testing.T) {
		s.Clock.Set(evalAt.Add(3 * time.Hour))
		rep := apiOK[goumai.EvaluationReport](t, purchaser, "POST", path("/evaluation/report"), nil, http.StatusOK, "report")
		if len(rep.Lots) != 1 || rep.Lots[0].Failed || len(rep.Lots[0].Ranks) != 2 {
			t.Fatalf("the report's ranking: %+v", rep.Lots)
		}
		rank1 = rep.Lots[0].Ranks[0]
		if rank1.OrgID != bidders[0].org.ID || rank1.Price != lot.Budget*apiConsultationBids[0].offer/1000 {
			t.Errorf("rank 1: %+v, want %s at its final offer", rank1, apiConsultationBids[0].account)
		}
	})

	apiStep(t, "the purchaser confirms and the result is published", func(t *testing.T) {
		s.Clock.Set(apiAt(apiWorkingDays(t, s, 1), 10, 0))
		v := apiOK[workflow.ProcurementView](t, purchaser, "GET", path(""), nil, http.StatusOK, "")
		apiQualify(t, purchaser, p.ID)
		got := apiOK[goumai.Procurement](t, purchaser, "POST", path("/confirm"), workflow.ConfirmInput{Version: v.Version,
			Lots: []workflow.LotConfirmation{{LotID: lot.ID, OpenedBidID: rank1.OpenedBidID}}}, http.StatusOK, "procurement")
		s.Clock.Set(s.Clock.Now().Add(time.Hour))
		n := apiOK[goumai.Notice](t, purchaser, "POST", path("/result"), map[string]int{"version": got.Version}, http.StatusOK, "notice")
		rv := apiOK[workflow.ResultView](t, public, "GET", path("/result"), nil, http.StatusOK, "result")
		if len(rv.Awards) != 1 || rv.Awards[0].OrgID != bidders[0].org.ID || rv.Awards[0].Amount != rank1.Price || rv.Refunds != nil {
			t.Errorf("the public result: awards %+v, refunds %+v", rv.Awards, rv.Refunds)
		}
		apiLetters(t, bidders, p.ID, n.ID)
		apiRefunds(t, purchaser, p.ID, bidders[0].org.ID, len(apiConsultationBids)-1)
	})

	apiStep(t, "the draw and the opening check from the public log", func(t *testing.T) {
		apiCheckLog(t, s, p.ID, draw.ID, apiReceipts(t, bidders, bids))
	})
}
