package publish

import (
	"context"
	"math"

	"github.com/goumai/goumai/ocds"
)

func init() {
	register(contractRelease, "contract.signed", "contract.amended", "contract.terminated")
	register(subcontractRelease, "contract.subcontract_agree")
}

var contractTags = map[string]string{
	"contract.signed":     "contract",
	"contract.amended":    "contractAmendment",
	"contract.terminated": "contractTermination",
}

var contractStatus = map[string]string{"draft": "pending", "signing": "pending", "signed": "active", "terminated": "terminated"}

// contractRelease is a contract signed by both parties, its total changed by
// a supplementary contract in force, or its termination.
func contractRelease(ctx context.Context, b *build) (*ocds.Release, error) {
	b.signed = true
	r, _, err := b.procurement(ctx, b.num("procurement_id"), contractTags[b.e.Action])
	if err != nil || r == nil {
		return nil, err
	}
	r.Tender = nil
	c := ocds.Contract{
		ID:      ref("contract", b.num("id")),
		AwardID: ref("award", b.num("award_id")),
		Title:   b.str("title"),
		Status:  contractStatus[b.str("status")],
		// Total() = Amount + AmendedAmount (ENG-H3)
		Value:      ocds.Yuan(b.num("amount") + b.num("amended_amount")),
		DateSigned: b.when("signed_at"),
	}
	if start, end := b.when("start_on"), b.when("end_on"); start != nil || end != nil {
		c.Period = &ocds.Period{StartDate: start, EndDate: end}
	}
	c.Description = strOf(sub(b.state, "terms"), "service_content")
	buyer, err := b.party(ctx, r, b.num("purchaser_org_id"), "buyer")
	if err != nil {
		return nil, err
	}
	r.Buyer = buyer
	supplier, err := b.party(ctx, r, b.num("supplier_org_id"), "supplier")
	if err != nil {
		return nil, err
	}
	if b.e.Action == "contract.signed" {
		var signatories []*ocds.OrganizationReference
		for _, s := range []*ocds.OrganizationReference{buyer, supplier} {
			if s != nil {
				signatories = append(signatories, s)
			}
		}
		setExt(&c.Extensions, "signatories", signatories)
	}
	if b.e.Action == "contract.amended" {
		c.Amendments = []ocds.Amendment{{ID: ref("amendment", b.e.ID), Date: Date(b.e.At),
			Description: "合同金额因补充合同变更 / Contract total changed by a supplementary contract"}}
	}
	r.Contracts = []ocds.Contract{c}
	return r, nil
}

// subcontractRelease is a subcontract the purchaser consented to (ENG-H4):
// the goumai extension's contracts[].subcontracts item, its share of the
// contract's total and its depth in the chain (1 when the contract's supplier
// subcontracts; a second level is always blocked, and blocked or refused
// subcontracts are never public).
func subcontractRelease(ctx context.Context, b *build) (*ocds.Release, error) {
	r, c, cs, err := b.contract(ctx, b.num("contract_id"), "contractUpdate")
	if err != nil || r == nil {
		return nil, err
	}
	sub, err := b.party(ctx, r, b.num("subcontractor_org_id"), "subcontractor")
	if err != nil || sub == nil {
		return nil, err
	}
	depth := 1
	if parent := b.num("parent_org_id"); parent != 0 && parent != int64Of(cs["supplier_org_id"]) {
		depth = 2
	}
	item := map[string]any{"id": ref("subcontract", b.num("id")), "supplier": sub, "chainDepth": depth}
	if total := int64Of(cs["amount"]) + int64Of(cs["amended_amount"]); total > 0 {
		item["sharePercentage"] = math.Round(float64(b.num("amount"))*10000/float64(total)) / 100
	}
	setExt(&c.Extensions, "subcontracts", []any{item})
	setExt(&c.Extensions, "subcontractingChainDepth", depth)
	return r, nil
}
