package workflow_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// zjPaymentThreshold is the finance threshold the scene's 浙江省 (330000)
// parameter set gives its regions (the contract is 西湖区's, 330106): ¥200,000,
// below the scene's contract and the national ¥1,000,000, so that both paths
// run; zjFairDeductionPct is its deduction of a 中 grade's final payment (the
// national 10 %).
const (
	zjPaymentThreshold = goumai.Fen(20_000_000)
	zjFairDeductionPct = 15
)

// setPaymentParams stores the province's services parameter set (as goumai
// itself does for values already in force) from the contract's signing day:
// the national values but a lower finance threshold and another deduction of
// a 中 grade.
func setPaymentParams(t testing.TB, svc *workflow.Service, c goumai.Contract) {
	t.Helper()
	p := rules.NationalDefaults(rules.Services)
	d := c.SignedAt.In(goumai.Shanghai)
	p.Jurisdiction, p.Source = "330000", "浙财采监〔2026〕2号（测试）"
	p.EffectiveFrom = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, goumai.Shanghai)
	p.FinanceApprovalThreshold, p.FinalDeductionFairPct = zjPaymentThreshold, zjFairDeductionPct
	must[rules.ParamSet](t, "province's payment parameters")(svc.SetParams(context.Background(), goumai.System, p))
}

// paymentScene is a contract in force in two milestones (half each, the
// second the final), paid within 15 days of acceptance.
type paymentScene struct {
	*contractScene
	c    goumai.Contract
	line int64
}

func newPaymentScene(t testing.TB, s *sqlstore.Store, clock *goumai.FakeClock) *paymentScene {
	t.Helper()
	ctx := context.Background()
	sc := newContractScene(t, s, clock)
	c := must[goumai.Contract](t, "draft")(sc.svc.DraftContract(ctx, sc.staff, sc.p.ID, sc.lot.ID, workflow.ContractInput{}))
	in := fullTerms(c)
	in.Terms.Settlement = "每个履约节点验收合格后15日内支付该节点款项。"
	half := c.Amount / 2
	in.Milestones = []goumai.MilestoneInput{{Title: "中期", Deliverables: "中期报告", DueOn: c.StartOn, Amount: half},
		{Title: "结项", Deliverables: "结项报告", DueOn: c.EndOn, Amount: c.Amount - half}}
	c = must[goumai.Contract](t, "update")(sc.svc.UpdateContract(ctx, sc.staff, c.ID, in))
	c = must[goumai.Contract](t, "supplier signs")(sc.svc.SignContract(ctx, sc.winner.Actor, c.ID, signWith(t, sc.winner, c.Hash)))
	c = must[goumai.Contract](t, "purchaser signs")(sc.svc.SignContract(ctx, sc.staff, c.ID, signWith(t, sc.buyerSigner, c.Hash)))
	setPaymentParams(t, sc.svc, c)
	pr := must[goumai.Project](t, "project")(s.Project(ctx, sc.p.ProjectID))
	return &paymentScene{contractScene: sc, c: c, line: pr.BudgetLineID}
}

// accept marks milestone i (0-based) accepted now, as the acceptance use
// case would.
func (ps *paymentScene) accept(t testing.TB, i int) goumai.Milestone {
	t.Helper()
	ctx := context.Background()
	m := must[goumai.Milestone](t, "milestone")(ps.s.Milestone(ctx, ps.c.Milestones[i].ID))
	now := ps.clock.Now()
	m.Status, m.SubmittedAt, m.AcceptedAt = goumai.MilestoneAccepted, &now, &now
	if err := ps.s.Update(ctx, func(tx *sqlstore.Tx) error {
		if _, err := tx.UpdateMilestone(ctx, m); err != nil {
			return err
		}
		_, err := tx.Record(ctx, sqlstore.Change{Actor: ps.staff, Action: "milestone.set", Table: "contract_milestones", Key: m.ID, Region: ps.c.Region})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return must[goumai.Milestone](t, "milestone")(ps.s.Milestone(ctx, m.ID))
}

// grade publishes the contract's performance grade.
func (ps *paymentScene) grade(t testing.TB, score int) {
	t.Helper()
	ctx := context.Background()
	g := goumai.ContractGrade{ContractID: ps.c.ID, EvaluationID: 1, Score: score, Grade: goumai.GradeFor(score), PublishedAt: ps.clock.Now()}
	if err := ps.s.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.SetContractGrade(ctx, g); err != nil {
			return err
		}
		_, err := tx.Record(ctx, sqlstore.Change{Actor: ps.staff, Action: "contract.grade", Table: "contract_grades", Key: ps.c.ID, Region: ps.c.Region, Public: true})
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// TestPayments: the whole path. A milestone not accepted is not paid
// (ENG-H7); an accepted one is requested within its amount, its due date is
// acceptance + the contract's 15 days; the purchaser approves with its 意见
// (to-do), a request under the threshold is then paid (to-do for finance),
// one at or above it needs the finance department's approval first; a
// rejection needs its 意见 and frees the amount; paying twice is refused; the
// ledger pays the net in the same transaction; the final payment waits for
// the published grade and is reduced by the grade's deduction, released from
// the obligation; overdue interest accrues at 0.05 % a day after the due
// date (red flag); the public lists show the payments with the 一体化 keys;
// the log verifies.
func TestPayments(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		ps := newPaymentScene(t, s, clock)
		c, sup := ps.c, ps.winner.Actor
		m1, m2 := c.Milestones[0], c.Milestones[1]
		before := mustBalance(t, s, ps.line)

		_, err := ps.svc.RequestPayment(ctx, sup, c.ID, workflow.PaymentInput{MilestoneID: m1.ID, Amount: 100})
		wantCode(t, "an unaccepted milestone", err, goumai.EConflict, "milestone_id")
		m1 = ps.accept(t, 0)
		_, err = ps.svc.RequestPayment(ctx, ps.staff, c.ID, workflow.PaymentInput{MilestoneID: m1.ID, Amount: 100})
		wantCode(t, "the purchaser requests", err, goumai.EForbidden, "")
		_, err = ps.svc.RequestPayment(ctx, sup, c.ID, workflow.PaymentInput{MilestoneID: m1.ID, Amount: m1.Amount + 1})
		wantCode(t, "past the milestone", err, goumai.EInvalid, "amount")
		_, err = ps.svc.RequestPayment(ctx, sup, c.ID, workflow.PaymentInput{MilestoneID: m1.ID, Amount: 0})
		wantCode(t, "zero", err, goumai.EInvalid, "amount")
		_, err = ps.svc.RequestPayment(ctx, sup, c.ID, workflow.PaymentInput{MilestoneID: m2.ID + 1000, Amount: 100})
		wantCode(t, "another milestone", err, goumai.EInvalid, "milestone_id")

		// Under the threshold: purchaser, then paid.
		small := goumai.Fen(1_000_000)
		p := must[goumai.PaymentRequest](t, "request")(ps.svc.RequestPayment(ctx, sup, c.ID, workflow.PaymentInput{MilestoneID: m1.ID, Amount: small, Note: "中期款"}))
		accepted := m1.AcceptedAt.In(goumai.Shanghai)
		if p.Status != goumai.PaymentRequested || p.NeedFinance || p.Final || p.TermDays != 15 ||
			p.DueOn != accepted.AddDate(0, 0, 15).Format(time.DateOnly) || p.AcceptedOn != accepted.Format(time.DateOnly) ||
			p.Stage.ZH == "" || p.LineID != ps.line || p.InterestRate != 5 || p.Interest != 0 {
			t.Fatalf("request %+v", p)
		}
		line := must[goumai.BudgetLine](t, "line")(s.BudgetLine(ctx, ps.line))
		if p.MofDivCode != line.MofDivCode || p.AgencyCode != line.AgencyCode || p.ProCode != line.ProCode || p.BgtID != line.BgtID {
			t.Errorf("一体化 keys %+v of line %+v", p, line)
		}
		if !hasTodo(t, ps.svc, ps.staff, "todo.kind.payment_approve") {
			t.Error("no approval on the purchaser's to-do list")
		}
		_, err = ps.svc.RecordPayment(ctx, ps.reviewer, p.ID, workflow.PaymentDecision{})
		wantCode(t, "paid before approval", err, goumai.EConflict, "")
		_, err = ps.svc.ApprovePayment(ctx, sup, p.ID, workflow.PaymentDecision{Opinion: "同意"})
		wantCode(t, "the supplier approves", err, goumai.EForbidden, "")
		_, err = ps.svc.ApprovePayment(ctx, ps.staff, p.ID, workflow.PaymentDecision{Version: p.Version + 1, Opinion: "同意"})
		wantCode(t, "a stale version", err, goumai.EStale, "")
		p = must[goumai.PaymentRequest](t, "approve")(ps.svc.ApprovePayment(ctx, ps.approver, p.ID, workflow.PaymentDecision{Version: p.Version, Opinion: "经核验，同意支付"}))
		if p.Status != goumai.PaymentApprovedPurchaser || p.PurchaserOpinion != "经核验，同意支付" || p.PurchaserAt == nil {
			t.Fatalf("approved %+v", p)
		}
		_, err = ps.svc.FinanceApprovePayment(ctx, ps.fapp, p.ID, workflow.PaymentDecision{})
		wantCode(t, "finance approval under the threshold", err, goumai.EConflict, "")
		if !hasTodo(t, ps.svc, ps.reviewer, "todo.kind.payment_pay") {
			t.Error("no payment on finance's to-do list")
		}
		_, err = ps.svc.RecordPayment(ctx, sup, p.ID, workflow.PaymentDecision{})
		wantCode(t, "the supplier pays itself", err, goumai.EForbidden, "")
		p = must[goumai.PaymentRequest](t, "pay")(ps.svc.RecordPayment(ctx, ps.reviewer, p.ID, workflow.PaymentDecision{}))
		if p.Status != goumai.PaymentPaid || p.PaidAt == nil || p.LedgerEntryID == 0 {
			t.Fatalf("paid %+v", p)
		}
		_, err = ps.svc.RecordPayment(ctx, ps.reviewer, p.ID, workflow.PaymentDecision{})
		wantCode(t, "paying twice", err, goumai.EConflict, "")
		if b := mustBalance(t, s, ps.line); b.Paid != before.Paid+small || b.Obligated != before.Obligated-small {
			t.Fatalf("ledger %+v → %+v", before, b)
		}

		// At the threshold: the finance department approves too; a rejection frees the amount.
		rest := m1.Amount - small
		_, err = ps.svc.RequestPayment(ctx, sup, c.ID, workflow.PaymentInput{MilestoneID: m1.ID, Amount: rest + 1})
		wantCode(t, "past what the milestone has left", err, goumai.EInvalid, "amount")
		r := must[goumai.PaymentRequest](t, "request")(ps.svc.RequestPayment(ctx, sup, c.ID, workflow.PaymentInput{MilestoneID: m1.ID, Amount: rest}))
		if national := rules.NationalDefaults(rules.Services).FinanceApprovalThreshold; !r.NeedFinance || rest < zjPaymentThreshold || rest >= national {
			t.Fatalf("at the province's threshold ¥%s, below the national ¥%s: ¥%s %+v", zjPaymentThreshold.Yuan(), national.Yuan(), rest.Yuan(), r)
		}
		_, err = ps.svc.RejectPayment(ctx, ps.staff, r.ID, workflow.PaymentDecision{Opinion: " "})
		wantCode(t, "a rejection without 意见", err, goumai.EInvalid, "opinion")
		r = must[goumai.PaymentRequest](t, "reject")(ps.svc.RejectPayment(ctx, ps.staff, r.ID, workflow.PaymentDecision{Opinion: "发票缺失，请补正"}))
		if r.Status != goumai.PaymentRejected || r.RejectOpinion != "发票缺失，请补正" {
			t.Fatalf("rejected %+v", r)
		}
		r = must[goumai.PaymentRequest](t, "request again")(ps.svc.RequestPayment(ctx, sup, c.ID, workflow.PaymentInput{MilestoneID: m1.ID, Amount: rest}))
		r = must[goumai.PaymentRequest](t, "approve")(ps.svc.ApprovePayment(ctx, ps.staff, r.ID, workflow.PaymentDecision{Opinion: "同意"}))
		_, err = ps.svc.RecordPayment(ctx, ps.reviewer, r.ID, workflow.PaymentDecision{})
		wantCode(t, "paid before finance approval", err, goumai.EConflict, "")
		if !hasTodo(t, ps.svc, ps.fapp, "todo.kind.payment_finance") {
			t.Error("no finance approval on the finance approver's to-do list")
		}
		_, err = ps.svc.FinanceApprovePayment(ctx, ps.staff, r.ID, workflow.PaymentDecision{})
		wantCode(t, "the purchaser approves for finance", err, goumai.EForbidden, "")
		_, err = ps.svc.RejectPayment(ctx, ps.staff, r.ID, workflow.PaymentDecision{Opinion: "撤回"})
		wantCode(t, "the purchaser rejects at finance's stage", err, goumai.EForbidden, "")
		r = must[goumai.PaymentRequest](t, "finance approves")(ps.svc.FinanceApprovePayment(ctx, ps.fapp, r.ID, workflow.PaymentDecision{Opinion: "符合预算"}))
		// Paid 20 days after acceptance: 5 days late.
		clock.Advance(20 * 24 * time.Hour)
		if !hasTodo(t, ps.svc, ps.reviewer, "todo.kind.payment_overdue") {
			t.Error("an overdue payment is no red flag")
		}
		r = must[goumai.PaymentRequest](t, "pay")(ps.svc.RecordPayment(ctx, ps.reviewer, r.ID, workflow.PaymentDecision{}))
		if r.InterestDays != 5 || r.Interest != goumai.OverdueInterest(rest, 5, 5) || r.Interest == 0 {
			t.Errorf("overdue interest: %d days, %d fen", r.InterestDays, r.Interest)
		}
		_, err = ps.svc.RequestPayment(ctx, sup, c.ID, workflow.PaymentInput{MilestoneID: m1.ID, Amount: 1})
		wantCode(t, "a paid milestone", err, goumai.EInvalid, "amount")

		// The final payment waits for the grade; 中 deducts the province's 15 %, released from the obligation.
		m2 = ps.accept(t, 1)
		_, err = ps.svc.RequestPayment(ctx, sup, c.ID, workflow.PaymentInput{MilestoneID: m2.ID, Amount: m2.Amount})
		wantCode(t, "the final payment before the evaluation", err, goumai.EConflict, "final")
		// A set the province makes later (from tomorrow) does not change the
		// contract's payments: they keep the values of its signing day.
		later := must[rules.Params](t, "params")(s.ParamsAt(ctx, "330106", rules.Services, clock.Now()))
		tomorrow := clock.Now().In(goumai.Shanghai).AddDate(0, 0, 1)
		later.EffectiveFrom = time.Date(tomorrow.Year(), tomorrow.Month(), tomorrow.Day(), 0, 0, 0, 0, goumai.Shanghai)
		later.FinalDeductionFairPct, later.FinalDeductionPoorPct = 50, 50
		must[rules.ParamSet](t, "a later set")(ps.svc.SetParams(ctx, goumai.System, later))
		clock.Advance(48 * time.Hour)
		ps.grade(t, 7000)
		f := must[goumai.PaymentRequest](t, "final")(ps.svc.RequestPayment(ctx, sup, c.ID, workflow.PaymentInput{MilestoneID: m2.ID, Amount: m2.Amount}))
		if !f.Final || f.Grade != goumai.GradeFair || f.Deduction != goumai.Deduction(m2.Amount, zjFairDeductionPct) || f.Deduction == 0 {
			t.Fatalf("final %+v", f)
		}
		f = must[goumai.PaymentRequest](t, "approve")(ps.svc.ApprovePayment(ctx, ps.staff, f.ID, workflow.PaymentDecision{Opinion: "同意"}))
		f = must[goumai.PaymentRequest](t, "finance")(ps.svc.FinanceApprovePayment(ctx, ps.fapp, f.ID, workflow.PaymentDecision{Opinion: "同意"}))
		// Whoever approved it for the finance department never records its
		// payment (separation of duties, IC-12): refused, nothing written.
		tree, bal := must[int64](t, "tree")(s.TreeSize(ctx)), mustBalance(t, s, ps.line)
		if _, err := ps.svc.RecordPayment(ctx, ps.fapp, f.ID, workflow.PaymentDecision{}); goumai.ErrorCode(err) != goumai.EForbidden || goumai.AsError(err).Rule != goumai.RuleSeparation {
			t.Errorf("the finance approver recording its payment: %v, want forbidden by %s", err, goumai.RuleSeparation)
		}
		if after := must[int64](t, "tree")(s.TreeSize(ctx)); after != tree || mustBalance(t, s, ps.line) != bal {
			t.Errorf("the refused payment wrote %d events or moved the ledger", after-tree)
		}
		f = must[goumai.PaymentRequest](t, "pay")(ps.svc.RecordPayment(ctx, ps.reviewer, f.ID, workflow.PaymentDecision{}))
		after := mustBalance(t, s, ps.line)
		if after.Paid != before.Paid+c.Amount-f.Deduction || after.Obligated != before.Obligated-c.Amount {
			t.Errorf("ledger after the final payment %+v (before %+v, deduction %d)", after, before, f.Deduction)
		}
		_, err = ps.svc.RequestPayment(ctx, sup, c.ID, workflow.PaymentInput{MilestoneID: m1.ID, Amount: 1})
		wantCode(t, "after the final payment", err, goumai.EConflict, "")
		// Delivered, evaluated and paid (the deduction settled): the project closed with the final payment (ENG-I2).
		if cl := must[*goumai.ProjectClosure](t, "closure")(ps.svc.ProjectClosure(ctx, ps.p.ProjectID)); cl == nil || cl.Paid != c.Amount-f.Deduction {
			_, err := ps.svc.CloseProject(ctx, ps.staff, ps.p.ProjectID)
			t.Errorf("the project after its final payment: closure %+v (%v)", cl, err)
		}

		// The supplier sees each stage and due date; the public sees the payments.
		mine := must[[]goumai.PaymentRequest](t, "supplier's")(ps.svc.SupplierPayments(ctx, sup))
		if len(mine) != 4 || mine[0].ID != f.ID || mine[0].Stage.ZH == "" || mine[0].DueOn == "" {
			t.Errorf("the supplier's requests %+v", mine)
		}
		pub := must[[]workflow.PublicPayment](t, "public")(ps.svc.ProjectPayments(ctx, ps.p.ProjectID))
		if len(pub) != 3 || pub[2].Amount != f.Net() || pub[2].Deduction != f.Deduction || pub[0].MofDivCode != line.MofDivCode || pub[0].PaidOn == "" {
			t.Errorf("public payments %+v", pub)
		}
		if cp := must[[]workflow.PublicPayment](t, "contract's")(ps.svc.PublicContractPayments(ctx, c.ID)); len(cp) != 3 {
			t.Errorf("contract's public payments %+v", cp)
		}
		if _, err := ps.svc.ContractPayments(ctx, ps.loser.Actor, c.ID); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Errorf("another supplier reads the requests: %v", err)
		}
		if n := countEvents(t, s, "payment_requests", f.ID, "payment.paid"); n != 1 {
			t.Errorf("%d payment.paid events", n)
		}
		verifiedScene(t, s)
	})
}

// TestPaymentsConcurrent: two approvals of one request at once pay it once;
// then 100 payments at once of ten approved requests of one contract pay
// each exactly once, and the ledger's sums match: paid ≤ contract total ≤
// obligation ≤ budget.
func TestPaymentsConcurrent(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		ps := newPaymentScene(t, s, clock)
		c, sup := ps.c, ps.winner.Actor
		m1 := ps.accept(t, 0)
		before := mustBalance(t, s, ps.line)
		const n = 10
		amt := m1.Amount / n
		var reqs []goumai.PaymentRequest
		for range n {
			reqs = append(reqs, must[goumai.PaymentRequest](t, "request")(ps.svc.RequestPayment(ctx, sup, c.ID, workflow.PaymentInput{MilestoneID: m1.ID, Amount: amt})))
		}
		// Two approvals of the first at once: one wins.
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = ps.svc.ApprovePayment(ctx, ps.staff, reqs[0].ID, workflow.PaymentDecision{Opinion: "同意"})
			}()
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("two approvals at once: %v, %v", errs[0], errs[1])
		}
		for _, r := range reqs[1:] {
			must[goumai.PaymentRequest](t, "approve")(ps.svc.ApprovePayment(ctx, ps.staff, r.ID, workflow.PaymentDecision{}))
		}
		// 100 payments at once, ten for each request.
		paid := make([]int, n)
		var mu sync.Mutex
		for i := range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := ps.svc.RecordPayment(ctx, ps.reviewer, reqs[i%n].ID, workflow.PaymentDecision{})
				switch goumai.ErrorCode(err) {
				case "":
					mu.Lock()
					paid[i%n]++
					mu.Unlock()
				case goumai.EConflict, goumai.EStale, goumai.EBusy:
				default:
					t.Errorf("pay %d: %v", i, err)
				}
			}()
		}
		wg.Wait()
		for i, k := range paid {
			if k != 1 {
				t.Errorf("request %d paid %d times", i, k)
			}
		}
		b := mustBalance(t, s, ps.line)
		if b.Paid != before.Paid+n*amt || b.Obligated != before.Obligated-n*amt {
			t.Errorf("ledger %+v → %+v", before, b)
		}
		all := must[[]goumai.PaymentRequest](t, "requests")(s.ContractPayments(ctx, c.ID))
		var sum goumai.Fen
		for _, r := range all {
			if r.Status == goumai.PaymentPaid {
				sum += r.Net()
			}
		}
		entries := must[[]goumai.LedgerEntry](t, "ledger")(s.LedgerEntries(ctx, sqlstore.LedgerFilter{ProjectID: ps.p.ProjectID, Limit: 1000}))
		var ledgerPaid, obligated goumai.Fen
		for _, e := range entries {
			switch e.Kind {
			case goumai.LedgerPay:
				ledgerPaid += e.Amount
			case goumai.LedgerObligate:
				obligated += e.Amount
			}
		}
		if sum != ledgerPaid || ledgerPaid > c.Total() || c.Total() > obligated || b.Paid+b.Obligated+b.Committed > b.Appropriated {
			t.Errorf("paid %d, ledger paid %d, total %d, obligated %d, balance %+v", sum, ledgerPaid, c.Total(), obligated, b)
		}
		verifiedScene(t, s)
	})
}
