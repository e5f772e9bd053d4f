package web

import (
	"context"
	"net/url"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// challengeAuthzRows are the authorisation matrix's rows for challenges and
// complaints (routes_challenges.go), on the demo world's open tender of
// 杭州市西湖区民政局 (困境儿童关爱保护服务, run by xihu.minzheng) and its
// 竞争性磋商 still being drafted.
//
// Who may do what (authz.go, workflow/challenges.go): anyone reads a
// published procedure's challenges and complaints; only a supplier's staff
// challenge, withdraw and complain (ActChallenge), for the challenging
// organisation only; only the organisers answer (ActRunProcurement, then the
// procedure's organiser: not another agency); only a finance approver of the
// procedure's region or above suspends, resumes and decides
// (ActDecideComplaint: zj.approver of the province, hz.approver of the
// prefecture).
func challengeAuthzRows() []authzRow {
	tender := func(f fixture) goumai.Procurement {
		return enquiryDemoProcedure(f.t, f.w, goumai.ProcTendering, "困境儿童关爱保护服务")
	}
	draft := func(f fixture) goumai.Procurement {
		return enquiryDemoProcedure(f.t, f.w, goumai.ProcDraft, "养老服务人才培训")
	}
	missing := func(fixture) goumai.Procurement { return goumai.Procurement{ID: 999999} }
	path := func(p goumai.Procurement) string {
		return "/api/v1/procurements/" + strconv.FormatInt(p.ID, 10) + "/challenges"
	}
	notice := func(f fixture) int64 {
		ns, err := f.w.store.Notices(context.Background(), tender(f).ID)
		if err != nil || len(ns) == 0 {
			f.t.Fatalf("notices of the demo tender: %v", err)
		}
		return ns[0].ID
	}
	list := func(pick func(fixture) goumai.Procurement) func(fixture) request {
		return func(f fixture) request { return request{method: "GET", path: path(pick(f))} }
	}
	// pagePath is the address of a procedure's public page of challenges.
	pagePath := func(p goumai.Procurement) string { return idPath("/procurements/", p.ID, "/challenges") }
	page := func(pick func(fixture) goumai.Procurement) func(fixture) request {
		return func(f fixture) request { return request{method: "GET", path: pagePath(pick(f))} }
	}
	file := func(pick func(fixture) goumai.Procurement, claims string) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: path(pick(f)), body: mustJSON(f.t, workflow.ChallengeInput{NoticeID: notice(f), Claims: claims})}
		}
	}
	dismissed := workflow.RulingInput{Verdict: goumai.VerdictDismissed, Reasons: "质疑事项不成立。"}
	// filed is a fresh challenge of supplier.kangning of the open tender,
	// answered already when answered is set.
	filed := func(f fixture, answered bool) goumai.Challenge {
		f.t.Helper()
		ctx := context.Background()
		c, err := f.w.svc.FileChallenge(ctx, f.account(supplier), tender(f).ID,
			workflow.ChallengeInput{NoticeID: notice(f), Claims: "授权测试质疑" + strconv.Itoa(f.next())})
		if err != nil {
			f.t.Fatalf("challenge: %v", err)
		}
		if answered {
			if c, err = f.w.svc.AnswerChallenge(ctx, f.account(purchaser), c.ID, dismissed); err != nil {
				f.t.Fatalf("answer: %v", err)
			}
		}
		return c
	}
	// complained is a fresh complaint of an answered challenge, suspended,
	// decided or withdrawn after when given.
	complained := func(f fixture, then func(ctx context.Context, k goumai.Complaint) (goumai.Complaint, error)) goumai.Complaint {
		f.t.Helper()
		ctx := context.Background()
		k, err := f.w.svc.FileComplaint(ctx, f.account(supplier), filed(f, true).ID, workflow.ComplaintInput{Claims: "不服答复。"})
		if err == nil && then != nil {
			k, err = then(ctx, k)
		}
		if err != nil {
			f.t.Fatalf("complaint: %v", err)
		}
		return k
	}
	onChallenge := func(action string, answered bool, body any) func(fixture) request {
		return func(f fixture) request {
			c := filed(f, answered)
			r := request{method: "POST", path: "/api/v1/challenges/" + strconv.FormatInt(c.ID, 10) + "/" + action}
			if body != nil {
				r.body = mustJSON(f.t, body)
			}
			return r
		}
	}
	onComplaint := func(action string, then string, body any) func(fixture) request {
		return func(f fixture) request {
			k := complained(f, func(ctx context.Context, k goumai.Complaint) (goumai.Complaint, error) {
				approver := f.account(approver)
				switch then {
				case "suspended":
					return f.w.svc.SuspendProcurement(ctx, approver, k.ID, workflow.SuspendInput{Reason: "暂停。"})
				case "decided":
					return f.w.svc.DecideComplaint(ctx, approver, k.ID, dismissed)
				}
				return k, nil
			})
			r := request{method: "POST", path: "/api/v1/complaints/" + strconv.FormatInt(k.ID, 10) + "/" + action}
			if body != nil {
				r.body = mustJSON(f.t, body)
			}
			return r
		}
	}
	// pageForm is a form of the page posted to where, with values.
	pageForm := func(where func(fixture) string, values func(fixture) url.Values) func(fixture) request {
		return func(f fixture) request {
			r := request{method: "POST", path: where(f), form: url.Values{}}
			if values != nil {
				r.form = values(f)
			}
			return r
		}
	}
	rulingForm := func(fixture) url.Values {
		return url.Values{"verdict": {"partly_upheld"}, "outcome": {"correct_documents"}, "reasons": {"部分成立。"}}
	}
	// complaintForm posts action on a fresh complaint, suspended or decided first when then says so.
	complaintForm := func(then, action string, values func(fixture) url.Values) func(fixture) request {
		return func(f fixture) request {
			r := onComplaint(action, then, nil)(f)
			return pageForm(func(fixture) string {
				return "/procurements/" + strconv.FormatInt(tender(f).ID, 10) + r.path[len("/api/v1"):]
			}, values)(f)
		}
	}
	upheld := workflow.RulingInput{Verdict: goumai.VerdictUpheld, Outcome: goumai.OutcomeReevaluate, Reasons: "评分有误。"}
	all := func(s int) statuses { return expect(s, s, s, s, s, s, s, s, s, s) }
	// Only a supplier's staff pass the gate of challenging; only the
	// organisers' of answering (an agency's too, refused as not this
	// procedure's organiser); only finance approvers' of deciding.
	challenging := func(s int) statuses { return expect(s401, s, s403, s403, s403, s403, s403, s403, s403, s403) }
	answering := func(s, ofAgency int) statuses {
		return expect(s401, s403, s, s403, s403, s403, s403, s403, s403, s403).and(agency, ofAgency)
	}
	deciding := func(s int) statuses {
		return expect(s401, s403, s403, s403, s, s403, s403, s403, s403, s403).and(hzApprover, s)
	}
	return []authzRow{
		{"GET the challenges of a procedure open for bids", false, list(tender), all(s200)},
		{"GET the challenges of a draft (insiders only)", false, list(draft), expect(s404, s404, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET the challenges of a missing procedure", false, list(missing), all(s404)},
		{"POST a challenge of a notice", false, file(tender, "评分标准限制了兼职人员。"), challenging(s201)},
		{"POST an empty challenge (the gate before the body)", false, file(tender, ""), challenging(s422)},
		{"POST a challenge of a draft", false, file(draft, "x"), challenging(s404)},
		{"POST a challenge of a missing procedure", false, file(missing, "x"), challenging(s404)},
		{"POST the answer to a challenge", false, onChallenge("answer", false, upheld), answering(s200, s403)},
		{"POST the answer to a challenge answered already", false, onChallenge("answer", true, upheld), answering(s409, s403)},
		{"POST the answer to a missing challenge", false, func(f fixture) request {
			return request{method: "POST", path: "/api/v1/challenges/999999/answer", body: mustJSON(f.t, upheld)}
		}, answering(s404, s404)},
		{"POST the withdrawal of a challenge", false, onChallenge("withdraw", false, nil), challenging(s200)},
		{"POST the withdrawal of an answered challenge", false, onChallenge("withdraw", true, nil), challenging(s409)},
		{"POST a complaint after the answer", false, onChallenge("complaint", true, workflow.ComplaintInput{Claims: "不服答复。"}), challenging(s201)},
		{"POST a complaint before the answer", false, onChallenge("complaint", false, workflow.ComplaintInput{Claims: "尚未答复。"}), challenging(s409)},
		{"POST a suspension of the procurement", false, onComplaint("suspend", "", workflow.SuspendInput{Reason: "投诉可能影响结果。"}), deciding(s200)},
		{"POST a suspension without reason", false, onComplaint("suspend", "", workflow.SuspendInput{}), deciding(s422)},
		{"POST the end of a suspension", false, onComplaint("resume", "suspended", nil), deciding(s200)},
		{"POST the end of a suspension not in force", false, onComplaint("resume", "", nil), deciding(s409)},
		{"POST the decision on a complaint", false, onComplaint("decide", "suspended", upheld), deciding(s200)},
		{"POST a second decision on a complaint", false, onComplaint("decide", "decided", upheld), deciding(s409)},
		{"POST the withdrawal of a complaint", false, onComplaint("withdraw", "", nil), challenging(s200)},
		{"POST the withdrawal of a decided complaint", false, onComplaint("withdraw", "decided", nil), challenging(s409)},

		// The public page and its forms (the same rules).
		{"GET /procurements/{id}/challenges", true, page(tender), all(s200).and(agency, s200, hzApprover, s200)},
		{"GET /procurements/{id}/challenges of a draft", true, page(draft), all(s404)},
		{"GET /procurements/{id}/challenges missing", true, page(missing), all(s404)},
		{"GET /procurements/{id}/complaints/{item}/print", true, func(f fixture) request {
			k := complained(f, nil)
			return request{method: "GET", path: idPath("/procurements/", tender(f).ID, "/complaints/"+strconv.FormatInt(k.ID, 10)+"/print")}
		}, all(s200).and(agency, s200, hzApprover, s200)},
		{"GET /procurements/{id}/complaints/{item}/print missing", true, func(f fixture) request {
			return request{method: "GET", path: idPath("/procurements/", tender(f).ID, "/complaints/999999/print")}
		}, all(s404).and(agency, s404, hzApprover, s404)},
		{"POST /procurements/{id}/challenges", true, pageForm(func(f fixture) string { return pagePath(tender(f)) },
			func(f fixture) url.Values {
				return url.Values{"notice_id": {strconv.FormatInt(notice(f), 10)}, "claims": {"评分标准不当。"}}
			}), challenging(s303)},
		{"POST /procurements/{id}/challenges empty", true, pageForm(func(f fixture) string { return pagePath(tender(f)) },
			func(f fixture) url.Values {
				return url.Values{"notice_id": {strconv.FormatInt(notice(f), 10)}, "claims": {" "}}
			}), challenging(s422)},
		{"POST /procurements/{id}/challenges/{item}/answer", true, pageForm(func(f fixture) string {
			return pagePath(tender(f)) + "/" + strconv.FormatInt(filed(f, false).ID, 10) + "/answer"
		}, rulingForm), answering(s303, s403)},
		{"POST /procurements/{id}/challenges/{item}/withdraw", true, pageForm(func(f fixture) string {
			return pagePath(tender(f)) + "/" + strconv.FormatInt(filed(f, false).ID, 10) + "/withdraw"
		}, nil), challenging(s303)},
		{"POST /procurements/{id}/challenges/{item}/complaint", true, pageForm(func(f fixture) string {
			return pagePath(tender(f)) + "/" + strconv.FormatInt(filed(f, true).ID, 10) + "/complaint"
		}, func(fixture) url.Values { return url.Values{"claims": {"不服答复。"}} }), challenging(s303)},
		{"POST /procurements/{id}/complaints/{item}/suspend", true, complaintForm("", "suspend", func(fixture) url.Values { return url.Values{"reason": {"暂停。"}} }), deciding(s303)},
		{"POST /procurements/{id}/complaints/{item}/resume", true, complaintForm("suspended", "resume", nil), deciding(s303)},
		{"POST /procurements/{id}/complaints/{item}/decide", true, complaintForm("", "decide", rulingForm), deciding(s303)},
		{"POST /procurements/{id}/complaints/{item}/decide without a verdict", true, complaintForm("", "decide",
			func(fixture) url.Values { return url.Values{"reasons": {"无结论。"}} }), deciding(s422)},
		{"POST /procurements/{id}/complaints/{item}/withdraw", true, complaintForm("", "withdraw", nil), challenging(s303)},
	}
}
