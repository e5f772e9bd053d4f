package redflag

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// settingsFromName builds the settings file that Cardinal's build.rs derives
// from a fixture name (see testdata/cardinal/SOURCE.md), plus the NPC and EXC
// settings that every generated test sets.
func settingsFromName(name string) string {
	parts := strings.Split(name, "-")
	value := func(v string) string { return strings.ReplaceAll(v, "+", "|") }
	var b strings.Builder
	b.WriteString("no_price_comparison_procurement_methods = NPC\n\n[exclusions]\nprocurement_method_details = EXC\n\n")
	switch rest := parts[1:]; {
	case len(rest) <= 1: // no setting, or a label only
		fmt.Fprintf(&b, "[%s]\n", parts[0])
	case len(rest) == 2:
		fmt.Fprintf(&b, "[%s]\n%s = %s\n", parts[0], rest[0], value(rest[1]))
	default:
		fmt.Fprintf(&b, "[%s.%s]\n", parts[0], rest[0])
		for i := 1; i+1 < len(rest); i += 2 {
			fmt.Fprintf(&b, "%s = %s\n", rest[i], value(rest[i+1]))
		}
	}
	return b.String()
}

func TestSettingsFromName(t *testing.T) {
	tests := []struct{ name, want string }{
		{"R024", "[R024]\n"},
		{"R038-tenderer", "[R038]\n"},
		{"R003-threshold-10", "[R003]\nthreshold = 10\n"},
		{"R003-procurement_methods-open+selective", "[R003]\nprocurement_methods = open|selective\n"},
		{"R003-procurement_method_details-x-5-y-10", "[R003.procurement_method_details]\nx = 5\ny = 10\n"},
	}
	for _, tt := range tests {
		got := settingsFromName(tt.name)
		if !strings.HasSuffix(got, "\n\n"+tt.want) {
			t.Errorf("settingsFromName(%q) = %q, want it to end with %q", tt.name, got, tt.want)
		}
	}
}

// decodeJSON decodes JSON with numbers as float64, for comparison.
func decodeJSON(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decode %q: %v", b, err)
	}
	return v
}

// runIndicators runs the indicators over a JSON Lines file and returns the
// output and the warnings.
func runIndicators(t *testing.T, settings, input string, out Output, mapping bool) ([]byte, []string) {
	t.Helper()
	s, err := ParseSettings(strings.NewReader(settings), Default)
	if err != nil {
		t.Fatalf("ParseSettings: %v", err)
	}
	var warnings []string
	acc, err := New(s, Options{At: testDay, Map: mapping, Warn: func(line int64, msg string) {
		warnings = append(warnings, fmt.Sprintf("line %d: %s", line, msg))
	}})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := acc.Consume(strings.NewReader(input)); err != nil {
		t.Fatalf("Consume: %v", err)
	}
	var buf bytes.Buffer
	if err := acc.Result().WriteJSON(&buf, out); err != nil {
		t.Fatalf("WriteJSON: %v", err)
	}
	return buf.Bytes(), warnings
}

// TestCardinalFixtures reproduces every expected output of Cardinal's own
// indicator tests.
func TestCardinalFixtures(t *testing.T) {
	inputs, err := filepath.Glob("testdata/cardinal/indicators/*.jsonl")
	if err != nil || len(inputs) != 15 {
		t.Fatalf("want 15 fixtures, got %d (%v)", len(inputs), err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".jsonl")
		t.Run(name, func(t *testing.T) {
			input, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			expected, err := os.ReadFile(strings.TrimSuffix(in, ".jsonl") + ".expected")
			if err != nil {
				t.Fatal(err)
			}
			got, _ := runIndicators(t, settingsFromName(name), string(input), Output{}, false)
			if diff := cmp.Diff(decodeJSON(t, expected), decodeJSON(t, got)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", name, diff)
			}
		})
	}
}

// TestCardinalFixturesWithMeta checks that Meta appears with its documented
// keys, and that it does not change the groups.
func TestCardinalFixturesWithMeta(t *testing.T) {
	input, err := os.ReadFile("testdata/cardinal/indicators/R024.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := runIndicators(t, settingsFromName("R024"), string(input), Output{Meta: true}, false)
	var out struct {
		Meta map[string]map[string]float64
	}
	if err := json.Unmarshal(got, &out); err != nil {
		t.Fatal(err)
	}
	// Differences: F and "repeat tenderers" 0, processes 1 to 6 and "accept" 100.
	// Q1: h = (9+1/3)·0.25 + 1/3 = 2.667, so x[2] + 0.667·(x[3] − x[2]) = 66.667;
	// Q3 = 100; lower fence = 66.667 − 1.5·33.333 = 16.667.
	want := map[string]map[string]float64{"R024": {"q1": 66.6667, "q3": 100, "lower_fence": 16.6667}}
	if diff := cmp.Diff(want, out.Meta); diff != "" {
		t.Errorf("Meta (-want +got):\n%s", diff)
	}
}

func TestOutputFormatsNumbersLikeSerde(t *testing.T) {
	input, err := os.ReadFile("testdata/cardinal/indicators/R058.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := runIndicators(t, settingsFromName("R058"), string(input), Output{}, false)
	want := `{"OCID":{"F":{"R058":100.0}},"Tenderer":{"W":{"R058":0.0}}}` + "\n"
	if string(got) != want {
		t.Errorf("output = %s, want %s", got, want)
	}
}
