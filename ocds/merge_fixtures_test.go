package ocds

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/go-cmp/cmp"
)

const fixtures = "testdata/merge-fixtures"

// TestMergeFixtures reproduces every expected output of ocdsmerge's test fixtures: 1.0 cases with
// the OCDS 1.0 schema, 1.1 cases with the embedded 1.1.5 schema, schema/ cases with the
// fixtures' synthetic schema, and the rule-override cases (-append, -by-position).
func TestMergeFixtures(t *testing.T) {
	custom, err := os.ReadFile(filepath.Join(fixtures, "schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	schemaRules, err := NewRules(custom)
	if err != nil {
		t.Fatal(err)
	}
	rulesOf := map[string]*Rules{"1.0": mustRules(t, "1.0"), "1.1": mustRules(t, "1.1"), "schema": schemaRules}
	count := 0
	for dir, rules := range rulesOf {
		expected, err := filepath.Glob(filepath.Join(fixtures, dir, "*-*.json"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range expected {
			name := strings.TrimSuffix(filepath.Base(path), ".json")
			c := fixtureCase(name, rules)
			if c.input == "" {
				continue
			}
			count++
			t.Run(dir+"/"+name, func(t *testing.T) {
				input := readFixtureReleases(t, filepath.Join(fixtures, dir, c.input+".json"))
				if c.twice {
					input = append(input, input...)
				}
				m := NewMerger(c.rules)
				var got []byte
				var err error
				if c.versioned {
					got, err = m.Version(input...)
				} else {
					got, err = m.Compile(input...)
				}
				if err != nil {
					t.Fatal(err)
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				assertSameJSON(t, got, want)
			})
		}
	}
	// 1 + 1 (1.0), 17 + 17 (1.1), 13 + 1 + 3 (schema): every expected output of the fixtures.
	if count != 53 {
		t.Errorf("ran %d fixture cases, want 53", count)
	}
}

type mergeCase struct {
	input     string
	rules     *Rules
	versioned bool
	twice     bool // the override cases merge the input list concatenated with itself
}

// fixtureCase maps an expected-output file name to its input and rules.
func fixtureCase(name string, rules *Rules) mergeCase {
	switch {
	case strings.HasSuffix(name, "-compiled"):
		return mergeCase{input: strings.TrimSuffix(name, "-compiled"), rules: rules}
	case strings.HasSuffix(name, "-versioned"):
		return mergeCase{input: strings.TrimSuffix(name, "-versioned"), rules: rules, versioned: true}
	case strings.HasSuffix(name, "-append"):
		return mergeCase{input: strings.TrimSuffix(name, "-append"), rules: rules.Override(Append, "nested", "array"), twice: true}
	case strings.HasSuffix(name, "-by-position"):
		return mergeCase{input: strings.TrimSuffix(name, "-by-position"), rules: rules.Override(MergeByPosition, "nested", "array"), twice: true}
	}
	return mergeCase{}
}

func mustRules(t *testing.T, version string) *Rules {
	t.Helper()
	r, err := RulesForVersion(version)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// readFixtureReleases splits a JSON array of releases into raw releases.
func readFixtureReleases(t *testing.T, path string) [][]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := jsontext.NewDecoder(bytes.NewReader(b))
	if _, err := d.ReadToken(); err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for d.PeekKind() != ']' {
		v, err := d.ReadValue()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, bytes.Clone(v))
	}
	return out
}

// assertSameJSON compares two JSON texts structurally (member order ignored, numbers exact).
func assertSameJSON(t *testing.T, got, want []byte) {
	t.Helper()
	g, w := decodeJSON(t, got), decodeJSON(t, want)
	if diff := cmp.Diff(w, g); diff != "" {
		t.Errorf("merged release differs (-want +got):\n%s\ngot: %s", diff, got)
	}
}

func decodeJSON(t *testing.T, b []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("decode %q: %v", b, err)
	}
	return v
}
