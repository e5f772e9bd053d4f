package web

func init() { addMessages(reviewMessages) }

// reviewMessages are the review page's strings (review_pages.go, eval_review.html).
var reviewMessages = map[string][2]string{
	"rev.title":     {"资格审查和符合性审查", "Qualification and compliance review"},
	"rev.note":      {"招标项目的资格审查由采购人或采购代理机构进行，符合性审查由评标委员会进行；其他方式的两项审查均由评审小组进行。不通过的须写明理由。", "A tender's qualification is reviewed by the purchaser or its agency and its compliance by the committee; in the other methods the panel reviews both. A failure states its reason."},
	"rev.no_bids":   {"本包没有开标的投标。", "No bid was opened on this lot."},
	"rev.record":    {"记录审查结果", "Record a result"},
	"rev.reason":    {"理由（不通过时必填）", "Reason (required for a failure)"},
	"rev.save":      {"保存审查结果", "Save the result"},
	"rev.pending":   {"未审查", "Not reviewed"},
	"rev.link":      {"资格和符合性审查：第", "Reviews: lot"},
	"done.reviewed": {"审查结果已保存。", "The review was saved."},
}
