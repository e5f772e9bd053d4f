package goumai

import (
	"testing"
	"time"
)

// TestPaymentTransition: one row per clause of the state machine.
func TestPaymentTransition(t *testing.T) {
	for _, tc := range []struct {
		from    PaymentStatus
		act     PaymentAction
		finance bool
		want    PaymentStatus
		ok      bool
	}{
		{PaymentRequested, PaymentApprove, false, PaymentApprovedPurchaser, true},
		{PaymentRequested, PaymentApprove, true, PaymentApprovedPurchaser, true},
		{PaymentApprovedPurchaser, PaymentApprove, false, PaymentApprovedPurchaser, false},
		{PaymentRequested, PaymentPay, false, PaymentRequested, false},
		{PaymentApprovedPurchaser, PaymentPay, false, PaymentPaid, true},
		{PaymentApprovedPurchaser, PaymentPay, true, PaymentApprovedPurchaser, false}, // finance first
		{PaymentApprovedPurchaser, PaymentFinanceApprove, true, PaymentApprovedFinance, true},
		{PaymentApprovedPurchaser, PaymentFinanceApprove, false, PaymentApprovedPurchaser, false},
		{PaymentRequested, PaymentFinanceApprove, true, PaymentRequested, false},
		{PaymentApprovedFinance, PaymentPay, true, PaymentPaid, true},
		{PaymentRequested, PaymentReject, false, PaymentRejected, true},
		{PaymentApprovedPurchaser, PaymentReject, true, PaymentRejected, true},
		{PaymentApprovedPurchaser, PaymentReject, false, PaymentApprovedPurchaser, false},
		{PaymentApprovedFinance, PaymentReject, true, PaymentApprovedFinance, false},
		{PaymentPaid, PaymentPay, false, PaymentPaid, false},
		{PaymentPaid, PaymentReject, false, PaymentPaid, false},
		{PaymentRejected, PaymentApprove, false, PaymentRejected, false},
	} {
		got, ok := PaymentTransition(tc.from, tc.act, tc.finance)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s %s (finance %v) = %s %v, want %s %v", tc.from, tc.act, tc.finance, got, ok, tc.want, tc.ok)
		}
	}
	for _, s := range PaymentStatuses {
		if s.Label().ZH == string(s) {
			t.Errorf("%s has no label", s)
		}
	}
}

// TestPaymentDue: REQ-C25's due date (acceptance + term, calendar days,
// at most 60) and the contract's term read from its settlement terms.
func TestPaymentDue(t *testing.T) {
	for _, tc := range []struct {
		settlement string
		term       int
	}{
		{"", PaymentTermDefaultDays},
		{"按季度考核后支付，每季度支付合同金额的25%。", PaymentTermDefaultDays}, // no days stated
		{"验收合格后15日内支付", 15},
		{"验收合格之日起10个工作日内付款", 10},
		{"paid within 20 days of acceptance", 20},
		{"验收合格后90日内支付", PaymentTermMaxDays}, // capped
	} {
		if got := PaymentTermDays(Contract{Terms: ContractTerms{Settlement: tc.settlement}}); got != tc.term {
			t.Errorf("PaymentTermDays(%q) = %d, want %d", tc.settlement, got, tc.term)
		}
	}
	// 23:30 UTC on 31 March is 1 April in Shanghai.
	acc := time.Date(2026, 3, 31, 23, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		term int
		due  string
	}{{30, "2026-05-01"}, {0, "2026-04-01"}, {60, "2026-05-31"}, {90, "2026-05-31"}} {
		if got := PaymentDueOn(acc, tc.term); got != tc.due {
			t.Errorf("PaymentDueOn(+%d) = %s, want %s", tc.term, got, tc.due)
		}
	}
	for _, tc := range []struct {
		at   time.Time
		days int
	}{
		{time.Date(2026, 5, 1, 15, 59, 0, 0, time.UTC), 0}, // 23:59 on the due day
		{time.Date(2026, 5, 1, 16, 0, 0, 0, time.UTC), 1},  // midnight after it
		{time.Date(2026, 5, 31, 12, 0, 0, 0, time.UTC), 30},
		{time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), 0},
	} {
		if got := OverdueDays("2026-05-01", tc.at); got != tc.days {
			t.Errorf("OverdueDays(%s) = %d, want %d", tc.at, got, tc.days)
		}
	}
	if OverdueDays("bad", time.Now()) != 0 {
		t.Error("a malformed due date is overdue")
	}
}

// TestOverdueInterest: 0.05 % a day, in fen, rounded half up, exact at MaxFen.
func TestOverdueInterest(t *testing.T) {
	for _, tc := range []struct {
		amount     Fen
		rate, days int
		want       Fen
	}{
		{1_000_000, 5, 1, 500}, // ¥10,000 for a day: ¥5
		{1_000_000, 5, 30, 15000},
		{999, 5, 1, 0},    // 0.4995 fen rounds down
		{1000, 5, 1, 1},   // 0.5 fen rounds up
		{12345, 5, 7, 43}, // 43.2075
		{1_000_000, 5, 0, 0},
		{0, 5, 10, 0},
		{MaxFen, 5, 36500, MaxFen / 10000 * 5 * 36500},
	} {
		if got := OverdueInterest(tc.amount, tc.rate, tc.days); got != tc.want {
			t.Errorf("OverdueInterest(%d, %d, %d) = %d, want %d", tc.amount, tc.rate, tc.days, got, tc.want)
		}
	}
	for _, tc := range []struct {
		amount Fen
		pct    int
		want   Fen
	}{{1000, 0, 0}, {1000, 10, 100}, {1005, 10, 101}, {1004, 10, 100}, {1000, 100, 1000}, {1000, 150, 1000}} {
		if got := Deduction(tc.amount, tc.pct); got != tc.want {
			t.Errorf("Deduction(%d, %d) = %d, want %d", tc.amount, tc.pct, got, tc.want)
		}
	}
}
