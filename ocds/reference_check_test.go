package ocds

import (
	"encoding/json"
	"errors"
	"io/fs"
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
		wantJSON, err := json.Marshal(want)
		if err != nil {
			t.Fatalf("versioned=%v: %v", versioned, err)
		}
		if diff := cmp.Diff(decodeJSON(t, wantJSON), decodeJSON(t, out)); diff != "" {
			t.Fatalf("versioned=%v: differs from the reference merge (-want +got):\n%s", versioned, diff)
		}
	}
}

// The oracle itself must reproduce the fixtures, or it checks nothing. The fixtures are counted,
// so that a moved or emptied fixture folder fails instead of checking nothing.
func TestReferenceMergeFixtures(t *testing.T) {
	const wantInputs, wantOutputs = 18, 36 // 1.0: 1 input, 2 outputs; 1.1: 17 inputs, 34 outputs
	inputs, outputs := 0, 0
	for _, dir := range []string{"1.0", "1.1"} {
		rules := mustRules(t, dir)
		paths, err := filepath.Glob(filepath.Join(fixtures, dir, "*.json"))
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range paths {
			if strings.HasSuffix(in, "-compiled.json") || strings.HasSuffix(in, "-versioned.json") {
				continue
			}
			inputs++
			raws := readFixtureReleases(t, in)
			for suffix, versioned := range map[string]bool{"-compiled.json": false, "-versioned.json": true} {
				wantFile := strings.TrimSuffix(in, ".json") + suffix
				want, err := os.ReadFile(wantFile)
				if errors.Is(err, fs.ErrNotExist) {
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				outputs++
				got, err := refCompile(rules, raws, versioned)
				if err != nil {
					t.Fatalf("%s: %v", wantFile, err)
				}
				b, err := json.Marshal(got)
				if err != nil {
					t.Fatalf("%s: %v", wantFile, err)
				}
				assertSameJSON(t, b, want)
			}
			checkAgainstReference(t, rules, raws)
		}
	}
	if inputs != wantInputs || outputs != wantOutputs {
		t.Fatalf("found %d fixture inputs and %d expected outputs in %s, want %d and %d", inputs, outputs, fixtures, wantInputs, wantOutputs)
	}
}
