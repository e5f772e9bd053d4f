package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The demo contract's delivery (项目监管, 验收, 经费兑付; issue 10 items 4 and
// 6): the supplier keeps its ledger (台账, ENG-H8); a resident complains
// about a missed visit and the purchaser answers publicly; the supplier
// submits the first milestone, an acceptance group with a service users'
// representative (ENG-H6) accepts it and the 验收结果公告 is published
// (REQ-C22); the supplier requests its payment, the purchaser's approver
// approves it with an opinion and 西湖区财政局 records it (ledger pay,
// public with the 一体化 keys). The later milestones are still ahead.

// deliveryStep is one step of the delivery, days after the contract's signing.
type deliveryStep struct {
	days int
	name string
	do   func(ctx context.Context, d *delivery) error
}

// delivery carries the demo contract and its parties through its steps.
type delivery struct {
	l                 *procLoader
	c                 goumai.Contract
	supplier, staff   goumai.Actor
	approver, finance goumai.Actor
	payment           goumai.PaymentRequest
	acceptance        workflow.AcceptanceView // the milestone's, once submitted
	m                 int                     // the milestone's index (the first: 0)
	shift             int                     // days the milestone's steps come after the first's
}

// deliverySteps are the first milestone's steps: its acceptance, then its payment.
var deliverySteps = append(slices.Clone(acceptanceSteps), paymentSteps...)

// acceptanceSteps deliver a milestone and have it accepted.
var acceptanceSteps = []deliveryStep{
	{8, "台账", func(ctx context.Context, d *delivery) error {
		_, err := d.l.svc.AddProgressReport(ctx, d.supplier, d.c.ID, workflow.ProgressInput{ReportOn: d.day(8),
			Content: "完成辖区12个社区独居老人建档，上门探访312人次，电话问候540人次，发现需紧急联络2起，均已联系家属和社区。", Quantity: 312, Unit: "人次"})
		return err
	}},
	{10, "投诉", func(ctx context.Context, d *delivery) error {
		sc, err := d.l.svc.FileServiceComplaint(ctx, goumai.Actor{}, d.c.ID, workflow.ServiceComplaintInput{Body: "我家老人所在的翠苑一区本周没有社工上门探访。"})
		if err != nil {
			return err
		}
		d.l.clock.Set(d.l.clock.Now().Add(3 * time.Hour))
		_, err = d.l.svc.AnswerServiceComplaint(ctx, d.staff, sc.ID, workflow.ComplaintAnswer{Answer: "经核实，该社区探访因社工调岗顺延两天，已于次日补访，并调整排班，确保每周探访。"})
		return err
	}},
	{13, "台账", func(ctx context.Context, d *delivery) error {
		_, err := d.l.svc.AddProgressReport(ctx, d.supplier, d.c.ID, workflow.ProgressInput{ReportOn: d.day(13),
			Content: "首轮全覆盖探访完成：建档独居老人486人，上门探访486人，电话问候1,102人次；翠苑一区补访已完成。", Quantity: 486, Unit: "人"})
		return err
	}},
	{14, "提交验收", func(ctx context.Context, d *delivery) error {
		m := d.c.Milestones[d.m]
		var err error
		d.acceptance, err = d.l.svc.SubmitMilestone(ctx, d.supplier, m.ID, workflow.MilestoneSubmitInput{Version: m.Version,
			Report: "已建立探访对象档案486份和探访台账，完成首轮全覆盖上门探访486人，附探访记录汇总。"})
		return err
	}},
	{15, "验收", func(ctx context.Context, d *delivery) error {
		m := d.c.Milestones[d.m]
		v, err := d.l.svc.FormAcceptanceGroup(ctx, d.staff, m.ID, workflow.AcceptanceGroupInput{Version: d.acceptance.Version, Members: []goumai.AcceptanceMember{
			{Name: "陈敏", Role: goumai.MemberPurchaser, Unit: "杭州市西湖区民政局"},
			{Name: "周立", Role: goumai.MemberExpert, Unit: "浙江公共服务职业学院"},
			{Name: "王阿姨", Role: goumai.MemberServiceUser, Unit: "翠苑街道独居老人代表"},
		}})
		if err != nil {
			return fmt.Errorf("group: %w", err)
		}
		for i, op := range []string{"台账完整，抽查20户与记录一致。", "建档规范，探访频次达到合同约定。", "社工每周上门，态度好，有事能联系上。"} {
			if v, err = d.l.svc.RecordAcceptanceOpinion(ctx, d.staff, m.ID, workflow.OpinionInput{Version: v.Version, Member: i, Agrees: true, Opinion: op}); err != nil {
				return fmt.Errorf("opinion %d: %w", i, err)
			}
		}
		_, err = d.l.svc.DecideAcceptance(ctx, d.staff, m.ID, workflow.AcceptanceDecisionInput{Version: v.Version, Result: goumai.AcceptanceAccepted,
			Reasons: m.Title + "按合同约定完成，验收组一致同意通过验收。"})
		return err
	}},
}

// paymentSteps have an accepted milestone paid.
var paymentSteps = []deliveryStep{
	{16, "支付申请", func(ctx context.Context, d *delivery) error {
		m := d.c.Milestones[d.m]
		var err error
		d.payment, err = d.l.svc.RequestPayment(ctx, d.supplier, d.c.ID, workflow.PaymentInput{MilestoneID: m.ID, Amount: m.Amount, Note: m.Title + "服务费"})
		return err
	}},
	{17, "支付审核", func(ctx context.Context, d *delivery) error {
		var err error
		d.payment, err = d.l.svc.ApprovePayment(ctx, d.approver, d.payment.ID, workflow.PaymentDecision{Version: d.payment.Version, Opinion: "经核验已验收，同意支付。"})
		return err
	}},
	{18, "支付", func(ctx context.Context, d *delivery) error {
		if d.payment.NeedFinance { // at or above the region's threshold (a lower one than the national default, in some tests)
			approver, err := demoActor(ctx, d.l.svc.Store, "xihu.approver")
			if err != nil {
				return err
			}
			if d.payment, err = d.l.svc.FinanceApprovePayment(ctx, approver, d.payment.ID, workflow.PaymentDecision{Version: d.payment.Version,
				Opinion: "符合预算和合同约定，同意支付。"}); err != nil {
				return err
			}
		}
		_, err := d.l.svc.RecordPayment(ctx, d.finance, d.payment.ID, workflow.PaymentDecision{Version: d.payment.Version})
		return err
	}},
}

// day is the date n days after the signing (and the milestone's shift),
// YYYY-MM-DD in Shanghai.
func (d *delivery) day(n int) string {
	return d.c.SignedAt.In(goumai.Shanghai).AddDate(0, 0, n+d.shift).Format(time.DateOnly)
}

// deliveryTimeline returns the delivery's steps for the procedures'
// timeline, on their days after the signing (signed gives the time: 15:40,
// which no other step of the history shares, for a clock that runs on).
func (l *procLoader) deliveryTimeline(ctx context.Context, signed func(days int) time.Time) []timelineStep {
	var d *delivery
	out := make([]timelineStep, 0, len(deliverySteps))
	for _, st := range deliverySteps {
		out = append(out, timelineStep{signed(st.days), "独居老人探访关爱服务（履约：" + st.name + "）", func() error {
			if l.svc.Sealer == nil { // nobody responded: no contract
				return nil
			}
			var err error
			if d == nil {
				pr, err := l.twoProjectOf(ctx)
				if err != nil {
					return err
				}
				if d, err = l.deliveryOf(ctx, pr); err != nil {
					return err
				}
			}
			if d.c, err = l.svc.Store.Contract(ctx, d.c.ID); err != nil {
				return err
			}
			return st.do(ctx, d)
		}})
	}
	return out
}

// deliveryOf reads a project's contract and its parties.
func (l *procLoader) deliveryOf(ctx context.Context, pr goumai.Project) (*delivery, error) {
	p, err := l.procurementOf(ctx, pr)
	if err != nil {
		return nil, err
	}
	cs, err := l.svc.Store.Contracts(ctx, p.ID)
	if err != nil || len(cs) != 1 {
		return nil, fmt.Errorf("contracts of %s: %v %v", p.Title, cs, err)
	}
	d := &delivery{l: l, c: cs[0], staff: l.actors["xihu.minzheng"], approver: l.actors["xihu.minzheng.approver"]}
	if d.supplier, err = l.winnerOf(ctx, d.c.SupplierOrgID); err != nil {
		return nil, err
	}
	if d.finance, err = demoActor(ctx, l.svc.Store, "xihu.reviewer"); err != nil {
		return nil, err
	}
	return d, nil
}
