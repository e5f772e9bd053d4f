package web

import (
	"context"
	"net/url"

	"github.com/goumai/goumai"
)

// noticeAuthzRows are the authorisation matrix's rows for the public portal
// of procurement part 1 (routes_notices.go): the procedures, the notices with
// their print views, and the supplier's forms on a procedure's page.
//
// Who may do what: everyone reads a procedure from its first notice on, and
// every notice; the public pages show what the public sees to everyone, so a
// procedure never published is 404 on them even for its own organisers and
// the finance staff of its region (their pages are under /staff). Only a
// supplier's staff ask (ActAskEnquiry) and apply to a prequalification
// (ActApplyPrequal); anyone signed in objects to a single-source publicity,
// but not its own organisers (409, as on the API).
func noticeAuthzRows() []authzRow {
	everyone := func(s int) statuses {
		return expect(s, s, s, s, s, s, s, s, s, s).and(agency, s, hzApprover, s)
	}
	// supplierOnly is a form only a supplier's staff pass the gate of.
	supplierOnly := func(s int) statuses {
		return expect(s401, s, s403, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s403)
	}
	// signedInAll is a form everyone signed in passes the gate of, with status s.
	signedInAll := func(s int) statuses {
		return expect(s401, s, s, s, s, s, s, s, s, s).and(agency, s, hzApprover, s)
	}
	get := func(path string) func(fixture) request {
		return func(fixture) request { return request{method: "GET", path: path} }
	}
	type pick func(fixture) goumai.Procurement
	demoTender := func(f fixture) goumai.Procurement {
		return enquiryDemoProcedure(f.t, f.w, goumai.ProcTendering, "困境儿童关爱保护服务")
	}
	page := func(pk pick, suffix string) func(fixture) request {
		return func(f fixture) request {
			return request{method: "GET", path: idPath("/procurements/", pk(f).ID, suffix)}
		}
	}
	form := func(pk pick, suffix, field, value string) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: idPath("/procurements/", pk(f).ID, suffix), form: url.Values{field: {value}}}
		}
	}
	notice := func(suffix string) func(fixture) request {
		return func(f fixture) request {
			ns, err := f.w.store.Notices(context.Background(), demoTender(f).ID)
			if err != nil || len(ns) == 0 {
				f.t.Fatalf("notices of the demo tender: %v", err)
			}
			return request{method: "GET", path: idPath("/notices/", ns[0].ID, suffix)}
		}
	}
	drafted := func(f fixture) goumai.Procurement { return f.drafted(consultation) }
	haishu := func(f fixture) goumai.Procurement { return f.haishuDraft() }
	tendering := func(f fixture) goumai.Procurement { return f.tendering(consultation) }
	prequal := func(f fixture) goumai.Procurement { return f.inPrequal(invited) }
	publicity := func(f fixture) goumai.Procurement { return f.inPublicity(soleSupplier) }
	missing := func(fixture) goumai.Procurement { return goumai.Procurement{ID: 999999} }

	return []authzRow{
		// The public procedures: published ones only, to everyone alike.
		{"GET /procurements", true, get("/procurements"), everyone(s200)},
		{"GET /procurements filtered", true, get("/procurements?region=330106&method=open_tender&status=tendering&q=%E5%84%BF%E7%AB%A5"), everyone(s200)},
		{"GET /procurements unknown method", true, get("/procurements?method=bribery"), everyone(s422)},
		{"GET /procurements/{id} published", true, page(demoTender, ""), everyone(s200)},
		{"GET /procurements/{id} in publicity", true, page(publicity, ""), everyone(s200)},
		{"GET /procurements/{id} draft of 330106", true, page(drafted, ""), everyone(s404)},
		{"GET /procurements/{id} draft of 330203", true, page(haishu, ""), everyone(s404)},
		{"GET /procurements/{id} missing", true, page(missing, ""), everyone(s404)},

		// The supplier's forms.
		{"POST /procurements/{id}/enquiries", true, form(tendering, "/enquiries", "question", "第三章服务时长是否含路途时间？"), supplierOnly(s303)},
		{"POST /procurements/{id}/enquiries empty", true, form(tendering, "/enquiries", "question", " "), supplierOnly(s422)},
		{"POST /procurements/{id}/enquiries on a draft", true, form(drafted, "/enquiries", "question", "可以提问吗？"), supplierOnly(s404)},
		{"POST /procurements/{id}/enquiries in publicity", true, form(publicity, "/enquiries", "question", "可以提问吗？"), supplierOnly(s409)},
		{"POST /procurements/{id}/applications", true, form(prequal, "/applications", "statement", "具备职业技能等级认定机构备案。"), supplierOnly(s303)},
		{"POST /procurements/{id}/applications empty", true, form(prequal, "/applications", "statement", ""), supplierOnly(s422)},
		{"POST /procurements/{id}/applications while tendering", true, form(tendering, "/applications", "statement", "具备资质。"), supplierOnly(s409)},
		{"POST /procurements/{id}/objections", true, form(publicity, "/objections", "body", "请说明唯一供应商的依据。"),
			signedInAll(s303).but(purchaser, s409)},
		{"POST /procurements/{id}/objections empty", true, form(publicity, "/objections", "body", ""), signedInAll(s422)},
		{"POST /procurements/{id}/objections while tendering", true, form(tendering, "/objections", "body", "异议。"), signedInAll(s409)},
		{"POST /procurements/{id}/objections on a draft", true, form(drafted, "/objections", "body", "异议。"),
			signedInAll(s409).but(supplier, s404, agency, s404)},

		// The notices and their print views: all public.
		{"GET /notices", true, get("/notices"), everyone(s200)},
		{"GET /notices of a kind", true, get("/notices?kind=correction&region=330106"), everyone(s200)},
		{"GET /notices unknown kind", true, get("/notices?kind=advert"), everyone(s422)},
		{"GET /notices/{id}", true, notice(""), everyone(s200)},
		{"GET /notices/{id} missing", true, get("/notices/999999"), everyone(s404)},
		{"GET /notices/{id}/print", true, notice("/print"), everyone(s200)},
		{"GET /notices/{id}/print missing", true, get("/notices/999999/print"), everyone(s404)},
	}
}

// but overrides the expectations of some actors, in pairs: but(purchaser, s409).
func (m statuses) but(pairs ...any) statuses {
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i].(string)] = pairs[i+1].(int)
	}
	return m
}
