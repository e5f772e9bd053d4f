package rules

import (
	"fmt"
	"time"

	"github.com/goumai/goumai"
)

// Panels (RULES.md §7.1, §14 F): their size and composition (ENG-F1, ENG-F2),
// self-selected experts (ENG-F3) and recusal (ENG-F4).

// PanelSpec is a requested panel of a procedure.
type PanelSpec struct {
	Method             goumai.ProcurementMethod
	Budget             goumai.Fen // the procedure's amount
	TechnicallyComplex bool       // 技术复杂
	HighSocialImpact   bool       // 社会影响较大
	Size               int        // members in all, the purchaser's representatives counted
	PurchaserReps      int        // 采购人代表
	SelfSelected       int        // experts the purchaser chose itself (ENG-F3)
	SupervisorConsent  bool       // the supervising budget unit (主管预算单位) consented to self-selection
}

// Experts is the number of experts on the panel.
func (s PanelSpec) Experts() int { return s.Size - s.PurchaserReps }

// MinExperts is the fewest experts a panel of size members may have: their
// share, rounded to the whole per cent, at least ExpertShareMinPct (67 stands
// for two thirds: 2 of 3, 4 of 5, 5 of 7, 6 of 9).
func (p Params) MinExperts(size int) int {
	for e := 0; e <= size; e++ {
		if size > 0 && (200*e+size)/(2*size) >= p.ExpertShareMinPct {
			return e
		}
	}
	return size
}

// PanelMinSize is the smallest panel the procedure may have, and the rule
// setting it: ENG-F1 for tenders (PanelMinLarge when the budget reaches
// PanelLargeBudget, or the project is technically complex or of high social
// impact), ENG-F2 otherwise (SmallPanelThreshold for 谈判 at or above the
// open-tender threshold).
func (p Params) PanelMinSize(s PanelSpec) (int, string) {
	if goumai.MethodConfigs[s.Method].Tender {
		if s.Budget >= p.PanelLargeBudget || s.TechnicallyComplex || s.HighSocialImpact {
			return p.PanelMinLarge, "ENG-F1"
		}
		return p.PanelMin, "ENG-F1"
	}
	if s.Method == goumai.MethodCompetitiveNeg && s.Budget >= p.OpenTenderThreshold {
		return p.SmallPanelThreshold, "ENG-F2"
	}
	return p.SmallPanelMin, "ENG-F2"
}

// CheckPanel refuses a panel whose size or composition breaks ENG-F1/F2, or
// whose self-selected experts lack ENG-F3's conditions.
func (p Params) CheckPanel(s PanelSpec) error {
	min, rule := p.PanelMinSize(s)
	bad := func(zh, en string) error {
		return &goumai.Error{Code: goumai.EInvalid, Rule: rule, Message: goumai.M(zh+"（"+rule+"）", en+" ("+rule+")")}
	}
	switch {
	case s.PurchaserReps < 0 || s.SelfSelected < 0 || s.Size < 1:
		return bad("评审小组人数有误", "the panel's numbers are not valid")
	case s.Size%2 == 0 || s.Size < min:
		return bad(fmt.Sprintf("评审小组应为%d人以上单数，申请的是%d人", min, s.Size), fmt.Sprintf("the panel must have an odd number of members, at least %d; %d were asked", min, s.Size))
	case s.Experts() < p.MinExperts(s.Size):
		return bad(fmt.Sprintf("%d人的评审小组中评审专家不得少于%d人（三分之二）", s.Size, p.MinExperts(s.Size)),
			fmt.Sprintf("a panel of %d needs at least %d experts (two thirds)", s.Size, p.MinExperts(s.Size)))
	case s.SelfSelected > s.Experts():
		return bad("自行选定的专家不能多于评审专家人数", "more self-selected experts than experts")
	case s.SelfSelected > 0 && !(s.TechnicallyComplex && s.SupervisorConsent):
		return &goumai.Error{Code: goumai.EForbidden, Rule: "ENG-F3", Message: goumai.M(
			"评审专家应从省级以上评审专家库随机抽取；只有技术复杂的项目经主管预算单位同意，采购人才可以自行选定评审专家（ENG-F3）",
			"experts are drawn at random from the provincial (or higher) database; the purchaser may choose experts itself only for a technically complex project with the supervising budget unit's consent (ENG-F3)")}
	}
	return nil
}

// RecusalYears is how far back a relation to a bidder makes a member recuse
// (GPL-IR Art. 9: 参加采购活动前3年内).
const RecusalYears = 3

// Bidder is an organisation taking part in the procedure, by id and credit code.
type Bidder struct {
	OrgID      int64
	CreditCode string
}

// ConflictCheck is what recusal looks at for one person.
type ConflictCheck struct {
	Relations      []goumai.ExpertRelation
	MemberOrgs     []int64 // the organisations the person holds a role in now (employment)
	PurchaserOrgID int64
	AgencyOrgID    int64
	Bidders        []Bidder
	At             time.Time
}

// Conflict is a reason a person may not sit on the panel (ENG-F4).
type Conflict struct {
	Reason string // employment, directorship, control, family, own_unit, agency_staff
	OrgID  int64  // the bidder, purchaser or agency concerned
}

// FindConflict returns the first reason the person must recuse (ENG-F4):
// purchaser staff on their own unit's project, agency staff on the agency's
// own project, or, toward a bidder, employment, a directorship or control
// within the last RecusalYears, or a family tie to its legal representative
// or head standing at c.At.
func FindConflict(c ConflictCheck) (Conflict, bool) {
	for _, o := range c.MemberOrgs {
		switch {
		case o != 0 && o == c.PurchaserOrgID:
			return Conflict{Reason: "own_unit", OrgID: o}, true
		case o != 0 && o == c.AgencyOrgID:
			return Conflict{Reason: "agency_staff", OrgID: o}, true
		}
		for _, b := range c.Bidders {
			if b.OrgID == o {
				return Conflict{Reason: string(goumai.RelEmployment), OrgID: o}, true
			}
		}
	}
	since := c.At.AddDate(-RecusalYears, 0, 0)
	for _, r := range c.Relations {
		for _, b := range c.Bidders {
			if !(r.OrgID != 0 && r.OrgID == b.OrgID || r.CreditCode != "" && r.CreditCode == b.CreditCode) || r.From.After(c.At) {
				continue
			}
			// A family tie counts while it stands; the others within the last three years.
			if r.To == nil || r.Kind == goumai.RelFamily && !r.To.Before(c.At) || r.Kind != goumai.RelFamily && !r.To.Before(since) {
				return Conflict{Reason: string(r.Kind), OrgID: b.OrgID}, true
			}
		}
	}
	return Conflict{}, false
}

// Err is the refusal of a conflicted person, citing ENG-F4.
func (c Conflict) Err() error {
	zh, en := conflictText(c.Reason)
	return &goumai.Error{Code: goumai.EForbidden, Rule: "ENG-F4", Message: goumai.M(
		"应当回避："+zh+"（ENG-F4，《政府采购法实施条例》第九条）", "must recuse: "+en+" (ENG-F4, GPL-IR Art. 9)")}
}

// ConflictText describes a conflict's reason (Conflict.Reason), in Chinese
// and English.
func ConflictText(reason string) (zh, en string) { return conflictText(reason) }

func conflictText(reason string) (string, string) {
	switch reason {
	case "own_unit":
		return "采购人工作人员不得作为本单位项目的评审专家", "purchaser staff may not evaluate their own unit's project"
	case "agency_staff":
		return "采购代理机构工作人员不得参加本机构代理项目的评审", "agency staff may not evaluate the agency's own projects"
	}
	k := goumai.RelationKind(reason)
	return "与供应商存在" + k.Label().ZH + "（三年内）", k.Label().EN + " with a bidder (within three years)"
}
