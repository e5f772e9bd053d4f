package web

import (
	"context"
	"encoding/base64"
	"fmt"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// The web tests give 西湖区 (330106) a finance threshold of ¥1, so that both
// approval paths run on the demo's contract: a parameter set of the district
// from the contract's signing day (the day whose values its payments use).
const webPaymentThreshold = goumai.Fen(100)

// setWebPaymentThreshold stores 西湖区's set with webPaymentThreshold (as goumai
// itself does for values already in force), once per world.
func setWebPaymentThreshold(t testing.TB, w *world, c goumai.Contract) {
	t.Helper()
	ctx := context.Background()
	p := okOr[rules.Params](t)(w.store.ParamsAt(ctx, c.Region, rules.Services, *c.SignedAt))
	if p.FinanceApprovalThreshold == webPaymentThreshold {
		return
	}
	d := c.SignedAt.In(goumai.Shanghai)
	p.Jurisdiction, p.Source = c.Region, "web tests"
	p.EffectiveFrom = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, goumai.Shanghai)
	p.FinanceApprovalThreshold = webPaymentThreshold
	okOr[rules.ParamSet](t)(w.svc.SetParams(ctx, goumai.System, p))
}

// paymentDemoContract returns the demo's 居家养老上门服务 contract in force:
// the one the contract rows signed, or one drafted here (with milestones
// ms, halves of the amount when ms is nil and two is set) and signed by both
// parties in-process.
func paymentDemoContract(t testing.TB, w *world, two bool) goumai.Contract {
	t.Helper()
	ctx := context.Background()
	sc := contractDemo(t, w)
	cs, err := w.store.Contracts(ctx, sc.p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) == 1 && cs[0].Status == goumai.ContractSigned {
		c := okOr[goumai.Contract](t)(w.store.Contract(ctx, cs[0].ID))
		setWebPaymentThreshold(t, w, c)
		return c
	}
	if len(cs) != 0 {
		t.Fatalf("the demo contract is %s", cs[0].Status)
	}
	buyer, winner := w.actor(t, "xihu.minzheng"), w.actor(t, sc.winner)
	c := okOr[goumai.Contract](t)(w.svc.DraftContract(ctx, buyer, sc.p.ID, sc.award.LotID, workflow.ContractInput{}))
	terms := c.Terms
	terms.Settlement, terms.BreachLiability = "每个履约节点验收合格后15日内支付。", "按合同约定承担违约责任。"
	in := workflow.ContractInput{Version: c.Version, Title: c.Title, Amount: c.Amount, TermMonths: c.TermMonths, LongTerm: c.LongTerm,
		StartOn: c.StartOn, Terms: terms}
	if two {
		half := c.Amount / 2
		in.Milestones = []goumai.MilestoneInput{{Title: "中期", Deliverables: "中期报告", DueOn: c.StartOn, Amount: half},
			{Title: "结项", Deliverables: "结项报告", DueOn: c.EndOn, Amount: c.Amount - half}}
	}
	c = okOr[goumai.Contract](t)(w.svc.UpdateContract(ctx, buyer, c.ID, in))
	bk, err := goumai.GenerateSigningKey(goumai.AlgEd25519, nil)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := bk.Public()
	okOr[goumai.PublicKey](t)(w.svc.RegisterPurchaserKey(ctx, buyer, buyer.Org.ID, workflow.KeyInput{PublicKey: pub.PEM, Label: "合同专用"}))
	sign := func(k goumai.SigningKey) workflow.SignInput {
		p, _ := k.Public()
		sig, err := k.Sign(goumai.ContractSigningMessage(c.Hash))
		if err != nil {
			t.Fatal(err)
		}
		return workflow.SignInput{Hash: c.Hash, KeyID: p.ID, Signature: base64.StdEncoding.EncodeToString(sig)}
	}
	c = okOr[goumai.Contract](t)(w.svc.SignContract(ctx, winner, c.ID, sign(sc.key)))
	c = okOr[goumai.Contract](t)(w.svc.SignContract(ctx, buyer, c.ID, sign(bk)))
	setWebPaymentThreshold(t, w, c)
	return c
}

// okOr returns a function failing t on an error.
func okOr[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// acceptDemoMilestone marks a milestone accepted now, as the acceptance use
// case would.
func acceptDemoMilestone(t testing.TB, w *world, id int64) {
	t.Helper()
	ctx := context.Background()
	m := okOr[goumai.Milestone](t)(w.store.Milestone(ctx, id))
	if m.Status == goumai.MilestoneAccepted {
		return
	}
	now := w.clock.Now()
	m.Status, m.SubmittedAt, m.AcceptedAt = goumai.MilestoneAccepted, &now, &now
	if err := w.store.Update(ctx, func(tx *sqlstore.Tx) error {
		if _, err := tx.UpdateMilestone(ctx, m); err != nil {
			return err
		}
		_, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "milestone.set", Table: "contract_milestones", Key: m.ID, Region: "330106"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// gradeDemoContract publishes a contract's performance grade.
func gradeDemoContract(t testing.TB, w *world, c goumai.Contract, score int) {
	t.Helper()
	ctx := context.Background()
	g := goumai.ContractGrade{ContractID: c.ID, EvaluationID: 1, Score: score, Grade: goumai.GradeFor(score), PublishedAt: w.clock.Now()}
	if err := w.store.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.SetContractGrade(ctx, g); err != nil {
			return err
		}
		_, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "contract.grade", Table: "contract_grades", Key: c.ID, Region: c.Region, Public: true})
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// TestPaymentAPI: the payment through the API on the demo's contract (two
// milestones), every response checked against openapi.json, every route
// covered: an unaccepted milestone is refused; bad amounts are 422; a
// request under the threshold is approved by the purchaser and paid, paying
// twice is 409; one at the threshold needs the finance department first;
// the final payment before the evaluation is 409, a rejection needs its 意见;
// a request past the contract is 422; after the final payment the contract's
// payments are closed; the public reads the payments made; the log verifies.
func TestPaymentAPI(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		c := paymentDemoContract(t, w, true)
		sc := contractDemo(t, w)
		winner, buyer := w.token(t, sc.winner), w.token(t, "xihu.minzheng")
		payer, fin := w.token(t, "xihu.reviewer"), w.token(t, "zj.approver")
		m1, m2 := c.Milestones[0], c.Milestones[1]
		base := fmt.Sprintf("/api/v1/contracts/%d/payments", c.ID)
		ask := func(m goumai.Milestone, amount goumai.Fen, want int) map[string]any {
			t.Helper()
			res := w.do(t, request{method: "POST", path: base, bearer: winner, body: mustJSON(t, map[string]any{"milestone_id": m.ID, "amount": amount, "note": "请支付"})})
			if res.status != want {
				t.Fatalf("request ¥%s of milestone %d: %d, want %d: %s", amount.Yuan(), m.No, res.status, want, res.body)
			}
			if want != 201 {
				return nil
			}
			return res.json(t)["payment"].(map[string]any)
		}
		step := func(p map[string]any, verb, bearer, opinion string, want int) map[string]any {
			t.Helper()
			res := w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/payments/%v/%s", p["id"], verb), bearer: bearer,
				body: mustJSON(t, map[string]any{"opinion": opinion})})
			if res.status != want {
				t.Fatalf("%s payment %v: %d, want %d: %s", verb, p["id"], res.status, want, res.body)
			}
			if want != 200 {
				return p
			}
			return res.json(t)["payment"].(map[string]any)
		}
		ask(m1, 50, 409) // not accepted (ENG-H7)
		acceptDemoMilestone(t, w, m1.ID)
		ask(m1, 0, 422)
		ask(m1, m1.Amount+1, 422)
		ask(goumai.Milestone{ID: m2.ID + 1000}, 50, 422)
		if res := w.do(t, request{method: "POST", path: base, bearer: buyer, body: `{"milestone_id":1,"amount":50}`}); res.status != 403 {
			t.Errorf("the purchaser requesting: %d", res.status)
		}

		p := ask(m1, 50, 201)
		if p["status"] != "requested" || p["needs_finance"] != false || p["payment_term_days"] != float64(15) || p["due_on"] == "" {
			t.Fatalf("request %v", p)
		}
		for _, path := range []string{fmt.Sprintf("/api/v1/payments/%v", p["id"]), base, "/api/v1/supplier/payments"} {
			if res := w.do(t, request{method: "GET", path: path, bearer: winner}); res.status != 200 {
				t.Errorf("GET %s: %d %s", path, res.status, res.body)
			}
		}
		if res := w.do(t, request{method: "GET", path: base}); res.status != 401 {
			t.Errorf("the public reading the requests: %d", res.status)
		}
		step(p, "pay", payer, "", 409)
		p = step(p, "approve", buyer, "同意支付", 200)
		if p["purchaser_opinion"] != "同意支付" {
			t.Errorf("approved %v", p)
		}
		step(p, "finance-approve", fin, "", 409) // under the threshold
		p = step(p, "pay", payer, "", 200)
		step(p, "pay", payer, "", 409) // paying twice

		q := ask(m1, m1.Amount-50, 201)
		if q["needs_finance"] != true {
			t.Fatalf("at the threshold %v", q)
		}
		q = step(q, "approve", buyer, "", 200)
		step(q, "pay", payer, "", 409)
		q = step(q, "finance-approve", fin, "符合预算", 200)
		step(q, "pay", payer, "", 200)
		ask(m1, 1, 422) // the milestone is paid

		acceptDemoMilestone(t, w, m2.ID)
		ask(m2, m2.Amount, 409) // the final payment before the evaluation
		gradeDemoContract(t, w, c, 8500)
		ask(m2, m2.Amount+1, 422) // past the contract
		r := ask(m2, m2.Amount, 201)
		step(r, "reject", buyer, "", 422)
		r = step(r, "reject", buyer, "验收资料不全", 200)
		if r["status"] != "rejected" || r["reject_opinion"] != "验收资料不全" {
			t.Errorf("rejected %v", r)
		}
		f := ask(m2, m2.Amount, 201)
		f = step(f, "approve", buyer, "", 200)
		f = step(f, "finance-approve", fin, "", 200)
		step(f, "pay", payer, "", 200)
		ask(m2, 1, 409) // closed

		for _, path := range []string{fmt.Sprintf("/api/v1/contracts/%d/payments-made", c.ID), fmt.Sprintf("/api/v1/projects/%d/payments", sc.p.ProjectID)} {
			res := w.do(t, request{method: "GET", path: path})
			if res.status != 200 || len(res.json(t)["payments"].([]any)) != 3 {
				t.Errorf("GET %s: %d %s", path, res.status, res.body)
			}
		}
		if rep, err := w.store.Verify(context.Background(), nil); err != nil || !rep.OK() {
			t.Errorf("log verify after the payments: %+v %v", rep.Problems, err)
		}
		for _, rt := range w.srv.apiRoutes() {
			if (len(rt.Path) > 16 && rt.Path[:16] == "/api/v1/payments" || rt.Path == "/api/v1/contracts/{id}/payments" || rt.Path == "/api/v1/contracts/{id}/payments-made" ||
				rt.Path == "/api/v1/projects/{id}/payments" || rt.Path == "/api/v1/supplier/payments") && !w.covered[rt.Method+" "+rt.Path] {
				t.Errorf("no successful request of %s %s was validated against openapi.json", rt.Method, rt.Path)
			}
		}
	})
}
