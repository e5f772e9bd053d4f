package goumai

import "testing"

func TestCheckText(t *testing.T) {
	for _, c := range []struct {
		s  string
		ok bool
	}{
		{"政府购买服务", true}, {"line\nline", true}, {"a\tb", true}, {"windows\r\nline", true}, {"", true}, {"emoji 👵", true},
		{"nul\x00", false}, {"bell\a", false}, {"lone\rcr", false}, {"del\x7f", false}, {"c1\u0085", false}, {"bad\xff", false},
		{"\xe4\xb8", false}, {"esc\x1b[31m", false}, {"cr at end\r", false},
	} {
		if got := CheckText(c.s) == nil; got != c.ok {
			t.Errorf("CheckText(%q) ok = %v, want %v", c.s, got, c.ok)
		}
	}
}
