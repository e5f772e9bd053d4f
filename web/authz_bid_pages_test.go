package web

import (
	"context"
	"encoding/hex"
	"net/url"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/workflow"
)

// bidPageAuthzRows are the authorisation matrix's rows for the supplier's
// bid pages (routes_bid_pages.go), on the demo's open tender of
// 杭州市西湖区民政局: only a supplier's staff pass the gate (ActBid); each page
// and form then acts on the actor's own organisation's bid alone, so a
// document of 杭州康宁's bid is 404 for everyone else (and for the public and
// the organisers refused at the gate, 401 and 403).
func bidPageAuthzRows() []authzRow {
	tender := func(f fixture) (goumai.Procurement, goumai.Lot) {
		f.t.Helper()
		p := enquiryDemoProcedure(f.t, f.w, goumai.ProcTendering, "困境儿童关爱保护服务")
		lots, err := f.w.store.Lots(context.Background(), p.ID)
		if err != nil || len(lots) == 0 {
			f.t.Fatalf("lots: %v", err)
		}
		return p, lots[0]
	}
	lotPath := func(f fixture, tail string) string {
		p, l := tender(f)
		return bidPath(p.ID, l.ID) + tail
	}
	page := func(tail string) func(fixture) request {
		return func(f fixture) request { return request{method: "GET", path: lotPath(f, tail)} }
	}
	form := func(tail string, v url.Values) func(fixture) request {
		return func(f fixture) request { return request{method: "POST", path: lotPath(f, tail), form: v} }
	}
	// kangDoc is a document of 康宁's draft, uploaded through the use case.
	kangDoc := func(f fixture) request {
		p, l := tender(f)
		b, err := f.w.svc.AddBidDocument(context.Background(), f.account(supplier), p.ID, l.ID, "资质.pdf", []byte("%PDF-1.7\n% 页面授权测试\n%%EOF\n"))
		if err != nil {
			f.t.Fatalf("document: %v", err)
		}
		d := b.Draft.Content.Documents[len(b.Draft.Content.Documents)-1]
		return request{method: "GET", path: "/staff/bids/" + strconv.FormatInt(b.ID, 10) + "/documents/" + d.SHA256}
	}
	// kangReceipt is the receipt of a bid 康宁 submits through the use cases,
	// signed with its demo key.
	kangReceipt := func(f fixture) request {
		p, l := tender(f)
		ctx, a := context.Background(), f.account(supplier)
		b, err := f.w.svc.SaveBid(ctx, a, p.ID, l.ID, workflow.BidInput{Price: 100000, Responses: []goumai.BidResponse{{Requirement: "服务方案", Response: "按采购文件执行。"}}})
		if err != nil {
			f.t.Fatalf("draft: %v", err)
		}
		key, err := demo.DemoSigningKey()
		if err != nil {
			f.t.Fatal(err)
		}
		pub, err := key.Public()
		if err != nil {
			f.t.Fatal(err)
		}
		sig, err := key.Sign(goumai.BidSigningMessage(b.Draft.Commitment))
		if err != nil {
			f.t.Fatal(err)
		}
		if b, err = f.w.svc.SubmitBid(ctx, a, p.ID, l.ID, workflow.SubmitInput{Commitment: b.Draft.Commitment, KeyID: pub.ID, Signature: hex.EncodeToString(sig)}); err != nil {
			f.t.Fatalf("submit: %v", err)
		}
		return request{method: "GET", path: "/staff/bids/" + strconv.FormatInt(b.ID, 10) + "/receipt"}
	}
	bidding := func(s int) statuses {
		return expect(s401, s, s403, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s403)
	}
	// reading is a page: the anonymous are sent to sign in.
	// reading is a page that reads bids: the anonymous are sent to sign in;
	// everyone else reaches the use case, which refuses (and records) anyone
	// but a supplier's staff.
	reading := func(s int) statuses {
		return expect(s303, s, s403, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s403)
	}
	// sealed is a page of one bid: for anyone but its bidder it does not
	// exist (404, recorded), as on the API.
	sealed := func(s int) statuses {
		return expect(s303, s, s404, s404, s404, s404, s404, s404, s404, s404).and(agency, s404, hzApprover, s404)
	}
	return []authzRow{
		{"GET /staff/bids", true, func(fixture) request { return request{method: "GET", path: "/staff/bids"} }, reading(s200)},
		{"GET /procurements/{id}/lots/{lot}/bid", true, page(""), reading(s200)},
		{"GET /procurements/{id}/lots/{lot}/bid of a missing lot", true, func(f fixture) request {
			p, _ := tender(f)
			return request{method: "GET", path: bidPath(p.ID, 999999)}
		}, sealed(s404)},
		{"GET /staff/bids/{id}/documents/{sha256} of 康宁's bid", true, kangDoc, sealed(s200)},
		{"GET /staff/bids/{id}/receipt of a missing bid", true, func(fixture) request {
			return request{method: "GET", path: "/staff/bids/999999/receipt"}
		}, sealed(s404)},
		{"POST /procurements/{id}/lots/{lot}/bid", true, form("", url.Values{"price": {"1000.00"}, "req_0": {"服务方案"}, "resp_0": {"按采购文件执行。"}}), bidding(s303)},
		{"POST /procurements/{id}/lots/{lot}/bid price in words", true, form("", url.Values{"price": {"一千元"}}), bidding(s422)},
		{"POST /procurements/{id}/lots/{lot}/bid/documents without a file", true, func(f fixture) request {
			return request{method: "POST", path: lotPath(f, "/documents"), form: url.Values{}}
		}, expect(s401, s422, s403, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, hzApprover, s403)},
		{"POST /procurements/{id}/lots/{lot}/bid/documents/remove", true, form("/documents/remove", url.Values{"sha256": {"00"}}), bidding(s303)},
		{"POST /procurements/{id}/lots/{lot}/bid/submit unsigned", true, form("/submit", url.Values{"commitment": {"00"}}), bidding(s422)},
		{"POST /procurements/{id}/lots/{lot}/bid/withdraw with nothing submitted", true, form("/withdraw", url.Values{}), bidding(s409)},
		// Last: it leaves 康宁's bid submitted.
		{"GET /staff/bids/{id}/receipt of 康宁's bid", true, kangReceipt, sealed(s200)},
	}
}
