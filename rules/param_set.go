package rules

import (
	"time"
)

// ParamSet is one stored set of regulation parameters: the values of one
// jurisdiction and category in force from EffectiveFrom until EffectiveTo
// (exclusive) or until a newer set of the same jurisdiction and category
// begins. Sets are never rewritten: a set is ended (its EffectiveTo set to a
// future day) or superseded by a newer one, so the values in force on any past
// day stay what they were. A set ended on the day it begins (EffectiveTo equal
// to EffectiveFrom) was withdrawn before it took effect and was never in force.
type ParamSet struct {
	ID int64 `json:"id"`
	Params
	EffectiveTo *time.Time `json:"effective_to"` // first day no longer in force; nil while open
}

// Withdrawn reports whether the set was ended before it took effect.
func (s ParamSet) Withdrawn() bool {
	return s.EffectiveTo != nil && !s.EffectiveTo.After(s.EffectiveFrom)
}

// Covers reports whether the set may apply at t: it has begun and not ended.
// A newer set of the same jurisdiction may still supersede it (InForce).
func (s ParamSet) Covers(t time.Time) bool {
	return !s.EffectiveFrom.After(t) && (s.EffectiveTo == nil || s.EffectiveTo.After(t))
}

// Started reports whether the set had begun at t: from then on its values and
// its start are what procedures started under it rely on, forever.
func (s ParamSet) Started(t time.Time) bool { return !s.EffectiveFrom.After(t) }

// Ended reports whether the set's end has passed at t (or it was withdrawn):
// nothing about it can change any more.
func (s ParamSet) Ended(t time.Time) bool {
	return s.EffectiveTo != nil && (!s.EffectiveTo.After(t) || s.Withdrawn())
}

// InForce returns the set in force at t for the region whose path from the
// national level down is path (codes, national first), among sets of category
// c: the newest covering set of the region itself, else of the nearest region
// above it. It reports false when no region of the path has one: the national
// defaults (NationalDefaults) apply.
func InForce(sets []ParamSet, path []string, c Category, at time.Time) (ParamSet, bool) {
	for i := len(path) - 1; i >= 0; i-- {
		var best ParamSet
		found := false
		for _, s := range sets {
			if s.Jurisdiction != path[i] || s.Category != c || !s.Covers(at) {
				continue
			}
			if !found || s.EffectiveFrom.After(best.EffectiveFrom) || s.EffectiveFrom.Equal(best.EffectiveFrom) && s.ID > best.ID {
				best, found = s, true
			}
		}
		if found {
			return best, true
		}
	}
	return ParamSet{}, false
}

// ParamsIn returns the values in force at t for the region of path: those of
// InForce, else the national defaults of c.
func ParamsIn(sets []ParamSet, path []string, c Category, at time.Time) Params {
	if s, ok := InForce(sets, path, c, at); ok {
		return s.Params
	}
	return NationalDefaults(c)
}
