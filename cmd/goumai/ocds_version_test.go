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

func TestDeclaredVersion(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"version":"1.1","releases":[]}`, "1.1"},
		{`{"uri":"x","releases":[{"ocid":"a"}],"version":"1.0"}`, "1.0"}, // version after the releases
		{`{"uri":"x","releases":[{"ocid":"a","parties":[]}]}`, "1.0"},    // a package without version is 1.0
		{`{"records":[]}`, "1.0"},
		{`[{"ocid":"a","parties":[]}]`, "1.1"},
		{`[{"ocid":"a","awards":[]}]`, "1.0"},
		{"{\"ocid\":\"a\",\"parties\":[]}\n{\"ocid\":\"b\"}\n", "1.1"}, // JSON Lines: the first release decides
		{"{\"ocid\":\"a\"}\n{\"ocid\":\"b\",\"parties\":[]}\n", "1.0"},
		{`{"version":"1.2","releases":[]}`, "1.2"},
	} {
		got, err := declaredVersion(strings.NewReader(c.in))
		if err != nil || got != c.want {
			t.Errorf("declaredVersion(%s) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

// TestCompileFollowsDeclaredVersion: without --schema the merge uses the rules of
// the version the input declares, as ocdskit does: OCDS 1.0's awards.suppliers is
// merged as a whole list (fixture 1.0/suppliers of ocds-merge).
func TestCompileFollowsDeclaredVersion(t *testing.T) {
	dir := filepath.Join("..", "..", "ocds", "testdata", "merge-fixtures", "1.0")
	releases, err := os.ReadFile(filepath.Join(dir, "suppliers.json"))
	if err != nil {
		t.Fatal(err)
	}
	wantRaw, err := os.ReadFile(filepath.Join(dir, "suppliers-compiled.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want any
	if err := json.Unmarshal(wantRaw, &want); err != nil {
		t.Fatal(err)
	}
	pkg := func(version string) []byte {
		v := ""
		if version != "" {
			v = `"version":"` + version + `",`
		}
		return []byte(`{"uri":"https://example.org/p.json","publishedDate":"2020-01-01T00:00:00Z",` + v + `"releases":` + string(releases) + `}`)
	}
	tmp := t.TempDir()
	for _, c := range []struct {
		name  string
		input []byte
		file  bool
		same  bool // the output equals the 1.0 fixture
	}{
		{"package declaring 1.0, stdin", pkg("1.0"), false, true},
		{"package declaring 1.0, file", pkg("1.0"), true, true},
		{"package without version (1.0)", pkg(""), true, true},
		{"bare releases without parties (1.0)", releases, false, true},
		{"package declaring 1.1", pkg("1.1"), true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := []string{"ocds", "compile", "--lines"}
			var stdin *bytes.Reader = bytes.NewReader(c.input)
			if c.file {
				p := filepath.Join(tmp, strings.ReplaceAll(c.name, " ", "_")+".json")
				if err := os.WriteFile(p, c.input, 0o644); err != nil {
					t.Fatal(err)
				}
				args = append(args, p)
				stdin = bytes.NewReader(nil)
			}
			var out, errOut bytes.Buffer
			code := run(&env{ctx: context.Background(), args: args, stdin: stdin, stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }})
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut.String())
			}
			var got any
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatalf("output: %v\n%s", err, out.String())
			}
			if d := cmp.Diff(want, got); (d == "") != c.same {
				t.Errorf("same as the 1.0 fixture = %v, want %v\n%s", d == "", c.same, d)
			}
		})
	}
}
