package rules

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goumai/goumai"
)

// The contract's rules (issue 10 item 2): the amount within the award, the
// term (ENG-H1), the mandatory fields (ENG-H2), no financing guarantee
// (ENG-H5) and the 30 days to sign after the result notice (ENG-D6; GPL Art.
// 46). The freeze while a challenge or complaint is open (ENG-D8) is the
// workflow's CheckNotFrozen.

// CheckContract applies the rules a contract's draft must meet whenever it is
// written: an amount above zero and within the award (GPL Art. 46: the
// contract follows the award; more is a supplementary contract, ENG-H3), the
// term (ENG-H1), a start date, texts of bounded length, never a guarantee
// of the supplier's financing (ENG-H5), and the milestones (CheckMilestones).
// Every problem is reported at once.
func CheckContract(c goumai.Contract) error {
	var ps Problems
	const art46, art46EN = "（《政府采购法》第四十六条：按照采购文件确定的事项签订）", " (GPL Art. 46: signed on the terms of the award)"
	switch {
	case c.Amount <= 0:
		ps.add("amount", "ENG-H2", "请填写合同金额（大于零）"+art46, "the contract amount must be above zero"+art46EN)
	case c.Amount > c.AwardAmount:
		ps.add("amount", "ENG-H2", "合同金额不得超过中标（成交）金额 "+c.AwardAmount.Yuan()+" 元"+art46,
			"the contract amount may not exceed the award of "+c.AwardAmount.Yuan()+" yuan"+art46EN)
	}
	ps.merge(CheckTerm(c.TermMonths, c.LongTerm))
	if _, err := time.ParseInLocation(time.DateOnly, c.StartOn, goumai.Shanghai); err != nil {
		ps.add("start_on", "ENG-H2", "请填写合同履行起始日期（YYYY-MM-DD）", "give the term's first day (YYYY-MM-DD)")
	}
	ps.noGuarantee(c.FinancingGuarantee)
	if utf8.RuneCountInString(strings.TrimSpace(c.Title)) > MaxProjectTitle {
		ps.add("title", "", "合同名称不能超过200个字", "the title has at most 200 characters")
	}
	for _, f := range contractFields(c.Terms) {
		if utf8.RuneCountInString(f.value) > MaxProjectText {
			ps.add("terms."+f.name, "", "每项条款不能超过5000个字", "each term has at most 5000 characters")
		}
	}
	ps.merge(CheckMilestones(c))
	return ps.Err()
}

// noGuarantee refuses a guarantee of the supplier's financing, wherever it
// would be recorded: a draft, an update, a supplementary contract (ENG-H5).
func (ps *Problems) noGuarantee(guarantee bool) {
	if guarantee {
		ps.add("financing_guarantee", "ENG-H5", "购买主体不得以任何形式为承接主体的融资行为提供担保（《政府购买服务管理办法》第二十九条）",
			"the purchaser may never guarantee the supplier's financing against the contract (O102 Art. 29)")
	}
}

type contractField struct {
	name, value string
	label       goumai.Msg
}

// contractFields are the fields of ENG-H2 and the place, in order.
func contractFields(t goumai.ContractTerms) []contractField {
	return []contractField{
		{"service_content", t.ServiceContent, goumai.M("服务内容", "service content")},
		{"quantity", t.Quantity, goumai.M("服务数量", "quantity")},
		{"quality", t.Quality, goumai.M("服务质量", "quality")},
		{"price", t.Price, goumai.M("服务价格", "price")},
		{"settlement", t.Settlement, goumai.M("资金结算方式", "settlement method")},
		{"rights_obligations", t.RightsObligations, goumai.M("双方的权利义务", "rights and obligations")},
		{"breach_liability", t.BreachLiability, goumai.M("违约责任", "breach liability")},
		{"place", t.Place, goumai.M("履约地点", "place of performance")},
	}
}

// CheckContractComplete applies ENG-H2 before a signature (O102 Art. 23):
// service content, term, quantity, quality, price, settlement method, rights
// and obligations and breach liability are all written, with the place of
// performance the 合同公告 names (REQ-C21).
func CheckContractComplete(c goumai.Contract) error {
	var ps Problems
	ps.merge(CheckContract(c))
	for _, f := range contractFields(c.Terms) {
		if strings.TrimSpace(f.value) == "" {
			ps.add("terms."+f.name, "ENG-H2", "签订前须写明"+f.label.ZH+"（《政府购买服务管理办法》第二十三条）",
				"the "+f.label.EN+" must be written before signing (O102 Art. 23)")
		}
	}
	return ps.Err()
}

// ContractSignBy is the end of the 30th calendar day after the result notice
// (GPL Art. 46: 自中标、成交通知书发出之日起三十日内; ENG-D6), Beijing time.
func ContractSignBy(noticeAt time.Time) time.Time {
	d := noticeAt.In(goumai.Shanghai)
	return time.Date(d.Year(), d.Month(), d.Day()+goumai.ContractSignDays+1, 0, 0, 0, 0, goumai.Shanghai)
}

// CheckSignWindow refuses a signature after ContractSignBy (ENG-D6).
func CheckSignWindow(now, signBy time.Time) error {
	if now.Before(signBy) {
		return nil
	}
	last := signBy.Add(-time.Second).In(goumai.Shanghai).Format(time.DateOnly)
	return &goumai.Error{Code: goumai.EConflict, Rule: "ENG-D6", Message: goumai.M(
		"应当自中标（成交）通知书发出之日起三十日内签订合同，期限已于"+last+"届满（《政府采购法》第四十六条，ENG-D6）",
		"the contract must be signed within 30 days of the award notice; the limit ended on "+last+" (GPL Art. 46, ENG-D6)")}
}

// ContractPeriod returns the term's last day and the budget years it spans,
// from its first day (YYYY-MM-DD) and length in months.
func ContractPeriod(startOn string, months int) (endOn string, years []int, ok bool) {
	start, err := time.ParseInLocation(time.DateOnly, startOn, goumai.Shanghai)
	if err != nil || months <= 0 {
		return "", nil, false
	}
	end := start.AddDate(0, months, -1)
	for y := start.Year(); y <= end.Year(); y++ {
		years = append(years, y)
	}
	return end.Format(time.DateOnly), years, true
}
