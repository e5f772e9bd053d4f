package redflag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
)

// goumai's own rules (issue 12 item 1): the integrity rules of DESIGN.md §6
// and RULES.md §14 over goumai's releases (or any OCDS data carrying the same
// fields), decided per contracting process or per group of processes. Unlike
// Cardinal's indicators they compare no process with quartiles of the whole
// population, so each release can update only what it touches: its process
// and the groups the process belongs to (OwnRule.Groups). The thresholds
// come from the regulation parameters in force in the process's region on
// the day it started (rules.Params, edited on /staff/rules, inherited down
// the region tree): the law's where it sets them, goumai's red-flag
// thresholds (the "red_flags" group of rules.ParamFields) elsewhere. A
// process keeps the values of its start forever, so a value changed later
// changes no earlier process's flag.

// OwnRule is one of goumai's rules. A process rule has Process; a group
// rule has Groups and Group.
type OwnRule struct {
	Rule Rule
	// Reads are the parts of a process the rule reads: its evidence are the
	// releases that set them.
	Reads Part
	// Process flags one process alone.
	Process func(f *Facts, p rules.Params) []Hit
	// Groups returns the keys of the groups a process belongs to (the
	// rule's code is prefixed by the engine); none when it belongs to none.
	Groups func(f *Facts) []string
	// Group flags members of one group (sorted by start, then ocid), given
	// the parameters in force for each member (env.Params: those of its
	// region on the day it started, so a value changed later never changes
	// an earlier process's flag).
	Group func(key string, members []*Facts, env GroupEnv) []GroupHit
	// Remote is set on a group rule whose key is a supplier's party id and
	// which also reads the grades other instances published for it
	// (Engine.Remote).
	Remote bool
}

// GroupEnv is what a group rule is given besides its members.
type GroupEnv struct {
	params map[*Facts]rules.Params
	// Remote are the grades other instances published for the group's
	// supplier (a Remote rule's groups, when the engine has a source).
	Remote []RemoteGrade
}

// Params returns the parameters in force for a member: those of its region
// on the day it started.
func (g GroupEnv) Params(m *Facts) rules.Params { return g.params[m] }

// RemoteGrade is a performance grade another instance published for a
// supplier and this one received (federation, ENG-J1 across regions).
type RemoteGrade struct {
	Source     string `json:"source"`    // the publishing instance
	LogIndex   int64  `json:"log_index"` // the grade's leaf in the publisher's log
	ContractID string `json:"contract_id"`
	Region     string `json:"region"`
	Grade      string `json:"grade"`
	At         string `json:"at"` // RFC 3339: when the publisher recorded it; "" when unknown
}

// RemoteFunc returns the grades other instances published for a supplier
// (its party id, CN-USCC-…).
type RemoteFunc func(supplier string) ([]RemoteGrade, error)

// Hit is a process rule's finding.
type Hit struct {
	Subject  string // what in the process it is about (a contract's id) when there may be several; "" for the process
	Supplier string
	Value    float64
	Detail   goumai.Msg
	Leaves   []goumai.RedFlagLeaf // log entries behind it that no release carries
}

// GroupHit is a group rule's finding about one member.
type GroupHit struct {
	OCID     string
	Supplier string
	Value    float64
	Detail   goumai.Msg
	// Evidence are the processes whose releases raised it (the member itself
	// and those it was compared with).
	Evidence []string
	Leaves   []goumai.RedFlagLeaf // log entries behind it that no release carries
	// ParamsOf is the member whose parameters decided it when not the
	// hit's own (化整为零: the threshold of the group's latest purchase).
	ParamsOf string
}

// Flag is a rule raised on a process: what the store keeps (goumai.RedFlag
// less its id, organisation ids, state and times).
type Flag struct {
	Indicator     string                 `json:"indicator"`
	OCID          string                 `json:"ocid"`
	Subject       string                 `json:"subject,omitempty"`
	Region        string                 `json:"region"`
	BuyerID       string                 `json:"buyer_id"`
	SupplierID    string                 `json:"supplier_id,omitempty"`
	Value         float64                `json:"value"`
	LegalBasis    string                 `json:"legal_basis"`
	Evidence      goumai.RedFlagEvidence `json:"evidence"`
	ParamsVersion string                 `json:"params_version"`
}

// Key identifies a flag: indicator, ocid and subject.
func (f Flag) Key() string { return f.Indicator + "\x00" + f.OCID + "\x00" + f.Subject }

// ParamsFunc returns the regulation parameters in force in a region at a
// time, and their version (ParamsVersion).
type ParamsFunc func(region string, at time.Time) (rules.Params, string, error)

// ParamsVersion names a set of parameters: its jurisdiction, first day and
// stored set id (0 for the national defaults).
func ParamsVersion(p rules.Params, setID int64) string {
	return fmt.Sprintf("%s/%s/%d", p.Jurisdiction, p.EffectiveFrom.In(china).Format("2006-01-02"), setID)
}

// NationalParams are the national defaults for services, whatever the region
// and time: what a file from elsewhere is judged by.
func NationalParams(string, time.Time) (rules.Params, string, error) {
	p := rules.NationalDefaults(rules.Services)
	return p, ParamsVersion(p, 0), nil
}

// Engine runs goumai's rules.
type Engine struct {
	Rules  []OwnRule
	Params ParamsFunc
	// Remote gives the grades received from other instances (nil: none, as
	// for a file from elsewhere).
	Remote RemoteFunc
	cache  map[string]paramsAt // Params' answers by region and day: sets take effect at midnight
}

type paramsAt struct {
	p       rules.Params
	version string
}

// params returns Params' answer, once per region and day. An Engine is not
// safe for concurrent use.
func (e *Engine) params(region string, at time.Time) (rules.Params, string, error) {
	key := region + "|" + at.In(china).Format("2006-01-02")
	if c, ok := e.cache[key]; ok {
		return c.p, c.version, nil
	}
	p, v, err := e.Params(region, at)
	if err != nil {
		return p, v, err
	}
	if e.cache == nil {
		e.cache = map[string]paramsAt{}
	}
	e.cache[key] = paramsAt{p, v}
	return p, v, nil
}

// NewEngine returns an engine with goumai's rules and the given parameters
// (NationalParams when nil).
func NewEngine(params ParamsFunc) *Engine {
	if params == nil {
		params = NationalParams
	}
	return &Engine{Rules: Own, Params: params}
}

// ProcessFlags are the process rules' flags on f.
func (e *Engine) ProcessFlags(f *Facts) ([]Flag, error) {
	if f.Cancelled {
		return nil, nil
	}
	p, version, err := e.params(f.Region, f.StartTime())
	if err != nil {
		return nil, err
	}
	var out []Flag
	for _, r := range e.Rules {
		if r.Process == nil || !r.Rule.InForce(f.StartTime()) {
			continue
		}
		for _, h := range r.Process(f, p) {
			out = append(out, Flag{Indicator: r.Rule.ID, OCID: f.OCID, Subject: h.Subject, Region: f.Region, BuyerID: f.BuyerID, SupplierID: h.Supplier,
				Value: h.Value, LegalBasis: r.Rule.LegalBasis, ParamsVersion: version,
				Evidence: goumai.RedFlagEvidence{Releases: f.EvidenceOf(r.Reads), Detail: h.Detail, Leaves: h.Leaves}})
		}
	}
	return out, nil
}

// GroupKeys are the keys of the groups f belongs to, each prefixed by its
// rule's code and "|".
func (e *Engine) GroupKeys(f *Facts) []string {
	if f.Cancelled {
		return nil
	}
	var out []string
	for _, r := range e.Rules {
		if r.Groups == nil || !r.Rule.InForce(f.StartTime()) {
			continue
		}
		for _, k := range r.Groups(f) {
			out = append(out, r.Rule.ID+"|"+k)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Reads returns the parts the rule of a group key (from GroupKeys) reads.
func (e *Engine) Reads(key string) Part {
	code, _, _ := strings.Cut(key, "|")
	for _, r := range e.Rules {
		if r.Rule.ID == code {
			return r.Reads
		}
	}
	return 0
}

// GroupFlags are the flags of one group (key from GroupKeys) on its members
// (each member's facts as Facts.For the group's rule gives them).
func (e *Engine) GroupFlags(key string, members []*Facts) ([]Flag, error) {
	code, sub, _ := strings.Cut(key, "|")
	var rule *OwnRule
	for i := range e.Rules {
		if e.Rules[i].Rule.ID == code && e.Rules[i].Group != nil {
			rule = &e.Rules[i]
		}
	}
	if rule == nil || len(members) == 0 {
		return nil, nil
	}
	members = slices.Clone(members)
	slices.SortFunc(members, func(a, b *Facts) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.OCID, b.OCID)) })
	env := GroupEnv{params: map[*Facts]rules.Params{}}
	versions := map[string]string{}
	byOCID := map[string]*Facts{}
	for _, m := range members {
		p, version, err := e.params(m.Region, m.StartTime())
		if err != nil {
			return nil, err
		}
		env.params[m], versions[m.OCID], byOCID[m.OCID] = p, version, m
	}
	if rule.Remote && e.Remote != nil {
		var err error
		if env.Remote, err = e.Remote(sub); err != nil {
			return nil, err
		}
	}
	var out []Flag
	for _, h := range rule.Group(sub, members, env) {
		m := byOCID[h.OCID]
		if m == nil {
			continue
		}
		ev := goumai.RedFlagEvidence{Detail: h.Detail, Leaves: h.Leaves}
		for _, o := range h.Evidence {
			if x := byOCID[o]; x != nil {
				ev.Releases = append(ev.Releases, x.EvidenceOf(rule.Reads)...)
			}
		}
		version := versions[m.OCID]
		if h.ParamsOf != "" {
			version = versions[h.ParamsOf]
		}
		out = append(out, Flag{Indicator: code, OCID: m.OCID, Subject: key, Region: m.Region, BuyerID: m.BuyerID, SupplierID: h.Supplier,
			Value: h.Value, LegalBasis: rule.Rule.LegalBasis, ParamsVersion: version, Evidence: ev})
	}
	return out, nil
}

// All computes every flag of a set of processes at once: the full recompute.
func (e *Engine) All(facts []*Facts) ([]Flag, error) {
	var out []Flag
	groups := map[string][]*Facts{}
	for _, f := range facts {
		fl, err := e.ProcessFlags(f)
		if err != nil {
			return nil, err
		}
		out = append(out, fl...)
		for _, k := range e.GroupKeys(f) {
			groups[k] = append(groups[k], f.For(e.Reads(k)))
		}
	}
	for k, ms := range groups {
		fl, err := e.GroupFlags(k, ms)
		if err != nil {
			return nil, err
		}
		out = append(out, fl...)
	}
	SortFlags(out)
	return out, nil
}

// SortFlags orders flags by indicator, ocid and subject.
func SortFlags(fs []Flag) {
	slices.SortFunc(fs, func(a, b Flag) int { return strings.Compare(a.Key(), b.Key()) })
}
