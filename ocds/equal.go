package ocds

import (
	"bytes"
	"encoding/json"
	"math/big"
)

// jsonEqual reports whether two raw JSON values are equal as ocdsmerge compares them (Python ==
// on decoded JSON): object member order does not matter, numbers compare by value, and, as in
// Python, true equals 1 and false equals 0. Equal bytes are the fast, common case.
func jsonEqual(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	var va, vb any
	if decodeNumbers(a, &va) != nil || decodeNumbers(b, &vb) != nil {
		return false
	}
	return pyEqual(va, vb)
}

func decodeNumbers(raw []byte, v *any) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	return d.Decode(v)
}

func pyEqual(a, b any) bool {
	if x, ok := number(a); ok {
		y, ok := number(b)
		return ok && x.Cmp(y) == 0
	}
	switch a := a.(type) {
	case nil:
		return b == nil
	case string:
		s, ok := b.(string)
		return ok && s == a
	case []any:
		c, ok := b.([]any)
		if !ok || len(c) != len(a) {
			return false
		}
		for i := range a {
			if !pyEqual(a[i], c[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		c, ok := b.(map[string]any)
		if !ok || len(c) != len(a) {
			return false
		}
		for k, v := range a {
			w, ok := c[k]
			if !ok || !pyEqual(v, w) {
				return false
			}
		}
		return true
	}
	return false
}

// number returns JSON numbers and booleans (Python's bool is an int) as exact rationals.
func number(v any) (*big.Rat, bool) {
	switch v := v.(type) {
	case bool:
		if v {
			return big.NewRat(1, 1), true
		}
		return new(big.Rat), true
	case json.Number:
		r, ok := new(big.Rat).SetString(string(v))
		return r, ok
	}
	return nil, false
}
