package workflow

import (
	"context"
	"strconv"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

func init() { inboxSources = append(inboxSources, contractInbox) }

// contractLink is a contract's staff page.
func contractLink(id int64) string { return "/staff/contracts/" + strconv.FormatInt(id, 10) }

// dueBy is a to-do title's limit, "（MM月DD日前）".
func dueBy(t time.Time) string { return "（" + t.In(goumai.Shanghai).Format("01月02日") + "前）" }

// contractInbox adds the contract's to-do items: for a supplier, its
// contracts awaiting its signature (within 30 days of the result notice,
// ENG-D6); for the organisers of an awarded procedure, the awarded lots
// without a contract; for the purchaser's staff, the contracts awaiting its
// signature and those in force not yet entered for statistics (REQ-C24).
func contractInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	if a.Has(goumai.RoleSupplier) {
		cs, err := s.Store.SupplierContracts(ctx, a.Org.ID)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if err := s.awaitsSignature(ctx, c, goumai.PartySupplier, in); err != nil {
				return err
			}
		}
	}
	if !a.HasAny(goumai.RolePurchaserStaff, goumai.RoleAgency) {
		return nil
	}
	ps, err := s.Store.FindProcurements(ctx, sqlstore.ProcurementFilter{OrgID: a.Org.ID, Limit: 200, Statuses: []goumai.ProcurementStatus{goumai.ProcAwarded}})
	if err != nil {
		return err
	}
	for _, p := range ps {
		if s.drafter(a, p) != nil {
			continue
		}
		if err := s.procedureContractItems(ctx, a, p, in); err != nil {
			return err
		}
	}
	return nil
}

// procedureContractItems adds one awarded procedure's contract to-do items.
func (s *Service) procedureContractItems(ctx context.Context, a goumai.Actor, p goumai.Procurement, in *Inbox) error {
	awards, err := s.Store.Awards(ctx, p.ID)
	if err != nil {
		return err
	}
	cs, err := s.Store.Contracts(ctx, p.ID)
	if err != nil {
		return err
	}
	drafted := map[int64]bool{}
	for _, c := range cs {
		drafted[c.LotID] = true
	}
	for _, aw := range awards {
		if !drafted[aw.LotID] {
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.contract_draft", Title: p.Code + " " + p.Title, Link: procurementLink(p.ID), At: aw.ConfirmedAt})
		}
	}
	if s.purchaser(a, p) != nil {
		return nil
	}
	for _, c := range cs {
		if err := s.awaitsSignature(ctx, c, goumai.PartyPurchaser, in); err != nil {
			return err
		}
		if c.Status == goumai.ContractSigned && c.StatsEnteredAt == nil && c.StatsDue != nil {
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.contract_stats", Title: c.Number + " " + c.Title + dueBy(*c.StatsDue), Link: contractLink(c.ID), At: *c.StatsDue})
		}
	}
	return nil
}

// awaitsSignature adds c to the to-do list when it waits for party's signature.
func (s *Service) awaitsSignature(ctx context.Context, c goumai.Contract, party goumai.ContractParty, in *Inbox) error {
	if c.Status != goumai.ContractDraft && c.Status != goumai.ContractSigning {
		return nil
	}
	full, err := s.Store.Contract(ctx, c.ID) // with its signatures
	if err != nil || full.Signed(party) {
		return err
	}
	in.Todo = append(in.Todo, Item{Kind: "todo.kind.contract_sign", Title: c.Number + " " + c.Title + dueBy(c.SignBy), Link: contractLink(c.ID), At: c.UpdatedAt})
	return nil
}
