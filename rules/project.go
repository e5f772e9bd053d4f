package rules

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goumai/goumai"
)

// Limits on the text of an application.
const (
	MaxProjectTitle = 200  // characters
	MaxProjectText  = 5000 // characters of each long text field
	MaxShortText    = 50   // characters of units, methods and names
	MaxTargets      = 20   // performance indicators
	MaxTermMonths   = 36   // ENG-H1: never longer than three years
	DefaultTerm     = 12   // ENG-H1: one year unless the long-term grounds are declared
)

// Problem is one thing wrong with an application: the field, the rule that
// requires it (an ENG- id, or "" for plain form checks) and a bilingual message
// naming the clause.
type Problem struct {
	Field string     `json:"field"`
	Rule  string     `json:"rule,omitempty"`
	Msg   goumai.Msg `json:"message"`
}

// Problems collects the problems of an application, one per field (the first found).
type Problems []Problem

func (ps *Problems) add(field, rule, zh, en string) {
	for _, p := range *ps {
		if p.Field == field {
			return
		}
	}
	*ps = append(*ps, Problem{Field: field, Rule: rule, Msg: goumai.M(zh, en)})
}

// merge adds the fields of a rule's error (e.g. CheckCatalog's).
func (ps *Problems) merge(err error) {
	if err == nil {
		return
	}
	e := goumai.AsError(err)
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		ps.add(k, e.Rule, e.Fields[k].ZH, e.Fields[k].EN)
	}
	if len(keys) == 0 {
		ps.add("body", e.Rule, e.Message.ZH, e.Message.EN)
	}
}

// Err returns nil, or one EInvalid error listing every problem at once: Fields
// holds each message ending with its rule in brackets, e.g. "… [ENG-B2]"; Rule
// is the first of the rules involved (the error carries one, the fields all)
// and Message lists them all.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	f := goumai.Fields{}
	seen := map[string]bool{}
	var rules []string
	for _, p := range ps {
		m := p.Msg
		if tag := " [" + p.Rule + "]"; p.Rule != "" {
			if !strings.HasSuffix(m.EN, tag) { // a merged sub-check's message carries it already
				m = goumai.M(m.ZH+tag, m.EN+tag)
			}
			if !seen[p.Rule] {
				seen[p.Rule] = true
				rules = append(rules, p.Rule)
			}
		}
		f[p.Field] = m
	}
	sort.Strings(rules)
	e := goumai.AsError(f.Err())
	e.Message = goumai.M("填写的内容不符合规定，请按标出的字段修改", "the input does not meet the rules: see the marked fields")
	if len(rules) > 0 {
		e.Rule = rules[0]
		e.Message = goumai.M(e.Message.ZH+"（涉及规则 "+strings.Join(rules, "、")+"）", e.Message.EN+" (rules "+strings.Join(rules, ", ")+")")
	}
	return e
}

var yearMonth = regexp.MustCompile(`^(20[0-9]{2})-(0[1-9]|1[0-2])$`)

// CheckDraft checks what even a draft must satisfy: lengths, formats and
// ranges of whatever has been typed. Empty fields are allowed.
func CheckDraft(p goumai.Project) Problems {
	var ps Problems
	long := func(field, v string, max int) {
		if utf8.RuneCountInString(v) > max {
			ps.add(field, "", "内容过长（最多"+strconv.Itoa(max)+"个字）", "too long (at most "+strconv.Itoa(max)+" characters)")
		}
	}
	long("title", p.Title, MaxProjectTitle)
	long("catalog_code", p.CatalogCode, 40)
	long("filing_ref", p.FilingRef, MaxFilingRef)
	for field, v := range map[string]string{"content": p.Content, "quality_standards": p.QualityStandards, "ex_ante": p.ExAnte,
		"supplier_conditions": p.SupplierConditions, "evaluation_standards": p.EvaluationStandards, "beneficiaries": p.Beneficiaries} {
		long(field, v, MaxProjectText)
	}
	long("quantity_unit", p.QuantityUnit, MaxShortText)
	if m := goumai.CheckFen(p.Amount); m != nil {
		ps.add("amount", "", m.ZH, m.EN)
	}
	if p.Quantity < 0 || p.Quantity > 1_000_000_000 {
		ps.add("quantity", "", "服务数量须为0至10亿之间的整数", "the quantity must be a whole number from 0 to 1,000,000,000")
	}
	if p.Class != "" && p.Class != goumai.ClassPublicService && p.Class != goumai.ClassAuxiliaryService {
		ps.add("class", "", "请选择公共服务或辅助性服务", "choose public service or auxiliary service")
	}
	if p.Method != "" && !p.Method.Valid() {
		ps.add("method", "ENG-C4", "请选择有效的采购方式（服务项目不适用询价）", "choose a valid procurement method (price enquiry is for goods only)")
	}
	if p.TermMonths < 0 || p.TermMonths > 120 {
		ps.add("term_months", "ENG-H1", "合同期限须为1至36个月", "the contract term must be 1 to 36 months")
	}
	if p.ExpectedStart != "" && !yearMonth.MatchString(p.ExpectedStart) {
		ps.add("expected_start", "", "预计采购时间格式为 年-月，例如 2026-05", "the expected start is year-month, e.g. 2026-05")
	}
	if len(p.Targets) > MaxTargets {
		ps.add("targets", "", "绩效指标最多20项", "at most 20 performance indicators")
	}
	for _, t := range p.Targets {
		if !validCategory(t.Category) && t.Category != "" {
			ps.add("targets", "ENG-B4", "绩效指标类别须为产出、效益、满意度或成本", "an indicator's category must be output, benefit, satisfaction or cost")
		}
		if t.Weight < 0 || t.Weight > 100 {
			ps.add("targets", "ENG-B4", "指标权重须在0至100之间", "an indicator's weight must be 0 to 100")
		}
		if utf8.RuneCountInString(t.Indicator) > 100 || utf8.RuneCountInString(t.Target) > 100 || utf8.RuneCountInString(t.Unit) > MaxShortText {
			ps.add("targets", "", "绩效指标内容过长", "a performance indicator is too long")
		}
	}
	checkNegativeDraft(&ps, p.NegativeAnswers)
	if c := p.Consultation; c != nil {
		if utf8.RuneCountInString(c.Method) > 100 || utf8.RuneCountInString(c.Summary) > MaxProjectText {
			ps.add("consultation", "", "征求意见记录过长", "the consultation record is too long")
		}
		if c.Count < 0 || c.Count > 10_000_000 {
			ps.add("consultation", "", "意见条数须为非负整数", "the number of opinions must not be negative")
		}
	}
	return ps
}

func validCategory(c string) bool {
	for _, x := range goumai.TargetCategories {
		if x == c {
			return true
		}
	}
	return false
}

// Facts are what the rules need to know beyond the application itself, looked
// up by the caller at the time of the check.
type Facts struct {
	Now          time.Time
	Purchaser    goumai.Org
	CatalogItem  goumai.CatalogItem // the item in the version in force, when CatalogFound
	CatalogLeaf  bool
	CatalogFound bool
	BudgetFound  bool
	Budget       goumai.BudgetLine
	Available    goumai.Fen // the line's available balance (Balance.Available)
}

// CheckProject checks a complete application against every rule of intake and
// returns all problems at once: the draft checks, required fields, ENG-A1,
// ENG-B1 and ENG-B3 (the catalogue's flags through CheckCatalog, the
// applicant's answers through CheckNegativeAnswers), ENG-B2, ENG-B4, ENG-B5
// and ENG-H1.
func CheckProject(p goumai.Project, f Facts) Problems {
	ps := CheckDraft(p)
	required := func(field, v, zh, en string) {
		if strings.TrimSpace(v) == "" {
			ps.add(field, "", "请填写"+zh, en+" is required")
		}
	}
	if err := CheckPurchaser(f.Purchaser); err != nil {
		ps.merge(err)
	}
	required("title", p.Title, "项目名称", "the project title")
	if strings.TrimSpace(p.CatalogCode) == "" && strings.TrimSpace(p.FilingRef) == "" {
		ps.add("catalog_code", "ENG-B1", "请选择指导性目录事项（目录外事项须填写财政审核备案编号）（《政府购买服务管理办法》第十一条、第十四条）",
			"choose a guidance-catalogue item (or give the finance review-and-filing reference for an item outside it) (O102 Arts. 11, 14)")
	} else {
		ps.merge(CheckCatalog(f.CatalogItem, f.CatalogLeaf, f.CatalogFound, p.FilingRef))
	}
	ps.merge(CheckNegativeAnswers(p.NegativeAnswers))
	if !f.CatalogFound && p.Class == "" {
		ps.add("class", "ENG-B5", "目录外事项须选择服务类别（公共服务或辅助性服务）", "an item outside the catalogue needs its class (public or auxiliary service)")
	}
	ps.merge(CheckBudget(p, f))
	required("content", p.Content, "服务内容", "the service content")
	if p.Quantity <= 0 {
		ps.add("quantity", "", "请填写服务数量（正整数）", "the quantity (a positive whole number) is required")
	}
	required("quantity_unit", p.QuantityUnit, "数量单位", "the unit of quantity")
	required("quality_standards", p.QualityStandards, "质量标准", "the quality standards")
	ps.merge(CheckPerformance(p))
	ps.merge(CheckDisclosure(p, f.CatalogFound && f.CatalogItem.Class == goumai.ClassPublicService || !f.CatalogFound && p.Class == goumai.ClassPublicService, f.Now))
	if p.Method == "" {
		ps.add("method", "", "请选择拟采用的采购方式", "choose the intended procurement method")
	}
	ps.merge(CheckTerm(p.TermMonths, p.LongTerm))
	required("beneficiaries", p.Beneficiaries, "服务对象", "the beneficiaries")
	required("expected_start", p.ExpectedStart, "预计采购时间", "the expected start of procurement")
	return ps
}

// CheckPurchaser applies ENG-A1 (O102 Arts. 5, 8, 33): only state organs and,
// by analogy, party organs, 参公 事业单位 and mass organisations on
// administrative establishment may purchase services. The refusal is about the
// organisation, not a field of the application: its key is goumai.FieldOrg.
func CheckPurchaser(o goumai.Org) error {
	if o.CanPurchase() {
		return nil
	}
	return ruleError("ENG-A1", goumai.FieldOrg,
		"本单位类型不能作为政府购买服务的购买主体（《政府购买服务管理办法》第五条、第八条、第三十三条）",
		"organisations of this kind cannot purchase services (O102 Arts. 5, 8 and 33)")
}

// CheckBudget applies ENG-B2 (O102 Arts. 14–15; CY87 三): the project draws on
// a budget line of the purchaser's own, and its amount is positive and not above
// what the line still has available.
func CheckBudget(p goumai.Project, f Facts) error {
	const clause = "（《政府购买服务管理办法》第十四条、第十五条；财预〔2017〕87号 三）"
	const clauseEN = " (O102 Arts. 14–15; CY87 III)"
	var ps Problems
	switch {
	case p.BudgetLineID == 0:
		ps.add("budget_line_id", "ENG-B2", "请选择预算指标：未列入预算的项目不得实施"+clause, "choose a budget line: a project without budget may not proceed"+clauseEN)
	case !f.BudgetFound:
		ps.add("budget_line_id", "ENG-B2", "预算指标不存在"+clause, "the budget line does not exist"+clauseEN)
	case f.Budget.OrgID != p.PurchaserOrgID:
		ps.add("budget_line_id", "ENG-B2", "只能使用本单位的预算指标"+clause, "the budget line must be the purchaser's own"+clauseEN)
	}
	switch {
	case p.Amount <= 0:
		ps.add("amount", "ENG-B2", "请填写项目预算金额（大于零）"+clause, "the amount must be above zero"+clauseEN)
	case f.BudgetFound && p.Amount > f.Available:
		ps.add("amount", "ENG-B2", "金额超过预算指标可用余额 "+f.Available.Yuan()+" 元"+clause,
			"the amount exceeds the line's available balance of ¥"+f.Available.Yuan()+clauseEN)
	}
	return ps.Err()
}

// CheckPerformance applies ENG-B4 (O102 Art. 20): performance targets, with at
// least one output indicator, and the conclusion of the ex-ante performance
// assessment are required before procurement.
func CheckPerformance(p goumai.Project) error {
	const clause, clauseEN = "（《政府购买服务管理办法》第二十条）", " (O102 Art. 20)"
	var ps Problems
	output := false
	for _, t := range p.Targets {
		if strings.TrimSpace(t.Indicator) == "" || strings.TrimSpace(t.Target) == "" || !validCategory(t.Category) {
			ps.add("targets", "ENG-B4", "每项绩效指标须有类别、指标名称和目标值"+clause, "each indicator needs a category, a name and a target value"+clauseEN)
		}
		output = output || t.Category == "output"
	}
	if !output {
		ps.add("targets", "ENG-B4", "请填写绩效目标，至少包括一项产出指标"+clause, "performance targets are required, with at least one output indicator"+clauseEN)
	}
	if utf8.RuneCountInString(strings.TrimSpace(p.ExAnte)) < 10 {
		ps.add("ex_ante", "ENG-B4", "请填写事前绩效评估结论（至少10个字）"+clause, "the ex-ante performance assessment (at least 10 characters) is required"+clauseEN)
	}
	return ps.Err()
}

// CheckDisclosure applies ENG-B5 (财综〔2013〕111号 二（三）; GPL-IR Art. 15):
// the content, supplier conditions and evaluation standards that will be
// published are required, and a public service needs the record of a public
// consultation on its requirements, finished before now.
func CheckDisclosure(p goumai.Project, publicService bool, now time.Time) error {
	const clause, clauseEN = "（财综〔2013〕111号 二（三））", " (Caizong [2013] 111 II(3))"
	var ps Problems
	if strings.TrimSpace(p.SupplierConditions) == "" {
		ps.add("supplier_conditions", "ENG-B5", "请填写承接主体条件，批准后向社会公开"+clause, "the supplier conditions are required; they are published on approval"+clauseEN)
	}
	if strings.TrimSpace(p.EvaluationStandards) == "" {
		ps.add("evaluation_standards", "ENG-B5", "请填写绩效评价标准，批准后向社会公开"+clause, "the evaluation standards are required; they are published on approval"+clauseEN)
	}
	if !publicService {
		return ps.Err()
	}
	const ir, irEN = "（《政府采购法实施条例》第十五条）", " (GPL-IR Art. 15)"
	c := p.Consultation
	switch {
	case c == nil:
		ps.add("consultation", "ENG-B5", "公共服务项目须先就采购需求公开征求意见，并填写征求意见记录"+ir, "a public service needs a public consultation on its requirements, recorded here"+irEN)
	case c.From.IsZero() || c.To.IsZero() || c.To.Before(c.From):
		ps.add("consultation", "ENG-B5", "请填写征求意见的起止日期（截止不早于开始）"+ir, "give the consultation's start and end dates (end not before start)"+irEN)
	case c.To.After(now):
		ps.add("consultation", "ENG-B5", "征求意见尚未结束，结束后方可送审"+ir, "the consultation has not ended yet; submit after it ends"+irEN)
	case strings.TrimSpace(c.Method) == "" || strings.TrimSpace(c.Summary) == "":
		ps.add("consultation", "ENG-B5", "请填写征求意见的方式和意见采纳情况"+ir, "give the consultation's method and what was changed"+irEN)
	}
	return ps.Err()
}

// CheckTerm applies ENG-H1 (O102 Art. 24; 财库〔2014〕37号): a contract runs
// at most 12 months, or up to 36 when all the long-term grounds are declared.
func CheckTerm(months int, g *goumai.LongTermGrounds) error {
	const clause, clauseEN = "（《政府购买服务管理办法》第二十四条）", " (O102 Art. 24)"
	switch {
	case months <= 0:
		return ruleError("ENG-H1", "term_months", "请填写合同履行期限（月）"+clause, "the contract term in months is required"+clauseEN)
	case months > MaxTermMonths:
		return ruleError("ENG-H1", "term_months", "合同履行期限不得超过3年（36个月）"+clause, "the contract term may not exceed 3 years (36 months)"+clauseEN)
	case months > DefaultTerm && (g == nil || !g.All()):
		return ruleError("ENG-H1", "term_months",
			"履行期限超过1年的，须同时具备预算保障、内容相对固定、连续性强、经费来源稳定、价格变化幅度小五项条件"+clause,
			"a term over 1 year needs all five grounds: budget assured, stable content, continuity, stable funding, low price volatility"+clauseEN)
	}
	return nil
}

func ruleError(rule, field, zh, en string) error {
	return &goumai.Error{Code: goumai.EInvalid, Message: goumai.M(zh, en), Fields: map[string]goumai.Msg{field: goumai.M(zh, en)}, Rule: rule}
}
