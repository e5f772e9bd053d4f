package redflag

import (
	"errors"
	"fmt"
	"time"
)

// Options configure an Accumulator.
type Options struct {
	// Registry supplies the indicators; nil means Default.
	Registry *Registry
	// At selects the version of each rule in force at that time; it is
	// required, so that which rules run never depends on the day a program
	// happens to run. To judge a procedure by the rules of the day it started,
	// pass that day; a command line passes today.
	At time.Time
	// Map keeps the maps from contracting processes to organizations.
	Map bool
	// Warn receives non-fatal problems with the number of the line (the count
	// of Add and AddRelease calls) they occur on; nil discards them.
	Warn func(line int64, msg string)
	// MaxLineBytes bounds the length of one line read by Consume; longer lines
	// are skipped and reported. Zero means DefaultMaxLineBytes.
	MaxLineBytes int
}

// DefaultMaxLineBytes is the default length limit of one line: a compiled
// release longer than this (64 MiB) is skipped and reported, never buffered.
const DefaultMaxLineBytes = 64 << 20

// Stats counts what an Accumulator has seen.
type Stats struct {
	Lines     int64 // lines or releases given to Add/AddRelease
	Processes int64 // releases that passed the global filters
	Skipped   int64 // lines skipped with an error (invalid JSON, no ocid, too long)
}

// Context is what indicators share while a stream is processed: the settings,
// the main currency, the per-process results and warnings.
type Context struct {
	Settings *Settings
	// currency is the main currency once known.
	currency    string
	hasCurrency bool
	base        *Result
	warn        func(line int64, msg string)
	line        int64
	ratios      *bidRatios // shared by R024 and R058
}

// Set records a per-process result.
func (c *Context) Set(g Group, id, code string, v float64) { c.base.Set(g, id, code, v) }

// AddToMap records an organization flagged in a process (with Options.Map).
func (c *Context) AddToMap(m Map, ocid, id string) { c.base.AddToMap(m, ocid, id) }

// Mapping reports whether maps are kept.
func (c *Context) Mapping() bool { return c.base.maps != nil }

// Warnf reports a non-fatal problem on the current line.
func (c *Context) Warnf(format string, args ...any) {
	if c.warn != nil {
		c.warn(c.line, fmt.Sprintf(format, args...))
	}
}

// MainCurrency reports whether currency is the main currency: the configured
// one, or else the first currency observed. A different currency is reported
// as a warning, and the caller ignores the amount.
func (c *Context) MainCurrency(currency string) bool {
	if !c.hasCurrency {
		c.currency, c.hasCurrency = currency, true
		if c.Settings.Currency != "" {
			c.currency = c.Settings.Currency
		}
	}
	if currency == c.currency {
		return true
	}
	c.Warnf("%s is not the main currency %s, skipping", currency, c.currency)
	return false
}

// PriceComparison reports whether the process's procurement method compares
// prices: with price_comparison_procurement_methods set, its
// procurementMethodDetails must be listed; otherwise it must not be listed in
// no_price_comparison_procurement_methods.
func (c *Context) PriceComparison(r *Release) bool {
	var details Text
	if r.Tender != nil {
		details = r.Tender.ProcurementMethodDetails
	}
	return matchesDetails(details, c.Settings.PriceComparison, c.Settings.NoPriceComparison)
}

// matchesDetails is Cardinal's matches_procurement_method_details: an allow
// list when include is non-empty, else a deny list; a missing value matches
// only a deny list.
func matchesDetails(details Text, include, exclude Set) bool {
	if !details.Valid {
		return len(include) == 0
	}
	if len(include) == 0 {
		return !exclude.Has(details.Value)
	}
	return include.Has(details.Value)
}

// Accumulator computes indicators over compiled releases given one at a time.
// It is not safe for concurrent use.
type Accumulator struct {
	ctx        Context
	indicators []Indicator
	tenderers  bool // map the tenderers of submitted bids (Cardinal's Tenderers)
	dec        *releaseDecoder
	rel        Release
	stats      Stats
	maxLine    int
}

// New builds an accumulator for the indicators enabled in s.
func New(s *Settings, o Options) (*Accumulator, error) {
	reg := o.Registry
	if reg == nil {
		reg = Default
	}
	if o.At.IsZero() {
		return nil, errors.New("redflag: Options.At is required")
	}
	a := &Accumulator{dec: newReleaseDecoder(), maxLine: o.MaxLineBytes}
	if a.maxLine <= 0 {
		a.maxLine = DefaultMaxLineBytes
	}
	a.ctx = Context{Settings: s, base: &Result{}, warn: o.Warn}
	if o.Map {
		a.ctx.base.maps = &processMaps{}
	}
	for _, reg := range reg.InForce(o.At) {
		sec, ok := s.Sections[reg.Rule.ID]
		if !ok {
			continue
		}
		ind, err := reg.New(&a.ctx, sec)
		if err != nil {
			return nil, fmt.Errorf("indicator %s: %w", reg.Rule.ID, err)
		}
		a.indicators = append(a.indicators, ind)
	}
	for _, id := range []string{"R025", "R038", "R048"} {
		_, on := s.Sections[id]
		a.tenderers = a.tenderers || (o.Map && on)
	}
	return a, nil
}

// Indicators returns the rules that run, in order.
func (a *Accumulator) Indicators() []Rule {
	rules := make([]Rule, len(a.indicators))
	for i, ind := range a.indicators {
		rules[i] = ind.Rule()
	}
	return rules
}

// Add takes one line: the JSON text of one compiled release. A blank line is
// ignored. A line that cannot be used is skipped and the reason returned
// (wrapping ErrInvalidJSON, ErrNotObject or ErrNoOCID); the accumulator stays
// usable.
func (a *Accumulator) Add(line []byte) error {
	a.stats.Lines++
	a.ctx.line = a.stats.Lines
	if blank(line) {
		return nil
	}
	if err := a.dec.decode(line, &a.rel); err != nil {
		a.stats.Skipped++
		return err
	}
	a.add(&a.rel)
	return nil
}

// AddRelease takes one decoded compiled release.
func (a *Accumulator) AddRelease(r *Release) error {
	a.stats.Lines++
	a.ctx.line = a.stats.Lines
	if !r.OCID.Valid {
		a.stats.Skipped++
		return ErrNoOCID
	}
	a.add(r)
	return nil
}

// blank reports whether line holds only ASCII whitespace (Rust's
// is_ascii_whitespace), which Cardinal skips silently.
func blank(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			return false
		}
	}
	return true
}

// add applies the global filters, then every indicator.
func (a *Accumulator) add(r *Release) {
	if t := r.Tender; t != nil {
		if t.Status.Is("cancelled") || !matchesDetails(t.ProcurementMethodDetails, nil, a.ctx.Settings.ExcludedDetails) {
			return
		}
	}
	a.stats.Processes++
	if a.tenderers {
		for _, b := range submittedBids(r) {
			for _, id := range b.Tenderers {
				if id.Valid {
					a.ctx.AddToMap(MapTenderer, r.OCID.Value, id.Value)
				}
			}
		}
	}
	if a.ctx.ratios != nil {
		a.ctx.ratios.add(&a.ctx, r)
	}
	for _, ind := range a.indicators {
		ind.Add(&a.ctx, r)
	}
}

// skip records a line that could not even be read.
func (a *Accumulator) skip() {
	a.stats.Lines++
	a.ctx.line = a.stats.Lines
	a.stats.Skipped++
}

// Stats returns counts of what has been seen so far.
func (a *Accumulator) Stats() Stats { return a.stats }

// Result returns the indicators over every release added so far. The
// accumulator keeps its state, so more releases may follow.
func (a *Accumulator) Result() *Result {
	out := a.ctx.base.clone()
	for _, ind := range a.indicators {
		ind.Finish(&a.ctx, out)
	}
	return out
}

// errLineTooLong reports a line longer than the limit.
var errLineTooLong = errors.New("line too long")
