package web

import (
	"context"
	"fmt"
	"net/url"

	"github.com/goumai/goumai"
)

// contractChangeAuthzRows are the matrix's rows for the changes to a contract
// in force (routes_contract_change.go), on the demo's contract signed by the
// contract rows (contractAuthzRows): the purchaser proposes a supplementary
// contract (the agency may too: it finds one awaiting signatures), both
// parties sign it; the winner proposes a subcontract to 康宁 (康宁 itself is
// refused), the purchaser consents; anyone reads the changes; finance staff
// and auditors read the red flags; the purchaser proposes a termination by
// agreement and the winner refuses it, so the contract stays in force for
// the rows after. The staff page is read by the contract's insiders and the
// region's finance and audit staff; its form (an amendment past 10 %) is
// refused as bad input for the purchaser and its agency and forbidden to
// everyone else.
func contractChangeAuthzRows() []authzRow {
	contract := func(f fixture) goumai.Contract {
		sc := contractDemo(f.t, f.w)
		cs, err := f.w.store.Contracts(context.Background(), sc.p.ID)
		if err != nil || len(cs) != 1 {
			f.t.Fatalf("contracts of %s: %v %v", sc.p.Title, cs, err)
		}
		return cs[0]
	}
	// last returns the id and version of a contract's newest change of a kind.
	last := func(f fixture, kind string) (int64, int) {
		ctx, c := context.Background(), contract(f)
		switch kind {
		case "amendment":
			ms, err := f.w.store.Amendments(ctx, c.ID)
			if err != nil || len(ms) == 0 {
				f.t.Fatalf("amendments: %v %v", ms, err)
			}
			return ms[len(ms)-1].ID, ms[len(ms)-1].Version
		case "subcontract":
			ks, err := f.w.store.Subcontracts(ctx, c.ID)
			if err != nil || len(ks) == 0 {
				f.t.Fatalf("subcontracts: %v %v", ks, err)
			}
			return ks[len(ks)-1].ID, ks[len(ks)-1].Version
		}
		ts, err := f.w.store.Terminations(ctx, c.ID)
		if err != nil || len(ts) == 0 {
			f.t.Fatalf("terminations: %v %v", ts, err)
		}
		return ts[len(ts)-1].ID, ts[len(ts)-1].Version
	}
	return []authzRow{
		{"POST propose a supplementary contract", false, func(f fixture) request {
			return request{method: "POST", path: fmt.Sprintf("/api/v1/contracts/%d/amendments", contract(f).ID),
				body: `{"reasons":"服务对象增加。","terms":"服务数量增加1%。","amount":100}`}
		}, expect(s401, s403, s201, s403, s403, s403, s403, s403, s403, s403).and(agency, s409, otherBuyer, s404, contractWinner, s403)},
		{"POST sign the supplementary contract (each party with its own key)", false, func(f fixture) request {
			id, _ := last(f, "amendment")
			ms, err := f.w.store.Amendments(context.Background(), contract(f).ID)
			if err != nil {
				f.t.Fatal(err)
			}
			k, err := goumai.SigningKeyFromSeed(goumai.AlgEd25519, matrixBuyerKeySeed[:])
			if err != nil {
				f.t.Fatal(err)
			}
			if f.as == contractWinner {
				k = contractDemo(f.t, f.w).key
			}
			return request{method: "POST", path: fmt.Sprintf("/api/v1/amendments/%d/sign", id), body: signBody(f.t, k, ms[len(ms)-1].Hash)}
		}, expect(s401, s404, s200, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, otherBuyer, s404, contractWinner, s200)},
		{"POST propose a subcontract to 康宁", false, func(f fixture) request {
			o := f.w.org(f.t, "杭州康宁养老服务有限公司")
			return request{method: "POST", path: fmt.Sprintf("/api/v1/contracts/%d/subcontracts", contract(f).ID),
				body: fmt.Sprintf(`{"subcontractor_org_id":%d,"part":"助浴服务","amount":100,"non_core":true}`, o.ID)}
		}, expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, otherBuyer, s403, contractWinner, s201)},
		{"POST decide the subcontract", false, func(f fixture) request {
			id, v := last(f, "subcontract")
			return request{method: "POST", path: fmt.Sprintf("/api/v1/subcontracts/%d/decision", id), body: fmt.Sprintf(`{"version":%d,"agree":true,"opinion":"同意。"}`, v)}
		}, expect(s401, s403, s200, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, otherBuyer, s404, contractWinner, s403)},
		{"GET the contract's changes", false, func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf("/api/v1/contracts/%d/changes", contract(f).ID)}
		}, expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200).and(contractWinner, s200)},
		{"GET the blocked subcontracts of 330106", false, func(f fixture) request {
			return request{method: "GET", path: "/api/v1/subcontracts/blocked?region=330106"}
		}, expect(s401, s403, s403, s200, s200, s200, s200, s200, s200, s200)},
		{"POST propose a termination by agreement", false, func(f fixture) request {
			return request{method: "POST", path: fmt.Sprintf("/api/v1/contracts/%d/terminations", contract(f).ID), body: `{"ground":"agreement","reasons":"服务对象迁入新建机构。"}`}
		}, expect(s401, s404, s201, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, otherBuyer, s404, contractWinner, s409)},
		{"GET the contract's change page", true, func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf("/staff/contracts/%d/changes", contract(f).ID)}
		}, expect(s303, s403, s200, s200, s200, s200, s200, s200, s200, s200).and(agency, s200, otherBuyer, s403, contractWinner, s200)},
		{"POST the contract's change form (a supplementary contract past 10 %)", true, func(f fixture) request {
			c := contract(f)
			return request{method: "POST", path: fmt.Sprintf("/staff/contracts/%d/changes", c.ID), form: url.Values{"do": {"amend"}, "reasons": {"x"},
				"terms": {"y"}, "amount": {fmt.Sprintf("%d.00", c.Amount/5/100)}}}
		}, expect(s401, s404, s422, s403, s403, s403, s403, s403, s403, s403).and(agency, s422, otherBuyer, s404, contractWinner, s403)},
		{"POST decide the termination (the winner refuses it)", false, func(f fixture) request {
			id, v := last(f, "termination")
			return request{method: "POST", path: fmt.Sprintf("/api/v1/terminations/%d/decision", id), body: fmt.Sprintf(`{"version":%d,"agree":false,"opinion":"不同意解除，继续履行。"}`, v)}
		}, expect(s401, s404, s403, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, otherBuyer, s404, contractWinner, s200)},
	}
}
