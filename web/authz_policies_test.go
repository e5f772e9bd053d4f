package web

import (
	"context"
	"fmt"
	"net/url"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// policyInput is a new document of region, with a number of its own.
func (f fixture) policyInput(region string) workflow.PolicyInput {
	return workflow.PolicyInput{TitleZH: "政府购买服务实施细则", TitleEN: "Implementing rules", Number: fmt.Sprintf("授权测试〔2026〕%d号", f.next()),
		Authority: "财政局", Region: region, IssuedOn: "2026-01-05", Body: "第一条 为规范政府购买服务，制定本细则。"}
}

// policy stores a document of region, as the system.
func (f fixture) policy(region string) goumai.PolicyDoc {
	f.t.Helper()
	d, err := f.w.svc.AddPolicy(context.Background(), goumai.System, f.policyInput(region))
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}

// policyAuthzRows are the authorisation matrix's rows for the policy library
// (routes_policies.go): everyone reads it; the finance staff of a region
// subtree add, describe and version its documents, never those above it.
func policyAuthzRows() []authzRow {
	get := func(path string) func(fixture) request {
		return func(fixture) request { return request{method: "GET", path: path} }
	}
	doc := func(region, suffix string) func(fixture) request {
		return func(f fixture) request {
			return request{method: "GET", path: idPath("/policies/", f.policy(region).ID, suffix)}
		}
	}
	addForm := func(region string) func(fixture) request {
		return func(f fixture) request {
			in := f.policyInput(region)
			return request{method: "POST", path: "/staff/policies", form: url.Values{"title_zh": {in.TitleZH}, "number": {in.Number},
				"authority": {in.Authority}, "region": {region}, "issued_on": {in.IssuedOn}, "status": {"in_force"}, "body": {in.Body}}}
		}
	}
	versionForm := func(region string) func(fixture) request {
		return func(f fixture) request {
			d := f.policy(region)
			return request{method: "POST", path: idPath("/staff/policies/", d.ID, "/versions"),
				form: url.Values{"version": {"1"}, "body": {"第一条 修订后的正文。"}, "note": {"修订"}}}
		}
	}
	addAPI := func(region string) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: "/api/v1/policies", body: mustJSON(f.t, f.policyInput(region))}
		}
	}
	editAPI := func(region string) func(fixture) request {
		return func(f fixture) request {
			d := f.policy(region)
			return request{method: "POST", path: idPath("/api/v1/policies/", d.ID, ""), body: mustJSON(f.t, workflow.PolicyEdit{Version: 1,
				TitleZH: d.TitleZH + "（修订）", Number: d.Number, Authority: d.Authority, IssuedOn: d.IssuedOn, Status: "in_force"})}
		}
	}
	versionAPI := func(region string) func(fixture) request {
		return func(f fixture) request {
			d := f.policy(region)
			return request{method: "POST", path: idPath("/api/v1/policies/", d.ID, "/versions"),
				body: `{"version":1,"body":"第一条 修订后的正文。","note":"修订"}`}
		}
	}
	return []authzRow{
		// Public: the library, a document, its print view, and the API.
		{"GET /about", true, get("/about"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET /policies", true, get("/policies?q=购买服务&status=in_force"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET /policies bad query", true, get("/policies?q=a:b&year=x"), expect(s422, s422, s422, s422, s422, s422, s422, s422, s422, s422)},
		{"GET /policies/{id}", true, doc("330106", ""), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET /policies/{id} missing", true, get("/policies/999999"), expect(s404, s404, s404, s404, s404, s404, s404, s404, s404, s404)},
		{"GET /policies/{id}/print", true, doc("330000", "/print"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET policies", false, get("/api/v1/policies?q=细则&limit=5"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET policy", false, func(f fixture) request {
			return request{method: "GET", path: idPath("/api/v1/policies/", f.policy("330000").ID, "")}
		},
			expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},

		// Staff: finance staff of the document's region or above.
		{"GET /staff/policies/new", true, get("/staff/policies/new"), expect(s303, s403, s403, s200, s200, s200, s200, s200, s403, s200)},
		{"POST /staff/policies 330106", true, addForm("330106"), expect(s401, s403, s403, s303, s303, s303, s303, s303, s403, s303)},
		{"POST /staff/policies 330000 (above the county)", true, addForm("330000"), expect(s401, s403, s403, s403, s303, s403, s403, s303, s403, s303)},
		{"GET /staff/policies/{id}/version 330000", true, func(f fixture) request {
			return request{method: "GET", path: idPath("/staff/policies/", f.policy("330000").ID, "/version")}
		}, expect(s303, s403, s403, s403, s200, s403, s403, s200, s403, s200)},
		{"POST /staff/policies/{id}/versions 330106", true, versionForm("330106"), expect(s401, s403, s403, s303, s303, s303, s303, s303, s403, s303)},
		{"POST /staff/policies/{id}/versions 330000", true, versionForm("330000"), expect(s401, s403, s403, s403, s303, s403, s403, s303, s403, s303)},

		{"POST policies 330106 (API)", false, addAPI("330106"), expect(s401, s403, s403, s201, s201, s201, s201, s201, s403, s201)},
		{"POST policies 330000 (API)", false, addAPI("330000"), expect(s401, s403, s403, s403, s201, s403, s403, s201, s403, s201)},
		{"POST policies bad input (API)", false, func(fixture) request {
			return request{method: "POST", path: "/api/v1/policies", body: `{"title_zh":"","number":"x","issued_on":"2026-02-30","body":"x","status":"gone"}`}
		}, expect(s401, s403, s403, s422, s422, s422, s422, s422, s403, s422)},
		{"POST policy edit 330000 (API)", false, editAPI("330000"), expect(s401, s403, s403, s403, s200, s403, s403, s200, s403, s200)},
		{"POST policy versions 330106 (API)", false, versionAPI("330106"), expect(s401, s403, s403, s201, s201, s201, s201, s201, s403, s201)},
		{"POST policy versions 330000 (API)", false, versionAPI("330000"), expect(s401, s403, s403, s403, s201, s403, s403, s201, s403, s201)},
		{"POST policy versions missing (API)", false, func(fixture) request {
			return request{method: "POST", path: "/api/v1/policies/999999/versions", body: `{"version":1,"body":"x","note":"y"}`}
		}, expect(s401, s403, s403, s404, s404, s404, s404, s404, s403, s404)},
	}
}

// staffNotice publishes a notice as username's department.
func (f fixture) staffNotice(username string) goumai.StaffNotice {
	f.t.Helper()
	n, err := f.w.svc.PublishStaffNotice(context.Background(), f.w.actor(f.t, username), workflow.StaffNoticeInput{
		Title: fmt.Sprintf("授权测试通知%d", f.next()), Body: "请阅读。"})
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

// staffNoticeAuthzRows: finance staff publish to their own subtree; the
// staff of that subtree read a notice (others are told it does not exist).
func staffNoticeAuthzRows() []authzRow {
	notice := func(username, suffix string, post bool) func(fixture) request {
		return func(f fixture) request {
			n := f.staffNotice(username)
			if post {
				return request{method: "POST", path: idPath("/staff/notices-to-staff/", n.ID, suffix), form: url.Values{}}
			}
			return request{method: "GET", path: idPath("/staff/notices-to-staff/", n.ID, suffix)}
		}
	}
	readAPI := func(username string) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: idPath("/api/v1/staff-notices/", f.staffNotice(username).ID, "/read")}
		}
	}
	return []authzRow{
		{"GET /staff/notices-to-staff", true, func(fixture) request { return request{method: "GET", path: "/staff/notices-to-staff"} },
			expect(s303, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"POST /staff/notices-to-staff", true, func(f fixture) request {
			return request{method: "POST", path: "/staff/notices-to-staff", form: url.Values{"title": {"培训通知"}, "body": {"请参加。"}}}
		}, expect(s401, s403, s403, s303, s303, s303, s303, s303, s403, s303)},
		{"GET /staff/notices-to-staff/{id} 330000", true, notice("zj.admin", "", false), expect(s303, s200, s200, s200, s200, s200, s200, s200, s200, s404)},
		{"GET /staff/notices-to-staff/{id} 330106", true, notice("xihu.admin", "", false), expect(s303, s200, s200, s200, s404, s200, s404, s404, s404, s404)},
		{"POST /staff/notices-to-staff/{id}/read 330000", true, notice("zj.admin", "/read", true), expect(s401, s303, s303, s303, s303, s303, s303, s303, s303, s404)},
		{"POST staff notices (API)", false, func(fixture) request {
			return request{method: "POST", path: "/api/v1/staff-notices", body: `{"title":"培训通知","body":"请参加。"}`}
		}, expect(s401, s403, s403, s201, s201, s201, s201, s201, s403, s201)},
		{"POST staff notices bad input (API)", false, func(fixture) request {
			return request{method: "POST", path: "/api/v1/staff-notices", body: `{"title":"","body":""}`}
		}, expect(s401, s403, s403, s422, s422, s422, s422, s422, s403, s422)},
		{"POST staff notice read 330106 (API)", false, readAPI("xihu.admin"), expect(s401, s200, s200, s200, s404, s200, s404, s404, s404, s404)},
	}
}
