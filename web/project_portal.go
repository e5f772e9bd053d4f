package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// publicProjects lists approved projects: their content, supplier conditions
// and evaluation standards are public (财综〔2013〕111号 二（三）).
func (s *Server) publicProjects(w http.ResponseWriter, r *http.Request) {
	f, err := projectPortalFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	f.AfterID, f.Limit = after, 50
	list, err := s.svc.Projects(r.Context(), goumai.Actor{}, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "project_portal", map[string]any{"List": list, "Region": f.Region, "Query": f.Query,
		"RegionName": s.store.Regions().FullName(f.Region), "Names": s.orgNames(r, purchaserIDs(list.Projects)),
		"Export": exportLinks("/projects", r.URL.Query())})
}

// projectPortalFilter reads the public project list's filters (not its page).
func projectPortalFilter(r *http.Request) (sqlstore.ProjectFilter, error) {
	q := r.URL.Query()
	statuses, err := projectStatuses(r)
	f := sqlstore.ProjectFilter{Region: strings.TrimSpace(q.Get("region")), Query: strings.TrimSpace(q.Get("q")), Statuses: statuses}
	if p := strings.TrimSpace(q.Get("purchaser")); p != "" { // the statistics' drill-down: one purchaser's projects
		id, perr := strconv.ParseInt(p, 10, 64)
		if perr != nil || id <= 0 {
			return f, goumai.Fields{"purchaser": goumai.M("须为单位编号（正整数）", "must be an organisation id (a positive integer)")}.Err()
		}
		f.OrgID = id
	}
	return f, err
}

// projectExport is the public project list's download: every page, the
// page's columns.
func (s *Server) projectExport(r *http.Request, lang string) (exportTable, error) {
	t := exportTable{Header: []string{tr(lang, "project.code"), tr(lang, "project.field.title"), tr(lang, "project.purchaser"),
		tr(lang, "project.field.amount"), tr(lang, "project.field.expected_start")}}
	f, err := projectPortalFilter(r)
	if err != nil {
		return t, err
	}
	f.Limit = 200
	var all []goumai.Project
	for {
		list, err := s.svc.Projects(r.Context(), goumai.Actor{}, f)
		if err != nil {
			return t, err
		}
		all = append(all, list.Projects...)
		if list.Next == 0 || len(all) > listExportMax {
			break
		}
		f.AfterID = list.Next
	}
	if len(all) > listExportMax {
		all, t.Cut = all[:listExportMax], true
	}
	names := s.orgNames(r, purchaserIDs(all))
	for _, p := range all {
		t.Rows = append(t.Rows, []string{p.Code, p.Title, names[p.PurchaserOrgID].Name, exportYuan(p.Amount), p.ExpectedStart})
	}
	return t, nil
}

// publicProject is a published project's page: its content and the public
// story of its process (issue 11 item 5); an unpublished one is not found,
// for everyone on this page.
func (s *Server) publicProject(w http.ResponseWriter, r *http.Request) {
	s.publicProjectPage(w, r, "project_public")
}

// publicProjectPage renders a published project's page or its print view.
func (s *Server) publicProjectPage(w http.ResponseWriter, r *http.Request, page string) {
	p, err := s.svc.Project(r.Context(), goumai.Actor{}, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	org, err := s.store.Org(r.Context(), p.PurchaserOrgID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	story, err := s.projectStory(r.Context(), p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, page, map[string]any{"P": s.publicView(goumai.Actor{}, p), "Org": org,
		"RegionName": s.store.Regions().FullName(p.Region), "Story": story})
}

// intentionsPage is the purchase-intention table of a region (采购意向, REQ-C19).
func (s *Server) intentionsPage(w http.ResponseWriter, r *http.Request) {
	region := strings.TrimSpace(r.URL.Query().Get("region"))
	if region == "" {
		region = goumai.NationalCode
	}
	rows, err := s.svc.Intentions(r.Context(), region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var total goumai.Fen
	for _, x := range rows {
		total += x.Amount
	}
	s.render(w, r, http.StatusOK, "project_intentions", map[string]any{"Rows": rows, "Region": region, "Total": total,
		"RegionName": s.store.Regions().FullName(region)})
}
