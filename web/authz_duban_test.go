package web

import (
	"context"
	"fmt"
	"net/url"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// duban is a new 督办 notice of 杭州市 to 西湖区, answered if asked.
func (f fixture) duban(answered bool) goumai.Duban {
	ctx := context.Background()
	d, err := f.w.svc.IssueDuban(ctx, f.w.actor(f.t, prefecture), workflow.DubanInput{Region: "330106", Text: f.name("督办事项"), Days: 5})
	if err != nil {
		f.t.Fatalf("issue: %v", err)
	}
	if answered {
		if d, err = f.w.svc.AnswerDuban(ctx, f.w.actor(f.t, county), d.ID, d.Version, "已整改"); err != nil {
			f.t.Fatalf("answer: %v", err)
		}
	}
	return d
}

// dubanAuthzRows are the matrix's rows for the 督办 notices
// (routes_duban.go): only 杭州市's finance staff (directly above 西湖区)
// issue to 西湖区 and decide on its answers; only 西湖区's finance staff
// answer; the finance staff of neither region learn nothing (404), the
// province included; no one else reads (403), the public never.
func dubanAuthzRows() []authzRow {
	get := func(path string) func(fixture) request {
		return func(fixture) request { return request{method: "GET", path: path} }
	}
	of := func(answered bool, format string) func(f fixture) request {
		return func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf(format, f.duban(answered).ID)}
		}
	}
	finance := expect(s401, s403, s403, s200, s200, s200, s200, s200, s403, s200)
	readers := expect(s401, s403, s403, s200, s404, s200, s200, s404, s403, s404)
	readersPage := expect(s303, s403, s403, s200, s404, s200, s200, s404, s403, s404)
	issuers := func(ok int) statuses {
		return expect(s401, s403, s403, s403, s403, s403, ok, s403, s403, s403).and(hzApprover, ok)
	}
	deciders := func(ok int) statuses {
		return expect(s401, s403, s403, s403, s404, s403, ok, s404, s403, s404).and(hzApprover, ok)
	}
	return []authzRow{
		{"GET the region's supervision notices", false, get("/api/v1/duban"), finance},
		{"GET a supervision notice", false, of(false, "/api/v1/duban/%d"), readers},
		{"POST issue a supervision notice to 西湖区", false, func(f fixture) request {
			return request{method: "POST", path: "/api/v1/duban", body: mustJSON(f.t, map[string]any{"region": "330106", "text": "请限期整改", "days": 5})}
		}, issuers(s201)},
		{"POST answer a supervision notice", false, func(f fixture) request {
			d := f.duban(false)
			return request{method: "POST", path: fmt.Sprintf("/api/v1/duban/%d/answer", d.ID), body: mustJSON(f.t, map[string]any{"version": d.Version, "answer": "已整改"})}
		}, expect(s401, s403, s403, s200, s404, s200, s403, s404, s403, s404)},
		{"POST close an answered supervision notice", false, func(f fixture) request {
			d := f.duban(true)
			return request{method: "POST", path: fmt.Sprintf("/api/v1/duban/%d/decision", d.ID), body: mustJSON(f.t, map[string]any{"version": d.Version, "action": "close", "opinion": "同意办结"})}
		}, deciders(s200)},
		{"GET the staff supervision notices page", true, get("/staff/duban"), expect(s303, s403, s403, s200, s200, s200, s200, s200, s403, s200)},
		{"GET a supervision notice's staff page", true, of(false, "/staff/duban/%d"), readersPage},
		{"POST the staff form issuing a notice to 西湖区", true, func(f fixture) request {
			return request{method: "POST", path: "/staff/duban", form: url.Values{"region": {"330106"}, "text": {"请限期整改"}, "days": {"5"}}}
		}, issuers(s303)},
		{"POST the staff form answering a notice", true, func(f fixture) request {
			d := f.duban(false)
			return request{method: "POST", path: fmt.Sprintf("/staff/duban/%d", d.ID), form: url.Values{"op": {"answer"}, "version": {fmt.Sprint(d.Version)}, "answer": {"已整改"}}}
		}, expect(s401, s403, s403, s303, s404, s303, s403, s404, s403, s404)},
		{"POST the staff form returning an answer", true, func(f fixture) request {
			d := f.duban(true)
			return request{method: "POST", path: fmt.Sprintf("/staff/duban/%d", d.ID), form: url.Values{"op": {"return"}, "version": {fmt.Sprint(d.Version)}, "opinion": {"请补充"}}}
		}, deciders(s303)},
	}
}
