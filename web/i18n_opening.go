package web

import (
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
	funcs["smesize"] = func(lang, size string) string {
		if size == "" {
			return tr(lang, "open.sme_none")
		}
		return tr(lang, "open.sme."+size)
	}
}

// openingMessages are the opening record's and the failure notice's strings.
var openingMessages = map[string][2]string{
	"pub.sec.opening":  {"开标记录", "Opening record"},
	"pub.sec.check":    {"公开核验", "Public check"},
	"pub.sec.failure":  {"废标理由", "Why the procedure failed"},
	"pub.sec.next":     {"后续安排", "What follows"},
	"open.lead":        {"本项目于%s（北京时间）投标截止并在线开标。开标时逐一解密投标文件，并与递交时记入公开日志的承诺值核对。", "Bids closed and were opened online at %s (Beijing time). Each bid was decrypted and checked against the commitment logged when it was submitted."},
	"open.caption":     {"开标一览表", "Bids opened"},
	"open.supplier":    {"投标人（供应商）", "Bidder"},
	"open.price":       {"投标报价（元）", "Price (yuan)"},
	"open.sme":         {"中小企业声明", "SME declaration"},
	"open.sme_none":    {"未声明", "none"},
	"open.sme.medium":  {"中型企业", "medium"},
	"open.sme.small":   {"小型企业", "small"},
	"open.sme.micro":   {"微型企业", "micro"},
	"open.commitment":  {"承诺值（SHA-256）", "Commitment (SHA-256)"},
	"open.logged":      {"日志登记号", "logged as"},
	"open.result":      {"开标结果", "Result"},
	"open.ok":          {"与承诺值一致", "matches its commitment"},
	"open.mismatch":    {"内容与递交时的承诺值不一致，不予评审", "does not match the commitment made at submission: not evaluated"},
	"open.set_aside":   {"截止时核查未通过，不予评审", "refused by the check at the deadline: not evaluated"},
	"open.none":        {"无投标", "No bids"},
	"open.lots_failed": {"投标不足的采购包：", "Lots with too few bids: "},
	"open.check_text":  {"任何人都可以只凭公开日志核验：开启的每一份投标文件都是截止前记入日志、且未撤回的承诺值；每个投标人还可以用自己的投标回执证明其投标已被开启。", "Anyone can check from the public log alone that every opened bid is a commitment logged before the deadline and not withdrawn; each bidder can also show with its receipt that its bid was opened."},
	"fail.next_text":   {"采购人或采购代理机构将依法修改采购文件后重新组织采购，或经财政部门批准变更采购方式，另行公告。", "The purchaser or its agency will fix the documents and procure again, or change the method with the finance department's approval; a new notice will follow."},
}
