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
	tender := func(f fixture) request {
		p := enquiryDemoProcedure(f.t, f.w, goumai.ProcTendering, "困境儿童关爱保护服务")
		return request{method: "POST", path: "/api/v1/procurements/" + strconv.FormatInt(p.ID, 10) + "/open"}
	}
	return []authzRow{
		{"POST open a procedure still open for bids", false, tender,
			expect(s401, s403, s409, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s403)},
	}
}
