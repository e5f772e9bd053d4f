package goumai

import (
	"testing"
	"time"
)

func TestParseStatPeriod(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, Shanghai)
	p, err := ParseStatPeriod("", "", now)
	if err != nil || p != (StatPeriod{"2026-01", "2026-12"}) {
		t.Fatalf("default: %v %v", p, err)
	}
	if p.Previous() != (StatPeriod{"2025-01", "2025-12"}) {
		t.Errorf("previous of the year: %v", p.Previous())
	}
	if q := (StatPeriod{"2026-03", "2026-05"}).Previous(); q != (StatPeriod{"2025-12", "2026-02"}) {
		t.Errorf("previous of a quarter: %v", q)
	}
	for _, c := range []struct{ from, to, field string }{
		{"2026-01", "", "to"},   // unbounded
		{"", "2026-01", "from"}, // unbounded
		{"2026-13", "2026-12", "from"},
		{"2026-05", "2026-04", "to"},
		{"2020-01", "2026-12", "to"}, // longer than MaxStatMonths
	} {
		_, err := ParseStatPeriod(c.from, c.to, now)
		e := AsError(err)
		if e == nil || e.Code != EInvalid || e.Fields[c.field].ZH == "" || e.Fields[c.field].EN == "" {
			t.Errorf("%s–%s: %v", c.from, c.to, err)
		}
	}
	if _, err := ParseStatPeriod("2022-01", "2026-12", now); err != nil {
		t.Errorf("60 months: %v", err)
	}
}

func TestStatMonth(t *testing.T) {
	// 2026-01-31T17:00Z is already February in China.
	if m := StatMonth("2026-01-31T17:00:00.000000Z"); m != "2026-02" {
		t.Errorf("%q", m)
	}
	if m := StatMonth(""); m != "" {
		t.Errorf("%q", m)
	}
}
