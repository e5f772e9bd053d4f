package web

import (
	"net/http"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
)

// The procurement rule parameters' JSON API: the values in force and the sets
// for everyone; setting, ending and replacing sets for finance administrators.

// paramsInForce is the answer of GET /api/v1/rules/params.
type paramsInForce struct {
	Region           string         `json:"region"`
	RegionName       string         `json:"region_name"`
	Category         rules.Category `json:"category"`
	At               time.Time      `json:"at"`
	Params           rules.Params   `json:"params"`
	JurisdictionName string         `json:"jurisdiction_name"` // where the values come from (params.jurisdiction)
	SetID            *int64         `json:"set_id"`            // null: the national defaults of the law
	EffectiveTo      *time.Time     `json:"effective_to"`      // when the set in force ends, if it is to
}

func (s *Server) apiRulesParams(w http.ResponseWriter, r *http.Request) {
	region, at, err := s.rulesScope(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := queryCategory(r, rules.Services)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	set, err := s.svc.ParamsInForce(r.Context(), region, c, at)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := paramsInForce{Region: region, RegionName: s.store.Regions().FullName(region), Category: c, At: at.In(goumai.Shanghai),
		Params: set.Params, JurisdictionName: s.store.Regions().FullName(set.Jurisdiction), EffectiveTo: set.EffectiveTo}
	if set.ID != 0 {
		out.SetID = &set.ID
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiParamSets(w http.ResponseWriter, r *http.Request) {
	region, err := s.listRegion(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if region == "" {
		region = goumai.NationalCode
	}
	sets, err := s.svc.ParamSets(r.Context(), region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"region": region, "sets": setViews(sets, s.svc.Clock.Now())})
}

// paramsBody is a parameter set as sent: rules.Params, with its first day as
// YYYY-MM-DD (Shanghai).
type paramsBody struct {
	rules.Params
	EffectiveFrom string `json:"effective_from"`
}

func (b paramsBody) params(bad goumai.Fields) rules.Params {
	p := b.Params
	p.EffectiveFrom = postedDay(bad, "effective_from", b.EffectiveFrom)
	return p
}

func (s *Server) apiParamSetAdd(c call[paramsBody]) (rules.ParamSet, error) {
	bad := goumai.Fields{}
	p := c.in.params(bad)
	if err := bad.Err(); err != nil {
		return rules.ParamSet{}, err
	}
	return s.svc.SetParams(c.ctx(), c.a, p)
}

// paramSetEnd is the body of POST /api/v1/rules/param-sets/{id}/end.
type paramSetEnd struct {
	EffectiveTo string `json:"effective_to"`
}

func (s *Server) apiParamSetEnd(c call[paramSetEnd]) (rules.ParamSet, error) {
	bad := goumai.Fields{}
	to := postedDay(bad, "effective_to", c.in.EffectiveTo)
	if err := bad.Err(); err != nil {
		return rules.ParamSet{}, err
	}
	return s.svc.EndParamSet(c.ctx(), c.a, c.id(), to)
}

func (s *Server) apiParamSetReplace(c call[paramsBody]) (map[string]any, error) {
	bad := goumai.Fields{}
	p := c.in.params(bad)
	if err := bad.Err(); err != nil {
		return nil, err
	}
	old, added, err := s.svc.ReplaceParamSet(c.ctx(), c.a, c.id(), p)
	return map[string]any{"set": added, "replaced": old}, err
}
