package publish

import (
	"context"

	"github.com/goumai/goumai/ocds"
)

func init() {
	register(awardRelease, "award.confirm")
	registerDeletion(awardWithdrawn, "award.withdrawn")
}

// awardRelease is a confirmed award of a lot (确定中标（成交）供应商): the
// supplier, the amount, the lot and the opened bid it comes from.
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
		setExt(&a.Extensions, "relatedBids", []string{ref("bid", bid)}) // relatedBid is deprecated in the bid extension
	}
	r.Awards = []ocds.Award{a}
	return r, nil
}

// awardWithdrawn is an award withdrawn after an upheld challenge or complaint
// (ENG-D8): the award is cancelled. Its event's state is null (the row is
// deleted), so it is built from the award's last state, which only a
// PreviousLookup can read; with a plain Lookup it yields no release.
func awardWithdrawn(ctx context.Context, b *build) (*ocds.Release, error) {
	r, _, err := b.procurement(ctx, b.num("procurement_id"), "awardCancellation")
	if err != nil || r == nil {
		return nil, err
	}
	r.Tender = nil
	r.Awards = []ocds.Award{{ID: ref("award", b.num("id")), Status: "cancelled"}}
	return r, nil
}
