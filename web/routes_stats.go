package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// Statistics for every region subtree (issue 13, item 1): the public page
// (public figures of any region), the staff page (a finance department's
// subtree, every figure), their downloads (each table as CSV and Excel) and
// the JSON API. Figures are counts and amounts in 万元 (REQ-C10), each with
// the previous period of the same length; every chart is drawn here as SVG
// with a title, a description and the table it draws.
func (s *Server) statsRoutes(rt *router) {
	rt.page("/stats", Public, s.statsPage(false))
	rt.page("/staff/stats", goumai.ActViewStats, s.statsPage(true))
	for _, format := range exportFormats {
		rt.page("/stats/export."+format, Public, s.statsExport(false, format))
		rt.page("/staff/stats/export."+format, goumai.ActViewStats, s.statsExport(true, format))
	}
	rt.read("/api/v1/stats", Public, s.apiStats)
}

// statsParams are a statistics request's query parameters.
var statsParams = []string{"region", "from", "to", "grain"}

func statsRequest(r *http.Request, private bool) workflow.StatsRequest {
	q := r.URL.Query()
	return workflow.StatsRequest{Region: strings.TrimSpace(q.Get("region")), From: strings.TrimSpace(q.Get("from")),
		To: strings.TrimSpace(q.Get("to")), Grain: strings.TrimSpace(q.Get("grain")), Private: private}
}

// statsLink is the page (or download) at path for other parameters.
func statsLink(path string, set map[string]string, base url.Values) string {
	v := url.Values{}
	for _, p := range statsParams {
		if x := base.Get(p); x != "" {
			v.Set(p, x)
		}
	}
	for k, x := range set {
		if x == "" {
			v.Del(k)
		} else {
			v.Set(k, x)
		}
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// wanText is an amount in 万元 with two decimals and thousands separators (REQ-C9, C10).
func wanText(v goumai.Fen) string {
	s := v.Wan()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String() + "." + frac
	if neg {
		out = "-" + out
	}
	return out
}

// changeText is the change from before to now, in percent ("—" without a base).
func changeText(before, now int64) string {
	if before == 0 {
		if now == 0 {
			return "0%"
		}
		return "—"
	}
	pct := float64(now-before) * 100 / float64(before)
	return fmt.Sprintf("%+.1f%%", pct)
}

// statsTableView is a dimension's table as shown and downloaded.
type statsTableView struct {
	Dim    string
	Title  string
	Header []string
	Rows   [][]string
	Chart  template.HTML
	CSV    string
	XLSX   string
}

// statsChildView is a line of the drill-down.
type statsChildView struct {
	Name, Link                          string
	Own                                 bool
	Projects, ProjectsWan, Contracts    string
	ContractsWan, Payments, PaymentsWan string
}

func (s *Server) statsTables(rep goumai.StatReport, lang, path string, base url.Values) []statsTableView {
	var out []statsTableView
	header := []string{tr(lang, "stats.col.key"), tr(lang, "stats.col.n"), tr(lang, "stats.col.n_prev"), tr(lang, "stats.col.n_change"),
		tr(lang, "stats.col.wan"), tr(lang, "stats.col.wan_prev"), tr(lang, "stats.col.wan_change")}
	for _, t := range rep.Tables {
		v := statsTableView{Dim: string(t.Dim), Title: t.Dim.Label().In(lang), Header: header,
			CSV:  statsLink(path+"/export.csv", map[string]string{"table": string(t.Dim)}, base),
			XLSX: statsLink(path+"/export.xlsx", map[string]string{"table": string(t.Dim)}, base)}
		for _, r := range t.Rows {
			v.Rows = append(v.Rows, []string{r.Label.In(lang), strconv.FormatInt(r.Now.N, 10), strconv.FormatInt(r.Previous.N, 10),
				changeText(r.Previous.N, r.Now.N), wanText(r.Now.Amount), wanText(r.Previous.Amount), changeText(int64(r.Previous.Amount), int64(r.Now.Amount))})
		}
		v.Chart = statsChart(t, rep, lang)
		out = append(out, v)
	}
	return out
}

func (s *Server) statsChildren(rep goumai.StatReport, path string, base url.Values) []statsChildView {
	var out []statsChildView
	for _, c := range rep.Children {
		v := statsChildView{Name: c.Name, Own: c.Own, Projects: strconv.FormatInt(c.Projects.N, 10), ProjectsWan: wanText(c.Projects.Amount),
			Contracts: strconv.FormatInt(c.Contracts.N, 10), ContractsWan: wanText(c.Contracts.Amount),
			Payments: strconv.FormatInt(c.Payments.N, 10), PaymentsWan: wanText(c.Payments.Amount)}
		switch {
		case c.Own:
			v.Name = "" // the template names the own level
		case rep.Grain == goumai.GrainPurchaser:
			// The purchaser's approved projects: each links to its page.
			v.Link = "/projects?" + url.Values{"purchaser": {c.Code}, "region": {rep.Region.Code}, "status": {string(goumai.ProjectApproved)}}.Encode()
		default:
			set := map[string]string{"region": c.Code, "grain": ""}
			if len(s.store.Regions().Children(c.Code)) == 0 {
				set["grain"] = string(goumai.GrainPurchaser)
			}
			v.Link = statsLink(path, set, base)
		}
		out = append(out, v)
	}
	return out
}

// childrenExport is the drill-down as a table.
func (s *Server) childrenExport(rep goumai.StatReport, lang string) [][]string {
	table := [][]string{{tr(lang, "stats.col.name"), tr(lang, "stats.col.projects"), tr(lang, "stats.col.projects_wan"),
		tr(lang, "stats.col.contracts"), tr(lang, "stats.col.contracts_wan")}}
	if !rep.Public {
		table[0] = append(table[0], tr(lang, "stats.col.payments"), tr(lang, "stats.col.payments_wan"))
	}
	for _, c := range s.statsChildren(rep, "", nil) {
		name := c.Name
		if c.Own {
			name = tr(lang, "stats.own_level")
		}
		row := []string{name, c.Projects, exportNum(c.ProjectsWan), c.Contracts, exportNum(c.ContractsWan)}
		if !rep.Public {
			row = append(row, c.Payments, exportNum(c.PaymentsWan))
		}
		table = append(table, row)
	}
	return table
}

// exportNum is a shown number without its separators, so a spreadsheet reads it as a number.
func exportNum(s string) string { return strings.ReplaceAll(s, ",", "") }

// statsPage is the statistics page: the period form, the drill-down and one
// table with its chart per dimension. A bad request shows the form again
// with its errors (422), nothing computed.
func (s *Server) statsPage(private bool) http.HandlerFunc {
	path := "/stats"
	if private {
		path = "/staff/stats"
	}
	return func(w http.ResponseWriter, r *http.Request) {
		lang := infoOf(r).lang
		base := r.URL.Query()
		data := map[string]any{"Form": base, "Path": path, "Private": private, "Max": goumai.MaxStatMonths}
		rep, err := s.svc.Stats(r.Context(), actorOf(r), statsRequest(r, private))
		if err == nil {
			data["Report"] = rep
			data["RegionName"] = s.store.Regions().FullName(rep.Region.Code)
			if rep.Region.Code == goumai.NationalCode {
				data["RegionName"] = rep.Region.Name
			}
			var crumbs []map[string]string
			for _, g := range s.store.Regions().Path(rep.Region.Code) {
				crumbs = append(crumbs, map[string]string{"Name": g.Name, "Link": statsLink(path, map[string]string{"region": g.Code, "grain": ""}, base)})
			}
			data["Crumbs"] = crumbs
			data["Tables"] = s.statsTables(rep, lang, path, base)
			data["Children"] = s.statsChildren(rep, path, base)
			data["ChildrenCSV"] = statsLink(path+"/export.csv", map[string]string{"table": "children"}, base)
			data["ChildrenXLSX"] = statsLink(path+"/export.xlsx", map[string]string{"table": "children"}, base)
		}
		s.renderQuery(w, r, "stats", data, err)
	}
}

// statsExport downloads one table of the page (?table=a dimension, or children).
func (s *Server) statsExport(private bool, format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		lang := infoOf(r).lang
		rep, err := s.svc.Stats(r.Context(), actorOf(r), statsRequest(r, private))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		want := r.URL.Query().Get("table")
		name := "stats-" + rep.Region.Code + "-" + rep.Period.From + "-" + rep.Period.To
		if want == "children" {
			s.writeTable(w, r, name+"-"+string(rep.Grain), format, s.childrenExport(rep, lang))
			return
		}
		for _, t := range s.statsTables(rep, lang, "", nil) {
			if t.Dim == want {
				table := [][]string{t.Header}
				for _, row := range t.Rows {
					row = append([]string(nil), row...)
					row[4], row[5] = exportNum(row[4]), exportNum(row[5])
					table = append(table, row)
				}
				s.writeTable(w, r, name+"-"+want, format, table)
				return
			}
		}
		s.fail(w, r, goumai.Fields{"table": goumai.M("没有这个统计表", "no such statistics table")}.Err())
	}
}

// apiStats is the statistics as JSON: the private figures too when the
// actor reads the region's statistics (public_only says which).
func (s *Server) apiStats(w http.ResponseWriter, r *http.Request) {
	rep, err := s.svc.Stats(r.Context(), actorOf(r), statsRequest(r, false))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

// statsChart draws a dimension's table as a bar chart: for each key, the
// period's amount (or count, for a table without amounts) and the previous
// period's, scaled to the largest. The chart is an image with its title and
// description; the table under it carries the same figures.
func statsChart(t goumai.StatTable, rep goumai.StatReport, lang string) template.HTML {
	if len(t.Rows) == 0 {
		return ""
	}
	byAmount := false
	for _, r := range t.Rows {
		if r.Now.Amount != 0 || r.Previous.Amount != 0 {
			byAmount = true
		}
	}
	value := func(f goumai.StatFigure) int64 {
		if byAmount {
			return int64(f.Amount)
		}
		return f.N
	}
	text := func(f goumai.StatFigure) string {
		if byAmount {
			return wanText(f.Amount)
		}
		return strconv.FormatInt(f.N, 10)
	}
	var max int64 = 1
	for _, r := range t.Rows {
		for _, v := range []int64{value(r.Now), value(r.Previous)} {
			if v > max {
				max = v
			}
			if -v > max {
				max = -v
			}
		}
	}
	const labelW, barW, rowH, top = 220, 360, 34, 28
	width, height := labelW+barW+140, top+rowH*len(t.Rows)+8
	id := "chart-" + string(t.Dim)
	unit := tr(lang, "stats.unit.n")
	if byAmount {
		unit = tr(lang, "stats.unit.wan")
	}
	title := fmt.Sprintf("%s（%s）", t.Dim.Label().In(lang), unit)
	if lang == "en" {
		title = fmt.Sprintf("%s (%s)", t.Dim.Label().In(lang), unit)
	}
	desc := fmt.Sprintf(tr(lang, "stats.chart.desc"), rep.Period.From, rep.Period.To, rep.Previous.From, rep.Previous.To)
	esc := template.HTMLEscapeString
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="%s" role="img" aria-labelledby="%s-title %s-desc" width="%d" height="%d" viewBox="0 0 %d %d">`,
		id, id, id, width, height, width, height)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, esc(title), id, esc(desc))
	fmt.Fprintf(&b, `<rect x="%d" y="4" width="12" height="10" class="bar-now"/><text x="%d" y="14" font-size="12">%s</text>`, labelW, labelW+16, esc(tr(lang, "stats.legend.now")))
	fmt.Fprintf(&b, `<rect x="%d" y="4" width="12" height="10" class="bar-prev"/><text x="%d" y="14" font-size="12">%s</text>`, labelW+140, labelW+156, esc(tr(lang, "stats.legend.prev")))
	for i, r := range t.Rows {
		y := top + i*rowH
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end">%s</text>`, labelW-8, y+16, esc(r.Label.In(lang)))
		for j, f := range []goumai.StatFigure{r.Now, r.Previous} {
			v := value(f)
			if v < 0 {
				v = -v
			}
			w := int(v * barW / max)
			class := "bar-now"
			if j == 1 {
				class = "bar-prev"
			}
			by := y + 2 + j*14
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="12" class="%s"/><text x="%d" y="%d" font-size="11">%s</text>`,
				labelW, by, w, class, labelW+w+4, by+10, esc(text(f)))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text is escaped above
}
