package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goumai/goumai/demo"
)

// runDemoCmd runs "goumai demo" with the given flags, without environment.
func runDemoCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(&env{ctx: context.Background(), args: append([]string{"demo"}, args...), stdin: strings.NewReader(""),
		stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }})
	return code, out.String(), errOut.String()
}

func TestDemoCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")

	code, stdout, stderr := runDemoCmd(t, "--db", db)
	if code != 0 || stderr != "" {
		t.Fatalf("first run: exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"Loaded the demo world", "password " + demo.Password, "zj.admin", "浙江省财政厅", "finance_reviewer", "（注册待审核）"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("first run: output lacks %q:\n%s", want, stdout)
		}
	}

	code, stdout, stderr = runDemoCmd(t, "--db", "sqlite:"+db, "--scale", "25", "--seed", "7")
	if code != 0 || stderr != "" {
		t.Fatalf("second run: exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"already has organisations", "Added 25 organisations and 25 users", "mof.admin"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("second run: output lacks %q:\n%s", want, stdout)
		}
	}

	ctx := context.Background()
	s := openSQLite(t, db)
	defer s.Close()
	rep, err := s.Verify(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Unsigned != 0 {
		t.Errorf("verify after demo: %d unsigned events, problems %q", rep.Unsigned, rep.Problems)
	}
	want := int64(len(demo.List()) + 25)
	var users int64
	if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&users); err != nil {
		t.Fatal(err)
	}
	if users != want {
		t.Errorf("%d users, want %d", users, want)
	}
}

func TestDemoCommandBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--scale", "-1"},
		{"--scale", "many"},
		{"--db", "mysql://localhost/goumai"},
	} {
		code, stdout, stderr := runDemoCmd(t, args...)
		if code == 0 || stdout != "" || strings.Count(stderr, "\n") != 1 {
			t.Errorf("goumai demo %q: exit %d, stdout %q, stderr %q; want non-zero and one line on stderr", args, code, stdout, stderr)
		}
	}
}
