package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/sqlstore"
)

// TestMain lets a test run the goumai command in a child process (the test
// binary itself), so that a test can kill it at any moment.
func TestMain(m *testing.M) {
	if args := os.Getenv("GOUMAI_TEST_CHILD_ARGS"); args != "" {
		os.Exit(run(&env{ctx: context.Background(), args: strings.Split(args, "\x1f"), stdin: os.Stdin,
			stdout: os.Stdout, stderr: os.Stderr, getenv: func(string) string { return "" }}))
	}
	os.Exit(m.Run())
}

// TestKillDuringWrites kills `goumai demo --scale` with SIGKILL while it writes,
// three times, each once the child has committed more batches than the time
// before, and checks that the database stays consistent: `log verify` passes
// after each kill, keeps every event committed before it, and the next run
// continues.
func TestKillDuringWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "crash.db")
	if code, out, errs := runCmd(t, nil, "demo", "--db", db); code != 0 {
		t.Fatalf("demo: %d %s %s", code, out, errs)
	}
	s, err := sqlstore.Open(ctx, sqlstore.DSN{Dialect: sqlstore.SQLite, Path: db}, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	eventsRE := regexp.MustCompile(`OK: (\d+) events`)
	for i := range 3 {
		before, err := s.TreeSize(ctx)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "GOUMAI_TEST_CHILD_ARGS="+strings.Join([]string{"demo", "--db", db, "--scale", "100000", "--seed", "9"}, "\x1f"))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// A test that fails before the kill leaves no child behind; after the
		// kill this finds the process gone (os.ErrProcessDone), as it should.
		defer func() { _ = cmd.Process.Kill() }()
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		// Kill once the log has grown by more than i batches, i.e. after i+1
		// transactions of the child have committed.
		committed := waitForTreeSize(t, s, before+int64(i*demo.DefaultBatch)+1, exited)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		err = <-exited
		if st, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !st.Signaled() {
			t.Fatalf("kill %d: the child was not killed mid-way (%v)", i, err)
		}
		code, out, errs := runCmd(t, nil, "log", "verify", "--db", db)
		if code != 0 {
			t.Fatalf("after kill %d: log verify exit %d:\n%s%s", i, code, out, errs)
		}
		m := eventsRE.FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("unexpected verify output %q", out)
		}
		if n, err := strconv.ParseInt(m[1], 10, 64); err != nil || n < committed {
			t.Fatalf("after kill %d: log verify counts %s events; %d had committed before the kill", i, m[1], committed)
		}
	}
}

// waitForTreeSize polls the log of s until it has at least n events and
// returns its size, failing the test if the child exits first or the log
// does not grow within a minute.
func waitForTreeSize(t *testing.T, s *sqlstore.Store, n int64, exited <-chan error) int64 {
	t.Helper()
	deadline := time.After(time.Minute)
	poll := time.NewTicker(10 * time.Millisecond)
	defer poll.Stop()
	for {
		size, err := s.TreeSize(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if size >= n {
			return size
		}
		select {
		case err := <-exited:
			t.Fatalf("the child exited (%v) before the log reached %d events (it has %d)", err, n, size)
		case <-deadline:
			t.Fatalf("the log did not reach %d events within a minute (it has %d)", n, size)
		case <-poll.C:
		}
	}
}
