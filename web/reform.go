package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// Reform pages: the functions and funded posts of a region's public
// institutions, the form to record one, and the public red-flag list of 两头占
// cases. All of it is public (the reform's functions, posts and 费随事转 are
// published); recording needs the finance department.

func (s *Server) reformPage(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	region, _, err := s.budgetScope(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	fns, err := s.svc.Functions(r.Context(), sqlstore.FunctionFilter{Region: region, AfterID: after, Limit: 101})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var next int64
	if len(fns) == 101 {
		fns, next = fns[:100], fns[99].ID
	}
	ids := make([]int64, len(fns))
	for i, f := range fns {
		ids[i] = f.OrgID
	}
	s.render(w, r, http.StatusOK, "reform_functions", map[string]any{"Functions": fns, "Orgs": s.orgNames(r, ids), "Next": next,
		"Region": region, "RegionName": s.store.Regions().FullName(region),
		"CanManage": s.svc.Policy.Can(a, goumai.ActManageReform, goumai.Target{Region: region}) == nil})
}

func (s *Server) reformRedFlags(w http.ResponseWriter, r *http.Request) {
	region, _, err := s.budgetScope(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cases, err := s.svc.DoubleFundedCases(r.Context(), region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "reform_redflags", map[string]any{"Cases": cases, "Region": region, "RegionName": s.store.Regions().FullName(region)})
}

// functionForm is the function form as typed.
type functionForm struct {
	Org, Name, Code, Posts, Cost string
}

func (s *Server) reformFunctionNew(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err == nil {
		err = s.svc.Policy.Can(a, goumai.ActManageReform, goumai.Target{Region: a.Org.Region})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "reform_function_form", map[string]any{"Form": functionForm{Org: r.URL.Query().Get("org"), Posts: "0", Cost: "0"}})
}

func (s *Server) reformFunctionCreate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := r.PostFormValue
	f := functionForm{Org: v("org_id"), Name: v("name"), Code: v("catalog_code"), Posts: v("funded_posts"), Cost: v("annual_cost")}
	in := workflow.FunctionInput{Name: f.Name, CatalogCode: f.Code}
	fs := goumai.Fields{}
	in.OrgID, _ = strconv.ParseInt(strings.TrimSpace(f.Org), 10, 64)
	if in.FundedPosts, err = strconv.Atoi(strings.TrimSpace(f.Posts)); err != nil {
		fs.Add("funded_posts", "编制数应为整数", "funded posts must be a whole number")
	}
	if c, m := goumai.ParseYuan(f.Cost); m != nil {
		fs["annual_cost"] = *m
	} else {
		in.AnnualCost = c
	}
	var fn goumai.Function
	if err = fs.Err(); err == nil {
		fn, err = s.svc.CreateFunction(r.Context(), a, in)
	}
	if err != nil {
		s.formError(w, r, "reform_function_form", map[string]any{"Form": f, "Error": goumai.AsError(err)}, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/reform?region=%s&done=saved", fn.Region), http.StatusSeeOther)
}

func (s *Server) apiFunctions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	region, _, err := s.budgetScope(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	org, _ := strconv.ParseInt(q.Get("org_id"), 10, 64)
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	fns, err := s.svc.Functions(r.Context(), sqlstore.FunctionFilter{Region: region, OrgID: org, AfterID: after, Limit: limit})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if fns == nil {
		fns = []goumai.Function{}
	}
	var next int64
	if len(fns) == limit {
		next = fns[len(fns)-1].ID
	}
	writeJSON(w, http.StatusOK, map[string]any{"functions": fns, "next_after": next})
}

// functionPosts is the body of PUT /api/v1/reform/functions/{id}.
type functionPosts struct {
	FundedPosts *int        `json:"funded_posts"`
	AnnualCost  *goumai.Fen `json:"annual_cost"`
}

func (s *Server) apiFunctionUpdate(c call[functionPosts]) (goumai.Function, error) {
	fs := goumai.Fields{}
	if c.in.FundedPosts == nil {
		fs.Add("funded_posts", "请填写编制数", "funded_posts is required")
	}
	if c.in.AnnualCost == nil {
		fs.Add("annual_cost", "请填写年度经费", "annual_cost is required")
	}
	if err := fs.Err(); err != nil {
		return goumai.Function{}, err
	}
	return s.svc.UpdateFunctionPosts(c.ctx(), c.a, c.id(), *c.in.FundedPosts, *c.in.AnnualCost)
}

// apiDoubleFunded answers the 两头占 question for a purchaser and a catalogue item.
func (s *Server) apiDoubleFunded(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	org, err := strconv.ParseInt(q.Get("purchaser_org_id"), 10, 64)
	fs := goumai.Fields{}
	if err != nil || org <= 0 {
		fs.Add("purchaser_org_id", "请填写购买主体", "purchaser_org_id is required")
	}
	if strings.TrimSpace(q.Get("catalog_code")) == "" {
		fs.Add("catalog_code", "请填写指导性目录编码", "catalog_code is required")
	}
	if err := fs.Err(); err != nil {
		s.fail(w, r, err)
		return
	}
	fns, err := s.store.DoubleFunded(r.Context(), org, q.Get("catalog_code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if fns == nil {
		fns = []goumai.Function{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"double_funded": len(fns) > 0, "functions": fns})
}

func (s *Server) apiRedFlags(w http.ResponseWriter, r *http.Request) {
	region, _, err := s.budgetScope(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cases, err := s.svc.DoubleFundedCases(r.Context(), region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if cases == nil {
		cases = []workflow.DoubleFundedCase{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"cases": cases})
}
