package publish

import (
	"context"

	"github.com/goumai/goumai/ocds"
)

func init() {
	register(planning, "project.approve")
}

// planning is an approved project: the process's buyer, budget and rationale.
func planning(ctx context.Context, b *build) (*ocds.Release, error) {
	r := b.start(b.num("id"), "planning")
	buyer, err := b.party(ctx, r, b.num("purchaser_org_id"), "buyer")
	if err != nil {
		return nil, err
	}
	r.Buyer = buyer
	r.Planning = &ocds.Planning{
		Rationale: b.str("content"),
		Budget:    &ocds.Budget{ID: b.str("code"), Description: b.str("title"), Amount: ocds.Yuan(b.num("amount"))},
	}
	return r, nil
}
