package publish

import (
	"context"
	"fmt"
	"time"

	"github.com/goumai/goumai/ocds"
)

func init() {
	register(paymentRelease, "payment.paid")
	register(evaluationRelease, "performance.publish")
	register(gradeRelease, "contract.grade")
}

// paymentRelease is a paid payment request: a transaction of its contract,
// from the purchaser to the supplier, with the budget-system keys it was
// paid from (goumai extension: transactions[].budgetSystem), and the terms
// the payment was due by (REQ-C25: acceptanceDate, paymentTermDays,
// dueDate), so that a late payment (GM-LATE) is read from the releases.
func paymentRelease(ctx context.Context, b *build) (*ocds.Release, error) {
	r, c, _, err := b.contract(ctx, b.num("contract_id"), "implementation")
	if err != nil || r == nil {
		return nil, err
	}
	payer, err := b.party(ctx, r, b.num("purchaser_org_id"), "payer")
	if err != nil {
		return nil, err
	}
	payee, err := b.party(ctx, r, b.num("supplier_org_id"), "payee")
	if err != nil {
		return nil, err
	}
	t := ocds.Transaction{ID: ref("payment", b.num("id")), Date: b.when("paid_at"),
		Value: ocds.Yuan(b.num("amount")), Payer: payer, Payee: payee}
	setExt(&t.Extensions, "budgetSystem", budgetSystem(b.state))
	if due, err := time.ParseInLocation(time.DateOnly, b.str("due_on"), China); err == nil {
		if acc, err := time.ParseInLocation(time.DateOnly, b.str("accepted_on"), China); err == nil {
			setExt(&t.Extensions, "acceptanceDate", acc)
		}
		setExt(&t.Extensions, "paymentTermDays", b.num("payment_term_days"))
		setExt(&t.Extensions, "dueDate", due)
	}
	c.Implementation = &ocds.Implementation{Transactions: []ocds.Transaction{t}}
	return r, nil
}

// evaluationRelease is a published performance evaluation of a contract
// (绩效评价): the goumai extension's implementation.performanceEvaluation,
// its score out of 100 (goumai keeps hundredths).
func evaluationRelease(ctx context.Context, b *build) (*ocds.Release, error) {
	r, c, _, err := b.contract(ctx, b.num("contract_id"), "implementationUpdate")
	if err != nil || r == nil {
		return nil, err
	}
	var indicators []map[string]any
	for i, in := range list(b.state, "indicators") {
		it := map[string]any{"id": fmt.Sprintf("indicator-%d", i+1)}
		for _, k := range []string{"name", "category", "level", "target", "unit"} {
			if s := strOf(in, k); s != "" {
				it[k] = s
			}
		}
		for _, k := range []string{"weight", "score"} {
			if v, ok := in[k].(float64); ok {
				it[k] = v
			}
		}
		indicators = append(indicators, it)
	}
	ev := map[string]any{
		"id":            ref("evaluation", b.num("id")),
		"kind":          b.str("kind"),
		"grade":         b.str("grade"),
		"score":         float64(b.num("score")) / 100,
		"datePublished": b.when("published_at"),
		"summary":       b.str("summary"),
		"indicators":    indicators,
	}
	c.Implementation = &ocds.Implementation{}
	setExt(&c.Implementation.Extensions, "performanceEvaluation", dropEmpty(ev))
	return r, nil
}

// gradeRelease is a contract's published grade: the evaluation's grade and
// score, as the supplier's public performance record shows it.
func gradeRelease(ctx context.Context, b *build) (*ocds.Release, error) {
	r, c, _, err := b.contract(ctx, b.num("contract_id"), "implementationUpdate")
	if err != nil || r == nil {
		return nil, err
	}
	c.Implementation = &ocds.Implementation{}
	setExt(&c.Implementation.Extensions, "performanceEvaluation", dropEmpty(map[string]any{
		"id":            ref("evaluation", b.num("evaluation_id")),
		"grade":         b.str("grade"),
		"score":         float64(b.num("score")) / 100,
		"datePublished": b.when("published_at"),
	}))
	return r, nil
}

// dropEmpty removes empty strings, nil times and empty lists from an object,
// which OCDS forbids.
func dropEmpty(m map[string]any) map[string]any {
	for k, v := range m {
		switch v := v.(type) {
		case string:
			if v == "" {
				delete(m, k)
			}
		case []map[string]any:
			if len(v) == 0 {
				delete(m, k)
			}
		case *time.Time:
			if v == nil {
				delete(m, k)
			}
		case nil:
			delete(m, k)
		}
	}
	return m
}
