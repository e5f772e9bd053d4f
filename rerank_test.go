package goumai

import "testing"

// TestRerankTransition: an upheld challenge's re-ranking (另行确定, ENG-D8)
// sends a confirmed or published result back to the purchaser's
// confirmation; from every other state it is refused.
func TestRerankTransition(t *testing.T) {
	for _, c := range []struct {
		from ProcurementStatus
		ok   bool
	}{
		{ProcDraft, false}, {ProcApproval, false}, {ProcPublicity, false}, {ProcPrequal, false}, {ProcTendering, false},
		{ProcClosed, false}, {ProcEvaluation, false}, {ProcConfirmation, false},
		{ProcConfirmed, true}, {ProcAwarded, true},
		{ProcFailed, false}, {ProcTerminated, false},
	} {
		to, ok := c.from.Next(ProcRerank)
		if ok != c.ok || ok && to != ProcConfirmation {
			t.Errorf("%s → rerank: %s %v, want allowed %v (to %s)", c.from, to, ok, c.ok, ProcConfirmation)
		}
	}
	if len(ProcurementStatuses) != 12 {
		t.Errorf("a state was added: give it a row here")
	}
}
