package goumai

import "testing"

func TestParseScore(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Score
		ok   bool
	}{
		{"7", 70000, true}, {"7.5", 75000, true}, {"0.0001", 1, true}, {" 50 ", 500000, true}, {"12.3456", 123456, true},
		{"7.", 0, false}, {".5", 0, false}, {"7.12345", 0, false}, {"-1", 0, false}, {"1e2", 0, false}, {"五十", 0, false}, {"", 0, false},
	} {
		got, err := ParseScore(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseScore(%q) = %d, %v; want %d, ok %v", c.in, got, err, c.want, c.ok)
		}
		if c.ok && got.String() != map[Score]string{70000: "7", 75000: "7.5", 1: "0.0001", 500000: "50", 123456: "12.3456"}[got] {
			t.Errorf("%d.String() = %q", got, got.String())
		}
	}
}
