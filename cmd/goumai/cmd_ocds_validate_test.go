package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runValidate runs "goumai ocds validate args..." with stdin.
func runValidate(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(&env{ctx: context.Background(), args: append([]string{"ocds", "validate"}, args...), stdin: strings.NewReader(stdin),
		stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }})
	return code, out.String(), errOut.String()
}

const validPackage = `{"uri": "https://example.cn/p.json", "version": "1.1", "publishedDate": "2024-03-01T08:00:00Z",
 "publisher": {"name": "Bureau"},
 "releases": [{"ocid": "ocds-abc123-1", "id": "1", "date": "2024-03-01T08:00:00Z", "tag": ["tender"], "initiationType": "tender",
   "tender": {"id": "t", "budgetCode": "x"}}]}`

// recordPackageBogusStatus is a record package whose only fault is a closed code
// (tender.status) in an embedded release.
const recordPackageBogusStatus = `{"uri": "https://example.cn/r.json", "version": "1.1", "publishedDate": "2024-03-01T08:00:00Z",
 "publisher": {"name": "Bureau"}, "packages": ["https://example.cn/p.json"],
 "records": [{"ocid": "ocds-abc123-1", "releases": [{"ocid": "ocds-abc123-1", "id": "1", "date": "2024-03-01T08:00:00Z",
   "tag": ["tender"], "initiationType": "tender", "tender": {"id": "t", "status": "bogus"}}]}]}`

func TestOCDSValidateExitCodes(t *testing.T) {
	dir := t.TempDir()
	valid := filepath.Join(dir, "valid.json")
	if err := os.WriteFile(valid, []byte(validPackage), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		stdin      string
		args       []string
		wantCode   int
		wantStdout string // a substring of stdout
		wantStderr string // a substring of stderr
	}{
		{"valid file, warnings allowed", "", []string{valid}, 0, "warning\t/releases/0/tender/budgetCode\t", "1 warning, 0 infos: valid"},
		{"valid stdin", validPackage, []string{"-"}, 0, "budgetCode", ": valid"},
		{"no file means stdin", validPackage, nil, 0, "budgetCode", ": valid"},
		{"invalid", strings.Replace(validPackage, `"2024-03-01T08:00:00Z", "tag"`, `"2024-03-01", "tag"`, 1), nil, 1,
			"error\t/releases/0/date\tIncorrect date format", ": invalid"},
		{"bad closed code in a record's embedded release", recordPackageBogusStatus, nil, 1,
			"error\t/records/0/releases/0/tender/status\t'status' uses a code that is not in the closed codelist tenderStatus.csv [value: bogus]", ": invalid"},
		{"unknown version", strings.Replace(validPackage, `"1.1"`, `"2.0"`, 1), nil, 1, "error\t/version\t", ": invalid"},
		{"truncated", validPackage[:100], nil, 2, "", "truncated JSON"},
		{"not json", "hello", nil, 2, "", "unreadable input"},
		{"not a package", `{"ocid": "ocds-abc123-1"}`, nil, 2, "", "not a release package or record package"},
		{"missing file", "", []string{filepath.Join(dir, "nope.json")}, 2, "", "no such file"},
		{"bad flag", "", []string{"--nope"}, 2, "", "flag provided but not defined"},
		{"two files", "", []string{valid, valid}, 2, "", "one input file expected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runValidate(t, tt.stdin, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d (stderr %q)", code, tt.wantCode, stderr)
			}
			if !strings.Contains(stdout, tt.wantStdout) {
				t.Errorf("stdout = %q, want it to contain %q", stdout, tt.wantStdout)
			}
			if !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.wantStderr)
			}
			if tt.wantCode == 2 && strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("stderr has more than one line: %q", stderr)
			}
		})
	}
}

func TestOCDSValidateJSON(t *testing.T) {
	code, stdout, _ := runValidate(t, strings.Replace(validPackage, `"ocds-abc123-1"`, `"ABC-1"`, 1), "--json")
	if code != 1 {
		t.Fatalf("exit code = %d, want 1", code)
	}
	var got struct {
		Readable bool `json:"readable"`
		Valid    bool `json:"valid"`
		Count    int  `json:"count"`
		Errors   int  `json:"errors"`
		Problems []struct {
			Severity, Type, Path, Value string
		} `json:"problems"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, stdout)
	}
	if !got.Readable || got.Valid || got.Count != 1 || got.Errors != 1 || len(got.Problems) != 2 {
		t.Fatalf("got %+v", got)
	}
	if p := got.Problems[0]; p.Severity != "error" || p.Type != "ocid_prefix" || p.Path != "/releases/0/ocid" || p.Value != "ABC-1" {
		t.Errorf("first problem = %+v, want the ocid prefix error", p)
	}

	code, stdout, _ = runValidate(t, "[1,", "--json")
	var unreadable struct {
		Readable bool `json:"readable"`
		Error    struct {
			Message string `json:"message"`
			Offset  int64  `json:"offset"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(stdout), &unreadable); err != nil || code != 2 || unreadable.Readable || unreadable.Error.Message == "" {
		t.Errorf("unreadable --json: exit %d, %+v, %v", code, unreadable, err)
	}
}

func TestOCDSValidateMaxProblems(t *testing.T) {
	pkg := strings.Replace(validPackage, `"tender": {`, `"a": 1, "b": 2, "c": 3, "tender": {`, 1)
	code, stdout, stderr := runValidate(t, pkg, "--max-problems", "2")
	if code != 0 {
		t.Fatalf("exit code = %d, stderr %q", code, stderr)
	}
	if n := strings.Count(stdout, "\n"); n != 2 {
		t.Errorf("%d lines listed, want 2:\n%s", n, stdout)
	}
	if !strings.Contains(stderr, "4 warnings") || !strings.Contains(stderr, "(2 not listed)") {
		t.Errorf("summary %q does not count the unlisted problems", stderr)
	}
}
