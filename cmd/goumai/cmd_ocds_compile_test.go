package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const mergeFixtures = "../../ocds/testdata/merge-fixtures"

func runCompile(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(&env{ctx: context.Background(), args: append([]string{"ocds", "compile"}, args...),
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }})
	return code, out.String(), errOut.String()
}

func fixture(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(mergeFixtures, path))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func jsonValue(t *testing.T, s string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("decode %q: %v", s, err)
	}
	return v
}

func TestOCDSCompileRecordPackage(t *testing.T) {
	code, out, stderr := runCompile(t, fixture(t, "1.1/lists.json"), "--versioned", "-")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	var pkg struct {
		Records []struct {
			OCID      string            `json:"ocid"`
			Releases  []json.RawMessage `json:"releases"`
			Compiled  json.RawMessage   `json:"compiledRelease"`
			Versioned json.RawMessage   `json:"versionedRelease"`
		} `json:"records"`
		Version       string `json:"version"`
		PublishedDate string `json:"publishedDate"`
	}
	if err := json.Unmarshal([]byte(out), &pkg); err != nil {
		t.Fatalf("output is not a record package: %v\n%s", err, out)
	}
	if len(pkg.Records) != 1 || len(pkg.Records[0].Releases) != 2 || pkg.Version != "1.1" || pkg.PublishedDate == "" {
		t.Fatalf("unexpected package: %s", out)
	}
	if diff := cmp.Diff(jsonValue(t, fixture(t, "1.1/lists-compiled.json")), jsonValue(t, string(pkg.Records[0].Compiled))); diff != "" {
		t.Errorf("compiledRelease (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(jsonValue(t, fixture(t, "1.1/lists-versioned.json")), jsonValue(t, string(pkg.Records[0].Versioned))); diff != "" {
		t.Errorf("versionedRelease (-want +got):\n%s", diff)
	}
}

func TestOCDSCompileLinesAndSchemaFile(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "in.json")
	if err := os.WriteFile(input, []byte(fixture(t, "schema/deep-omit-when-merged.json")), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCompile(t, "", "--lines", "--schema", filepath.Join(mergeFixtures, "schema.json"), input)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 1 {
		t.Fatalf("got %d lines, want 1:\n%s", len(lines), out)
	}
	if diff := cmp.Diff(jsonValue(t, fixture(t, "schema/deep-omit-when-merged-compiled.json")), jsonValue(t, lines[0])); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestOCDSCompileProblems(t *testing.T) {
	tests := []struct {
		name     string
		stdin    string
		args     []string
		code     int
		stdout   string // substring
		stderrRE []string
	}{
		{name: "bad flag", args: []string{"--bogus"}, code: 2,
			stderrRE: []string{"goumai ocds compile: flag provided but not defined: -bogus (see goumai ocds compile -h)\n"}},
		{name: "exclusive flags", args: []string{"--lines", "--package"}, code: 2,
			stderrRE: []string{"--package and --lines are exclusive"}},
		{name: "missing file", args: []string{"/nonexistent/x.json"}, code: 2, stderrRE: []string{"no such file"}},
		{name: "bad line skipped", stdin: "{\"ocid\":\"a\",\"date\":\"2020-01-01T00:00:00Z\"}\n{\"ocid\": \n{\"ocid\":\"b\",\"date\":\"2020-01-01T00:00:00Z\"}\n",
			args: []string{"--lines"}, code: 1, stdout: `"ocid":"b"`, stderrRE: []string{"line 2 (/ocid): unexpected end of input (truncated JSON) (skipped)"}},
		{name: "not grouped", stdin: "{\"ocid\":\"a\"}\n{\"ocid\":\"b\"}\n{\"ocid\":\"a\"}\n", args: []string{"--lines"}, code: 1,
			stderrRE: []string{`line 3: ocid "a": releases of this ocid are not consecutive`}},
		{name: "unsorted accepted", stdin: "{\"ocid\":\"a\"}\n{\"ocid\":\"b\"}\n", args: []string{"--lines", "--unsorted"}, code: 0, stdout: `"ocid":"b"`},
		{name: "truncated package", stdin: `{"releases": [{"ocid": "a"}, {"ocid": `, code: 2,
			stderrRE: []string{"unexpected end of input (truncated JSON)"}},
		{name: "unknown version", stdin: `{"version": "1.2", "releases": []}`, code: 2,
			stderrRE: []string{`/version): unknown OCDS version "1.2"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCompile(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr %s", code, tt.code, stderr)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout %q does not contain %q", out, tt.stdout)
			}
			for _, want := range tt.stderrRE {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr %q does not contain %q", stderr, want)
				}
			}
		})
	}
}

func TestOCDSCompileHelp(t *testing.T) {
	code, out, _ := runCompile(t, "", "-h")
	if code != 0 || !strings.Contains(out, "--unsorted") || !strings.Contains(out, "consecutive") {
		t.Errorf("exit %d, help:\n%s", code, out)
	}
}
