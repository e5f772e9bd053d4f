package web

// ocdsExtensionAuthzRows are the authorisation matrix's rows for the OCDS
// extensions goumai serves at stable URLs: public files, the same for all.
func ocdsExtensionAuthzRows() []authzRow {
	everyone := func(s int) map[string]int { return expect(s, s, s, s, s, s, s, s, s, s) }
	get := func(path string) func(fixture) request {
		return func(fixture) request { return request{method: "GET", path: path} }
	}
	return []authzRow{
		{"GET /ocds/extensions lots extension.json", false, get("/ocds/extensions/ocds_lots_extension/extension.json"), everyone(s200)},
		{"GET /ocds/extensions bid codelist", false, get("/ocds/extensions/ocds_bid_extension/codelists/bidStatus.csv"), everyone(s200)},
		{"GET /ocds/extensions unknown extension", false, get("/ocds/extensions/ocds_nope_extension/extension.json"), everyone(s404)},
	}
}
