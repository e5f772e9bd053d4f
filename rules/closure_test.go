package rules

import (
	"slices"
	"testing"

	"github.com/goumai/goumai"
)

// TestCheckClosure: one row per clause of the closure (ENG-I2).
func TestCheckClosure(t *testing.T) {
	ms := func(sts ...goumai.MilestoneStatus) []goumai.Milestone {
		var out []goumai.Milestone
		for i, s := range sts {
			out = append(out, goumai.Milestone{No: i + 1, Status: s, Amount: 50_000})
		}
		return out
	}
	done := func(amount goumai.Fen) ClosureContract {
		return ClosureContract{Contract: goumai.Contract{Number: "HT01", Status: goumai.ContractSigned, Amount: amount,
			Milestones: ms(goumai.MilestoneAccepted, goumai.MilestoneAccepted)}, Graded: true}
	}
	with := func(cc ClosureContract, f func(*ClosureContract)) ClosureContract { f(&cc); return cc }
	acc, sub := goumai.MilestoneAccepted, goumai.MilestoneSubmitted
	for _, c := range []struct {
		name   string
		cs     []ClosureContract
		paid   goumai.Fen
		fields []string // the problems, none: closable
		due    goumai.Fen
	}{
		{"delivered, evaluated and paid", []ClosureContract{done(100_000)}, 100_000, nil, 100_000},
		{"two contracts, both done and paid", []ClosureContract{done(100_000), done(30_000)}, 130_000, nil, 130_000},
		{"an amendment counts in the total (ENG-H3)", []ClosureContract{with(done(100_000), func(cc *ClosureContract) { cc.Contract.AmendedAmount = 10_000 })}, 110_000, nil, 110_000},
		{"paid the total less the grade's deduction", []ClosureContract{with(done(100_000), func(cc *ClosureContract) { cc.Deduction = 5_000 })}, 95_000, nil, 95_000},
		{"no contract", nil, 0, []string{"contracts"}, 0},
		{"only a terminated contract", []ClosureContract{with(done(100_000), func(cc *ClosureContract) { cc.Contract.Status = goumai.ContractTerminated })}, 0, []string{"contracts"}, 0},
		{"a contract still a draft", []ClosureContract{done(100_000), with(done(1), func(cc *ClosureContract) { cc.Contract.Status = goumai.ContractDraft })}, 100_000, []string{"contracts.1.status"}, 100_000},
		{"a contract signed by one party", []ClosureContract{with(done(100_000), func(cc *ClosureContract) { cc.Contract.Status = goumai.ContractSigning })}, 0, []string{"contracts.0.status"}, 0},
		{"a milestone not accepted", []ClosureContract{with(done(100_000), func(cc *ClosureContract) { cc.Contract.Milestones = ms(acc, sub) })}, 100_000, []string{"contracts.0.delivered"}, 100_000},
		{"no milestone", []ClosureContract{with(done(100_000), func(cc *ClosureContract) { cc.Contract.Milestones = nil })}, 100_000, []string{"contracts.0.delivered"}, 100_000},
		{"no published grade", []ClosureContract{with(done(100_000), func(cc *ClosureContract) { cc.Graded = false })}, 100_000, []string{"contracts.0.evaluated"}, 100_000},
		{"paid short", []ClosureContract{done(100_000)}, 99_999, []string{"paid"}, 100_000},
		{"paid more than due", []ClosureContract{done(100_000)}, 100_001, []string{"paid"}, 100_000},
		{"paid the full amount despite a deduction", []ClosureContract{with(done(100_000), func(cc *ClosureContract) { cc.Deduction = 5_000 })}, 100_000, []string{"paid"}, 95_000},
		{"a terminated contract's payments on top", []ClosureContract{done(100_000), with(done(40_000), func(cc *ClosureContract) { cc.Contract.Status = goumai.ContractTerminated })}, 120_000, nil, 100_000},
		{"with a terminated contract, still short", []ClosureContract{done(100_000), with(done(40_000), func(cc *ClosureContract) { cc.Contract.Status = goumai.ContractTerminated })}, 90_000, []string{"paid"}, 100_000},
		{"everything missing at once", []ClosureContract{with(done(100_000), func(cc *ClosureContract) { cc.Graded, cc.Contract.Milestones = false, ms(sub) })}, 0,
			[]string{"contracts.0.delivered", "contracts.0.evaluated", "paid"}, 100_000},
	} {
		t.Run(c.name, func(t *testing.T) {
			due, err := CheckClosure(c.cs, c.paid)
			if due != c.due {
				t.Errorf("due %d, want %d", due, c.due)
			}
			if c.fields == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e := goumai.AsError(err)
			if err == nil || e.Code != goumai.EConflict || e.Rule != "ENG-I2" {
				t.Fatalf("want an ENG-I2 conflict, got %v", err)
			}
			var got []string
			for k := range e.Fields {
				got = append(got, k)
			}
			slices.Sort(got)
			if !slices.Equal(got, c.fields) {
				t.Errorf("fields %v, want %v", got, c.fields)
			}
		})
	}
}
