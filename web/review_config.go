package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
)

// chainRows is how many steps the chain form offers.
const chainRows = 5

// reviewConfigPage shows the review chains and unit-cost standards that apply
// in the finance administrator's region, with forms to set them.
func (s *Server) reviewConfigPage(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.reviewConfigData(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d["ChainForm"] = map[string]string{"region": a.Org.Region, "min_amount": "0"}
	d["CostForm"] = map[string]string{"region": a.Org.Region}
	s.render(w, r, http.StatusOK, "review_config", d)
}

func (s *Server) reviewConfigData(r *http.Request, a goumai.Actor) (map[string]any, error) {
	chains, err := s.svc.ReviewChains(r.Context(), a)
	if err != nil {
		return nil, err
	}
	costs, err := s.svc.UnitCostStandards(r.Context(), a)
	if err != nil {
		return nil, err
	}
	below, err := s.svc.ReviewChainsBelow(r.Context(), a)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, c := range below {
		names[c.Region] = s.store.Regions().FullName(c.Region)
	}
	return map[string]any{"Chains": chains, "Costs": costs, "Default": goumai.DefaultReviewChain, "Rows": chainRows, "Changeable": s.costChangeable(a, costs),
		"Below": below, "BelowNames": names,
		"Roles":      []goumai.Role{goumai.RolePurchaserApprover, goumai.RoleFinanceReviewer, goumai.RoleFinanceApprover},
		"Wheres":     []string{goumai.WherePurchaser, goumai.WhereFinance, goumai.WhereFinanceParent},
		"RegionName": s.store.Regions().FullName(a.Org.Region)}, nil
}

// chainForm reads the chain form.
func chainForm(r *http.Request) (goumai.ReviewChain, map[string]string, goumai.Fields) {
	_ = r.ParseForm()
	raw := map[string]string{}
	for k, v := range r.PostForm {
		raw[k] = v[0]
	}
	bad := goumai.Fields{}
	c := goumai.ReviewChain{Region: strings.TrimSpace(raw["region"])}
	if v := strings.TrimSpace(raw["min_amount"]); v != "" {
		amt, m := goumai.ParseYuan(v)
		if m != nil {
			bad["min_amount"] = *m
		}
		c.MinAmount = amt
	}
	for i := 0; i < chainRows; i++ {
		n := strconv.Itoa(i)
		st := goumai.ReviewStep{Name: strings.TrimSpace(raw["step_name_"+n]), Role: goumai.Role(raw["step_role_"+n]), Where: raw["step_where_"+n]}
		if st.Name != "" || st.Role != "" {
			c.Steps = append(c.Steps, st)
		}
	}
	return c, raw, bad
}

func (s *Server) reviewChainSet(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, raw, bad := chainForm(r)
	if len(bad) == 0 {
		_, err = s.svc.SetReviewChain(r.Context(), a, c)
	}
	if err = mergeFields(err, bad); err != nil {
		d, derr := s.reviewConfigData(r, a)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		d["ChainForm"], d["ChainError"], d["CostForm"] = raw, goumai.AsError(err), map[string]string{"region": a.Org.Region}
		s.formError(w, r, "review_config", d, err)
		return
	}
	http.Redirect(w, r, "/staff/review-config?done=chain_saved", http.StatusSeeOther)
}

func (s *Server) reviewChainDelete(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.svc.DeleteReviewChain(r.Context(), a, pathID(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff/review-config?done=chain_deleted", http.StatusSeeOther)
}

// costInput is a unit-cost standard as typed or sent: amounts in yuan text on
// the form, fen in JSON; dates YYYY-MM-DD in Shanghai.
type costInput struct {
	Region        string     `json:"region"`
	CatalogCode   string     `json:"catalog_code"`
	MaxUnitCost   goumai.Fen `json:"max_unit_cost"`
	Unit          string     `json:"unit"`
	EffectiveFrom string     `json:"effective_from"`
	EffectiveTo   string     `json:"effective_to"`
	Note          string     `json:"note"`
}

func (in costInput) standard(bad goumai.Fields) goumai.UnitCostStandard {
	u := goumai.UnitCostStandard{Region: strings.TrimSpace(in.Region), CatalogCode: in.CatalogCode, MaxUnitCost: in.MaxUnitCost, Unit: in.Unit, Note: in.Note}
	day := func(field, v string) *time.Time {
		v = strings.TrimSpace(v)
		if v == "" {
			return nil
		}
		t, err := time.ParseInLocation("2006-01-02", v, goumai.Shanghai)
		if err != nil {
			bad.Add(field, "日期格式为 年-月-日", "dates are year-month-day")
			return nil
		}
		return &t
	}
	if t := day("effective_from", in.EffectiveFrom); t != nil {
		u.EffectiveFrom = *t
	}
	u.EffectiveTo = day("effective_to", in.EffectiveTo)
	return u
}

func (s *Server) unitCostAdd(w http.ResponseWriter, r *http.Request) {
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
	in := costInput{Region: raw["region"], CatalogCode: raw["catalog_code"], Unit: raw["unit"], EffectiveFrom: raw["effective_from"],
		EffectiveTo: raw["effective_to"], Note: raw["note"]}
	if v := strings.TrimSpace(raw["max_unit_cost"]); v != "" {
		amt, m := goumai.ParseYuan(v)
		if m != nil {
			bad["max_unit_cost"] = *m
		}
		in.MaxUnitCost = amt
	}
	u := in.standard(bad)
	if len(bad) == 0 {
		_, err = s.svc.AddUnitCostStandard(r.Context(), a, u)
	}
	if err = mergeFields(err, bad); err != nil {
		d, derr := s.reviewConfigData(r, a)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		d["CostForm"], d["CostError"], d["ChainForm"] = raw, goumai.AsError(err), map[string]string{"region": a.Org.Region, "min_amount": "0"}
		s.formError(w, r, "review_config", d, err)
		return
	}
	http.Redirect(w, r, "/staff/review-config?done=cost_saved", http.StatusSeeOther)
}

func (s *Server) apiReviewChains(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.svc.ReviewChains(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if list == nil {
		list = []goumai.ReviewChain{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"chains": list, "default": goumai.DefaultReviewChain})
}

// chainBody is the body of POST /api/v1/review-chains.
type chainBody struct {
	Region    string              `json:"region"`
	MinAmount goumai.Fen          `json:"min_amount"`
	Steps     []goumai.ReviewStep `json:"steps"`
}

func (s *Server) apiReviewChainSet(c call[chainBody]) (goumai.ReviewChain, error) {
	return s.svc.SetReviewChain(c.ctx(), c.a, goumai.ReviewChain{Region: c.in.Region, MinAmount: c.in.MinAmount, Steps: c.in.Steps})
}

func (s *Server) apiUnitCosts(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.svc.UnitCostStandards(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if list == nil {
		list = []goumai.UnitCostStandard{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"standards": list})
}

func (s *Server) apiUnitCostAdd(c call[costInput]) (goumai.UnitCostStandard, error) {
	bad := goumai.Fields{}
	u := c.in.standard(bad)
	if err := bad.Err(); err != nil {
		return u, err
	}
	return s.svc.AddUnitCostStandard(c.ctx(), c.a, u)
}
