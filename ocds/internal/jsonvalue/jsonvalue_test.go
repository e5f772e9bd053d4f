package jsonvalue

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestNumberKey: numbers of equal value share a key, whatever their form or size; numbers
// that differ past float64 precision do not.
func TestNumberKey(t *testing.T) {
	same := [][]string{
		{"1", "1.0", "10e-1", "1E+0", "0.1e1", "100e-2"},
		{"0", "-0", "0.000", "0e999999999999999999999"},
		{"-2.5", "-25e-1", "-0.25E1"},
		{"1e400", "10e399", "0.001e403"},
		{"1e99999999999999999999", "10e99999999999999999998", "1000e99999999999999999996"},
	}
	for _, group := range same {
		for _, n := range group[1:] {
			if NumberKey(n) != NumberKey(group[0]) {
				t.Errorf("NumberKey(%s) = %s, NumberKey(%s) = %s: want equal", n, NumberKey(n), group[0], NumberKey(group[0]))
			}
		}
	}
	for _, pair := range [][2]string{{"1", "-1"}, {"1", "1.0000000000000000001"}, {"1e5", "1e-5"}, {"12", "21"}, {"1e99999999999999999999", "1e99999999999999999998"}} {
		if NumberKey(pair[0]) == NumberKey(pair[1]) {
			t.Errorf("NumberKey(%s) = NumberKey(%s) = %s: want different", pair[0], pair[1], NumberKey(pair[0]))
		}
	}
}

func TestEqual(t *testing.T) {
	tests := []struct {
		a, b               string
		python, jsonschema bool // Equal with boolIsNumber true, false
	}{
		{`{"a":1,"b":[1,"x",null]}`, `{"b":[1.0,"x",null],"a":10e-1}`, true, true},
		{`true`, `1`, true, false},
		{`[false]`, `[0.0]`, true, false},
		{`true`, `true`, true, true},
		{`"1"`, `1`, false, false},
		{`[1,2]`, `[2,1]`, false, false},
		{`{"a":1}`, `{"a":1,"b":1}`, false, false},
		{`{}`, `[]`, false, false},
		{`null`, `false`, false, false},
	}
	for _, tt := range tests {
		a, b := decode(t, tt.a), decode(t, tt.b)
		if got := Equal(a, b, true); got != tt.python {
			t.Errorf("Equal(%s, %s, true) = %v, want %v", tt.a, tt.b, got, tt.python)
		}
		if got := Equal(a, b, false); got != tt.jsonschema {
			t.Errorf("Equal(%s, %s, false) = %v, want %v", tt.a, tt.b, got, tt.jsonschema)
		}
	}
}

func decode(t *testing.T, s string) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader([]byte(s)))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}
