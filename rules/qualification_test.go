package rules

import (
	"testing"
	"time"

	"github.com/goumai/goumai"
)

// qualFacts is a review that qualifies: the eligible supplier, bid on 10
// April 2026, reviewed on 20 April, meeting the documents' one condition with
// its capability proof (evidence 4).
func qualFacts() QualFacts {
	return QualFacts{
		Supplier:   eligible(),
		BidAt:      time.Date(2026, 4, 10, 9, 30, 0, 0, goumai.Shanghai),
		Now:        time.Date(2026, 4, 20, 10, 0, 0, 0, goumai.Shanghai),
		Conditions: []goumai.Qualification{{Name: "养老服务资质", Detail: "具有养老机构备案"}},
		Reviews:    []goumai.ConditionReview{{Name: "养老服务资质", Met: true, Evidence: []int64{4}}},
	}
}

// TestQualify has one row per clause of the review: ENG-A2, the ENG-A3
// evidence, violations and conditions, ENG-A4 and ENG-A5 read at the review,
// and ENG-A8 for an individual.
func TestQualify(t *testing.T) {
	entry := func(list int64, mod func(*goumai.CreditEntry)) func(*QualFacts) {
		return func(f *QualFacts) {
			e := goumai.CreditEntry{ID: 100 + list, ListID: list, CreditCode: f.Supplier.Org.CreditCode, Authority: "浙江省财政厅", DocNo: "浙财采监〔2026〕2号"}
			if mod != nil {
				mod(&e)
			}
			f.Supplier.Hits = append(f.Supplier.Hits, e)
		}
	}
	individual := func(f *QualFacts) { f.Supplier.Org.Kind, f.Supplier.Org.CreditCode = goumai.KindIndividual, "" }
	for _, c := range []struct {
		name string
		mod  func(*QualFacts)
		item string // the failing check, "" for qualified
		rule string
	}{
		{"qualified", func(*QualFacts) {}, "", ""},
		{"A2 kind not eligible", func(f *QualFacts) {
			f.Supplier.Org.Kind, f.Supplier.Org.Class = goumai.KindInstitution, goumai.ClassPublicI
		}, goumai.QualItemKind, "ENG-A2"},
		{"A2 deactivated since the bid", func(f *QualFacts) { f.Supplier.Org.Active = false }, goumai.QualItemKind, "ENG-A2"},
		{"A3 proof on file expired after the bid, before the review", func(f *QualFacts) {
			f.Supplier.Evidence[2].ValidUntil = dayp("2026-04-15")
		}, goumai.QualItemEvidence, "ENG-A3"},
		{"A3 proof missing", func(f *QualFacts) { f.Supplier.Evidence = f.Supplier.Evidence[1:] }, goumai.QualItemEvidence, "ENG-A3"},
		{"A3 major violation within the 3 years before the bid", entry(5, func(e *goumai.CreditEntry) {
			e.Penalty, e.DecidedOn = goumai.PenaltyLargeFine, dayp("2023-04-11")
		}), goumai.QualItemViolation, "ENG-A3"},
		{"A3 violation more than 3 years before the bid (within 3 years of the review)", entry(5, func(e *goumai.CreditEntry) {
			e.Penalty, e.DecidedOn = goumai.PenaltyLargeFine, dayp("2023-04-15")
		}), goumai.QualItemViolation, "ENG-A3"},
		{"A3 violation 3 years and a day before the bid", entry(5, func(e *goumai.CreditEntry) {
			e.Penalty, e.DecidedOn = goumai.PenaltyCriminal, dayp("2023-04-09")
		}), "", ""},
		{"A3 violation decided after the bid", entry(5, func(e *goumai.CreditEntry) {
			e.Penalty, e.DecidedOn = goumai.PenaltyCriminal, dayp("2026-04-12")
		}), "", ""},
		{"A4 listed since the bid (fresh check)", entry(1, func(e *goumai.CreditEntry) { e.StartsOn = dayp("2026-04-15") }), goumai.QualItemCredit, "ENG-A4"},
		{"A4 listing ended before the review", entry(3, func(e *goumai.CreditEntry) { e.StartsOn, e.EndsOn = dayp("2023-01-01"), dayp("2026-04-19") }), "", ""},
		{"A4 a list not imported", func(f *QualFacts) { f.Supplier.Lists = f.Supplier.Lists[1:] }, goumai.QualItemCredit, "ENG-A4"},
		{"A5 banned since the bid (fresh check)", entry(4, func(e *goumai.CreditEntry) { e.StartsOn, e.EndsOn = dayp("2026-04-18"), dayp("2027-04-17") }), goumai.QualItemBan, "ENG-A5"},
		{"A5 ban ended before the review", entry(4, func(e *goumai.CreditEntry) { e.StartsOn, e.EndsOn = dayp("2025-04-01"), dayp("2026-04-19") }), "", ""},
		{"condition not met", func(f *QualFacts) { f.Reviews[0].Met = false }, goumai.QualItemConditions, "ENG-A3"},
		{"condition not reviewed", func(f *QualFacts) { f.Reviews = nil }, goumai.QualItemConditions, "ENG-A3"},
		{"condition reviewed under another name", func(f *QualFacts) { f.Reviews[0].Name = "其他" }, goumai.QualItemConditions, "ENG-A3"},
		{"more conditions reviewed than set", func(f *QualFacts) { f.Reviews = append(f.Reviews, f.Reviews[0]) }, goumai.QualItemConditions, "ENG-A3"},
		{"condition met without evidence", func(f *QualFacts) { f.Reviews[0].Evidence = nil }, goumai.QualItemConditions, "ENG-A3"},
		{"condition relying on another's evidence", func(f *QualFacts) { f.Reviews[0].Evidence = []int64{99} }, goumai.QualItemConditions, "ENG-A3"},
		{"condition relying on a superseded proof", func(f *QualFacts) {
			f.Supplier.Evidence[3].SupersededBy = 50
			f.Supplier.Evidence = append(f.Supplier.Evidence, goumai.Evidence{ID: 50, Kind: goumai.EvidenceCapability, ValidFrom: sday("2026-04-01")})
		}, goumai.QualItemConditions, "ENG-A3"},
		{"condition relying on an 'other' proof not in force", func(f *QualFacts) {
			f.Supplier.Evidence = append(f.Supplier.Evidence, goumai.Evidence{ID: 6, Kind: goumai.EvidenceOther, Title: "备案证明", ValidFrom: sday("2025-01-01"), ValidUntil: dayp("2026-04-19")})
			f.Reviews[0].Evidence = []int64{6}
		}, goumai.QualItemConditions, "ENG-A3"},
		{"no conditions in the documents", func(f *QualFacts) { f.Conditions, f.Reviews = nil, nil }, "", ""},
		{"A8 individual with justification and attestation", func(f *QualFacts) {
			individual(f)
			f.Justification, f.Attested = "社区心理咨询须由持证个人提供", true
		}, "", ""},
		{"A8 individual without justification", func(f *QualFacts) { individual(f); f.Attested = true }, goumai.QualItemIndividual, "ENG-A8"},
		{"A8 individual without attestation", func(f *QualFacts) { individual(f); f.Justification = "理由" }, goumai.QualItemIndividual, "ENG-A8"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := qualFacts()
			c.mod(&f)
			checks, result, rule := Qualify(f)
			if c.item == "" {
				if result != goumai.Qualified || rule != "" {
					t.Fatalf("result %s (%s), want qualified: %+v", result, rule, checks)
				}
				return
			}
			if result != goumai.NotQualified || rule != c.rule {
				t.Fatalf("result %s (%s), want not qualified by %s", result, rule, c.rule)
			}
			for _, k := range checks {
				switch {
				case k.Item == c.item && (k.Passed || len(k.Reasons) == 0):
					t.Errorf("check %s passed", k.Item)
				case k.Item == c.item:
					for _, r := range k.Reasons {
						if r.Rule != c.rule || r.Detail.ZH == "" || r.Detail.EN == "" {
							t.Errorf("reason %+v, want bilingual citing %s", r, c.rule)
						}
					}
				case !k.Passed:
					t.Errorf("check %s failed too: %+v", k.Item, k.Reasons)
				}
			}
		})
	}
	// A8 applies to individuals only.
	f := qualFacts()
	checks, _, _ := Qualify(f)
	for _, k := range checks {
		if k.Item == goumai.QualItemIndividual {
			t.Errorf("an enterprise gets the individual check")
		}
	}
}
