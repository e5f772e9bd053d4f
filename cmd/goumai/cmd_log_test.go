package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/translog"
)

// TestLogVerifyCheckpoint checks `log verify --checkpoint`: a checkpoint saved
// earlier is extended by the grown log; a database restored to an earlier copy
// passes verify alone but fails against the newer checkpoint an auditor kept, as
// does a different history or an altered checkpoint; a URL works as a file does.
func TestLogVerifyCheckpoint(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "goumai.db")
	early := filepath.Join(dir, "early.db")
	if code, _, errs := runCmd(t, nil, "migrate", "--db", db); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	cp1 := saveCheckpoint(t, db, filepath.Join(dir, "cp1"))
	copySQLite(t, db, early)
	vkey := addOrg(t, db, "甲")
	cp2 := saveCheckpoint(t, db, filepath.Join(dir, "cp2"))

	verify := func(want string, wantCode int, args ...string) {
		t.Helper()
		code, out, errs := runCmd(t, nil, append([]string{"log", "verify", "--db", db}, args...)...)
		if code != wantCode || !strings.Contains(out+errs, want) {
			t.Errorf("verify %v: exit %d, want %d with %q:\n%s%s", args, code, wantCode, want, out, errs)
		}
	}
	verify("checkpoint OK", 0, "--checkpoint", cp1)
	verify("checkpoint OK", 0, "--checkpoint", cp2, "--key", vkey)

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/log/checkpoint" {
			http.NotFound(w, r)
			return
		}
		http.ServeFile(w, r, cp1)
	}))
	defer srv.Close()
	verify("checkpoint OK", 0, "--checkpoint", srv.URL+"/log/checkpoint")
	verify("404 Not Found", 1, "--checkpoint", srv.URL+"/nothing")
	verify("no such file", 1, "--checkpoint", filepath.Join(dir, "missing"))
	verify("--key needs --checkpoint", 2, "--key", vkey)

	_, other, err := translog.GenerateKey("goumai.local/log")
	if err != nil {
		t.Fatal(err)
	}
	verify("is not the key given", 1, "--checkpoint", cp2, "--key", other)
	altered := filepath.Join(dir, "altered")
	b, err := os.ReadFile(cp2)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(b), "\n", 3)
	lines[1] += "0" // another size under the same signature
	if err := os.WriteFile(altered, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	verify("not signed by the database's log key", 1, "--checkpoint", altered)

	// The database put back to the earlier copy: consistent with itself, so
	// verify alone passes; the checkpoint kept outside catches it.
	copySQLite(t, early, db)
	verify("log verify OK", 0)
	verify("restored to an earlier copy", 1, "--checkpoint", cp2)
	verify("checkpoint OK", 0, "--checkpoint", cp1)

	// A different history grown from the earlier copy.
	addOrg(t, db, "乙")
	saveCheckpoint(t, db, filepath.Join(dir, "cp3"))
	verify("does not extend the checkpoint", 1, "--checkpoint", cp2)
}

// saveCheckpoint signs a checkpoint with `goumai log checkpoint` and saves it.
func saveCheckpoint(t *testing.T, db, path string) string {
	t.Helper()
	code, out, errs := runCmd(t, nil, "log", "checkpoint", "--db", db)
	if code != 0 {
		t.Fatalf("log checkpoint: %s", errs)
	}
	if err := os.WriteFile(path, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// addOrg records a new organisation in the database and returns the log's verifier key.
func addOrg(t *testing.T, db, name string) string {
	t.Helper()
	ctx := context.Background()
	s := openSQLite(t, db)
	defer s.Close()
	err := s.Update(ctx, func(tx *sqlstore.Tx) error {
		id, err := tx.InsertOrg(ctx, goumai.Org{Name: name, Kind: goumai.KindSocialOrg, Region: "330106", Active: true})
		if err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "org.create", Table: "orgs", Key: id, Region: "330106", Public: true})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s.VerifierKey()
}

// openSQLite opens and migrates the SQLite database at path; the caller closes it.
func openSQLite(t *testing.T, path string) *sqlstore.Store {
	t.Helper()
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, sqlstore.DSN{Dialect: sqlstore.SQLite, Path: path}, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		s.Close()
		t.Fatal(err)
	}
	return s
}

// copySQLite copies a closed SQLite database (and its write-ahead log, if any).
func copySQLite(t *testing.T, from, to string) {
	t.Helper()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(from + suffix)
		if os.IsNotExist(err) {
			os.Remove(to + suffix)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}
