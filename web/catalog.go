package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

func init() {
	funcs["catclass"] = func(lang string, c goumai.ServiceClass) string { return c.Label().In(lang) }
	funcs["negflag"] = func(lang string, f goumai.NegativeFlag) string { return f.Label().In(lang) }
	funcs["date"] = func(t time.Time) string { return t.In(goumai.Shanghai).Format("2006-01-02") }
	funcs["datep"] = func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(goumai.Shanghai).Format("2006-01-02")
	}
	funcs["fieldof"] = itemField
	funcs["indent"] = func(depth int) string { return strings.Repeat("\u3000", depth) }
}

// itemField is one field of an item as text, for the difference page.
func itemField(it goumai.CatalogItem, field string) string {
	switch field {
	case "parent":
		return it.Parent
	case "level":
		return strconv.Itoa(it.Level)
	case "name":
		return it.Name
	case "class":
		return string(it.Class)
	case "item_code":
		return it.ItemCode
	case "negative":
		s := make([]string, len(it.Negative))
		for i, f := range it.Negative {
			s[i] = string(f)
		}
		return strings.Join(s, ", ")
	case "note":
		return it.Note
	}
	return ""
}

// treeRow is an item in display order (depth-first), with its depth and whether it is a leaf.
type treeRow struct {
	goumai.CatalogItem
	Depth int
	Leaf  bool
}

// treeOrder lays the items out depth first, children in code order; items
// whose parent is missing (possible only in a draft) come last.
func treeOrder(items []goumai.CatalogItem) []treeRow {
	children := map[string][]goumai.CatalogItem{}
	codes := map[string]bool{}
	for _, it := range items {
		children[it.Parent] = append(children[it.Parent], it)
		codes[it.Code] = true
	}
	out := make([]treeRow, 0, len(items))
	seen := map[string]bool{}
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		for _, it := range children[parent] {
			if seen[it.Code] {
				continue
			}
			seen[it.Code] = true
			out = append(out, treeRow{CatalogItem: it, Depth: depth, Leaf: len(children[it.Code]) == 0})
			walk(it.Code, depth+1)
		}
	}
	walk("", 0)
	for _, it := range items {
		if !seen[it.Code] {
			out = append(out, treeRow{CatalogItem: it, Leaf: len(children[it.Code]) == 0})
		}
	}
	return out
}

// negatives returns the flagged items (the 负面清单).
func negatives(rows []treeRow) []treeRow {
	var out []treeRow
	for _, r := range rows {
		if len(r.Negative) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// tierChoice is a catalogue tier offered on the portal.
type tierChoice struct {
	Code, Name string
	Current    bool
}

// tiers lists the central tier and the provinces that have a published catalogue.
func (s *Server) tiers(r *http.Request, current string) []tierChoice {
	out := []tierChoice{{Code: goumai.NationalCode, Name: "中央", Current: current == goumai.NationalCode}}
	vs, err := s.store.FindCatalogVersions(r.Context(), sqlstore.VersionFilter{Statuses: []goumai.CatalogStatus{goumai.CatalogPublished, goumai.CatalogSuperseded}})
	if err != nil {
		return out
	}
	seen := map[string]bool{goumai.NationalCode: true}
	for _, v := range vs {
		if !seen[v.Region] {
			seen[v.Region] = true
			g, _ := s.store.Regions().Get(v.Region)
			out = append(out, tierChoice{Code: v.Region, Name: g.Name, Current: v.Region == current})
		}
	}
	sort.Slice(out[1:], func(i, j int) bool { return out[1+i].Code < out[1+j].Code })
	return out
}

// catalogPortal is the public catalogue page: the tier's version in force as a
// tree with its negative list, the version history, departments' catalogues and
// the public suggestions with the form to add one.
func (s *Server) catalogPortal(w http.ResponseWriter, r *http.Request) {
	s.renderCatalogPortal(w, r, http.StatusOK, workflow.SuggestionInput{}, nil)
}

func (s *Server) renderCatalogPortal(w http.ResponseWriter, r *http.Request, status int, form workflow.SuggestionInput, formErr error) {
	ctx := r.Context()
	region := r.URL.Query().Get("region")
	if form.Region != "" {
		region = form.Region
	}
	if tier, ok := s.svc.CatalogTier(region); !ok || tier != region {
		region = goumai.NationalCode
	}
	history, err := s.svc.CatalogVersions(ctx, goumai.Actor{}, region, 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := map[string]any{"Portal": true, "Region": region, "Tiers": s.tiers(r, region), "History": history, "Form": form, "Error": nil}
	if formErr != nil {
		data["Error"] = goumai.AsError(formErr)
	}
	for _, v := range history { // newest first: the nearest upcoming version is the last scheduled one
		if v.Status == goumai.CatalogScheduled {
			data["Upcoming"] = v
		}
	}
	if v, err := s.svc.CatalogInForce(ctx, region, 0); err == nil {
		items, err := s.store.CatalogItems(ctx, v.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		rows := treeOrder(items)
		data["Version"], data["Rows"], data["Negative"] = v, rows, negatives(rows)
	} else if goumai.ErrorCode(err) != goumai.ENotFound {
		s.fail(w, r, err)
		return
	}
	depts, err := s.svc.DepartmentCatalogs(ctx, goumai.Actor{}, region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data["Depts"] = s.deptNames(r, depts)
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	sugs, err := s.store.FindSuggestions(ctx, sqlstore.SuggestionFilter{Region: region, BeforeID: before, Limit: 20})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data["Suggestions"] = sugs
	if len(sugs) == 20 {
		data["Next"] = sugs[len(sugs)-1].ID
	}
	s.render(w, r, status, "catalog_portal", data)
}

// deptVersion is a department's version with the department's name.
type deptVersion struct {
	sqlstore.CatalogVersionRow
	DeptName string
}

func (s *Server) deptNames(r *http.Request, vs []sqlstore.CatalogVersionRow) []deptVersion {
	out := make([]deptVersion, 0, len(vs))
	for _, v := range vs {
		name := strconv.FormatInt(v.DeptOrgID, 10)
		if o, err := s.store.Org(r.Context(), v.DeptOrgID); err == nil {
			name = o.Name
		}
		out = append(out, deptVersion{CatalogVersionRow: v, DeptName: name})
	}
	return out
}

// catalogVersionPage shows one version as a tree (a draft only to those who may see it).
func (s *Server) catalogVersionPage(w http.ResponseWriter, r *http.Request) {
	v, items, err := s.svc.CatalogItems(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := treeOrder(items)
	history, err := s.svc.CatalogVersions(r.Context(), actorOf(r), v.Region, v.DeptOrgID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	dept := ""
	if v.DeptOrgID != 0 {
		dept = s.deptNames(r, []sqlstore.CatalogVersionRow{v})[0].DeptName
	}
	s.render(w, r, http.StatusOK, "catalog_portal", map[string]any{"Version": v, "Rows": rows, "Negative": negatives(rows), "History": history, "Dept": dept})
}

// catalogDiffPage shows the difference between two versions.
func (s *Server) catalogDiffPage(w http.ResponseWriter, r *http.Request) {
	from, _ := strconv.ParseInt(r.URL.Query().Get("from"), 10, 64)
	to, _ := strconv.ParseInt(r.URL.Query().Get("to"), 10, 64)
	a := actorOf(r)
	d, err := s.svc.CatalogDiff(r.Context(), a, from, to)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	vf, _ := s.svc.CatalogVersion(r.Context(), a, from)
	vt, _ := s.svc.CatalogVersion(r.Context(), a, to)
	s.render(w, r, http.StatusOK, "catalog_diff", map[string]any{"Diff": d, "From": vf, "To": vt})
}

// suggestionForm reads the public suggestion form.
func suggestionForm(r *http.Request) workflow.SuggestionInput {
	return workflow.SuggestionInput{Region: r.PostFormValue("region"), ItemCode: r.PostFormValue("item_code"), Title: r.PostFormValue("title"),
		Body: r.PostFormValue("body"), Submitter: r.PostFormValue("submitter"), Contact: r.PostFormValue("contact")}
}

// catalogSuggest takes a suggestion from the public (no account, no image
// CAPTCHA, REQ-W6): fields are length-bounded and each address may send a few
// per window.
func (s *Server) catalogSuggest(w http.ResponseWriter, r *http.Request) {
	in := suggestionForm(r)
	if err := s.limit(r, workflow.SuggestLimit); err != nil {
		if goumai.ErrorCode(err) != goumai.ERateLimited {
			s.fail(w, r, err)
			return
		}
		s.renderCatalogPortal(w, r, http.StatusTooManyRequests, in, err)
		return
	}
	g, err := s.svc.SubmitSuggestion(r.Context(), in)
	if err != nil {
		if goumai.ErrorCode(err) == goumai.EInvalid {
			s.renderCatalogPortal(w, r, http.StatusUnprocessableEntity, in, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/catalog?region="+g.Region+"&done=suggested#suggestion-"+strconv.FormatInt(g.ID, 10), http.StatusSeeOther)
}
