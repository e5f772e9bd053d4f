package goumai

import "testing"

// TestDeobligate: a terminated contract's unpaid obligation returns to the
// line's available balance, never more than is obligated, and Delta moves
// the balance as Apply does.
func TestDeobligate(t *testing.T) {
	b := Balance{Appropriated: 1000, Committed: 100, Obligated: 600, Paid: 200}
	if _, ok := b.Apply(LedgerDeobligate, 601); ok {
		t.Error("deobligating more than is obligated")
	}
	nb, ok := b.Apply(LedgerDeobligate, 400)
	if !ok || nb.Obligated != 200 || nb.Committed != 100 || nb.Paid != 200 || nb.Available() != b.Available()+400 {
		t.Fatalf("deobligate 400 from %+v: %+v %v", b, nb, ok)
	}
	d, ok := LedgerDeobligate.Delta(400)
	if !ok || d != (Balance{Obligated: -400}) {
		t.Errorf("delta %+v %v", d, ok)
	}
	if !LedgerDeobligate.Valid() || LedgerDeobligate.Label().ZH == string(LedgerDeobligate) {
		t.Error("deobligate is not a known kind with a label")
	}
}
