package ocds

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// checkAgainstReference merges raws with m and with the oracle and compares the results.
func checkAgainstReference(t *testing.T, rules *Rules, raws [][]byte) {
	t.Helper()
	m := NewMerger(rules)
	for _, versioned := range []bool{false, true} {
		want, refErr := refCompile(rules, raws, versioned)
		if errors.Is(refErr, errRefUnsupported) {
			return
		}
		got, err := m.Merge(raws, versioned)
		if (err != nil) != (refErr != nil) {
			t.Fatalf("versioned=%v: error %v, reference error %v", versioned, err, refErr)
		}
		if err != nil {
			continue
		}
		out := got.Compiled
		if versioned {
			out = got.Versioned
		}
		wantJSON, _ := json.Marshal(want)
		if diff := cmp.Diff(decodeJSON(t, wantJSON), decodeJSON(t, out)); diff != "" {
			t.Fatalf("versioned=%v: differs from the reference merge (-want +got):\n%s", versioned, diff)
		}
	}
}

// The oracle itself must reproduce the fixtures, or it checks nothing.
func TestReferenceMergeFixtures(t *testing.T) {
	for _, dir := range []string{"1.0", "1.1"} {
		rules := mustRules(t, dir)
		inputs, _ := filepath.Glob(filepath.Join(fixtures, dir, "*.json"))
		for _, in := range inputs {
			if strings.HasSuffix(in, "-compiled.json") || strings.HasSuffix(in, "-versioned.json") {
				continue
			}
			raws := readFixtureReleases(t, in)
			for suffix, versioned := range map[string]bool{"-compiled.json": false, "-versioned.json": true} {
				wantFile := strings.TrimSuffix(in, ".json") + suffix
				want, err := os.ReadFile(wantFile)
				if err != nil {
					continue
				}
				got, err := refCompile(rules, raws, versioned)
				if err != nil {
					t.Fatalf("%s: %v", wantFile, err)
				}
				b, _ := json.Marshal(got)
				assertSameJSON(t, b, want)
				checkAgainstReference(t, rules, raws)
			}
		}
	}
}
