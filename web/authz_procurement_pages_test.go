package web

import (
	"context"
	"net/url"
	"strconv"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// procurementPageAuthzRows are the authorisation matrix's rows for the
// procurement staff pages (routes_procurement_pages.go), with the two extra
// actors of the procurement rows: the agency 浙江中诚招标代理有限公司 and
// 杭州市财政局's finance approver. The pages answer as the JSON API does
// (authz_procurement_test.go), except that the anonymous are sent to sign in
// (303) and a successful form post redirects (303).
func procurementPageAuthzRows() []authzRow {
	const s409 = 409
	// page is a page everyone signed in may open (signedIn), answering s to each.
	page := func(s int) statuses {
		return expect(s303, s, s, s, s, s, s, s, s, s).and(agency, s, hzApprover, s)
	}
	// insiders is who sees a procedure of Xihu before its first notice.
	insiders := func(ag int) statuses {
		return expect(s303, s404, s200, s200, s200, s200, s200, s200, s200, s200).and(agency, ag, hzApprover, s200)
	}
	// runPage is a page of the organisers (gate ActRunProcurement).
	runPage := func(purchaserStatus, agencyStatus int) statuses {
		return expect(s303, s403, purchaserStatus, s403, s403, s403, s403, s403, s403, s403).and(agency, agencyStatus, hzApprover, s403)
	}
	// run is a form of the organisers.
	run := func(purchaserStatus, agencyStatus int) statuses {
		return expect(s401, s403, purchaserStatus, s403, s403, s403, s403, s403, s403, s403).and(agency, agencyStatus, hzApprover, s403)
	}
	type pick func(fixture) goumai.Procurement
	drafted := func(s procSpec) pick { return func(f fixture) goumai.Procurement { return f.drafted(s) } }
	complete := func(s procSpec) pick { return func(f fixture) goumai.Procurement { return f.complete(s) } }
	tendering := func(s procSpec) pick { return func(f fixture) goumai.Procurement { return f.tendering(s) } }
	awaiting := func(s procSpec) pick { return func(f fixture) goumai.Procurement { return f.awaitingApproval(s) } }
	missing := func(fixture) goumai.Procurement { return goumai.Procurement{ID: 999999, Version: 1} }
	entrusted := consultation.byAgency()
	show := func(pk pick, suffix string) func(fixture) request {
		return func(f fixture) request { return request{method: "GET", path: staffPath(pk(f), suffix)} }
	}
	form := func(pk pick, suffix string, values func(f fixture, p goumai.Procurement) url.Values) func(fixture) request {
		return func(f fixture) request {
			p := pk(f)
			v := url.Values{}
			if values != nil {
				v = values(f, p)
			}
			return request{method: "POST", path: staffPath(p, suffix), form: v}
		}
	}
	withVersion := func(_ fixture, p goumai.Procurement) url.Values { return versionForm(p) }
	update := func(f fixture, p goumai.Procurement) url.Values {
		in := f.update(p)
		q := p
		q.Documents, q.Periods, q.SoleSupplierID = in.Documents, in.Periods, in.SoleSupplierID
		v := url.Values{}
		for k, x := range procurementFormValues(q) {
			v.Set(k, x)
		}
		v.Set("version", strconv.Itoa(p.Version))
		return v
	}
	lot := func(_ fixture, p goumai.Procurement) url.Values {
		return url.Values{"version": {strconv.Itoa(p.Version)}, "number": {"1"}, "title": {"第一包：助餐助洁服务"}, "budget": {(p.Amount - 10_000_000).Yuan()}}
	}
	twoLots := func(s procSpec) pick {
		return func(f fixture) goumai.Procurement {
			f.t.Helper()
			p := f.drafted(s)
			ctx, a := context.Background(), f.account(s.organiser())
			l, err := f.w.svc.PutLot(ctx, a, p.ID, workflow.LotInput{Version: p.Version, Number: 1, Title: "第一包", Budget: p.Amount - 10_000_000})
			if err == nil {
				_, err = f.w.svc.PutLot(ctx, a, p.ID, workflow.LotInput{Version: p.Version + 1, Number: 2, Title: "第二包", Budget: p.Amount - l.Budget})
			}
			if err != nil {
				f.t.Fatalf("second lot: %v", err)
			}
			return f.reload(p)
		}
	}
	terminate := func(_ fixture, p goumai.Procurement) url.Values {
		v := versionForm(p)
		v.Set("reason", "因预算调整，终止本项目采购活动。")
		return v
	}
	clarify := func(_ fixture, p goumai.Procurement) url.Values {
		v := versionForm(p)
		v.Set("requirements", p.Documents.Requirements+"增加助浴服务频次要求。")
		v.Set("contract_terms", p.Documents.ContractTerms)
		v.Set("changes", "第三章服务要求增加助浴频次。")
		return v
	}
	decision := func(fixture, goumai.Procurement) url.Values {
		return url.Values{"decision": {"approve"}, "opinion": {"经审核，同意采用竞争性谈判方式。"}}
	}
	newFor := func(project func(fixture) goumai.Project) func(fixture) request {
		return func(f fixture) request {
			return request{method: "GET", path: "/staff/procurements/new?project=" + strconv.FormatInt(project(f).ID, 10)}
		}
	}
	create := func(project func(fixture) goumai.Project) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: "/staff/procurements", form: url.Values{"project_id": {strconv.FormatInt(project(f).ID, 10)},
				"method": {"competitive_consultation"}, "reason": {"purchase_of_services"}}}
		}
	}
	approvedXihu := func(f fixture) goumai.Project { return f.approvedOf(xihuAccounts, belowThreshold) }
	entrustedXihu := func(f fixture) goumai.Project { p := approvedXihu(f); f.entrust(p); return p }
	answerObjection := func(s procSpec) func(fixture) request {
		return func(f fixture) request {
			o := f.objection(s)
			return request{method: "POST", path: staffPath(goumai.Procurement{ID: o.ProcurementID}, "/objections/"+strconv.FormatInt(o.ID, 10)+"/answer"),
				form: url.Values{"answer": {"经核实，该中心是辖区唯一具备失智照护床位的机构，维持单一来源。"}}}
		}
	}
	judge := func(s procSpec) func(fixture) request {
		return func(f fixture) request {
			ap := f.prequalApplication(s)
			return request{method: "POST", path: staffPath(goumai.Procurement{ID: ap.ProcurementID}, "/applications/"+strconv.FormatInt(ap.ID, 10)+"/judgement"),
				form: url.Values{"judgement": {"qualified"}}}
		}
	}
	answerEnquiry := func(s procSpec) func(fixture) request {
		return func(f fixture) request {
			p := f.tendering(s)
			e, err := f.w.svc.AskEnquiry(context.Background(), f.account(supplier), p.ID, workflow.EnquiryInput{Question: "评估人员是否须全职？" + strconv.Itoa(f.next())})
			if err != nil {
				f.t.Fatalf("ask: %v", err)
			}
			return request{method: "POST", path: staffPath(p, "/enquiries/"+strconv.FormatInt(e.ID, 10)+"/answer"), form: url.Values{"answer": {"须为全职人员。"}}}
		}
	}
	get := func(path string) func(fixture) request {
		return func(fixture) request { return request{method: "GET", path: path} }
	}

	return []authzRow{
		// The list: everyone signed in (their organisation's, or their region's).
		{"GET /staff/procurements", true, get("/staff/procurements"), page(s200)},
		// Starting a procedure: the organisers only; of an entrusted project the agency alone.
		{"GET /staff/procurements/new", true, get("/staff/procurements/new"), runPage(s200, s200)},
		{"GET /staff/procurements/new of a project", true, newFor(approvedXihu), runPage(s200, s403)},
		{"GET /staff/procurements/new of an entrusted project", true, newFor(entrustedXihu), runPage(s403, s200)},
		{"POST /staff/procurements", true, create(approvedXihu), run(s303, s403)},
		{"POST /staff/procurements of an entrusted project", true, create(entrustedXihu), run(s403, s303)},

		// Entrusting an agency: the purchaser's staff, for its own approved project.
		{"POST /staff/procurements/agreements", true, func(f fixture) request {
			return request{method: "POST", path: "/staff/procurements/agreements", form: url.Values{"project_id": {strconv.FormatInt(approvedXihu(f).ID, 10)},
				"agency_org_id": {strconv.FormatInt(f.w.org(f.t, zhongcheng).ID, 10)}, "reference": {"XH-WT-2026-" + strconv.Itoa(f.next())},
				"signed_on": {f.w.clock.Now().In(goumai.Shanghai).Format("2006-01-02")}}}
		}, expect(s401, s403, s303, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s403)},

		// A procedure's page: 404 before its first notice for all but its insiders.
		{"GET /staff/procurements/{id} draft", true, show(drafted(consultation), ""), insiders(s404)},
		{"GET /staff/procurements/{id} draft entrusted", true, show(drafted(entrusted), ""), insiders(s200)},
		{"GET /staff/procurements/{id} awaiting approval", true, show(awaiting(negotiation), ""), insiders(s404)},
		{"GET /staff/procurements/{id} tendering", true, show(tendering(consultation), ""), page(s200)},
		{"GET /staff/procurements/{id} missing", true, show(missing, ""), page(s404)},

		// Drafting: the organisers, while it is drafted.
		{"GET /staff/procurements/{id}/edit draft", true, show(drafted(consultation), "/edit"), runPage(s200, s404)},
		{"GET /staff/procurements/{id}/edit draft entrusted", true, show(drafted(entrusted), "/edit"), runPage(s403, s200)},
		{"GET /staff/procurements/{id}/edit tendering", true, show(tendering(consultation), "/edit"), runPage(s409, s403)},
		{"POST /staff/procurements/{id} draft", true, form(drafted(consultation), "", update), run(s303, s404)},
		{"POST /staff/procurements/{id} draft entrusted", true, form(drafted(entrusted), "", update), run(s403, s303)},
		{"POST /staff/procurements/{id}/lots", true, form(drafted(consultation), "/lots", lot), run(s303, s404)},
		{"POST /staff/procurements/{id}/lots entrusted", true, form(drafted(entrusted), "/lots", lot), run(s403, s303)},
		{"POST /staff/procurements/{id}/lots/{number}/delete", true, form(twoLots(consultation), "/lots/2/delete", withVersion), run(s303, s404)},
		{"POST /staff/procurements/{id}/validate", true, form(drafted(consultation), "/validate", nil),
			expect(s401, s403, s200, s200, s200, s200, s200, s200, s200, s200).and(agency, s404, hzApprover, s200)},

		// The steps.
		{"POST /staff/procurements/{id}/request-approval", true, form(complete(negotiation), "/request-approval", withVersion), run(s303, s404)},
		{"POST /staff/procurements/{id}/decision", true, form(awaiting(negotiation), "/decision", decision),
			expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s303)},
		{"POST /staff/procurements/{id}/decision on a draft", true, form(drafted(negotiation), "/decision", decision),
			expect(s401, s403, s403, s403, s409, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s409)},
		{"POST /staff/procurements/{id}/publicity", true, form(complete(soleSupplier), "/publicity", withVersion), run(s303, s404)},
		{"POST /staff/procurements/{id}/prequalification", true, form(complete(invited), "/prequalification", withVersion), run(s303, s404)},
		{"POST /staff/procurements/{id}/publish", true, form(complete(consultation), "/publish", withVersion), run(s303, s404)},
		{"POST /staff/procurements/{id}/publish entrusted", true, form(complete(entrusted), "/publish", withVersion), run(s403, s303)},
		{"POST /staff/procurements/{id}/clarifications", true, form(tendering(consultation), "/clarifications", clarify), run(s303, s403)},
		{"POST /staff/procurements/{id}/terminate", true, form(drafted(consultation), "/terminate", terminate), run(s303, s404)},
		// The purchaser may call off a procedure it entrusted.
		{"POST /staff/procurements/{id}/terminate entrusted", true, form(drafted(entrusted), "/terminate", terminate), run(s303, s303)},
		{"POST /staff/procurements/{id}/objections/{item}/answer", true, answerObjection(soleSupplier), run(s303, s403)},
		{"POST /staff/procurements/{id}/objections/{item}/answer entrusted", true, answerObjection(soleSupplier.byAgency()), run(s403, s303)},
		{"POST /staff/procurements/{id}/applications/{item}/judgement", true, judge(invited), run(s303, s404)},
		{"POST /staff/procurements/{id}/enquiries/{item}/answer", true, answerEnquiry(consultation), run(s303, s403)},
	}
}

// TestProcurementPageRowsNameExtraActors: every procurement page row says
// what the agency and 杭州市财政局's approver get.
func TestProcurementPageRowsNameExtraActors(t *testing.T) {
	for _, row := range procurementPageAuthzRows() {
		for _, a := range procurementExtras {
			if _, ok := row.want[a]; !ok {
				t.Errorf("row %s does not name %s", row.name, a)
			}
		}
	}
}
