package redflag

import (
	"fmt"
	"maps"
	"strings"
	"time"
)

// Cardinal's indicators on live data (issue 12 item 1). The store keeps
// each process's compiled release and decides the indicators as releases
// arrive, in two parts:
//
//   - the process indicators (Rule.Population false: R003, R018, R028,
//     R030, R035, R036) read one process alone: a release re-decides only
//     its process, in its transaction (LiveProcess);
//   - the population indicators (R024, R025, R038, R048, R058) compare each
//     process, tenderer or buyer with quartiles of the whole population
//     (fences over every process's prices and every tenderer's ratios): any
//     release can move a quartile and so change the flags of any other
//     process. They cannot be decided incrementally at a cost independent of
//     the population; their re-decision scope is the whole population, and
//     the store re-decides them in one pass over the kept compiled releases
//     (no recompiling), on demand (LivePopulation).
//
// Together the two give what `goumai indicators` (Cardinal) gives on the
// compiled releases of the store's bulk file (LiveSettings enabling every
// indicator): the same values for the same groups, ids and codes.

// LiveSettings enables every Cardinal indicator with its default settings:
// what the live engine runs (a [R0NN] section per indicator, as a settings
// file for `goumai indicators --settings`).
func LiveSettings() string {
	var b strings.Builder
	for _, reg := range Default.regs {
		if reg.Rule.Source == cardinalSource {
			fmt.Fprintf(&b, "[%s]\n", reg.Rule.ID)
		}
	}
	return b.String()
}

// Value is one cell of a result: a group's id flagged by an indicator code.
type Value struct {
	Group Group
	ID    string
	Code  string
	Value float64
}

// Values lists a result's cells, by group, then in the result's order.
func (r *Result) Values() []Value {
	var out []Value
	for g := range Group(numGroups) {
		t := &r.groups[g]
		for i, id := range t.ids {
			for j, code := range t.rows[i].codes {
				out = append(out, Value{Group: g, ID: id, Code: code, Value: t.rows[i].values[j]})
			}
		}
	}
	return out
}

// ParseGroup is the group of a name (String's inverse).
func ParseGroup(name string) (Group, bool) {
	for g, n := range groupNames {
		if n == name {
			return Group(g), true
		}
	}
	return 0, false
}

// Live decides Cardinal's indicators on a store's processes, split into
// process and population indicators (see above).
type Live struct {
	process, population *Settings
}

// NewLive builds the live engine from settings (LiveSettings for all).
func NewLive(s *Settings, at time.Time) *Live {
	l := &Live{process: subset(s), population: subset(s)}
	for id, sec := range s.Sections {
		reg, ok := Default.At(id, at)
		if !ok {
			continue
		}
		if reg.Rule.Population {
			l.population.Sections[id] = sec
		} else {
			l.process.Sections[id] = sec
		}
	}
	return l
}

func subset(s *Settings) *Settings {
	c := *s
	c.Sections = map[string]*Section{}
	c.PriceComparison, c.NoPriceComparison, c.ExcludedDetails = maps.Clone(s.PriceComparison), maps.Clone(s.NoPriceComparison), maps.Clone(s.ExcludedDetails)
	return &c
}

// Compile merges the releases of one process (in publication order) into
// its compiled release, as the records of the bulk file do.
func Compile(releases ...[]byte) ([]byte, error) { return merger.Compile(releases...) }

// Process decides the process indicators on one compiled release: the
// values it sets (none when the process is filtered out).
func (l *Live) Process(compiled []byte, at time.Time) ([]Value, error) {
	a, err := New(l.process, Options{At: at})
	if err != nil {
		return nil, err
	}
	if err := a.Add(compiled); err != nil {
		return nil, err
	}
	return a.Result().Values(), nil
}

// Population decides the population indicators over every compiled
// release next gives (nil at the end): one pass over the population.
func (l *Live) Population(next func() ([]byte, error), at time.Time) ([]Value, error) {
	a, err := New(l.population, Options{At: at})
	if err != nil {
		return nil, err
	}
	for {
		line, err := next()
		if err != nil {
			return nil, err
		}
		if line == nil {
			break
		}
		if err := a.Add(line); err != nil {
			return nil, err
		}
	}
	return a.Result().Values(), nil
}
