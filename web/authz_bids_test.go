package web

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// bidAuthzRows are the authorisation matrix's rows for sealed bids
// (routes_bids.go), on the demo's open tender of 杭州市西湖区民政局
// (困境儿童关爱保护服务), where 杭州康宁 submitted a sealed bid: only a supplier's staff save, document, submit and
// withdraw their organisation's bid (ActBid, checked before the body is
// read); a bid, its documents and the list of a procedure's bids are read by
// nobody but the bidding organisation — not the purchaser, the agency,
// finance staff, administrators, auditors or another supplier — and those
// attempts reach the use case, which refuses and records them.
func bidAuthzRows() []authzRow {
	tender := func(f fixture) goumai.Procurement {
		return enquiryDemoProcedure(f.t, f.w, goumai.ProcTendering, "困境儿童关爱保护服务")
	}
	lotPath := func(f fixture, tail string) string {
		f.t.Helper()
		p := tender(f)
		lots, err := f.w.store.Lots(context.Background(), p.ID)
		if err != nil || len(lots) == 0 {
			f.t.Fatalf("lots: %v", err)
		}
		return "/api/v1/procurements/" + strconv.FormatInt(p.ID, 10) + "/lots/" + strconv.FormatInt(lots[0].ID, 10) + "/bid" + tail
	}
	// kangBid is 康宁's draft bid on the tender, made through the use case.
	kangBid := func(f fixture) goumai.Bid {
		f.t.Helper()
		p := tender(f)
		lots, err := f.w.store.Lots(context.Background(), p.ID)
		if err != nil || len(lots) == 0 {
			f.t.Fatalf("lots: %v", err)
		}
		b, err := f.w.svc.SaveBid(context.Background(), f.account(supplier), p.ID, lots[0].ID, workflow.BidInput{Price: lots[0].Budget / 2})
		if err != nil {
			f.t.Fatalf("kangning's draft: %v", err)
		}
		return b
	}
	get := func(path func(f fixture) string) func(fixture) request {
		return func(f fixture) request { return request{method: "GET", path: path(f)} }
	}
	post := func(method, tail string, body func(f fixture) any) func(fixture) request {
		return func(f fixture) request {
			r := request{method: method, path: lotPath(f, tail)}
			if body != nil {
				r.body = mustJSON(f.t, body(f))
			}
			return r
		}
	}
	bidding := func(s int) statuses {
		return expect(s401, s, s403, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s403)
	}
	sealed := expect(s401, s200, s404, s404, s404, s404, s404, s404, s404, s404).and(agency, s404, hzApprover, s404)
	return []authzRow{
		{"GET the organisation's own bids", false, get(func(fixture) string { return "/api/v1/bids" }),
			expect(s401, s200, s403, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s403)},
		{"GET 康宁's sealed bid", false, get(func(f fixture) string { return "/api/v1/bids/" + strconv.FormatInt(kangBid(f).ID, 10) }), sealed},
		{"GET the receipt of 康宁's submitted demo bid", false, get(func(f fixture) string {
			return "/api/v1/bids/" + strconv.FormatInt(kangBid(f).ID, 10) + "/receipt"
		}), sealed},
		{"GET a missing bid", false, get(func(fixture) string { return "/api/v1/bids/999999" }),
			expect(s401, s404, s404, s404, s404, s404, s404, s404, s404, s404)},
		{"GET a document of 康宁's sealed bid", false, get(func(f fixture) string {
			p := tender(f)
			lots, _ := f.w.store.Lots(context.Background(), p.ID)
			b, err := f.w.svc.AddBidDocument(context.Background(), f.account(supplier), p.ID, lots[0].ID, "技术方案.pdf", []byte("%PDF-1.7\n% 授权测试\n%%EOF\n"))
			if err != nil {
				f.t.Fatalf("document: %v", err)
			}
			return "/api/v1/bids/" + strconv.FormatInt(b.ID, 10) + "/documents/" + b.Draft.Content.Documents[len(b.Draft.Content.Documents)-1].SHA256
		}), sealed},
		{"GET the bids of a procedure open for bids (sealed for all)", false, get(func(f fixture) string {
			return "/api/v1/procurements/" + strconv.FormatInt(tender(f).ID, 10) + "/bids"
		}), expect(s403, s403, s403, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s403)},
		{"PUT a draft bid", false, post("PUT", "", func(f fixture) any {
			return workflow.BidInput{Price: 100_000, Responses: []goumai.BidResponse{{Requirement: "服务方案", Response: "按采购文件执行。"}}}
		}), bidding(s200)},
		{"PUT a draft bid over the ceiling (the gate before the body)", false, post("PUT", "", func(f fixture) any {
			return workflow.BidInput{Price: 1 << 50}
		}), bidding(s422)},
		{"POST a bid document", false, post("POST", "/documents", func(f fixture) any {
			return map[string]string{"file_name": "资质.pdf", "file": base64.StdEncoding.EncodeToString([]byte("%PDF-1.7\n% 资质\n%%EOF\n"))}
		}), bidding(s201)},
		{"POST a submission with a wrong signature", false, post("POST", "/submit", func(f fixture) any {
			return workflow.SubmitInput{Commitment: kangBid(f).Draft.Commitment, KeyID: strings.Repeat("0", 64), Signature: strings.Repeat("ab", 64)}
		}), bidding(s422)},
		{"POST the withdrawal of 康宁's submitted demo bid", false, post("POST", "/withdraw", nil), bidding(s200)},
		{"POST a withdrawal with nothing submitted (withdrawn already)", false, post("POST", "/withdraw", nil), bidding(s409)},
	}
}
