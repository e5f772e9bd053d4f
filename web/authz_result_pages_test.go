package web

import "net/url"

// resultPageAuthzRows are the authorisation matrix's rows for the staff
// page's forms of procurement part 2 (routes_result_pages.go), on a 磋商
// still open for bids: the organisers' forms pass the gate and are refused
// by the state (409, re-rendering the page with the reason); the others are
// stopped at the gate.
func resultPageAuthzRows() []authzRow {
	run := func(purchaserStatus, agencyStatus int) statuses {
		return expect(s401, s403, purchaserStatus, s403, s403, s403, s403, s403, s403, s403).and(agency, agencyStatus, hzApprover, s403)
	}
	form := func(suffix string, values url.Values) func(fixture) request {
		return func(f fixture) request {
			p := f.tendering(consultation)
			v := versionForm(p)
			for k, vs := range values {
				v[k] = vs
			}
			return request{method: "POST", path: staffPath(p, suffix), form: v}
		}
	}
	const s409 = 409
	return []authzRow{
		{"POST /staff/procurements/{id}/open before the deadline", true, form("/open", nil), run(s409, s403)},
		{"POST /staff/procurements/{id}/confirm before any report", true, form("/confirm", url.Values{"lot": {"1"}, "bid_1": {"1"}}), run(s409, s403)},
		{"POST /staff/procurements/{id}/result before any confirmation", true, form("/result", nil), run(s409, s403)},
		{"POST /staff/procurements/{id}/follow-up of a procedure that did not fail", true, form("/follow-up", url.Values{"kind": {"retender"}}), run(s409, s403)},
		{"POST /staff/procurements/{id}/refunds/{item}/refund of a missing refund", true, form("/refunds/999999/refund", nil), run(s404, s404)},
		{"POST /staff/procurements/{id}/report before the opening (the state is checked first)", true, form("/report", nil), run(s409, s409)},
	}
}
