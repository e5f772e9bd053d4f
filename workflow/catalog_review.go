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

// checkOpinion bounds an opinion (意见, REQ-C2); required when returning.
func checkOpinion(op string, required bool) (string, error) {
	op = strings.TrimSpace(op)
	switch n := utf8.RuneCountInString(op); {
	case n == 0 && required:
		return op, goumai.Fields{"opinion": goumai.M("退回时须填写意见", "an opinion is required when returning")}.Err()
	case n > goumai.MaxReviewOpinion:
		return op, goumai.Fields{"opinion": goumai.M("意见不能超过1000个字", "the opinion must be at most 1000 characters")}.Err()
	}
	return op, nil
}

// tierVersion returns the tier's own version in force when a department's
// version dated from takes effect: now, or from if that is later (a tier
// version published for a later date is the one the department's must fit).
func tierVersion(ctx context.Context, tx *sqlstore.Tx, region string, from time.Time) (sqlstore.CatalogVersionRow, error) {
	return tx.CatalogVersionInForce(ctx, region, 0, latest(tx.Now(), from))
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// checkVersion runs the tree rules on a version's items and, for a department's
// version, the department rules against its tier's version in force on its
// effective date (which it records as TierVersionID). It sets the digest and
// count of the items.
func (s *Service) checkVersion(ctx context.Context, tx *sqlstore.Tx, v *sqlstore.CatalogVersionRow) error {
	items, err := tx.CatalogItems(ctx, v.ID)
	if err != nil {
		return err
	}
	problems := rules.CheckCatalogTree(items)
	if v.DeptOrgID != 0 {
		tier, err := tierVersion(ctx, tx, v.Region, v.EffectiveFrom)
		if err != nil {
			return goumai.Errorf(goumai.EConflict, "本级在该版本生效时尚无现行指导性目录", "the tier has no catalogue in force when this version takes effect")
		}
		tierItems, err := tx.CatalogItems(ctx, tier.ID)
		if err != nil {
			return err
		}
		problems = rules.CheckDepartmentCatalog(tierItems, items)
		v.TierVersionID = tier.ID
	}
	if err := rules.ProblemsError(problems); err != nil {
		return err
	}
	v.ItemsSHA256, v.ItemCount = goumai.CatalogDigest(items), len(items)
	return nil
}

// SubmitCatalog sends a draft for review: the whole tree must pass the
// catalogue rules first, and its content is fixed by digest.
func (s *Service) SubmitCatalog(ctx context.Context, a goumai.Actor, id int64, opinion string) (sqlstore.CatalogVersionRow, error) {
	var v sqlstore.CatalogVersionRow
	opinion, err := checkOpinion(opinion, false)
	if err != nil {
		return v, err
	}
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		if v, err = s.draftFor(ctx, tx, a, id); err != nil {
			return err
		}
		if err := s.checkVersion(ctx, tx, &v); err != nil {
			return err
		}
		v.Status = goumai.CatalogInReview
		if err := tx.UpdateCatalogVersion(ctx, v); err != nil {
			return err
		}
		if err := s.recordVersion(ctx, tx, a, "catalog.submit", v); err != nil {
			return err
		}
		return s.trail(ctx, tx, a, v, "submit", opinion)
	})
	return v, err
}

// reviewFor loads a version under review for the tier's finance approver.
func (s *Service) reviewFor(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, id int64) (sqlstore.CatalogVersionRow, error) {
	v, err := tx.CatalogVersion(ctx, id)
	if err != nil {
		return v, err
	}
	item, err := tx.Drafters(ctx, "catalog_versions", v.ID)
	if err != nil {
		return v, err
	}
	if err := s.Policy.Can(a, goumai.ActPublishCatalog, catalogTarget(v, item)); err != nil {
		if !v.Public() && s.Policy.Can(a, goumai.ActViewCatalogDraft, goumai.Target{OrgID: v.DeptOrgID, Region: v.Region}) != nil {
			return v, goumai.ErrNotFound("目录版本", "catalogue version")
		}
		return v, err
	}
	if v.Status != goumai.CatalogInReview {
		return v, goumai.Errorf(goumai.EConflict, "该版本不在审核中", "this version is not under review")
	}
	return v, nil
}

// lockForPublish locks a version and the published versions of its catalogue,
// which publishing it supersedes, by ascending id (sqlstore's lock order), so
// that the reads that follow see them as they will be changed.
func lockForPublish(ctx context.Context, tx *sqlstore.Tx, id int64) error {
	v, err := tx.CatalogVersion(ctx, id)
	if err != nil {
		return err
	}
	current, err := tx.FindCatalogVersions(ctx, sqlstore.VersionFilter{Region: v.Region, DeptOrgID: v.DeptOrgID,
		Statuses: []goumai.CatalogStatus{goumai.CatalogPublished}})
	if err != nil {
		return err
	}
	ids := []int64{id}
	for _, c := range current {
		ids = append(ids, c.ID)
	}
	return tx.Lock(ctx, "catalog_versions", ids...)
}

// ReturnCatalog sends a version under review back to its drafters with an opinion (REQ-C2).
func (s *Service) ReturnCatalog(ctx context.Context, a goumai.Actor, id int64, opinion string) (sqlstore.CatalogVersionRow, error) {
	var v sqlstore.CatalogVersionRow
	opinion, err := checkOpinion(opinion, true)
	if err != nil {
		return v, err
	}
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		if v, err = s.reviewFor(ctx, tx, a, id); err != nil {
			return err
		}
		v.Status, v.ItemsSHA256 = goumai.CatalogDraft, ""
		if err := tx.UpdateCatalogVersion(ctx, v); err != nil {
			return err
		}
		if err := s.recordVersion(ctx, tx, a, "catalog.return", v); err != nil {
			return err
		}
		return s.trail(ctx, tx, a, v, "return", opinion)
	})
	return v, err
}

// PublishCatalog publishes a version under review. It comes into force on its
// effective date, or now if that has passed (no retroactive catalogue). The
// version it replaces (the latest published) gets that date as its end and
// stays in force until then: its status stays published, and whether it is in
// force, or the new one still scheduled, is computed from the dates and the
// clock (goumai.CatalogVersion.StatusAt). The published version's event is
// public and carries the digest of its items. It returns the version with its
// status now: published, or scheduled for a later date.
func (s *Service) PublishCatalog(ctx context.Context, a goumai.Actor, id int64, opinion string) (sqlstore.CatalogVersionRow, error) {
	var v sqlstore.CatalogVersionRow
	opinion, err := checkOpinion(opinion, false)
	if err != nil {
		return v, err
	}
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := lockForPublish(ctx, tx, id); err != nil {
			return err
		}
		if v, err = s.reviewFor(ctx, tx, a, id); err != nil {
			return err
		}
		digest := v.ItemsSHA256
		if err := s.checkVersion(ctx, tx, &v); err != nil {
			return err
		}
		if v.ItemsSHA256 != digest {
			return goumai.Errorf(goumai.EConflict, "版本内容在送审后发生了变化", "the version's items changed after submission")
		}
		v.EffectiveFrom = latest(tx.Now(), v.EffectiveFrom)
		published, err := tx.FindCatalogVersions(ctx, sqlstore.VersionFilter{Region: v.Region, DeptOrgID: v.DeptOrgID,
			Statuses: []goumai.CatalogStatus{goumai.CatalogPublished}})
		if err != nil {
			return err
		}
		for _, c := range published {
			if c.EffectiveTo != nil {
				continue // already replaced from a date
			}
			// The latest published, in force or scheduled. A version replaced at the
			// instant it takes effect is never in force; earlier is refused.
			if v.EffectiveFrom.Before(c.EffectiveFrom) {
				return goumai.Fields{"effective_from": goumai.M("生效日期不能早于最近发布版本的生效日期", "the effective date cannot be before that of the latest published version")}.Err()
			}
			to := v.EffectiveFrom
			c.EffectiveTo = &to
			if err := tx.UpdateCatalogVersion(ctx, c); err != nil {
				return err
			}
			if err := s.recordVersion(ctx, tx, a, "catalog.supersede", c); err != nil {
				return err
			}
		}
		v.Status = goumai.CatalogPublished
		if err := tx.UpdateCatalogVersion(ctx, v); err != nil {
			return err
		}
		if err := s.recordVersion(ctx, tx, a, "catalog.publish", v); err != nil {
			return err
		}
		return s.trail(ctx, tx, a, v, "publish", opinion)
	})
	if err == nil {
		v.Status = v.StatusAt(s.Clock.Now())
	}
	return v, err
}
