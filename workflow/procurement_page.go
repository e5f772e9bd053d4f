package workflow

import (
	"context"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// What the staff pages of a procedure show besides the procedure itself: the
// methods a project may use, and the periods computed on the working-day
// calendar.

// MethodChoice is what starting a procedure for a project offers: every
// method with whether the rules allow it for the project and why (ENG-C1–C5),
// under the parameters in force today, and the agency entrusted with it.
type MethodChoice struct {
	Project     goumai.Project       `json:"project"`
	Options     []rules.MethodOption `json:"options"`
	AgencyOrgID int64                `json:"agency_org_id,omitempty"`
}

// MethodChoices returns the methods a procedure of the project may use, for
// those who may start it: the purchaser's staff, or the agency's once entrusted.
func (s *Service) MethodChoices(ctx context.Context, a goumai.Actor, projectID int64) (MethodChoice, error) {
	var c MethodChoice
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error { // read-only: a Tx gives one consistent view
		pr, err := s.visibleProject(ctx, tx, a, projectID)
		if err != nil {
			return err
		}
		p := goumai.Procurement{PurchaserOrgID: pr.PurchaserOrgID, Region: pr.Region, Category: string(rules.Services), Amount: pr.Amount}
		if agency, ok, err := s.activeAgency(ctx, tx, pr.ID); err != nil {
			return err
		} else if ok {
			p.AgencyOrgID = agency
		}
		if err := s.organizer(a, p); err != nil {
			return err
		}
		params, err := s.paramsAt(ctx, tx, p.Region, rules.Services, startOfDay(tx.Now()))
		if err != nil {
			return err
		}
		c = MethodChoice{Project: pr, Options: rules.MethodOptions(purchaseOf(p), params), AgencyOrgID: p.AgencyOrgID}
		return nil
	})
	return c, err
}

// Schedule is a procedure's periods as the calendar computes them: from the
// documents' issue (its publication, or now for one not yet published), the
// earliest lawful end of the documents' availability (zero when its method has
// none) and the earliest lawful deadline (ENG-D1, D3, D4).
type Schedule struct {
	From         time.Time         `json:"from"`
	DocsUntilMin time.Time         `json:"docs_until_min,omitzero"`
	DeadlineMin  time.Time         `json:"deadline_min"`
	Kind         goumai.PeriodKind `json:"kind"`
	Params       rules.Params      `json:"-"`
}

// ProcurementSchedule computes a procedure's periods with the loaded calendar
// and the rule parameters of its start, for those who may see it.
func (s *Service) ProcurementSchedule(ctx context.Context, a goumai.Actor, p goumai.Procurement) (Schedule, error) {
	var sc Schedule
	if err := s.canSeeProcurement(a, p); err != nil {
		return sc, err
	}
	params, err := s.Store.ParamsAt(ctx, p.Region, rules.Category(p.Category), p.ParamsFrom)
	if err != nil {
		return sc, err
	}
	cal, err := s.Store.Calendar(ctx)
	if err != nil {
		return sc, err
	}
	sc.Kind, sc.Params, sc.From = goumai.MethodConfigs[p.Method].Period, params, s.Clock.Now()
	if !p.Periods.DocsFrom.IsZero() {
		sc.From = p.Periods.DocsFrom
	}
	sc.DocsUntilMin = rules.EarliestDocsUntil(sc.Kind, sc.From, params, cal)
	sc.DeadlineMin = rules.EarliestDeadline(sc.Kind, sc.From, params, cal)
	return sc, nil
}

// decides reports whether the actor may decide d, the request of p: a finance
// approver of the approving department who took no part in drafting p or
// requesting the approval (DecideMethod checks the same in its transaction).
func (s *Service) decides(ctx context.Context, a goumai.Actor, p goumai.Procurement, d goumai.MethodDecision) (bool, error) {
	item, err := s.Store.Drafters(ctx, "procurements", p.ID, methodDrafting...)
	if err != nil {
		return false, err
	}
	item.Drafted(d.RequestedBy)
	return s.Policy.Can(a, goumai.ActApproveMethod, goumai.Target{OrgID: d.ApproverOrgID, Region: p.Region, Item: item, Step: "approve"}) == nil, nil
}

// PendingDecision returns the method decision of a procedure awaiting
// approval, and whether the actor may decide it; false when none waits.
func (s *Service) PendingDecision(ctx context.Context, a goumai.Actor, p goumai.Procurement) (goumai.MethodDecision, bool, error) {
	if p.Status != goumai.ProcApproval || s.canSeeProcurement(a, p) != nil {
		return goumai.MethodDecision{}, false, nil
	}
	ds, err := s.Store.Decisions(ctx, p.ID)
	if err != nil {
		return goumai.MethodDecision{}, false, err
	}
	for i := len(ds) - 1; i >= 0; i-- {
		if ds[i].Status == goumai.DecisionRequested {
			ok, err := s.decides(ctx, a, p, ds[i])
			return ds[i], ok, err
		}
	}
	return goumai.MethodDecision{}, false, nil
}

// AwaitingDecision lists the procedures whose method waits for the actor's
// department's decision (finance approvers), oldest request first.
func (s *Service) AwaitingDecision(ctx context.Context, a goumai.Actor) ([]goumai.Procurement, error) {
	if !a.Org.FinanceDept || !a.Has(goumai.RoleFinanceApprover) {
		return nil, nil
	}
	ds, err := s.Store.PendingDecisions(ctx, a.Org.ID, 200)
	if err != nil {
		return nil, err
	}
	var out []goumai.Procurement
	for _, d := range ds {
		p, err := s.Store.Procurement(ctx, d.ProcurementID)
		if err != nil {
			return nil, err
		}
		if p.Status == goumai.ProcApproval {
			out = append(out, p)
		}
	}
	return out, nil
}
