package workflow

import (
	"context"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// ProcurementList is a page of procedures, newest first; Next, when set, is
// the before= of the next page.
type ProcurementList struct {
	Procurements []goumai.Procurement `json:"procurements"`
	Next         int64                `json:"next,omitempty"`
}

// Procurements lists procedures: published ones for everyone; every state of
// their region subtree for finance staff and auditors; every state of their
// own organisation's (as purchaser or agency) for its staff when f.OrgID is
// theirs.
func (s *Service) Procurements(ctx context.Context, a goumai.Actor, f sqlstore.ProcurementFilter) (ProcurementList, error) {
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	f.Limit = limit + 1
	if err := s.CheckRegion(f.Region); err != nil {
		return ProcurementList{}, err
	}
	root := s.Policy.VisibleRegion(a)
	var err error
	switch {
	case root != "" && s.Policy.Can(a, goumai.ActViewProcurement, goumai.Target{Region: root}) == nil:
		f.Region, err = s.ScopeRegion(root, f.Region)
	case f.OrgID != 0 && s.Policy.Can(a, goumai.ActViewProcurement, goumai.Target{OrgID: f.OrgID, Region: a.Org.Region}) == nil:
		// the organisation's own procedures, in every state
	default:
		f.Published = true
	}
	if err != nil {
		return ProcurementList{}, err
	}
	list, err := s.Store.FindProcurements(ctx, f)
	if err != nil {
		return ProcurementList{}, err
	}
	for i, p := range list {
		list[i] = s.publicView(a, p)
	}
	out := ProcurementList{Procurements: list}
	if len(list) > limit {
		out.Procurements, out.Next = list[:limit], list[limit-1].ID
	}
	if out.Procurements == nil {
		out.Procurements = []goumai.Procurement{}
	}
	return out, nil
}

// ProcurementView is a procedure with its parts, as the actor may see them:
// lots and notices for all who may see it; method decisions and the agency
// agreement for its organisers, the purchaser, finance staff and auditors of
// its region; objections for those and each objector's own.
type ProcurementView struct {
	goumai.Procurement
	Lots         []goumai.Lot                `json:"lots"`
	Notices      []goumai.Notice             `json:"notices"`
	Decisions    []goumai.MethodDecision     `json:"decisions,omitempty"`
	Agreements   []goumai.AgencyAgreement    `json:"agency_agreements,omitempty"`
	Objections   []goumai.Objection          `json:"objections,omitempty"`
	Applications []goumai.PrequalApplication `json:"applications,omitempty"` // prequalification: insiders all, an applicant its own
}

// publicView is what an outsider sees of a procedure: once public, its
// documents, periods and suppliers as they stand while it is open (publicity,
// bids) or over; while it is drafted again (after a single-source publicity,
// before its approval and publication) only what its notices said — the
// notices themselves —, not the draft being edited.
func (s *Service) publicView(a goumai.Actor, p goumai.Procurement) goumai.Procurement {
	if !s.redacted(a, p) {
		return p
	}
	p.Documents, p.Periods, p.Invited, p.NextDue = goumai.Documents{}, goumai.Periods{}, nil, nil
	return p
}

// redacted reports whether the actor, an outsider, sees a procedure drafted
// again through its notices only: neither the documents nor the lots being
// edited.
func (s *Service) redacted(a goumai.Actor, p goumai.Procurement) bool {
	return (p.Status == goumai.ProcDraft || p.Status == goumai.ProcApproval) && !s.insider(a, p)
}

// insider reports whether the actor sees a procedure's internal records.
func (s *Service) insider(a goumai.Actor, p goumai.Procurement) bool {
	for _, org := range []int64{p.PurchaserOrgID, p.AgencyOrgID} {
		if org != 0 && s.Policy.Can(a, goumai.ActViewProcurement, goumai.Target{OrgID: org, Region: p.Region}) == nil {
			return true
		}
	}
	return false
}

// ProcurementView returns a procedure with its parts, if the actor may see it.
func (s *Service) ProcurementView(ctx context.Context, a goumai.Actor, id int64) (ProcurementView, error) {
	var v ProcurementView
	p, err := s.Procurement(ctx, a, id)
	if err != nil {
		return v, err
	}
	v.Procurement = s.publicView(a, p)
	if v.Lots, err = s.Lots(ctx, a, p); err != nil {
		return v, err
	}
	if v.Notices, err = s.Store.Notices(ctx, p.ID); err != nil {
		return v, err
	}
	if v.Objections, err = s.Objections(ctx, a, p); err != nil {
		return v, err
	}
	if v.Applications, err = s.Applications(ctx, a, p); err != nil {
		return v, err
	}
	if !s.insider(a, p) {
		return v, nil
	}
	if v.Decisions, err = s.Store.Decisions(ctx, p.ID); err != nil {
		return v, err
	}
	v.Agreements, err = s.Store.Agreements(ctx, p.ProjectID)
	return v, err
}

// NoticeList is a page of notices, newest first.
type NoticeList struct {
	Notices []goumai.Notice `json:"notices"`
	Next    int64           `json:"next,omitempty"`
}

// Notices lists published notices (all public), of a region subtree when given.
func (s *Service) Notices(ctx context.Context, f sqlstore.NoticeFilter) (NoticeList, error) {
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	f.Limit = limit + 1
	if err := s.CheckRegion(f.Region); err != nil {
		return NoticeList{}, err
	}
	list, err := s.Store.FindNotices(ctx, f)
	if err != nil {
		return NoticeList{}, err
	}
	out := NoticeList{Notices: list}
	if len(list) > limit {
		out.Notices, out.Next = list[:limit], list[limit-1].ID
	}
	if out.Notices == nil {
		out.Notices = []goumai.Notice{}
	}
	return out, nil
}

// SplittingFlag is one 化整为零 red flag (ENG-C3, GPL-IR Art. 28): a
// purchaser's procedures by another method than open tender in one fiscal
// year, under one budget line and category, each below the open-tender
// threshold in force and none with an approved method, that together exceed
// it.
type SplittingFlag struct {
	PurchaserOrgID int64                `json:"purchaser_org_id"`
	BudgetLineID   int64                `json:"budget_line_id"`
	Category       string               `json:"category"`
	FiscalYear     int                  `json:"fiscal_year"`
	Total          goumai.Fen           `json:"total"`
	Threshold      goumai.Fen           `json:"threshold"`
	Procurements   []goumai.Procurement `json:"procurements"`
}

// SplittingFlags lists the 化整为零 red flags of the actor's region subtree,
// for finance staff and auditors (the red-flag list of 两头占's readers).
func (s *Service) SplittingFlags(ctx context.Context, a goumai.Actor) ([]SplittingFlag, error) {
	root := s.Policy.VisibleRegion(a)
	if root == "" {
		return nil, goumai.ErrForbidden()
	}
	if err := s.Policy.Can(a, goumai.ActViewProjectFlags, goumai.Target{Region: root}); err != nil {
		return nil, err
	}
	groups, err := s.Store.SplitGroups(ctx, root)
	if err != nil {
		return nil, err
	}
	out := []SplittingFlag{}
	for _, g := range groups {
		params, err := s.Store.ParamsAt(ctx, g.Region, rules.Category(g.Category), g.LatestStart)
		if err != nil {
			return nil, err
		}
		if g.Total <= params.OpenTenderThreshold {
			continue // no sum of them, the large ones included, exceeds it
		}
		ps, err := s.Store.GroupProcurements(ctx, g)
		if err != nil {
			return nil, err
		}
		f := SplittingFlag{PurchaserOrgID: g.PurchaserOrgID, BudgetLineID: g.BudgetLineID, Category: g.Category,
			FiscalYear: g.FiscalYear, Threshold: params.OpenTenderThreshold, Procurements: []goumai.Procurement{}}
		for _, p := range ps {
			if p.Amount < params.OpenTenderThreshold { // one at or above it needs its own approval (ENG-C1)
				f.Total += p.Amount
				f.Procurements = append(f.Procurements, p)
			}
		}
		if len(f.Procurements) > 1 && f.Total > f.Threshold {
			out = append(out, f)
		}
	}
	return out, nil
}
