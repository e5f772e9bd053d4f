package ocds_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/goumai/goumai/ocds"
)

type recordPackage struct {
	Records []struct {
		OCID      string            `json:"ocid"`
		Releases  []json.RawMessage `json:"releases"`
		Compiled  json.RawMessage   `json:"compiledRelease"`
		Versioned json.RawMessage   `json:"versionedRelease"`
	} `json:"records"`
	URI     string `json:"uri"`
	Version string `json:"version"`
}

func decode(t *testing.T, b []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return v
}

// The pipeline (reader, grouping, parallel merge, ordered writer) gives, for generated data,
// exactly what the reference port of ocdsmerge gives, compiled and versioned.
func TestCompileMatchesReference(t *testing.T) {
	pkg, n := releasePackage(t, 120)
	var out bytes.Buffer
	compilePackage(t, pkg, &out, true)
	var rp recordPackage
	if err := json.Unmarshal(out.Bytes(), &rp); err != nil {
		t.Fatalf("record package: %v", err)
	}
	if got, want := len(rp.Records), n/6; got != want {
		t.Fatalf("got %d records, want %d", got, want)
	}
	rules, err := ocds.RulesForVersion("1.1")
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range rp.Records {
		if want := fmt.Sprintf("ocds-goumai-%08d", i); rec.OCID != want {
			t.Fatalf("record %d: ocid %s, want %s (input order)", i, rec.OCID, want)
		}
		raws := make([][]byte, len(rec.Releases))
		for j, r := range rec.Releases {
			raws[j] = r
		}
		for _, versioned := range []bool{false, true} {
			want, err := ocds.ReferenceCompile(rules, raws, versioned)
			if err != nil {
				t.Fatal(err)
			}
			got := rec.Compiled
			if versioned {
				got = rec.Versioned
			}
			if diff := cmp.Diff(decode(t, want), decode(t, got)); diff != "" {
				t.Fatalf("ocid %s versioned=%v (-reference +compile):\n%s", rec.OCID, versioned, diff)
			}
		}
	}
	if rp.URI != "https://example.gov.cn/ocds/package.json" || rp.Version != "1.1" {
		t.Errorf("package metadata: uri %q version %q", rp.URI, rp.Version)
	}
}

// Ungrouped input fails when streaming and is grouped through a temporary file otherwise.
func TestCompileUnsorted(t *testing.T) {
	input := strings.Join([]string{
		`{"ocid": "b", "id": "1", "date": "2020-01-01T00:00:00Z", "title": "b1"}`,
		`{"ocid": "a", "id": "2", "date": "2020-01-01T00:00:00Z", "title": "a1"}`,
		`{"ocid": "b", "id": "3", "date": "2020-01-02T00:00:00Z", "title": "b2"}`,
	}, "\n")
	rules, err := ocds.RulesForVersion("1.1")
	if err != nil {
		t.Fatal(err)
	}
	m := ocds.NewMerger(rules)
	run := func(unsorted bool) ([]string, error) {
		var got []string
		err := ocds.Compile(context.Background(), ocds.NewReader(strings.NewReader(input)), m,
			ocds.CompileOptions{Unsorted: unsorted, TempDir: t.TempDir()}, func(r *ocds.Record) error {
				got = append(got, string(r.Compiled))
				return nil
			})
		return got, err
	}
	if _, err := run(false); !errors.Is(err, ocds.ErrNotGrouped) || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("streaming ungrouped input: got %v, want ErrNotGrouped at line 3", err)
	}
	got, err := run(true)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`{"tag":["compiled"],"id":"b-2020-01-02T00:00:00Z","date":"2020-01-02T00:00:00Z","ocid":"b","title":"b2"}`,
		`{"tag":["compiled"],"id":"a-2020-01-01T00:00:00Z","date":"2020-01-01T00:00:00Z","ocid":"a","title":"a1"}`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// A merge error in one ocid is reported in its record and compiling goes on.
func TestCompileMergeErrorContinues(t *testing.T) {
	input := `[{"ocid": "a", "id": "1"}, {"ocid": "a", "id": "2", "date": "2020-01-01T00:00:00Z"}, {"ocid": "b", "id": "3", "date": "x"}]`
	rules, _ := ocds.RulesForVersion("1.1")
	var errs, ok []string
	err := ocds.Compile(context.Background(), ocds.NewReader(strings.NewReader(input)), ocds.NewMerger(rules),
		ocds.CompileOptions{Skipped: func(err error) { errs = append(errs, err.Error()) }}, func(r *ocds.Record) error {
			if r.Err != nil {
				errs = append(errs, r.Err.Error())
			} else {
				ok = append(ok, r.OCID)
			}
			return nil
		})
	if err != nil && err != io.EOF {
		t.Fatal(err)
	}
	wantErrs := []string{
		`byte 85 (/2/date): date "x" is not an RFC 3339 date-time; releases are ordered by comparing date strings`,
		"byte 1 (/0): the `date` field of at least one release is missing",
	}
	if diff := cmp.Diff(wantErrs, errs); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"b"}, ok); diff != "" {
		t.Errorf("compiled ocids (-want +got):\n%s", diff)
	}
}

// Invalid UTF-8 on a line leaves the line out, reported.
func TestCompileInvalidUTF8(t *testing.T) {
	input := "{\"ocid\":\"a\",\"title\":\"\xff\"}\n{\"ocid\":\"b\"}\n"
	rules, _ := ocds.RulesForVersion("1.1")
	var problems, ocids []string
	err := ocds.Compile(context.Background(), ocds.NewReader(strings.NewReader(input)), ocds.NewMerger(rules),
		ocds.CompileOptions{Skipped: func(err error) { problems = append(problems, err.Error()) }},
		func(r *ocds.Record) error { ocids = append(ocids, r.OCID); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"line 1 (/title): invalid UTF-8 (skipped)"}, problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"b"}, ocids); diff != "" {
		t.Errorf("ocids (-want +got):\n%s", diff)
	}
}
