package web

import (
	"context"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// enquiryAuthzRows are the authorisation matrix's rows for enquiries
// (routes_enquiries.go), on the demo world's procedures of 杭州市西湖区民政局
// (demo/procurement.go): its open tender for bids (困境儿童关爱保护服务), run by
// xihu.minzheng, and its 竞争性磋商 still being drafted (养老服务人才培训).
//
// Who may do what (authz.go, workflow/enquiries.go): anyone reads a published
// procedure's enquiries (what they see depends on who they are); an
// unpublished procedure is 404 but for its insiders; only a supplier's staff
// ask (ActAskEnquiry), and only about a procedure open for bids; only the
// organisers answer (ActRunProcurement, then the procedure's organiser).
func enquiryAuthzRows() []authzRow {
	tender := func(f fixture) goumai.Procurement {
		return enquiryDemoProcedure(f.t, f.w, goumai.ProcTendering, "困境儿童关爱保护服务")
	}
	draft := func(f fixture) goumai.Procurement {
		return enquiryDemoProcedure(f.t, f.w, goumai.ProcDraft, "养老服务人才培训")
	}
	missing := func(fixture) goumai.Procurement { return goumai.Procurement{ID: 999999} }
	enquiries := func(p goumai.Procurement) string {
		return "/api/v1/procurements/" + strconv.FormatInt(p.ID, 10) + "/enquiries"
	}
	list := func(pick func(fixture) goumai.Procurement) func(fixture) request {
		return func(f fixture) request { return request{method: "GET", path: enquiries(pick(f))} }
	}
	ask := func(pick func(fixture) goumai.Procurement, question string) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: enquiries(pick(f)), body: mustJSON(f.t, workflow.EnquiryInput{Question: question})}
		}
	}
	// asked is a fresh enquiry of supplier.kangning on the open tender,
	// answered already when answered is set.
	asked := func(f fixture, answered bool) goumai.Enquiry {
		f.t.Helper()
		ctx := context.Background()
		u := f.w.user(f.t, supplier)
		ms, err := f.w.store.Memberships(ctx, u.ID)
		if err != nil || len(ms) == 0 {
			f.t.Fatalf("memberships of %s: %v", supplier, err)
		}
		a := goumai.Actor{UserID: u.ID, Username: u.Username, Org: ms[0].Org}
		for _, m := range ms {
			if m.Org.ID == a.Org.ID {
				a.Roles = append(a.Roles, m.Role)
			}
		}
		e, err := f.w.svc.AskEnquiry(ctx, a, tender(f).ID, workflow.EnquiryInput{Question: "授权测试询问" + strconv.Itoa(f.next())})
		if err != nil {
			f.t.Fatalf("ask: %v", err)
		}
		if answered {
			staff := f.w.user(f.t, purchaser)
			org := f.w.org(f.t, "杭州市西湖区民政局")
			e, err = f.w.svc.AnswerEnquiry(ctx, goumai.Actor{UserID: staff.ID, Username: staff.Username, Org: org, Roles: []goumai.Role{goumai.RolePurchaserStaff}},
				e.ID, workflow.AnswerInput{Answer: "按采购文件执行。"})
			if err != nil {
				f.t.Fatalf("answer: %v", err)
			}
		}
		return e
	}
	answer := func(answered bool) func(fixture) request {
		return func(f fixture) request {
			e := asked(f, answered)
			return request{method: "POST", path: "/api/v1/enquiries/" + strconv.FormatInt(e.ID, 10) + "/answer",
				body: mustJSON(f.t, workflow.AnswerInput{Answer: "持证率按全部服务人员计算。"})}
		}
	}
	all := func(s int) map[string]int { return expect(s, s, s, s, s, s, s, s, s, s) }
	// Only a supplier's staff pass the gate of asking; only the organisers' of answering.
	asking := func(s int) map[string]int { return expect(s401, s, s403, s403, s403, s403, s403, s403, s403, s403) }
	answering := func(s int) map[string]int { return expect(s401, s403, s, s403, s403, s403, s403, s403, s403, s403) }
	return []authzRow{
		{"GET the enquiries of a procedure open for bids", false, list(tender), all(s200)},
		{"GET the enquiries of a draft (insiders only)", false, list(draft), expect(s404, s404, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET the enquiries of a missing procedure", false, list(missing), all(s404)},
		{"POST an enquiry on a procedure open for bids", false, ask(tender, "服务人员持证率是否包括兼职人员？"), asking(s201)},
		{"POST an empty enquiry (the gate before the body)", false, ask(tender, ""), asking(s422)},
		{"POST an enquiry on a draft", false, ask(draft, "何时发布？"), asking(s404)},
		{"POST an enquiry on a missing procedure", false, ask(missing, "何时发布？"), asking(s404)},
		{"POST the answer to an enquiry", false, answer(false), answering(s200)},
		{"POST the answer to an enquiry answered already", false, answer(true), answering(s409)},
		{"POST the answer to a missing enquiry", false, func(f fixture) request {
			return request{method: "POST", path: "/api/v1/enquiries/999999/answer", body: mustJSON(f.t, workflow.AnswerInput{Answer: "无"})}
		}, answering(s404)},
	}
}
