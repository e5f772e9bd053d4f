package ocds

import (
	"errors"
	"strings"
	"testing"
)

// Cases no ocdsmerge fixture covers, with the behaviour MERGE-NOTES §4–§5 records for
// ocdsmerge 0.8.0 (and the package documentation states).
func TestMergeSemantics(t *testing.T) {
	rel := func(id, date, body string) []byte {
		return []byte(`{"ocid":"o","id":"` + id + `","date":"` + date + `"` + body + `}`)
	}
	d1, d2 := "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z"
	tests := []struct {
		name                string
		releases            [][]byte
		compiled, versioned string // "" when an InconsistentTypeError is expected
	}{
		{"object set to null is kept", [][]byte{rel("1", d1, `,"tender":{"value":{"amount":1}}`), rel("2", d2, `,"tender":{"value":null}`)},
			`{"tag":["compiled"],"id":"o-` + d2 + `","date":"` + d2 + `","ocid":"o","tender":{"value":{"amount":1}}}`,
			`{"ocid":"o","tender":{"value":{"amount":[{"releaseID":"1","releaseDate":"` + d1 + `","releaseTag":null,"value":1}]}}}`},
		{"empty object and array change nothing", [][]byte{rel("1", d1, `,"planning":{"rationale":"r"},"awards":[{"id":"a"}]`), rel("2", d2, `,"planning":{},"awards":[]`)},
			`{"tag":["compiled"],"id":"o-` + d2 + `","date":"` + d2 + `","ocid":"o","planning":{"rationale":"r"},"awards":[{"id":"a"}]}`,
			`{"ocid":"o","planning":{"rationale":[{"releaseID":"1","releaseDate":"` + d1 + `","releaseTag":null,"value":"r"}]},"awards":[{"id":"a"}]}`},
		{"null member leaves its parent", [][]byte{rel("1", d1, `,"planning":{"budget":{"description":null}}`)},
			`{"tag":["compiled"],"id":"o-` + d1 + `","date":"` + d1 + `","ocid":"o","planning":{"budget":{}}}`,
			`{"ocid":"o","planning":{"budget":{"description":[{"releaseID":"1","releaseDate":"` + d1 + `","releaseTag":null,"value":null}]}}}`},
		{"true then 1 is no change (Python ==)", [][]byte{rel("1", d1, `,"x":true`), rel("2", d2, `,"x":1`)},
			`{"tag":["compiled"],"id":"o-` + d2 + `","date":"` + d2 + `","ocid":"o","x":1}`,
			`{"ocid":"o","x":[{"releaseID":"1","releaseDate":"` + d1 + `","releaseTag":null,"value":true}]}`},
		{"A, B, A is three versions", [][]byte{rel("1", d1, `,"x":"a"`), rel("2", d2, `,"x":"b"`), rel("3", "2020-01-03T00:00:00Z", `,"x":"a"`)},
			`{"tag":["compiled"],"id":"o-2020-01-03T00:00:00Z","date":"2020-01-03T00:00:00Z","ocid":"o","x":"a"}`,
			`{"ocid":"o","x":[{"releaseID":"1","releaseDate":"` + d1 + `","releaseTag":null,"value":"a"},{"releaseID":"2","releaseDate":"` + d2 + `","releaseTag":null,"value":"b"},{"releaseID":"3","releaseDate":"2020-01-03T00:00:00Z","releaseTag":null,"value":"a"}]}`},
		{"dates sort as strings", [][]byte{rel("late", "2020-01-01T10:00:00+08:00", `,"x":"late"`), rel("early", "2020-01-01T03:00:00Z", `,"x":"early"`)},
			`{"tag":["compiled"],"id":"o-2020-01-01T10:00:00+08:00","date":"2020-01-01T10:00:00+08:00","ocid":"o","x":"late"}`, ""},
		{"null then object compiles", [][]byte{rel("1", d1, `,"x":null`), rel("2", d2, `,"x":{"a":1}`)},
			`{"tag":["compiled"],"id":"o-` + d2 + `","date":"` + d2 + `","ocid":"o","x":{"a":1}}`, ""},
		{"literal then object is inconsistent", [][]byte{rel("1", d1, `,"x":"s"`), rel("2", d2, `,"x":{"a":1}`)}, "", ""},
		// A publisher's object where the schema declares a whole list is a literal, replaced as a
		// whole like the list would be (ocdsmerge stores any wholeListMerge value as it is).
		{"object in a whole list is replaced whole", [][]byte{rel("1", d1, `,"tender":{"submissionMethod":{"a":1}}`), rel("2", d2, `,"tender":{"submissionMethod":{"b":2}}`)},
			`{"tag":["compiled"],"id":"o-` + d2 + `","date":"` + d2 + `","ocid":"o","tender":{"submissionMethod":{"b":2}}}`,
			`{"ocid":"o","tender":{"submissionMethod":[{"releaseID":"1","releaseDate":"` + d1 + `","releaseTag":null,"value":{"a":1}},{"releaseID":"2","releaseDate":"` + d2 + `","releaseTag":null,"value":{"b":2}}]}}`},
		{"empty object in a whole list is a value", [][]byte{rel("1", d1, `,"tender":{"amendment":{"changes":{"a":1}}}`), rel("2", d2, `,"tender":{"amendment":{"changes":{}}}`)},
			`{"tag":["compiled"],"id":"o-` + d2 + `","date":"` + d2 + `","ocid":"o","tender":{"amendment":{"changes":{}}}}`,
			`{"ocid":"o","tender":{"amendment":{"changes":[{"releaseID":"1","releaseDate":"` + d1 + `","releaseTag":null,"value":{"a":1}},{"releaseID":"2","releaseDate":"` + d2 + `","releaseTag":null,"value":{}}]}}}`},
		{"ids 1 and \"1\" are one item", [][]byte{rel("1", d1, `,"awards":[{"id":1,"title":"t"}]`), rel("2", d2, `,"awards":[{"id":"1","status":"active"}]`)},
			`{"tag":["compiled"],"id":"o-` + d2 + `","date":"` + d2 + `","ocid":"o","awards":[{"id":1,"title":"t","status":"active"}]}`, "-"},
	}
	m := NewMerger(mustRules(t, "1.1"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, versioned := range []bool{false, true} {
				want := tt.compiled
				if versioned {
					want = tt.versioned
					if strings.HasPrefix(tt.name, "dates") || want == "-" {
						continue
					}
				}
				got, err := m.Merge(tt.releases, versioned)
				if want == "" {
					var ite *InconsistentTypeError
					if !errors.As(err, &ite) {
						t.Errorf("versioned=%v: got %v, want an InconsistentTypeError", versioned, err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("versioned=%v: %v", versioned, err)
				}
				out := got.Compiled
				if versioned {
					out = got.Versioned
				}
				assertSameJSON(t, out, []byte(want))
			}
		})
	}
}
