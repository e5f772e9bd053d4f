// Package jsonvalue compares decoded JSON values (map[string]any, []any, string, json.Number,
// bool, nil), the form both the merge (ocdsmerge's Python ==) and the validator (lib-cove's
// uniqueness check) need, with numbers compared exactly by value.
package jsonvalue

import (
	"encoding/json"
	"math/big"
	"strconv"
	"strings"
)

// Equal reports whether a and b are equal: objects with the same members in any order, arrays
// item by item, numbers by value (1 == 1.0 == 10e-1), strings and null as themselves.
// boolIsNumber says whether true and false equal 1 and 0, as Python's == has it (ocdsmerge), or
// only themselves, as jsonschema's uniq has it (lib-cove).
func Equal(a, b any, boolIsNumber bool) bool {
	if x, ok := numberKey(a, boolIsNumber); ok {
		y, ok := numberKey(b, boolIsNumber)
		return ok && x == y
	}
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, x := range a {
			y, ok := b[k]
			if !ok || !Equal(x, y, boolIsNumber) {
				return false
			}
		}
		return true
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !Equal(a[i], b[i], boolIsNumber) {
				return false
			}
		}
		return true
	}
	return a == b // string, bool or nil
}

func numberKey(v any, boolIsNumber bool) (string, bool) {
	switch v := v.(type) {
	case json.Number:
		return NumberKey(string(v)), true
	case bool:
		if !boolIsNumber {
			return "", false
		}
		if v {
			return NumberKey("1"), true
		}
		return NumberKey("0"), true
	}
	return "", false
}

// NumberKey is the canonical form of a JSON number: equal for numbers of equal value ("1",
// "1.0", "10e-1"; "-0" and "0"). It works on the text, so it loses no precision and never
// expands a huge exponent.
func NumberKey(num string) string {
	n, neg := strings.CutPrefix(num, "-")
	mant, exp, _ := strings.Cut(strings.ToLower(n), "e")
	whole, frac, _ := strings.Cut(mant, ".")
	digits := strings.TrimLeft(whole+frac, "0")
	if digits == "" {
		return "0"
	}
	trimmed := strings.TrimRight(digits, "0")
	shift := int64(len(digits)-len(trimmed)) - int64(len(frac))
	var e int64
	var err error
	if exp != "" {
		e, err = strconv.ParseInt(exp, 10, 64)
	}
	var scale string
	if err == nil && e > -1<<62 && e < 1<<62 {
		scale = strconv.FormatInt(e+shift, 10)
	} else { // an exponent beyond int64: exact, if slow
		b, ok := new(big.Int).SetString(exp, 10)
		if !ok {
			return "x" + num // not a JSON number (decoders give none): compared as written
		}
		scale = b.Add(b, big.NewInt(shift)).String()
	}
	if neg {
		return "-" + trimmed + "e" + scale
	}
	return trimmed + "e" + scale
}
