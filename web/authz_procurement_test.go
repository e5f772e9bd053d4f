package web

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// procurementAuthzRows are the authorisation matrix's rows for procurement
// part 1 (routes_procurement.go). Each names the two extra actors: the agency
// 浙江中诚招标代理有限公司 (entrusted by 杭州市西湖区民政局 on the rows that say
// so) and 杭州市财政局's finance approver, who approves Xihu's non-tender methods
// at or above the open-tender threshold (GPL-IR Art. 23).
//
// Who may do what (authz.go, workflow/procurement*.go): a procedure is run by
// the purchaser's staff, or, once the purchaser entrusted an agency, by the
// agency's staff only; until its first notice it is seen only by its
// organisers, the purchaser and the finance staff and auditors of its region
// (404 for everyone else); the method is decided by the approver of the
// prefecture's finance department alone.
func procurementAuthzRows() []authzRow {
	const (
		s409 = http.StatusConflict
		s422 = http.StatusUnprocessableEntity
	)
	get := func(path string) func(fixture) request {
		return func(fixture) request { return request{method: "GET", path: path} }
	}
	everyone := func(s int) statuses {
		return expect(s, s, s, s, s, s, s, s, s, s).and(agency, s, hzApprover, s)
	}
	// insiders is who sees a procedure of Xihu before its first notice: its
	// organisers (ok, agency for the agency), the finance staff and auditors of
	// its region; the rest do not know it exists.
	insiders := func(ok, ag int) statuses {
		return expect(s404, s404, ok, ok, ok, ok, ok, ok, ok, ok).and(agency, ag, hzApprover, ok)
	}
	// run is a route of the organisers: the purchaser's staff and the agency's
	// pass the gate; nobody else may ever run a procedure.
	run := func(purchaserStatus, agencyStatus int) statuses {
		return expect(s401, s403, purchaserStatus, s403, s403, s403, s403, s403, s403, s403).and(agency, agencyStatus, hzApprover, s403)
	}
	type pick func(fixture) goumai.Procurement
	drafted := func(s procSpec) pick { return func(f fixture) goumai.Procurement { return f.drafted(s) } }
	complete := func(s procSpec) pick { return func(f fixture) goumai.Procurement { return f.complete(s) } }
	tendering := func(s procSpec) pick { return func(f fixture) goumai.Procurement { return f.tendering(s) } }
	awaiting := func(s procSpec) pick { return func(f fixture) goumai.Procurement { return f.awaitingApproval(s) } }
	publicity := func(s procSpec) pick { return func(f fixture) goumai.Procurement { return f.inPublicity(s) } }
	missing := func(fixture) goumai.Procurement { return goumai.Procurement{ID: 999999, Version: 1} }
	path := func(p goumai.Procurement, suffix string) string { return idPath("/api/v1/procurements/", p.ID, suffix) }
	show := func(pk pick) func(fixture) request {
		return func(f fixture) request { return request{method: "GET", path: path(pk(f), "")} }
	}
	// post sends body(p) to a procedure's action.
	post := func(method, suffix string, pk pick, body func(f fixture, p goumai.Procurement) any) func(fixture) request {
		return func(f fixture) request {
			p := pk(f)
			if body == nil {
				return request{method: method, path: path(p, suffix)}
			}
			return request{method: method, path: path(p, suffix), body: mustJSON(f.t, body(f, p))}
		}
	}
	version := func(_ fixture, p goumai.Procurement) any { return map[string]any{"version": p.Version} }
	update := func(f fixture, p goumai.Procurement) any { return f.update(p) }
	// lot narrows the first lot to leave room for a second.
	lot := func(_ fixture, p goumai.Procurement) any {
		return workflow.LotInput{Version: p.Version, Title: "第一包：助餐助洁服务", Budget: p.Amount - 10_000_000, Ceiling: p.Amount - 20_000_000}
	}
	clarify := func(_ fixture, p goumai.Procurement) any {
		d := procDocs()
		d.Requirements += "增加助浴服务频次要求。"
		return workflow.Clarification{Version: p.Version, Documents: d, Changes: "第三章服务要求增加助浴频次。", AffectsBids: true}
	}
	terminate := func(_ fixture, p goumai.Procurement) any {
		return workflow.TerminationInput{Version: p.Version, Reason: "因预算调整，终止本项目采购活动。"}
	}
	decision := func(fixture, goumai.Procurement) any {
		return workflow.MethodDecisionInput{Approve: true, Opinion: "经审核，同意采用竞争性谈判方式。"}
	}
	objection := func(fixture, goumai.Procurement) any {
		return workflow.ObjectionInput{Body: "请说明唯一供应商的依据。"}
	}
	// twoLots is a procedure of the spec with a second lot, to delete.
	twoLots := func(s procSpec) pick {
		return func(f fixture) goumai.Procurement {
			f.t.Helper()
			p := f.drafted(s)
			ctx, a := context.Background(), f.account(s.organiser())
			first := lot(f, p).(workflow.LotInput)
			first.Number = 1
			l, err := f.w.svc.PutLot(ctx, a, p.ID, first)
			if err == nil {
				_, err = f.w.svc.PutLot(ctx, a, p.ID, workflow.LotInput{Version: p.Version + 1, Number: 2, Title: "第二包：助浴服务",
					Budget: p.Amount - l.Budget, Requirements: "每月上门助浴不少于2次"})
			}
			if err != nil {
				f.t.Fatalf("second lot: %v", err)
			}
			p, err = f.w.store.Procurement(ctx, p.ID)
			if err != nil {
				f.t.Fatal(err)
			}
			return p
		}
	}
	// create starts a 竞争性磋商 of a project.
	create := func(project func(fixture) goumai.Project) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: "/api/v1/procurements", body: mustJSON(f.t, workflow.ProcurementInput{ProjectID: project(f).ID,
				Method: goumai.MethodConsultation, Reason: goumai.ReasonPurchaseOfServices})}
		}
	}
	agreement := func(project func(f fixture) goumai.Project) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: "/api/v1/agency-agreements", body: mustJSON(f.t, workflow.AgreementInput{ProjectID: project(f).ID,
				AgencyOrgID: f.w.org(f.t, zhongcheng).ID, Reference: "XH-WT-2026-" + strconv.Itoa(f.next()), Scope: "组织竞争性磋商",
				SignedOn: f.w.clock.Now().In(goumai.Shanghai).Format("2006-01-02")})}
		}
	}
	approvedXihu := func(f fixture) goumai.Project { return f.approvedOf(xihuAccounts, belowThreshold) }
	entrustedXihu := func(f fixture) goumai.Project { p := approvedXihu(f); f.entrust(p); return p }
	draftXihu := func(f fixture) goumai.Project { return f.application(xihuAccounts.staff, smallProject) }
	draftHangzhou := func(f fixture) goumai.Project { return f.application("hz.minzheng", smallProject) } // 杭州市民政局, 330100
	// answer answers an objection to a publicity of the spec, answered once before when again.
	answer := func(s procSpec, again bool) func(fixture) request {
		return func(f fixture) request {
			o := f.objection(s)
			const body = "经核实，该中心是辖区唯一具备失智照护床位的机构，维持单一来源。"
			if again {
				if _, err := f.w.svc.AnswerObjection(context.Background(), f.account(s.organiser()), o.ID, body); err != nil {
					f.t.Fatalf("first answer: %v", err)
				}
			}
			return request{method: "POST", path: idPath("/api/v1/objections/", o.ID, "/answer"), body: mustJSON(f.t, map[string]string{"answer": body})}
		}
	}
	prequal := func(s procSpec) pick { return func(f fixture) goumai.Procurement { return f.inPrequal(s) } }
	application := func(fixture, goumai.Procurement) any {
		return workflow.ApplicationInput{Statement: "具备老年人能力评估资质，持证评估师12人。"}
	}
	judge := func(s procSpec) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: idPath("/api/v1/applications/", f.prequalApplication(s).ID, "/judgement"),
				body: mustJSON(f.t, workflow.JudgementInput{Qualified: true})}
		}
	}
	notice := func(f fixture) request {
		ns, err := f.w.store.Notices(context.Background(), f.tendering(consultation).ID)
		if err != nil || len(ns) == 0 {
			f.t.Fatalf("notices: %v", err)
		}
		return request{method: "GET", path: idPath("/api/v1/notices/", ns[0].ID, "")}
	}
	entrusted := consultation.byAgency()

	return []authzRow{
		// Lists: the public sees procedures from their first notice on; finance
		// staff and auditors their region subtree, refused outside it.
		{"GET procurements", false, get("/api/v1/procurements"), everyone(s200)},
		{"GET procurements mine", false, get("/api/v1/procurements?mine=1"), everyone(s200)},
		{"GET procurements of 330200", false, get("/api/v1/procurements?region=330200"),
			expect(s200, s200, s200, s403, s200, s403, s403, s200, s200, s200).and(agency, s200, hzApprover, s403)},
		{"GET notices", false, get("/api/v1/notices"), everyone(s200)},
		{"GET notice", false, notice, everyone(s200)},
		{"GET notice missing", false, get("/api/v1/notices/999999"), everyone(s404)},

		// A procedure: 404 before its first notice for all but its insiders.
		{"GET procurement draft", false, show(drafted(consultation)), insiders(s200, s404)},
		{"GET procurement draft entrusted to the agency", false, show(drafted(entrusted)), insiders(s200, s200)},
		{"GET procurement draft of 330203", false, show(func(f fixture) goumai.Procurement { return f.haishuDraft() }),
			expect(s404, s404, s404, s404, s200, s404, s404, s200, s200, s200).and(agency, s404, hzApprover, s404)},
		{"GET procurement awaiting method approval", false, show(awaiting(negotiation)), insiders(s200, s404)},
		{"GET procurement in single-source publicity", false, show(publicity(soleSupplier)), everyone(s200)},
		{"GET procurement tendering", false, show(tendering(consultation)), everyone(s200)},
		{"GET procurement missing", false, show(missing), everyone(s404)},

		// Creating: by the purchaser's staff, or by the agency once entrusted (then by it alone).
		{"POST procurement", false, create(approvedXihu), run(s201, s403)},
		{"POST procurement of an entrusted project", false, create(entrustedXihu), run(s403, s201)},
		{"POST procurement of a draft project", false, create(draftXihu), run(s409, s422)},
		// An unpublished application of another purchaser is no project at all to them.
		{"POST procurement of another purchaser's draft project", false, create(draftHangzhou), run(s422, s422)},

		// Drafting: the organisers only; a draft others may not see is 404.
		{"PUT procurement draft", false, post("PUT", "", drafted(consultation), update), run(s200, s404)},
		{"PUT procurement draft entrusted", false, post("PUT", "", drafted(entrusted), update), run(s403, s200)},
		{"PUT procurement tendering", false, post("PUT", "", tendering(consultation), update), run(s409, s403)},
		{"PUT lot of a draft", false, post("PUT", "/lots/1", drafted(consultation), lot), run(s200, s404)},
		{"PUT lot of an entrusted draft", false, post("PUT", "/lots/1", drafted(entrusted), lot), run(s403, s200)},
		{"DELETE lot of a draft", false, post("DELETE", "/lots/2", twoLots(consultation), version), run(s204, s404)},
		{"DELETE lot of an entrusted draft", false, post("DELETE", "/lots/2", twoLots(entrusted), version), run(s403, s204)},
		// The checks of publication: for those who may see the draft's internals.
		{"POST validate draft", false, post("POST", "/validate", drafted(consultation), nil),
			expect(s401, s403, s200, s200, s200, s200, s200, s200, s200, s200).and(agency, s404, hzApprover, s200)},
		{"POST validate a tendering procedure", false, post("POST", "/validate", tendering(entrusted), nil),
			expect(s401, s403, s200, s200, s200, s200, s200, s200, s200, s200).and(agency, s200, hzApprover, s200)},
		{"POST validate another's tendering procedure", false, post("POST", "/validate", tendering(consultation), nil),
			expect(s401, s403, s200, s200, s200, s200, s200, s200, s200, s200).and(agency, s403, hzApprover, s200)},

		// Method approval (ENG-C1): requested by the organisers, decided by 杭州市财政局's approver alone.
		{"POST request-approval", false, post("POST", "/request-approval", complete(negotiation), version), run(s200, s404)},
		{"POST request-approval entrusted", false, post("POST", "/request-approval", complete(negotiation.byAgency()), version), run(s403, s200)},
		// Prequalification (ENG-D5): published by the organisers; suppliers
		// apply during the window (not the organisers); the organisers judge.
		{"POST prequalification", false, post("POST", "/prequalification", complete(invited), version), run(s200, s404)},
		{"POST prequalification entrusted", false, post("POST", "/prequalification", complete(invited.byAgency()), version), run(s403, s200)},
		{"POST application", false, post("POST", "/applications", prequal(invited), application),
			expect(s401, s201, s403, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s403)},
		{"POST application to a draft", false, post("POST", "/applications", drafted(invited), application),
			expect(s401, s404, s403, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s403)},
		{"POST judgement", false, judge(invited), run(s200, s404)},
		{"POST judgement entrusted", false, judge(invited.byAgency()), run(s403, s200)},
		{"POST decision on a method awaiting approval", false, post("POST", "/decision", awaiting(negotiation), decision),
			expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s200)},
		{"POST decision on a draft", false, post("POST", "/decision", drafted(negotiation), decision),
			expect(s401, s403, s403, s403, s409, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s409)},
		{"POST decision on a method of 330203 awaiting approval", false, post("POST", "/decision", func(f fixture) goumai.Procurement { return f.haishuAwaiting() }, decision),
			expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s404)},
		{"POST decision missing", false, post("POST", "/decision", missing, decision),
			expect(s401, s403, s403, s403, s404, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s404)},

		// Single-source publicity (ENG-C5): anyone signed in objects but the organisers (409), who answer.
		{"POST publicity", false, post("POST", "/publicity", complete(soleSupplier), version), run(s200, s404)},
		{"POST publicity entrusted", false, post("POST", "/publicity", complete(soleSupplier.byAgency()), version), run(s403, s200)},
		{"POST objection in publicity", false, post("POST", "/objections", publicity(soleSupplier), objection),
			expect(s401, s201, s409, s201, s201, s201, s201, s201, s201, s201).and(agency, s201, hzApprover, s201)},
		{"POST objection to a draft", false, post("POST", "/objections", drafted(soleSupplier), objection),
			expect(s401, s404, s409, s409, s409, s409, s409, s409, s409, s409).and(agency, s404, hzApprover, s409)},
		{"POST objection missing", false, post("POST", "/objections", missing, objection),
			expect(s401, s404, s404, s404, s404, s404, s404, s404, s404, s404).and(agency, s404, hzApprover, s404)},
		{"POST answer objection", false, answer(soleSupplier, false), run(s200, s403)},
		{"POST answer objection entrusted", false, answer(soleSupplier.byAgency(), false), run(s403, s200)},
		// An answer stands as the approver read it.
		{"POST answer an answered objection", false, answer(soleSupplier, true), run(s409, s403)},
		{"POST answer objection missing", false, func(fixture) request {
			return request{method: "POST", path: "/api/v1/objections/999999/answer", body: `{"answer":"答复"}`}
		}, run(s404, s404)},

		// Publication and what follows it.
		{"POST publish", false, post("POST", "/publish", complete(consultation), version), run(s200, s404)},
		{"POST publish entrusted", false, post("POST", "/publish", complete(entrusted), version), run(s403, s200)},
		{"POST clarification", false, post("POST", "/clarifications", tendering(consultation), clarify), run(s200, s403)},
		{"POST clarification entrusted", false, post("POST", "/clarifications", tendering(entrusted), clarify), run(s403, s200)},
		// The purchaser may call off a procedure it entrusted (the agency acts for it).
		{"POST terminate draft", false, post("POST", "/terminate", drafted(consultation), terminate), run(s200, s404)},
		{"POST terminate entrusted draft", false, post("POST", "/terminate", drafted(entrusted), terminate), run(s200, s200)},
		{"POST terminate tendering", false, post("POST", "/terminate", tendering(consultation), terminate), run(s200, s403)},

		// Agency agreements: the purchaser's staff (and approvers) for its own approved projects.
		{"POST agency agreement", false, agreement(approvedXihu),
			expect(s401, s403, s201, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s403)},
		{"POST agency agreement for a draft project", false, agreement(draftXihu),
			expect(s401, s403, s409, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s403)},
		{"POST agency agreement for another purchaser's draft project", false, agreement(draftHangzhou),
			expect(s401, s403, s422, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s403)},
	}
}

// procurementExtras are the extra actors every procurement row names: the
// agency and 杭州市财政局's approver. Another purchaser (otherBuyer) runs only
// in the rows that name it; the rows on another purchaser's objects cover it.
var procurementExtras = []string{agency, hzApprover}

// TestProcurementRowsNameExtraActors: every procurement row says what the
// agency and 杭州市财政局's approver get.
func TestProcurementRowsNameExtraActors(t *testing.T) {
	for _, row := range procurementAuthzRows() {
		for _, a := range procurementExtras {
			if _, ok := row.want[a]; !ok {
				t.Errorf("row %s does not name %s", row.name, a)
			}
		}
	}
}
