package web

import (
	"fmt"
	"strconv"

	"github.com/goumai/goumai"
)

func init() {
	addMessages(openingMessages)
	funcs["lotno"] = func(lots []goumai.Lot, id int64) string {
		for _, l := range lots {
			if l.ID == id {
				return strconv.Itoa(l.Number)
			}
		}
		return "—"
	}
	funcs["score"] = func(s goumai.Score) string {
		return strconv.FormatInt(int64(s)/10000, 10) + "." + fmt.Sprintf("%04d", int64(s)%10000)
	}
	funcs["smesize"] = func(lang, size string) string {
		if size == "" {
			return tr(lang, "open.sme_none")
		}
		return tr(lang, "open.sme."+size)
	}
}

// openingMessages are the opening record's and the failure notice's strings.
var openingMessages = map[string][2]string{
	"pub.sec.opening":          {"开标记录", "Opening record"},
	"pub.sec.check":            {"公开核验", "Public check"},
	"pub.sec.failure":          {"废标理由", "Why the procedure failed"},
	"pub.sec.next":             {"后续安排", "What follows"},
	"pub.sec.complaint":        {"投诉情况", "The complaint"},
	"pub.sec.decision":         {"处理结果", "The decision"},
	"cmp.complainant":          {"投诉人", "Complainant"},
	"cmp.respondent":           {"被投诉人", "Respondent"},
	"cmp.claims":               {"投诉事项", "Matters complained of"},
	"cmp.verdict":              {"处理结果", "Decision"},
	"cmp.outcome":              {"后续处理", "What follows"},
	"cmp.reasons":              {"处理理由", "Reasons"},
	"cmp.decider":              {"处理机关", "Decided by"},
	"cmp.decided_at":           {"处理日期", "Decided on"},
	"cmp.remedy":               {"投诉人对投诉处理决定不服，或者财政部门逾期未作处理的，可以依法申请行政复议或者向人民法院提起行政诉讼（《政府采购法》第五十八条）。", "A complainant who disagrees with the decision may apply for administrative reconsideration or sue in a people's court (GPL Art. 58)."},
	"open.lead":                {"本项目于%s（北京时间）投标截止并在线开标。开标时逐一解密投标文件，并与递交时记入公开日志的承诺值核对。", "Bids closed and were opened online at %s (Beijing time). Each bid was decrypted and checked against the commitment logged when it was submitted."},
	"open.caption":             {"开标一览表", "Bids opened"},
	"open.supplier":            {"投标人（供应商）", "Bidder"},
	"open.price":               {"投标报价（元）", "Price (yuan)"},
	"open.sme":                 {"中小企业声明", "SME declaration"},
	"open.sme_none":            {"未声明", "none"},
	"open.sme.medium":          {"中型企业", "medium"},
	"open.sme.small":           {"小型企业", "small"},
	"open.sme.micro":           {"微型企业", "micro"},
	"open.commitment":          {"承诺值（SHA-256）", "Commitment (SHA-256)"},
	"open.logged":              {"日志登记号", "logged as"},
	"open.result":              {"开标结果", "Result"},
	"open.ok":                  {"与承诺值一致", "matches its commitment"},
	"open.mismatch":            {"内容与递交时的承诺值不一致，不予评审", "does not match the commitment made at submission: not evaluated"},
	"open.set_aside":           {"截止时核查未通过，不予评审", "refused by the check at the deadline: not evaluated"},
	"open.none":                {"无投标", "No bids"},
	"open.lots_failed":         {"投标不足的采购包：", "Lots with too few bids: "},
	"open.check_text":          {"任何人都可以只凭公开日志核验：开启的每一份投标文件都是截止前记入日志、且未撤回的承诺值；每个投标人还可以用自己的投标回执证明其投标已被开启。", "Anyone can check from the public log alone that every opened bid is a commitment logged before the deadline and not withdrawn; each bidder can also show with its receipt that its bid was opened."},
	"pub.sec.winners":          {"中标（成交）信息", "Award"},
	"pub.sec.items":            {"主要标的信息", "Main items"},
	"pub.sec.experts":          {"评审专家（单一来源采购人员）名单", "Panel"},
	"pub.sec.result_period":    {"公告期限", "Notice period"},
	"res.supplier":             {"供应商名称", "Supplier"},
	"res.address":              {"供应商地址", "Address"},
	"res.amount":               {"中标（成交）金额（元）", "Amount (yuan)"},
	"res.item":                 {"名称", "Item"},
	"res.requirements":         {"服务范围、服务要求、服务时间", "Scope, requirements and term"},
	"res.quantity":             {"数量", "Quantity"},
	"res.unit_price":           {"单价（元）", "Unit price (yuan)"},
	"res.lot_unit":             {"项", "lot"},
	"res.term":                 {"服务期限：", "Term: "},
	"res.purchaser_rep":        {"采购人代表", "purchaser's representative"},
	"res.self_selected":        {"采购人自行选定", "chosen by the purchaser"},
	"res.no_panel":             {"无", "none"},
	"res.period":               {"自本公告发布之日（%s）起1个工作日。", "One working day from publication (%s)."},
	"res.replaces":             {"更正说明：", "Correction: "},
	"res.challenge":            {"供应商认为本公告使其权益受到损害的，可以在公告期限届满之日起7个工作日内以书面形式提出质疑。", "A supplier that considers its rights harmed by this notice may challenge it in writing within 7 working days after the notice period ends."},
	"todo.kind.confirm_result": {"待确认的评审结果（5个工作日内）", "Evaluation result to confirm (within 5 working days)"},
	"todo.kind.open_bids":      {"已截止待开标的采购项目", "Closed procedure to open"},
	"todo.kind.publish_result": {"待发布的中标（成交）结果公告（2个工作日内）", "Result notice to publish (within 2 working days)"},
	"todo.kind.bond_refund":    {"待退还的投标保证金（5个工作日内）", "Bid bond to refund (within 5 working days)"},
	"todo.kind.letter_award":   {"中标（成交）通知书", "Award letter"},
	"todo.kind.letter_result":  {"结果通知书", "Result letter"},
	"res.links":                {"开标后的工作", "After the opening"},
	"res.link_panel":           {"评审专家抽取", "Expert draw"},
	"res.link_score":           {"评审打分：第", "Scoring: lot"},
	"res.link_report":          {"评审报告", "Evaluation report"},
	"res.link_challenges":      {"质疑与投诉", "Challenges and complaints"},
	"res.open":                 {"开标", "Open the bids"},
	"res.ranking":              {"评审结果（推荐的中标（成交）候选人）", "Evaluation result (recommended candidates)"},
	"res.lot_failed":           {"废标", "failed"},
	"res.rank":                 {"排序", "Rank"},
	"res.evaluated_price":      {"评审价格（扣除后）", "Evaluated price"},
	"res.score":                {"综合得分", "Score"},
	"res.confirm":              {"确认排名第一的中标（成交）候选人", "Confirm the rank-1 candidates"},
	"res.confirm_hint":         {"采购人应当在收到评审报告后5个工作日内，按照评审报告中推荐的候选人顺序确定中标（成交）供应商，不得改变排序。", "Within 5 working days of the report, the purchaser confirms the candidates in the report's order and may not change it."},
	"res.opinion":              {"确认意见", "Opinion"},
	"res.opinion_default":      {"同意评审报告推荐的中标（成交）候选人。", "We confirm the candidate the evaluation report recommends."},
	"res.deemed":               {"逾期未确认且未提出异议，视为确认（ENG-D6）", "not confirmed in time and no objection: deemed confirmed (ENG-D6)"},
	"res.publish":              {"发布中标（成交）结果公告", "Publish the result notice"},
	"res.refunds":              {"投标保证金退还", "Bid bond refunds"},
	"res.bond":                 {"保证金（元）", "Bond (yuan)"},
	"res.due":                  {"应退还时间", "Due"},
	"res.refunded":             {"已退还", "Refunded"},
	"res.after_contract":       {"合同签订后5个工作日内", "within 5 working days of the contract"},
	"res.mark_refunded":        {"登记已退还", "Record as refunded"},
	"res.followup":             {"废标后续采购", "After the failure"},
	"res.followup_hint":        {"依法修改采购文件后重新组织采购；招标项目符合要求的供应商只有两家的，可以报经财政部门批准后与该两家供应商进行竞争性谈判；也可以终止本项目。", "Fix the documents and procure again; after a tender with exactly two qualifying suppliers, a negotiation with them may follow with the finance department's approval; or end the procedure."},
	"res.retender":             {"重新组织采购", "Procure again"},
	"res.negotiate":            {"与两家供应商竞争性谈判（报批）", "Negotiate with the two (needs approval)"},
	"res.followed_by":          {"后续采购：", "Followed by:"},
	"res.kind.retender":        {"重新组织的采购项目", "the new procedure"},
	"res.kind.negotiate":       {"竞争性谈判采购项目", "the negotiation"},
	"done.bids_opened":         {"已开标。", "The bids were opened."},
	"done.result_confirmed":    {"已确认中标（成交）供应商。", "The result was confirmed."},
	"done.result_published":    {"中标（成交）结果公告已发布，通知书已发出。", "The result notice was published and the letters sent."},
	"done.followup_started":    {"已创建后续采购项目，请修改采购文件后发布。", "The follow-up procedure was created: fix its documents and publish it."},
	"done.bond_refunded":       {"已登记退还保证金。", "The refund was recorded."},
	"done.report_sent":         {"评审报告已出具。", "The evaluation report was issued."},
	"res.report":               {"汇总评分，出具评审报告", "Total the scores and issue the report"},
	"res.report_hint":          {"评审小组完成资格审查、符合性审查和全部评分后出具；未完成的，系统会说明原因。", "Once the panel has finished the reviews and every score; until then the refusal says what is missing."},
	"fail.next_text":           {"采购人或采购代理机构将依法修改采购文件后重新组织采购，或经财政部门批准变更采购方式，另行公告。", "The purchaser or its agency will fix the documents and procure again, or change the method with the finance department's approval; a new notice will follow."},
}
