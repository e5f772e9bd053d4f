package workflow

import (
	"context"
	"strconv"

	"github.com/goumai/goumai"
)

func init() { inboxSources = append(inboxSources, paymentInbox) }

// paymentLink is a payment request's API address.
func paymentLink(id int64) string { return "/api/v1/payments/" + strconv.FormatInt(id, 10) }

// paymentInbox adds the payment to-do items: for the purchaser's staff and
// approvers, the requests awaiting its approval; for the finance department
// of the region, the requests awaiting its approval (at or above the
// threshold), those approved and awaiting payment, and, as a red flag, every
// open request past its due date (REQ-C25).
func paymentInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	if a.HasAny(goumai.RolePurchaserStaff, goumai.RolePurchaserApprover) {
		ps, err := s.Store.RequestedPayments(ctx, a.Org.ID)
		if err != nil {
			return err
		}
		for _, p := range ps {
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.payment_approve", Title: paymentTitle(p), Link: paymentLink(p.ID), At: p.CreatedAt})
		}
	}
	if !a.Org.FinanceDept || !a.HasAny(goumai.RoleFinanceReviewer, goumai.RoleFinanceApprover, goumai.RoleAdmin) {
		return nil
	}
	ps, err := s.Store.OpenPayments(ctx, a.Org.Region)
	if err != nil {
		return err
	}
	now := s.Clock.Now()
	for _, p := range ps {
		switch {
		case p.Status == goumai.PaymentApprovedPurchaser && p.NeedFinance && s.financeApprover(a, p) == nil:
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.payment_finance", Title: paymentTitle(p), Link: paymentLink(p.ID), At: p.CreatedAt})
		case (p.Status == goumai.PaymentApprovedPurchaser && !p.NeedFinance || p.Status == goumai.PaymentApprovedFinance) && s.payer(a, p) == nil:
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.payment_pay", Title: paymentTitle(p), Link: paymentLink(p.ID), At: p.CreatedAt})
		}
		if goumai.OverdueDays(p.DueOn, now) > 0 {
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.payment_overdue", Title: paymentTitle(p), Link: paymentLink(p.ID), At: p.CreatedAt})
		}
	}
	return nil
}

// paymentTitle is a request's to-do title: the amount, the milestone and
// the due date.
func paymentTitle(p goumai.PaymentRequest) string {
	return "¥" + p.Amount.Yuan() + " 第" + strconv.Itoa(p.MilestoneNo) + "个履约节点（应于" + p.DueOn + "前支付）"
}
