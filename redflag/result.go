package redflag

import (
	"maps"
	"slices"
)

// Group is the kind of identifier a result is about.
type Group int

// The groups of Cardinal's output, in the order in which it writes them.
const (
	OCID            Group = iota // /ocid
	Tenderer                     // /bids/details[]/tenderers[]/id or /awards[]/suppliers[]/id
	Buyer                        // /buyer/id
	ProcuringEntity              // /tender/procuringEntity/id
	numGroups
)

var groupNames = [numGroups]string{"OCID", "Tenderer", "Buyer", "ProcuringEntity"}

// String returns the group's key in the JSON output.
func (g Group) String() string { return groupNames[g] }

// Result holds indicator values by group and identifier, the quartiles and
// fences used (Meta), and, when asked for, the maps from contracting processes
// to the organizations flagged in them.
type Result struct {
	groups [numGroups]table
	meta   map[string]*table // rule id → one row of key → value
	maps   *processMaps
}

// table is an insertion-ordered map from an identifier to its values, each an
// insertion-ordered map from a code to a number.
type table struct {
	index map[string]int
	ids   []string
	rows  []row
}

type row struct {
	codes  []string
	values []float64
}

func (t *table) set(id, code string, v float64) {
	i, ok := t.index[id]
	if !ok {
		if t.index == nil {
			t.index = map[string]int{}
		}
		i = len(t.ids)
		t.index[id] = i
		t.ids = append(t.ids, id)
		t.rows = append(t.rows, row{})
	}
	r := &t.rows[i]
	if j := slices.Index(r.codes, code); j >= 0 {
		r.values[j] = v
		return
	}
	r.codes = append(r.codes, code)
	r.values = append(r.values, v)
}

func (t *table) get(id, code string) (float64, bool) {
	i, ok := t.index[id]
	if !ok {
		return 0, false
	}
	r := t.rows[i]
	if j := slices.Index(r.codes, code); j >= 0 {
		return r.values[j], true
	}
	return 0, false
}

func (t table) clone() table {
	c := table{index: maps.Clone(t.index), ids: slices.Clone(t.ids), rows: make([]row, len(t.rows))}
	for i, r := range t.rows {
		c.rows[i] = row{codes: slices.Clone(r.codes), values: slices.Clone(r.values)}
	}
	return c
}

// Set records value v of indicator code for identifier id in group g.
func (r *Result) Set(g Group, id, code string, v float64) { r.groups[g].set(id, code, v) }

// Value returns the value of indicator code for id in group g.
func (r *Result) Value(g Group, id, code string) (float64, bool) { return r.groups[g].get(id, code) }

// IDs returns the identifiers with results in group g, in the order first set.
func (r *Result) IDs(g Group) []string { return slices.Clone(r.groups[g].ids) }

// Codes returns the indicator codes with a value for id in group g.
func (r *Result) Codes(g Group, id string) []string {
	i, ok := r.groups[g].index[id]
	if !ok {
		return nil
	}
	return slices.Clone(r.groups[g].rows[i].codes)
}

// SetMeta records a quartile or fence that rule id used.
func (r *Result) SetMeta(id, key string, v float64) {
	if r.meta == nil {
		r.meta = map[string]*table{}
	}
	t := r.meta[id]
	if t == nil {
		t = &table{}
		r.meta[id] = t
	}
	t.set("", key, v)
}

// Meta returns a quartile or fence that rule id used (unrounded).
func (r *Result) Meta(id, key string) (float64, bool) {
	t := r.meta[id]
	if t == nil {
		return 0, false
	}
	return t.get("", key)
}

// Map names the maps from contracting processes to organizations that
// Cardinal writes with --map, in its order.
type Map int

// The maps of Cardinal's "Maps" key.
const (
	MapBuyerR038           Map = iota // buyer of each process with a disqualified bid
	MapProcuringEntityR038            // procuring entity of each process with a disqualified bid
	MapTenderer                       // tenderers of submitted bids (with R025, R038 or R048)
	MapTendererR024                   // flagged tenderers of each flagged process
	MapTendererR028
	MapTendererR030
	MapTendererR035
	MapTendererR058
	numMaps
)

var mapNames = [numMaps]string{"ocid_buyer_r038", "ocid_procuringentity_r038", "ocid_tenderer",
	"ocid_tenderer_r024", "ocid_tenderer_r028", "ocid_tenderer_r030", "ocid_tenderer_r035", "ocid_tenderer_r058"}

// String returns the map's key in the JSON output.
func (m Map) String() string { return mapNames[m] }

// single reports whether the map holds one organization per process.
func (m Map) single() bool { return m == MapBuyerR038 || m == MapProcuringEntityR038 }

// processMaps maps ocids to organization ids, each insertion-ordered.
type processMaps [numMaps]struct {
	index map[string]int
	ocids []string
	ids   []idSet
}

func (p *processMaps) add(m Map, ocid, id string) {
	e := &p[m]
	i, ok := e.index[ocid]
	if !ok {
		if e.index == nil {
			e.index = map[string]int{}
		}
		i = len(e.ocids)
		e.index[ocid] = i
		e.ocids = append(e.ocids, ocid)
		e.ids = append(e.ids, idSet{})
	}
	if m.single() {
		e.ids[i] = idSet{} // a later line with the same ocid overwrites, as in Cardinal
	}
	e.ids[i].add(id)
}

// AddToMap records organization id under ocid in map m; it does nothing
// unless the result was asked to keep maps.
func (r *Result) AddToMap(m Map, ocid, id string) {
	if r.maps != nil {
		r.maps.add(m, ocid, id)
	}
}

// MapIDs returns the organizations recorded under ocid in map m.
func (r *Result) MapIDs(m Map, ocid string) []string {
	if r.maps == nil {
		return nil
	}
	i, ok := r.maps[m].index[ocid]
	if !ok {
		return nil
	}
	return slices.Clone(r.maps[m].ids[i].list)
}

func (r *Result) clone() *Result {
	c := &Result{}
	for g := range r.groups {
		c.groups[g] = r.groups[g].clone()
	}
	if r.maps != nil {
		m := *r.maps
		for i := range m {
			m[i].index = maps.Clone(m[i].index)
			m[i].ocids = slices.Clone(m[i].ocids)
			m[i].ids = make([]idSet, len(r.maps[i].ids))
			for j, ids := range r.maps[i].ids {
				m[i].ids[j] = idSet{list: slices.Clone(ids.list), index: maps.Clone(ids.index)}
			}
		}
		c.maps = &m
	}
	return c
}
