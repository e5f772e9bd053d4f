package web

import (
	"context"
	"crypto/sha256"
	"fmt"

	"github.com/goumai/goumai"
)

// matrixBuyerKeySeed is the seed of the signing key the purchaser registers
// in the matrix, so that its later signature row can sign with it.
var matrixBuyerKeySeed = sha256.Sum256([]byte("goumai authz matrix: the purchaser's contract key"))

// contractAuthzRows are the matrix's rows for the contract (routes_contract.go),
// on the demo's awarded 居家养老上门服务 of 杭州市西湖区民政局 (run by its
// agency, won after its re-ranking by 夕阳红, contractWinner; the matrix's
// supplier 康宁 bid and lost): the purchaser drafts it (the agency finds it
// drafted), the purchaser and the agency edit it, the purchaser registers its
// key, the purchaser and the winner sign (another supplier and other staff
// are refused), and the public reads it only once in force.
func contractAuthzRows() []authzRow {
	contract := func(f fixture) (demoContractScene, goumai.Contract) {
		sc := contractDemo(f.t, f.w)
		cs, err := f.w.store.Contracts(context.Background(), sc.p.ID)
		if err != nil || len(cs) != 1 {
			f.t.Fatalf("contracts of %s: %v %v", sc.p.Title, cs, err)
		}
		return sc, cs[0]
	}
	buyerKey := func(f fixture) goumai.SigningKey {
		k, err := goumai.SigningKeyFromSeed(goumai.AlgEd25519, matrixBuyerKeySeed[:])
		if err != nil {
			f.t.Fatal(err)
		}
		return k
	}
	read := func(f fixture) request {
		_, c := contract(f)
		return request{method: "GET", path: fmt.Sprintf("/api/v1/contracts/%d", c.ID)}
	}
	return []authzRow{
		{"POST draft the contract of the demo's awarded lot", false, func(f fixture) request {
			sc := contractDemo(f.t, f.w)
			return request{method: "POST", path: fmt.Sprintf("/api/v1/procurements/%d/lots/%d/contract", sc.p.ID, sc.award.LotID), body: "{}"}
		}, expect(s401, s403, s201, s403, s403, s403, s403, s403, s403, s403).and(agency, s409, otherBuyer, s403, contractWinner, s403)},
		{"PUT complete the draft contract's terms", false, func(f fixture) request {
			_, c := contract(f)
			t := c.Terms
			t.Settlement, t.BreachLiability = "按季度考核后支付。", "按合同约定承担违约责任。"
			return request{method: "PUT", path: fmt.Sprintf("/api/v1/contracts/%d", c.ID), body: mustJSON(f.t, map[string]any{"version": c.Version,
				"title": c.Title, "amount": c.Amount, "term_months": c.TermMonths, "long_term": c.LongTerm, "start_on": c.StartOn, "terms": t})}
		}, expect(s401, s403, s200, s403, s403, s403, s403, s403, s403, s403).and(agency, s200, otherBuyer, s404, contractWinner, s403)},
		{"POST register the purchaser's contract signing key", false, func(f fixture) request {
			pub, err := buyerKey(f).Public()
			if err != nil {
				f.t.Fatal(err)
			}
			return request{method: "POST", path: fmt.Sprintf("/api/v1/orgs/%d/signing-keys", f.w.org(f.t, "杭州市西湖区民政局").ID),
				body: mustJSON(f.t, map[string]any{"public_key": pub.PEM, "label": "合同专用"})}
		}, expect(s401, s403, s201, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, otherBuyer, s403)},
		{"GET the draft contract", false, read,
			expect(s404, s404, s200, s200, s200, s200, s200, s200, s200, s200).and(agency, s200, otherBuyer, s404, contractWinner, s200)},
		{"POST sign the contract (each party with its own key)", false, func(f fixture) request {
			sc, c := contract(f)
			k := buyerKey(f)
			if f.as == contractWinner {
				k = sc.key
			}
			return request{method: "POST", path: fmt.Sprintf("/api/v1/contracts/%d/sign", c.ID), body: signBody(f.t, k, c.Hash)}
		}, expect(s401, s404, s200, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, otherBuyer, s404, contractWinner, s200)},
		{"POST enter the contract in force for statistics", false, func(f fixture) request {
			_, c := contract(f)
			return request{method: "POST", path: fmt.Sprintf("/api/v1/contracts/%d/statistics", c.ID)}
		}, expect(s401, s403, s200, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, otherBuyer, s404)},
		{"GET the contract in force", false, read,
			expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200).and(contractWinner, s200)},
		{"GET the procedure's contracts", false, func(f fixture) request {
			sc := contractDemo(f.t, f.w)
			return request{method: "GET", path: fmt.Sprintf("/api/v1/procurements/%d/contracts", sc.p.ID)}
		}, expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
	}
}
