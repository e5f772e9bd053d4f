package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
)

// TestParamsCheck has one row per clause of Params.Check: each row changes the
// national services values and names the field refused and the rule it cites,
// or "" when the change is within what a jurisdiction may do.
func TestParamsCheck(t *testing.T) {
	svc := func(f func(p *Params)) Params {
		p := NationalDefaults(Services)
		p.Jurisdiction, p.Source = "330000", "浙财采监〔2026〕1号"
		f(&p)
		return p
	}
	goods := func(f func(p *Params)) Params {
		p := NationalDefaults(Goods)
		f(&p)
		return p
	}
	tests := []struct {
		name   string
		p      Params
		field  string // "" when valid
		rule   string
		saying string // a part of the field's Chinese message
	}{
		{"national goods", NationalDefaults(Goods), "", "", ""},
		{"national works", NationalDefaults(Works), "", "", ""},
		{"national services", NationalDefaults(Services), "", "", ""},

		// Which values these are.
		{"jurisdiction not a code", svc(func(p *Params) { p.Jurisdiction = "33" }), "jurisdiction", "", "6位"},
		{"unknown category", svc(func(p *Params) { p.Category = "land" }), "category", "", "货物、工程或服务"},
		{"no effective date", svc(func(p *Params) { p.EffectiveFrom = time.Time{} }), "effective_from", "", "请填写"},
		{"effective date not a Shanghai midnight (UTC midnight)", svc(func(p *Params) { p.EffectiveFrom = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC) }), "effective_from", "", "零时"},
		{"effective date a Shanghai midnight given in UTC", svc(func(p *Params) { p.EffectiveFrom = time.Date(2026, 12, 31, 16, 0, 0, 0, time.UTC) }), "", "", ""},
		{"no source", svc(func(p *Params) { p.Source = "" }), "source", "", "文号"},
		{"source too long", svc(func(p *Params) { p.Source = strings.Repeat("文", MaxParamsSource+1) }), "source", "", "500"},

		// ENG-C1, ENG-C2.
		{"decentralised limit zero", svc(func(p *Params) { p.DecentralisedLimit = 0 }), "decentralised_limit", "ENG-C2", "大于零"},
		{"open-tender threshold negative", svc(func(p *Params) { p.OpenTenderThreshold = -1 }), "open_tender_threshold", "ENG-C1", "大于零"},
		{"open-tender threshold above goumai's amounts", svc(func(p *Params) { p.OpenTenderThreshold = goumai.MaxFen + 1 }), "open_tender_threshold", "ENG-C1", ""},
		{"decentralised limit above the open-tender threshold", svc(func(p *Params) { p.DecentralisedLimit = p.OpenTenderThreshold + 1 }), "decentralised_limit", "ENG-C2", "不得高于公开招标数额标准"},
		{"decentralised limit equal to the threshold", svc(func(p *Params) { p.DecentralisedLimit = p.OpenTenderThreshold }), "", "", ""},
		{"a province's own thresholds (Sichuan 2021)", svc(func(p *Params) { p.DecentralisedLimit, p.OpenTenderThreshold = 30_000_000, 400_000_000 }), "", "", ""},

		// ENG-D1–D5, ENG-C5: lengthen, never shorten.
		{"tender period shortened", svc(func(p *Params) { p.TenderMinDays = 19 }), "tender_min_days", "ENG-D1", "不得少于20日：地方可以延长法定期限，不得缩短（ENG-D1，《政府采购法》第三十五条）"},
		{"tender period lengthened", svc(func(p *Params) { p.TenderMinDays = 25 }), "", "", ""},
		{"tender period above a year", svc(func(p *Params) { p.TenderMinDays = 400 }), "tender_min_days", "ENG-D1", "最多366日"},
		{"documents available shortened", svc(func(p *Params) { p.DocsAvailableMinWD = 4 }), "docs_available_min_wd", "ENG-D1", "不得少于5个工作日"},
		{"tender clarification shortened", svc(func(p *Params) { p.TenderClarifyMinDays = 14 }), "tender_clarify_min_days", "ENG-D2", "不得少于15日"},
		{"consultation period shortened", svc(func(p *Params) { p.ConsultMinDays = 9 }), "consult_min_days", "ENG-D3", "不得少于10日"},
		{"consultation clarification shortened", svc(func(p *Params) { p.ConsultClarifyMinDays = 4 }), "consult_clarify_min_days", "ENG-D2", "不得少于5日"},
		{"negotiation period shortened", svc(func(p *Params) { p.NegotiationMinWD = 2 }), "negotiation_min_wd", "ENG-D4", "不得少于3个工作日"},
		{"negotiation clarification shortened", svc(func(p *Params) { p.NegotiationClarifyMinWD = 0 }), "negotiation_clarify_min_wd", "ENG-D2", "不得少于3个工作日"},
		{"prequalification shortened", svc(func(p *Params) { p.PrequalMinWD = 3 }), "prequal_min_wd", "ENG-D5", "不得少于5个工作日"},
		{"single-source publicity shortened", svc(func(p *Params) { p.SingleSourcePublicityWD = 3 }), "single_source_publicity_wd", "ENG-C5", "不得少于5个工作日"},

		// ENG-F1, ENG-F2: odd, never smaller.
		{"committee below 5", svc(func(p *Params) { p.PanelMin = 3 }), "panel_min", "ENG-F1", "不得少于5人"},
		{"committee even", svc(func(p *Params) { p.PanelMin = 6 }), "panel_min", "ENG-F1", "单数"},
		{"committee enlarged", svc(func(p *Params) { p.PanelMin, p.PanelMinLarge = 7, 9 }), "", "", ""},
		{"large committee below 7", svc(func(p *Params) { p.PanelMinLarge = 5 }), "panel_min_large", "ENG-F1", "不得少于7人"},
		{"large committee smaller than the ordinary one", svc(func(p *Params) { p.PanelMin = 9 }), "panel_min_large", "ENG-F1", "不得少于9人"},
		{"large committee even", svc(func(p *Params) { p.PanelMinLarge = 8 }), "panel_min_large", "ENG-F1", "单数"},
		{"large-tender budget raised", svc(func(p *Params) { p.PanelLargeBudget = 2_000_000_000 }), "panel_large_budget", "ENG-F1", "不得提高"},
		{"large-tender budget lowered", svc(func(p *Params) { p.PanelLargeBudget = 500_000_000 }), "", "", ""},
		{"large-tender budget missing", svc(func(p *Params) { p.PanelLargeBudget = 0 }), "panel_large_budget", "ENG-F1", "须填写"},
		{"small panel below 3", svc(func(p *Params) { p.SmallPanelMin = 1 }), "small_panel_min", "ENG-F2", "不得少于3人"},
		{"small panel even", svc(func(p *Params) { p.SmallPanelMin = 4 }), "small_panel_min", "ENG-F2", "单数"},
		{"small panel at the threshold below 5", svc(func(p *Params) { p.SmallPanelThreshold = 3 }), "small_panel_threshold", "ENG-F2", "不得少于5人"},
		{"experts below two thirds", svc(func(p *Params) { p.ExpertShareMinPct = 60 }), "expert_share_min_pct", "ENG-F1", "三分之二"},
		{"experts above all members", svc(func(p *Params) { p.ExpertShareMinPct = 101 }), "expert_share_min_pct", "ENG-F1", "最多100"},

		// ENG-G2: floors raised, never lowered; 0–100; min ≤ max.
		{"services tender floor lowered", svc(func(p *Params) { p.TenderPriceWeightMinPct = 5 }), "tender_price_weight_min_pct", "ENG-G2", "不得低于10%"},
		{"goods tender floor lowered", goods(func(p *Params) { p.TenderPriceWeightMinPct = 20 }), "tender_price_weight_min_pct", "ENG-G2", "不得低于30%"},
		{"tender floor raised (a county's 50 %)", svc(func(p *Params) { p.TenderPriceWeightMinPct = 50 }), "", "", ""},
		{"tender ceiling above 100", svc(func(p *Params) { p.TenderPriceWeightMaxPct = 101 }), "tender_price_weight_max_pct", "ENG-G2", "0至100"},
		{"tender floor negative", svc(func(p *Params) { p.TenderPriceWeightMinPct = -1 }), "tender_price_weight_min_pct", "ENG-G2", "0至100"},
		{"tender floor above its ceiling", svc(func(p *Params) { p.TenderPriceWeightMinPct, p.TenderPriceWeightMaxPct = 60, 50 }), "tender_price_weight_max_pct", "ENG-G2", "不得低于下限"},
		{"consultation floor lowered", svc(func(p *Params) { p.ConsultPriceWeightMinPct = 8 }), "consult_price_weight_min_pct", "ENG-G2", "不得低于10%"},
		{"consultation ceiling raised", svc(func(p *Params) { p.ConsultPriceWeightMaxPct = 40 }), "consult_price_weight_max_pct", "ENG-G2", "不得高于30%"},
		{"consultation floor above its ceiling", svc(func(p *Params) { p.ConsultPriceWeightMinPct = 25; p.ConsultPriceWeightMaxPct = 20 }), "consult_price_weight_max_pct", "ENG-G2", "不得低于下限"},

		// ENG-G9: caps lowered, never raised.
		{"bid bond above 2 %", svc(func(p *Params) { p.BidBondMaxPerMille = 30 }), "bid_bond_max_per_mille", "ENG-G9", "不得超过2%"},
		{"bid bond abolished", svc(func(p *Params) { p.BidBondMaxPerMille = 0 }), "", "", ""},
		{"bid bond negative", svc(func(p *Params) { p.BidBondMaxPerMille = -5 }), "bid_bond_max_per_mille", "ENG-G9", "负数"},
		{"performance bond above 10 %", svc(func(p *Params) { p.PerformanceBondMaxPerMille = 150 }), "performance_bond_max_per_mille", "ENG-G9", "不得超过10%"},
		{"performance bond lowered to 5 %", svc(func(p *Params) { p.PerformanceBondMaxPerMille = 50 }), "", "", ""},

		// ENG-G4: ranges.
		{"SME deduction reversed", svc(func(p *Params) { p.SMEDeductionMinPct, p.SMEDeductionMaxPct = 20, 10 }), "sme_deduction_max_pct", "ENG-G4", "不得低于下限"},
		{"SME deduction fixed at 20 %", svc(func(p *Params) { p.SMEDeductionMinPct = 20 }), "", "", ""},
		{"SME deduction negative", svc(func(p *Params) { p.SMEDeductionMinPct = -1 }), "sme_deduction_min_pct", "ENG-G4", "0至100"},
		{"consortium deduction above 100", svc(func(p *Params) { p.SMEConsortiumMaxPct = 101 }), "sme_consortium_max_pct", "ENG-G4", "0至100"},
		{"consortium deduction reversed", svc(func(p *Params) { p.SMEConsortiumMinPct = 7 }), "sme_consortium_max_pct", "ENG-G4", "不得低于下限"},

		// ENG-G7: (0, 100].
		{"abnormal low: mean share zero", svc(func(p *Params) { p.AbnormalLowMeanPct = 0 }), "abnormal_low_mean_pct", "ENG-G7", "大于0且不超过100"},
		{"abnormal low: second-lowest share above 100", svc(func(p *Params) { p.AbnormalLowSecondPct = 101 }), "abnormal_low_second_pct", "ENG-G7", "大于0且不超过100"},
		{"abnormal low: ceiling share negative", svc(func(p *Params) { p.AbnormalLowCeilingPct = -45 }), "abnormal_low_ceiling_pct", "ENG-G7", "大于0且不超过100"},
		{"abnormal low: the 2026 notice's 55 %", svc(func(p *Params) { p.AbnormalLowSecondPct = 55 }), "", "", ""},

		// REQ-C25, ENG-J1: payment.
		{"finance threshold negative", svc(func(p *Params) { p.FinanceApprovalThreshold = -1 }), "finance_approval_threshold", "REQ-C25", "不能为负数"},
		{"finance threshold above goumai's amounts", svc(func(p *Params) { p.FinanceApprovalThreshold = goumai.MaxFen + 1 }), "finance_approval_threshold", "REQ-C25", ""},
		{"finance threshold zero: every payment", svc(func(p *Params) { p.FinanceApprovalThreshold = 0 }), "", "", ""},
		{"finance threshold lowered to ¥200,000", svc(func(p *Params) { p.FinanceApprovalThreshold = 20_000_000 }), "", "", ""},
		{"final deduction negative", svc(func(p *Params) { p.FinalDeductionExcellentPct = -1 }), "final_deduction_excellent_pct", "ENG-J1", "0至100"},
		{"final deduction above 100", svc(func(p *Params) { p.FinalDeductionPoorPct = 101 }), "final_deduction_poor_pct", "ENG-J1", "0至100"},
		{"final deduction of 优 above 良", svc(func(p *Params) { p.FinalDeductionExcellentPct = 5 }), "final_deduction_excellent_pct", "ENG-J1", "优的尾款扣减比例（5%）不得高于评价为良的（0%）"},
		{"final deduction of 良 above 中", svc(func(p *Params) { p.FinalDeductionGoodPct = 20 }), "final_deduction_good_pct", "ENG-J1", "不得高于评价为中的"},
		{"final deduction of 中 above 差", svc(func(p *Params) { p.FinalDeductionFairPct = 40 }), "final_deduction_fair_pct", "ENG-J1", "不得高于评价为差的"},
		{"final deductions raised in order (5, 10, 20, 100)", svc(func(p *Params) {
			p.FinalDeductionExcellentPct, p.FinalDeductionGoodPct, p.FinalDeductionFairPct, p.FinalDeductionPoorPct = 5, 10, 20, 100
		}), "", "", ""},
		{"final deductions all zero", svc(func(p *Params) { p.FinalDeductionFairPct, p.FinalDeductionPoorPct = 0, 0 }), "", "", ""},
		{"overdue interest below 0.05 % a day", svc(func(p *Params) { p.OverdueInterestPer10000 = 4 }), "overdue_interest_per_10000", "REQ-C25", "每日利率万分之5支付逾期利息：地方不得降低（REQ-C25，《保障中小企业款项支付条例》第十五条）"},
		{"overdue interest negative", svc(func(p *Params) { p.OverdueInterestPer10000 = -5 }), "overdue_interest_per_10000", "REQ-C25", "不得降低"},
		{"overdue interest above 1 % a day", svc(func(p *Params) { p.OverdueInterestPer10000 = 101 }), "overdue_interest_per_10000", "REQ-C25", "最多每日万分之100"},
		{"overdue interest raised to 0.1 % a day", svc(func(p *Params) { p.OverdueInterestPer10000 = 10 }), "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Check()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Check: %v, want nil", err)
				}
				return
			}
			e := goumai.AsError(err)
			if err == nil || e.Code != goumai.EInvalid {
				t.Fatalf("Check: %v, want invalid", err)
			}
			if len(e.Fields) != 1 {
				t.Errorf("fields %v, want only %s", e.Fields, tt.field)
			}
			m, ok := e.Fields[tt.field]
			if !ok {
				t.Fatalf("fields %v, want %s", e.Fields, tt.field)
			}
			if !strings.Contains(m.ZH, tt.saying) || m.EN == "" {
				t.Errorf("%s: %q, want it to say %q (and English)", tt.field, m.ZH, tt.saying)
			}
			if e.Rule != tt.rule {
				t.Errorf("rule %q, want %q", e.Rule, tt.rule)
			}
			if tt.rule != "" && (!strings.Contains(m.ZH, tt.rule) || !strings.Contains(m.EN, tt.rule)) {
				t.Errorf("%s: %q / %q does not name %s", tt.field, m.ZH, m.EN, tt.rule)
			}
		})
	}
}

// TestParamsCheckSeveral reports every field at once, the first rule broken as the error's.
func TestParamsCheckSeveral(t *testing.T) {
	p := NationalDefaults(Services)
	p.TenderMinDays, p.PanelMin, p.BidBondMaxPerMille = 10, 4, 50
	e := goumai.AsError(p.Check())
	if len(e.Fields) != 3 || e.Rule != "ENG-D1" {
		t.Errorf("fields %v, rule %q; want three fields and ENG-D1", e.Fields, e.Rule)
	}
	if !strings.Contains(e.Fields["tender_min_days"].EN, "a jurisdiction may lengthen a statutory period, never shorten it (ENG-D1, GPL Art. 35)") {
		t.Errorf("tender_min_days: %q", e.Fields["tender_min_days"].EN)
	}
}
