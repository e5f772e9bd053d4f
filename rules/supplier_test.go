package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
)

func sday(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, goumai.Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func dayp(s string) *time.Time { t := sday(s); return &t }

// eligible is a supplier that passes every rule at the bid date below.
func eligible() SupplierFacts {
	var ev []goumai.Evidence
	for i, k := range goumai.RequiredEvidence {
		e := goumai.Evidence{ID: int64(i + 1), Kind: k, ValidFrom: sday("2025-01-01")}
		if k == goumai.EvidenceDeclaration {
			e.DeclaredOn = dayp("2026-01-05")
		}
		ev = append(ev, e)
	}
	return SupplierFacts{
		Org:      goumai.Org{ID: 7, Name: "杭州康宁养老服务有限公司", Kind: goumai.KindEnterprise, CreditCode: "91330106MA27XK0Q1B", Active: true},
		Evidence: ev,
		Lists: []goumai.CreditList{
			{ID: 1, Kind: goumai.ListDishonestDebtor}, {ID: 2, Kind: goumai.ListTaxViolation}, {ID: 3, Kind: goumai.ListProcurement},
			{ID: 4, Kind: goumai.ListBan}, {ID: 5, Kind: goumai.ListViolation},
		},
	}
}

// TestJudgeSupplier has one row per clause of ENG-A2–A5.
func TestJudgeSupplier(t *testing.T) {
	bid := time.Date(2026, 4, 10, 9, 30, 0, 0, goumai.Shanghai)
	entry := func(list int64, mod func(*goumai.CreditEntry)) func(*SupplierFacts) {
		return func(f *SupplierFacts) {
			e := goumai.CreditEntry{ID: 100 + list, ListID: list, CreditCode: f.Org.CreditCode, Name: f.Org.Name, Authority: "浙江省财政厅", DocNo: "浙财采监〔2025〕1号"}
			if mod != nil {
				mod(&e)
			}
			f.Hits = append(f.Hits, e)
		}
	}
	received := func(k goumai.ListKind, mod func(*goumai.CreditEntry)) func(*SupplierFacts) {
		return func(f *SupplierFacts) {
			e := goumai.CreditEntry{ID: 7, ListID: 3, CreditCode: f.Org.CreditCode, Name: f.Org.Name, Authority: "江苏省财政厅", DocNo: "苏财购〔2026〕2号"}
			mod(&e)
			f.Received = append(f.Received, goumai.ReceivedEntry{Source: "js", LogIndex: 42, Kind: k, Entry: e})
		}
	}
	evidence := func(k goumai.EvidenceKind, mod func(*goumai.Evidence)) func(*SupplierFacts) {
		return func(f *SupplierFacts) {
			for i := range f.Evidence {
				if f.Evidence[i].Kind == k {
					mod(&f.Evidence[i])
				}
			}
		}
	}
	for _, c := range []struct {
		name  string
		mod   func(*SupplierFacts)
		rule  string // "" for a pass
		warns int
	}{
		{"eligible", func(*SupplierFacts) {}, "", 0},
		{"A2 kind not eligible (公益一类)", func(f *SupplierFacts) {
			f.Org.Kind, f.Org.Class = goumai.KindInstitution, goumai.ClassPublicI
		}, "ENG-A2", 0},
		{"A2 not approved", func(f *SupplierFacts) { f.Org.Active = false }, "ENG-A2", 0},
		{"A3 licence missing", func(f *SupplierFacts) { f.Evidence = f.Evidence[1:] }, "ENG-A3", 0},
		{"A3 financial report missing", func(f *SupplierFacts) { f.Evidence = append(f.Evidence[:1:1], f.Evidence[2:]...) }, "ENG-A3", 0},
		{"A3 declaration missing", func(f *SupplierFacts) { f.Evidence = f.Evidence[:4] }, "ENG-A3", 0},
		{"A3 only a superseded version", evidence(goumai.EvidenceTaxSocial, func(e *goumai.Evidence) { e.SupersededBy = 99 }), "ENG-A3", 0},
		{"A3 proof expired the day before", evidence(goumai.EvidenceTaxSocial, func(e *goumai.Evidence) { e.ValidUntil = dayp("2026-04-09") }), "ENG-A3", 0},
		{"A3 proof valid through the bid day", evidence(goumai.EvidenceTaxSocial, func(e *goumai.Evidence) { e.ValidUntil = dayp("2026-04-10") }), "", 0},
		{"A3 proof not yet valid", evidence(goumai.EvidenceCapability, func(e *goumai.Evidence) { e.ValidFrom = sday("2026-04-11") }), "ENG-A3", 0},
		{"A3 declaration dated after the bid", evidence(goumai.EvidenceDeclaration, func(e *goumai.Evidence) { e.DeclaredOn = dayp("2026-04-11") }), "ENG-A3", 0},
		{"A3 criminal penalty within 3 years", entry(5, func(e *goumai.CreditEntry) {
			e.Penalty, e.DecidedOn = goumai.PenaltyCriminal, dayp("2024-06-01")
		}), "ENG-A3", 0},
		{"A3 suspension within 3 years", entry(5, func(e *goumai.CreditEntry) {
			e.Penalty, e.DecidedOn = goumai.PenaltySuspension, dayp("2023-04-11")
		}), "ENG-A3", 0},
		{"A3 licence revoked within 3 years", entry(5, func(e *goumai.CreditEntry) {
			e.Penalty, e.DecidedOn = goumai.PenaltyRevocation, dayp("2025-12-31")
		}), "ENG-A3", 0},
		{"A3 large fine within 3 years", entry(5, func(e *goumai.CreditEntry) {
			e.Penalty, e.DecidedOn = goumai.PenaltyLargeFine, dayp("2026-04-10")
		}), "ENG-A3", 0},
		{"A3 violation more than 3 years before", entry(5, func(e *goumai.CreditEntry) {
			e.Penalty, e.DecidedOn = goumai.PenaltyLargeFine, dayp("2023-04-09")
		}), "", 0},
		{"A3 violation decided after the bid", entry(5, func(e *goumai.CreditEntry) {
			e.Penalty, e.DecidedOn = goumai.PenaltyLargeFine, dayp("2026-04-11")
		}), "", 0},
		{"A4 失信被执行人", entry(1, nil), "ENG-A4", 0},
		{"A4 重大税收违法", entry(2, nil), "ENG-A4", 0},
		{"A4 政府采购严重违法失信", entry(3, func(e *goumai.CreditEntry) { e.StartsOn, e.EndsOn = dayp("2025-01-01"), dayp("2027-12-31") }), "ENG-A4", 0},
		{"A4 listing ended (removed after the penalty)", entry(3, func(e *goumai.CreditEntry) { e.StartsOn, e.EndsOn = dayp("2023-01-01"), dayp("2026-04-09") }), "", 0},
		{"A4 a list never imported", func(f *SupplierFacts) { f.Lists = f.Lists[1:] }, "ENG-A4", 0},
		{"A5 active ban", entry(4, func(e *goumai.CreditEntry) { e.StartsOn, e.EndsOn = dayp("2025-10-01"), dayp("2026-09-30") }), "ENG-A5", 0},
		{"A5 ban ends on the bid day", entry(4, func(e *goumai.CreditEntry) { e.StartsOn, e.EndsOn = dayp("2025-04-10"), dayp("2026-04-10") }), "ENG-A5", 0},
		{"A5 ban expired (GPL-IR Art. 19 ¶2)", entry(4, func(e *goumai.CreditEntry) { e.StartsOn, e.EndsOn = dayp("2024-04-10"), dayp("2026-04-09") }), "", 0},
		{"A5 ban not yet in force", entry(4, func(e *goumai.CreditEntry) { e.StartsOn, e.EndsOn = dayp("2026-04-11"), dayp("2027-04-10") }), "", 0},
		{"A5 ban received from another instance (nationwide)", received(goumai.ListBan, func(e *goumai.CreditEntry) { e.StartsOn, e.EndsOn = dayp("2025-10-01"), dayp("2026-09-30") }), "ENG-A5", 0},
		{"A5 received ban expired", received(goumai.ListBan, func(e *goumai.CreditEntry) { e.StartsOn, e.EndsOn = dayp("2024-04-10"), dayp("2026-04-09") }), "", 0},
		{"A3 major violation received from another instance", received(goumai.ListViolation, func(e *goumai.CreditEntry) { e.DecidedOn, e.Penalty = dayp("2025-06-01"), goumai.PenaltyCriminal }), "ENG-A3", 0},
		{"name only: a warning", func(f *SupplierFacts) {
			f.NameOnly = append(f.NameOnly, goumai.CreditEntry{ID: 9, ListID: 4, CreditCode: "91330100000000000X", Name: f.Org.Name})
		}, "", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := eligible()
			c.mod(&f)
			hits, warns := JudgeSupplier(f, bid)
			err := SupplierRefusal(hits)
			switch {
			case c.rule == "" && err != nil:
				t.Errorf("refused: %v", err)
			case c.rule != "" && err == nil:
				t.Errorf("passed, want refused by %s", c.rule)
			case c.rule != "":
				e := goumai.AsError(err)
				if e.Rule != c.rule || e.Code != goumai.EForbidden || !strings.Contains(e.Message.EN, hits[0].Detail.EN) {
					t.Errorf("refusal %v, want forbidden by %s", err, c.rule)
				}
				if len(f.Received) > 0 && (hits[0].Source != "js" || hits[0].LogIndex != 42 || hits[0].ListID != 0 || !strings.Contains(hits[0].Detail.EN, "from js, its log entry 42")) {
					t.Errorf("received hit %+v: want the source instance and its log index as evidence", hits[0])
				}
			}
			if len(warns) != c.warns {
				t.Errorf("warnings %v, want %d", warns, c.warns)
			}
		})
	}
}

func TestRelated(t *testing.T) {
	head := goumai.PersonDigest("11010519491231002X")
	a := goumai.SupplierProfile{OrgID: 1, Name: "甲公司", CreditCode: "91330106MA27XK0Q1B", Head: goumai.Person{Name: "王美华", IDDigest: head}}
	b := goumai.SupplierProfile{OrgID: 2, Name: "乙公司", CreditCode: "91330110MA2B0C4D5E", Head: goumai.Person{Name: "李四", IDDigest: goumai.PersonDigest("330106198001010011")}}
	for _, c := range []struct {
		name    string
		a, b    func() goumai.SupplierProfile
		related bool
	}{
		{"unrelated", func() goumai.SupplierProfile { return a }, func() goumai.SupplierProfile { return b }, false},
		{"same head", func() goumai.SupplierProfile { return a }, func() goumai.SupplierProfile { x := b; x.Head.IDDigest = head; return x }, true},
		{"same head name only", func() goumai.SupplierProfile { return a }, func() goumai.SupplierProfile { x := b; x.Head.Name = a.Head.Name; return x }, false},
		{"a controls b (shareholder)", func() goumai.SupplierProfile { return a }, func() goumai.SupplierProfile {
			x := b
			x.Shareholder = goumai.Party{CreditCode: a.CreditCode}
			return x
		}, true},
		{"b controls a (actual controller)", func() goumai.SupplierProfile {
			x := a
			x.Controller = goumai.Party{CreditCode: b.CreditCode}
			return x
		}, func() goumai.SupplierProfile { return b }, true},
		{"a manages b", func() goumai.SupplierProfile { return a }, func() goumai.SupplierProfile {
			x := b
			x.ManagedBy = []goumai.Party{{CreditCode: a.CreditCode}}
			return x
		}, true},
		{"b manages a", func() goumai.SupplierProfile {
			x := a
			x.ManagedBy = []goumai.Party{{CreditCode: "91110000100000000X"}, {CreditCode: b.CreditCode}}
			return x
		}, func() goumai.SupplierProfile { return b }, true},
		{"common shareholder only (not a direct link)", func() goumai.SupplierProfile {
			x := a
			x.Shareholder = goumai.Party{CreditCode: "91110000100000000X"}
			return x
		}, func() goumai.SupplierProfile {
			x := b
			x.Shareholder = goumai.Party{CreditCode: "91110000100000000X"}
			return x
		}, false},
		{"no head recorded on either", func() goumai.SupplierProfile { x := a; x.Head.IDDigest = ""; return x }, func() goumai.SupplierProfile { x := b; x.Head.IDDigest = ""; return x }, false},
	} {
		why, rel := Related(c.a(), c.b())
		if rel != c.related {
			t.Errorf("%s: related %v, want %v", c.name, rel, c.related)
		}
		if rel && !strings.Contains(why.ZH, "第十八条") {
			t.Errorf("%s: reason %q does not cite GPL-IR Art. 18", c.name, why.ZH)
		}
		if back, rel2 := Related(c.b(), c.a()); rel2 != rel {
			t.Errorf("%s: not symmetric (%v)", c.name, back)
		}
	}
}

func TestRelatedBidder(t *testing.T) {
	head := goumai.PersonDigest("11010519491231002X")
	a := goumai.SupplierProfile{OrgID: 1, Name: "甲公司", CreditCode: "A", Head: goumai.Person{IDDigest: head}}
	b := goumai.SupplierProfile{OrgID: 2, Name: "乙公司", CreditCode: "B", Head: goumai.Person{IDDigest: goumai.PersonDigest("E1234567")}}
	c := goumai.SupplierProfile{OrgID: 3, Name: "丙公司", CreditCode: "C", Head: goumai.Person{IDDigest: head}}
	if err := RelatedBidder(a, []goumai.SupplierProfile{b}); err != nil {
		t.Errorf("unrelated: %v", err)
	}
	err := RelatedBidder(a, []goumai.SupplierProfile{b, c})
	if e := goumai.AsError(err); e.Code != goumai.EForbidden || e.Rule != "ENG-A6" || !strings.Contains(e.Message.ZH, "丙公司") {
		t.Errorf("same head as a bidder: %v", err)
	}
}

func TestCheckDeclaration(t *testing.T) {
	for _, c := range []struct {
		name         string
		d            goumai.BidDeclaration
		singleSource bool
		refused      bool
	}{
		{"nothing declared", goumai.BidDeclaration{}, false, false},
		{"designed", goumai.BidDeclaration{Designed: true}, false, true},
		{"specified", goumai.BidDeclaration{Specified: true}, false, true},
		{"managed", goumai.BidDeclaration{Managed: true}, false, true},
		{"supervised", goumai.BidDeclaration{Supervised: true}, false, true},
		{"tested", goumai.BidDeclaration{Tested: true}, false, true},
		{"designed, single source", goumai.BidDeclaration{Designed: true, Tested: true}, true, false},
	} {
		err := CheckDeclaration(c.d, c.singleSource)
		if (err != nil) != c.refused {
			t.Errorf("%s: %v, want refused=%v", c.name, err, c.refused)
		}
		if err != nil && (goumai.AsError(err).Rule != "ENG-A6" || goumai.ErrorCode(err) != goumai.EForbidden) {
			t.Errorf("%s: %v, want forbidden by ENG-A6", c.name, err)
		}
	}
}
