package workflow

import (
	"context"
	"fmt"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// Item is one entry of a to-do list (待办), a done list (已办) or a returned
// list (退回) (REQ-C1). Kind is a message key naming the kind of work.
type Item struct {
	Kind  string    `json:"kind"`
	Title string    `json:"title"`
	Link  string    `json:"link"`
	At    time.Time `json:"at"`
}

// Inbox is an actor's three lists.
type Inbox struct {
	Todo     []Item `json:"todo"`
	Done     []Item `json:"done"`
	Returned []Item `json:"returned"`
}

// inboxSources add the work of later steps (applications to review, returned
// applications, …); each area registers its source in init.
var inboxSources []func(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error

// Inbox collects the actor's work. Each kind of work contributes from the states
// of the objects it concerns: supplier registrations awaiting the region's finance
// department; later steps (applications under review, returned applications, …)
// add their own sources here.
func (s *Service) Inbox(ctx context.Context, a goumai.Actor) (Inbox, error) {
	var in Inbox
	if a.Anonymous() {
		return in, goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	if s.Policy.Can(a, goumai.ActActivateOrg, goumai.Target{Region: a.Org.Region}) == nil {
		inactive := false
		pending, err := s.Store.FindOrgs(ctx, sqlstore.OrgFilter{Region: a.Org.Region, Active: &inactive, Limit: 200})
		if err != nil {
			return in, err
		}
		for _, o := range pending {
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.registration", Title: o.Name, Link: fmt.Sprintf("/staff/admin/orgs/%d", o.ID), At: o.CreatedAt})
		}
	}
	for _, src := range inboxSources {
		if err := src(ctx, s, a, &in); err != nil {
			return in, err
		}
	}
	done, err := s.Store.FindEvents(ctx, sqlstore.EventFilter{ActorUserID: a.UserID, Limit: 50})
	if err != nil {
		return in, err
	}
	for _, e := range done {
		in.Done = append(in.Done, Item{Kind: "action." + e.Action, Title: e.Title(), Link: fmt.Sprintf("/log/events/%d", e.ID), At: e.At})
	}
	return in, nil
}

// purchaserContracts returns the contracts in force of the awarded procedures
// a's organisation buys as purchaser: the contracts whose supervision,
// changes and evaluation are a purchaser's staff's work.
func (s *Service) purchaserContracts(ctx context.Context, a goumai.Actor) ([]goumai.Contract, error) {
	if !a.Has(goumai.RolePurchaserStaff) {
		return nil, nil
	}
	ps, err := s.Store.FindProcurements(ctx, sqlstore.ProcurementFilter{OrgID: a.Org.ID, Limit: 200, Statuses: []goumai.ProcurementStatus{goumai.ProcAwarded}})
	if err != nil {
		return nil, err
	}
	var out []goumai.Contract
	for _, p := range ps {
		if s.purchaser(a, p) != nil {
			continue
		}
		cs, err := s.Store.Contracts(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if c.Status == goumai.ContractSigned {
				out = append(out, c)
			}
		}
	}
	return out, nil
}
