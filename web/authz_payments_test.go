package web

import (
	"context"
	"fmt"
	"net/url"
	"sync"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// paymentPools hold, per world, the approved requests the matrix's payment
// row pays, one per actor: made before the first is paid, since the demo
// contract has one milestone, so every payment of it is the final one and
// closes the contract's payments.
var paymentPools sync.Map // *world → *[2][]int64

// paymentAuthzRows are the matrix's rows for the payment (routes_payment.go),
// on the demo's contract in force (signed by the contract rows; its single
// milestone accepted and its grade published here): the winner requests, the
// purchaser approves or rejects, the finance approvers of the region approve
// at or above the threshold, the finance staff of the region pay; the
// contract's insiders read the requests; anyone reads the payments made.
func paymentAuthzRows() []authzRow {
	ready := func(f fixture) goumai.Contract {
		c := paymentDemoContract(f.t, f.w, false)
		acceptDemoMilestone(f.t, f.w, c.Milestones[0].ID)
		if _, ok, err := f.w.store.ContractGrade(context.Background(), c.ID); err != nil || !ok {
			gradeDemoContract(f.t, f.w, c, 9000)
		}
		return c
	}
	// fresh makes a request of amount fen, taken through the steps given.
	fresh := func(f fixture, amount goumai.Fen, steps ...string) goumai.PaymentRequest {
		ctx, w := context.Background(), f.w
		c := ready(f)
		p, err := w.svc.RequestPayment(ctx, w.actor(f.t, contractWinner), c.ID, workflow.PaymentInput{MilestoneID: c.Milestones[0].ID, Amount: amount})
		for _, s := range steps {
			if err != nil {
				break
			}
			switch s {
			case "approve":
				p, err = w.svc.ApprovePayment(ctx, w.actor(f.t, purchaser), p.ID, workflow.PaymentDecision{})
			case "finance":
				p, err = w.svc.FinanceApprovePayment(ctx, w.actor(f.t, approver), p.ID, workflow.PaymentDecision{})
			}
		}
		if err != nil {
			f.t.Fatalf("payment fixture: %v", err)
		}
		return p
	}
	post := func(verb string, amount goumai.Fen, body string, steps ...string) func(f fixture) request {
		return func(f fixture) request {
			p := fresh(f, amount, steps...)
			return request{method: "POST", path: fmt.Sprintf("/api/v1/payments/%d/%s", p.ID, verb), body: body}
		}
	}
	// pooled pays from one of two pools, both filled before the first
	// payment: requests the purchaser approved (under the threshold), and
	// requests the matrix's finance approver (approver) also approved, which
	// that approver may not pay (IC-12).
	pooled := func(finance bool) func(f fixture) request {
		return func(f fixture) request {
			v, _ := paymentPools.LoadOrStore(f.w, &[2][]int64{})
			pools := v.(*[2][]int64)
			if len(pools[0]) == 0 && len(pools[1]) == 0 {
				for range len(actors) + len(extraActors) {
					pools[0] = append(pools[0], fresh(f, 1, "approve").ID)
					pools[1] = append(pools[1], fresh(f, webPaymentThreshold, "approve", "finance").ID)
				}
			}
			pool := &pools[0]
			if finance {
				pool = &pools[1]
			}
			id := (*pool)[0]
			*pool = (*pool)[1:]
			return request{method: "POST", path: fmt.Sprintf("/api/v1/payments/%d/pay", id), body: "{}"}
		}
	}
	return []authzRow{
		{"POST request payment of an accepted milestone", false, func(f fixture) request {
			c := ready(f)
			return request{method: "POST", path: fmt.Sprintf("/api/v1/contracts/%d/payments", c.ID),
				body: mustJSON(f.t, map[string]any{"milestone_id": c.Milestones[0].ID, "amount": 1})}
		}, expect(s401, s404, s403, s403, s403, s403, s403, s403, s403, s403).and(contractWinner, s201)},
		{"GET the contract's payment requests", false, func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf("/api/v1/contracts/%d/payments", ready(f).ID)}
		}, expect(s401, s404, s200, s200, s200, s200, s200, s200, s200, s200).and(contractWinner, s200)},
		{"GET one payment request", false, func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf("/api/v1/payments/%d", fresh(f, 1).ID)}
		}, expect(s401, s404, s200, s200, s200, s200, s200, s200, s200, s200).and(contractWinner, s200)},
		{"GET my organisation's payment requests", false, func(f fixture) request {
			return request{method: "GET", path: "/api/v1/supplier/payments"}
		}, expect(s401, s200, s403, s403, s403, s403, s403, s403, s403, s403).and(contractWinner, s200)},
		{"POST the purchaser approves a payment request", false, post("approve", 1, `{"opinion":"同意"}`),
			expect(s401, s404, s200, s403, s403, s403, s403, s403, s403, s403).and(contractWinner, s403)},
		{"POST the finance department approves a payment request", false, post("finance-approve", webPaymentThreshold, `{"opinion":"同意"}`, "approve"),
			expect(s401, s404, s403, s403, s200, s403, s403, s403, s403, s403).and(contractWinner, s403)},
		{"POST reject a payment request", false, post("reject", 1, `{"opinion":"资料不全"}`),
			expect(s401, s404, s200, s403, s403, s403, s403, s403, s403, s403).and(contractWinner, s403)},
		{"GET a contract's payments made", false, func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf("/api/v1/contracts/%d/payments-made", ready(f).ID)}
		}, expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET a project's payments made", false, func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf("/api/v1/projects/%d/payments", contractDemo(f.t, f.w).p.ProjectID)}
		}, expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"page: my organisation's payment requests", false, func(f fixture) request {
			return request{method: "GET", path: "/payments"}
		}, expect(s303, s200, s403, s403, s403, s403, s403, s403, s403, s403).and(contractWinner, s200)},
		{"page: a payment request", false, func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf("/payments/%d", fresh(f, 1).ID)}
		}, expect(s303, s404, s200, s200, s200, s200, s200, s200, s200, s200).and(contractWinner, s200)},
		// The matrix's browser sessions have expired by the time these rows run
		// (earlier rows move the fake clock past their 8 hours), so the pages are
		// asked with the API token: the GET pages answer as in a browser, the form
		// refuses a token (403: a form needs the browser session and its CSRF
		// token); TestPaymentPages runs the form in a browser session.
		{"form: the purchaser approves a payment request (asked with an API token)", false, func(f fixture) request {
			return request{method: "POST", path: fmt.Sprintf("/payments/%d/approve", fresh(f, 1).ID), form: url.Values{"opinion": {"同意"}}}
		}, expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s403).and(contractWinner, s403)},
		{"POST record a payment the finance approver approved (IC-12: never by that approver)", false, pooled(true),
			expect(s401, s404, s403, s200, s403, s200, s200, s200, s403, s200).and(contractWinner, s403)},
		{"POST record a payment", false, pooled(false),
			expect(s401, s404, s403, s200, s200, s200, s200, s200, s403, s200).and(contractWinner, s403)},
	}
}
