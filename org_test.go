package goumai

import (
	"strings"
	"testing"
)

func TestCheckCreditCode(t *testing.T) {
	for _, c := range []struct {
		code string
		ok   bool
	}{
		{"91350100M000100Y43", true}, // the example of GB 32100-2015
		{"91110108551385082Q", true},
		{"91440300708461136T", true},
		{"12100000400000624D", true},
		{"91350100M000100Y44", false}, // wrong check character
		{"91350100M000100Y4", false},  // 17 characters
		{"91350100M000100Y431", false},
		{"91350100M0001O0Y43", false}, // O is not in the alphabet
		{"9135010OM000100Y43", false}, // region part not digits
		{"91350100m000100y43", false}, // lower case (callers upper-case first)
		{"", false},
	} {
		if got := CheckCreditCode(c.code) == nil; got != c.ok {
			t.Errorf("CheckCreditCode(%q) ok = %v, want %v", c.code, got, c.ok)
		}
	}
}

func TestCreditCheckCharRoundTrip(t *testing.T) {
	for _, body := range []string{"91330106MA2H0001X", "12100000400000624", "5133010650000001Y"} {
		c, ok := CreditCheckChar(body)
		if !ok {
			t.Fatalf("CreditCheckChar(%q) refused", body)
		}
		if m := CheckCreditCode(body + string(c)); m != nil {
			t.Errorf("%s%c: %v", body, c, m.EN)
		}
	}
}

// TestEligibility encodes ENG-A1 (purchasers, O102 Arts. 5, 8, 33) and ENG-A2
// (suppliers, O102 Arts. 6, 8), one row per kind of organisation.
func TestEligibility(t *testing.T) {
	for _, c := range []struct {
		name     string
		org      Org
		purchase bool
		supply   bool
	}{
		{"state organ (Art. 5)", Org{Kind: KindStateOrgan}, true, false},
		{"party organ by analogy (Art. 33)", Org{Kind: KindPartyOrgan}, true, false},
		{"参公 institution by analogy (Art. 33)", Org{Kind: KindInstitution, Class: ClassCivil}, true, false},
		{"公益一类: neither (Art. 8)", Org{Kind: KindInstitution, Class: ClassPublicI}, false, false},
		{"公益二类 supplies (Art. 6)", Org{Kind: KindInstitution, Class: ClassPublicII}, false, true},
		{"生产经营类 supplies (Art. 6)", Org{Kind: KindInstitution, Class: ClassBusiness}, false, true},
		{"enterprise (Art. 6)", Org{Kind: KindEnterprise}, false, true},
		{"social organisation (Art. 6)", Org{Kind: KindSocialOrg}, false, true},
		{"mass org on administrative establishment purchases (Art. 33)", Org{Kind: KindMassOrg, Staffing: StaffingAdmin}, true, false},
		{"budget-funded mass org on 事业编制: neither (Art. 8)", Org{Kind: KindMassOrg, Staffing: StaffingInstFunded}, false, false},
		{"self-funded mass org supplies as a social organisation (Art. 6)", Org{Kind: KindMassOrg, Staffing: StaffingSelfFunded}, false, true},
		{"rural collective (Art. 6)", Org{Kind: KindRuralCollect}, false, true},
		{"grassroots self-governing body (Art. 6)", Org{Kind: KindGrassroots}, false, true},
		{"individual (Art. 6)", Org{Kind: KindIndividual}, false, true},
	} {
		if got := c.org.CanPurchase(); got != c.purchase {
			t.Errorf("%s: CanPurchase = %v, want %v", c.name, got, c.purchase)
		}
		if got := c.org.CanSupply(); got != c.supply {
			t.Errorf("%s: CanSupply = %v, want %v", c.name, got, c.supply)
		}
	}
}

func testRegions(t *testing.T) *Regions {
	t.Helper()
	r, err := NewRegions([]Region{
		{Code: NationalCode, Name: "中华人民共和国", Level: LevelNational},
		{Code: "330000", Name: "浙江省", Level: LevelProvince, Parent: NationalCode},
		{Code: "330100", Name: "杭州市", Level: LevelPrefecture, Parent: "330000"},
		{Code: "330106", Name: "西湖区", Level: LevelCounty, Parent: "330100"},
		{Code: "330110", Name: "余杭区", Level: LevelCounty, Parent: "330100"},
		{Code: "330200", Name: "宁波市", Level: LevelPrefecture, Parent: "330000"},
		{Code: "330203", Name: "海曙区", Level: LevelCounty, Parent: "330200"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestOrgValidate(t *testing.T) {
	regions := testRegions(t)
	good := Org{Name: "杭州市西湖区民政局", Kind: KindStateOrgan, CreditCode: "91350100M000100Y43", Region: "330106"}
	if err := good.Validate(regions); err != nil {
		t.Fatalf("valid org refused: %v", err)
	}
	long := ""
	for i := 0; i < 101; i++ {
		long += "字"
	}
	for _, c := range []struct {
		name  string
		edit  func(*Org)
		field string
	}{
		{"empty name", func(o *Org) { o.Name = "" }, "name"},
		{"101-character name", func(o *Org) { o.Name = long }, "name"},
		{"unknown kind", func(o *Org) { o.Kind = "bank" }, "kind"},
		{"institution without class", func(o *Org) { o.Kind = KindInstitution }, "class"},
		{"class on an enterprise", func(o *Org) { o.Kind = KindEnterprise; o.Class = ClassPublicII }, "class"},
		{"mass org without staffing", func(o *Org) { o.Kind = KindMassOrg }, "staffing"},
		{"bad credit code", func(o *Org) { o.CreditCode = "91350100M000100Y44" }, "credit_code"},
		{"missing credit code", func(o *Org) { o.CreditCode = "" }, "credit_code"},
		{"unknown region", func(o *Org) { o.Region = "999999" }, "region"},
		{"finance department that is not a state organ", func(o *Org) { o.Kind = KindEnterprise; o.FinanceDept = true }, "finance_dept"},
		{"201-character address", func(o *Org) { o.Address = strings.Repeat("路", 201) }, "address"},
		{"letters in a telephone", func(o *Org) { o.Phone = "0571-8705ABCD" }, "phone"},
		{"a telephone too short", func(o *Org) { o.Phone = "110" }, "phone"},
		{"an extension without digits", func(o *Org) { o.Phone = "0571-87052000转" }, "phone"},
	} {
		o := good
		c.edit(&o)
		err := o.Validate(regions)
		e := AsError(err)
		if ErrorCode(err) != EInvalid || e.Fields[c.field].ZH == "" || e.Fields[c.field].EN == "" {
			t.Errorf("%s: got %v, want a bilingual field error on %s", c.name, err, c.field)
		}
	}
	for _, ok := range []struct{ address, phone string }{
		{"浙江省杭州市西湖区文三路大华巷8号", "0571-87052000"},
		{strings.Repeat("路", 200), "(0571) 8705 2000"},
		{"", "+86 571 87052000"},
		{"", "0571-87052000转8012"},
	} {
		o := good
		o.Address, o.Phone = ok.address, ok.phone
		if err := o.Validate(regions); err != nil {
			t.Errorf("address %q, telephone %q refused: %v", ok.address, ok.phone, err)
		}
	}
	ind := Org{Name: "张三", Kind: KindIndividual, Region: "330106"}
	if err := ind.Validate(regions); err != nil {
		t.Errorf("an individual needs no credit code: %v", err)
	}
}

func TestRegions(t *testing.T) {
	r := testRegions(t)
	if !r.Contains("330000", "330106") || !r.Contains(NationalCode, "330203") || r.Contains("330100", "330203") || r.Contains("330106", "330100") {
		t.Error("Contains is wrong")
	}
	if got := r.FullName("330106"); got != "浙江省杭州市西湖区" {
		t.Errorf("FullName = %q", got)
	}
	if _, err := NewRegions([]Region{{Code: "330000", Name: "x", Level: LevelProvince, Parent: "100000"}}); err == nil {
		t.Error("a missing parent was accepted")
	}
	if _, err := NewRegions([]Region{{Code: NationalCode, Level: LevelNational}, {Code: "330100", Level: LevelNational, Parent: NationalCode}}); err == nil {
		t.Error("a level that does not nest was accepted")
	}
}

// TestOrgContact: the notices name a unit's address and telephone, never an
// individual supplier's (REQ-C23).
func TestOrgContact(t *testing.T) {
	unit := Org{Kind: KindSocialOrg, Address: "杭州市文二路128号", Phone: "0571-80000403"}
	if c := unit.Contact(); c.Address != unit.Address || c.Phone != unit.Phone {
		t.Errorf("a unit's contact: %+v", c)
	}
	person := Org{Kind: KindIndividual, Address: "宁波市中山西路138号", Phone: "0574-80000502"}
	if c := person.Contact(); c != (OrgContact{}) {
		t.Errorf("an individual's contact is published: %+v", c)
	}
}
