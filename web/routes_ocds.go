package web

import "net/http"

// ocdsRoutes are goumai's open data in the Open Contracting Data Standard
// (issue 11): the change feed, each process's release and record packages,
// and the bulk files. All public: only public events make releases. The
// downloads are operational routes (files, not JSON API operations); the
// feed is described in openapi.json.
func (s *Server) ocdsRoutes(rt *router) {
	rt.page("/data", Public, s.dataPage)
	rt.read("/api/v1/ocds/releases", Public, s.apiOCDSFeed)
	rt.ops("GET", "/ocds/releases/{ocid}", http.HandlerFunc(s.ocidReleases))
	rt.ops("GET", "/ocds/records/{ocid}", http.HandlerFunc(s.ocidRecord))
	rt.ops("GET", "/ocds/releases.jsonl.gz", http.HandlerFunc(s.bulk(bulkAll)))
	rt.ops("GET", "/ocds/years/{year}/releases.jsonl.gz", http.HandlerFunc(s.bulk(bulkYear)))
	rt.ops("GET", "/ocds/regions/{code}/releases.jsonl.gz", http.HandlerFunc(s.bulk(s.bulkRegion)))
	rt.ops("GET", "/ocds/records.jsonl.gz", http.HandlerFunc(s.recordsBulk))
}
