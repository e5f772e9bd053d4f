package goumai

import (
	"fmt"
	"sort"
)

// RegionLevel is the level of an administrative division (行政区划).
type RegionLevel int

// Levels, from the top. The numbers are stored in the database.
const (
	LevelNational   RegionLevel = 0 // 全国 (code 100000, the Ministry of Finance's region)
	LevelProvince   RegionLevel = 1 // 省级: province, autonomous region, municipality
	LevelPrefecture RegionLevel = 2 // 地级: prefecture-level city, league, autonomous prefecture
	LevelCounty     RegionLevel = 3 // 县级: county, district, county-level city, banner
)

// NationalCode is the code used for the central level (中央/全国), GB/T 2260's 100000.
const NationalCode = "100000"

// Names of the levels, for display.
func (l RegionLevel) Name() Msg {
	switch l {
	case LevelNational:
		return M("中央", "central")
	case LevelProvince:
		return M("省级", "province")
	case LevelPrefecture:
		return M("地市级", "prefecture")
	case LevelCounty:
		return M("区县级", "county")
	}
	return M("未知", "unknown")
}

// Region is an administrative division identified by its 6-digit GB/T 2260 code.
type Region struct {
	Code   string      `json:"code"`
	Name   string      `json:"name"`
	Level  RegionLevel `json:"level"`
	Parent string      `json:"parent,omitempty"` // "" only for the national region
}

// Regions is the whole tree of divisions, loaded once and read-only afterwards.
type Regions struct {
	byCode   map[string]Region
	children map[string][]string
}

// NewRegions builds the tree and checks that every parent exists and levels nest.
func NewRegions(list []Region) (*Regions, error) {
	r := &Regions{byCode: make(map[string]Region, len(list)), children: map[string][]string{}}
	for _, g := range list {
		if !isDigits(g.Code, 6) {
			return nil, fmt.Errorf("region %q: code must be 6 digits", g.Code)
		}
		if _, dup := r.byCode[g.Code]; dup {
			return nil, fmt.Errorf("region %s: duplicate code", g.Code)
		}
		r.byCode[g.Code] = g
	}
	for _, g := range list {
		if g.Parent == "" {
			if g.Level != LevelNational {
				return nil, fmt.Errorf("region %s: only the national region has no parent", g.Code)
			}
			continue
		}
		p, ok := r.byCode[g.Parent]
		if !ok {
			return nil, fmt.Errorf("region %s: parent %s does not exist", g.Code, g.Parent)
		}
		if p.Level >= g.Level {
			return nil, fmt.Errorf("region %s: level %d under parent %s of level %d", g.Code, g.Level, p.Code, p.Level)
		}
		r.children[g.Parent] = append(r.children[g.Parent], g.Code)
	}
	for _, c := range r.children {
		sort.Strings(c)
	}
	return r, nil
}

// Get returns the region with code.
func (r *Regions) Get(code string) (Region, bool) { g, ok := r.byCode[code]; return g, ok }

// Len is the number of regions.
func (r *Regions) Len() int { return len(r.byCode) }

// Children returns the codes directly under code, sorted.
func (r *Regions) Children(code string) []string { return r.children[code] }

// Contains reports whether code lies in the subtree rooted at ancestor (itself included).
func (r *Regions) Contains(ancestor, code string) bool {
	for depth := 0; code != "" && depth < 8; depth++ {
		if code == ancestor {
			return true
		}
		g, ok := r.byCode[code]
		if !ok {
			return false
		}
		code = g.Parent
	}
	return false
}

// PathCodes are the codes of Path: the region's and those above it.
func (r *Regions) PathCodes(code string) []string {
	var out []string
	for _, g := range r.Path(code) {
		out = append(out, g.Code)
	}
	return out
}

// Path returns the chain from the national region down to code.
func (r *Regions) Path(code string) []Region {
	var out []Region
	for depth := 0; code != "" && depth < 8; depth++ {
		g, ok := r.byCode[code]
		if !ok {
			break
		}
		out = append([]Region{g}, out...)
		code = g.Parent
	}
	return out
}

// FullName joins the names along the path below the national level, e.g. "浙江省杭州市西湖区".
func (r *Regions) FullName(code string) string {
	s := ""
	for _, g := range r.Path(code) {
		if g.Level != LevelNational {
			s += g.Name
		}
	}
	if s == "" {
		if g, ok := r.byCode[code]; ok {
			return g.Name
		}
	}
	return s
}

func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
