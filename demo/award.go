package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/workflow"
)

// The demo's awarded procedure: 居家养老上门服务, whose first 磋商 failed
// with no response, procured again by 中诚 — published, three sealed
// responses opened at the deadline by the scheduler, a panel drawn
// verifiably from Zhejiang's experts (the finance supervisor and the agency
// each commit to a published demo secret) with the purchaser's
// representative seated by its staff, reviewed, scored and reported,
// confirmed by the purchaser and its result published with the letters.

// XiyanghongKeySeed is the seed of 宁波市鄞州区夕阳红养老服务中心's demo signing
// key (Ed25519), published like DemoKeySeed: it signs nothing real.
var XiyanghongKeySeed = sha256.Sum256([]byte("goumai demo signing key: supplier.xiyanghong (published, not secret)"))

// demoDrawSecret is a party's published demo secret for the draw (ENG-F3):
// in a real draw each party makes its own in the browser and keeps it.
func demoDrawSecret(party goumai.DrawParty) string {
	sum := sha256.Sum256([]byte("goumai demo draw secret (published, not secret): " + string(party)))
	return hex.EncodeToString(sum[:])
}

// awardBids are the three bids on the awarded tender: account, price in
// thousandths of the budget, and the plan.
var awardBids = []struct {
	account string
	share   goumai.Fen
	plan    string
}{
	{"supplier.kangning", 930, "组建评估小组8人，采用入户抽查与满意度电话回访相结合的方式，每月出具评估简报。"},
	{"supplier.zhijiang", 880, "依托信息平台采集服务记录，结合现场核查，按季度出具评估报告。"},
	{"supplier.xiyanghong", 960, "由持证评估师带队，对机构逐一现场评估，评估结果当场反馈。"},
}

// republish: 中诚 sets the re-tender's periods from today and publishes it.
func (l *procLoader) republish(ctx context.Context, pr goumai.Project) error {
	p, err := l.procurementOf(ctx, pr)
	if err != nil {
		return err
	}
	return l.publishAt(ctx, l.actors["agency.zhongcheng"], p, 1)
}

// awardBidsOn has the three suppliers submit their sealed bids on the tender.
func (l *procLoader) awardBidsOn(ctx context.Context, pr goumai.Project) error {
	if l.svc.Sealer == nil {
		return nil // no bids without a seal key: the tender fails at its deadline
	}
	p, err := l.procurementOf(ctx, pr)
	if err != nil {
		return err
	}
	lots, err := l.svc.Store.Lots(ctx, p.ID)
	if err != nil || len(lots) == 0 {
		return fmt.Errorf("lots of %s: %v", p.Title, err)
	}
	for _, d := range awardBids {
		if err := l.submit(ctx, d.account, p, lots[0], lots[0].Budget*d.share/1000, d.plan, ""); err != nil {
			return err
		}
	}
	return nil
}

// award takes the opened tender through the draw, the evaluation, the
// confirmation and the result notice.
func (l *procLoader) award(ctx context.Context, pr goumai.Project) error {
	p, err := l.procurementOf(ctx, pr)
	if err != nil {
		return err
	}
	if l.svc.Sealer == nil && p.Status == goumai.ProcFailed || p.Status == goumai.ProcTendering {
		return nil // no responses without a seal key; or the deadline fell past the history's holidays
	}
	if p.Status != goumai.ProcEvaluation {
		return fmt.Errorf("%s is %s, want evaluation", p.Title, p.Status)
	}
	staff, sup := l.actors["xihu.minzheng"], l.actors["xihu.reviewer"]
	organiser := staff
	if p.AgencyOrgID != 0 {
		organiser = l.actors["agency.zhongcheng"]
	}
	parties := map[goumai.DrawParty]goumai.Actor{goumai.PartySupervisor: sup, goumai.PartyOrganizer: organiser}
	size, reps := 5, 1 // a tender's committee (ENG-F1), the purchaser's representative counted
	if !goumai.MethodConfigs[p.Method].Tender {
		size, reps = 3, 1 // a 磋商 group (ENG-F2): the representative and two experts (two thirds)
	}
	for party, a := range parties {
		h, err := rules.CommitHash(demoDrawSecret(party))
		if err != nil {
			return err
		}
		if _, err := l.svc.CommitDraw(ctx, a, p.ID, workflow.CommitInput{Party: party, Hash: h}); err != nil {
			return fmt.Errorf("commit %s: %w", party, err)
		}
	}
	cal, err := l.svc.Store.Calendar(ctx)
	if err != nil {
		return err
	}
	next := cal.AddWorkingDays(l.clock.Now(), 1).In(goumai.Shanghai)
	eval := time.Date(next.Year(), next.Month(), next.Day(), 9, 30, 0, 0, goumai.Shanghai)
	d, err := l.svc.RequestDraw(ctx, organiser, p.ID, workflow.DrawRequestInput{EvaluationAt: eval, PanelSize: size, PurchaserReps: reps, Speciality: "A0101"})
	if err != nil {
		return fmt.Errorf("draw request: %w", err)
	}
	l.clock.Set(l.clock.Now().Add(time.Minute))
	if _, err := l.svc.Store.Checkpoint(ctx); err != nil {
		return err
	}
	for _, party := range []goumai.DrawParty{goumai.PartySupervisor, goumai.PartyOrganizer} {
		if _, err := l.svc.RevealDraw(ctx, parties[party], d.ID, workflow.RevealInput{Party: party, Secret: demoDrawSecret(party)}); err != nil {
			return fmt.Errorf("reveal %s: %w", party, err)
		}
	}
	// The purchaser's staff seat its representative (采购人代表), counted in the panel's size.
	if _, err := l.svc.SeatRepresentative(ctx, staff, p.ID, workflow.RepresentativeInput{Username: "xihu.minzheng.approver"}); err != nil {
		return fmt.Errorf("representative: %w", err)
	}
	// The evaluation day.
	l.clock.Set(eval)
	opening, err := l.svc.OpeningRecord(ctx, organiser, p.ID)
	if err != nil {
		return err
	}
	members, err := l.svc.Store.PanelMembers(ctx, p.ID)
	if err != nil {
		return err
	}
	var experts []goumai.Actor // the drawn experts and the purchaser's representative, who scores like them
	for _, m := range members {
		u, err := l.svc.Store.User(ctx, m.UserID)
		if err != nil {
			return err
		}
		a, err := demoActor(ctx, l.svc.Store, u.Username)
		if err != nil {
			return err
		}
		experts = append(experts, a)
	}
	if len(experts) == 0 {
		return fmt.Errorf("no panel drawn for %s", p.Title)
	}
	plans := map[string][3]string{"supplier.kangning": {"40", "20", "10"}, "supplier.zhijiang": {"25", "12", "10"}, "supplier.xiyanghong": {"40", "20", "6"}}
	for _, o := range opening.Bids {
		qualifier := organiser // tenders: the organiser; 磋商: the panel
		if !goumai.MethodConfigs[p.Method].Tender {
			qualifier = experts[0]
		}
		if _, err := l.svc.ReviewBid(ctx, qualifier, p.ID, o.ID, workflow.ReviewInput{Stage: goumai.ReviewQualification, Pass: true}); err != nil {
			return fmt.Errorf("qualification of %s: %w", o.Supplier, err)
		}
		if _, err := l.svc.ReviewBid(ctx, experts[0], p.ID, o.ID, workflow.ReviewInput{Stage: goumai.ReviewCompliance, Pass: true}); err != nil {
			return fmt.Errorf("compliance of %s: %w", o.Supplier, err)
		}
		var pts [3]string
		for acct, v := range plans {
			if a, err := demoActor(ctx, l.svc.Store, acct); err == nil && a.Org.ID == o.OrgID {
				pts = v
			}
		}
		for _, x := range experts {
			in := workflow.ScoreInput{Scores: []workflow.ScoreEntry{
				{Item: "服务方案", Points: pts[0], Reason: "对照采购需求逐项评审（演示）"},
				{Item: "服务人员持证比例", Points: pts[1], Reason: "按投标文件所附证书核定（演示）"},
				{Item: "应急保障措施", Points: pts[2], Reason: "按承诺的到场时间（演示）"}}}
			if _, err := l.svc.ScoreBid(ctx, x, p.ID, o.ID, in); err != nil {
				return fmt.Errorf("score of %s by %s: %w", o.Supplier, x.Username, err)
			}
		}
	}
	l.clock.Set(eval.Add(3 * time.Hour))
	if _, err := l.svc.Report(ctx, organiser, p.ID); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	next = cal.AddWorkingDays(eval, 1).In(goumai.Shanghai) // the purchaser confirms the next working day, at 10:00
	l.clock.Set(time.Date(next.Year(), next.Month(), next.Day(), 10, 0, 0, 0, goumai.Shanghai))
	if p, err = l.svc.Procurement(ctx, organiser, p.ID); err != nil {
		return err
	}
	return l.confirmAndPublish(ctx, p, staff, organiser)
}

// qualify: the purchaser's staff qualify each lot's recommended supplier
// (资质审核), finding each condition of the documents met by the supplier's
// proof of capability (or its first proof).
func (l *procLoader) qualify(ctx context.Context, p goumai.Procurement, staff goumai.Actor) error {
	v, err := l.svc.Qualification(ctx, staff, p.ID)
	if err != nil {
		return fmt.Errorf("qualification: %w", err)
	}
	for _, lot := range v.Lots {
		if lot.OpenedBidID == 0 || len(lot.Evidence) == 0 {
			continue
		}
		proof := lot.Evidence[0].ID
		for _, e := range lot.Evidence {
			if e.Kind == goumai.EvidenceCapability {
				proof = e.ID
			}
		}
		in := workflow.QualifyInput{Version: v.Version, LotID: lot.LotID, Opinion: "经审核，" + lot.Supplier + "符合采购文件规定的资格条件，信用记录查询无异常。"}
		for _, c := range v.Conditions {
			in.Conditions = append(in.Conditions, goumai.ConditionReview{Name: c.Name, Met: true, Evidence: []int64{proof}})
		}
		q, err := l.svc.QualifySupplier(ctx, staff, p.ID, in)
		if err != nil {
			return fmt.Errorf("qualify lot %d: %w", lot.LotNumber, err)
		}
		if q.Result != goumai.Qualified {
			return fmt.Errorf("qualify lot %d: %s not qualified (%s)", lot.LotNumber, q.Supplier, q.Rule)
		}
	}
	return nil
}

// confirmAndPublish: the purchaser's staff confirm each lot's rank 1 of the
// ranking as it stands; an hour later the organiser publishes the result notice.
func (l *procLoader) confirmAndPublish(ctx context.Context, p goumai.Procurement, staff, organiser goumai.Actor) error {
	ranking, err := l.svc.Ranking(ctx, l.svc.Store, p.ID)
	if err != nil {
		return err
	}
	if err := l.qualify(ctx, p, staff); err != nil {
		return err
	}
	in := workflow.ConfirmInput{Version: p.Version}
	for _, r := range ranking {
		if first, ok := r.Recommended(); ok {
			in.Lots = append(in.Lots, workflow.LotConfirmation{LotID: r.LotID, OpenedBidID: first.OpenedBidID})
		}
	}
	if p, err = l.svc.ConfirmResult(ctx, staff, p.ID, in); err != nil {
		return fmt.Errorf("confirm: %w", err)
	}
	l.clock.Set(l.clock.Now().Add(time.Hour))
	if _, err := l.svc.PublishResult(ctx, organiser, p.ID, p.Version); err != nil {
		return fmt.Errorf("result notice: %w", err)
	}
	return nil
}
