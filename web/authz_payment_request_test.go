package web

import (
	"fmt"
	"net/url"
)

// paymentRequestAuthzRows are the matrix's rows for the supplier's payment
// request page (payment_request_pages.go) and the purchaser's signing keys
// page (org_keys.go). They run after paymentAuthzRows, on the demo's contract
// in force with its milestone accepted; as there, the browser sessions have
// expired by then, so the pages are asked with the API token and the forms
// are refused a token (403; TestPaymentRequestPage and TestOrgKeysPage post
// them in a browser session). The page is the contract's supplier's alone:
// another supplier does not find the contract (404), its other insiders may
// not ask for its payment (403). The keys page is the purchaser's staff's.
func paymentRequestAuthzRows() []authzRow {
	contract := func(f fixture) int64 {
		c := paymentDemoContract(f.t, f.w, false)
		acceptDemoMilestone(f.t, f.w, c.Milestones[0].ID)
		return c.ID
	}
	buyerOrg := func(f fixture) int64 { return f.w.actor(f.t, purchaser).Org.ID }
	return []authzRow{
		{"page: the supplier's payment request page of its contract in force", false, func(f fixture) request {
			return request{method: "GET", path: paymentRequestLink(contract(f))}
		}, expect(s303, s404, s403, s403, s403, s403, s403, s403, s403, s403).and(contractWinner, s200, otherBuyer, s404)},
		{"form: the supplier requests payment of a milestone (asked with an API token)", false, func(f fixture) request {
			return request{method: "POST", path: paymentRequestLink(contract(f)), form: url.Values{"milestone_id": {"1"}, "amount": {"1"}}}
		}, expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s403).and(contractWinner, s403)},
		{"page: a purchaser's contract signing keys", false, func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf("/staff/orgs/%d/signing-keys", buyerOrg(f))}
		}, expect(s303, s403, s200, s403, s403, s403, s403, s403, s403, s403).and(otherBuyer, s403, contractWinner, s403)},
		{"form: register a purchaser's signing key (asked with an API token)", false, func(f fixture) request {
			return request{method: "POST", path: fmt.Sprintf("/staff/orgs/%d/signing-keys", buyerOrg(f)), form: url.Values{"public_key": {"x"}}}
		}, expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s403).and(otherBuyer, s403)},
	}
}
