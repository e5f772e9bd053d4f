package ocds

import (
	"strings"
	"testing"
)

func TestScannerValues(t *testing.T) {
	in := `{"a\"b\\": "x\\\"y\\", "n": -1.5e3, "t": true, "l": [1, {"k": "]"}], "o": {}}`
	var s scanner
	s.reset([]byte(in))
	s.delim('{')
	var got []string
	for s.peek() != '}' && s.err == nil {
		got = append(got, string(s.value()))
	}
	s.delim('}')
	want := []string{`"a\"b\\"`, `"x\\\"y\\"`, `"n"`, `-1.5e3`, `"t"`, `true`, `"l"`, `[1, {"k": "]"}]`, `"o"`, `{}`}
	if s.err != nil || len(got) != len(want) {
		t.Fatalf("got %q, err %v; want %q", got, s.err, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("value %d: got %s, want %s", i, got[i], want[i])
		}
	}
}

func TestScannerMalformed(t *testing.T) {
	for _, in := range []string{`"abc`, `[1, 2`, `{"a": "\"}`, `@`, ``} {
		var s scanner
		s.reset([]byte(in))
		s.value()
		if s.err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

// Escapes around the switch from byte scanning to IndexByte must not end a string early.
func TestScannerLongStrings(t *testing.T) {
	for _, body := range []string{
		strings.Repeat("a", 15) + `\"` + strings.Repeat("b", 20),
		strings.Repeat("a", 16) + `\"` + strings.Repeat("b", 20),
		strings.Repeat("a", 17) + `\\` + `\"` + "x",
		strings.Repeat("中", 30) + `\\\\`,
		`\\` + strings.Repeat(`\"`, 20),
	} {
		in := `"` + body + `" 1`
		var s scanner
		s.reset([]byte(in))
		if got := string(s.value()); got != `"`+body+`"` || s.err != nil {
			t.Errorf("string %s: got %s, err %v", body, got, s.err)
		}
	}
}
