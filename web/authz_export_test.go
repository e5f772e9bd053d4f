package web

// exportAuthzRows are the matrix's rows for the public lists' downloads
// (export.go): what the lists show, the same for everyone; a bad filter is
// refused as the list refuses it.
func exportAuthzRows() []authzRow {
	get := func(path string) func(fixture) request {
		return func(fixture) request { return request{method: "GET", path: path} }
	}
	all := func(s int) map[string]int { return expect(s, s, s, s, s, s, s, s, s, s) }
	var rows []authzRow
	for _, l := range []struct{ path, filter, bad string }{
		{"/projects", "?region=330106&q=%E5%85%BB%E8%80%81", "?status=bribed"},
		{"/procurements", "?region=330106&method=open_tender&status=tendering", "?method=bribery"},
		{"/notices", "?region=330106", "?kind=bribery"},
		{"/orgs", "?role=supplier&q=%E6%9C%8D%E5%8A%A1", ""},
	} {
		for _, f := range []struct{ ext, name string }{{"csv", "CSV"}, {"xlsx", "Excel"}} {
			p := l.path + "/export." + f.ext
			rows = append(rows, authzRow{"GET " + p, true, get(p), all(s200)},
				authzRow{"GET " + p + " filtered", true, get(p + l.filter), all(s200)})
			if l.bad != "" {
				rows = append(rows, authzRow{"GET " + p + " with a bad filter (refused)", true, get(p + l.bad), all(s422)})
			}
		}
	}
	return rows
}
