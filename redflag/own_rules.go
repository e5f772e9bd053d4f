package redflag

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
)

// Own are goumai's rules, in the order they run.
var Own = []OwnRule{
	{Reads: PartPlanning | PartTender, Rule: Rule{ID: "ENG-C3", Title: "化整为零 / split purchases", LegalBasis: "GPL-IR Art. 28", Source: "goumai",
		Params: []Param{{Name: "open_tender_threshold", Default: "rules.Params", Doc: "the open-tender threshold in force for the latest purchase of the group"}}},
		Groups: splitGroups, Group: splitFlags},
	{Reads: PartPlanning | PartAwards, Rule: Rule{ID: "GM-LUX", Title: "豪华购买 / price far above comparable purchases", LegalBasis: "财综〔2013〕111号 二（三）", Source: "goumai",
		Params: []Param{{Name: "luxury_factor_pct", Default: "rules.Params (200)", Doc: "flag an award above this share of the median of comparable awards (same prefecture, guidance-catalogue item and year)"},
			{Name: "luxury_min_comparables", Default: "rules.Params (3)", Doc: "comparable awards needed"}}},
		Groups: luxuryGroups, Group: luxuryFlags},
	{Reads: PartContracts, Rule: Rule{ID: "ENG-H4", Title: "层层转包 / subcontracting chain", LegalBasis: "TBL Art. 48; GPL Art. 48", Source: "goumai"},
		Process: chainFlags},
	{Reads: PartContracts, Rule: Rule{ID: "ENG-H4-SHARE", Title: "转包嫌疑 / most of the contract subcontracted", LegalBasis: "O102; GPL-IR Art. 72(四)", Source: "goumai",
		Params: []Param{{Name: "subcontract_max_share_pct", Default: "rules.Params (50)", Doc: "flag a contract whose subcontracts exceed this share of its total"}}},
		Process: shareFlags},
	{Reads: PartPlanning, Rule: Rule{ID: "GM-DOUBLE", Title: "两头占 / buying a service while keeping staff for it", LegalBasis: "财综〔2013〕111号 二（四）", Source: "goumai"},
		Process: doubleFlags},
	{Reads: PartTender | PartBids | PartAwards, Rule: Rule{ID: "GM-SINGLE", Title: "单一投标 / a competitive procedure awarded on one bid", LegalBasis: "GPL Art. 36; N214 Art. 21", Source: "goumai"},
		Process: singleFlags},
	{Reads: PartTender, Rule: Rule{ID: "ENG-D1", Title: "招标期限过短 / tender period too short", LegalBasis: "GPL Art. 35", Source: "goumai",
		Params: []Param{{Name: "tender_min_days", Default: "rules.Params", Doc: "calendar days"}}},
		Process: periodFlags("公开招标", "邀请招标")},
	{Reads: PartTender, Rule: Rule{ID: "ENG-D3", Title: "磋商期限过短 / consultation period too short", LegalBasis: "N214 Art. 10", Source: "goumai",
		Params: []Param{{Name: "consult_min_days", Default: "rules.Params", Doc: "calendar days"}}},
		Process: periodFlags("竞争性磋商")},
	{Reads: PartTender, Rule: Rule{ID: "ENG-D4", Title: "谈判、询价期限过短 / negotiation or quotation period too short", LegalBasis: "O74", Source: "goumai",
		Params: []Param{{Name: "negotiation_min_wd", Default: "rules.Params", Doc: "working days"}}},
		Process: periodFlags("竞争性谈判", "询价")},
	{Reads: PartTender | PartAwards, Rule: Rule{ID: "GM-CEILING", Title: "中标价接近最高限价 / award close to the ceiling", LegalBasis: "财综〔2013〕111号 二（三）（公平参与竞争，严禁暗箱操作）", Source: "goumai (OCP red flags: award close to the estimate)",
		Params: []Param{{Name: "ceiling_close_min_pct", Default: "rules.Params (98)", Doc: "flag an award at or above this share of the ceiling (the tender's value)"}}},
		Process: ceilingFlags},
	{Reads: PartTender | PartBids | PartAwards, Rule: Rule{ID: "ENG-G7", Title: "异常低价中标 / abnormally low price accepted", LegalBasis: "O87 Art. 60", Source: "goumai",
		Params: []Param{{Name: "abnormal_low_*_pct", Default: "rules.Params", Doc: "shares of the mean and second-lowest compliant prices and of the ceiling"}}},
		Process: lowPriceFlags},
	{Reads: PartContracts, Rule: Rule{ID: "ENG-H3", Title: "补充合同超过 10% / supplementary contracts beyond 10 %", LegalBasis: "GPL Art. 49", Source: "goumai",
		Params: []Param{{Name: "amendment_max_pct", Default: "rules.Params (10)", Doc: "of the original contract amount"}}},
		Process: amendmentFlags},
	{Reads: PartAcceptance | PartPayments, Rule: Rule{ID: "ENG-H7", Title: "验收前付款 / payment before acceptance", LegalBasis: "ENG-H7; O102 Art. 2", Source: "goumai"},
		Process: earlyPaymentFlags},
	{Reads: PartPayments, Rule: Rule{ID: "GM-LATE", Title: "逾期付款 / payment after its legal due date", LegalBasis: "REQ-C25; 《保障中小企业款项支付条例》 Art. 8", Source: "goumai"},
		Process: latePaymentFlags},
	{Reads: PartAwards, Rule: Rule{ID: "GM-REPEAT", Title: "同一采购人重复中标 / repeat winner with one purchaser", LegalBasis: "财综〔2013〕111号 二（三）（公平参与竞争，严禁暗箱操作）", Source: "goumai (OCP red flags: repeat winners)",
		Params: []Param{{Name: "repeat_min_wins", Default: "rules.Params (3)", Doc: "awards by one purchaser to one supplier in one year"}}},
		Groups: repeatGroups, Group: repeatFlags},
	{Reads: PartAwards | PartGrades, Rule: Rule{ID: "ENG-J1", Title: "绩效差后再次中标 / new award after a poor grade", LegalBasis: "O102 (ENG-J1: results feed supplier selection)", Source: "goumai"},
		Groups: gradeGroups, Group: gradeFlags, Remote: true},
	{Reads: PartAwards, Rule: Rule{ID: "ENG-F4", Title: "评审专家与投标人存在关联 / an evaluation-panel member linked to a bidder", LegalBasis: "GPL-IR Art. 9; O74 Art. 7", Source: "goumai (store-side)"},
		Process: panelLinkFlags},
}

// ENG-F4 (an evaluation-panel member linked to a bidder) reads what no
// release carries: the result notice publishes only each member's name and
// whether they are the purchaser's representative, while an expert's
// employer and declared relations (employment, directorship, control,
// kinship) are private data of the expert pool (REQ-W2). The store fills
// Facts.PanelLinks in the transaction of each release of the process, from
// the panel, the experts' declarations, the members' organisations and the
// bidders (rules.FindConflict, as the draw's exclusion does), so a file
// recompute sees none and the store's recompute the same as its increments.

// luxuryEvidence is how many comparables around the median a GM-LUX flag
// gives as evidence.
const luxuryEvidence = 10

func yuan(v float64) string { return goumai.Fen(math.Round(v * 100)).Yuan() }

// tenderMethods are the procurement methods of a tender (招标); the others
// are non-tender methods (GPL Art. 26).
var tenderMethods = []string{"公开招标", "邀请招标"}

// splitGroups: a purchaser's non-tender purchases of one year, budget item
// and category (ENG-C3, GPL-IR Art. 28).
func splitGroups(f *Facts) []string {
	if f.BuyerID == "" || f.Details == "" || slices.Contains(tenderMethods, f.Details) || f.Details == "单一来源" || f.Ceiling <= 0 {
		return nil
	}
	return []string{strings.Join([]string{f.BuyerID, fmt.Sprint(f.Year), f.BudgetItem, f.Category}, "|")}
}

func splitFlags(_ string, ms []*Facts, env GroupEnv) []GroupHit {
	latest := ms[len(ms)-1] // the threshold in force for the latest purchase: the one that crossed it
	p := env.Params(latest)
	threshold := float64(p.OpenTenderThreshold) / 100
	var in []string
	var total float64
	for _, m := range ms {
		if m.Ceiling < threshold { // one at or above it needs its own approval (ENG-C1)
			in = append(in, m.OCID)
			total += m.Ceiling
		}
	}
	if len(in) < 2 || total <= threshold {
		return nil
	}
	d := goumai.M(fmt.Sprintf("同一采购人同一年度、同一预算项目和品目的 %d 个非招标采购合计 %s 元，超过公开招标数额标准 %s 元", len(in), yuan(total), yuan(threshold)),
		fmt.Sprintf("%d non-tender purchases of one purchaser, year, budget item and category total ¥%s, above the open-tender threshold ¥%s", len(in), yuan(total), yuan(threshold)))
	var out []GroupHit
	for _, o := range in {
		out = append(out, GroupHit{OCID: o, Value: total, Detail: d, Evidence: in, ParamsOf: latest.OCID})
	}
	return out
}

// luxuryGroups: awarded purchases of one guidance-catalogue item and year.
func luxuryGroups(f *Facts) []string {
	if f.Catalogue == "" || f.AwardedAmount() <= 0 {
		return nil
	}
	prefecture := f.Region
	if len(prefecture) == 6 {
		prefecture = prefecture[:4] + "00"
	}
	return []string{prefecture + "|" + f.Catalogue + "|" + fmt.Sprint(f.Year)}
}

func luxuryFlags(_ string, ms []*Facts, env GroupEnv) []GroupHit {
	m := len(ms)
	if m < 2 {
		return nil
	}
	// Sorted once: the median of the others of the member at sorted position
	// i is read from the list with i skipped, so a group of m members costs
	// m log m, not m² log m.
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	amounts := make([]float64, m)
	for i, f := range ms {
		amounts[i] = f.AwardedAmount()
	}
	sort.SliceStable(order, func(a, b int) bool { return amounts[order[a]] < amounts[order[b]] })
	var out []GroupHit
	for pos, mi := range order {
		at := func(j int) int { // the j-th of the others, sorted
			if j >= pos {
				j++
			}
			return order[j]
		}
		k := (m - 1) / 2
		median := amounts[at(k)]
		if (m-1)%2 == 0 {
			median = (amounts[at(k-1)] + amounts[at(k)]) / 2
		}
		amount := amounts[mi]
		p := env.Params(ms[mi])
		if m-1 < p.LuxuryMinComparables || median <= 0 || amount*100 <= float64(p.LuxuryFactorPct)*median {
			continue
		}
		ratio := math.Round(amount/median*100) / 100
		// The evidence: the member and the comparables around the median
		// (at most luxuryEvidence of them).
		ev := []string{ms[mi].OCID}
		for j := max(0, k-luxuryEvidence/2); j < min(m-1, k-luxuryEvidence/2+luxuryEvidence); j++ {
			ev = append(ev, ms[at(j)].OCID)
		}
		out = append(out, GroupHit{OCID: ms[mi].OCID, Value: ratio, Evidence: ev,
			Detail: goumai.M(fmt.Sprintf("中标金额 %s 元，为本市同品目同年度 %d 个项目中位数 %s 元的 %.2f 倍（超过 %d%%）", yuan(amount), m-1, yuan(median), ratio, p.LuxuryFactorPct),
				fmt.Sprintf("awarded ¥%s, %.2f times the median ¥%s of %d purchases of the same catalogue item, prefecture and year (above %d %%)", yuan(amount), ratio, yuan(median), m-1, p.LuxuryFactorPct))})
	}
	return out
}

func chainFlags(f *Facts, _ rules.Params) []Hit {
	var out []Hit
	for _, c := range f.Contracts {
		if c.Chain >= 2 {
			out = append(out, Hit{Subject: c.ID, Supplier: c.Supplier, Value: float64(c.Chain),
				Detail: goumai.M(fmt.Sprintf("合同 %s 的分包链深度为 %d：分包单位不得再次分包", c.ID, c.Chain),
					fmt.Sprintf("contract %s has a subcontracting chain of depth %d: a subcontractor may not subcontract again", c.ID, c.Chain))})
		}
	}
	return out
}

func shareFlags(f *Facts, p rules.Params) []Hit {
	var out []Hit
	for _, c := range f.Contracts {
		if c.SubShare > float64(p.SubcontractMaxSharePct) {
			out = append(out, Hit{Subject: c.ID, Supplier: c.Supplier, Value: c.SubShare,
				Detail: goumai.M(fmt.Sprintf("合同 %s 的 %.2f%% 已分包（超过 %d%%）", c.ID, c.SubShare, p.SubcontractMaxSharePct),
					fmt.Sprintf("%.2f %% of contract %s is subcontracted (above %d %%)", c.SubShare, c.ID, p.SubcontractMaxSharePct))})
		}
	}
	return out
}

func doubleFlags(f *Facts, _ rules.Params) []Hit {
	if len(f.DoubleFunding) == 0 {
		return nil
	}
	return []Hit{{Value: float64(len(f.DoubleFunding)),
		Detail: goumai.M("立项时发现“两头占”："+strings.Join(f.DoubleFunding, "；"), "double funding (两头占) found at approval: "+strings.Join(f.DoubleFunding, "; "))}}
}

func validBids(f *Facts) []BidFact {
	var out []BidFact
	for _, b := range f.Bids {
		if b.Valid {
			out = append(out, b)
		}
	}
	return out
}

func singleFlags(f *Facts, _ rules.Params) []Hit {
	if f.Details == "单一来源" || len(f.ActiveSuppliers()) == 0 || len(f.Bids) == 0 {
		return nil
	}
	if n := len(validBids(f)); n == 1 {
		s := f.ActiveSuppliers()
		return []Hit{{Supplier: s[0], Value: 1, Detail: goumai.M(f.Details+"仅有一份有效投标即授予合同", "a "+f.Details+" procedure awarded on a single valid bid")}}
	}
	return nil
}

var (
	calendarOnce sync.Once
	calendar     *rules.Calendar
)

func workingDays(a, b time.Time) int {
	calendarOnce.Do(func() { calendar, _ = rules.NewCalendar() })
	if calendar == nil {
		return int(b.Sub(a).Hours() / 24)
	}
	return calendar.WorkingDaysBetween(a, b)
}

func calendarDays(a, b time.Time) int {
	ya, ma, da := a.In(china).Date()
	yb, mb, db := b.In(china).Date()
	return int(time.Date(yb, mb, db, 0, 0, 0, 0, time.UTC).Sub(time.Date(ya, ma, da, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// periodFlags flags a tender period shorter than the minimum of its method
// (ENG-D1: 招标 calendar days; ENG-D3: 磋商 calendar days; ENG-D4: 谈判 and
// 询价 working days).
func periodFlags(methods ...string) func(f *Facts, p rules.Params) []Hit {
	return func(f *Facts, p rules.Params) []Hit {
		if !slices.Contains(methods, f.Details) || f.TenderEnd == "" {
			return nil
		}
		start, end := f.StartTime(), parseTime(f.TenderEnd)
		if start.IsZero() || end.IsZero() {
			return nil
		}
		var n, min int
		unit := [2]string{"日", "calendar days"}
		switch f.Details {
		case "公开招标", "邀请招标":
			n, min = calendarDays(start, end), p.TenderMinDays
		case "竞争性磋商":
			n, min = calendarDays(start, end), p.ConsultMinDays
		default:
			n, min, unit = workingDays(start, end), p.NegotiationMinWD, [2]string{"个工作日", "working days"}
		}
		if n >= min {
			return nil
		}
		return []Hit{{Value: float64(n), Detail: goumai.M(fmt.Sprintf("%s 自发出文件至截止仅 %d %s，少于 %d %s", f.Details, n, unit[0], min, unit[0]),
			fmt.Sprintf("%s: %d %s from the documents to the deadline, fewer than %d", f.Details, n, unit[1], min))}}
	}
}

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func ceilingFlags(f *Facts, p rules.Params) []Hit {
	if f.Ceiling <= 0 || f.Details == "单一来源" {
		return nil
	}
	var out []Hit
	for _, a := range f.Awards {
		if !a.Active || a.Amount <= 0 {
			continue
		}
		pct := math.Round(a.Amount/f.Ceiling*10000) / 100
		if pct >= float64(p.CeilingCloseMinPct) && len(f.Awards) == 1 {
			out = append(out, Hit{Supplier: firstOf(a.Suppliers...), Value: pct,
				Detail: goumai.M(fmt.Sprintf("中标金额 %s 元为最高限价 %s 元的 %.2f%%", yuan(a.Amount), yuan(f.Ceiling), pct),
					fmt.Sprintf("awarded ¥%s, %.2f %% of the ceiling ¥%s", yuan(a.Amount), pct, yuan(f.Ceiling)))})
		}
	}
	return out
}

// lowPriceFlags: an award at a price that should have triggered the
// abnormally-low-price review (ENG-G7): below a share of the mean or of the
// second-lowest compliant price, or of the ceiling.
func lowPriceFlags(f *Facts, p rules.Params) []Hit {
	valid := validBids(f)
	if len(valid) == 0 {
		return nil
	}
	prices := make([]float64, len(valid))
	var sum float64
	for i, b := range valid {
		prices[i] = b.Amount
		sum += b.Amount
	}
	sort.Float64s(prices)
	mean := sum / float64(len(prices))
	var out []Hit
	for _, a := range f.Awards {
		if !a.Active || a.Amount <= 0 {
			continue
		}
		var why []string
		if a.Amount*100 < mean*float64(p.AbnormalLowMeanPct) {
			why = append(why, fmt.Sprintf("< %d%% × mean %s", p.AbnormalLowMeanPct, yuan(mean)))
		}
		if len(prices) >= 2 && a.Amount*100 < prices[1]*float64(p.AbnormalLowSecondPct) {
			why = append(why, fmt.Sprintf("< %d%% × second lowest %s", p.AbnormalLowSecondPct, yuan(prices[1])))
		}
		if f.Ceiling > 0 && a.Amount*100 < f.Ceiling*float64(p.AbnormalLowCeilingPct) {
			why = append(why, fmt.Sprintf("< %d%% × ceiling %s", p.AbnormalLowCeilingPct, yuan(f.Ceiling)))
		}
		if len(why) > 0 {
			w := strings.Join(why, "; ")
			out = append(out, Hit{Subject: a.ID, Supplier: firstOf(a.Suppliers...), Value: a.Amount,
				Detail: goumai.M(fmt.Sprintf("以异常低价 %s 元中标（%s）", yuan(a.Amount), w), fmt.Sprintf("awarded at an abnormally low price ¥%s (%s)", yuan(a.Amount), w))})
		}
	}
	return out
}

func amendmentFlags(f *Facts, p rules.Params) []Hit {
	var out []Hit
	for _, c := range f.Contracts {
		if c.Original <= 0 || c.Current*100 <= c.Original*float64(100+p.AmendmentMaxPct) {
			continue
		}
		pct := math.Round((c.Current-c.Original)/c.Original*10000) / 100
		out = append(out, Hit{Subject: c.ID, Supplier: c.Supplier, Value: pct,
			Detail: goumai.M(fmt.Sprintf("合同 %s 由 %s 元变更为 %s 元，增加 %.2f%%（超过 %d%%）", c.ID, yuan(c.Original), yuan(c.Current), pct, p.AmendmentMaxPct),
				fmt.Sprintf("contract %s changed from ¥%s to ¥%s, +%.2f %% (beyond %d %%)", c.ID, yuan(c.Original), yuan(c.Current), pct, p.AmendmentMaxPct))})
	}
	return out
}

// earlyPaymentFlags: a payment made before the first acceptance notice of
// the process, when one was published (ENG-H7).
func earlyPaymentFlags(f *Facts, _ rules.Params) []Hit {
	if len(f.Acceptances) == 0 {
		return nil
	}
	first := parseTime(f.Acceptances[0])
	var out []Hit
	for _, c := range f.Contracts {
		for _, pay := range c.Payments {
			if t := parseTime(pay.Date); !t.IsZero() && calendarDays(t, first) > 0 {
				out = append(out, Hit{Subject: c.ID + "/" + pay.ID, Supplier: c.Supplier, Value: pay.Amount,
					Detail: goumai.M(fmt.Sprintf("%s 支付 %s 元，早于首次验收公告 %s", pay.Date[:10], yuan(pay.Amount), f.Acceptances[0][:10]),
						fmt.Sprintf("¥%s paid on %s, before the first acceptance notice of %s", yuan(pay.Amount), pay.Date[:10], f.Acceptances[0][:10]))})
			}
		}
	}
	return out
}

// latePaymentFlags: a payment made after its legal due date (REQ-C25: the
// acceptance date plus the contract's payment term, at most 60 days), as
// published with the transaction. The value is the days late; overdue
// interest accrues for them at 0.05 % a day when no rate was agreed.
func latePaymentFlags(f *Facts, _ rules.Params) []Hit {
	var out []Hit
	for _, c := range f.Contracts {
		for _, pay := range c.Payments {
			due, paid := parseTime(pay.Due), parseTime(pay.Date)
			if due.IsZero() || paid.IsZero() {
				continue
			}
			if late := calendarDays(due, paid); late > 0 {
				out = append(out, Hit{Subject: c.ID + "/" + pay.ID, Supplier: c.Supplier, Value: float64(late),
					Detail: goumai.M(fmt.Sprintf("%s 支付 %s 元，应于 %s 前支付，逾期 %d 日", paid.In(china).Format(time.DateOnly), yuan(pay.Amount), due.In(china).Format(time.DateOnly), late),
						fmt.Sprintf("¥%s paid on %s, due by %s: %d days late", yuan(pay.Amount), paid.In(china).Format(time.DateOnly), due.In(china).Format(time.DateOnly), late))})
			}
		}
	}
	return out
}

// repeatGroups: one purchaser's awards to one supplier in one year.
func repeatGroups(f *Facts) []string {
	if f.BuyerID == "" {
		return nil
	}
	var out []string
	for _, s := range f.ActiveSuppliers() {
		out = append(out, f.BuyerID+"|"+fmt.Sprint(f.Year)+"|"+s)
	}
	return out
}

func repeatFlags(key string, ms []*Facts, env GroupEnv) []GroupHit {
	supplier := key[strings.LastIndex(key, "|")+1:]
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.OCID)
	}
	d := goumai.M(fmt.Sprintf("同一采购人一年内 %d 次授予同一供应商", len(ms)), fmt.Sprintf("%d awards by one purchaser to one supplier in a year", len(ms)))
	var out []GroupHit
	for _, m := range ms {
		if len(ms) >= env.Params(m).RepeatMinWins { // the count in force where and when the member started
			out = append(out, GroupHit{OCID: m.OCID, Supplier: supplier, Value: float64(len(ms)), Detail: d, Evidence: ids})
		}
	}
	return out
}

// gradeGroups: a supplier's graded contracts and awards.
func gradeGroups(f *Facts) []string {
	var out []string
	for _, c := range f.Contracts {
		if c.Grade == string(goumai.GradePoor) && c.Supplier != "" {
			out = append(out, c.Supplier)
		}
	}
	out = append(out, f.ActiveSuppliers()...)
	slices.Sort(out)
	return slices.Compact(out)
}

// gradeFlags flags an award to the supplier made after one of its
// contracts was graded poor (差) and published: here (a member's contract),
// or by another instance (env.Remote: a grade received through federation,
// cited by its publisher and leaf). The earliest poor grade is the one cited.
func gradeFlags(supplier string, ms []*Facts, env GroupEnv) []GroupHit {
	var poor, poorOCID string
	var remote *RemoteGrade
	for _, m := range ms {
		for _, c := range m.Contracts {
			if c.Supplier == supplier && c.Grade == string(goumai.GradePoor) && c.GradeDate != "" && (poor == "" || parseTime(c.GradeDate).Before(parseTime(poor))) {
				poor, poorOCID = c.GradeDate, m.OCID
			}
		}
	}
	for i, g := range env.Remote {
		if g.Grade != string(goumai.GradePoor) || parseTime(g.At).IsZero() {
			continue
		}
		if poor == "" || parseTime(g.At).Before(parseTime(poor)) || remote != nil && parseTime(g.At).Equal(parseTime(poor)) && g.LogIndex < remote.LogIndex {
			poor, poorOCID, remote = g.At, "", &env.Remote[i]
		}
	}
	if poor == "" {
		return nil
	}
	pt := parseTime(poor)
	day := pt.In(china).Format(time.DateOnly)
	var out []GroupHit
	for _, m := range ms {
		for _, a := range m.Awards {
			if !a.Active || !slices.Contains(a.Suppliers, supplier) || !parseTime(a.Date).After(pt) {
				continue
			}
			awarded := parseTime(a.Date).In(china).Format(time.DateOnly)
			h := GroupHit{OCID: m.OCID, Supplier: supplier, Value: a.Amount, Evidence: []string{poorOCID, m.OCID},
				Detail: goumai.M(fmt.Sprintf("该供应商 %s 被评为“差”后，于 %s 再次中标", day, awarded),
					fmt.Sprintf("awarded on %s after a poor (差) grade published on %s", awarded, day))}
			if remote != nil {
				h.Evidence = []string{m.OCID}
				h.Leaves = []goumai.RedFlagLeaf{{Source: remote.Source, LogIndex: remote.LogIndex, Object: "contract_grades/" + remote.ContractID}}
				h.Detail = goumai.M(fmt.Sprintf("该供应商在 %s（地区 %s）的合同 %s 于 %s 被评为“差”（%s 日志第 %d 条，经联邦接收）后，于 %s 在本地再次中标",
					remote.Source, remote.Region, remote.ContractID, day, remote.Source, remote.LogIndex, awarded),
					fmt.Sprintf("awarded here on %s after a poor (差) grade on contract %s in %s (region %s) on %s, entry %d of %s's log, received through federation",
						awarded, remote.ContractID, remote.Source, remote.Region, day, remote.LogIndex, remote.Source))
			}
			out = append(out, h)
			break
		}
	}
	return out
}

// panelLinkFlags flags, once the process has an active award, each link
// between a member of its evaluation panel and one of its bidders (ENG-F4:
// the member should have recused, GPL-IR Art. 9). The links are found by the
// store (Facts.PanelLinks); the evidence cites the leaf that seated the
// member.
func panelLinkFlags(f *Facts, _ rules.Params) []Hit {
	if len(f.PanelLinks) == 0 || len(f.ActiveSuppliers()) == 0 {
		return nil
	}
	var out []Hit
	for _, l := range f.PanelLinks {
		zh, en := rules.ConflictText(l.Reason)
		out = append(out, Hit{Subject: l.Member + "/" + l.Supplier, Supplier: l.Supplier, Value: 1,
			Leaves: []goumai.RedFlagLeaf{{LogIndex: l.LogIndex, Object: "panel_members/" + strings.TrimPrefix(l.Member, "member-")}},
			Detail: goumai.M(fmt.Sprintf("评审小组成员 %s 与投标人 %s：%s。该关联依据专家库申报和单位信息（不公开），由本实例在发布该项目信息的交易中核对", l.Member, l.Supplier, zh),
				fmt.Sprintf("panel member %s and bidder %s: %s. Found from the expert pool's declarations and the organisations' records (not public), checked by this instance in the transaction publishing the process", l.Member, l.Supplier, en))})
	}
	return out
}
