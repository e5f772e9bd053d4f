package workflow

import (
	"context"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// The procurement rule parameters (RULES.md §14) are dated data: a finance
// department's administrators set the values of their region, or of a region
// below it, from a day to come, and end or replace a set from a day to come.
// Nothing already in force is rewritten: a procedure uses the values in force
// on the day it started (sqlstore.Store.ParamsAt), forever. Only goumai itself
// (loading a new installation's or the demo's data, before any procedure
// exists) records values already in force.

// SetParams stores a parameter set for a region (p.Jurisdiction) and category
// from p.EffectiveFrom, a day after today. From that day it supersedes the
// region's earlier set of the category, and applies to the regions below that
// have none of their own.
func (s *Service) SetParams(ctx context.Context, a goumai.Actor, p rules.Params) (rules.ParamSet, error) {
	p.Jurisdiction, p.Source = strings.TrimSpace(p.Jurisdiction), strings.TrimSpace(p.Source)
	if e := s.paramsProblems(p); e != nil {
		return rules.ParamSet{}, e
	}
	if err := s.Policy.Can(a, goumai.ActConfigureRules, goumai.Target{Region: p.Jurisdiction}); err != nil {
		return rules.ParamSet{}, err
	}
	set := rules.ParamSet{Params: p}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		if !a.IsSystem() {
			if err := futureDay("effective_from", p.EffectiveFrom, tx.Now()); err != nil {
				return err
			}
		}
		var err error
		if set.ID, err = tx.InsertParamSet(ctx, set); err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "rules.param_set_add", Table: "param_sets", Key: set.ID, Region: set.Jurisdiction, Public: true})
		return err
	})
	return set, err
}

// EndParamSet ends a set from a day to come (its first day no longer in
// force): the regions it applied to then inherit the values above them. Ended
// on its own first day, a set that has not yet taken effect is withdrawn. A set
// already ended (or withdrawn) cannot change any more.
func (s *Service) EndParamSet(ctx context.Context, a goumai.Actor, id int64, to time.Time) (rules.ParamSet, error) {
	var set rules.ParamSet
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if set, err = s.changeableSet(ctx, tx, a, id); err != nil {
			return err
		}
		f := goumai.Fields{}
		if to.IsZero() {
			f.Add("effective_to", "请填写终止日期（该日起不再适用）", "the end date (the first day no longer in force) is required")
		} else if !rules.IsDay(to) {
			f.Add("effective_to", "终止日期须为北京时间某日零时（填写年-月-日）", "the end must be a day (midnight in Asia/Shanghai)")
		} else if err := futureDay("effective_to", to, tx.Now()); err != nil {
			return err
		} else if to.Before(set.EffectiveFrom) {
			f.Add("effective_to", "终止日期不得早于生效日期（与生效日期相同即撤回）", "the end may not be before the start (on the start day, the set is withdrawn)")
		}
		if err := f.Err(); err != nil {
			return err
		}
		return endSet(ctx, tx, a, &set, to)
	})
	return set, err
}

// endSet ends a set at to, as read, with its event.
func endSet(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, set *rules.ParamSet, to time.Time) error {
	if err := tx.EndParamSet(ctx, set.ID, set.EffectiveTo, to); err != nil {
		return err
	}
	set.EffectiveTo = &to
	_, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "rules.param_set_end", Table: "param_sets", Key: set.ID, Region: set.Jurisdiction, Public: true})
	return err
}

// ReplaceParamSet ends a set where next begins and adds next for the same
// region and category, in one transaction: the old set stays on record for
// the time it was in force. next begins on a day to come, after the old set
// began (or on its first day, if that is still to come: the old set is then
// withdrawn) and before it ends. It returns the old set as ended and the new one.
func (s *Service) ReplaceParamSet(ctx context.Context, a goumai.Actor, id int64, next rules.Params) (old, added rules.ParamSet, err error) {
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if old, err = s.changeableSet(ctx, tx, a, id); err != nil {
			return err
		}
		// The replacement keeps the set's region and category; one that names
		// others is refused rather than moved silently.
		var e *goumai.Error
		if j := strings.TrimSpace(next.Jurisdiction); j != "" && j != old.Jurisdiction {
			e = withField(e, "jurisdiction", goumai.M("替换的参数沿用原参数的行政区划："+old.Jurisdiction, "a replacement keeps the set's region: "+old.Jurisdiction))
		}
		if next.Category != "" && next.Category != old.Category {
			e = withField(e, "category", goumai.M("替换的参数沿用原参数的采购品目类别："+string(old.Category), "a replacement keeps the set's category: "+string(old.Category)))
		}
		next.Jurisdiction, next.Category, next.Source = old.Jurisdiction, old.Category, strings.TrimSpace(next.Source)
		if p := s.paramsProblems(next); p != nil {
			for k, m := range p.Fields {
				e = withField(e, k, m)
			}
			e.Message, e.Rule = p.Message, p.Rule
		}
		if !next.EffectiveFrom.IsZero() && (e == nil || e.Fields["effective_from"] == (goumai.Msg{})) {
			switch {
			case next.EffectiveFrom.Before(old.EffectiveFrom):
				e = withField(e, "effective_from", goumai.M("新参数不得早于被替换的参数生效", "the new set may not begin before the set it replaces"))
			case old.EffectiveTo != nil && !next.EffectiveFrom.Before(*old.EffectiveTo):
				e = withField(e, "effective_from", goumai.M("新参数须在被替换的参数终止前生效", "the new set must begin before the set it replaces ends"))
			}
		}
		if e != nil {
			return e
		}
		if err := futureDay("effective_from", next.EffectiveFrom, tx.Now()); err != nil {
			return err
		}
		if err := endSet(ctx, tx, a, &old, next.EffectiveFrom); err != nil {
			return err
		}
		added = rules.ParamSet{Params: next}
		if added.ID, err = tx.InsertParamSet(ctx, added); err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "rules.param_set_replace", Table: "param_sets", Key: added.ID, Region: added.Jurisdiction, Public: true})
		return err
	})
	return old, added, err
}

// ParamSets lists the parameter sets that may apply in a region: those of the
// region and of every region above it, each category, ended and withdrawn ones
// included (public). "" is the national level.
func (s *Service) ParamSets(ctx context.Context, region string) ([]rules.ParamSet, error) {
	if region == "" {
		region = goumai.NationalCode
	}
	if err := s.CheckRegion(region); err != nil {
		return nil, err
	}
	return s.Store.ParamSets(ctx, regionPath(s.Store.Regions(), region))
}

// ParamsInForce returns the parameters in force in a region for a category at
// a time (now when zero), and the set they come from (ID 0: the national
// defaults in the code) (public).
func (s *Service) ParamsInForce(ctx context.Context, region string, c rules.Category, at time.Time) (rules.ParamSet, error) {
	if at.IsZero() {
		at = s.Clock.Now()
	}
	set, ok, err := s.Store.ParamSetInForce(ctx, region, c, at)
	if err != nil || ok {
		return set, err
	}
	return rules.ParamSet{Params: rules.NationalDefaults(c)}, nil
}

// ParamSetChangeable reports whether the actor may still end or replace a set
// at now: its region is theirs to configure and it has not ended.
func (s *Service) ParamSetChangeable(a goumai.Actor, set rules.ParamSet, now time.Time) bool {
	return !set.Ended(now) && s.Policy.Can(a, goumai.ActConfigureRules, goumai.Target{Region: set.Jurisdiction}) == nil
}

// changeableSet reads a set the actor may change and that has not ended.
func (s *Service) changeableSet(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, id int64) (rules.ParamSet, error) {
	set, err := tx.ParamSet(ctx, id)
	if err != nil {
		return set, err
	}
	if err := s.Policy.Can(a, goumai.ActConfigureRules, goumai.Target{Region: set.Jurisdiction}); err != nil {
		return set, err
	}
	if set.Ended(tx.Now()) {
		return set, goumai.Errorf(goumai.EConflict, "该采购规则参数已终止（或已撤回），不能再改：已经适用过的参数永不改写",
			"this parameter set has ended (or was withdrawn) and can no longer change: values once in force are never rewritten")
	}
	return set, nil
}

// paramsProblems checks a set against the law (rules.Params.Check: its
// message and first rule broken) and its region against the tree; nil when
// there is no problem. Callers may add fields with withField.
func (s *Service) paramsProblems(p rules.Params) *goumai.Error {
	var e *goumai.Error
	if err := p.Check(); err != nil {
		e = goumai.AsError(err)
	}
	if _, ok := s.Store.Regions().Get(p.Jurisdiction); !ok {
		e = withField(e, "jurisdiction", goumai.M("行政区划代码不存在", "unknown region code"))
	}
	return e
}

// withField adds a field problem to e (a new invalid error when e is nil),
// keeping a problem the field already has.
func withField(e *goumai.Error, field string, m goumai.Msg) *goumai.Error {
	if e == nil {
		return goumai.AsError(goumai.Fields{field: m}.Err())
	}
	if _, ok := e.Fields[field]; !ok {
		e.Fields[field] = m
	}
	return e
}

// futureDay refuses a day on which a change would take effect unless it is
// still to come: what was in force is never rewritten.
func futureDay(field string, t, now time.Time) error {
	f := goumai.Fields{}
	future(f, field, t, now)
	return f.Err()
}
