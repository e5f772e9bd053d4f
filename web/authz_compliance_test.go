package web

import (
	"context"
	"fmt"
	"net/url"

	"github.com/goumai/goumai"
)

// publishedRanking is a ranking 浙江省's finance approver published.
func (f fixture) publishedRanking() int64 {
	p, err := f.w.svc.PublishComplianceRanking(context.Background(), f.w.actor(f.t, approver), "330000", goumai.StatPeriod{From: "2026-01", To: "2026-06"})
	if err != nil {
		f.t.Fatalf("publish: %v", err)
	}
	return p.ID
}

// complianceAuthzRows are the matrix's rows for the supervision of lower
// levels (routes_compliance.go): the finance staff and auditors of 杭州市
// and the regions above read the ranking of its counties; 西湖区's staff,
// below, do not (403); a bad period is refused (422) only to those who may
// read the region.
func complianceAuthzRows() []authzRow {
	get := func(path string) func(fixture) request {
		return func(fixture) request { return request{method: "GET", path: path} }
	}
	hzPage := expect(s303, s403, s403, s403, s200, s403, s200, s200, s200, s200)
	hzAPI := expect(s401, s403, s403, s403, s200, s403, s200, s200, s200, s200)
	// Without a region, each reads its own region's ranking (a county's is empty).
	ownPage := expect(s303, s403, s403, s200, s200, s200, s200, s200, s200, s200)
	return []authzRow{
		{"GET the compliance ranking below 杭州市", false, get("/api/v1/regions/330100/compliance?from=2026-01&to=2026-06"), hzAPI},
		{"GET the compliance ranking, an unbounded period (refused)", false, get("/api/v1/regions/330100/compliance?from=2026-01"),
			expect(s401, s403, s403, s403, s422, s403, s422, s422, s422, s422)},
		{"GET the compliance ranking page 330100", true, get("/staff/compliance?region=330100"), hzPage},
		{"GET the compliance ranking page of one's own region", true, get("/staff/compliance"), ownPage},
		{"GET the compliance ranking as CSV 330100", true, get("/staff/compliance/export.csv?region=330100"), hzPage},
		{"GET the compliance ranking as Excel 330100", true, get("/staff/compliance/export.xlsx?region=330100"), hzPage},
		{"GET a published compliance ranking", false, func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf("/api/v1/compliance/%d", f.publishedRanking())}
		}, expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET a published compliance ranking's page", true, func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf("/compliance/%d", f.publishedRanking())}
		}, expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		// Only a finance approver of the region itself publishes its ranking.
		{"POST publish the compliance ranking below 浙江省", false, func(f fixture) request {
			return request{method: "POST", path: "/api/v1/regions/330000/compliance", body: mustJSON(f.t, map[string]any{"from": "2026-01", "to": "2026-06"})}
		}, expect(s401, s403, s403, s403, s201, s403, s403, s403, s403, s403).and(hzApprover, s403)},
		{"POST publish the ranking from the staff page", true, func(f fixture) request {
			return request{method: "POST", path: "/staff/compliance", form: url.Values{"from": {"2026-01"}, "to": {"2026-06"}}}
		}, expect(s401, s403, s403, s403, s303, s403, s403, s403, s403, s403).and(hzApprover, s303)},
	}
}
