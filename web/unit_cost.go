package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/goumai/goumai"
)

// Ending and replacing unit-cost standards from the review-configuration page
// and the API (workflow.EndUnitCostStandard, workflow.ReplaceUnitCostStandard).

// costChangeable reports, per standard id, whether the actor may still end or
// replace it: its region is the actor's to configure and it has not ended.
func (s *Server) costChangeable(a goumai.Actor, costs []goumai.UnitCostStandard) map[int64]bool {
	now := s.svc.Clock.Now()
	out := map[int64]bool{}
	for _, u := range costs {
		out[u.ID] = (u.EffectiveTo == nil || u.EffectiveTo.After(now)) &&
			s.svc.Policy.Can(a, goumai.ActConfigureReview, goumai.Target{Region: u.Region}) == nil
	}
	return out
}

// postedDay reads an optional YYYY-MM-DD form or JSON value (Shanghai).
func postedDay(bad goumai.Fields, field, v string) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation("2006-01-02", v, goumai.Shanghai)
	if err != nil {
		bad.Add(field, "日期格式为 年-月-日", "dates are year-month-day")
	}
	return t
}

// unitCostEnd ends a standard at the posted date.
func (s *Server) unitCostEnd(w http.ResponseWriter, r *http.Request) {
	s.unitCostChange(w, r, "cost_ended", "/staff/review-config?done=cost_ended", func(a goumai.Actor, raw map[string]string, bad goumai.Fields) error {
		to := postedDay(bad, "effective_to", raw["effective_to"])
		if len(bad) > 0 {
			return nil
		}
		_, err := s.svc.EndUnitCostStandard(r.Context(), a, pathID(r), to)
		return err
	})
}

// unitCostReplace ends a standard where the posted one begins and adds it.
func (s *Server) unitCostReplace(w http.ResponseWriter, r *http.Request) {
	s.unitCostChange(w, r, "cost_replaced", "/staff/review-config?done=cost_replaced", func(a goumai.Actor, raw map[string]string, bad goumai.Fields) error {
		in := costInput{Unit: raw["unit"], EffectiveFrom: raw["effective_from"], EffectiveTo: raw["effective_to"], Note: raw["note"]}
		if v := strings.TrimSpace(raw["max_unit_cost"]); v != "" {
			amt, m := goumai.ParseYuan(v)
			if m != nil {
				bad["max_unit_cost"] = *m
			}
			in.MaxUnitCost = amt
		}
		u := in.standard(bad)
		if len(bad) > 0 {
			return nil
		}
		_, _, err := s.svc.ReplaceUnitCostStandard(r.Context(), a, pathID(r), u)
		return err
	})
}

// unitCostChange runs one change from the page's forms (kind names the form,
// done is where success redirects), re-rendering the page with the row's form
// and its errors when the input is refused.
func (s *Server) unitCostChange(w http.ResponseWriter, r *http.Request, kind, done string, do func(goumai.Actor, map[string]string, goumai.Fields) error) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_ = r.ParseForm()
	raw := map[string]string{}
	for k, v := range r.PostForm {
		raw[k] = v[0]
	}
	bad := goumai.Fields{}
	err = mergeFields(do(a, raw, bad), bad)
	if err == nil {
		http.Redirect(w, r, done, http.StatusSeeOther)
		return
	}
	if c := goumai.ErrorCode(err); c != goumai.EInvalid && c != goumai.EConflict {
		s.fail(w, r, err)
		return
	}
	d, derr := s.reviewConfigData(r, a)
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	d["ChainForm"] = map[string]string{"region": a.Org.Region, "min_amount": "0"}
	d["CostForm"] = map[string]string{"region": a.Org.Region}
	d["EditID"], d["EditKind"], d["EditForm"], d["EditError"] = pathID(r), kind, raw, goumai.AsError(err)
	s.formError(w, r, "review_config", d, err)
}

// costEnd is the body of POST /api/v1/unit-cost-standards/{id}/end.
type costEnd struct {
	EffectiveTo string `json:"effective_to"`
}

func (s *Server) apiUnitCostEnd(c call[costEnd]) (goumai.UnitCostStandard, error) {
	bad := goumai.Fields{}
	to := postedDay(bad, "effective_to", c.in.EffectiveTo)
	if err := bad.Err(); err != nil {
		return goumai.UnitCostStandard{}, err
	}
	return s.svc.EndUnitCostStandard(c.ctx(), c.a, c.id(), to)
}

// costReplacement is the body of POST /api/v1/unit-cost-standards/{id}/replace.
type costReplacement struct {
	MaxUnitCost   goumai.Fen `json:"max_unit_cost"`
	Unit          string     `json:"unit"`
	EffectiveFrom string     `json:"effective_from"`
	EffectiveTo   string     `json:"effective_to"`
	Note          string     `json:"note"`
}

func (s *Server) apiUnitCostReplace(c call[costReplacement]) (map[string]any, error) {
	in := c.in
	bad := goumai.Fields{}
	u := costInput{MaxUnitCost: in.MaxUnitCost, Unit: in.Unit, EffectiveFrom: in.EffectiveFrom, EffectiveTo: in.EffectiveTo, Note: in.Note}.standard(bad)
	if err := bad.Err(); err != nil {
		return nil, err
	}
	old, added, err := s.svc.ReplaceUnitCostStandard(c.ctx(), c.a, c.id(), u)
	return map[string]any{"standard": added, "replaced": old}, err
}
