package validate

import (
	"context"
	"testing"
)

func TestCheckDateTime(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"2024-02-01T09:00:00Z", true},
		{"2024-02-01T09:00:00+08:00", true},
		{"2024-02-01T09:00:00.123456-05:30", true},
		{"2024-02-29T00:00:00Z", true},      // leap year
		{"2024-02-01T09:00:00Z\n", true},    // Python's "$" accepts one final newline
		{"2023-02-29T00:00:00Z", false},     // not a leap year
		{"2024-02-01", false},               // date only
		{"2024-02-01 09:00:00Z", false},     // space for T
		{"2024-02-01t09:00:00z", false},     // lower case
		{"2024-02-01T09:00:00", false},      // no offset
		{"2024-02-01T24:00:00Z", false},     // hour 24
		{"2024-02-01T23:59:60Z", false},     // rfc3339-validator has no leap seconds
		{"0000-01-01T00:00:00Z", false},     // year 0
		{"2024-13-01T00:00:00Z", false},     // month 13
		{"２０２４-02-01T00:00:00Z", false},     // non-ASCII digits
		{"2024-02-01T09:00:00+0800", false}, // offset without colon
	}
	for _, tt := range tests {
		if got := checkDateTime(tt.in) == nil; got != tt.want {
			t.Errorf("checkDateTime(%q) valid = %v, want %v", tt.in, got, tt.want)
		}
	}
	if checkDateTime(42) != nil {
		t.Error("a number is not checked as a date-time (type errors are the schema's job)")
	}
}

func TestCheckURI(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"https://standard.open-contracting.org/schema/1__1__5/release-schema.json", true},
		{"https://example.cn/a?b=c&d=%E4%B8%AD#frag", true},
		{"mailto:someone@example.cn", true},
		{"urn:isbn:0451450523", true},
		{"http://[2001:db8::1]:8080/x", true},
		{"http://user:pw@example.cn:80", true},
		{"relative/path.json", false},
		{"https://example.cn/a b", false},    // space
		{"https://example.cn/文件.pdf", false}, // IRI, not URI
		{"http://[not-an-ip]/", false},
		{"://missing-scheme", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := checkURI(tt.in) == nil; got != tt.want {
			t.Errorf("checkURI(%q) valid = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestRelease(t *testing.T) {
	release := []byte(`{"ocid": "ocds-abc123-1", "id": "1", "date": "2024-02-01T09:00:00Z", "tag": ["tender"],
		"initiationType": "tender", "tender": {"id": "t", "status": "done", "title": " ", "items": [{"id": "1"}, {"id": "1"}]},
		"parties": [{"name": "x"}], "notOCDS": 1}`)
	got, err := Release(context.Background(), "1.1", release)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"error\t/tender/items\tNon-unique id values [value: 1]",
		"error\t/tender/status\t'status' uses a code that is not in the closed codelist tenderStatus.csv [value: done]",
		"warning\t/notOCDS\t'notOCDS' is not in the OCDS 1.1 schema (additional field)",
		"warning\t/parties/0/id\tobject in 'parties' has no 'id', so it cannot be merged with the same object in other releases",
		"warning\t/tender/title\tfield is set but empty",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("problem %d = %q, want %q", i, got[i].String(), want[i])
		}
	}

	if _, err := Release(context.Background(), "1.2", release); err == nil {
		t.Error("Release with version 1.2: no error")
	}
	if _, err := Release(context.Background(), "1.1", []byte(`{"ocid": `)); err == nil {
		t.Error("Release of truncated JSON: no error")
	}
}

// TestDeepButAllowedNesting checks that nesting just under the reader's limit
// of 10,000 levels is validated (reported as an additional field), not refused.
func TestDeepButAllowedNesting(t *testing.T) {
	const depth = 9990
	deep := make([]byte, 0, 2*depth+200)
	deep = append(deep, `{"ocid":"ocds-abc123-1","id":"1","date":"2024-02-01T09:00:00Z","tag":["tender"],"initiationType":"tender","deep":`...)
	for range depth {
		deep = append(deep, '[')
	}
	for range depth {
		deep = append(deep, ']')
	}
	deep = append(deep, '}')
	got, err := Release(context.Background(), "1.1", deep)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Type != TypeAdditionalField || got[0].Path != "/deep" {
		t.Errorf("got %v, want one additional field /deep", got)
	}
}
