package extensions

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return v
}

// TestMergePatch runs the examples of RFC 7386, appendix A, and the cases an
// extension's release schema relies on.
func TestMergePatch(t *testing.T) {
	tests := []struct{ target, patch, want string }{
		// RFC 7386, appendix A.
		{`{"a":"b"}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"b"}`, `{"b":"c"}`, `{"a":"b","b":"c"}`},
		{`{"a":"b"}`, `{"a":null}`, `{}`},
		{`{"a":"b","b":"c"}`, `{"a":null}`, `{"b":"c"}`},
		{`{"a":["b"]}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"c"}`, `{"a":["b"]}`, `{"a":["b"]}`},
		{`{"a":{"b":"c"}}`, `{"a":{"b":"d","c":null}}`, `{"a":{"b":"d"}}`},
		{`{"a":[{"b":"c"}]}`, `{"a":[1]}`, `{"a":[1]}`},
		{`["a","b"]`, `["c","d"]`, `["c","d"]`},
		{`{"a":"b"}`, `["c"]`, `["c"]`},
		{`{"a":"foo"}`, `null`, `null`},
		{`{"a":"foo"}`, `"bar"`, `"bar"`},
		{`{"e":null}`, `{"a":1}`, `{"e":null,"a":1}`},
		{`[1,2]`, `{"a":"b","c":null}`, `{"a":"b"}`},
		{`{}`, `{"a":{"bb":{"ccc":null}}}`, `{"a":{"bb":{}}}`},
		// Nested merge, as an extension adds a property to a definition.
		{`{"definitions":{"Tender":{"type":"object","properties":{"id":{"type":"string"}}}}}`,
			`{"definitions":{"Tender":{"properties":{"lots":{"type":"array"}}},"Lot":{"type":"object"}}}`,
			`{"definitions":{"Tender":{"type":"object","properties":{"id":{"type":"string"},"lots":{"type":"array"}}},"Lot":{"type":"object"}}}`},
		// null deletes deep inside, siblings stay.
		{`{"definitions":{"Award":{"required":["id"],"properties":{"id":{},"x":{}}}}}`,
			`{"definitions":{"Award":{"properties":{"x":null}}}}`,
			`{"definitions":{"Award":{"required":["id"],"properties":{"id":{}}}}}`},
	}
	for _, tc := range tests {
		got := MergePatch(decode(t, tc.target), decode(t, tc.patch))
		if diff := cmp.Diff(decode(t, tc.want), got); diff != "" {
			t.Errorf("MergePatch(%s, %s) (-want +got):\n%s", tc.target, tc.patch, diff)
		}
	}
}
