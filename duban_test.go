package goumai

import (
	"strings"
	"testing"
	"time"
)

// TestDubanTransition is the 督办 notice's transition table: every state
// against every action.
func TestDubanTransition(t *testing.T) {
	cases := []struct {
		from DubanStatus
		act  string
		to   DubanStatus
		ok   bool
	}{
		{DubanIssued, "answer", DubanAnswered, true},
		{DubanIssued, "close", DubanIssued, false},
		{DubanAnswered, "answer", DubanAnswered, true},
		{DubanAnswered, "close", DubanClosed, true},
		{DubanClosed, "answer", DubanClosed, false},
		{DubanClosed, "close", DubanClosed, false},
		{DubanIssued, "reopen", DubanIssued, false},
		{DubanIssued, "return", DubanIssued, false},
		{DubanAnswered, "return", DubanIssued, true},
		{DubanClosed, "return", DubanClosed, false},
	}
	for _, c := range cases {
		to, ok := DubanTransition(c.from, c.act)
		if to != c.to || ok != c.ok {
			t.Errorf("%s %s: %s %v, want %s %v", c.from, c.act, to, ok, c.to, c.ok)
		}
	}
}

// TestCheckDuban: a text is required and bounded, a deadline is 1 to 60
// working days; each error names its field in Chinese and English.
func TestCheckDuban(t *testing.T) {
	if err := CheckDuban("请于期限内报送统计数据", 10); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		text  string
		days  int
		field string
	}{{"  ", 10, "text"}, {strings.Repeat("督", MaxDubanText+1), 10, "text"}, {"x", 0, "days"}, {"x", MaxDubanDays + 1, "days"}} {
		e := AsError(CheckDuban(c.text, c.days))
		m, ok := e.Fields[c.field]
		if e.Code != EInvalid || !ok || m.ZH == "" || m.EN == "" || len(e.Fields) != 1 {
			t.Errorf("%q %d: %+v, want one error on %s", c.text, c.days, e, c.field)
		}
	}
}

// TestDubanOverdue: only an unanswered notice past its deadline is overdue.
func TestDubanOverdue(t *testing.T) {
	due := time.Date(2026, 3, 10, 0, 0, 0, 0, Shanghai)
	after := due.Add(time.Hour)
	if !(Duban{Status: DubanIssued, DueAt: due}).Overdue(after) || (Duban{Status: DubanIssued, DueAt: due}).Overdue(due) ||
		(Duban{Status: DubanAnswered, DueAt: due}).Overdue(after) || (Duban{Status: DubanClosed, DueAt: due}).Overdue(after) {
		t.Error("overdue wrong")
	}
}
