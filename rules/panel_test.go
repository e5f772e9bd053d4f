package rules

import (
	"encoding/hex"
	"slices"
	"testing"
	"time"

	"github.com/goumai/goumai"
)

// TestCheckPanel: one row per clause of ENG-F1, ENG-F2 and ENG-F3.
func TestCheckPanel(t *testing.T) {
	p := NationalDefaults(Services)
	tender := func(size, reps int) PanelSpec {
		return PanelSpec{Method: goumai.MethodOpenTender, Budget: 300_000_000, Size: size, PurchaserReps: reps}
	}
	with := func(s PanelSpec, f func(*PanelSpec)) PanelSpec { f(&s); return s }
	cases := []struct {
		name string
		spec PanelSpec
		code goumai.Code
		rule string
	}{
		{"F1 tender of 5 with one representative", tender(5, 1), "", ""},
		{"F1 tender of 4: even", tender(4, 1), goumai.EInvalid, "ENG-F1"},
		{"F1 tender of 3: under 5", tender(3, 0), goumai.EInvalid, "ENG-F1"},
		{"F1 experts under two thirds: 5 with 2 representatives", tender(5, 2), goumai.EInvalid, "ENG-F1"},
		{"F1 budget of ¥10m needs 7", with(tender(5, 1), func(s *PanelSpec) { s.Budget = 1_000_000_000 }), goumai.EInvalid, "ENG-F1"},
		{"F1 technically complex needs 7", with(tender(5, 1), func(s *PanelSpec) { s.TechnicallyComplex = true }), goumai.EInvalid, "ENG-F1"},
		{"F1 high social impact needs 7", with(tender(5, 1), func(s *PanelSpec) { s.HighSocialImpact = true }), goumai.EInvalid, "ENG-F1"},
		{"F1 large tender of 7 with 2 representatives", with(tender(7, 2), func(s *PanelSpec) { s.HighSocialImpact = true }), "", ""},
		{"F1 7 with 3 representatives: 4 experts", with(tender(7, 3), func(s *PanelSpec) { s.HighSocialImpact = true }), goumai.EInvalid, "ENG-F1"},
		{"F2 磋商 of 3 with one representative", PanelSpec{Method: goumai.MethodConsultation, Budget: 300_000_000, Size: 3, PurchaserReps: 1}, "", ""},
		{"F2 磋商 of 1", PanelSpec{Method: goumai.MethodConsultation, Size: 1}, goumai.EInvalid, "ENG-F2"},
		{"F2 磋商 of 3 with 2 representatives", PanelSpec{Method: goumai.MethodConsultation, Size: 3, PurchaserReps: 2}, goumai.EInvalid, "ENG-F2"},
		{"F2 谈判 below the threshold: 3", PanelSpec{Method: goumai.MethodCompetitiveNeg, Budget: 100_000_000, Size: 3}, "", ""},
		{"F2 谈判 at the open-tender threshold needs 5", PanelSpec{Method: goumai.MethodCompetitiveNeg, Budget: 200_000_000, Size: 3}, goumai.EInvalid, "ENG-F2"},
		{"F3 self-selected without technical complexity", with(tender(5, 1), func(s *PanelSpec) { s.SelfSelected, s.SupervisorConsent = 1, true }), goumai.EForbidden, "ENG-F3"},
		{"F3 self-selected without consent", with(tender(7, 1), func(s *PanelSpec) { s.SelfSelected, s.TechnicallyComplex = 1, true }), goumai.EForbidden, "ENG-F3"},
		{"F3 self-selected, complex and consented", with(tender(7, 1), func(s *PanelSpec) { s.SelfSelected, s.TechnicallyComplex, s.SupervisorConsent = 1, true, true }), "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := p.CheckPanel(c.spec)
			if goumai.ErrorCode(err) != c.code || c.code != "" && goumai.AsError(err).Rule != c.rule {
				t.Fatalf("got %v (rule %q), want code %q rule %q", err, goumai.AsError(err).Rule, c.code, c.rule)
			}
		})
	}
	for size, want := range map[int]int{3: 2, 5: 4, 7: 5, 9: 6, 11: 8} {
		if got := p.MinExperts(size); got != want {
			t.Errorf("MinExperts(%d) = %d, want %d", size, got, want)
		}
	}
}

// TestFindConflict: one row per clause of ENG-F4.
func TestFindConflict(t *testing.T) {
	at := time.Date(2026, 12, 7, 10, 0, 0, 0, goumai.Shanghai)
	ago := func(years int) *time.Time { d := at.AddDate(-years, 0, -1); return &d }
	rel := func(k goumai.RelationKind, to *time.Time) goumai.ExpertRelation {
		return goumai.ExpertRelation{OrgID: 9, Kind: k, From: at.AddDate(-10, 0, 0), To: to}
	}
	base := ConflictCheck{PurchaserOrgID: 1, AgencyOrgID: 2, Bidders: []Bidder{{OrgID: 9, CreditCode: "91330106MA2XXXXX0X"}, {OrgID: 8}}, At: at}
	with := func(f func(*ConflictCheck)) ConflictCheck { c := base; f(&c); return c }
	cases := []struct {
		name   string
		check  ConflictCheck
		reason string
	}{
		{"no relation", base, ""},
		{"employed by a bidder now (a role there)", with(func(c *ConflictCheck) { c.MemberOrgs = []int64{8} }), "employment"},
		{"employment ended 2 years ago", with(func(c *ConflictCheck) { c.Relations = []goumai.ExpertRelation{rel(goumai.RelEmployment, ago(2))} }), "employment"},
		{"employment ended 4 years ago", with(func(c *ConflictCheck) { c.Relations = []goumai.ExpertRelation{rel(goumai.RelEmployment, ago(4))} }), ""},
		{"directorship ongoing", with(func(c *ConflictCheck) { c.Relations = []goumai.ExpertRelation{rel(goumai.RelDirectorship, nil)} }), "directorship"},
		{"control ended a year ago", with(func(c *ConflictCheck) { c.Relations = []goumai.ExpertRelation{rel(goumai.RelControl, ago(1))} }), "control"},
		{"control by credit code", with(func(c *ConflictCheck) {
			c.Relations = []goumai.ExpertRelation{{CreditCode: "91330106MA2XXXXX0X", Kind: goumai.RelControl, From: at.AddDate(-1, 0, 0)}}
		}), "control"},
		{"family tie standing", with(func(c *ConflictCheck) { c.Relations = []goumai.ExpertRelation{rel(goumai.RelFamily, nil)} }), "family"},
		{"family tie ended", with(func(c *ConflictCheck) { c.Relations = []goumai.ExpertRelation{rel(goumai.RelFamily, ago(1))} }), ""},
		{"relation to a non-bidder", with(func(c *ConflictCheck) {
			c.Relations = []goumai.ExpertRelation{{OrgID: 77, Kind: goumai.RelEmployment, From: at.AddDate(-1, 0, 0)}}
		}), ""},
		{"purchaser staff, own unit's project", with(func(c *ConflictCheck) { c.MemberOrgs = []int64{1} }), "own_unit"},
		{"agency staff, the agency's project", with(func(c *ConflictCheck) { c.MemberOrgs = []int64{2} }), "agency_staff"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := FindConflict(c.check)
			if ok != (c.reason != "") || got.Reason != c.reason {
				t.Fatalf("got %+v %v, want %q", got, ok, c.reason)
			}
			if ok && (goumai.ErrorCode(got.Err()) != goumai.EForbidden || goumai.AsError(got.Err()).Rule != "ENG-F4") {
				t.Fatalf("err %v", got.Err())
			}
		})
	}
}

// TestDrawPanel: a known answer, determinism, order-independence of the
// pool and the seed's inputs.
func TestDrawPanel(t *testing.T) {
	var root, leaf [32]byte
	root[0], leaf[0] = 1, 2
	s1, s2 := hex.EncodeToString(make([]byte, 32)), "ff"+hex.EncodeToString(make([]byte, 31))
	seed, err := DrawSeed(root, leaf, s1, s2)
	if err != nil {
		t.Fatal(err)
	}
	pool := []int64{5, 3, 9, 1, 7, 11, 13, 2}
	a := DrawPanel(seed, pool, 3)
	b := DrawPanel(seed, []int64{13, 11, 9, 7, 5, 3, 2, 1}, 3)
	if !slices.Equal(a, b) || len(a) != 3 {
		t.Fatalf("draws differ: %v %v", a, b)
	}
	if !slices.Equal(pool, []int64{5, 3, 9, 1, 7, 11, 13, 2}) {
		t.Fatal("the pool was changed")
	}
	other, _ := DrawSeed(root, leaf, s1, "")
	if slices.Equal(DrawPanel(other, pool, 8), DrawPanel(seed, pool, 8)) {
		t.Fatal("a different seed gave the same order")
	}
	if got := DrawPanel(seed, pool, 20); len(got) != 8 {
		t.Fatalf("drew %d of 8", len(got))
	}
	if _, err := DrawSeed(root, leaf, "zz", ""); goumai.ErrorCode(err) != goumai.EInvalid {
		t.Fatalf("bad secret: %v", err)
	}
	h, err := CommitHash(s1)
	if err != nil || h != "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925" || !ValidHash(h) {
		t.Fatalf("CommitHash = %s %v", h, err)
	}
	if !slices.Equal(a, []int64{1, 3, 13}) {
		t.Fatalf("known answer: got %v, want [1 3 13]", a)
	}
}
