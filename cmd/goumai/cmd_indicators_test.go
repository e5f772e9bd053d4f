package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// testDay is the day the indicators judge by in tests, so that the rules that
// run do not depend on the day the suite runs.
var testDay = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// runIndicatorsCmd runs a command line with the given standard input.
func runIndicatorsCmd(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(&env{ctx: context.Background(), args: args, stdin: strings.NewReader(stdin),
		stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }, now: func() time.Time { return testDay }})
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestIndicatorsFixture(t *testing.T) {
	settings := writeFile(t, "settings.ini", "no_price_comparison_procurement_methods = NPC\n[exclusions]\nprocurement_method_details = EXC\n[R024]\n")
	input := filepath.Join("..", "..", "redflag", "testdata", "cardinal", "indicators", "R024.jsonl")
	code, stdout, stderr := runIndicatorsCmd(t, "", "indicators", input, "--settings", settings, "--no-meta")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	want := map[string]any{
		"OCID":     map[string]any{"F": map[string]any{"R024": 0.0}, "repeat tenderers": map[string]any{"R024": 0.0}},
		"Tenderer": map[string]any{"L": map[string]any{"R024": 0.0}, "W": map[string]any{"R024": 0.0}},
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("output %q: %v", stdout, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

func TestIndicatorsStdinMetaAndMaps(t *testing.T) {
	settings := writeFile(t, "s.ini", "[R028]\n")
	input := `{"ocid":"F","bids":{"details":[{"status":"valid","value":{"amount":1,"currency":"USD"},"tenderers":[{"id":"V"}]},{"status":"disqualified","value":{"amount":1,"currency":"USD"},"tenderers":[{"id":"D"}]}]}}` + "\n"
	code, stdout, stderr := runIndicatorsCmd(t, input, "indicators", "--settings", settings, "--map", "-")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	want := `{"OCID":{"F":{"R028":1.0}},"Tenderer":{"D":{"R028":1.0},"V":{"R028":1.0}},"Meta":{},` +
		`"Maps":{"ocid_buyer_r038":{},"ocid_procuringentity_r038":{},"ocid_tenderer":{},"ocid_tenderer_r024":{},` +
		`"ocid_tenderer_r028":{"F":["D","V"]},"ocid_tenderer_r030":{},"ocid_tenderer_r035":{},"ocid_tenderer_r058":{}}}` + "\n"
	if stdout != want {
		t.Errorf("stdout =\n%s\nwant\n%s", stdout, want)
	}
}

func TestIndicatorsSkippedLinesAreReported(t *testing.T) {
	settings := writeFile(t, "s.ini", "[R018]\n")
	input := "{\"ocid\":\"a\",\"tender\":{\"numberOfTenderers\":1,\"procurementMethod\":\"open\"}}\n{\"ocid\":\n\n[]\n{\"tender\":{}}\n"
	code, stdout, stderr := runIndicatorsCmd(t, input, "indicators", "-s", settings)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if want := `{"OCID":{"a":{"R018":1.0}},"Meta":{}}` + "\n"; stdout != want {
		t.Errorf("stdout = %q, want %q", stdout, want)
	}
	for _, want := range []string{"line 2: invalid JSON", "line 4: not a JSON object", "line 5: no string ocid"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q does not contain %q", stderr, want)
		}
	}
	if strings.Contains(stderr, "line 3") {
		t.Errorf("blank line 3 reported: %q", stderr)
	}
}

func TestIndicatorsUsageErrors(t *testing.T) {
	bad := writeFile(t, "bad.ini", "[R024]\nthreshold = high\n")
	unknown := writeFile(t, "unknown.ini", "[nonsense]\n")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"indicators", "--bogus"}, "flag provided but not defined"},
		{"missing settings", []string{"indicators", "--settings", filepath.Join(t.TempDir(), "none.ini")}, "--settings"},
		{"bad value", []string{"indicators", "--settings", bad}, `threshold = "high" is not a number`},
		{"unknown section", []string{"indicators", "--settings", unknown}, "unknown section [nonsense]"},
		{"missing input", []string{"indicators", filepath.Join(t.TempDir(), "none.jsonl")}, "no such file"},
		{"two inputs", []string{"indicators", "a", "b"}, "one input file expected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runIndicatorsCmd(t, "", tt.args...)
			if code != 2 || stdout != "" {
				t.Errorf("exit %d, stdout %q; want 2 and nothing", code, stdout)
			}
			if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q, want one line containing %q", stderr, tt.want)
			}
		})
	}
}

// --goumai runs goumai's own rules on an OCDS file: the demo's releases give
// one flag per line, the repeat winner among them, each with its evidence;
// compiled releases of the same processes give the same flags.
func TestIndicatorsGoumai(t *testing.T) {
	input := filepath.Join("..", "..", "ocds", "testdata", "goumai-demo-releases.jsonl")
	code, stdout, stderr := runIndicatorsCmd(t, "", "indicators", "--goumai", input)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	kinds := map[string]int{}
	for _, l := range lines {
		var f struct {
			Indicator string `json:"indicator"`
			OCID      string `json:"ocid"`
			Evidence  struct {
				Releases []struct {
					LogIndex int64 `json:"log_index"`
				} `json:"releases"`
			} `json:"evidence"`
		}
		if err := json.Unmarshal([]byte(l), &f); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		if len(f.Evidence.Releases) == 0 || f.Evidence.Releases[0].LogIndex <= 0 {
			t.Errorf("%s %s: no evidence", f.Indicator, f.OCID)
		}
		kinds[f.Indicator]++
	}
	if kinds["GM-REPEAT"] != 12 || kinds["ENG-C3"] == 0 {
		t.Errorf("flags by indicator: %v", kinds)
	}
	code, _, stderr = runIndicatorsCmd(t, "", "indicators", "--goumai", "--settings", "x.ini", input)
	if code != 2 || !strings.Contains(stderr, "--goumai takes no --settings") {
		t.Errorf("--goumai with --settings: exit %d, %q", code, stderr)
	}
	// --params judges the file by other values: an award from 90 % of the
	// ceiling is close to it (nationally from 98 %); values the law forbids
	// are refused.
	dir := t.TempDir()
	stricter, bad := filepath.Join(dir, "p.json"), filepath.Join(dir, "bad.json")
	if err := os.WriteFile(stricter, []byte(`{"jurisdiction":"330000","ceiling_close_min_pct":90}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(`{"amendment_max_pct":25}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runIndicatorsCmd(t, "", "indicators", "--goumai", "--params", stricter, input)
	if code != 0 || stderr != "" {
		t.Fatalf("--params: exit %d, stderr %q", code, stderr)
	}
	if n := strings.Count(stdout, `"indicator":"GM-CEILING"`); n == 0 || kinds["GM-CEILING"] != 0 || !strings.Contains(stdout, `"params_version":"330000/2020-01-01/0"`) {
		t.Errorf("--params ceiling_close_min_pct 90: %d GM-CEILING flags (national: %d)", n, kinds["GM-CEILING"])
	}
	code, _, stderr = runIndicatorsCmd(t, "", "indicators", "--goumai", "--params", bad, input)
	if code != 2 || !strings.Contains(stderr, "amendment_max_pct") {
		t.Errorf("--params beyond the law: exit %d, %q", code, stderr)
	}
}
