package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// managePolicy is the gate of the policy library's changes.
const managePolicy = goumai.ActManagePolicy

// policyRoutes registers the policy library (培训宣传, issue 13 item 5):
// public pages, a print view and the JSON API; finance staff add documents
// and versions for their region subtree.
func (s *Server) policyRoutes(rt *router) {
	rt.page("/about", Public, s.aboutPage)
	rt.page("/policies", Public, s.policiesPage)
	rt.page("/policies/{id}", Public, s.policyPage)
	rt.page("/policies/{id}/print", Public, s.policyPrint)
	rt.page("/staff/policies/new", managePolicy, s.staffPolicyNew)
	rt.form("/staff/policies", managePolicy, s.staffPolicyAdd)
	rt.page("/staff/policies/{id}/version", managePolicy, s.staffPolicyVersionForm)
	rt.form("/staff/policies/{id}/versions", managePolicy, s.staffPolicyVersion)

	rt.read("/api/v1/policies", Public, s.apiPolicies)
	rt.read("/api/v1/policies/{id}", Public, s.apiPolicy)
	rt.api("POST", "/api/v1/policies", managePolicy, act(http.StatusCreated, "policy", s.svc.AddPolicy))
	rt.api("POST", "/api/v1/policies/{id}", managePolicy, actID(http.StatusOK, "policy", s.svc.EditPolicy))
	rt.api("POST", "/api/v1/policies/{id}/versions", managePolicy, actID(http.StatusCreated, "policy", s.svc.AddPolicyVersion))
}

// policyParams are the query parameters of the library's list.
var policyParams = []string{"q", "authority", "region", "status", "year"}

// policyQuery reads a search of the library from the URL.
func policyQuery(r *http.Request) (sqlstore.PolicyQuery, error) {
	v := r.URL.Query()
	q := sqlstore.PolicyQuery{Text: v.Get("q"), Authority: v.Get("authority"), Region: v.Get("region"), Status: v.Get("status"), After: v.Get("after")}
	f := goumai.Fields{}
	for _, p := range []struct {
		name string
		into *int
	}{{"year", &q.Year}, {"limit", &q.Limit}} {
		if s := strings.TrimSpace(v.Get(p.name)); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n <= 0 {
				f[p.name] = goumai.M("须为正整数", "must be a positive whole number")
			}
			*p.into = n
		}
	}
	if err := f.Err(); err != nil {
		return q, err
	}
	return q, q.Check()
}

// policyRow is a document as listed.
type policyRow struct {
	goumai.PolicyDoc
	URL         string `json:"url"`
	StatusLabel string `json:"status_label"`
	RegionName  string `json:"region_name"`
}

func (s *Server) policyRows(lang string, docs []goumai.PolicyDoc) []policyRow {
	out := make([]policyRow, len(docs))
	for i, d := range docs {
		out[i] = policyRow{PolicyDoc: d, URL: "/policies/" + strconv.FormatInt(d.ID, 10), StatusLabel: d.Status.Label().In(lang),
			RegionName: s.store.Regions().FullName(d.Region)}
	}
	return out
}

// policiesPage is the library: the search form, a page of documents and the
// next page's link; a bad search shows the form again with its errors (422).
func (s *Server) policiesPage(w http.ResponseWriter, r *http.Request) {
	lang := infoOf(r).lang
	vals := queryValues(r, policyParams)
	var statuses []searchStage
	for _, st := range goumai.PolicyStatuses {
		statuses = append(statuses, searchStage{string(st), st.Label().In(lang)})
	}
	data := map[string]any{"Form": vals, "Statuses": statuses, "Max": sqlstore.SearchMaxQuery,
		"CanManage": s.svc.Policy.Gate(actorOf(r), managePolicy) == nil}
	q, err := policyQuery(r)
	if err == nil {
		var page sqlstore.PolicyPage
		if page, err = s.store.Policies(r.Context(), q); err == nil {
			data["Rows"] = s.policyRows(lang, page.Docs)
			if page.Next != "" {
				next := queryValues(r, policyParams)
				next.Set("after", page.Next)
				data["Next"] = "/policies?" + next.Encode()
			}
		}
	}
	s.renderQuery(w, r, "policies", data, err)
}

// policyView is a document with its versions and both sides of its supersedes links.
type policyView struct {
	Doc          policyRow              `json:"policy"`
	Versions     []goumai.PolicyVersion `json:"versions"`
	Supersedes   *policyRow             `json:"supersedes,omitempty"`
	SupersededBy []policyRow            `json:"superseded_by"`
}

func (s *Server) policyView(r *http.Request) (policyView, error) {
	lang := infoOf(r).lang
	d, err := s.store.PolicyDoc(r.Context(), pathID(r))
	if err != nil {
		return policyView{}, err
	}
	v := policyView{Doc: s.policyRows(lang, []goumai.PolicyDoc{d})[0]}
	if v.Versions, err = s.store.PolicyVersions(r.Context(), d.ID); err != nil {
		return v, err
	}
	if d.SupersedesID != 0 {
		old, err := s.store.PolicyDoc(r.Context(), d.SupersedesID)
		if err != nil {
			return v, err
		}
		v.Supersedes = &s.policyRows(lang, []goumai.PolicyDoc{old})[0]
	}
	by, err := s.store.PolicySupersededBy(r.Context(), d.ID)
	v.SupersededBy = s.policyRows(lang, by)
	return v, err
}

// policyPage shows a document: its description, current text, every earlier
// version and the documents it supersedes and is superseded by.
func (s *Server) policyPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.policyView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := actorOf(r)
	s.render(w, r, http.StatusOK, "policy", map[string]any{"V": v,
		"CanManage": s.svc.Policy.Can(a, managePolicy, goumai.Target{Region: v.Doc.Region}) == nil})
}

// policyPrint is the print view of a document (REQ-C14).
func (s *Server) policyPrint(w http.ResponseWriter, r *http.Request) {
	v, err := s.policyView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "policy_print", map[string]any{"V": v})
}

// policyFormOf reads the new-document form.
func policyFormOf(r *http.Request) workflow.PolicyInput {
	sup, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("supersedes_id")), 10, 64)
	return workflow.PolicyInput{TitleZH: r.PostFormValue("title_zh"), TitleEN: r.PostFormValue("title_en"), Number: r.PostFormValue("number"),
		Authority: r.PostFormValue("authority"), Region: r.PostFormValue("region"), IssuedOn: r.PostFormValue("issued_on"),
		EffectiveOn: r.PostFormValue("effective_on"), Status: r.PostFormValue("status"), SupersedesID: sup,
		SourceURL: r.PostFormValue("source_url"), Licence: r.PostFormValue("licence"), Body: r.PostFormValue("body")}
}

func policyFormData(f workflow.PolicyInput, err error) map[string]any {
	d := map[string]any{"Form": f, "Statuses": goumai.PolicyStatuses}
	if err != nil {
		d["Error"] = goumai.AsError(err)
	}
	return d
}

// staffPolicyNew is the form of a new document, for the actor's region.
func (s *Server) staffPolicyNew(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	s.render(w, r, http.StatusOK, "policy_form", policyFormData(workflow.PolicyInput{Region: a.Org.Region, Status: string(goumai.PolicyInForce)}, nil))
}

// staffPolicyAdd adds the posted document and shows it.
func (s *Server) staffPolicyAdd(w http.ResponseWriter, r *http.Request) {
	f := policyFormOf(r)
	d, err := s.svc.AddPolicy(r.Context(), actorOf(r), f)
	if err != nil {
		s.formError(w, r, "policy_form", policyFormData(f, err), err)
		return
	}
	http.Redirect(w, r, "/policies/"+strconv.FormatInt(d.ID, 10)+"?done=saved", http.StatusSeeOther)
}

// staffPolicyVersionForm is the form of a document's next version, with its current text.
func (s *Server) staffPolicyVersionForm(w http.ResponseWriter, r *http.Request) {
	d, err := s.store.PolicyDoc(r.Context(), pathID(r))
	if err == nil {
		err = s.svc.Policy.Can(actorOf(r), managePolicy, goumai.Target{Region: d.Region})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "policy_version", map[string]any{"Doc": d,
		"Form": workflow.PolicyVersionInput{Version: d.Version, Body: d.Body, EffectiveOn: d.EffectiveOn}})
}

// staffPolicyVersion publishes the posted version and shows the document.
func (s *Server) staffPolicyVersion(w http.ResponseWriter, r *http.Request) {
	version, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("version")))
	in := workflow.PolicyVersionInput{Version: version, Body: r.PostFormValue("body"), Note: r.PostFormValue("note"), EffectiveOn: r.PostFormValue("effective_on")}
	d, err := s.svc.AddPolicyVersion(r.Context(), actorOf(r), pathID(r), in)
	if err != nil {
		cur, rerr := s.store.PolicyDoc(r.Context(), pathID(r))
		if rerr != nil {
			s.fail(w, r, rerr)
			return
		}
		s.formError(w, r, "policy_version", map[string]any{"Doc": cur, "Form": in, "Error": goumai.AsError(err)}, err)
		return
	}
	http.Redirect(w, r, "/policies/"+strconv.FormatInt(d.ID, 10)+"?done=saved", http.StatusSeeOther)
}

// apiPolicies is the library's search as JSON: a page of documents (without
// their text) and the next page's cursor.
func (s *Server) apiPolicies(w http.ResponseWriter, r *http.Request) {
	q, err := policyQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.store.Policies(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"policies": s.policyRows(infoOf(r).lang, page.Docs), "next": page.Next})
}

// apiPolicy is a document with its versions and supersedes links.
func (s *Server) apiPolicy(w http.ResponseWriter, r *http.Request) {
	v, err := s.policyView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// aboutFigure is a live figure of the platform as shown.
type aboutFigure struct {
	Label, Count, Amount string
}

// aboutPage is the public section (培训宣传): what government purchase of
// services is, how to take part as a supplier, the policy library's latest
// documents, and the platform's own figures from its public data.
func (s *Server) aboutPage(w http.ResponseWriter, r *http.Request) {
	lang := infoOf(r).lang
	figs, err := s.store.PublicFigures(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var shown []aboutFigure
	for _, f := range figs {
		a := aboutFigure{Label: tr(lang, "about.figure."+f.Kind), Count: strconv.FormatInt(f.Count, 10)}
		if f.Amount > 0 {
			a.Amount = f.Amount.Wan()
		}
		shown = append(shown, a)
	}
	latest, err := s.store.Policies(r.Context(), sqlstore.PolicyQuery{Status: string(goumai.PolicyInForce), Limit: 5})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "about", map[string]any{"Figures": shown, "Latest": s.policyRows(lang, latest.Docs)})
}
