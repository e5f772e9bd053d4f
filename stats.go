package goumai

import (
	"fmt"
	"strings"
	"time"
)

// Statistics for every region subtree (issue 13, item 1). They are kept as
// cells — (region, month, dimension, key) → count and amount — at every level
// of the region tree, the country included, updated in the transaction of the
// event that changes a source object (sqlstore/stats.go), so that a page reads
// one row per key and month and never scans the source tables.

// StatDim is a dimension of the statistics.
type StatDim string

// The dimensions. Each object of a source table contributes to some of them,
// as a function of its state (sqlstore/stats.go says which).
const (
	StatTotal        StatDim = "total"         // approved projects, signed contracts, paid payments: the drill-down's columns
	StatStage        StatDim = "stage"         // every object by its stage (table:status)
	StatCategory     StatDim = "category"      // approved projects by the 指导性目录's first level
	StatMethod       StatDim = "method"        // published procurements (first notice out) by method
	StatSupplierKind StatDim = "supplier_kind" // signed contracts by the supplier's kind
	StatCompetition  StatDim = "competition"   // lots opened, bids opened, lots with a single bidder
	StatTimeliness   StatDim = "timeliness"    // contract statistics entered in time, payments paid by their due date
	StatGrade        StatDim = "grade"         // published performance grades
	StatReform       StatDim = "reform"        // 费随事转: functions and their annual cost, transferred or not
	StatDoubleFunded StatDim = "double_funded" // 两头占 findings on projects
	StatMethodRule   StatDim = "method_rule"   // procurements (not drafts) by whether the rules allowed their method: open tender, a ground below the threshold, approved, or not
	StatRedFlag      StatDim = "red_flag"      // red flags raised (still active or cleared, and by indicator) by the month first raised; follow-up cases closed by outcome by the month closed
	StatPurchaser    StatDim = "purchaser"     // approved projects by purchaser: kept at the project's own region only (the finest grain)
)

// StatDims lists the dimensions in display order (StatPurchaser is read by the drill-down).
var StatDims = []StatDim{StatTotal, StatStage, StatCategory, StatMethod, StatSupplierKind, StatCompetition,
	StatTimeliness, StatGrade, StatReform, StatDoubleFunded, StatMethodRule, StatRedFlag}

// Public reports whether the dimension's figures are public: they count only
// objects that are published anyway (approved projects, procurements, signed
// contracts, opened bids, grades). The others count drafts, internal reviews,
// payments and 两头占 findings: the finance department of the region (or of a
// region above) reads them, nobody else.
func (d StatDim) Public() bool {
	switch d {
	case StatTotal, StatCategory, StatMethod, StatSupplierKind, StatCompetition, StatGrade:
		return true
	}
	return false
}

// StatPublic reports whether a key of a dimension is public: the public
// dimensions' keys, except the payments among the totals.
func StatPublic(d StatDim, key string) bool {
	return d.Public() && !(d == StatTotal && key == "payments")
}

// Label is the dimension's title.
func (d StatDim) Label() Msg {
	switch d {
	case StatTotal:
		return M("总量", "Totals")
	case StatStage:
		return M("按阶段", "By stage")
	case StatCategory:
		return M("按目录类别", "By catalogue category")
	case StatMethod:
		return M("按采购方式", "By procurement method")
	case StatSupplierKind:
		return M("按承接主体类型", "By supplier kind")
	case StatCompetition:
		return M("竞争情况", "Competition")
	case StatTimeliness:
		return M("时效", "Timeliness")
	case StatGrade:
		return M("绩效评价等级", "Performance grades")
	case StatReform:
		return M("费随事转", "Funds following transferred functions")
	case StatDoubleFunded:
		return M("两头占", "Double funding")
	case StatMethodRule:
		return M("采购方式合规", "Method compliance")
	case StatRedFlag:
		return M("风险提示", "Red flags")
	case StatPurchaser:
		return M("按购买主体", "By purchaser")
	}
	return M(string(d), string(d))
}

// StatKeyLabel names a key of a dimension for people (the key itself when unknown).
func StatKeyLabel(d StatDim, key string) Msg {
	if m, ok := statKeyLabels[string(d)+"/"+key]; ok {
		return m
	}
	switch d {
	case StatStage:
		table, status, _ := strings.Cut(key, ":")
		var what, st Msg
		switch table {
		case "projects":
			what, st = M("项目", "projects"), ProjectStatus(status).Label()
		case "procurements":
			what, st = M("采购", "procurements"), ProcurementStatus(status).Label()
		case "contracts":
			what, st = M("合同", "contracts"), ContractStatus(status).Label()
		case "payment_requests":
			what, st = M("支付申请", "payment requests"), PaymentStatus(status).Label()
		default:
			return M(key, key)
		}
		return M(what.ZH+"·"+st.ZH, what.EN+" · "+st.EN)
	case StatMethod:
		return ProcurementMethod(key).Label()
	case StatCategory:
		if key == "-" {
			return M("目录外", "outside the catalogue")
		}
		return M("目录 "+key+" 类", "catalogue "+key)
	case StatRedFlag:
		if ind, ok := strings.CutPrefix(key, "raised:"); ok {
			return M("提示指标 "+ind, "indicator "+ind)
		}
		if o, ok := strings.CutPrefix(key, "closed:"); ok {
			l := RedFlagOutcome(o).Label()
			return M("办结·"+l.ZH, "cases closed · "+l.EN)
		}
	}
	return M(key, key)
}

var statKeyLabels = map[string]Msg{
	"total/projects":            M("批准的项目", "approved projects"),
	"total/contracts":           M("签订的合同", "signed contracts"),
	"total/payments":            M("已支付", "payments made"),
	"supplier_kind/social_org":  M("社会组织", "social organisations"),
	"supplier_kind/enterprise":  M("企业", "enterprises"),
	"supplier_kind/institution": M("转制事业单位", "reformed public institutions"),
	"supplier_kind/individual":  M("个人", "individuals"),
	"supplier_kind/other":       M("其他", "others"),
	"competition/lots":          M("开标的包", "lots opened"),
	"competition/bids":          M("开启的投标", "bids opened"),
	"competition/single_bidder": M("仅一家投标的包", "lots with a single bidder"),
	"timeliness/stats_on_time":  M("按期录入统计的合同", "contracts entered in time"),
	"timeliness/stats_late":     M("逾期录入统计的合同", "contracts entered late"),
	"timeliness/paid_on_time":   M("按期支付", "payments on time"),
	"timeliness/paid_late":      M("逾期支付", "payments late"),
	"reform/transferred":        M("已随事转移的经费", "funds transferred"),
	"reform/pending":            M("尚未转移的经费", "funds not yet transferred"),
	"double_funded/projects":    M("有两头占问题的项目", "projects with findings"),
	"double_funded/findings":    M("两头占问题", "findings"),
	"method_rule/open_tender":   M("公开招标（无需例外）", "open tender (no exception needed)"),
	"method_rule/ground":        M("未达公开招标数额，依法定情形采用", "below the open-tender threshold, on a legal ground"),
	"method_rule/approved":      M("达到数额标准，已经财政部门批准", "at or above the threshold, approved by a finance department"),
	"method_rule/pending":       M("方式审批或公示中", "method approval or publicity under way"),
	"method_rule/unapproved":    M("达到数额标准，未经批准", "at or above the threshold, not approved"),
	"red_flag/raised":           M("产生的风险提示", "flags raised"),
	"red_flag/active":           M("仍成立的风险提示", "flags still open"),
	"red_flag/cleared":          M("已消除的风险提示", "flags cleared"),
	"red_flag/closed_on_time":   M("按期办结的处理", "cases closed within their deadline"),
}

// StatMonthLayout is a month of the statistics, in China.
const StatMonthLayout = "2006-01"

// StatMonth is the month in China of a stored time ("" when absent or malformed).
func StatMonth(stored string) string {
	t, err := time.Parse(time.RFC3339Nano, stored)
	if err != nil {
		if t, err = time.ParseInLocation("2006-01-02", stored, Shanghai); err != nil {
			return ""
		}
	}
	return t.In(Shanghai).Format(StatMonthLayout)
}

// MaxStatMonths bounds a statistics request's period: a longer one is refused.
const MaxStatMonths = 60

// StatPeriod is a period of whole months, From and To included ("2006-01").
type StatPeriod struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Months is the period's length in months.
func (p StatPeriod) Months() int {
	f, _ := time.Parse(StatMonthLayout, p.From)
	t, _ := time.Parse(StatMonthLayout, p.To)
	return (t.Year()-f.Year())*12 + int(t.Month()-f.Month()) + 1
}

// Previous is the period of the same length just before p.
func (p StatPeriod) Previous() StatPeriod {
	f, _ := time.Parse(StatMonthLayout, p.From)
	n := p.Months()
	return StatPeriod{From: f.AddDate(0, -n, 0).Format(StatMonthLayout), To: f.AddDate(0, -1, 0).Format(StatMonthLayout)}
}

// ParseStatPeriod reads a period from its two months. Both absent: the year
// to date (now's year, January to now's month). One absent, a malformed
// month, an end before the start or a period longer than MaxStatMonths: a
// field-level error, nothing computed.
func ParseStatPeriod(from, to string, now time.Time) (StatPeriod, error) {
	if from == "" && to == "" {
		n := now.In(Shanghai)
		return StatPeriod{From: fmt.Sprintf("%04d-01", n.Year()), To: n.Format(StatMonthLayout)}, nil
	}
	f := Fields{}
	for name, v := range map[string]string{"from": from, "to": to} {
		if v == "" {
			f[name] = M("统计期间须有起止月份（不接受无界期间）", "a statistics period needs both its first and last month (no unbounded period)")
		} else if _, err := time.Parse(StatMonthLayout, v); err != nil {
			f[name] = M("月份格式为 2026-01", "a month is written 2026-01")
		}
	}
	if len(f) > 0 {
		return StatPeriod{}, f.Err()
	}
	p := StatPeriod{From: from, To: to}
	switch n := p.Months(); {
	case n < 1:
		f["to"] = M("截止月份不能早于起始月份", "the last month cannot be before the first")
	case n > MaxStatMonths:
		f["to"] = M(fmt.Sprintf("统计期间最长 %d 个月", MaxStatMonths), fmt.Sprintf("a statistics period is at most %d months", MaxStatMonths))
	}
	if len(f) > 0 {
		return StatPeriod{}, f.Err()
	}
	return p, nil
}

// StatGrain is what a statistics page breaks a region down into.
type StatGrain string

const (
	GrainRegion    StatGrain = "region"    // the region's children (country → province → prefecture → county)
	GrainPurchaser StatGrain = "purchaser" // the purchasers of a region without children (the finest grain)
)

// CheckStatGrain refuses the finest grain (purchasers) above a region
// without children: over a province or the whole country it would be tens of
// thousands of rows, so the request names a county instead.
func CheckStatGrain(r *Regions, region string, g StatGrain) error {
	switch g {
	case GrainRegion, "":
		return nil
	case GrainPurchaser:
		if len(r.Children(region)) > 0 {
			return Fields{"grain": M("按购买主体统计只能在区县（无下级的地区）进行，请先下钻到区县",
				"statistics by purchaser are for a county (a region without lower levels): drill down to a county first")}.Err()
		}
		return nil
	}
	return Fields{"grain": M("统计粒度只能是 region 或 purchaser", "the grain is region or purchaser")}.Err()
}

// StatFigure is a count and an amount in fen.
type StatFigure struct {
	N      int64 `json:"n"`
	Amount Fen   `json:"amount"`
}

// Minus is f less g.
func (f StatFigure) Minus(g StatFigure) StatFigure {
	return StatFigure{N: f.N - g.N, Amount: f.Amount - g.Amount}
}

// StatRow is one key of a dimension: the figure for the period and the previous one.
type StatRow struct {
	Key      string     `json:"key"`
	Label    Msg        `json:"label"`
	Now      StatFigure `json:"now"`
	Previous StatFigure `json:"previous"`
}

// StatTable is one dimension's rows.
type StatTable struct {
	Dim  StatDim   `json:"dim"`
	Rows []StatRow `json:"rows"`
}

// StatChild is one line of the drill-down: a lower region or a purchaser,
// with its totals for the period (projects approved, contracts signed,
// payments made).
type StatChild struct {
	Code      string     `json:"code"` // region code or purchaser organisation id
	Name      string     `json:"name"`
	Projects  StatFigure `json:"projects"`
	Contracts StatFigure `json:"contracts"`
	Payments  StatFigure `json:"payments"`
	// Own is the line of the region's own level (本级): its figures less its
	// children's, e.g. a prefecture's own departments' projects.
	Own bool `json:"own,omitempty"`
}

// StatReport is the statistics of a region subtree for a period, each figure
// with the previous period of the same length, and the drill-down one level lower.
type StatReport struct {
	Region   Region      `json:"region"`
	Period   StatPeriod  `json:"period"`
	Previous StatPeriod  `json:"previous"`
	Grain    StatGrain   `json:"grain"`
	Public   bool        `json:"public_only"` // only the public dimensions (StatDim.Public)
	Tables   []StatTable `json:"tables"`
	Children []StatChild `json:"children"`
}
