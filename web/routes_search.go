package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// Search over the published projects, notices, suppliers and contracts (issue
// 11): the portal page, its CSV and Excel downloads and the JSON API. Only
// public content is indexed (sqlstore/search.go), so the routes are public.
func (s *Server) searchRoutes(rt *router) {
	rt.page("/search", Public, s.searchPage)
	rt.page("/search/export.csv", Public, s.searchExport("csv"))
	rt.page("/search/export.xlsx", Public, s.searchExport("xlsx"))
	rt.read("/api/v1/search", Public, s.apiSearch)
}

// searchExportMax is the most rows a download holds.
const searchExportMax = 2000

// searchParams are the query parameters of a search, as typed.
var searchParams = []string{"q", "kind", "region", "catalog", "method", "stage", "amount_min", "amount_max", "from", "to", "supplier"}

// searchQuery reads a search from the URL; a malformed number or amount is a
// field error, the rest is checked by SearchQuery.Check.
func searchQuery(r *http.Request) (sqlstore.SearchQuery, error) {
	v := r.URL.Query()
	q := sqlstore.SearchQuery{Text: v.Get("q"), Kind: v.Get("kind"), Region: v.Get("region"), Catalog: v.Get("catalog"),
		Method: v.Get("method"), Stage: v.Get("stage"), From: v.Get("from"), To: v.Get("to"), After: v.Get("after")}
	f := goumai.Fields{}
	for _, p := range []struct {
		name string
		into *int64
	}{{"supplier", &q.SupplierID}} {
		if s := strings.TrimSpace(v.Get(p.name)); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || n <= 0 {
				f[p.name] = goumai.M("须为单位编号（正整数）", "must be an organisation id (a positive integer)")
			}
			*p.into = n
		}
	}
	if s := strings.TrimSpace(v.Get("limit")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 || n > sqlstore.SearchMaxPage {
			f["limit"] = goumai.M(fmt.Sprintf("每页条数须在 1 到 %d 之间", sqlstore.SearchMaxPage), fmt.Sprintf("must be between 1 and %d", sqlstore.SearchMaxPage))
		}
		q.Limit = n
	}
	for _, a := range []struct {
		name string
		into *goumai.Fen
	}{{"amount_min", &q.AmountMin}, {"amount_max", &q.AmountMax}} {
		if s := strings.TrimSpace(v.Get(a.name)); s != "" {
			fen, m := goumai.ParseYuan(s)
			if m != nil {
				f[a.name] = *m
			}
			*a.into = fen
		}
	}
	if err := f.Err(); err != nil {
		return q, err
	}
	return q, q.Check()
}

// searchValues are q's parameters for a link (the page, the downloads).
func searchValues(r *http.Request) url.Values { return queryValues(r, searchParams) }

// queryValues are the request's non-empty parameters of a list, for a link.
func queryValues(r *http.Request, params []string) url.Values {
	in := r.URL.Query()
	out := url.Values{}
	for _, p := range params {
		if v := strings.TrimSpace(in.Get(p)); v != "" {
			out.Set(p, v)
		}
	}
	return out
}

// searchRow is a hit as shown and downloaded.
type searchRow struct {
	sqlstore.SearchHit
	URL         string `json:"url"`
	KindLabel   string `json:"-"`
	StageLabel  string `json:"-"`
	MethodLabel string `json:"-"`
	RegionName  string `json:"-"`
	AmountYuan  string `json:"-"`
}

// searchRows labels hits in lang.
func (s *Server) searchRows(lang string, hits []sqlstore.SearchHit) []searchRow {
	out := make([]searchRow, len(hits))
	for i, h := range hits {
		row := searchRow{SearchHit: h, KindLabel: tr(lang, "search.kind."+h.Kind), RegionName: s.store.Regions().FullName(h.Region)}
		switch h.Kind {
		case sqlstore.SearchProject:
			row.URL = fmt.Sprintf("/projects/%d", h.ID)
			row.StageLabel = goumai.ProjectStatus(h.Stage).Label().In(lang)
		case sqlstore.SearchNotice:
			row.URL = fmt.Sprintf("/notices/%d", h.ID)
			row.StageLabel = goumai.NoticeKind(h.Stage).Label().In(lang)
		case sqlstore.SearchSupplier:
			row.URL = fmt.Sprintf("/suppliers/%d/performance", h.ID)
			row.StageLabel = goumai.OrgKind(h.Stage).Label().In(lang)
		case sqlstore.SearchContract:
			row.URL = fmt.Sprintf("/contracts/%d", h.ID)
			row.StageLabel = goumai.ContractStatus(h.Stage).Label().In(lang)
		}
		if h.Method != "" {
			row.MethodLabel = goumai.ProcurementMethod(h.Method).Label().In(lang)
		}
		if h.Amount != nil {
			row.AmountYuan = goumai.Fen(*h.Amount).Yuan()
		}
		out[i] = row
	}
	return out
}

// searchStage is an option of the stage filter.
type searchStage struct{ Value, Label string }

// searchStages are the stage filter's options, by kind.
func searchStages(lang string) [][2]any {
	var projects, notices, contracts, suppliers []searchStage
	for _, st := range []goumai.ProjectStatus{goumai.ProjectApproved, goumai.ProjectClosed} {
		projects = append(projects, searchStage{string(st), st.Label().In(lang)})
	}
	for _, k := range goumai.NoticeKinds {
		notices = append(notices, searchStage{string(k), k.Label().In(lang)})
	}
	for _, st := range []goumai.ContractStatus{goumai.ContractSigned, goumai.ContractTerminated} {
		contracts = append(contracts, searchStage{string(st), st.Label().In(lang)})
	}
	for _, k := range goumai.OrgKinds {
		if k != goumai.KindIndividual && (goumai.Org{Kind: k, Class: goumai.ClassPublicII, Staffing: goumai.StaffingSelfFunded}).CanSupply() {
			suppliers = append(suppliers, searchStage{string(k), k.Label().In(lang)})
		}
	}
	return [][2]any{{tr(lang, "search.kind.project"), projects}, {tr(lang, "search.kind.notice"), notices},
		{tr(lang, "search.kind.contract"), contracts}, {tr(lang, "search.kind.supplier"), suppliers}}
}

// searchPage is the portal's search: the form, a page of hits, the next
// page's link and the downloads of the same search. A bad search shows the
// form again with its errors (422).
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	lang := infoOf(r).lang
	vals := searchValues(r)
	var kinds, methods []searchStage
	for _, k := range sqlstore.SearchKinds {
		kinds = append(kinds, searchStage{k, tr(lang, "search.kind."+k)})
	}
	for _, m := range goumai.ProcurementMethods {
		methods = append(methods, searchStage{string(m), m.Label().In(lang)})
	}
	data := map[string]any{"Form": vals, "Kinds": kinds, "Methods": methods, "Stages": searchStages(lang),
		"Max": sqlstore.SearchMaxQuery, "ExportMax": searchExportMax}
	q, err := searchQuery(r)
	if err == nil {
		var page sqlstore.SearchPage
		if page, err = s.store.Search(r.Context(), q); err == nil {
			data["Rows"] = s.searchRows(lang, page.Hits)
			data["Searched"] = true
			if page.Next != "" {
				next := searchValues(r)
				next.Set("after", page.Next)
				if q.Limit != sqlstore.SearchPageSize {
					next.Set("limit", strconv.Itoa(q.Limit))
				}
				data["Next"] = "/search?" + next.Encode()
			}
			data["CSV"] = "/search/export.csv?" + vals.Encode()
			data["XLSX"] = "/search/export.xlsx?" + vals.Encode()
		}
	}
	s.renderQuery(w, r, "search", data, err)
}

// renderQuery renders a query page: with its results, or with a bad query's
// field errors (422, the form shown again); any other error fails the request.
func (s *Server) renderQuery(w http.ResponseWriter, r *http.Request, name string, data map[string]any, err error) {
	status := http.StatusOK
	if err != nil {
		e := goumai.AsError(err)
		if e.Code != goumai.EInvalid {
			s.fail(w, r, err)
			return
		}
		data["Error"] = e
		status = statusOf(e.Code)
	}
	s.render(w, r, status, name, data)
}

// searchAll runs q through its pages, up to searchExportMax hits.
func (s *Server) searchAll(r *http.Request, q sqlstore.SearchQuery) ([]sqlstore.SearchHit, error) {
	var all []sqlstore.SearchHit
	q.Limit, q.After = sqlstore.SearchMaxPage, ""
	for len(all) < searchExportMax {
		page, err := s.store.Search(r.Context(), q)
		if err != nil {
			return nil, err
		}
		all = append(all, page.Hits...)
		if page.Next == "" {
			break
		}
		q.After = page.Next
	}
	if len(all) > searchExportMax {
		all = all[:searchExportMax]
	}
	return all, nil
}

// searchExport downloads every hit of the search (up to searchExportMax) as
// CSV (UTF-8 with a byte-order mark, for Excel) or as an Excel workbook.
func (s *Server) searchExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q, err := searchQuery(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		hits, err := s.searchAll(r, q)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		lang := infoOf(r).lang
		header := []string{tr(lang, "search.col.kind"), tr(lang, "search.col.title"), tr(lang, "search.col.code"), tr(lang, "search.col.region"),
			tr(lang, "search.col.stage"), tr(lang, "search.col.method"), tr(lang, "search.col.catalog"), tr(lang, "search.col.amount"),
			tr(lang, "search.col.date"), tr(lang, "search.col.link")}
		table := [][]string{header}
		base := strings.TrimSuffix(s.logPrefix(r), "/log")
		for _, row := range s.searchRows(lang, hits) {
			table = append(table, []string{row.KindLabel, row.Title, row.Code, row.RegionName, row.StageLabel, row.MethodLabel, row.CatalogCode,
				strings.ReplaceAll(row.AmountYuan, ",", ""), row.Date, base + row.URL})
		}
		s.writeTable(w, r, "search", format, table)
	}
}

// apiSearch is the search as JSON: a page of hits, each with its public
// page's path, and the cursor of the next page.
func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	q, err := searchQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.store.Search(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"hits": s.searchRows(infoOf(r).lang, page.Hits), "next": page.Next})
}
