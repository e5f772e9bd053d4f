package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/goumai/goumai"
)

// Supplier eligibility (RULES.md §10, §14 A): ENG-A2 the kind of organisation,
// ENG-A3 the evidence of GPL Art. 22 (GPL-IR Art. 17) and no major violation
// in the three years before the bid (GPL-IR Art. 19), ENG-A4 the credit lists
// (财库〔2016〕125号), ENG-A5 procurement bans (GPL Art. 77, GPL-IR Art. 73,
// nationwide by 财库〔2015〕150号), ENG-A6 related bidders (GPL-IR Art. 18).

// ViolationYears is the look-back of ENG-A3: 参加政府采购活动前三年内 (GPL Art. 22
// (五); GPL-IR Art. 19). Fixed by statute, not a regional parameter.
const ViolationYears = 3

// SupplierFacts is what a supplier check judges, read by the caller at one time.
type SupplierFacts struct {
	Org      goumai.Org
	Evidence []goumai.Evidence   // the current (not superseded) versions
	Lists    []goumai.CreditList // the current version of every list from every department
	Hits     []goumai.CreditEntry
	// Received are the bans and major violations other instances published
	// against the supplier's credit code (federation).
	Received []goumai.ReceivedEntry
	// NameOnly are entries of those lists with the supplier's name but
	// another credit code: a warning for the person checking, never a refusal
	// (entries match by credit code).
	NameOnly []goumai.CreditEntry
}

// JudgeSupplier applies ENG-A2–A5 at time at (the bid, or the deadline) and
// returns every finding that refuses the supplier and every warning, each
// naming its rule. Err turns the findings into the refusal.
func JudgeSupplier(f SupplierFacts, at time.Time) (hits, warnings []goumai.CheckFinding) {
	hit := func(rule string, list, entry int64, zh, en string) {
		hits = append(hits, goumai.CheckFinding{Rule: rule, ListID: list, EntryID: entry, Detail: goumai.M(zh, en)})
	}
	// ENG-A2 (O102 Arts. 6, 8): an eligible kind, approved by the finance department.
	if !f.Org.CanSupply() {
		hit("ENG-A2", 0, 0, "该类单位不能作为承接主体（《政府购买服务管理办法》第六条、第八条）", "an organisation of this kind may not be a supplier (O102 Arts. 6, 8)")
	}
	if !f.Org.Active {
		hit("ENG-A2", 0, 0, "单位尚未经财政部门审核通过或已停用", "the organisation is not approved by the finance department, or is deactivated")
	}
	// ENG-A3: every required proof (GPL-IR Art. 17), in force at the bid.
	for _, k := range goumai.RequiredEvidence {
		var have, valid bool
		for _, e := range f.Evidence {
			if e.Kind != k || !e.Current() {
				continue
			}
			have = true
			if e.ValidAt(at) && (k != goumai.EvidenceDeclaration || e.DeclaredOn != nil && !e.DeclaredOn.After(at)) {
				valid = true
			}
		}
		l := k.Label()
		switch {
		case !have:
			hit("ENG-A3", 0, 0, "缺少证明材料："+l.ZH+"（《政府采购法实施条例》第十七条）", "missing proof: "+l.EN+" (GPL-IR Art. 17)")
		case !valid:
			hit("ENG-A3", 0, 0, "证明材料不在有效期内："+l.ZH, "proof not in force at the date: "+l.EN)
		}
	}
	// ENG-A3: no major violation in the three years before the bid (GPL-IR
	// Art. 19 ¶1). A ban served and ended is not one (¶2): bans are ENG-A5.
	from := at.AddDate(-ViolationYears, 0, 0)
	entry := func(k goumai.ListKind, e goumai.CreditEntry, source string, logIndex int64) {
		n := len(hits)
		switch {
		case k == goumai.ListViolation:
			if e.DecidedOn == nil || e.DecidedOn.After(at) || !e.DecidedOn.After(from) {
				return
			}
			p := e.Penalty.Label()
			day := e.DecidedOn.In(goumai.Shanghai).Format("2006-01-02")
			hit("ENG-A3", e.ListID, e.ID, fmt.Sprintf("近三年内有重大违法记录：%s（%s，%s %s）（《政府采购法实施条例》第十九条）", p.ZH, day, e.Authority, e.DocNo),
				fmt.Sprintf("a major violation in the three years before: %s (%s, %s %s) (GPL-IR Art. 19)", p.EN, day, e.Authority, e.DocNo))
		case k == goumai.ListBan:
			if !e.ActiveAt(at) {
				return // GPL-IR Art. 19 ¶2: a ban that has ended no longer bars
			}
			until := "长期"
			untilEN := "open-ended"
			if e.EndsOn != nil {
				until = e.EndsOn.In(goumai.Shanghai).Format("2006-01-02")
				untilEN = "until " + until
			}
			hit("ENG-A5", e.ListID, e.ID, fmt.Sprintf("处于禁止参加政府采购活动期间（%s %s，至%s；全国有效，财库〔2015〕150号）", e.Authority, e.DocNo, until),
				fmt.Sprintf("banned from government procurement (%s %s, %s; nationwide, Caiku [2015] No. 150)", e.Authority, e.DocNo, untilEN))
		case k.Valid():
			if !e.ActiveAt(at) {
				return // a listing removed once its period ended (财办库〔2014〕526号)
			}
			l := k.Label()
			hit("ENG-A4", e.ListID, e.ID, "列入"+l.ZH+"（财库〔2016〕125号）", "listed: "+l.EN+" (Caiku [2016] No. 125)")
		}
		if source != "" {
			for i := n; i < len(hits); i++ {
				hits[i].ListID, hits[i].EntryID, hits[i].Source, hits[i].LogIndex = 0, 0, source, logIndex
				hits[i].Detail.ZH += fmt.Sprintf("（来自 %s 的透明日志第 %d 条）", source, logIndex)
				hits[i].Detail.EN += fmt.Sprintf(" (from %s, its log entry %d)", source, logIndex)
			}
		}
	}
	for _, e := range f.Hits {
		entry(listKind(f.Lists, e.ListID), e, "", 0)
	}
	// Bans and violations other instances published (federation): a ban is
	// nationwide (ENG-A5), a major violation anywhere counts (ENG-A3).
	for _, r := range f.Received {
		entry(r.Kind, r.Entry, r.Source, r.LogIndex)
	}
	// ENG-A4: the check is against all three lists; one never imported cannot be checked.
	for _, k := range goumai.CreditListKinds {
		if !slices.ContainsFunc(f.Lists, func(l goumai.CreditList) bool { return l.Kind == k }) {
			l := k.Label()
			hit("ENG-A4", 0, 0, "无法完成信用记录查询：尚未导入"+l.ZH+"（财库〔2016〕125号）", "the credit check cannot be made: no "+l.EN+" list has been imported (Caiku [2016] No. 125)")
		}
	}
	for _, e := range f.NameOnly {
		k := listKind(f.Lists, e.ListID)
		if k == goumai.ListViolation || !e.ActiveAt(at) {
			continue
		}
		l := k.Label()
		warnings = append(warnings, goumai.CheckFinding{Rule: k.Rule(), ListID: e.ListID, EntryID: e.ID,
			Detail: goumai.M(fmt.Sprintf("%s中有同名单位（统一社会信用代码 %s），请人工核实", l.ZH, e.CreditCode),
				fmt.Sprintf("%s lists an organisation of the same name (credit code %s): check by hand", l.EN, e.CreditCode))})
	}
	return hits, warnings
}

// listKind returns the kind of a list among the lists read.
func listKind(lists []goumai.CreditList, id int64) goumai.ListKind {
	for _, l := range lists {
		if l.ID == id {
			return l.Kind
		}
	}
	return ""
}

// SupplierRefusal is the error for a check's findings: EForbidden naming the
// first finding's rule, with every finding in the message; nil when there are none.
func SupplierRefusal(hits []goumai.CheckFinding) error {
	if len(hits) == 0 {
		return nil
	}
	zh := make([]string, len(hits))
	en := make([]string, len(hits))
	for i, h := range hits {
		zh[i], en[i] = h.Detail.ZH, h.Detail.EN
	}
	return &goumai.Error{Code: goumai.EForbidden, Rule: hits[0].Rule,
		Message: goumai.M("供应商资格核查未通过："+strings.Join(zh, "；"), "the supplier check failed: "+strings.Join(en, "; ")),
		Fields:  map[string]goumai.Msg{goumai.FieldOrg: hits[0].Detail}}
}

// Related reports whether two bidders may not bid in the same lot (ENG-A6,
// GPL-IR Art. 18 ¶1: 单位负责人为同一人或者存在直接控股、管理关系的不同供应商，
// 不得参加同一合同项下的政府采购活动), and why: the same head, a direct
// controlling interest of one in the other (as controlling shareholder or
// actual controller), or a management relation either way.
func Related(a, b goumai.SupplierProfile) (goumai.Msg, bool) {
	if a.OrgID != 0 && a.OrgID == b.OrgID {
		return goumai.Msg{}, false
	}
	why := func(zh, en string) (goumai.Msg, bool) {
		return goumai.M(zh+"（《政府采购法实施条例》第十八条）", en+" (GPL-IR Art. 18)"), true
	}
	if a.Head.IDDigest != "" && a.Head.IDDigest == b.Head.IDDigest {
		return why(a.Name+"与"+b.Name+"的单位负责人为同一人", a.Name+" and "+b.Name+" have the same head")
	}
	for _, x := range [][2]goumai.SupplierProfile{{a, b}, {b, a}} {
		owner, owned := x[0], x[1]
		if owner.CreditCode == "" {
			continue
		}
		if owned.Shareholder.CreditCode == owner.CreditCode || owned.Controller.CreditCode == owner.CreditCode {
			return why(owner.Name+"直接控股或控制"+owned.Name, owner.Name+" directly controls "+owned.Name)
		}
		if slices.ContainsFunc(owned.ManagedBy, func(p goumai.Party) bool { return p.CreditCode == owner.CreditCode }) {
			return why(owner.Name+"与"+owned.Name+"存在管理关系", owner.Name+" manages "+owned.Name)
		}
	}
	return goumai.Msg{}, false
}

// RelatedBidder refuses bidder a in a lot where others already bid when it is
// related to one of them (ENG-A6): EForbidden naming the rule and the reason,
// or nil.
func RelatedBidder(a goumai.SupplierProfile, others []goumai.SupplierProfile) error {
	for _, b := range others {
		if why, related := Related(a, b); related {
			return &goumai.Error{Code: goumai.EForbidden, Rule: "ENG-A6",
				Message: goumai.M("关联供应商不得参加同一合同项下的政府采购活动："+why.ZH, "related suppliers may not bid under the same contract: "+why.EN),
				Fields:  map[string]goumai.Msg{goumai.FieldOrg: why}}
		}
	}
	return nil
}

// CheckDeclaration applies ENG-A6's second sentence (GPL-IR Art. 18 ¶2): a
// supplier that provided the project's overall design, specification,
// project management, supervision or testing may not take part in its other
// procurement, except in single-source procurement.
func CheckDeclaration(d goumai.BidDeclaration, singleSource bool) error {
	if singleSource {
		return nil
	}
	var zh, en []string
	for _, c := range []struct {
		on     bool
		zh, en string
	}{
		{d.Designed, "整体设计", "overall design"},
		{d.Specified, "规范编制", "specification"},
		{d.Managed, "项目管理", "project management"},
		{d.Supervised, "监理", "supervision"},
		{d.Tested, "检测", "testing"},
	} {
		if c.on {
			zh, en = append(zh, c.zh), append(en, c.en)
		}
	}
	if len(zh) == 0 {
		return nil
	}
	return &goumai.Error{Code: goumai.EForbidden, Rule: "ENG-A6",
		Message: goumai.M("为该采购项目提供"+strings.Join(zh, "、")+"服务的供应商，不得再参加该项目的其他采购活动（单一来源采购除外，《政府采购法实施条例》第十八条）",
			"a supplier that provided the project's "+strings.Join(en, ", ")+" may not take part in its other procurement (except single-source, GPL-IR Art. 18)")}
}
