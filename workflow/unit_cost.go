package workflow

import (
	"context"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// Unit-cost standards are effective-dated and never rewritten: projects were
// checked against them (the 豪华购买 check of 财综〔2013〕111号 二（三）), so a
// change takes effect from a future date — a standard is ended, or replaced by
// a new one that starts where it ends.

// notEnded refuses a standard whose end has passed.
func notEnded(u goumai.UnitCostStandard, now time.Time) error {
	if u.EffectiveTo != nil && !u.EffectiveTo.After(now) {
		return goumai.Errorf(goumai.EConflict, "该单位成本标准已失效，不能再改", "this unit-cost standard has ended and can no longer change")
	}
	return nil
}

// future checks that a date at which a change takes effect lies after now.
func future(f goumai.Fields, field string, t time.Time, now time.Time) {
	if !t.After(now) {
		f.Add(field, "日期须晚于当前时间（已经过去的时段不能改写），最早为明天", "the date must be after now (the past is not rewritten): tomorrow at the earliest")
	}
}

// EndUnitCostStandard ends a standard at a future date (exclusive).
func (s *Service) EndUnitCostStandard(ctx context.Context, a goumai.Actor, id int64, to time.Time) (goumai.UnitCostStandard, error) {
	var u goumai.UnitCostStandard
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if u, err = tx.UnitCostStandard(ctx, id); err != nil {
			return err
		}
		if err := s.Policy.Can(a, goumai.ActConfigureReview, goumai.Target{Region: u.Region}); err != nil {
			return err
		}
		now := tx.Now()
		if err := notEnded(u, now); err != nil {
			return err
		}
		f := goumai.Fields{}
		if to.IsZero() {
			f.Add("effective_to", "请填写失效日期", "the end date is required")
		} else {
			future(f, "effective_to", to, now)
			if !to.After(u.EffectiveFrom) {
				f.Add("effective_to", "失效日期须晚于生效日期", "the end date must be after the start date")
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		u.EffectiveTo = &to
		if err := tx.EndUnitCostStandard(ctx, u.ID, to); err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "review.unit_cost_end", Table: "unit_cost_standards", Key: u.ID, Region: u.Region, Public: true})
		return err
	})
	return u, err
}

// ReplaceUnitCostStandard ends a standard where next begins and adds next for
// the same region and catalogue item, in one transaction: the old standard
// stays on record for the time it was in force. It returns the old standard as
// ended and the new one.
func (s *Service) ReplaceUnitCostStandard(ctx context.Context, a goumai.Actor, id int64, next goumai.UnitCostStandard) (old, added goumai.UnitCostStandard, err error) {
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if old, err = tx.UnitCostStandard(ctx, id); err != nil {
			return err
		}
		if err := s.Policy.Can(a, goumai.ActConfigureReview, goumai.Target{Region: old.Region}); err != nil {
			return err
		}
		now := tx.Now()
		if err := notEnded(old, now); err != nil {
			return err
		}
		next.ID, next.Region, next.CatalogCode = 0, old.Region, old.CatalogCode
		next.Unit, next.Note = strings.TrimSpace(next.Unit), strings.TrimSpace(next.Note)
		f := goumai.Fields{}
		if err := rules.CheckUnitCostStandard(next, s.Store.Regions()); err != nil {
			for k, m := range goumai.AsError(err).Fields {
				f[k] = m
			}
		}
		if !next.EffectiveFrom.IsZero() {
			future(f, "effective_from", next.EffectiveFrom, now)
			if !next.EffectiveFrom.After(old.EffectiveFrom) {
				f.Add("effective_from", "新标准须晚于原标准生效", "the new standard must start after the one it replaces")
			}
			if old.EffectiveTo != nil && !next.EffectiveFrom.Before(*old.EffectiveTo) {
				f.Add("effective_from", "新标准须在原标准失效前生效", "the new standard must start before the one it replaces ends")
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		from := next.EffectiveFrom
		old.EffectiveTo = &from
		if err := tx.EndUnitCostStandard(ctx, old.ID, from); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "review.unit_cost_end", Table: "unit_cost_standards", Key: old.ID, Region: old.Region, Public: true}); err != nil {
			return err
		}
		if next.ID, err = tx.InsertUnitCostStandard(ctx, next); err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "review.unit_cost_replace", Table: "unit_cost_standards", Key: next.ID, Region: next.Region, Public: true})
		return err
	})
	return old, next, err
}
