package rules

import (
	"fmt"
	"slices"

	"github.com/goumai/goumai"
)

// MethodOption is one procurement method as the rules see it for a purchase:
// whether it may be used, whether it needs a finance department's approval
// first, and why (shown to the purchaser and the approver).
type MethodOption struct {
	Method        goumai.ProcurementMethod `json:"method"`
	Allowed       bool                     `json:"allowed"`
	NeedsApproval bool                     `json:"needs_approval"` // by a finance department of 设区的市 level or above (ENG-C1)
	Publicity     bool                     `json:"publicity"`      // single source on the sole-supplier ground: 单一来源公示 first (ENG-C5)
	Reasons       []goumai.MethodReason    `json:"reasons,omitempty"`
	Why           goumai.Msg               `json:"why"`
	Rule          string                   `json:"rule"`
}

// Purchase is what method selection looks at.
type Purchase struct {
	Amount    goumai.Fen
	Category  Category
	OfService bool // a purchase of services (政府购买服务): 竞争性磋商 is always allowed (N214 Art. 3)
}

// MethodOptions lists every method, offered or not, with whether this purchase
// may use it under p (ENG-C1–C5). 询价 is listed to say why it is refused.
func MethodOptions(pu Purchase, p Params) []MethodOption {
	above := pu.Amount >= p.OpenTenderThreshold
	th := p.OpenTenderThreshold.Yuan()
	var out []MethodOption
	for _, m := range append(slices.Clone(goumai.ProcurementMethods), goumai.MethodInquiry) {
		o := MethodOption{Method: m, Allowed: true}
		cfg := goumai.MethodConfigs[m]
		o.Reasons = cfg.Reasons
		switch {
		case m == goumai.MethodInquiry && pu.Category != Goods:
			o.Allowed, o.Rule = false, "ENG-C4"
			o.Why = goumai.M("询价仅适用于货物（《政府采购法》第三十二条），服务不得采用", "inquiry (询价) is for goods only (GPL Art. 32); a service may not use it")
		case m == goumai.MethodInquiry:
			o.Allowed, o.Rule = false, "ENG-C4"
			o.Why = goumai.M("本平台只办理政府购买服务，不提供询价", "goumai buys services and does not offer inquiry")
		case m == goumai.MethodOpenTender:
			o.Rule = "ENG-C1"
			o.Why = goumai.M("公开招标是政府采购的主要方式，任何金额均可采用（《政府采购法》第二十六条）", "open tender is the main method and always allowed (GPL Art. 26)")
			if above {
				o.Why = goumai.M(fmt.Sprintf("预算达到公开招标数额标准（%s元），应当公开招标（《政府采购法》第二十七条）", th),
					fmt.Sprintf("the budget reaches the open-tender threshold (¥%s): open tender is required (GPL Art. 27)", th))
			}
		case m == goumai.MethodConsultation && pu.OfService:
			o.Rule = "ENG-C4"
			o.Reasons = []goumai.MethodReason{goumai.ReasonPurchaseOfServices}
			o.Why = goumai.M("政府购买服务项目可以采用竞争性磋商（财库〔2014〕214号第三条）", "a purchase of services may use competitive consultation (N214 Art. 3)")
		default:
			o.Rule = "ENG-C4"
			o.Why = goumai.M("须符合法定适用情形之一并说明理由", "needs one of the legal grounds, stated")
		}
		if o.Allowed && above && m != goumai.MethodOpenTender {
			o.NeedsApproval, o.Rule = true, "ENG-C1"
			o.Why = goumai.M(fmt.Sprintf("预算达到公开招标数额标准（%s元），采用公开招标以外的方式须经设区的市级以上人民政府财政部门批准（《政府采购法实施条例》第二十三条）", th),
				fmt.Sprintf("the budget reaches the open-tender threshold (¥%s): another method needs the approval of a finance department of a city with districts or above (GPL-IR Art. 23)", th))
		}
		out = append(out, o)
	}
	return out
}

// CheckMethod refuses a method the rules do not allow for this purchase, or a
// ground that is not one of the method's (ENG-C4); it returns the option with
// whether approval (ENG-C1) and single-source publicity (ENG-C5) are needed.
func CheckMethod(pu Purchase, p Params, m goumai.ProcurementMethod, reason goumai.MethodReason) (MethodOption, error) {
	for _, o := range MethodOptions(pu, p) {
		if o.Method != m {
			continue
		}
		if !o.Allowed {
			return o, &goumai.Error{Code: goumai.EInvalid, Rule: o.Rule, Message: o.Why, Fields: map[string]goumai.Msg{"method": o.Why}}
		}
		if len(o.Reasons) > 0 && !slices.Contains(o.Reasons, reason) {
			msg := goumai.M("请选择该采购方式的法定适用情形（《政府采购法》第二十九至三十一条；财库〔2014〕214号第三条）",
				"choose one of the method's legal grounds (GPL Arts. 29–31; N214 Art. 3)")
			return o, &goumai.Error{Code: goumai.EInvalid, Rule: "ENG-C4", Message: msg, Fields: map[string]goumai.Msg{"reason": msg}}
		}
		o.Publicity = m == goumai.MethodSingleSource && reason == goumai.ReasonSoleSupplier && pu.Amount >= p.OpenTenderThreshold
		return o, nil
	}
	msg := goumai.M("未知的采购方式", "unknown procurement method")
	return MethodOption{}, &goumai.Error{Code: goumai.EInvalid, Message: msg, Fields: map[string]goumai.Msg{"method": msg}}
}

// Splitting is the 化整为零 check (ENG-C3, GPL-IR Art. 28): within one fiscal
// year, a purchaser's non-tender purchases under one budget item and one
// category, together with this one, above the open-tender threshold.
type Splitting struct {
	FiscalYear int        `json:"fiscal_year"`
	Earlier    goumai.Fen `json:"earlier"`   // earlier non-tender purchases of the year, same budget item and category
	Total      goumai.Fen `json:"total"`     // with this one
	Threshold  goumai.Fen `json:"threshold"` // the open-tender threshold
	Flagged    bool       `json:"flagged"`
	Why        goumai.Msg `json:"why"`
}

// CheckSplitting computes ENG-C3 for a non-tender purchase of amount after
// earlier ones (the sum of the purchaser's other non-tender purchases of the
// fiscal year under the same budget item and category, each below the
// threshold and none with an approved method: Tx.EarlierNonTender): flagged
// when the total exceeds the threshold. GPL-IR Art. 28 excepts purchases
// whose method was approved; a purchase at or above the threshold by itself
// is not split — it needs that approval anyway (ENG-C1). The approver sees
// the figures.
func CheckSplitting(earlier, amount goumai.Fen, m goumai.ProcurementMethod, approved bool, p Params) Splitting {
	s := Splitting{Earlier: earlier, Total: earlier + amount, Threshold: p.OpenTenderThreshold}
	if m == goumai.MethodOpenTender || earlier == 0 || amount >= p.OpenTenderThreshold {
		return s
	}
	if s.Total > s.Threshold && !approved {
		s.Flagged = true
		s.Why = goumai.M(fmt.Sprintf("本财政年度同一预算项目下同一品目以公开招标以外方式累计采购%s元，超过公开招标数额标准%s元，属于以化整为零方式规避公开招标（《政府采购法实施条例》第二十八条）",
			s.Total.Yuan(), s.Threshold.Yuan()),
			fmt.Sprintf("this fiscal year's non-tender purchases under the same budget item and category total ¥%s, above the open-tender threshold ¥%s: splitting to evade open tender (GPL-IR Art. 28)",
				s.Total.Yuan(), s.Threshold.Yuan()))
	}
	return s
}
