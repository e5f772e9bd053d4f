package validate

import (
	"encoding/binary"
	"encoding/json"
	"hash/maphash"

	"github.com/goumai/goumai/ocds/internal/jsonvalue"
)

// Whole-item comparison for lib-cove's "Array has non-unique elements", which
// uses jsonschema's uniq: two decoded JSON values are equal when objects have
// the same members (in any order) with equal values, arrays have equal items in
// the same order, numbers have the same value (1 == 1.0 == 10e-1) and other
// values are identical; a boolean never equals a number (true != 1).

// sameJSON reports whether a and b are equal in that sense.
func sameJSON(a, b any) bool { return jsonvalue.Equal(a, b, false) }

// valueHash hashes v so that values equal by sameJSON hash alike: object
// members are combined by a sum, which does not depend on their order, and
// numbers are hashed in their canonical form.
func valueHash(seed maphash.Seed, v any) uint64 {
	// Distinct starting values keep the kinds apart ("1" the string, 1 the number, [] and {}).
	const (
		kindString = iota + 1
		kindNumber
		kindArray
		kindObject
		kindTrue
		kindFalse
		kindNull
	)
	switch v := v.(type) {
	case map[string]any:
		var sum uint64
		for k, x := range v {
			sum += pairHash(seed, maphash.String(seed, k), valueHash(seed, x))
		}
		return pairHash(seed, kindObject<<32|uint64(len(v)), sum)
	case []any:
		h := pairHash(seed, kindArray, uint64(len(v)))
		for _, x := range v {
			h = pairHash(seed, h, valueHash(seed, x))
		}
		return h
	case string:
		return pairHash(seed, kindString, maphash.String(seed, v))
	case json.Number:
		return pairHash(seed, kindNumber, maphash.String(seed, jsonvalue.NumberKey(string(v))))
	case bool:
		if v {
			return pairHash(seed, kindTrue, 0)
		}
		return pairHash(seed, kindFalse, 0)
	}
	return pairHash(seed, kindNull, 0)
}

// pairHash hashes two 64-bit values in order.
func pairHash(seed maphash.Seed, a, b uint64) uint64 {
	var buf [16]byte
	binary.LittleEndian.PutUint64(buf[:8], a)
	binary.LittleEndian.PutUint64(buf[8:], b)
	return maphash.Bytes(seed, buf[:])
}

// hasDuplicateItems reports whether two items of list are equal (sameJSON).
func hasDuplicateItems(list []any) bool {
	seed := maphash.MakeSeed()
	seen := make(map[uint64][]int, len(list))
	for i, it := range list {
		h := valueHash(seed, it)
		for _, j := range seen[h] {
			if sameJSON(list[j], it) {
				return true
			}
		}
		seen[h] = append(seen[h], i)
	}
	return false
}
