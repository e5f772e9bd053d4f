package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The edit form of a recorded 事业单位 function, for the finance department of
// its region (or a region above): name, catalogue code, funded posts and cost.

// reformFunctionEdit shows the form filled with the function as recorded.
func (s *Server) reformFunctionEdit(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fn, err := s.store.Function(r.Context(), pathID(r))
	if err == nil {
		err = s.svc.Policy.Can(a, goumai.ActManageReform, goumai.Target{OrgID: fn.OrgID, Region: fn.Region})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := functionForm{Org: strconv.FormatInt(fn.OrgID, 10), Name: fn.Name, Code: fn.CatalogCode,
		Posts: strconv.Itoa(fn.FundedPosts), Cost: fmt.Sprintf("%d.%02d", fn.AnnualCost/100, fn.AnnualCost%100)} // ParseYuan reads it back (no thousands separators)
	s.render(w, r, http.StatusOK, "reform_function_edit", s.reformEditData(r, fn, f, nil))
}

// reformFunctionUpdate saves the form through workflow.UpdateFunction.
func (s *Server) reformFunctionUpdate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r)
	v := r.PostFormValue
	f := functionForm{Name: v("name"), Code: v("catalog_code"), Posts: v("funded_posts"), Cost: v("annual_cost")}
	in := workflow.FunctionInput{Name: f.Name, CatalogCode: f.Code}
	fs := goumai.Fields{}
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
		fn, err = s.svc.UpdateFunction(r.Context(), a, id, in)
	}
	if err != nil {
		// Re-render only for someone who may edit it: the page names the institution.
		cur, gerr := s.store.Function(r.Context(), id)
		if gerr == nil {
			gerr = s.svc.Policy.Can(a, goumai.ActManageReform, goumai.Target{OrgID: cur.OrgID, Region: cur.Region})
		}
		if gerr != nil {
			s.fail(w, r, gerr)
			return
		}
		f.Org = strconv.FormatInt(cur.OrgID, 10)
		s.formError(w, r, "reform_function_edit", s.reformEditData(r, cur, f, err), err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/reform?region=%s&done=saved#function-%d", fn.Region, fn.ID), http.StatusSeeOther)
}

func (s *Server) reformEditData(r *http.Request, fn goumai.Function, f functionForm, err error) map[string]any {
	data := map[string]any{"Function": fn, "Form": f, "Error": nil}
	if o := s.orgNames(r, []int64{fn.OrgID})[fn.OrgID]; o.Name != "" {
		data["OrgName"] = o.Name
	}
	if err != nil {
		data["Error"] = goumai.AsError(err)
	}
	return data
}
