package redflag

import (
	"fmt"
	"time"
)

// Rule describes an indicator: what it flags, on what legal basis, with which
// parameters, and when it is in force.
type Rule struct {
	// ID is the rule's code, e.g. "R024" (Cardinal) or "ENG-C3" (goumai).
	ID    string
	Title string
	// LegalBasis cites the provision the rule enforces, e.g. "GPL-IR Art. 28";
	// empty for analytical indicators such as Cardinal's.
	LegalBasis string
	// Source names the methodology, e.g. "Cardinal 0.0.8".
	Source string
	Params []Param
	// Groups lists the result groups the rule writes to.
	Groups []Group
	// Population is true when the rule compares each case with the whole
	// population (quartiles), so it can only decide once every release is in.
	Population bool
	// EffectiveFrom and EffectiveTo bound the period in which this version of
	// the rule is in force: [EffectiveFrom, EffectiveTo). A zero time is unbounded.
	EffectiveFrom time.Time
	EffectiveTo   time.Time
}

// Param documents one setting of a rule.
type Param struct {
	Name    string
	Default string
	Doc     string
}

// InForce reports whether the rule is in force at t.
func (r Rule) InForce(t time.Time) bool {
	return (r.EffectiveFrom.IsZero() || !t.Before(r.EffectiveFrom)) && (r.EffectiveTo.IsZero() || t.Before(r.EffectiveTo))
}

// Indicator computes one rule over a stream of contracting processes.
type Indicator interface {
	// Rule returns the rule the indicator implements.
	Rule() Rule
	// Add observes one contracting process that passed the global filters.
	// Per-process flags are recorded with c.Set.
	Add(c *Context, r *Release)
	// Finish records the flags that need the whole population into out. It
	// must not change the indicator's state, so that results can be taken
	// repeatedly while releases keep arriving.
	Finish(c *Context, out *Result)
}

// Factory builds an indicator from its settings section (never nil; empty
// when the section has no keys). It reports invalid or unknown keys.
type Factory func(c *Context, sec *Section) (Indicator, error)

// Registration is one version of a rule and how to build it.
type Registration struct {
	Rule Rule
	New  Factory
}

// Registry holds rules in registration order, which is the order in which
// they run and write results. Several versions of one rule may be registered
// with disjoint validity periods.
type Registry struct {
	regs []Registration
}

// Register adds a version of a rule. It fails when another version of the
// same rule overlaps its validity period.
func (g *Registry) Register(reg Registration) error {
	if reg.Rule.ID == "" || reg.New == nil {
		return fmt.Errorf("register rule %q: id and factory are required", reg.Rule.ID)
	}
	for _, o := range g.regs {
		if o.Rule.ID == reg.Rule.ID && overlaps(o.Rule, reg.Rule) {
			return fmt.Errorf("register rule %s: validity overlaps an existing version", reg.Rule.ID)
		}
	}
	g.regs = append(g.regs, reg)
	return nil
}

func overlaps(a, b Rule) bool {
	aEndsBeforeB := !a.EffectiveTo.IsZero() && !b.EffectiveFrom.IsZero() && !a.EffectiveTo.After(b.EffectiveFrom)
	bEndsBeforeA := !b.EffectiveTo.IsZero() && !a.EffectiveFrom.IsZero() && !b.EffectiveTo.After(a.EffectiveFrom)
	return !aEndsBeforeB && !bEndsBeforeA
}

// Known reports whether any version of rule id is registered.
func (g *Registry) Known(id string) bool {
	for _, r := range g.regs {
		if r.Rule.ID == id {
			return true
		}
	}
	return false
}

// At returns the version of rule id in force at t.
func (g *Registry) At(id string, t time.Time) (Registration, bool) {
	for _, r := range g.regs {
		if r.Rule.ID == id && r.Rule.InForce(t) {
			return r, true
		}
	}
	return Registration{}, false
}

// InForce returns, in registration order, one version of each rule in force at t.
func (g *Registry) InForce(t time.Time) []Registration {
	var out []Registration
	for _, r := range g.regs {
		if r.Rule.InForce(t) {
			out = append(out, r)
		}
	}
	return out
}

// Default is the registry of the indicators built into goumai.
var Default = &Registry{}

func mustRegister(reg Registration) {
	if err := Default.Register(reg); err != nil {
		panic(err) // a programming error in this package's own registrations
	}
}
