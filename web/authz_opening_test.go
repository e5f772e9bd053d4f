package web

import (
	"strconv"

	"github.com/goumai/goumai"
)

// openingAuthzRows are the authorisation matrix's rows for the opening
// (routes_opening.go), on the demo's open tender of 杭州市西湖区民政局
// (困境儿童关爱保护服务), still open for bids: only its organiser (the
// purchaser's staff) may open it, and not before its deadline.
func openingAuthzRows() []authzRow {
	on := func(tail string, body any) func(f fixture) request {
		return func(f fixture) request {
			p := enquiryDemoProcedure(f.t, f.w, goumai.ProcTendering, "困境儿童关爱保护服务")
			r := request{method: "POST", path: "/api/v1/procurements/" + strconv.FormatInt(p.ID, 10) + tail}
			if body != nil {
				r.body = mustJSON(f.t, body)
			}
			return r
		}
	}
	organiser := expect(s401, s403, s409, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s403)
	return []authzRow{
		{"POST open a procedure still open for bids", false, on("/open", nil), organiser},
		{"POST confirm the result of a procedure still open for bids", false, on("/confirm", map[string]any{"version": 0, "lots": []any{}}),
			expect(s401, s403, s409, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s403)},
		{"POST publish the result of a procedure still open for bids", false, on("/result", map[string]any{"version": 0}), organiser},
		{"POST a follow-up of a procedure that did not fail", false, on("/follow-up", map[string]any{"version": 0, "kind": "retender"}), organiser},
		{"POST refund a missing bond", false, func(fixture) request { return request{method: "POST", path: "/api/v1/bond-refunds/999999/refund"} },
			expect(s401, s403, s404, s403, s403, s403, s403, s403, s403, s403).and(agency, s404, hzApprover, s403)},
		{"GET the result of a procedure still open for bids", false, func(f fixture) request {
			r := on("/result", nil)(f)
			r.method = "GET"
			return r
		}, expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200).and(agency, s200, hzApprover, s200)},
		{"GET the organisation's letters", false, func(fixture) request { return request{method: "GET", path: "/api/v1/letters"} },
			expect(s401, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
	}
}
