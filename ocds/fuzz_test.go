package ocds

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
)

// FuzzReader: whatever the input, the reader ends, never panics, returns only located errors
// or io.EOF, and every release it returns is a valid JSON object with its ocid.
func FuzzReader(f *testing.F) {
	for _, s := range []string{
		`{"uri":"u","version":"1.1","releases":[{"ocid":"a","date":"2020-01-01T00:00:00Z"},{"ocid":"b"}],"publishedDate":"x"}`,
		`[{"ocid":"a"},{"ocid":"b","tag":["tender"]}]`,
		"{\"ocid\":\"a\"}\n{\"ocid\":\n{\"ocid\":\"c\"}\n",
		"{\"releases\":[{\"ocid\":\"a\"}]}\n{\"releases\":[]}\n",
		`{"version":"9","releases":[]}`, `{"records":[]}`, `"x"`, `[1,{"ocid":2}]`, "\xef\xbb\xbf[]",
		`{"releases":[{"ocid":"a","x":[[[[[]]]]]}]`, `{"releases":{"ocid":"a"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data))
		for range len(data) + 10 {
			rel, err := r.Next()
			if err == io.EOF {
				return
			}
			var ie *InputError
			if err != nil {
				if !errors.As(err, &ie) {
					t.Fatalf("error %T is not located: %v", err, err)
				}
				if !ie.Skipped {
					return
				}
				continue
			}
			if rel.OCID == "" || !jsontext.Value(rel.JSON).IsValid(decoderOptions...) || rel.JSON[0] != '{' {
				t.Fatalf("bad release %q (ocid %q)", rel.JSON, rel.OCID)
			}
		}
		t.Fatalf("reader did not end on %d bytes", len(data))
	})
}

// FuzzMerge: merging any list of releases never panics and gives what the reference port of
// ocdsmerge gives, compiled and versioned, with the 1.1 rules and the fixtures' custom schema.
func FuzzMerge(f *testing.F) {
	for _, dir := range []string{"1.1", "schema", "1.0"} {
		paths, err := filepath.Glob(filepath.Join(fixtures, dir, "*.json"))
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range paths {
			if strings.HasSuffix(p, "-compiled.json") || strings.HasSuffix(p, "-versioned.json") ||
				strings.HasSuffix(p, "-append.json") || strings.HasSuffix(p, "-by-position.json") {
				continue
			}
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	custom, err := os.ReadFile(filepath.Join(fixtures, "schema.json"))
	if err != nil {
		f.Fatal(err)
	}
	customRules, err := NewRules(custom)
	if err != nil {
		f.Fatal(err)
	}
	rules11, err := RulesForVersion("1.1")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		raws, ok := splitReleases(data)
		if !ok {
			return
		}
		checkAgainstReference(t, rules11, raws)
		checkAgainstReference(t, customRules, raws)
		checkAgainstReference(t, customRules.Override(MergeByPosition, "nested", "array"), raws)
	})
}

// splitReleases returns the elements of a JSON array of objects, rejecting duplicate member
// names (which the reference, decoding into maps, cannot see).
func splitReleases(data []byte) ([][]byte, bool) {
	d := jsontext.NewDecoder(bytes.NewReader(data))
	if tok, err := d.ReadToken(); err != nil || tok.Kind() != '[' {
		return nil, false
	}
	var out [][]byte
	for d.PeekKind() == '{' {
		v, err := d.ReadValue()
		if err != nil {
			return nil, false
		}
		out = append(out, bytes.Clone(v))
	}
	if tok, err := d.ReadToken(); err != nil || tok.Kind() != ']' {
		return nil, false
	}
	return out, len(out) > 0
}

// FuzzScanner: on any valid JSON value the non-validating scanner finds exactly that value;
// on anything else it never panics.
func FuzzScanner(f *testing.F) {
	for _, s := range []string{`{"a":"\\\"","b":[1,{"c":"]"}]}`, `"` + strings.Repeat(`\\`, 9) + `\""`, `-1.5e3`, `[]`, `"abc`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var s scanner
		s.reset(data)
		got := s.value()
		trimmed := bytes.Trim(data, " \t\r\n")
		if !jsontext.Value(trimmed).IsValid(decoderOptions...) {
			return
		}
		if s.err != nil || !bytes.Equal(got, trimmed) {
			t.Fatalf("scanner read %q (err %v) from %q", got, s.err, data)
		}
	})
}
