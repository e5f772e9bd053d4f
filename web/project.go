package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/workflow"
)

// Project pages and API: application (项目申报) and review (项目评审) for staff,
// the published projects and the purchase intentions (采购意向) for everyone.

func init() {
	if _, ok := funcs["yuan"]; !ok {
		funcs["yuan"] = func(v goumai.Fen) string { return v.Yuan() }
	}
	funcs["wan"] = func(v goumai.Fen) string { return v.Wan() }
	funcs["pstatus"] = func(lang string, s goumai.ProjectStatus) string { return s.Label().In(lang) }
	funcs["paction"] = func(lang string, a goumai.ProjectAction) string { return a.Label().In(lang) }
	funcs["pmethod"] = func(lang string, m goumai.ProcurementMethod) string { return m.Label().In(lang) }
	// Labels of enumerations whose keys are built from values.
	funcs["pcat"] = func(lang, c string) string { return tr(lang, "project.cat."+c) }
	funcs["pcheck"] = func(lang, k string) string { return tr(lang, "project.check."+k) }
	funcs["pwhere"] = func(lang, w string) string { return tr(lang, "review.where."+w) }
	funcs["fval"] = func(f any, key string) string { // f is a form's values or nil
		m, _ := f.(map[string]string)
		return m[key]
	}
	funcs["seq"] = func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	funcs["fkey"] = func(prefix string, i int) string { return prefix + strconv.Itoa(i) }
	funcs["ymd"] = func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(goumai.Shanghai).Format("2006-01-02")
	}
}

// targetRows is how many performance-indicator rows the form offers.
const targetRows = 5

// longTermKeys are the form names of the ENG-H1 long-term grounds.
var longTermKeys = []string{"lt_budget_assured", "lt_stable_content", "lt_continuous", "lt_stable_funding", "lt_low_price_volatility"}

// projectForm reads an application form into the use case's input, collecting
// the problems of values that do not even parse (amounts, numbers, dates) as
// field errors. raw keeps what was typed, to re-fill the form.
func projectForm(r *http.Request) (workflow.ProjectInput, map[string]string, goumai.Fields) {
	_ = r.ParseForm()
	raw := map[string]string{}
	for k, v := range r.PostForm {
		if len(v) > 0 {
			raw[k] = v[0]
		}
	}
	bad := goumai.Fields{}
	get := func(k string) string { return strings.TrimSpace(raw[k]) }
	in := workflow.ProjectInput{Title: get("title"), CatalogCode: get("catalog_code"), FilingRef: get("filing_ref"),
		Class: goumai.ServiceClass(get("class")), Content: get("content"), QuantityUnit: get("quantity_unit"),
		QualityStandards: get("quality_standards"), ExAnte: get("ex_ante"), SupplierConditions: get("supplier_conditions"),
		EvaluationStandards: get("evaluation_standards"), Method: goumai.ProcurementMethod(get("method")),
		Beneficiaries: get("beneficiaries"), ExpectedStart: get("expected_start")}
	intField := func(k string, dst *int64) {
		if v := get(k); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				bad.Add(k, "请填写整数", "enter a whole number")
				return
			}
			*dst = n
		}
	}
	intField("budget_line_id", &in.BudgetLineID)
	intField("quantity", &in.Quantity)
	var term int64
	intField("term_months", &term)
	if term > 1000 || term < -1000 {
		term = 1000 // out of range either way; the rules say so
	}
	in.TermMonths = int(term)
	if v := get("amount"); v != "" {
		amt, m := goumai.ParseYuan(v)
		if m != nil {
			bad["amount"] = *m
		}
		in.Amount = amt
	}
	for i := 0; i < targetRows; i++ {
		n := strconv.Itoa(i)
		t := goumai.PerformanceTarget{Category: get("target_category_" + n), Indicator: get("target_indicator_" + n),
			Target: get("target_target_" + n), Unit: get("target_unit_" + n)}
		if w := get("target_weight_" + n); w != "" {
			x, err := strconv.Atoi(w)
			if err != nil {
				bad.Add("targets", "指标权重须为整数", "an indicator's weight must be a whole number")
			}
			t.Weight = x
		}
		if t.Indicator != "" || t.Target != "" || t.Unit != "" || t.Weight != 0 {
			in.Targets = append(in.Targets, t)
		}
	}
	var g goumai.LongTermGrounds
	for i, p := range []*bool{&g.BudgetAssured, &g.StableContent, &g.Continuous, &g.StableFunding, &g.LowPriceVolatility} {
		*p = raw[longTermKeys[i]] == "1"
	}
	if g != (goumai.LongTermGrounds{}) {
		in.LongTerm = &g
	}
	var c goumai.Consultation
	date := func(k string) time.Time {
		v := get(k)
		if v == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation("2006-01-02", v, goumai.Shanghai)
		if err != nil {
			bad.Add("consultation", "日期格式为 年-月-日", "dates are year-month-day")
		}
		return t
	}
	c.From, c.To = date("cons_from"), date("cons_to")
	if !c.To.IsZero() {
		c.To = c.To.Add(24*time.Hour - time.Second) // the whole last day
	}
	c.Method, c.Summary = get("cons_method"), get("cons_summary")
	if v := get("cons_count"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			bad.Add("consultation", "意见条数须为整数", "the number of opinions must be a whole number")
		}
		c.Count = n
	}
	if c != (goumai.Consultation{}) {
		in.Consultation = &c
	}
	in.NegativeAnswers = goumai.NegativeAnswers{}
	for _, q := range rules.NegativeQuestions {
		switch get(negativeName(q.Flag)) {
		case "yes":
			in.NegativeAnswers[q.Flag] = true
		case "no":
			in.NegativeAnswers[q.Flag] = false
		case "":
		default:
			bad.Add(rules.NegativeField(q.Flag), "请选择“是”或“否”", "choose yes or no")
		}
	}
	return in, raw, bad
}

// negativeName is the form name of a negative-list question's radio buttons.
func negativeName(f goumai.NegativeFlag) string { return "neg_" + string(f) }

// negativeQuestion is a negative-list question as the form and the review page
// show it: the question, its source, the form name, the error key and the answer.
type negativeQuestion struct {
	rules.NegativeQuestion
	Name, Field, Answer string // Answer: "yes", "no" or "" (unanswered)
}

// negativeQuestions lists the questions with a project's answers.
func negativeQuestions(a goumai.NegativeAnswers) []negativeQuestion {
	out := make([]negativeQuestion, len(rules.NegativeQuestions))
	for i, q := range rules.NegativeQuestions {
		out[i] = negativeQuestion{NegativeQuestion: q, Name: negativeName(q.Flag), Field: rules.NegativeField(q.Flag), Answer: yesNo(a, q.Flag)}
	}
	return out
}

// yesNo is an answer as the form writes it.
func yesNo(a goumai.NegativeAnswers, f goumai.NegativeFlag) string {
	yes, ok := a[f]
	switch {
	case !ok:
		return ""
	case yes:
		return "yes"
	}
	return "no"
}

// formValues fills a form's raw values from a saved project.
func formValues(p goumai.Project) map[string]string {
	f := map[string]string{"title": p.Title, "catalog_code": p.CatalogCode, "filing_ref": p.FilingRef, "class": string(p.Class),
		"content": p.Content, "quantity_unit": p.QuantityUnit, "quality_standards": p.QualityStandards, "ex_ante": p.ExAnte,
		"supplier_conditions": p.SupplierConditions, "evaluation_standards": p.EvaluationStandards, "method": string(p.Method),
		"beneficiaries": p.Beneficiaries, "expected_start": p.ExpectedStart}
	if p.BudgetLineID != 0 {
		f["budget_line_id"] = strconv.FormatInt(p.BudgetLineID, 10)
	}
	if p.Amount != 0 {
		f["amount"] = strings.ReplaceAll(p.Amount.Yuan(), ",", "")
	}
	if p.Quantity != 0 {
		f["quantity"] = strconv.FormatInt(p.Quantity, 10)
	}
	if p.TermMonths != 0 {
		f["term_months"] = strconv.Itoa(p.TermMonths)
	}
	for i, t := range p.Targets {
		n := strconv.Itoa(i)
		f["target_category_"+n], f["target_indicator_"+n], f["target_target_"+n], f["target_unit_"+n] = t.Category, t.Indicator, t.Target, t.Unit
		if t.Weight != 0 {
			f["target_weight_"+n] = strconv.Itoa(t.Weight)
		}
	}
	if g := p.LongTerm; g != nil {
		for i, v := range []bool{g.BudgetAssured, g.StableContent, g.Continuous, g.StableFunding, g.LowPriceVolatility} {
			if v {
				f[longTermKeys[i]] = "1"
			}
		}
	}
	for flag := range p.NegativeAnswers {
		f[negativeName(flag)] = yesNo(p.NegativeAnswers, flag)
	}
	if c := p.Consultation; c != nil {
		if !c.From.IsZero() {
			f["cons_from"] = c.From.In(goumai.Shanghai).Format("2006-01-02")
		}
		if !c.To.IsZero() {
			f["cons_to"] = c.To.In(goumai.Shanghai).Format("2006-01-02")
		}
		f["cons_method"], f["cons_summary"] = c.Method, c.Summary
		if c.Count != 0 {
			f["cons_count"] = strconv.Itoa(c.Count)
		}
	}
	return f
}

// mergeFields adds parse problems to a use case's error (parse problems win).
func mergeFields(err error, bad goumai.Fields) error {
	if len(bad) == 0 {
		return err
	}
	e := goumai.AsError(bad.Err())
	if err != nil {
		if x := goumai.AsError(err); x.Code == goumai.EInvalid {
			for k, v := range x.Fields {
				if _, ok := e.Fields[k]; !ok {
					e.Fields[k] = v
				}
			}
			e.Rule = x.Rule
		}
	}
	return e
}

// publicView strips what only staff may see from a project: who created it, the
// review chain and the 两头占 findings, unless the actor may read applications.
func (s *Server) publicView(a goumai.Actor, p goumai.Project) goumai.Project {
	if s.svc.Policy.Can(a, goumai.ActViewProject, goumai.Target{OrgID: p.PurchaserOrgID, Region: p.Region}) == nil {
		return p
	}
	p.CreatedBy, p.Chain, p.DoubleFunded, p.Version, p.Step = 0, nil, nil, 0, 0
	return p
}

// projectLink is a project's staff page.
func projectLink(id int64) string { return "/staff/projects/" + strconv.FormatInt(id, 10) }
