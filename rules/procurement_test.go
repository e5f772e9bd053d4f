package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
)

func mustCalendar(t *testing.T) *Calendar {
	t.Helper()
	c, err := NewCalendar()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func sh(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, goumai.Shanghai)
}

// eod is the end of a day, as a period's last day ends.
func eod(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 23, 59, 59, 0, goumai.Shanghai)
}

// TestMethodOptions: one row per clause of ENG-C1, ENG-C4 and ENG-C5.
func TestMethodOptions(t *testing.T) {
	p := NationalDefaults(Services)
	small, large := Purchase{Amount: 150_000_000, Category: Services, OfService: true}, Purchase{Amount: 300_000_000, Category: Services, OfService: true}
	for _, c := range []struct {
		name      string
		pu        Purchase
		m         goumai.ProcurementMethod
		reason    goumai.MethodReason
		code      goumai.Code
		rule      string
		approval  bool
		publicity bool
	}{
		{"open tender below the threshold", small, goumai.MethodOpenTender, "", "", "", false, false},
		{"open tender at the threshold (ENG-C1)", large, goumai.MethodOpenTender, "", "", "", false, false},
		{"consultation for a purchase of services (ENG-C4, N214 Art. 3)", small, goumai.MethodConsultation, goumai.ReasonPurchaseOfServices, "", "", false, false},
		{"consultation above the threshold needs approval (ENG-C1)", large, goumai.MethodConsultation, goumai.ReasonPurchaseOfServices, "", "", true, false},
		{"consultation with a ground it does not have", small, goumai.MethodConsultation, goumai.ReasonUrgency, goumai.EInvalid, "ENG-C4", false, false},
		{"invited tender: restricted supply", small, goumai.MethodInvitedTender, goumai.ReasonRestrictedSupply, "", "", false, false},
		{"invited tender: disproportionate cost", small, goumai.MethodInvitedTender, goumai.ReasonDisproportionateCost, "", "", false, false},
		{"invited tender without a ground", small, goumai.MethodInvitedTender, "", goumai.EInvalid, "ENG-C4", false, false},
		{"negotiation: failed tender", small, goumai.MethodCompetitiveNeg, goumai.ReasonFailedTender, "", "", false, false},
		{"negotiation: cannot specify", small, goumai.MethodCompetitiveNeg, goumai.ReasonCannotSpecify, "", "", false, false},
		{"negotiation: unforeseeable urgency", small, goumai.MethodCompetitiveNeg, goumai.ReasonUrgency, "", "", false, false},
		{"negotiation: price unknown", small, goumai.MethodCompetitiveNeg, goumai.ReasonPriceUnknown, "", "", false, false},
		{"negotiation with the sole-supplier ground", small, goumai.MethodCompetitiveNeg, goumai.ReasonSoleSupplier, goumai.EInvalid, "ENG-C4", false, false},
		{"single source: sole supplier below the threshold", small, goumai.MethodSingleSource, goumai.ReasonSoleSupplier, "", "", false, false},
		{"single source: sole supplier at the threshold: publicity and approval (ENG-C5)", large, goumai.MethodSingleSource, goumai.ReasonSoleSupplier, "", "", true, true},
		{"single source: emergency at the threshold: approval, no publicity", large, goumai.MethodSingleSource, goumai.ReasonEmergency, "", "", true, false},
		{"single source: add-on", small, goumai.MethodSingleSource, goumai.ReasonAddOn, "", "", false, false},
		{"inquiry for a service (ENG-C4)", small, goumai.MethodInquiry, "", goumai.EInvalid, "ENG-C4", false, false},
		{"an unknown method", small, "auction", "", goumai.EInvalid, "", false, false},
	} {
		o, err := CheckMethod(c.pu, p, c.m, c.reason)
		e := goumai.AsError(err)
		if goumai.ErrorCode(err) != c.code || err != nil && e.Rule != c.rule {
			t.Errorf("%s: %v, want %q %q", c.name, err, c.code, c.rule)
			continue
		}
		if err == nil && (o.NeedsApproval != c.approval || o.Publicity != c.publicity) {
			t.Errorf("%s: approval %v publicity %v, want %v %v", c.name, o.NeedsApproval, o.Publicity, c.approval, c.publicity)
		}
	}
	// A province's own threshold moves the line (ENG-C1 by jurisdiction).
	zj := p
	zj.OpenTenderThreshold = 400_000_000
	if o, err := CheckMethod(large, zj, goumai.MethodConsultation, goumai.ReasonPurchaseOfServices); err != nil || o.NeedsApproval {
		t.Errorf("below a province's higher threshold: %+v %v", o, err)
	}
}

// TestSplitting: ENG-C3, one row per clause.
func TestSplitting(t *testing.T) {
	p := NationalDefaults(Services)
	for _, c := range []struct {
		name              string
		earlier, amount   goumai.Fen
		m                 goumai.ProcurementMethod
		approved, flagged bool
	}{
		{"first purchase of the year", 0, 150_000_000, goumai.MethodConsultation, false, false},
		{"below the threshold together", 40_000_000, 150_000_000, goumai.MethodConsultation, false, false},
		{"exactly the threshold together", 50_000_000, 150_000_000, goumai.MethodConsultation, false, false},
		{"above the threshold together", 60_000_000, 150_000_000, goumai.MethodConsultation, false, true},
		{"above, but the method was approved", 60_000_000, 150_000_000, goumai.MethodConsultation, true, false},
		{"open tender never splits", 160_000_000, 150_000_000, goumai.MethodOpenTender, false, false},
		{"itself at the threshold: judged by its own approval, not split", 60_000_000, 200_000_000, goumai.MethodCompetitiveNeg, false, false},
	} {
		s := CheckSplitting(c.earlier, c.amount, c.m, c.approved, p)
		if s.Flagged != c.flagged || s.Flagged && !strings.Contains(s.Why.ZH, "化整为零") {
			t.Errorf("%s: %+v", c.name, s)
		}
	}
}

func goodDocs() goumai.Documents {
	return goumai.Documents{Requirements: "上门服务", Evaluation: goumai.EvalComprehensive, PriceWeightPct: 20,
		Qualifications: []goumai.Qualification{{Name: "具有独立承担民事责任的能力"}, {Name: "养老服务机构备案"}},
		Scoring: []goumai.ScoringItem{
			{Name: "价格", Factor: goumai.FactorPrice, Points: 20},
			{Name: "服务方案", Factor: goumai.FactorTechnical, Points: 50, Rule: "按方案完整性评分",
				Ranges: []goumai.ScoreRange{{Condition: "完整且可行", Points: 50}, {Condition: "基本完整", Points: 30}, {Condition: "不完整", Points: 10}}},
			{Name: "持证人员比例", Factor: goumai.FactorService, Points: 30, Rule: "持证护理员占比",
				Ranges: []goumai.ScoreRange{{Condition: "≥90%", Points: 30}, {Condition: "70%–90%", Points: 20}, {Condition: "<70%", Points: 0}}}}}
}

// TestCheckDocuments: ENG-A7, ENG-G1, ENG-G2, ENG-G5, ENG-G9, one row per clause.
func TestCheckDocuments(t *testing.T) {
	p := NationalDefaults(Services)
	lots := []goumai.Lot{{Number: 1, Title: "一包", Budget: 100_000_000, BidBond: 2_000_000}}
	consult := DocumentContext{Method: goumai.MethodConfigs[goumai.MethodConsultation], Params: p, Budget: 100_000_000, Lots: lots}
	tender := consult
	tender.Method = goumai.MethodConfigs[goumai.MethodOpenTender]
	for _, c := range []struct {
		name  string
		ctx   DocumentContext
		edit  func(d *goumai.Documents, c *DocumentContext)
		field string
		rule  string
	}{
		{"documents that pass", consult, func(*goumai.Documents, *DocumentContext) {}, "", ""},
		{"size as a qualification (ENG-A7)", consult, func(d *goumai.Documents, _ *DocumentContext) {
			d.Qualifications = append(d.Qualifications, goumai.Qualification{Name: "注册资本不低于500万元"})
		}, "qualifications.2", "ENG-A7"},
		{"headcount as a scoring rule (ENG-A7)", consult, func(d *goumai.Documents, _ *DocumentContext) { d.Scoring[1].Rule = "按从业人员数量评分" }, "scoring.1", "ENG-A7"},
		{"a local track record (ENG-A7)", consult, func(d *goumai.Documents, _ *DocumentContext) { d.Scoring[2].Name = "本市业绩" }, "scoring.2", "ENG-A7"},
		{"a local branch required (ENG-A7)", consult, func(d *goumai.Documents, _ *DocumentContext) {
			d.Qualifications[1].Detail = "须在本地设立分支机构"
		}, "qualifications.1", "ENG-A7"},
		{"a brand named (ENG-A7)", consult, func(d *goumai.Documents, _ *DocumentContext) { d.Qualifications[1].Detail = "指定品牌护理床" }, "qualifications.1", "ENG-A7"},
		{"a qualification reused as a scoring factor (ENG-A7)", consult, func(d *goumai.Documents, _ *DocumentContext) {
			d.Scoring[2].Name = "养老服务机构备案"
		}, "scoring.2", "ENG-A7"},
		{"an unknown evaluation method (ENG-G1)", consult, func(d *goumai.Documents, _ *DocumentContext) { d.Evaluation = "average" }, "evaluation", "ENG-G1"},
		{"lowest price with scoring items (ENG-G1)", consult, func(d *goumai.Documents, _ *DocumentContext) { d.Evaluation = goumai.EvalLowestPrice }, "scoring", "ENG-G1"},
		{"an item without a quantified rule (ENG-G5)", consult, func(d *goumai.Documents, _ *DocumentContext) { d.Scoring[1].Rule = "" }, "scoring.1", "ENG-G5"},
		{"a range indicator with one range (ENG-G5)", consult, func(d *goumai.Documents, _ *DocumentContext) { d.Scoring[2].Ranges = d.Scoring[2].Ranges[:1] }, "scoring.2", "ENG-G5"},
		{"a range above the item (ENG-G5)", consult, func(d *goumai.Documents, _ *DocumentContext) { d.Scoring[2].Ranges[1].Points = 40 }, "scoring.2.ranges.1", "ENG-G5"},
		{"points not adding to 100 (ENG-G5)", consult, func(d *goumai.Documents, _ *DocumentContext) { d.Scoring[1].Points = 40 }, "scoring", "ENG-G5"},
		{"consultation price weight above 30 % (ENG-G2)", consult, func(d *goumai.Documents, _ *DocumentContext) {
			d.Scoring[0].Points, d.Scoring[1].Points, d.PriceWeightPct = 40, 30, 40
			d.Scoring[1].Ranges = []goumai.ScoreRange{{Condition: "完整", Points: 30}, {Condition: "不完整", Points: 10}}
		}, "price_weight_pct", "ENG-G2"},
		{"tender price weight 40 % is lawful (no ceiling, ENG-G2)", tender, func(d *goumai.Documents, _ *DocumentContext) {
			d.Scoring[0].Points, d.Scoring[1].Points, d.PriceWeightPct = 40, 30, 40
			d.Scoring[1].Ranges = []goumai.ScoreRange{{Condition: "完整", Points: 30}, {Condition: "不完整", Points: 10}}
		}, "", ""},
		{"service price weight below 10 % (ENG-G2)", tender, func(d *goumai.Documents, _ *DocumentContext) {
			d.Scoring[0].Points, d.Scoring[1].Points, d.PriceWeightPct = 5, 65, 5
			d.Scoring[1].Ranges = []goumai.ScoreRange{{Condition: "完整", Points: 65}, {Condition: "不完整", Points: 10}}
		}, "price_weight_pct", "ENG-G2"},
		{"the documents' SME deductions within range (ENG-G4)", consult, func(d *goumai.Documents, _ *DocumentContext) { d.SMEDeductionPct, d.SMEPartnerPct = 15, 5 }, "", ""},
		{"an SME deduction above 20 % (ENG-G4)", consult, func(d *goumai.Documents, _ *DocumentContext) { d.SMEDeductionPct = 25 }, "sme_deduction_pct", "ENG-G4"},
		{"a partner deduction above 6 % (ENG-G4)", consult, func(d *goumai.Documents, _ *DocumentContext) { d.SMEPartnerPct = 8 }, "sme_partner_pct", "ENG-G4"},
		{"a fixed price scored (ENG-G2)", consult, func(d *goumai.Documents, _ *DocumentContext) { d.FixedPrice = true }, "price_weight_pct", "ENG-G2"},
		{"a weight that is not the price items' points", consult, func(d *goumai.Documents, _ *DocumentContext) { d.PriceWeightPct = 25 }, "price_weight_pct", "ENG-G2"},
		{"a floor price (ENG-G9)", consult, func(d *goumai.Documents, _ *DocumentContext) { d.FloorPrice = 1 }, "floor_price", "ENG-G9"},
		{"a bid bond above 2 % (ENG-G9)", consult, func(_ *goumai.Documents, c *DocumentContext) {
			c.Lots = []goumai.Lot{{Number: 1, Budget: 100_000_000, BidBond: 2_000_001}}
		}, "lots.0.bid_bond", "ENG-G9"},
		{"a ceiling above the budget", consult, func(_ *goumai.Documents, c *DocumentContext) {
			c.Lots = []goumai.Lot{{Number: 1, Budget: 100_000_000, Ceiling: 100_000_001}}
		}, "lots.0.ceiling", ""},
		{"lots above the project's budget", consult, func(_ *goumai.Documents, c *DocumentContext) {
			c.Lots = []goumai.Lot{{Number: 1, Budget: 60_000_000}, {Number: 2, Budget: 60_000_000}}
		}, "lots", "ENG-B2"},
		{"no lot", consult, func(_ *goumai.Documents, c *DocumentContext) { c.Lots = nil }, "lots", ""},
	} {
		d, ctx := goodDocs(), c.ctx
		ctx.Lots = append([]goumai.Lot(nil), ctx.Lots...)
		c.edit(&d, &ctx)
		ps := CheckDocuments(d, ctx)
		if c.field == "" {
			if len(ps) != 0 {
				t.Errorf("%s: %+v", c.name, ps)
			}
			continue
		}
		found := false
		for _, p := range ps {
			found = found || p.Field == c.field && p.Rule == c.rule
		}
		if !found {
			t.Errorf("%s: %+v, want %s on %s", c.name, ps, c.rule, c.field)
		}
	}
}

// TestCheckPeriods: ENG-D1, ENG-D3, ENG-D4 on China's working days, one row per clause.
func TestCheckPeriods(t *testing.T) {
	p, cal := NationalDefaults(Services), mustCalendar(t)
	from := sh(2026, 3, 2, 10, 0) // a Monday
	for _, c := range []struct {
		name  string
		k     goumai.PeriodKind
		per   goumai.Periods
		field string
		rule  string
	}{
		{"tender: 20 days exactly", goumai.PeriodTender, goumai.Periods{DocsFrom: from, DocsUntil: eod(2026, 3, 9), BidDeadline: sh(2026, 3, 22, 9, 30)}, "", ""},
		{"tender: 19 days (ENG-D1)", goumai.PeriodTender, goumai.Periods{DocsFrom: from, DocsUntil: eod(2026, 3, 9), BidDeadline: sh(2026, 3, 21, 9, 30)}, "periods.bid_deadline", "ENG-D1"},
		{"tender: documents 4 working days (ENG-D1)", goumai.PeriodTender, goumai.Periods{DocsFrom: from, DocsUntil: sh(2026, 3, 6, 23, 0), BidDeadline: sh(2026, 3, 25, 9, 30)}, "periods.docs_until", "ENG-D1"},
		{"consultation: 10 days (ENG-D3)", goumai.PeriodConsult, goumai.Periods{DocsFrom: from, DocsUntil: eod(2026, 3, 9), BidDeadline: sh(2026, 3, 12, 9, 30)}, "", ""},
		{"consultation: 9 days (ENG-D3)", goumai.PeriodConsult, goumai.Periods{DocsFrom: from, DocsUntil: eod(2026, 3, 9), BidDeadline: sh(2026, 3, 11, 9, 30)}, "periods.bid_deadline", "ENG-D3"},
		{"negotiation: 3 working days (ENG-D4)", goumai.PeriodNegotiation, goumai.Periods{DocsFrom: from, DocsUntil: sh(2026, 3, 5, 9, 0), BidDeadline: sh(2026, 3, 5, 9, 30)}, "", ""},
		{"negotiation: 2 working days (ENG-D4)", goumai.PeriodNegotiation, goumai.Periods{DocsFrom: from, DocsUntil: sh(2026, 3, 4, 9, 0), BidDeadline: sh(2026, 3, 4, 9, 30)}, "periods.bid_deadline", "ENG-D4"},
		// National Day and Mid-Autumn 2026 (lunar-go's table): 10-01 to 10-07 off, 10-10 (a Saturday) worked.
		{"negotiation over National Day: the 3rd working day is Saturday 10-10", goumai.PeriodNegotiation, goumai.Periods{DocsFrom: sh(2026, 9, 30, 10, 0), DocsUntil: sh(2026, 10, 10, 9, 0), BidDeadline: sh(2026, 10, 10, 9, 30)}, "", ""},
		{"negotiation over National Day: 10-09 is 2 working days", goumai.PeriodNegotiation, goumai.Periods{DocsFrom: sh(2026, 9, 30, 10, 0), DocsUntil: sh(2026, 10, 9, 9, 0), BidDeadline: sh(2026, 10, 9, 9, 30)}, "periods.bid_deadline", "ENG-D4"},
		{"no deadline", goumai.PeriodTender, goumai.Periods{DocsFrom: from}, "periods.bid_deadline", ""},
		{"a year not arranged", goumai.PeriodTender, goumai.Periods{DocsFrom: from, DocsUntil: eod(2026, 3, 9), BidDeadline: sh(2031, 3, 22, 9, 30)}, "periods.bid_deadline", RuleCalendar},
	} {
		ps := CheckPeriods(c.k, c.per, p, cal)
		if c.field == "" {
			if len(ps) != 0 {
				t.Errorf("%s: %+v", c.name, ps)
			}
			continue
		}
		found := false
		for _, p := range ps {
			found = found || p.Field == c.field && p.Rule == c.rule
		}
		if !found {
			t.Errorf("%s: %+v, want %q on %s", c.name, ps, c.rule, c.field)
		}
	}
}

// TestClarified: ENG-D2, a clarification affecting bids moves the deadline when it comes too late.
func TestClarified(t *testing.T) {
	p, cal := NationalDefaults(Services), mustCalendar(t)
	deadline := sh(2026, 3, 30, 9, 30)
	for _, c := range []struct {
		name  string
		k     goumai.PeriodKind
		at    time.Time
		want  time.Time
		moved bool
	}{
		{"tender: 15 days before, in time", goumai.PeriodTender, sh(2026, 3, 15, 16, 0), deadline, false},
		{"tender: 14 days before, moved to 15 days after", goumai.PeriodTender, sh(2026, 3, 16, 16, 0), sh(2026, 3, 31, 9, 30), true},
		{"consultation: 5 days before, in time", goumai.PeriodConsult, sh(2026, 3, 25, 16, 0), deadline, false},
		{"consultation: 4 days before, moved", goumai.PeriodConsult, sh(2026, 3, 26, 16, 0), sh(2026, 3, 31, 9, 30), true},
		{"negotiation: 3 working days before, in time", goumai.PeriodNegotiation, sh(2026, 3, 25, 16, 0), deadline, false},
		{"negotiation: 2 working days before, moved to the 3rd working day", goumai.PeriodNegotiation, sh(2026, 3, 26, 16, 0), sh(2026, 3, 31, 9, 30), true},
	} {
		got, moved, err := Clarified(c.k, c.at, deadline, p, cal)
		if err != nil || moved != c.moved || !got.Equal(c.want) {
			t.Errorf("%s: %v %v %v, want %v %v", c.name, got, moved, err, c.want, c.moved)
		}
	}
}

// TestPublicityEnd: ENG-C5, at least 5 working days, across the Spring Festival.
func TestPublicityEnd(t *testing.T) {
	p, cal := NationalDefaults(Services), mustCalendar(t)
	// 2026 Spring Festival (lunar-go's table): 02-15 to 02-23 off, 02-14 (a Saturday) worked:
	// 02-13, 02-14, 02-24, 02-25, 02-26.
	end, err := PublicityEnd(sh(2026, 2, 12, 10, 0), p, cal)
	if err != nil || !end.Equal(eod(2026, 2, 26)) {
		t.Errorf("publicity from 2026-02-12: %v %v", end, err)
	}
}

// TestPrequalUntil: ENG-D5, one row per clause: the earliest end is the 5th
// working day's (across a holiday), an earlier end is refused naming the rule,
// a later one stands.
func TestPrequalUntil(t *testing.T) {
	p := NationalDefaults(Services)
	cal, err := NewCalendar()
	if err != nil {
		t.Fatal(err)
	}
	sh := func(y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, goumai.Shanghai)
	}
	from := sh(2026, 9, 29, 10, 0) // Tuesday before National Day
	for _, c := range []struct {
		name        string
		until, want time.Time
		rule        string
	}{
		{"none asked: the earliest, after the holiday", time.Time{}, sh(2026, 10, 12, 23, 59).Add(59 * time.Second), ""},
		{"4 working days refused", sh(2026, 10, 9, 17, 0), time.Time{}, "ENG-D5"},
		{"later stands", sh(2026, 10, 16, 17, 0), sh(2026, 10, 16, 17, 0), ""},
	} {
		got, err := PrequalUntil(from, c.until, p, cal)
		switch {
		case c.rule != "":
			if goumai.AsError(err).Rule != c.rule {
				t.Errorf("%s: %v, want %s", c.name, err, c.rule)
			}
		case err != nil || !got.Equal(c.want):
			t.Errorf("%s: %v %v, want %v", c.name, got, err, c.want)
		}
	}
}
