package web

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// supervisionAuthzRows are the matrix's rows for the supervision and
// acceptance (routes_supervision.go, supervision_pages.go), on the demo's
// contract for 居家养老上门服务, in force after contractAuthzRows: its winner
// (contractWinner) writes the ledger, answers orders and submits the
// milestone; the purchaser and every finance department above the county
// inspect and order rectifications (auditors and the agency read only); the
// purchaser's staff answer complaints and run the acceptance (the agency and
// finance are refused); anyone complains and reads the decided results. The
// milestone goes: submitted, group, opinion, rejected (form), submitted
// again, group and opinion (forms), accepted.
func supervisionAuthzRows() []authzRow {
	ctx := context.Background()
	contract := func(f fixture) goumai.Contract {
		sc := contractDemo(f.t, f.w)
		cs, err := f.w.store.Contracts(ctx, sc.p.ID)
		if err != nil || len(cs) != 1 || cs[0].Status != goumai.ContractSigned {
			f.t.Fatalf("the demo's contract in force: %v %v", cs, err)
		}
		c, err := f.w.store.Contract(ctx, cs[0].ID)
		if err != nil {
			f.t.Fatal(err)
		}
		return c
	}
	cpath := func(f fixture, suffix string) string {
		return fmt.Sprintf("/api/v1/contracts/%d%s", contract(f).ID, suffix)
	}
	buyer := func(f fixture) goumai.Actor { return f.account("xihu.minzheng") }
	winner := func(f fixture) goumai.Actor { return f.account(contractWinner) }
	// order issues a fresh rectification order, answered when responded.
	order := func(f fixture, responded bool) goumai.Rectification {
		r, err := f.w.svc.IssueRectification(ctx, buyer(f), contract(f).ID, workflow.RectifyInput{Issue: "补齐服务记录", Days: 5})
		if err == nil && responded {
			r, err = f.w.svc.RespondRectification(ctx, winner(f), r.ID, workflow.RectifyResponse{Version: r.Version, Response: "已补齐"})
		}
		if err != nil {
			f.t.Fatal(err)
		}
		return r
	}
	complaint := func(f fixture) goumai.ServiceComplaint {
		c, err := f.w.svc.FileServiceComplaint(ctx, goumai.Actor{}, contract(f).ID, workflow.ServiceComplaintInput{Body: "服务时间不固定"})
		if err != nil {
			f.t.Fatal(err)
		}
		return c
	}
	milestone := func(f fixture) goumai.Milestone { return contract(f).Milestones[0] }
	round := func(f fixture) goumai.Acceptance {
		xs, err := f.w.store.Acceptances(ctx, contract(f).ID)
		if err != nil || len(xs) == 0 {
			f.t.Fatalf("acceptances: %v %v", xs, err)
		}
		return xs[len(xs)-1]
	}
	mpath := func(f fixture, suffix string) string {
		return fmt.Sprintf("/api/v1/milestones/%d%s", milestone(f).ID, suffix)
	}
	spath := func(f fixture, suffix string) string {
		return fmt.Sprintf("/staff/milestones/%d%s", milestone(f).ID, suffix)
	}
	cid := func(f fixture) string { return strconv.FormatInt(contract(f).ID, 10) }
	json := func(method string, path func(fixture) string, body func(fixture) any) func(fixture) request {
		return func(f fixture) request {
			r := request{method: method, path: path(f)}
			if body != nil {
				r.body = mustJSON(f.t, body(f))
			}
			return r
		}
	}
	// browser makes a row's request from the actor's browser session. The
	// matrix's own sessions end with opsAuthzRows's sign-out, and these rows
	// need the contract in force, after contractAuthzRows: each actor signs in
	// again (once), and the bearer token the matrix adds is dropped.
	sessions := map[string]*session{}
	browser := func(req func(fixture) request) func(fixture) request {
		return func(f fixture) request {
			r := req(f)
			if f.as != "" {
				if sessions[f.as] == nil {
					sessions[f.as] = f.w.login(f.t, f.as)
				}
				r.session, r.csrf, r.header = sessions[f.as], r.method == "POST", map[string]string{"Authorization": ""}
			}
			return r
		}
	}
	everyone := func(s int) statuses { return expect(s, s, s, s, s, s, s, s, s, s) }
	winnerOnly := func(ok, other int) statuses {
		return expect(s401, other, s403, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, contractWinner, ok)
	}
	supervisors := func(ok int) statuses {
		return expect(s401, s403, ok, ok, ok, ok, ok, ok, s403, ok).and(agency, s403, contractWinner, s403)
	}
	purchaserOnly := func(ok int) statuses {
		return expect(s401, s403, ok, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, contractWinner, s403)
	}
	insiders := func(anon int) statuses {
		return expect(anon, s404, s200, s200, s200, s200, s200, s200, s200, s200).and(agency, s200, contractWinner, s200)
	}
	submit := func(f fixture) any {
		return map[string]any{"version": milestone(f).Version, "report": "全年上门服务已完成"}
	}
	serviceUser := map[string]any{"name": "李阿姨", "role": "service_user", "unit": "翠苑社区"}
	return []authzRow{
		{"GET a contract's supervision", false, json("GET", func(f fixture) string { return cpath(f, "/supervision") }, nil),
			everyone(s200).and(agency, s200, contractWinner, s200)},
		{"GET an attachment of the contract's ledger", false, func(f fixture) request {
			r, err := f.w.svc.AddProgressReport(ctx, winner(f), contract(f).ID, workflow.ProgressInput{ReportOn: f.w.clock.Now().In(goumai.Shanghai).Format("2006-01-02"),
				Content: "上门服务", Quantity: 10, Unit: "人次", Files: []workflow.Upload{{Name: "签到.png", Content: []byte("\x89PNG\r\n\x1a\nmatrix")}}})
			if err != nil {
				f.t.Fatal(err)
			}
			return request{method: "GET", path: cpath(f, "/files/"+r.Files[0].SHA256)}
		}, insiders(s401)},
		{"POST a progress report (台账)", false, json("POST", func(f fixture) string { return cpath(f, "/progress-reports") }, func(f fixture) any {
			return map[string]any{"report_on": f.w.clock.Now().In(goumai.Shanghai).Format("2006-01-02"), "content": "上门服务", "quantity": 12, "unit": "人次"}
		}), winnerOnly(s201, s404)},
		{"POST an inspection", false, json("POST", func(f fixture) string { return cpath(f, "/inspections") }, func(f fixture) any {
			return map[string]any{"inspected_on": f.w.clock.Now().In(goumai.Shanghai).Format("2006-01-02"), "findings": "抽查服务记录"}
		}), supervisors(s201)},
		{"POST a rectification order", false, json("POST", func(f fixture) string { return cpath(f, "/rectifications") }, func(fixture) any {
			return map[string]any{"issue": "补齐服务记录", "days": 5}
		}), supervisors(s201)},
		{"POST answer a rectification order", false, func(f fixture) request {
			r := order(f, false)
			return request{method: "POST", path: fmt.Sprintf("/api/v1/rectifications/%d/response", r.ID), body: mustJSON(f.t, map[string]any{"version": r.Version, "response": "已整改"})}
		}, winnerOnly(s200, s404)},
		{"POST follow up an answered rectification order", false, func(f fixture) request {
			r := order(f, true)
			return request{method: "POST", path: fmt.Sprintf("/api/v1/rectifications/%d/follow-up", r.ID), body: mustJSON(f.t, map[string]any{"version": r.Version, "result": "close"})}
		}, supervisors(s200)},
		{"POST a public complaint about the service", false, json("POST", func(f fixture) string { return cpath(f, "/complaints") }, func(fixture) any {
			return map[string]any{"body": "上门时间不准"}
		}), everyone(s201)},
		{"POST answer a complaint", false, func(f fixture) request {
			return request{method: "POST", path: fmt.Sprintf("/api/v1/service-complaints/%d/answer", complaint(f).ID), body: mustJSON(f.t, map[string]any{"answer": "已核实整改"})}
		}, purchaserOnly(s200)},
		{"POST submit the milestone for acceptance", false, json("POST", func(f fixture) string { return mpath(f, "/submit") }, submit), winnerOnly(s200, s404)},
		{"POST form the acceptance group", false, json("POST", func(f fixture) string { return mpath(f, "/acceptance-group") }, func(f fixture) any {
			return map[string]any{"version": round(f).Version, "members": []any{serviceUser}}
		}), purchaserOnly(s200)},
		{"POST record a member's opinion", false, json("POST", func(f fixture) string { return mpath(f, "/opinions") }, func(f fixture) any {
			return map[string]any{"version": round(f).Version, "member": 0, "agrees": false, "opinion": "回访记录不全"}
		}), purchaserOnly(s200)},
		{"POST reject the milestone (form)", false, browser(func(f fixture) request {
			return request{method: "POST", path: spath(f, "/decision"), form: url.Values{"version": {strconv.Itoa(round(f).Version)}, "result": {"rejected"},
				"reasons": {"回访记录不全"}, "contract": {cid(f)}}}
		}), purchaserOnly(s303)},
		{"POST submit the rejected milestone again", false, json("POST", func(f fixture) string { return mpath(f, "/submit") }, submit), winnerOnly(s200, s404)},
		{"POST form the acceptance group (form)", false, browser(func(f fixture) request {
			return request{method: "POST", path: spath(f, "/acceptance-group"), form: url.Values{"version": {strconv.Itoa(round(f).Version)},
				"name_0": {"李阿姨"}, "role_0": {"service_user"}, "unit_0": {"翠苑社区"}, "contract": {cid(f)}}}
		}), purchaserOnly(s303)},
		{"POST record a member's opinion (form)", false, browser(func(f fixture) request {
			return request{method: "POST", path: spath(f, "/opinions"), form: url.Values{"version": {strconv.Itoa(round(f).Version)}, "member": {"0"},
				"agrees": {"yes"}, "opinion": {"服务到位"}, "contract": {cid(f)}}}
		}), purchaserOnly(s303)},
		{"POST accept the milestone", false, json("POST", func(f fixture) string { return mpath(f, "/decision") }, func(f fixture) any {
			return map[string]any{"version": round(f).Version, "result": "accepted", "reasons": "服务数量和质量达到约定"}
		}), purchaserOnly(s200)},
		{"GET a decided acceptance", false, func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf("/api/v1/acceptances/%d", round(f).ID)}
		}, everyone(s200).and(contractWinner, s200)},
		{"GET the acceptance results", false, json("GET", func(fixture) string { return "/api/v1/acceptances" }, nil), everyone(s200)},

		// The pages.
		{"GET the contract's supervision page", false, browser(func(f fixture) request {
			return request{method: "GET", path: "/staff/contracts/" + cid(f) + "/supervision"}
		}), insiders(s303)},
		{"POST ledger form, empty", false, browser(func(f fixture) request {
			return request{method: "POST", path: "/staff/contracts/" + cid(f) + "/supervision/reports", form: url.Values{}}
		}), winnerOnly(s422, s404)},
		{"POST inspection form", false, browser(func(f fixture) request {
			return request{method: "POST", path: "/staff/contracts/" + cid(f) + "/supervision/inspections", form: url.Values{
				"inspected_on": {f.w.clock.Now().In(goumai.Shanghai).Format("2006-01-02")}, "findings": {"现场检查"}}}
		}), supervisors(s303)},
		{"POST rectification form", false, browser(func(f fixture) request {
			return request{method: "POST", path: "/staff/contracts/" + cid(f) + "/supervision/rectifications", form: url.Values{"issue": {"补齐台账"}, "days": {"3"}}}
		}), supervisors(s303)},
		{"POST rectification response form, empty", false, browser(func(f fixture) request {
			return request{method: "POST", path: fmt.Sprintf("/staff/rectifications/%d/response", order(f, false).ID), form: url.Values{}}
		}), winnerOnly(s422, s404)},
		{"POST follow-up form", false, browser(func(f fixture) request {
			r := order(f, true)
			return request{method: "POST", path: fmt.Sprintf("/staff/rectifications/%d/follow-up", r.ID), form: url.Values{"version": {strconv.Itoa(r.Version)},
				"result": {"close"}, "contract": {cid(f)}}}
		}), supervisors(s303)},
		{"POST complaint answer form", false, browser(func(f fixture) request {
			return request{method: "POST", path: fmt.Sprintf("/staff/service-complaints/%d/answer", complaint(f).ID), form: url.Values{"answer": {"已处理"}, "contract": {cid(f)}}}
		}), purchaserOnly(s303)},
		{"POST milestone submit form, empty (accepted by now)", false, browser(func(f fixture) request {
			return request{method: "POST", path: spath(f, "/submit"), form: url.Values{}}
		}), winnerOnly(s409, s404)},
		{"POST payment request form, empty", false, browser(func(f fixture) request {
			return request{method: "POST", path: spath(f, "/payment"), form: url.Values{}}
		}), winnerOnly(s422, s422)},
		{"GET the public delivery page", false, browser(func(f fixture) request { return request{method: "GET", path: "/contracts/" + cid(f) + "/delivery"} }), everyone(s200)},
		{"POST the public complaint form", false, browser(func(f fixture) request {
			return request{method: "POST", path: "/contracts/" + cid(f) + "/complaints", form: url.Values{"body": {"服务人员态度不好"}}}
		}), everyone(s303)},
		{"GET the acceptance results page", false, browser(func(fixture) request { return request{method: "GET", path: "/acceptances"} }), everyone(s200)},
		{"GET an acceptance sheet", false, browser(func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf("/acceptances/%d", round(f).ID)}
		}), everyone(s200)},
		{"GET an acceptance sheet's print view", false, browser(func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf("/acceptances/%d/print", round(f).ID)}
		}), everyone(s200)},
	}
}
