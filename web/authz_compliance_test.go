package web

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
	}
}
