package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/goumai/goumai"
)

// opsAuthzRows are the authorisation matrix's rows for the operational routes,
// the public portal's pages, sign-in and the transparency log's pages.
//
// All of them are public: what they show depends on who asks only for the
// log's event pages (a private event is seen by finance administrators and
// auditors of its region subtree, as on the API, and is 404 to everyone else).
// The sign-in rows come last: signing out, then in again, ends each actor's
// browser session, which no later row may need.
func opsAuthzRows() []authzRow {
	const s422 = http.StatusUnprocessableEntity
	everyone := func(s int) map[string]int { return expect(s, s, s, s, s, s, s, s, s, s) }
	get := func(path string) func(fixture) request {
		return func(fixture) request { return request{method: "GET", path: path} }
	}
	eventPage := func(pick func(f fixture) goumai.Event) func(fixture) request {
		return func(f fixture) request {
			return request{method: "GET", path: "/log/events/" + strconv.FormatInt(pick(f).ID, 10)}
		}
	}
	private := func(region string) func(f fixture) goumai.Event {
		return func(f fixture) goumai.Event { return f.privateEvent(region) }
	}
	register := func(f fixture) url.Values {
		name := f.name("有限公司")
		return url.Values{"name": {name}, "kind": {string(goumai.KindEnterprise)}, "credit_code": {creditCode(f.t, "91", "330106", name)},
			"region": {"330106"}, "admin_username": {f.username()}, "admin_display_name": {"注册人"}, "admin_password": {"Test-2026-pass"}}
	}

	return []authzRow{
		// Operations, for monitoring and the log's verifiers (API tokens, as tools send them).
		{"GET /healthz", false, get("/healthz"), everyone(s200)},
		{"GET /metrics", false, get("/metrics"), everyone(s200)},
		{"GET /static/ stylesheet", true, get("/static/site.css"), everyone(s200)},
		{"GET /static/ missing file", true, get("/static/nothing.css"), everyone(s404)},

		// The public portal.
		{"GET / home", true, get("/"), everyone(s200)},
		{"GET /prefs font size", true, get("/prefs?font=large&back=/orgs"), everyone(s303)},
		{"GET /accessibility", true, get("/accessibility"), everyone(s200)},
		{"GET /orgs directory", true, get("/orgs"), everyone(s200)},
		{"GET /register", true, get("/register"), everyone(s200)},
		{"POST /register supplier 330106", true, func(f fixture) request {
			return request{method: "POST", path: "/register", form: register(f)}
		}, everyone(s303)},
		{"POST /register without name", true, func(f fixture) request {
			v := register(f)
			v.Del("name")
			return request{method: "POST", path: "/register", form: v}
		}, everyone(s422)},
		{"GET /login", true, get("/login"), everyone(s200)},

		// The transparency log (C2SP formats for verifiers; pages for people).
		{"GET /log", true, get("/log"), everyone(s200)},
		{"GET /log/checkpoint", false, get("/log/checkpoint"), everyone(s200)},
		{"GET /log/tile hash tile", false, get("/log/tile/0/000"), everyone(s200)},
		{"GET /log/tile entry bundle", false, get("/log/tile/entries/000"), everyone(s200)},
		{"GET /log/tile beyond the tree", false, get("/log/tile/0/999"), everyone(s404)},
		{"GET /log/events public", true, eventPage(fixture.publicEvent), everyone(s200)},
		{"GET /log/events private 330106", true, eventPage(private("330106")), expect(s404, s404, s404, s404, s404, s200, s200, s200, s200, s200)},
		{"GET /log/events private 330000", true, eventPage(private("330000")), expect(s404, s404, s404, s404, s404, s404, s404, s200, s200, s200)},
		{"GET /log/events missing", true, get("/log/events/99999999"), everyone(s404)},

		// Open data (OCDS): public releases only, the same for everyone.
		{"GET /data guide", true, get("/data"), everyone(s200)},
		{"GET /ocds/releases/{ocid}", false, get("/ocds/releases/ocds-gm0000-1"), everyone(s200)},
		{"GET /ocds/records/{ocid}", false, get("/ocds/records/ocds-gm0000-1"), everyone(s200)},
		{"GET /ocds/records/{ocid} unknown", false, get("/ocds/records/ocds-gm0000-99999"), everyone(s404)},
		{"GET /ocds/releases.jsonl.gz", false, get("/ocds/releases.jsonl.gz"), everyone(s200)},
		{"GET /ocds/records.jsonl.gz", false, get("/ocds/records.jsonl.gz"), everyone(s200)},
		{"GET /ocds/years/{year}/releases.jsonl.gz", false, get("/ocds/years/2026/releases.jsonl.gz"), everyone(s200)},
		{"GET /ocds/regions/{code}/releases.jsonl.gz", false, get("/ocds/regions/330106/releases.jsonl.gz"), everyone(s200)},

		// Federation: the national statistics received from trusted instances.
		{"GET /api/v1/federation/statistics", false, get("/api/v1/federation/statistics"), everyone(s200)},
		{"GET /federation/statistics", true, get("/federation/statistics"), everyone(s200)},

		// Sign-in and sign-out, last (see above).
		{"POST /login wrong password", true, func(f fixture) request {
			return request{method: "POST", path: "/login", form: url.Values{"username": {f.username()}, "password": {"Wrong-2026-pass"}}}
		}, everyone(s401)},
		{"POST /logout", true, func(fixture) request { return request{method: "POST", path: "/logout", form: url.Values{}} }, everyone(s303)},
		{"POST /login", true, func(f fixture) request {
			u, _ := f.member("浙江省民政厅")
			return request{method: "POST", path: "/login", form: url.Values{"username": {u.Username}, "password": {"Test-2026-pass"}}}
		}, everyone(s303)},
	}
}
