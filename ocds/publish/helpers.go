package publish

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/goumai/goumai/ocds"
)

// setExt puts an extension field into an Extensions map, creating it; a nil
// or empty value leaves the map unchanged (OCDS forbids empty members).
func setExt(m *map[string]jsontext.Value, name string, v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		panic("publish: extension " + name + ": " + err.Error()) // values built here always marshal
	}
	switch string(raw) {
	case "null", "{}", "[]", `""`:
		return
	}
	if *m == nil {
		*m = map[string]jsontext.Value{}
	}
	(*m)[name] = jsontext.Value(raw)
}

// sub reads a member of a decoded object as an object.
func sub(m map[string]any, k string) map[string]any { o, _ := m[k].(map[string]any); return o }

// list reads a member of a decoded object as a list of objects.
func list(m map[string]any, k string) []map[string]any {
	a, _ := m[k].([]any)
	out := make([]map[string]any, 0, len(a))
	for _, v := range a {
		if o, ok := v.(map[string]any); ok {
			out = append(out, o)
		}
	}
	return out
}

func strOf(m map[string]any, k string) string { s, _ := m[k].(string); return s }

// ref makes an array item's stable id: "lot-12", "award-3".
func ref(kind string, id int64) string { return fmt.Sprintf("%s-%d", kind, id) }

// procurement starts the release of the procurement's project; nil when the
// procurement or its project cannot be found. It returns the procurement's
// state too.
func (b *build) procurement(ctx context.Context, procID int64, tags ...string) (*ocds.Release, map[string]any, error) {
	p, err := b.row(ctx, "procurements", procID)
	if err != nil || p == nil {
		return nil, nil, err
	}
	projectID := int64Of(p["project_id"])
	if projectID == 0 {
		return nil, nil, nil
	}
	if b.region == "" {
		b.region = strOf(p, "region")
	}
	b.proc = p
	r := b.start(projectID, tags...)
	r.Tender = &ocds.Tender{ID: strOf(p, "code")}
	return r, p, nil
}

// contract starts the release of a contract's process with the contract's
// stable id and award; nil when the contract or its project cannot be found.
func (b *build) contract(ctx context.Context, contractID int64, tags ...string) (*ocds.Release, *ocds.Contract, map[string]any, error) {
	c, err := b.row(ctx, "contracts", contractID)
	if err != nil || c == nil {
		return nil, nil, nil, err
	}
	b.signed = true
	r, _, err := b.procurement(ctx, int64Of(c["procurement_id"]), tags...)
	if err != nil || r == nil {
		return nil, nil, nil, err
	}
	r.Tender = nil
	r.Contracts = []ocds.Contract{{ID: ref("contract", contractID), AwardID: ref("award", int64Of(c["award_id"]))}}
	return r, &r.Contracts[0], c, nil
}

// budgetSystem is the goumai extension's budgetSystem object (REQ-C13 keys)
// from a state carrying mof_div_code, agency_code, pro_code and bgt_id; nil
// when it carries none.
func budgetSystem(m map[string]any) map[string]string {
	out := map[string]string{}
	for k, name := range map[string]string{"mof_div_code": "mofDivCode", "agency_code": "agencyCode", "pro_code": "proCode", "bgt_id": "bgtId"} {
		if v := strOf(m, k); v != "" {
			out[name] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
