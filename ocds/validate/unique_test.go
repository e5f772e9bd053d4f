package validate

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestUniqueItems checks lib-cove's unique_ids: items are compared whole, as
// jsonschema's uniq compares them (member order ignored, numbers by value, true
// not equal to 1), only when some item has no usable id; repeated ids are
// reported unless that whole-item comparison already found a repeat.
func TestUniqueItems(t *testing.T) {
	long := strings.Repeat("长", 100) // 300 bytes of UTF-8
	release := func(id, tender string) string {
		return `{"ocid":"ocds-abc123-1","id":"` + id + `","date":"2024-03-01T08:00:00Z","tag":["tender"],"initiationType":"tender","tender":` + tender + `}`
	}
	tenderers := func(items string) string { return release("1", `{"id":"t","tenderers":[`+items+`]}`) }
	tests := []struct {
		name     string
		releases string
		want     []string // path, message and value of each non_unique problem
	}{
		{"items differing after 200 bytes are distinct",
			tenderers(`{"name":"` + long + `A"},{"name":"` + long + `B"}`), nil},
		{"equal items, members in another order",
			tenderers(`{"name":"x","identifier":{"scheme":"s","id":"1"}},{"identifier":{"id":"1","scheme":"s"},"name":"x"}`),
			[]string{"/releases/0/tender/tenderers\tArray has non-unique elements\t"}},
		{"numbers compare by value",
			tenderers(`{"name":"x","n":[1,2.50]},{"name":"x","n":[1.0,25e-1]}`),
			[]string{"/releases/0/tender/tenderers\tArray has non-unique elements\t"}},
		{"true is not 1",
			tenderers(`{"name":"x","n":true},{"name":"x","n":1}`), nil},
		{"repeated ids beside an item without id",
			tenderers(`{"id":"A","name":"x"},{"id":"A","name":"y"},{"name":"z"}`),
			[]string{"/releases/0/tender/tenderers\tNon-unique id values\tA"}},
		{"repeated items beside an item without id: only the items",
			tenderers(`{"id":"A","name":"x"},{"id":"A","name":"x"},{"name":"z"}`),
			[]string{"/releases/0/tender/tenderers\tArray has non-unique elements\t"}},
		{"releases without ocid, equal in another member order",
			`{"id":"1","date":"2024-03-01T08:00:00Z","tag":["tender"]},{"tag":["tender"],"date":"2024-03-01T08:00:00Z","id":"1"}`,
			[]string{"/releases\tArray has non-unique elements\t"}},
		{"repeated ocid and id beside a release without ocid",
			release("1", `{"id":"a"}`) + "," + release("1", `{"id":"b"}`) + `,{"id":"2"}`,
			[]string{"/releases/1\tNon-unique combination of ocid, id values (first at /releases/0)\tocds-abc123-1, 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pkg := `{"uri":"https://example.cn/p.json","version":"1.1","publishedDate":"2024-03-01T08:00:00Z",` +
				`"publisher":{"name":"Bureau"},"releases":[` + tt.releases + `]}`
			res, err := Options{MaxProblems: -1}.Package(context.Background(), strings.NewReader(pkg))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range res.Problems {
				if p.Type == TypeNonUnique {
					got = append(got, p.Path+"\t"+p.Message+"\t"+p.Value)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("non-unique problems (-want +got):\n%s\nall problems: %v", diff, res.Problems)
			}
		})
	}
}
