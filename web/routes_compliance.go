package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
)

// complianceRoutes registers the supervision of lower levels (issue 13
// item 4): the ranking of the regions directly below a finance department
// by their compliance indicators, for its finance staff and auditors (and
// those of the regions above): the page with a table and a bar chart, its
// downloads (CSV, Excel) and the JSON API.
func (s *Server) complianceRoutes(rt *router) {
	view := goumai.ActViewWorkReport
	rt.read("/api/v1/regions/{code}/compliance", view, s.apiCompliance)
	rt.page("/staff/compliance", view, s.compliancePage)
	for _, format := range exportFormats {
		rt.page("/staff/compliance/export."+format, view, s.complianceExport(format))
	}
}

// complianceRegion is the page's region: ?region=, or the actor's own.
func complianceRegion(r *http.Request) string {
	if region := strings.TrimSpace(r.URL.Query().Get("region")); region != "" {
		return region
	}
	return actorOf(r).Org.Region
}

// complianceRanking reads the region and the period and ranks the regions below.
func (s *Server) complianceRanking(r *http.Request, region string) (goumai.StatPeriod, []goumai.Compliance, error) {
	q := r.URL.Query()
	// Who may not read the region learns that before a bad period.
	if err := s.svc.Policy.Can(actorOf(r), goumai.ActViewWorkReport, goumai.Target{Region: region}); err != nil {
		return goumai.StatPeriod{}, nil, err
	}
	p, err := goumai.ParseStatPeriod(strings.TrimSpace(q.Get("from")), strings.TrimSpace(q.Get("to")), s.clock.Now())
	if err != nil {
		return p, nil, err
	}
	rank, err := s.svc.ComplianceRanking(r.Context(), actorOf(r), region, p)
	return p, rank, err
}

func (s *Server) apiCompliance(w http.ResponseWriter, r *http.Request) {
	p, rank, err := s.complianceRanking(r, r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"region": r.PathValue("code"), "period": p, "ranking": nonNil(rank)})
}

// complianceHeader is the ranking table's header.
func complianceHeader(lang string) []string {
	var h []string
	for _, k := range []string{"cp.rank", "cp.region", "cp.catalogue", "cp.disclosure", "cp.budget", "cp.evaluation", "cp.method", "cp.redflags", "cp.score"} {
		h = append(h, tr(lang, k))
	}
	return h
}

// complianceRows are the ranking's rows as shown and downloaded (a per cent,
// or "—" for an indicator with nothing to count in the period).
func complianceRows(rank []goumai.Compliance) [][]string {
	out := make([][]string, len(rank))
	for i, c := range rank {
		if !c.Scored() { // nothing to count: no rank, no score
			row := []string{"—", c.Name}
			for range goumai.ComplianceIndicators {
				row = append(row, "—")
			}
			out[i] = append(row, "—")
			continue
		}
		row := []string{strconv.Itoa(i + 1), c.Name}
		for _, ind := range goumai.ComplianceIndicators {
			if v, ok := c.Value(ind); ok {
				row = append(row, strconv.FormatInt(v, 10)+"%")
			} else {
				row = append(row, "—")
			}
		}
		out[i] = append(row, strconv.FormatInt(c.Score, 10))
	}
	return out
}

// complianceChart draws the scores as a bar chart (0 to 100) with its title
// and description; the table under it carries the same figures.
func complianceChart(rank []goumai.Compliance, p goumai.StatPeriod, lang string) template.HTML {
	if len(rank) == 0 {
		return ""
	}
	const labelW, barW, rowH, top = 220, 360, 24, 8
	width, height := labelW+barW+60, top+rowH*len(rank)+8
	esc := template.HTMLEscapeString
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="cp-chart" role="img" aria-labelledby="cp-chart-title cp-chart-desc" width="%d" height="%d" viewBox="0 0 %d %d">`,
		width, height, width, height)
	fmt.Fprintf(&b, `<title id="cp-chart-title">%s</title><desc id="cp-chart-desc">%s</desc>`, esc(tr(lang, "cp.chart")),
		esc(fmt.Sprintf(tr(lang, "cp.chart.desc"), p.From, p.To)))
	for i, c := range rank {
		y := top + i*rowH
		w := int(c.Score * barW / 100)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end">%s</text>`, labelW-8, y+14, esc(c.Name))
		score := strconv.FormatInt(c.Score, 10)
		if !c.Scored() {
			score = "—"
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="16" class="bar-now"/><text x="%d" y="%d" font-size="11">%s</text>`,
			labelW, y+2, w, labelW+w+4, y+14, score)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text is escaped above
}

// compliancePage is the ranking page; a bad period shows its errors (422).
func (s *Server) compliancePage(w http.ResponseWriter, r *http.Request) {
	lang := infoOf(r).lang
	region := complianceRegion(r)
	p, rank, err := s.complianceRanking(r, region)
	data := map[string]any{"Form": r.URL.Query(), "RegionName": s.store.Regions().FullName(region)}
	if err == nil {
		links := exportLinks("/staff/compliance", r.URL.Query())
		data["Period"], data["Header"], data["Rows"] = p, complianceHeader(lang), complianceRows(rank)
		data["Chart"], data["CSV"], data["XLSX"] = complianceChart(rank, p, lang), links["CSV"], links["XLSX"]
		data["CanPublish"] = s.svc.Policy.Can(actorOf(r), goumai.ActPublishCompliance, goumai.Target{Region: region}) == nil
		if data["Published"], err = s.svc.PublishedComplianceRankings(r.Context(), region); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.renderQuery(w, r, "compliance", data, err)
}

// complianceExport downloads the ranking's table.
func (s *Server) complianceExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		region := complianceRegion(r)
		p, rank, err := s.complianceRanking(r, region)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		table := append([][]string{complianceHeader(infoOf(r).lang)}, complianceRows(rank)...)
		s.writeTable(w, r, "compliance-"+region+"-"+p.From+"-"+p.To, format, table)
	}
}

// complianceRankingURL is a published ranking's public page.
func complianceRankingURL(id int64) string { return "/compliance/" + strconv.FormatInt(id, 10) }

// publishedComplianceRoutes registers publishing a ranking (a finance
// approver of the region) and the published rankings' public page and API.
func (s *Server) publishedComplianceRoutes(rt *router) {
	rt.api("POST", "/api/v1/regions/{code}/compliance", goumai.ActPublishCompliance,
		action(http.StatusCreated, "ranking", func(c call[goumai.StatPeriod]) (goumai.PublishedRanking, error) {
			return s.svc.PublishComplianceRanking(c.ctx(), c.a, c.r.PathValue("code"), c.in)
		}))
	rt.read("/api/v1/compliance/{id}", Public, s.apiPublishedRanking)
	rt.page("/compliance/{id}", Public, s.publishedRankingPage)
	rt.form("/staff/compliance", goumai.ActPublishCompliance, s.compliancePublish)
}

func (s *Server) apiPublishedRanking(w http.ResponseWriter, r *http.Request) {
	p, err := s.svc.PublishedComplianceRanking(r.Context(), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ranking": p})
}

// publishedRankingPage is a published ranking, frozen as published.
func (s *Server) publishedRankingPage(w http.ResponseWriter, r *http.Request) {
	lang := infoOf(r).lang
	p, err := s.svc.PublishedComplianceRanking(r.Context(), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "compliance_published", map[string]any{"P": p, "RegionName": s.store.Regions().FullName(p.Region),
		"Header": complianceHeader(lang), "Rows": complianceRows(p.Ranking), "Chart": complianceChart(p.Ranking, p.Period, lang)})
}

// compliancePublish publishes the page's ranking (the actor's own region).
func (s *Server) compliancePublish(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	p, err := s.svc.PublishComplianceRanking(r.Context(), a, a.Org.Region,
		goumai.StatPeriod{From: strings.TrimSpace(r.PostFormValue("from")), To: strings.TrimSpace(r.PostFormValue("to"))})
	if err != nil {
		if e := goumai.AsError(err); e.Code == goumai.EInvalid {
			s.render(w, r, statusOf(e.Code), "compliance", map[string]any{"Form": r.PostForm, "RegionName": s.store.Regions().FullName(a.Org.Region), "Error": e})
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, complianceRankingURL(p.ID)+"?done=cp_published", http.StatusSeeOther)
}
