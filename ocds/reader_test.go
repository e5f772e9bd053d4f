package ocds

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type readResult struct {
	ocids    []string
	problems []string // InputError messages, skipped or fatal
	fatal    bool
}

func readAll(t *testing.T, input string) (readResult, *Reader) {
	t.Helper()
	r := NewReader(strings.NewReader(input))
	var res readResult
	for i := 0; i < 1000; i++ {
		rel, err := r.Next()
		if err == io.EOF {
			return res, r
		}
		var ie *InputError
		if err != nil {
			if !errors.As(err, &ie) {
				t.Fatalf("error is %T, not *InputError: %v", err, err)
			}
			res.problems = append(res.problems, ie.Error())
			if !ie.Skipped {
				res.fatal = true
				return res, r
			}
			continue
		}
		res.ocids = append(res.ocids, rel.OCID)
	}
	t.Fatal("reader does not end")
	return res, r
}

func TestReaderFormats(t *testing.T) {
	pkg := `{"uri": "https://example.com/p.json", "version": "1.1", "releases": [
  {"ocid": "a", "id": "1", "date": "2020-01-01T00:00:00Z"},
  {"ocid": "b", "id": "2", "date": "2020-01-02T00:00:00Z"}
], "publishedDate": "2020-02-01T00:00:00Z"}`
	tests := []struct {
		name, input string
		want        readResult
	}{
		{"package", pkg, readResult{ocids: []string{"a", "b"}}},
		{"package on one line", strings.ReplaceAll(pkg, "\n", ""), readResult{ocids: []string{"a", "b"}}},
		{"two packages", pkg + "\n" + pkg, readResult{ocids: []string{"a", "b", "a", "b"}}},
		{"array", `[{"ocid": "a"}, {"ocid": "b"}]`, readResult{ocids: []string{"a", "b"}}},
		{"JSON Lines", "{\"ocid\": \"a\"}\n\n{\"ocid\": \"b\"}\n", readResult{ocids: []string{"a", "b"}}},
		{"JSON Lines of packages", `{"releases": [{"ocid": "a"}]}` + "\n" + `{"releases": [{"ocid": "b"}]}`, readResult{ocids: []string{"a", "b"}}},
		{"bad line skipped", "{\"ocid\": \"a\"}\n{\"ocid\": \n{\"ocid\": \"c\"}\n", readResult{ocids: []string{"a", "c"},
			problems: []string{"line 2 (/ocid): unexpected end of input (truncated JSON) (skipped)"}}},
		{"ocid-less line", "{\"ocid\": \"a\"}\n{\"id\": \"x\"}\n", readResult{ocids: []string{"a"},
			problems: []string{"line 2: release has no ocid (skipped)"}}},
		{"release not an object", `{"releases": [{"ocid": "a"}, 3, {"ocid": 4}]}`, readResult{ocids: []string{"a"},
			problems: []string{"byte 29 (/releases/1): release is a number, not an object (skipped)",
				"byte 32 (/releases/2/ocid): ocid is a number, not a string (skipped)"}}},
		{"truncated package", `{"releases": [{"ocid": "a"}, {"ocid": "b"`, readResult{ocids: []string{"a"},
			problems: []string{"byte 41 (/releases/1): unexpected end of input (truncated JSON)"}, fatal: true}},
		{"unknown version", `{"version": "2.0", "releases": [{"ocid": "a"}]}`, readResult{
			problems: []string{"byte 0 (/version): unknown OCDS version \"2.0\" (known: 1.0, 1.1)"}, fatal: true}},
		{"record package", `{"records": [{"ocid": "a"}]}`, readResult{
			problems: []string{"byte 0 (/records): this is a record package; compile reads release packages, arrays of releases or JSON Lines of releases (skipped)"}}},
		{"scalar", `"x"`, readResult{problems: []string{"byte 0 (/): top-level value is a string, not a release, an array of releases or a release package (skipped)"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := readAll(t, tt.input)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(readResult{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestReaderPackageMetadata(t *testing.T) {
	_, r := readAll(t, `{"releases": [], "uri": "u", "version": "1.1", "extensions": ["e1", "e2"], "publishedDate": "p"}`+
		"\n"+`{"extensions": ["e2", "e3"], "releases": []}`)
	want := Package{URI: "u", Version: "1.1", PublishedDate: "p", Extensions: []string{"e1", "e2", "e3"}}
	if diff := cmp.Diff(want, r.Package); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestReaderDateWarning(t *testing.T) {
	_, r := readAll(t, "{\"ocid\": \"a\", \"date\": \"2020-01-01\"}\n{\"ocid\": \"a\", \"date\": \"2020-01-01T00:00:00+08:00\"}\n")
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0].Error(), `line 1 (/date): date "2020-01-01" is not an RFC 3339`) {
		t.Errorf("warnings: %v", r.Warnings)
	}
}

func TestReaderDeepNesting(t *testing.T) {
	deep := `{"releases": [{"ocid": "a", "x": ` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}]}`
	got, _ := readAll(t, deep)
	if !got.fatal || len(got.problems) != 1 || !strings.Contains(got.problems[0], "depth") {
		t.Errorf("got %+v, want one located nesting-depth error", got)
	}
}
