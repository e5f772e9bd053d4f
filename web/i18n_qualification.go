package web

import "github.com/goumai/goumai"

func init() {
	addMessages(qualificationMessages)
	funcs["qualArgs"] = func(lang string, checks []goumai.QualCheck) map[string]any {
		return map[string]any{"Lang": lang, "Checks": checks}
	}
}

// qualificationMessages are the qualification's labels (资质审核).
var qualificationMessages = map[string][2]string{
	"todo.kind.qualify":  {"待资质审核的推荐供应商", "Recommended supplier to qualify"},
	"qual.title":         {"资质审核", "Qualification"},
	"qual.back":          {"返回采购项目", "Back to the procedure"},
	"qual.back_page":     {"返回资质审核", "Back to the qualification"},
	"qual.hint":          {"采购人或采购代理机构在确认结果前审核评审报告推荐的第一名：承接主体类型（ENG-A2）、资格证明材料和采购文件规定的资格条件（ENG-A3）、投标前三年内无重大违法记录（ENG-A3）、审核时的信用记录和禁止参加政府采购活动处罚（ENG-A4、ENG-A5），向个人购买的还须写明理由并承诺不变相用工（ENG-A8）。审核不通过的，依次由下一名候选人递补；符合要求的供应商不足法定家数的，采购失败。", "Before the result is confirmed, the purchaser or its agency reviews the report's rank 1: its kind (ENG-A2), its proofs and the documents' conditions (ENG-A3), no major violation in the three years before the bid (ENG-A3), the credit lists and bans at the review (ENG-A4, ENG-A5), and for an individual the justification and no-disguised-employment attestation (ENG-A8). A supplier not qualified gives way to the next candidate; with too few left the procurement fails."},
	"qual.done":          {"资质审核结果已记录。", "The review is recorded."},
	"qual.conditions":    {"采购文件规定的资格条件", "The documents' qualification conditions"},
	"qual.no_conditions": {"采购文件未规定资格条件。", "The documents set no condition."},
	"qual.lot":           {"采购包", "Lot"},
	"qual.lot_failed":    {"该采购包已无符合要求的候选人。", "The lot has no candidate left."},
	"qual.recommended":   {"推荐的中标（成交）供应商", "Recommended supplier"},
	"qual.preview":       {"当前核查情况", "The checks as they stand"},
	"qual.check":         {"审核项", "Check"},
	"qual.rule":          {"规则", "Rule"},
	"qual.outcome":       {"结果", "Outcome"},
	"qual.reasons":       {"原因", "Reasons"},
	"qual.pass":          {"通过", "Pass"},
	"qual.fail":          {"不通过", "Fail"},
	"qual.condition":     {"资格条件", "Condition"},
	"qual.met":           {"满足", "Met"},
	"qual.not_met":       {"不满足", "Not met"},
	"qual.evidence":      {"证明材料", "Proof"},
	"qual.note":          {"说明", "Note"},
	"qual.justification": {"向个人购买服务的理由", "Why an individual"},
	"qual.attested":      {"承诺不以政府购买服务名义变相用工", "Attest it is not disguised employment"},
	"qual.opinion":       {"审核意见", "Opinion"},
	"qual.submit":        {"记录审核结果", "Record the review"},
	"qual.reviews":       {"审核记录", "Reviews"},
	"qual.no_reviews":    {"尚无审核记录。", "No review yet."},
	"qual.decided_at":    {"审核时间", "Reviewed"},
	"qual.check_record":  {"信用查询记录", "Check record"},
}
