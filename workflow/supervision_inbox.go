package workflow

import (
	"context"
	"strconv"
	"time"

	"github.com/goumai/goumai"
)

func init() { inboxSources = append(inboxSources, supervisionInbox) }

// SupervisionLink is a contract's supervision page.
func SupervisionLink(id int64) string {
	return "/staff/contracts/" + strconv.FormatInt(id, 10) + "/supervision"
}

// supervisionInbox adds the supervision's to-do items (issue 10 item 4): for
// a supplier, the rectification orders of its contracts awaiting its
// response; for the purchaser's staff, the milestones awaiting acceptance,
// the overdue rectification orders (a red flag) and the public complaints
// awaiting an answer.
func supervisionInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	now := s.Clock.Now()
	if a.Has(goumai.RoleSupplier) {
		cs, err := s.Store.SupplierContracts(ctx, a.Org.ID)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if c.Status != goumai.ContractSigned {
				continue
			}
			rs, err := s.Store.Rectifications(ctx, c.ID)
			if err != nil {
				return err
			}
			for _, r := range rs {
				if r.Status == goumai.RectificationOpen || r.Status == goumai.RectificationOverdue {
					in.Todo = append(in.Todo, Item{Kind: "todo.kind.rectification_respond", Title: c.Number + " " + r.Issue + dueBy(r.DueAt),
						Link: SupervisionLink(c.ID), At: r.DueAt})
				}
			}
		}
	}
	cs, err := s.purchaserContracts(ctx, a)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if err := s.contractSupervisionItems(ctx, c, now, in); err != nil {
			return err
		}
	}
	return nil
}

// contractSupervisionItems adds one contract's items for its purchaser.
func (s *Service) contractSupervisionItems(ctx context.Context, c goumai.Contract, now time.Time, in *Inbox) error {
	link := SupervisionLink(c.ID)
	acc, err := s.Store.Acceptances(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, x := range acc {
		if !x.Status.Decided() {
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.acceptance", Title: c.Number + " " + c.Title + "（第" + strconv.Itoa(x.Round) + "轮）",
				Link: link, At: x.SubmittedAt})
		}
	}
	rs, err := s.Store.Rectifications(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if r.Overdue(now) {
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.rectification_overdue", Title: c.Number + " " + r.Issue + dueBy(r.DueAt), Link: link, At: r.DueAt})
		}
	}
	cps, err := s.Store.ServiceComplaints(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, cp := range cps {
		if cp.AnsweredAt == nil {
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.service_complaint", Title: c.Number + " " + c.Title, Link: link, At: cp.CreatedAt})
		}
	}
	return nil
}
