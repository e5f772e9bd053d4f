// Package publish turns goumai's public events into OCDS 1.1 releases: one
// release (or none) per public event, built in the transaction that records
// the event, so that goumai publishes exactly what its transparency log holds.
//
// A release is a function of the event (its action and the object's state
// afterwards) and of a few stable facts read through Lookup (the project a
// procurement belongs to, an organisation's name and credit code). Array items
// keep stable ids across releases — a lot is "lot-{id}", an award "award-{id}",
// a contract "contract-{id}", a payment "payment-{id}" — so that merging the
// releases of an ocid (ocds.Merger) gives the process's current state.
//
// Private content never reaches a release: only public events are published,
// and of their states only the fields OCDS or the goumai extension describe.
package publish

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/ocds"
)

// DefaultPrefix is the ocid prefix of an instance that has not registered its
// own with the Open Contracting Partnership (see the data guide): a deploying
// finance department registers "ocds-" plus six characters and sets it with
// serve --ocid-prefix.
const DefaultPrefix = "ocds-gm0000"

// China is the time zone of release dates: RFC 3339 with the +08:00 offset.
var China = time.FixedZone("CST", 8*60*60)

// DateLayout is how release dates are written: RFC 3339 in China's zone,
// to the microsecond, as events are timed (ocds.Release writes its date so).
const DateLayout = time.RFC3339Nano

// Lookup reads the state of an audited row as the log recorded it at the
// event being published — the state the row's latest event at or before it
// carries — so that a release is a function of the log alone (sqlstore's
// incremental lookup inside the event's transaction and its rebuild from the
// log give the same). It returns nil and no error when there is no such row.
type Lookup interface {
	State(ctx context.Context, table string, key any) (json.RawMessage, error)
}

// PreviousLookup is a Lookup that can also read an object's last state
// before an event, from the log: what a deletion's event (whose state is
// null) needs to be published, e.g. award.withdrawn. Without it such events
// yield no release.
type PreviousLookup interface {
	Lookup
	// Previous returns the state the latest event of the object before the
	// leaf index `before` recorded; nil and no error when there is none.
	Previous(ctx context.Context, objectType, objectID string, before int64) (json.RawMessage, error)
}

// Release is one OCDS release and where it comes from.
type Release struct {
	LogIndex int64     // the leaf index of the event it comes from
	OCID     string    // the contracting process
	ID       string    // unique within the ocid
	Date     time.Time // the event's time
	Tags     []string  // releaseTag codes
	Region   string    // the region code of the process (for per-region files)
	Body     []byte    // the release's JSON
}

// Publisher builds the releases of public events.
type Publisher struct {
	Prefix  string // ocid prefix; DefaultPrefix when empty
	BaseURL string // the public portal's address (serve --base-url); notices' urls are omitted when empty
}

// OCID is the ocid of a project's contracting process.
func (p Publisher) OCID(projectID int64) string {
	prefix := p.Prefix
	if prefix == "" {
		prefix = DefaultPrefix
	}
	return fmt.Sprintf("%s-%d", prefix, projectID)
}

// builder builds the release of one kind of event; it returns nil for an event
// that changes nothing OCDS describes.
type builder func(ctx context.Context, b *build) (*ocds.Release, error)

// builders maps an event action to its builder. Each stage's file registers
// its actions in init.
var builders = map[string]builder{}

func register(fn builder, actions ...string) {
	for _, a := range actions {
		if _, dup := builders[a]; dup {
			panic("publish: two builders for " + a)
		}
		builders[a] = fn
	}
}

// deletions are the actions whose events delete their object (null state):
// their builders work from the object's previous state (PreviousLookup).
var deletions = map[string]bool{}

// registerDeletion registers the builder of actions that delete their object.
func registerDeletion(fn builder, actions ...string) {
	register(fn, actions...)
	for _, a := range actions {
		deletions[a] = true
	}
}

// Published reports whether public events with this action yield releases.
func Published(action string) bool { _, ok := builders[action]; return ok }

// build is what a builder works from.
type build struct {
	p      Publisher
	l      Lookup
	e      goumai.Event
	state  map[string]any // the event's state, decoded
	ocid   string         // set by the builder (start)
	region string
	proc   map[string]any // the procurement of the release, when known (procurement)
	signed bool           // a contract stage release: its buyer pays, its supplier is paid
}

// Releases returns the releases the event yields: none for a private event or
// one OCDS does not describe.
func (p Publisher) Releases(ctx context.Context, l Lookup, e goumai.Event) ([]Release, error) {
	fn, ok := builders[e.Action]
	if !e.Public || !ok {
		return nil, nil
	}
	state := e.State
	if len(state) == 0 || string(state) == "null" {
		// A deleted object: its builder works from the object's last state,
		// when the lookup can read it from the log.
		prev, ok := l.(PreviousLookup)
		if !deletions[e.Action] || !ok {
			return nil, nil
		}
		var err error
		if state, err = prev.Previous(ctx, e.ObjectType, e.ObjectID, e.ID); err != nil {
			return nil, err
		}
		if len(state) == 0 || string(state) == "null" {
			return nil, nil
		}
	}
	b := &build{p: p, l: l, e: e, region: e.Region}
	if err := json.Unmarshal(state, &b.state); err != nil {
		return nil, fmt.Errorf("publish %s %s/%s: %w", e.Action, e.ObjectType, e.ObjectID, err)
	}
	r, err := fn(ctx, b)
	if err != nil || r == nil {
		return nil, err
	}
	body, err := r.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("publish %s: %w", e.Action, err)
	}
	return []Release{{LogIndex: e.ID, OCID: r.OCID, ID: r.ID, Date: r.Date, Tags: r.Tag, Region: b.region, Body: body}}, nil
}

// start begins the release of the project's process, its id the event's leaf
// index (unique, and ordered as the log is).
func (b *build) start(projectID int64, tags ...string) *ocds.Release {
	b.ocid = b.p.OCID(projectID)
	r := ocds.NewRelease(b.ocid, fmt.Sprintf("%s-%d", b.ocid, b.e.ID), b.e.At.In(China), tags...)
	r.Language = "zh"
	return r
}

// Date converts a stored time to the release's zone.
func Date(t time.Time) *time.Time { t = t.In(China); return &t }

// str, num and when read the decoded state.
func (b *build) str(k string) string { s, _ := b.state[k].(string); return s }
func (b *build) num(k string) int64  { return int64Of(b.state[k]) }
func (b *build) when(k string) *time.Time {
	return timeOf(b.state[k])
}

func int64Of(v any) int64 {
	f, _ := v.(float64)
	return int64(f)
}

func timeOf(v any) *time.Time {
	s, _ := v.(string)
	if s == "" {
		return nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return Date(t)
	}
	// A calendar day (a contract's start, a payment's acceptance) is a day in China.
	if t, err := time.ParseInLocation("2006-01-02", s, China); err == nil {
		return &t
	}
	return nil
}

// row reads a row's decoded state through Lookup; nil when it is absent.
func (b *build) row(ctx context.Context, table string, key int64) (map[string]any, error) {
	if key == 0 {
		return nil, nil
	}
	raw, err := b.l.State(ctx, table, key)
	if err != nil || raw == nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("publish: %s %d: %w", table, key, err)
	}
	return m, nil
}

// PartyID is the id of an organisation in parties: its unified social credit
// code under the scheme CN-USCC (org-id.guide), or goumai's own id for one
// without a code.
func PartyID(creditCode string, orgID int64) string {
	if c := strings.TrimSpace(creditCode); c != "" {
		return "CN-USCC-" + c
	}
	return fmt.Sprintf("goumai-org-%d", orgID)
}

// party adds the organisation with the given role to the release's parties
// and returns its reference; nil when orgID is 0 or the organisation is gone.
func (b *build) party(ctx context.Context, r *ocds.Release, orgID int64, roles ...string) (*ocds.OrganizationReference, error) {
	o, err := b.row(ctx, "orgs", orgID)
	if err != nil || o == nil {
		return nil, err
	}
	name, _ := o["name"].(string)
	code, _ := o["credit_code"].(string)
	id := PartyID(code, orgID)
	roles = b.roles(orgID, roles)
	for i := range r.Parties {
		if r.Parties[i].ID == id {
			r.Parties[i].Roles = appendNew(r.Parties[i].Roles, roles...)
			return &ocds.OrganizationReference{ID: id, Name: name}, nil
		}
	}
	org := ocds.Organization{ID: id, Name: name, Roles: roles}
	if code != "" {
		org.Identifier = &ocds.Identifier{Scheme: "CN-USCC", ID: code, LegalName: name}
	}
	if region, _ := o["region"].(string); region != "" {
		org.Address = &ocds.Address{Region: region, CountryName: "中国"}
	}
	r.Parties = append(r.Parties, org)
	return &ocds.OrganizationReference{ID: id, Name: name}, nil
}

// roleOrder is the order roles are written in, so that a party's roles are
// the same list in every release that states the same roles.
var roleOrder = []string{"buyer", "procuringEntity", "payer", "tenderer", "supplier", "payee", "subcontractor"}

// roles completes the roles a release gives an organisation with those it
// holds in the process at this stage. Merging replaces a party's roles with
// the latest release's list (roles is not merged by identifier), so each
// release states them all: the purchaser is the buyer, the procuring entity
// unless an agency was entrusted, and the payer once a contract is signed; a
// supplier was a tenderer and, once its contract is signed, is the payee.
func (b *build) roles(orgID int64, given []string) []string {
	has := map[string]bool{}
	for _, r := range given {
		has[r] = true
	}
	if b.proc != nil {
		agency := int64Of(b.proc["agency_org_id"])
		if orgID == int64Of(b.proc["purchaser_org_id"]) {
			has["buyer"] = true
			has["procuringEntity"] = has["procuringEntity"] || agency == 0
			has["payer"] = has["payer"] || b.signed
		}
		if agency != 0 && orgID == agency {
			has["procuringEntity"] = true
		}
	}
	if has["supplier"] || has["payee"] {
		has["tenderer"], has["supplier"] = true, true
		has["payee"] = has["payee"] || b.signed
	}
	var out []string
	for _, r := range roleOrder {
		if has[r] {
			out = append(out, r)
			delete(has, r)
		}
	}
	for _, r := range given { // roles outside roleOrder, in the given order
		if has[r] {
			out = append(out, r)
			delete(has, r)
		}
	}
	return out
}

func appendNew(list []string, more ...string) []string {
	for _, m := range more {
		found := false
		for _, l := range list {
			found = found || l == m
		}
		if !found {
			list = append(list, m)
		}
	}
	return list
}
