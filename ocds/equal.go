package ocds

import (
	"bytes"
	"encoding/json"

	"github.com/goumai/goumai/ocds/internal/jsonvalue"
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
	return jsonvalue.Equal(va, vb, true)
}

func decodeNumbers(raw []byte, v *any) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	return d.Decode(v)
}
