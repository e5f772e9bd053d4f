package workflow

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// Supplier checks (ENG-A2–A5): every check is recorded — what it was for, the
// time judged, the current list versions and evidence versions it read, its
// findings — whatever its result (财库〔2016〕125号: 留存查询记录).

// CheckSupplier checks supplier orgID at time at (the bid; the deadline) for
// ref (what it is for, e.g. "procurement 12 lot 1"), inside the caller's
// transaction, as goumai itself (the check is the platform's, not a person's).
// It writes the check and its private event in tx whatever the result, and
// returns the check and, when it refuses, an EForbidden goumai.Error naming
// the first rule that refused (ENG-A2, A3, A4 or A5; Fields["_org"] its
// reason). A caller that refuses the action on that error and still wants the
// attempt on record commits tx — returns nil from its Store.Update function —
// and returns the error after it; otherwise the check rolls back with the
// action. An invalid ref is EInvalid; any other error is internal.
//
// ENG-A4 asks for the check between the notice's publication and the deadline:
// the caller chooses when (at submission, and again at the deadline).
func (s *Service) CheckSupplier(ctx context.Context, tx *sqlstore.Tx, orgID int64, ref string, at time.Time) (goumai.SupplierCheck, error) {
	return s.checkSupplier(ctx, tx, goumai.System, orgID, ref, at, nil)
}

// checkSupplier is CheckSupplier by actor a, taking the data a submission
// read before its transaction when it is still current (pre may be nil).
func (s *Service) checkSupplier(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, orgID int64, ref string, at time.Time, pre *preSubmission) (goumai.SupplierCheck, error) {
	ref = strings.TrimSpace(ref)
	switch n := utf8.RuneCountInString(ref); {
	case n == 0:
		return goumai.SupplierCheck{}, goumai.Fields{"ref": goumai.M("请写明核查用途（如采购项目和包号）", "say what the check is for (e.g. the procurement and lot)")}.Err()
	case n > goumai.MaxCheckRef:
		return goumai.SupplierCheck{}, goumai.Fields{"ref": goumai.M("用途不能超过200个字", "the purpose has at most 200 characters")}.Err()
	}
	if m := goumai.CheckText(ref); m != nil {
		return goumai.SupplierCheck{}, goumai.Fields{"ref": *m}.Err()
	}
	if at.IsZero() {
		at = tx.Now()
	}
	f, err := pre.supplierFacts(ctx, tx, orgID)
	if err != nil {
		return goumai.SupplierCheck{}, err
	}
	o := f.Org
	c := goumai.SupplierCheck{OrgID: orgID, Ref: ref, At: at, Result: goumai.CheckPassed, Lists: []goumai.ListUsed{}, Evidence: []goumai.EvidenceUsed{}}
	for _, l := range f.Lists {
		c.Lists = append(c.Lists, goumai.ListUsed{ID: l.ID, Kind: l.Kind, SourceOrgID: l.SourceOrgID, Version: l.Version})
	}
	for _, e := range f.Evidence {
		c.Evidence = append(c.Evidence, goumai.EvidenceUsed{ID: e.ID, Kind: e.Kind})
	}
	c.Hits, c.Warnings = rules.JudgeSupplier(f, at)
	if c.Hits == nil {
		c.Hits = []goumai.CheckFinding{}
	}
	if c.Warnings == nil {
		c.Warnings = []goumai.CheckFinding{}
	}
	refusal := rules.SupplierRefusal(c.Hits)
	if refusal != nil {
		c.Result, c.Rule = goumai.CheckRefused, goumai.AsError(refusal).Rule
	}
	if c.ID, err = tx.InsertSupplierCheck(ctx, a, c); err != nil {
		return c, err
	}
	if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "supplier.check", Table: "supplier_checks", Key: c.ID, Region: o.Region}); err != nil {
		return c, err
	}
	c.CheckedAt = tx.Now()
	return c, refusal
}

// supplierReader reads the supplier data: in a transaction (sqlstore.Tx) or
// in a snapshot before it (sqlstore.Snapshot).
type supplierReader interface {
	SupplierEvidence(ctx context.Context, orgID int64, currentOnly bool) ([]goumai.Evidence, error)
	CurrentCreditLists(ctx context.Context) ([]goumai.CreditList, error)
	CreditEntriesFor(ctx context.Context, listIDs []int64, creditCode, name string) (byCode, byName []goumai.CreditEntry, err error)
	ReceivedCreditEntries(ctx context.Context, creditCode string) ([]goumai.ReceivedEntry, error)
}

// supplierFacts reads what a check of o judges: its current evidence, the
// current version of every list and its entries in them.
func supplierFacts(ctx context.Context, tx supplierReader, o goumai.Org) (rules.SupplierFacts, error) {
	f := rules.SupplierFacts{Org: o}
	var err error
	if f.Evidence, err = tx.SupplierEvidence(ctx, o.ID, true); err != nil {
		return f, err
	}
	if f.Lists, err = tx.CurrentCreditLists(ctx); err != nil {
		return f, err
	}
	ids := make([]int64, len(f.Lists))
	for i, l := range f.Lists {
		ids[i] = l.ID
	}
	if f.Hits, f.NameOnly, err = tx.CreditEntriesFor(ctx, ids, o.CreditCode, o.Name); err != nil {
		return f, err
	}
	f.Received, err = tx.ReceivedCreditEntries(ctx, o.CreditCode) // bans other instances published (federation)
	return f, err
}

// RunSupplierCheck runs and records a check on the actor's request — a
// supplier checking itself before it bids, finance staff or an auditor
// checking a supplier — at time at (now when zero). A refusal is the check's
// result, not an error: the check is committed either way.
func (s *Service) RunSupplierCheck(ctx context.Context, a goumai.Actor, orgID int64, ref string, at time.Time) (goumai.SupplierCheck, error) {
	var c goumai.SupplierCheck
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		if _, err := s.supplierOrg(ctx, tx, a, goumai.ActViewSupplier, orgID); err != nil {
			return err
		}
		var err error
		c, err = s.checkSupplier(ctx, tx, a, orgID, ref, at, nil)
		if goumai.ErrorCode(err) == goumai.EForbidden && c.ID != 0 {
			return nil // refused: the result, recorded
		}
		return err
	})
	return c, err
}

// SupplierChecks lists checks, newest first: one supplier's (f.OrgID) for
// whoever may view it; every supplier's for finance staff (f.OrgID 0), whose
// procurements take bids from suppliers of any region; otherwise the actor's
// own organisation's.
func (s *Service) SupplierChecks(ctx context.Context, a goumai.Actor, f sqlstore.CheckFilter) ([]goumai.SupplierCheck, error) {
	if f.Result != "" && f.Result != goumai.CheckPassed && f.Result != goumai.CheckRefused {
		return nil, goumai.Fields{"result": goumai.M("结果须为 passed 或 refused", "result must be passed or refused")}.Err()
	}
	if f.OrgID == 0 && !(a.Org.FinanceDept && a.HasAny(goumai.RoleAdmin, goumai.RoleFinanceReviewer, goumai.RoleFinanceApprover)) {
		if !a.Org.CanSupply() {
			return nil, nil // neither finance staff nor a supplier: no checks of its own
		}
		f.OrgID = a.Org.ID
	}
	if f.OrgID != 0 {
		if _, err := s.supplierOrg(ctx, nil, a, goumai.ActViewSupplier, f.OrgID); err != nil {
			return nil, err
		}
	}
	return s.Store.FindSupplierChecks(ctx, f)
}

// SupplierCheck returns one check, for whoever may view its supplier.
func (s *Service) SupplierCheck(ctx context.Context, a goumai.Actor, id int64) (goumai.SupplierCheck, error) {
	c, err := s.Store.SupplierCheck(ctx, id)
	if err != nil {
		return c, err
	}
	if _, err := s.supplierOrg(ctx, nil, a, goumai.ActViewSupplier, c.OrgID); err != nil {
		if goumai.ErrorCode(err) == goumai.EForbidden {
			return goumai.SupplierCheck{}, goumai.ErrNotFound("核查记录", "check")
		}
		return goumai.SupplierCheck{}, err
	}
	return c, nil
}
