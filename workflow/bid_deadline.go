package workflow

import (
	"context"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// deadlineCheckRef is what the check at the deadline is for. Like the
// submission's check, it names no procedure: the list of checks must not
// become a list of bidders.
const deadlineCheckRef = "密封投标截止时核查 sealed bid at the deadline"

// checkBiddersAtDeadline runs the supplier check again, at the deadline, for
// every organisation with a submitted bid on p (ENG-A4: the check runs
// between the notice and the deadline — at submission — and again at the
// deadline), inside the transaction that closes the bids. Each check is
// recorded like every other; a bidder the check refuses (banned or credit-
// listed since it submitted, evidence expired) keeps its sealed bid, with
// the refusal and its rule noted on it for the opening to set it aside.
func (s *Service) checkBiddersAtDeadline(ctx context.Context, tx *sqlstore.Tx, p goumai.Procurement) error {
	if s.Sealer == nil {
		return nil // a server without a seal key takes no bids
	}
	rows, err := tx.BidsTagged(ctx, s.procTag(p.ID))
	if err != nil {
		return err
	}
	for _, r := range rows {
		b, err := s.openBid(r)
		if err != nil {
			return err
		}
		if b.Status != goumai.BidSubmitted {
			continue
		}
		_, err = s.CheckSupplier(ctx, tx, b.OrgID, deadlineCheckRef, p.Periods.BidDeadline)
		if goumai.ErrorCode(err) != goumai.EForbidden {
			if err != nil {
				return err
			}
			continue
		}
		b.Refusals = append(b.Refusals, goumai.BidRefusal{At: tx.Now(), Rule: goumai.AsError(err).Rule})
		slot := &bidSlot{p: p, slot: s.slotTag(p.ID, b.LotID, b.OrgID), proc: s.procTag(p.ID), me: s.ownerTag(b.OrgID), bid: b}
		if err := s.writeBid(ctx, tx, slot, "bid.refused"); err != nil {
			return err
		}
	}
	return nil
}
