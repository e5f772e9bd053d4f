package web

// statsAuthzRows are the matrix's rows for the statistics (routes_stats.go):
// the public figures for everyone; every figure of a subtree for its finance
// departments' staff and auditors, never a sibling county's; an unbounded or
// over-long period, or purchasers over the whole country: 422.
func statsAuthzRows() []authzRow {
	get := func(path string) func(fixture) request {
		return func(fixture) request { return request{method: "GET", path: path} }
	}
	all := func(s int) map[string]int { return expect(s, s, s, s, s, s, s, s, s, s) }
	// 西湖区 (330106): its finance department, the city, the province and the ministry read every figure.
	xihu := expect(s303, s403, s403, s200, s200, s200, s200, s200, s200, s200)
	// 海曙区 (330203), in 宁波: 西湖区's and 杭州's departments do not.
	haishu := expect(s303, s403, s403, s403, s200, s403, s403, s200, s200, s200)
	return []authzRow{
		{"GET the statistics page 330000", true, get("/stats?region=330000"), all(s200)},
		{"GET the statistics page, an unbounded period (refused)", true, get("/stats?from=2026-01"), all(s422)},
		{"GET the statistics page, purchasers of the country (refused)", true, get("/stats?region=100000&grain=purchaser"), all(s422)},
		{"GET the statistics page, purchasers of a county", true, get("/stats?region=330106&grain=purchaser"), all(s200)},
		{"GET a statistics table as CSV", true, get("/stats/export.csv?region=330000&table=total"), all(s200)},
		{"GET the drill-down as Excel", true, get("/stats/export.xlsx?region=330000&table=children"), all(s200)},
		{"GET the staff statistics 330106", true, get("/staff/stats?region=330106"), xihu},
		{"GET the staff statistics of a sibling county 330203", true, get("/staff/stats?region=330203"), haishu},
		{"GET a staff statistics table as CSV 330106", true, get("/staff/stats/export.csv?region=330106&table=stage"), xihu},
		{"GET a staff statistics table as Excel 330203", true, get("/staff/stats/export.xlsx?region=330203&table=stage"), haishu},
		{"GET stats 330106", false, get("/api/v1/stats?region=330106"), all(s200)},
		{"GET stats over 72 months (refused)", false, get("/api/v1/stats?from=2026-01&to=2031-12"), all(s422)},
	}
}
