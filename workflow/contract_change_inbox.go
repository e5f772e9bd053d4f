package workflow

import (
	"context"
	"strconv"

	"github.com/goumai/goumai"
)

func init() { inboxSources = append(inboxSources, contractChangeInbox) }

// contractChangeInbox adds the to-do items of changes to contracts in force:
// a supplementary contract awaiting the actor's party's signature, a
// subcontract awaiting the purchaser's decision (GPL Art. 48), and a
// termination by agreement awaiting the other party's (GPL Art. 50), and, for
// the finance department's approvers, a termination on a legal ground
// awaiting their decision.
func contractChangeInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	if err := s.legalTerminationItems(ctx, a, in); err != nil {
		return err
	}
	if a.Has(goumai.RoleSupplier) {
		cs, err := s.Store.SupplierContracts(ctx, a.Org.ID)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if err := s.contractChangeItems(ctx, c, goumai.PartySupplier, in); err != nil {
				return err
			}
		}
	}
	cs, err := s.purchaserContracts(ctx, a)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if err := s.contractChangeItems(ctx, c, goumai.PartyPurchaser, in); err != nil {
			return err
		}
	}
	return nil
}

// contractChangeItems adds one contract's change items for party.
func (s *Service) contractChangeItems(ctx context.Context, c goumai.Contract, party goumai.ContractParty, in *Inbox) error {
	if c.Status != goumai.ContractSigned {
		return nil
	}
	ms, err := s.Store.Amendments(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.Status == goumai.AmendmentSigning && !m.Signed(party) {
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.amendment_sign", Title: c.Number + " 补充合同" + strconv.Itoa(m.Seq) + " " + c.Title,
				Link: contractChangeLink(c.ID), At: m.UpdatedAt})
		}
	}
	ts, err := s.Store.Terminations(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.Status == goumai.TerminationProposed && t.Ground.Agreed() && t.ProposedParty != party {
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.termination_decide", Title: c.Number + " " + c.Title, Link: contractChangeLink(c.ID), At: t.ProposedAt})
		}
	}
	if party != goumai.PartyPurchaser {
		return nil
	}
	ks, err := s.Store.Subcontracts(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, k := range ks {
		if k.Status == goumai.SubcontractProposed {
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.subcontract_decide", Title: c.Number + " " + k.Part, Link: contractChangeLink(c.ID), At: k.ProposedAt})
		}
	}
	return nil
}

// contractChangeLink is the address of a contract's changes.
func contractChangeLink(id int64) string {
	return "/staff/contracts/" + strconv.FormatInt(id, 10) + "/changes"
}

// legalTerminationItems adds the terminations on a legal ground proposed in
// a's region subtree that a may decide (the finance department's approvers).
func (s *Service) legalTerminationItems(ctx context.Context, a goumai.Actor, in *Inbox) error {
	if s.Policy.Gate(a, goumai.ActDecideComplaint) != nil {
		return nil
	}
	ts, err := s.Store.ProposedLegalTerminations(ctx, a.Org.Region)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if s.legalTerminationDecider(a, t) != nil {
			continue
		}
		c, err := s.Store.Contract(ctx, t.ContractID)
		if err != nil {
			return err
		}
		in.Todo = append(in.Todo, Item{Kind: "todo.kind.termination_decide", Title: c.Number + " " + c.Title + "（" + t.Ground.Label().ZH + "）",
			Link: contractChangeLink(c.ID), At: t.ProposedAt})
	}
	return nil
}
