package workflow

import (
	"context"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

func init() { inboxSources = append(inboxSources, resultInbox) }

// letterKinds are the to-do kinds of the letters.
var letterKinds = map[goumai.LetterKind]string{goumai.LetterAward: "todo.kind.letter_award", goumai.LetterResult: "todo.kind.letter_result"}

// resultInbox adds procurement part 2's to-do items: the purchaser's
// confirmations (ENG-D6), the organisers' openings the scheduler has not
// reached, result notices to publish and bonds to refund (ENG-D7), and the
// letters a supplier received.
func resultInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	if a.Has(goumai.RoleSupplier) {
		ls, err := s.Store.OrgLetters(ctx, a.Org.ID)
		if err != nil {
			return err
		}
		for _, l := range ls {
			p, err := s.Store.Procurement(ctx, l.ProcurementID)
			if err != nil {
				return err
			}
			in.Done = append(in.Done, Item{Kind: letterKinds[l.Kind], Title: p.Code + " " + p.Title, Link: "/notices/" + strconv.FormatInt(l.NoticeID, 10), At: l.IssuedAt})
		}
	}
	if !a.HasAny(goumai.RolePurchaserStaff, goumai.RoleAgency) {
		return nil
	}
	ps, err := s.Store.FindProcurements(ctx, sqlstore.ProcurementFilter{OrgID: a.Org.ID, Limit: 200,
		Statuses: []goumai.ProcurementStatus{goumai.ProcClosed, goumai.ProcConfirmation, goumai.ProcConfirmed, goumai.ProcAwarded}})
	if err != nil {
		return err
	}
	for _, p := range ps {
		due := ""
		if p.NextDue != nil {
			due = "（" + p.NextDue.In(goumai.Shanghai).Format("01月02日") + "前）"
		}
		switch {
		case p.Status == goumai.ProcConfirmation && s.purchaser(a, p) == nil:
			if p.NextDue == nil {
				due = "（已逾期）"
			}
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.confirm_result", Title: p.Code + " " + p.Title + due, Link: procurementLink(p.ID), At: p.UpdatedAt})
		case s.organizer(a, p) != nil:
		case p.Status == goumai.ProcClosed:
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.open_bids", Title: p.Code + " " + p.Title, Link: procurementLink(p.ID), At: p.UpdatedAt})
		case p.Status == goumai.ProcConfirmed:
			if p.NextDue == nil {
				due = "（已逾期）"
			}
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.publish_result", Title: p.Code + " " + p.Title + due, Link: procurementLink(p.ID), At: p.UpdatedAt})
		case p.Status == goumai.ProcAwarded:
			rs, err := s.Store.Refunds(ctx, p.ID)
			if err != nil {
				return err
			}
			for _, r := range rs {
				if r.RefundedAt == nil && r.DueAt != nil {
					in.Todo = append(in.Todo, Item{Kind: "todo.kind.bond_refund", Title: p.Code + " " + p.Title + "（" + r.DueAt.In(goumai.Shanghai).Format("01月02日") + "前）",
						Link: procurementLink(p.ID) + "#refunds", At: *r.DueAt})
				}
			}
		}
	}
	return nil
}
