package workflow

import (
	"context"
	"fmt"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// canSeeVersion reports whether the actor may read the version: anyone once
// published; its tier's finance staff, auditors and the department itself before.
func (s *Service) canSeeVersion(a goumai.Actor, v sqlstore.CatalogVersionRow) bool {
	return v.Public() || s.Policy.Can(a, goumai.ActViewCatalogDraft, goumai.Target{OrgID: v.DeptOrgID, Region: v.Region}) == nil
}

// Versions read for display carry their status now (CatalogVersion.StatusAt):
// scheduled, published (in force) or superseded are never stored, so that a
// replaced version stays in force until its successor's date.

// CatalogVersion returns a version the actor may read, with its status now; a
// draft the actor may not see is reported as not found, so its existence is
// not disclosed.
func (s *Service) CatalogVersion(ctx context.Context, a goumai.Actor, id int64) (sqlstore.CatalogVersionRow, error) {
	v, err := s.Store.CatalogVersion(ctx, id)
	if err != nil {
		return v, err
	}
	if !s.canSeeVersion(a, v) {
		return sqlstore.CatalogVersionRow{}, goumai.ErrNotFound("目录版本", "catalogue version")
	}
	v.Status = v.StatusAt(s.Clock.Now())
	return v, nil
}

// CatalogInForce returns the tier's own (dept 0) or a department's version in
// force now; ENotFound if there is none.
func (s *Service) CatalogInForce(ctx context.Context, region string, dept int64) (sqlstore.CatalogVersionRow, error) {
	now := s.Clock.Now()
	v, err := s.Store.CatalogVersionInForce(ctx, region, dept, now)
	v.Status = v.StatusAt(now)
	return v, err
}

// CatalogItems returns a readable version's items in code order.
func (s *Service) CatalogItems(ctx context.Context, a goumai.Actor, id int64) (sqlstore.CatalogVersionRow, []goumai.CatalogItem, error) {
	v, err := s.CatalogVersion(ctx, a, id)
	if err != nil {
		return v, nil, err
	}
	items, err := s.Store.CatalogItems(ctx, id)
	return v, items, err
}

// CatalogVersions lists the versions of a tier (dept 0) or department that the
// actor may read, newest first, with their status now.
func (s *Service) CatalogVersions(ctx context.Context, a goumai.Actor, region string, dept int64) ([]sqlstore.CatalogVersionRow, error) {
	return s.readableVersions(ctx, a, sqlstore.VersionFilter{Region: region, DeptOrgID: dept}, func(sqlstore.CatalogVersionRow) bool { return true })
}

// DepartmentCatalogs lists the departments' readable catalogue versions of a
// tier, with their status now.
func (s *Service) DepartmentCatalogs(ctx context.Context, a goumai.Actor, region string) ([]sqlstore.CatalogVersionRow, error) {
	return s.readableVersions(ctx, a, sqlstore.VersionFilter{Region: region, AnyDept: true}, func(v sqlstore.CatalogVersionRow) bool { return v.DeptOrgID != 0 })
}

// readableVersions lists the versions matching f and keep that the actor may read, with their status now.
func (s *Service) readableVersions(ctx context.Context, a goumai.Actor, f sqlstore.VersionFilter, keep func(sqlstore.CatalogVersionRow) bool) ([]sqlstore.CatalogVersionRow, error) {
	all, err := s.Store.FindCatalogVersions(ctx, f)
	if err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	var out []sqlstore.CatalogVersionRow
	for _, v := range all {
		if keep(v) && s.canSeeVersion(a, v) {
			v.Status = v.StatusAt(now)
			out = append(out, v)
		}
	}
	return out, nil
}

// CatalogDiff compares two readable versions (added, removed and changed items
// with the fields that changed), in one pass over both sorted item lists.
func (s *Service) CatalogDiff(ctx context.Context, a goumai.Actor, from, to int64) (goumai.CatalogDiff, error) {
	_, a1, err := s.CatalogItems(ctx, a, from)
	if err != nil {
		return goumai.CatalogDiff{}, fmt.Errorf("diff from version %d: %w", from, err)
	}
	_, a2, err := s.CatalogItems(ctx, a, to)
	if err != nil {
		return goumai.CatalogDiff{}, fmt.Errorf("diff to version %d: %w", to, err)
	}
	d := goumai.DiffCatalog(a1, a2)
	d.From, d.To = from, to
	return d, nil
}

// CatalogTrail returns a version's approval trail (REQ-C2) for those who may
// see its drafts; the public sees only the publication step.
func (s *Service) CatalogTrail(ctx context.Context, a goumai.Actor, id int64) ([]sqlstore.CatalogReview, error) {
	v, err := s.CatalogVersion(ctx, a, id)
	if err != nil {
		return nil, err
	}
	rs, err := s.Store.CatalogReviews(ctx, id)
	if err != nil || s.Policy.Can(a, goumai.ActViewCatalogDraft, goumai.Target{OrgID: v.DeptOrgID, Region: v.Region}) == nil {
		return rs, err
	}
	out := rs[:0]
	for _, r := range rs {
		if r.Action == "publish" {
			out = append(out, r)
		}
	}
	return out, nil
}
