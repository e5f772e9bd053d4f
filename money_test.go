package goumai

import "testing"

func TestParseYuan(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Fen
		bad  bool
	}{
		{"1234.56", 123456, false}, {"1,234.5", 123450, false}, {"¥100", 10000, false}, {"0.01", 1, false}, {".5", 50, false},
		{"1000000000000", 100_000_000_000_000, false},
		{"1000000000000.01", 0, true}, {"12.345", 0, true}, {"-1", 0, true}, {"1e6", 0, true}, {"", 0, true}, {"1.2.3", 0, true},
		{"99999999999999999999", 0, true}, {"12元", 0, true},
	} {
		got, m := ParseYuan(c.in)
		if (m != nil) != c.bad || !c.bad && got != c.want {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d bad=%v", c.in, got, m, c.want, c.bad)
		}
	}
	if s := Fen(123456789).Yuan(); s != "1,234,567.89" {
		t.Errorf("Yuan = %s", s)
	}
	if s := Fen(5).Yuan(); s != "0.05" {
		t.Errorf("Yuan = %s", s)
	}
	if s := Fen(123456789).Wan(); s != "123.46" {
		t.Errorf("Wan = %s", s)
	}
}

// TestBalance: no entry may commit, obligate or pay more than the line holds.
func TestBalance(t *testing.T) {
	var b Balance
	step := func(k LedgerKind, amt Fen, ok bool) {
		t.Helper()
		nb, got := b.Apply(k, amt)
		if got != ok {
			t.Fatalf("%s %d from %+v: ok=%v, want %v", k, amt, b, got, ok)
		}
		if ok {
			b = nb
		}
	}
	step(LedgerCommit, 1, false)
	step(LedgerAppropriate, 1000, true)
	step(LedgerCommit, 600, true)
	step(LedgerCommit, 401, false)
	step(LedgerTransferOut, 401, false)
	step(LedgerTransferOut, 400, true)
	step(LedgerObligate, 601, false)
	step(LedgerObligate, 500, true)
	step(LedgerPay, 501, false)
	step(LedgerPay, 500, true)
	step(LedgerRelease, 100, true)
	step(LedgerRelease, 1, false)
	step(LedgerAppropriate, 0, false)
	step(LedgerAppropriate, -5, false)
	if b.Available() != 100 || b.Paid != 500 || b.Committed != 0 {
		t.Errorf("final balance %+v", b)
	}
}

func TestProjectTransitions(t *testing.T) {
	for _, c := range []struct {
		from ProjectStatus
		a    ProjectAction
		to   ProjectStatus
		ok   bool
	}{
		{ProjectDraft, ActSubmit, ProjectSubmitted, true},
		{ProjectReturned, ActSubmit, ProjectSubmitted, true},
		{ProjectSubmitted, ActApprove, ProjectSubmitted, true},
		{ProjectSubmitted, ActApprove, ProjectApproved, true},
		{ProjectSubmitted, ActReturn, ProjectReturned, true},
		{ProjectSubmitted, ActReject, ProjectRejected, true},
		{ProjectSubmitted, ActWithdraw, ProjectDraft, true},
		{ProjectDraft, ActApprove, ProjectApproved, false},
		{ProjectRejected, ActSubmit, ProjectSubmitted, false},
		{ProjectApproved, ActReturn, ProjectReturned, false},
		{ProjectReturned, ActApprove, ProjectApproved, false},
	} {
		if got := CanTransition(c.from, c.a, c.to); got != c.ok {
			t.Errorf("%s -%s-> %s: %v, want %v", c.from, c.a, c.to, got, c.ok)
		}
	}
	if got := ProjectRejected.Allowed(); len(got) != 0 {
		t.Errorf("rejected allows %v", got)
	}
}
