package rules

import (
	"strings"

	"github.com/goumai/goumai"
)

// The negative list (负面清单, ENG-B3) as questions. The catalogue's flags
// (CheckCatalog) only cover items in the catalogue; an item bought outside it
// with a finance filing record (ENG-B1, CY87 二) would pass unseen. So every
// application answers one yes/no question per ground, whatever its item; a
// "yes" refuses submission, the reviewer confirms the answers at the finance
// steps, and obvious words in the title or content raise a warning.

// NegativeQuestion is one question of the screening: the ground it asks
// about, the question put to the applicant, the clause it applies (quoted from
// the source) and the source with its article.
type NegativeQuestion struct {
	Flag     goumai.NegativeFlag
	Question goumai.Msg
	Clause   goumai.Msg
	Source   goumai.Msg
}

// The sources of the negative list (RULES.md §3 and §4.1).
var (
	o102Art10 = func(item, itemEN string) goumai.Msg {
		return goumai.M("《政府购买服务管理办法》（财政部令第102号）第十条第（"+item+"）项", "O102 Art. 10("+itemEN+")")
	}
	cy87II = goumai.M("财预〔2017〕87号 二", "CY87 II")
	and    = func(a, b goumai.Msg) goumai.Msg { return goumai.M(a.ZH+"；"+b.ZH, a.EN+"; "+b.EN) }
)

// NegativeQuestions are the questions of the negative-list screening, one per
// ground of goumai.NegativeFlags and in that order: the six items of O102
// Art. 10 (the third split into goods or works, and works bundled with
// services) and CY87 二's ban on infrastructure, land pre-development and
// irrigation works. O102 Art. 10 is quoted from a county finance bureau's Q&A
// page [Q]; CY87 was read in full [V].
var NegativeQuestions = []NegativeQuestion{
	{Flag: goumai.NegOutsideGovDuty,
		Question: goumai.M("本项目的服务事项是否不属于政府职责范围？", "Is the service outside the government's duties?"),
		Clause:   goumai.M("不属于政府职责范围的服务事项", "services outside the government's duties"),
		Source:   o102Art10("一", "1")},
	{Flag: goumai.NegMustBePerformedByGov,
		Question: goumai.M("本项目是否属于应当由政府直接履职的事项（购买主体自身的核心行政职能）？",
			"Is it a duty the government must perform directly (the purchaser's own core administrative functions)?"),
		Clause: goumai.M("应当由政府直接履职的事项", "duties the government must perform directly"),
		Source: o102Art10("二", "2")},
	{Flag: goumai.NegGoodsOrWorks,
		Question: goumai.M("本项目是否购买货物或工程（原材料、燃料、设备、产品等货物，或建筑物和构筑物的新建、改建、扩建及其相关的装修、拆除、修缮等建设工程）？",
			"Does it buy goods or works (materials, fuel, equipment, products; building, altering, extending, fitting out, demolishing or repairing buildings and structures)?"),
		Clause: goumai.M("政府采购法律、行政法规规定的货物和工程；不得将原材料、燃料、设备、产品等货物，以及建筑物和构筑物的新建、改建、扩建及其相关的装修、拆除、修缮等建设工程作为政府购买服务项目",
			"goods and works as defined by procurement law; materials, fuel, equipment, products, and the construction, alteration, extension, fitting out, demolition or repair of buildings and structures may not be bought as services"),
		Source: and(o102Art10("三", "3"), cy87II)},
	{Flag: goumai.NegWorksBundled,
		Question: goumai.M("本项目是否将工程和服务打包？", "Does it bundle works with services?"),
		Clause: goumai.M("将工程和服务打包的项目；严禁将建设工程与服务打包作为政府购买服务项目",
			"projects bundling works with services; bundling construction works with services is strictly forbidden"),
		Source: and(o102Art10("三", "3"), cy87II)},
	{Flag: goumai.NegFinancing,
		Question: goumai.M("本项目是否包含融资行为（含金融机构、融资租赁公司等非金融机构提供的融资）？",
			"Does it include financing (by financial institutions, or by others such as finance-lease companies)?"),
		Clause: goumai.M("融资行为；严禁将金融机构、融资租赁公司等非金融机构提供的融资行为纳入政府购买服务范围",
			"financing; financing by financial institutions, finance-lease companies and other non-financial institutions may never be bought as a service"),
		Source: and(o102Art10("四", "4"), cy87II)},
	{Flag: goumai.NegStaffHiring,
		Question: goumai.M("本项目是否属于本单位人员招聘、聘用，以劳务派遣方式用工，或设置公益性岗位？",
			"Is it hiring staff for the purchaser, employing people through labour dispatch, or creating public-welfare posts?"),
		Clause: goumai.M("购买主体的人员招、聘用，以劳务派遣方式用工，以及设置公益性岗位等事项",
			"the purchaser's hiring of staff, employment through labour dispatch, and public-welfare posts"),
		Source: o102Art10("五", "5")},
	{Flag: goumai.NegOtherLegalBan,
		Question: goumai.M("本项目是否属于法律、行政法规以及国务院规定的其他不得作为政府购买服务内容的事项？",
			"Is it anything else that laws, administrative regulations or the State Council bar from purchase as a service?"),
		Clause: goumai.M("法律、行政法规以及国务院规定的其他不得作为政府购买服务内容的事项",
			"other items that laws, administrative regulations or the State Council bar from purchase as a service"),
		Source: o102Art10("六", "6")},
	{Flag: goumai.NegInfrastructure,
		Question: goumai.M("本项目是否属于基础设施建设、储备土地前期开发或农田水利等建设工程？",
			"Is it infrastructure construction, pre-development of reserved land, or irrigation and similar works?"),
		Clause: goumai.M("严禁将铁路、公路、机场、通讯、水电煤气，以及教育、科技、医疗卫生、文化、体育等领域的基础设施建设，储备土地前期开发，农田水利等建设工程作为政府购买服务项目",
			"infrastructure for railways, roads, airports, telecommunications, utilities, education, science, health, culture or sport, pre-development of reserved land, and irrigation works may never be bought as services"),
		Source: cy87II},
}

// NoneApply answers every question "no": the answers of an application the
// negative list does not touch (the demo's, and tests').
func NoneApply() goumai.NegativeAnswers {
	a := make(goumai.NegativeAnswers, len(NegativeQuestions))
	for _, q := range NegativeQuestions {
		a[q.Flag] = false
	}
	return a
}

// NegativeField is the Fields key of the answer for one ground: the JSON path
// negative_answers.<ground>.
func NegativeField(f goumai.NegativeFlag) string { return "negative_answers." + string(f) }

// CheckNegativeAnswers applies ENG-B3 to the applicant's answers: every
// question is answered, and none "yes". Each problem is keyed by
// NegativeField and names the clause and its source.
func CheckNegativeAnswers(a goumai.NegativeAnswers) error {
	var ps Problems
	for _, q := range NegativeQuestions {
		yes, answered := a[q.Flag]
		switch {
		case !answered:
			ps.add(NegativeField(q.Flag), "ENG-B3", "请回答负面清单问题："+q.Question.ZH+"（"+q.Source.ZH+"）",
				"answer the negative-list question: "+q.Question.EN+" ("+q.Source.EN+")")
		case yes:
			ps.add(NegativeField(q.Flag), "ENG-B3", "属于负面清单，不得作为政府购买服务："+q.Clause.ZH+"（"+q.Source.ZH+"）",
				"on the negative list, so it can never be purchased as a service: "+q.Clause.EN+" ("+q.Source.EN+")")
		}
	}
	return ps.Err()
}

// checkNegativeDraft refuses answers to grounds that do not exist (a draft may
// leave questions unanswered).
func checkNegativeDraft(ps *Problems, a goumai.NegativeAnswers) {
	for f := range a {
		if !f.Valid() {
			ps.add("negative_answers", "ENG-B3", "负面清单问题不存在："+string(f), "no such negative-list question: "+string(f))
		}
	}
}

// NegativeKeyword is a word that, in a project's title or content, hints at a
// ground of the negative list. A hint is a warning for the applicant and the
// reviewer, never a refusal: the words also occur in purchasable services.
type NegativeKeyword struct {
	Word string
	Flag goumai.NegativeFlag
}

// NegativeKeywords are the words that raise a negative-list warning, with the
// ground each hints at.
var NegativeKeywords = []NegativeKeyword{
	{"劳务派遣", goumai.NegStaffHiring}, {"派遣", goumai.NegStaffHiring}, {"人员招聘", goumai.NegStaffHiring},
	{"招聘", goumai.NegStaffHiring}, {"聘用", goumai.NegStaffHiring}, {"公益性岗位", goumai.NegStaffHiring},
	{"工程施工", goumai.NegGoodsOrWorks}, {"施工", goumai.NegGoodsOrWorks}, {"改建", goumai.NegGoodsOrWorks},
	{"扩建", goumai.NegGoodsOrWorks}, {"装修", goumai.NegGoodsOrWorks}, {"拆除", goumai.NegGoodsOrWorks},
	{"修缮", goumai.NegGoodsOrWorks}, {"购买设备", goumai.NegGoodsOrWorks}, {"采购设备", goumai.NegGoodsOrWorks},
	{"设备采购", goumai.NegGoodsOrWorks}, {"原材料", goumai.NegGoodsOrWorks}, {"燃料", goumai.NegGoodsOrWorks},
	{"工程总承包", goumai.NegWorksBundled}, {"交钥匙工程", goumai.NegWorksBundled}, {"设计施工一体", goumai.NegWorksBundled},
	{"融资", goumai.NegFinancing}, {"贷款", goumai.NegFinancing}, {"垫资", goumai.NegFinancing},
	{"行政许可", goumai.NegMustBePerformedByGov}, {"行政处罚", goumai.NegMustBePerformedByGov}, {"行政审批", goumai.NegMustBePerformedByGov},
	{"基础设施", goumai.NegInfrastructure}, {"储备土地", goumai.NegInfrastructure}, {"土地前期开发", goumai.NegInfrastructure},
	{"农田水利", goumai.NegInfrastructure},
}

// NegativeHint is a ground the title or content hints at, with the words found.
type NegativeHint struct {
	Flag  goumai.NegativeFlag
	Words []string
}

// NegativeHints finds the keywords in a project's title and content: one hint
// per ground, in the order of goumai.NegativeFlags.
func NegativeHints(p goumai.Project) []NegativeHint {
	text := p.Title + "\n" + p.Content
	words := map[goumai.NegativeFlag][]string{}
	for _, k := range NegativeKeywords {
		if strings.Contains(text, k.Word) {
			words[k.Flag] = append(words[k.Flag], k.Word)
		}
	}
	var out []NegativeHint
	for _, f := range goumai.NegativeFlags {
		if len(words[f]) > 0 {
			out = append(out, NegativeHint{Flag: f, Words: words[f]})
		}
	}
	return out
}

// NegativeWarning is the warning of NegativeHints for the applicant and the
// reviewer, in one message; false when the title and content hint at nothing.
func NegativeWarning(p goumai.Project) (goumai.Msg, bool) {
	hs := NegativeHints(p)
	if len(hs) == 0 {
		return goumai.Msg{}, false
	}
	zh, en := make([]string, len(hs)), make([]string, len(hs))
	for i, h := range hs {
		l := h.Flag.Label()
		zh[i] = "“" + strings.Join(h.Words, "”“") + "”：" + l.ZH
		en[i] = "\u201c" + strings.Join(h.Words, "\u201d, \u201c") + "\u201d: " + l.EN
	}
	return goumai.M("标题或服务内容含有负面清单常见用语，请核实是否属于负面清单（不是拒绝理由）："+strings.Join(zh, "；"),
		"the title or content uses words common on the negative list; check whether it applies (this is not a refusal): "+strings.Join(en, "; ")), true
}

// negativeAnswersSummary lists the applicant's answers for the reviewer.
func negativeAnswersSummary(a goumai.NegativeAnswers) goumai.Msg {
	zh, en := make([]string, len(NegativeQuestions)), make([]string, len(NegativeQuestions))
	for i, q := range NegativeQuestions {
		l := q.Flag.Label()
		yes, answered := a[q.Flag]
		switch {
		case !answered:
			zh[i], en[i] = l.ZH+"：未答", l.EN+": not answered"
		case yes:
			zh[i], en[i] = l.ZH+"：是", l.EN+": yes"
		default:
			zh[i], en[i] = l.ZH+"：否", l.EN+": no"
		}
	}
	return goumai.M("申报人逐项回答："+strings.Join(zh, "；"), "the applicant's answers: "+strings.Join(en, "; "))
}
