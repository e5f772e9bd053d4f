package web

// rulesMessages are the strings of the procurement rule parameters' pages.
var rulesMessages = map[string][2]string{
	"nav.rules":       {"采购规则参数", "Procurement rules"},
	"nav.staff_rules": {"采购规则参数配置", "Procurement rule parameters"},

	"rules.title":             {"现行采购规则参数", "Procurement rule parameters in force"},
	"rules.lead":              {"政府采购的限额标准、法定期限、评审小组人数、价格分值比重、保证金上限、中小企业价格扣除和异常低价审查触发条件，按行政区划、采购品目类别和生效日期设定。采购活动适用其开始之日现行有效的参数，此后不再改变。", "Thresholds, statutory minimum periods, panel sizes, price weights, bond caps, SME price deductions and abnormally low price triggers are set per region, procurement category and effective date. A procurement uses the values in force on the day it started, and they never change for it afterwards."},
	"rules.at":                {"日期", "Date"},
	"rules.in_force_on":       {"现行有效的参数，日期：", "Values in force on"},
	"rules.parameter":         {"参数", "Parameter"},
	"rules.from":              {"来源", "Set by"},
	"rules.national_defaults": {"全国默认值（法律法规规定）", "national defaults (the law's)"},
	"rules.effective_from":    {"生效日期", "In force from"},
	"rules.until":             {"终止日期（当日起不再适用）", "Until (first day no longer in force)"},
	"rules.illustrative":      {"示意数据（演示用，非实际标准）", "Illustrative (demo values, not real standards)"},
	"rules.illustrative_box":  {"示意数据（仅用于演示或培训）", "Illustrative values (for a demo or training only)"},
	"rules.source":            {"依据文件", "Source"},
	"rules.inherit_note":      {"未设定本级参数的地区适用上级地区的参数；上级也未设定的，适用全国默认值。省级可以延长法定期限、扩大评审小组、提高价格分值下限、降低保证金上限，不得反向调整。", "A region without values of its own uses those of the nearest region above it, else the national defaults. A province may lengthen statutory periods, enlarge panels, raise price-weight floors and lower bond caps, never the reverse."},
	"rules.sets":              {"本地区及上级地区设定的参数", "Parameter sets of this region and the regions above"},
	"rules.jurisdiction":      {"设定地区", "Jurisdiction"},
	"rules.jurisdiction_code": {"适用地区（行政区划代码）", "For region (region code)"},
	"rules.category":          {"采购品目类别", "Category"},
	"rules.status":            {"状态", "Status"},
	"rules.no_sets":           {"尚未设定参数：适用全国默认值。", "No parameter sets: the national defaults apply."},
	"rules.portal_link":       {"查看门户网站上的现行参数", "See the values in force on the portal"},

	"rules.staff_title":  {"采购规则参数配置", "Procurement rule parameters"},
	"rules.staff_lead":   {"财政部门管理员为本地区及下级地区设定采购规则参数。新参数只能自今后某日起生效；已经适用过的参数永不改写，只能自今后某日起终止或被新参数替换。尚未生效的参数可在生效日终止，即撤回。", "Finance administrators set the parameters of their region and the regions below it. New values take effect from a day to come; values once in force are never rewritten, only ended or replaced from a day to come. A set not yet in force is withdrawn by ending it on its first day."},
	"rules.change":       {"终止或替换", "End or replace"},
	"rules.end_lead":     {"自所填日期起不再适用本参数（改用上级地区的参数）；填写生效日期即撤回尚未生效的参数。", "From the day given these values no longer apply (the region above's do); the first day withdraws a set not yet in force."},
	"rules.end_on":       {"终止日期", "End on"},
	"rules.end":          {"终止", "End"},
	"rules.replace_lead": {"自新参数的生效日期起替换本参数，原参数保留其适用期间的记录。", "Replaces this set from the new set's first day; the old one stays on record for the time it was in force."},
	"rules.replace":      {"替换", "Replace"},
	"rules.add":          {"设定新参数", "Set new values"},
	"rules.add_lead":     {"为本地区或下级地区设定某一采购品目类别自某日起适用的全部参数。", "Set every value of one category for your region or a region below it, from a day to come."},
	"rules.prefilled":    {"表单已预填现行参数，来源：", "The form is prefilled with the values in force, set by"},

	"done.rules_add":     {"已设定采购规则参数。", "The parameter set was saved."},
	"done.rules_end":     {"已终止采购规则参数。", "The parameter set was ended."},
	"done.rules_replace": {"已替换采购规则参数。", "The parameter set was replaced."},

	"object.param_sets": {"采购规则参数", "Procurement rule parameters"},
}

func init() { addMessages(rulesMessages) }
