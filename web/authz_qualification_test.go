package web

import (
	"net/url"
	"strconv"

	"github.com/goumai/goumai"
)

// qualificationAuthzRows are the authorisation matrix's rows for the
// qualification of the recommended supplier (routes_qualification.go), on the
// demo's open tender of 杭州市西湖区民政局 (困境儿童关爱保护服务), still open
// for bids: its purchaser's staff pass and are refused by the state (no
// report yet); its insiders read the qualification, others signed in are
// refused.
func qualificationAuthzRows() []authzRow {
	at := func(method, tail string, body any) func(f fixture) request {
		return func(f fixture) request {
			p := enquiryDemoProcedure(f.t, f.w, goumai.ProcTendering, "困境儿童关爱保护服务")
			r := request{method: method, path: "/api/v1/procurements/" + strconv.FormatInt(p.ID, 10) + tail}
			if body != nil {
				r.body = mustJSON(f.t, body)
			}
			return r
		}
	}
	page := func(tail string) func(f fixture) request {
		return func(f fixture) request {
			p := enquiryDemoProcedure(f.t, f.w, goumai.ProcTendering, "困境儿童关爱保护服务")
			return request{method: "GET", path: "/staff/procurements/" + strconv.FormatInt(p.ID, 10) + "/qualification" + tail}
		}
	}
	return []authzRow{
		{"POST qualify the recommended supplier of a procedure still open for bids", false,
			at("POST", "/qualifications", map[string]any{"version": 0, "lot_id": 1, "opinion": "符合"}),
			expect(s401, s403, s409, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s403)},
		{"GET the qualification of a procedure still open for bids", false, at("GET", "/qualification", nil),
			expect(s401, s403, s200, s200, s200, s200, s200, s200, s200, s200).and(agency, s403, hzApprover, s200)},
		{"GET /staff/procurements/{id}/qualification of a procedure still open for bids", true, page(""),
			expect(s303, s403, s200, s200, s200, s200, s200, s200, s200, s200).and(agency, s403, hzApprover, s200)},
		{"GET /staff/procurements/{id}/qualification/print of a procedure still open for bids", true, page("/print"),
			expect(s303, s403, s200, s200, s200, s200, s200, s200, s200, s200).and(agency, s403, hzApprover, s200)},
		{"POST /staff/procurements/{id}/qualification of a procedure still open for bids", true, func(f fixture) request {
			r := page("")(f)
			r.method, r.form = "POST", url.Values{"version": {"0"}, "lot_id": {"1"}, "opinion": {"符合"}}
			return r
		}, expect(s401, s403, s409, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s403)},
	}
}
