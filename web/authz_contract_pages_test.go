package web

import (
	"context"
	"fmt"
	"net/url"

	"github.com/goumai/goumai"
)

// contractPageAuthzRows are the matrix's rows for the contract's pages
// (routes_contract_pages.go), on the demo's contract that contractAuthzRows
// (just before) drafted, had signed by both parties and entered for
// statistics: the staff pages redirect the signed-out to sign in; the forms
// are stopped at the gate (401 signed out, 403 for who may never act) or by
// the use case — the contract's parties are refused by its state (409,
// re-rendering the page with the reason), anyone else does not find it
// (404) or may not act for a party (403); the public pages are anyone's.
func contractPageAuthzRows() []authzRow {
	contract := func(f fixture) goumai.Contract {
		sc := contractDemo(f.t, f.w)
		cs, err := f.w.store.Contracts(context.Background(), sc.p.ID)
		if err != nil || len(cs) != 1 {
			f.t.Fatalf("contracts of %s: %v %v", sc.p.Title, cs, err)
		}
		c, err := f.w.store.Contract(context.Background(), cs[0].ID)
		if err != nil {
			f.t.Fatal(err)
		}
		return c
	}
	get := func(suffix string) func(fixture) request {
		return func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf(suffix, contract(f).ID)}
		}
	}
	post := func(suffix string, values func(goumai.Contract) url.Values) func(fixture) request {
		return func(f fixture) request {
			c := contract(f)
			return request{method: "POST", path: fmt.Sprintf(suffix, c.ID), form: values(c)}
		}
	}
	none := func(goumai.Contract) url.Values { return url.Values{} }
	signature := func(c goumai.Contract) url.Values {
		return url.Values{"hash": {c.Hash}, "key_id": {"0000"}, "signature": {"AAAA"}}
	}
	all := func(code int) statuses { return expect(code, code, code, code, code, code, code, code, code, code) }
	return []authzRow{
		{"GET /staff/contracts (my contracts)", true, func(fixture) request { return request{method: "GET", path: "/staff/contracts"} },
			expect(s303, s200, s200, s200, s200, s200, s200, s200, s200, s200).and(agency, s200, contractWinner, s200)},
		{"GET /staff/contracts/{id} (the contract's staff page)", true, get("/staff/contracts/%d"),
			expect(s303, s404, s200, s200, s200, s200, s200, s200, s200, s200).and(agency, s200, otherBuyer, s404, contractWinner, s200)},
		{"POST /staff/procurements/{id}/lots/{lot}/contract of a lot already drafted", true, func(f fixture) request {
			sc := contractDemo(f.t, f.w)
			return request{method: "POST", path: fmt.Sprintf("/staff/procurements/%d/lots/%d/contract", sc.p.ID, sc.award.LotID), form: url.Values{}}
		}, expect(s401, s403, s409, s403, s403, s403, s403, s403, s403, s403).and(agency, s409, otherBuyer, s403, contractWinner, s403)},
		{"POST /staff/contracts/{id} edit a contract in force", true, post("/staff/contracts/%d", contractForm),
			expect(s401, s403, s409, s403, s403, s403, s403, s403, s403, s403).and(agency, s409, otherBuyer, s404, contractWinner, s403)},
		{"POST /staff/contracts/{id}/sign a contract in force", true, post("/staff/contracts/%d/sign", signature),
			expect(s401, s404, s409, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, otherBuyer, s404, contractWinner, s409)},
		{"POST /staff/contracts/{id}/statistics entered already", true, post("/staff/contracts/%d/statistics", none),
			expect(s401, s403, s409, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, otherBuyer, s404)},
		{"GET /contracts/{id} (the contract in force)", true, get("/contracts/%d"), all(s200).and(contractWinner, s200)},
		{"GET /contracts/{id}/print", true, get("/contracts/%d/print"), all(s200)},
		{"POST close the project of the contract in force, not yet delivered", false, func(f fixture) request {
			return request{method: "POST", path: fmt.Sprintf("/api/v1/projects/%d/close", contractDemo(f.t, f.w).p.ProjectID)}
		}, expect(s401, s403, s409, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, otherBuyer, s403, contractWinner, s403)},
	}
}
