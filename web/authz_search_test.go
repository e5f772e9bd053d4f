package web

import "net/url"

// searchAuthzRows are the matrix's rows for the search (routes_search.go):
// public content only, the same for everyone; a bad search is 422.
func searchAuthzRows() []authzRow {
	get := func(path string) func(fixture) request {
		return func(fixture) request { return request{method: "GET", path: path} }
	}
	all := func(s int) map[string]int { return expect(s, s, s, s, s, s, s, s, s, s) }
	q := "?" + url.Values{"q": {"养老服务"}, "region": {"330100"}}.Encode()
	return []authzRow{
		{"GET the search page", false, get("/search" + q), all(s200)},
		{"GET the search page with query syntax (refused)", false, get("/search?q=%22+OR+1%3D1+--"), all(s422)},
		{"GET the search as CSV", false, get("/search/export.csv" + q), all(s200)},
		{"GET the search as Excel", false, get("/search/export.xlsx" + q), all(s200)},
		{"GET search", false, get("/api/v1/search" + q), all(s200)},
		{"GET search with a huge page (refused)", false, get("/api/v1/search?limit=100000"), all(s422)},
	}
}
