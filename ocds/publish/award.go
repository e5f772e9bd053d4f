package publish

import (
	"context"

	"github.com/goumai/goumai/ocds"
)

func init() {
	register(awardRelease, "award.confirm")
}

// awardRelease is a confirmed award of a lot (确定中标（成交）供应商): the
// supplier, the amount, the lot and the opened bid it comes from.
//
// award.withdrawn (awards withdrawn after an upheld challenge, ENG-D8) yields
// no release: its event's state is null, the row deleted, so the award's
// procurement cannot be found (Releases skips events without a state).
func awardRelease(ctx context.Context, b *build) (*ocds.Release, error) {
	r, _, err := b.procurement(ctx, b.num("procurement_id"), "award")
	if err != nil || r == nil {
		return nil, err
	}
	r.Tender = nil
	a := ocds.Award{ID: ref("award", b.num("id")), Status: "active", Date: b.when("confirmed_at"), Value: ocds.Yuan(b.num("amount"))}
	supplier, err := b.party(ctx, r, b.num("org_id"), "supplier", "tenderer")
	if err != nil {
		return nil, err
	}
	if supplier != nil {
		a.Suppliers = []ocds.OrganizationReference{*supplier}
	}
	setExt(&a.Extensions, "relatedLots", []string{ref("lot", b.num("lot_id"))})
	if bid := b.num("opened_bid_id"); bid != 0 {
		setExt(&a.Extensions, "relatedBid", ref("bid", bid))
	}
	r.Awards = []ocds.Award{a}
	return r, nil
}
