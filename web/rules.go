package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
)

// The procurement rule parameters on the portal (/rules: the values in force
// in a region, for everyone) and in the staff area (/staff/rules: a finance
// administrator's sets, with forms to add, end and replace them).

func init() {
	funcs["punit"] = func(lang string, u rules.Unit) string { return unitLabel(u).In(lang) }
	funcs["setstatus"] = func(lang, status string) string { return setStatusLabel(status).In(lang) }
	funcs["catlabel"] = func(lang string, c rules.Category) string { return c.Label().In(lang) }
}

// unitLabel names a parameter's unit, as a form shows it beside the field.
func unitLabel(u rules.Unit) goumai.Msg {
	switch u {
	case rules.UnitFen:
		return goumai.M("元", "yuan")
	case rules.UnitDays:
		return goumai.M("日", "calendar days")
	case rules.UnitWorkingDays:
		return goumai.M("工作日", "working days")
	case rules.UnitMembers:
		return goumai.M("人", "members")
	case rules.UnitPerMille:
		return goumai.M("‰（千分之）", "‰ (per mille)")
	case rules.UnitPer10000Day:
		return goumai.M("‱/日（每日万分之）", "‱ a day (per 10,000 a day)")
	case rules.UnitCount:
		return goumai.M("个（次）", "count")
	}
	return goumai.M("%", "%")
}

// The states of a parameter set at a time, as the lists show them.
const (
	setInForce    = "in_force"   // the region's values for its category now
	setPlanned    = "planned"    // begins on a day to come
	setSuperseded = "superseded" // begun and not ended, but a newer set of the region took over
	setEnded      = "ended"
	setWithdrawn  = "withdrawn" // ended before it took effect
)

func setStatusLabel(status string) goumai.Msg {
	switch status {
	case setInForce:
		return goumai.M("现行有效", "In force")
	case setPlanned:
		return goumai.M("尚未生效", "Planned")
	case setSuperseded:
		return goumai.M("已被新参数取代", "Superseded")
	case setEnded:
		return goumai.M("已终止", "Ended")
	case setWithdrawn:
		return goumai.M("生效前已撤回", "Withdrawn before taking effect")
	}
	return goumai.M(status, status)
}

// setStatus is a set's state at now among the sets of its region (all).
func setStatus(set rules.ParamSet, all []rules.ParamSet, now time.Time) string {
	switch {
	case set.Withdrawn():
		return setWithdrawn
	case set.Ended(now):
		return setEnded
	case !set.Started(now):
		return setPlanned
	}
	if cur, ok := rules.InForce(all, []string{set.Jurisdiction}, set.Category, now); ok && cur.ID == set.ID {
		return setInForce
	}
	return setSuperseded
}

// paramSetView is a set as the API and the pages list it, with its state.
type paramSetView struct {
	rules.ParamSet
	Status string `json:"status"`
}

func setViews(sets []rules.ParamSet, now time.Time) []paramSetView {
	out := make([]paramSetView, len(sets))
	for i, set := range sets {
		out[i] = paramSetView{ParamSet: set, Status: setStatus(set, sets, now)}
	}
	return out
}

// paramColumn is one category's values in force, and where they come from.
type paramColumn struct {
	Category rules.Category
	Set      rules.ParamSet // ID 0: the national defaults
	From     string         // the full name of the jurisdiction they come from
}

// paramRow is one parameter with its value in each column.
type paramRow struct {
	Field  rules.ParamField
	Values []goumai.Msg
}

// paramGroup is a heading with its parameters (rows for tables, fields for forms).
type paramGroup struct {
	Group  rules.ParamGroup
	Rows   []paramRow
	Fields []rules.ParamField
}

// paramTable lays out the values of sets in columns under the headings.
func paramTable(cols []rules.Params) []paramGroup {
	var out []paramGroup
	for _, g := range rules.ParamGroups {
		pg := paramGroup{Group: g, Fields: rules.ParamFieldsOf(g.Key)}
		for _, f := range pg.Fields {
			row := paramRow{Field: f}
			for _, p := range cols {
				row.Values = append(row.Values, f.Display(p))
			}
			pg.Rows = append(pg.Rows, row)
		}
		out = append(out, pg)
	}
	return out
}

// rulesScope reads a public page's or list's ?region= (the national level
// when absent; an unknown code is invalid) and ?at= (a day, YYYY-MM-DD, its
// first instant in Shanghai, or an RFC 3339 time; now when absent).
func (s *Server) rulesScope(r *http.Request) (string, time.Time, error) {
	region, err := s.listRegion(r)
	if region == "" {
		region = goumai.NationalCode
	}
	if err != nil {
		return region, time.Time{}, err
	}
	v := strings.TrimSpace(r.URL.Query().Get("at"))
	if v == "" {
		return region, s.svc.Clock.Now(), nil
	}
	if t, err := time.ParseInLocation("2006-01-02", v, goumai.Shanghai); err == nil {
		return region, t, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return region, t, nil
	}
	return region, time.Time{}, goumai.Fields{"at": goumai.M("时间格式为 年-月-日 或 RFC 3339（如 2026-07-01T09:00:00+08:00）",
		"at is a day (YYYY-MM-DD) or an RFC 3339 time (e.g. 2026-07-01T09:00:00+08:00)")}.Err()
}

// queryCategory reads ?category=: def when absent; an unknown category is invalid.
func queryCategory(r *http.Request, def rules.Category) (rules.Category, error) {
	c := rules.Category(strings.TrimSpace(r.URL.Query().Get("category")))
	switch {
	case c == "":
		return def, nil
	case !c.Valid():
		return "", goumai.Fields{"category": goumai.M("采购品目类别须为 goods、works 或 services", "category must be goods, works or services")}.Err()
	}
	return c, nil
}

// inForceColumns returns each category's values in force in region at at.
func (s *Server) inForceColumns(ctx context.Context, region string, at time.Time) ([]paramColumn, error) {
	var cols []paramColumn
	for _, c := range rules.Categories {
		set, err := s.svc.ParamsInForce(ctx, region, c, at)
		if err != nil {
			return nil, err
		}
		cols = append(cols, paramColumn{Category: c, Set: set, From: s.store.Regions().FullName(set.Jurisdiction)})
	}
	return cols, nil
}

// rulesPortal shows the parameters in force in a region (national when none
// is asked), for each category, and the sets that may apply there.
func (s *Server) rulesPortal(w http.ResponseWriter, r *http.Request) {
	region, at, err := s.rulesScope(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.svc.Clock.Now()
	cols, err := s.inForceColumns(r.Context(), region, at)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var params []rules.Params
	for _, c := range cols {
		params = append(params, c.Set.Params)
	}
	sets, err := s.svc.ParamSets(r.Context(), region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "rules_portal", map[string]any{"Region": region, "RegionName": s.store.Regions().FullName(region),
		"At": at, "Columns": cols, "Table": paramTable(params), "Sets": setViews(sets, now), "Names": s.regionNames(sets)})
}

// regionNames names the regions of sets.
func (s *Server) regionNames(sets []rules.ParamSet) map[string]string {
	out := map[string]string{}
	for _, set := range sets {
		out[set.Jurisdiction] = s.store.Regions().FullName(set.Jurisdiction)
	}
	return out
}

// paramForm is one form of parameter values on the staff page: the fields
// under their headings, the values typed (or prefilled) and the errors.
type paramForm struct {
	Lang   string
	Prefix string // makes the inputs' ids unique on the page
	Values map[string]string
	Err    *goumai.Error
	Groups []paramGroup
}

// paramFormValues writes p's values as a form shows them (amounts in yuan).
func paramFormValues(p rules.Params) map[string]string {
	out := map[string]string{"effective_from": "", "source": ""} // a new set names its own notice
	for _, f := range rules.ParamFields {
		if f.Unit == rules.UnitFen {
			out[f.Name] = goumai.Fen(f.Value(p)).Yuan()
		} else {
			out[f.Name] = strconv.FormatInt(f.Value(p), 10)
		}
	}
	if p.Illustrative {
		out["illustrative"] = "1"
	}
	return out
}

// postedParams reads a form's parameter values; problems of the form itself
// (a malformed number or day) go to bad.
func postedParams(raw map[string]string, bad goumai.Fields) rules.Params {
	p := rules.Params{Jurisdiction: strings.TrimSpace(raw["jurisdiction"]), Category: rules.Category(raw["category"]),
		Source: raw["source"], Illustrative: raw["illustrative"] == "1"}
	p.EffectiveFrom = postedDay(bad, "effective_from", raw["effective_from"])
	for _, f := range rules.ParamFields {
		v := strings.TrimSpace(raw[f.Name])
		switch {
		case v == "":
			bad.Add(f.Name, "请填写", "required")
		case f.Unit == rules.UnitFen:
			amt, m := goumai.ParseYuan(v)
			if m != nil {
				bad[f.Name] = *m
			}
			f.Set(&p, int64(amt))
		default:
			n, err := strconv.Atoi(v)
			if err != nil || n < -1000 || n > 100_000 {
				bad.Add(f.Name, "须为整数", "must be a whole number")
			}
			f.Set(&p, int64(n))
		}
	}
	return p
}

// staffRulesData is the staff page: the sets of region's path (region within
// the administrator's subtree) with which they may change, and the add form
// prefilled with the values in force there for category.
func (s *Server) staffRulesData(r *http.Request, a goumai.Actor) (map[string]any, error) {
	region, err := s.scopedRegion(r, a.Org.Region)
	if err != nil {
		return nil, err
	}
	c, err := queryCategory(r, rules.Services)
	if err != nil {
		return nil, err
	}
	now := s.svc.Clock.Now()
	sets, err := s.svc.ParamSets(r.Context(), region)
	if err != nil {
		return nil, err
	}
	current, err := s.svc.ParamsInForce(r.Context(), region, c, now)
	if err != nil {
		return nil, err
	}
	lang := infoOf(r).lang
	groups := paramTable(nil)
	add := paramFormValues(current.Params)
	add["jurisdiction"], add["category"], add["illustrative"] = region, string(c), ""
	replace := map[int64]paramForm{}
	changeable := map[int64]bool{}
	for _, set := range sets {
		if changeable[set.ID] = s.svc.ParamSetChangeable(a, set, now); changeable[set.ID] {
			replace[set.ID] = paramForm{Lang: lang, Prefix: "rep" + strconv.FormatInt(set.ID, 10) + "_", Values: paramFormValues(set.Params), Groups: groups}
		}
	}
	return map[string]any{"Region": region, "RegionName": s.store.Regions().FullName(region), "Category": c, "Categories": rules.Categories,
		"Sets": setViews(sets, now), "Names": s.regionNames(sets), "Changeable": changeable, "Replace": replace,
		"Add": paramForm{Lang: lang, Prefix: "add_", Values: add, Groups: groups}, "Current": current,
		"CurrentFrom": s.store.Regions().FullName(current.Jurisdiction)}, nil
}

// staffRules is the finance administrators' page of parameter sets.
func (s *Server) staffRules(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.staffRulesData(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "rules_staff", d)
}

// staffRulesAdd adds a set from the page's form.
func (s *Server) staffRulesAdd(w http.ResponseWriter, r *http.Request) {
	s.staffRulesChange(w, r, "add", func(a goumai.Actor, raw map[string]string, bad goumai.Fields) (string, error) {
		p := postedParams(raw, bad)
		if len(bad) > 0 {
			return "", nil
		}
		set, err := s.svc.SetParams(r.Context(), a, p)
		return set.Jurisdiction, err
	})
}

// staffRulesEnd ends (or withdraws) a set at the posted day.
func (s *Server) staffRulesEnd(w http.ResponseWriter, r *http.Request) {
	s.staffRulesChange(w, r, "end", func(a goumai.Actor, raw map[string]string, bad goumai.Fields) (string, error) {
		to := postedDay(bad, "effective_to", raw["effective_to"])
		if len(bad) > 0 {
			return "", nil
		}
		set, err := s.svc.EndParamSet(r.Context(), a, pathID(r), to)
		return set.Jurisdiction, err
	})
}

// staffRulesReplace replaces a set by the posted one from its first day.
func (s *Server) staffRulesReplace(w http.ResponseWriter, r *http.Request) {
	s.staffRulesChange(w, r, "replace", func(a goumai.Actor, raw map[string]string, bad goumai.Fields) (string, error) {
		p := postedParams(raw, bad)
		if len(bad) > 0 {
			return "", nil
		}
		_, added, err := s.svc.ReplaceParamSet(r.Context(), a, pathID(r), p)
		return added.Jurisdiction, err
	})
}

// staffRulesChange runs one change from the page's forms (kind names the
// form) and redirects to the region's page, or re-renders the page with the
// form's values and errors when the input is refused.
func (s *Server) staffRulesChange(w http.ResponseWriter, r *http.Request, kind string, do func(goumai.Actor, map[string]string, goumai.Fields) (string, error)) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	raw := map[string]string{}
	for k, v := range r.PostForm {
		raw[k] = v[0]
	}
	bad := goumai.Fields{}
	region, err := do(a, raw, bad)
	if err = mergeFields(err, bad); err == nil {
		http.Redirect(w, r, "/staff/rules?region="+region+"&done=rules_"+kind, http.StatusSeeOther)
		return
	}
	if c := goumai.ErrorCode(err); c != goumai.EInvalid && c != goumai.EConflict && c != goumai.EStale {
		s.fail(w, r, err)
		return
	}
	d, derr := s.staffRulesData(r, a)
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	e := goumai.AsError(err)
	switch kind {
	case "add":
		f := d["Add"].(paramForm)
		f.Values, f.Err = raw, e
		d["Add"] = f
	case "replace":
		forms := d["Replace"].(map[int64]paramForm)
		f := forms[pathID(r)]
		f.Values, f.Err = raw, e
		forms[pathID(r)] = f
	}
	d["EditID"], d["EditKind"], d["EditForm"], d["EditError"] = pathID(r), kind, raw, e
	s.formError(w, r, "rules_staff", d, err)
}
