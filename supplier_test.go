package goumai

import (
	"strings"
	"testing"
)

func TestCheckPersonID(t *testing.T) {
	for _, c := range []struct {
		id string
		ok bool
	}{
		{"11010519491231002X", true}, // the example of GB 11643-1999
		{"11010519491231002x", true},
		{"110105194912310021", false}, // wrong check character
		{"E12345678", true},           // a passport
		{"12345", false},
		{"1101051949-1231002X", false},
	} {
		if m := CheckPersonID(c.id); (m == nil) != c.ok {
			t.Errorf("%s: %v, want ok=%v", c.id, m, c.ok)
		}
	}
	if PersonDigest(" 11010519491231002x") != PersonDigest("11010519491231002X") {
		t.Error("the digest depends on case or spaces")
	}
}

func TestProfileApply(t *testing.T) {
	o := Org{ID: 7, Name: "杭州康宁养老服务有限公司", CreditCode: "91330106MA27XK0Q1B"}
	in := ProfileInput{HeadName: "王美华", HeadID: "11010519491231002X",
		Shareholder: PartyInput{Name: "浙江康宁控股有限公司", CreditCode: "91330000MA2H00001X"},
		Controller:  PartyInput{Name: "王美华", PersonID: "11010519491231002X"},
		ManagedBy:   []string{" 91330000ma2h00001x ", "", "91330000MA2H00001X"}}
	p, err := in.Apply(o, SupplierProfile{})
	if ErrorCode(err) != EInvalid {
		t.Fatalf("bad credit codes accepted: %v", err)
	}
	in.Shareholder.CreditCode = creditCodeFor(t, "91330000MA2H00001")
	in.ManagedBy = []string{strings.ToLower(in.Shareholder.CreditCode), in.Shareholder.CreditCode}
	if p, err = in.Apply(o, SupplierProfile{}); err != nil {
		t.Fatal(err)
	}
	if p.Version != 1 || p.Head.IDDigest != PersonDigest("11010519491231002X") || p.Controller.PersonDigest != p.Head.IDDigest ||
		len(p.ManagedBy) != 1 || strings.Contains(p.Head.IDDigest, "1949") {
		t.Errorf("profile %+v", p)
	}
	// The next edit leaves the ID numbers blank: the digests stay.
	next := ProfileInput{HeadName: "王美华", Controller: PartyInput{Name: "王美华"}, Version: 1}
	q, err := next.Apply(o, p)
	if err != nil || q.Head.IDDigest != p.Head.IDDigest || q.Controller.PersonDigest != p.Controller.PersonDigest || q.Version != 2 {
		t.Errorf("second edit: %+v %v", q, err)
	}
	// A stale edit is refused.
	if _, err := next.Apply(o, q); ErrorCode(err) != EStale {
		t.Errorf("stale edit: %v", err)
	}
	// A first profile needs the head's ID.
	if _, err := (ProfileInput{HeadName: "王美华"}).Apply(o, SupplierProfile{}); ErrorCode(err) != EInvalid || AsError(err).Fields["head_id"].ZH == "" {
		t.Errorf("no head ID: %v", err)
	}
}

// creditCodeFor completes 17 characters with their check character.
func creditCodeFor(t *testing.T, first17 string) string {
	t.Helper()
	c, ok := CreditCheckChar(first17)
	if !ok {
		t.Fatalf("bad code %s", first17)
	}
	return first17 + string(c)
}
