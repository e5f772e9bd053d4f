package workflow

import (
	"context"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

func init() { inboxSources = append(inboxSources, qualificationInbox) }

// QualificationLink is a procedure's qualification page.
func QualificationLink(id int64) string {
	return "/staff/procurements/" + strconv.FormatInt(id, 10) + "/qualification"
}

// qualificationInbox adds, for the purchaser's staff and its agency's, each
// procedure whose report recommends a supplier not yet qualified (资质审核):
// one item per such lot, before the purchaser's confirmation.
func qualificationInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	if !a.HasAny(goumai.RolePurchaserStaff, goumai.RoleAgency) {
		return nil
	}
	ps, err := s.Store.FindProcurements(ctx, sqlstore.ProcurementFilter{OrgID: a.Org.ID, Limit: 200, Statuses: []goumai.ProcurementStatus{goumai.ProcConfirmation}})
	if err != nil {
		return err
	}
	for _, p := range ps {
		if s.qualifier(a, p) != nil {
			continue
		}
		ranking, err := s.Ranking(ctx, s.Store, p.ID)
		if err != nil {
			return err
		}
		qs, err := s.Store.Qualifications(ctx, p.ID)
		if err != nil {
			return err
		}
		for _, r := range ranking {
			first, ok := r.Recommended()
			if !ok {
				continue
			}
			if q, ok := latestQualification(qs, first.OpenedBidID); ok && q.Result == goumai.Qualified {
				continue
			}
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.qualify", Title: p.Code + " " + p.Title + "：" + first.Supplier,
				Link: QualificationLink(p.ID), At: p.UpdatedAt})
		}
	}
	return nil
}
