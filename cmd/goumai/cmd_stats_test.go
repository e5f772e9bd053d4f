package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// `stats rebuild --check` compares the stored statistics with a recompute
// from the log and reports a cell changed behind goumai's back; without
// --check it rewrites them, red flags included. (sqlstore's TestStatsEqualRecompute checks a
// whole world's statistics.)
func TestStatsRebuild(t *testing.T) {
	db, run := migratedCmdDB(t)
	run(0, "stats rebuild --check OK", "stats", "rebuild", "--db", db, "--check")
	s := openSQLite(t, db)
	if _, err := s.DB().ExecContext(context.Background(), `INSERT INTO stat_cells (region, month, dim, key, n, amount)
		VALUES ('100000', '2026-03', 'total', 'projects', 1, 100)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	run(1, "100000 2026-03 total/projects: stored 1, 100 fen; recomputed 0, 0 fen", "stats", "rebuild", "--db", db, "--check")
	run(0, "cells recomputed from the log", "stats", "rebuild", "--db", db)
	run(0, "stats rebuild --check OK", "stats", "rebuild", "--db", db, "--check")
	// A red flag written behind the statistics' back: the check recomputes the red-flag dimension too.
	s = openSQLite(t, db)
	if _, err := s.DB().ExecContext(context.Background(), `INSERT INTO red_flags (indicator, ocid, subject, region, buyer_id, supplier_id,
		value, legal_basis, evidence, params_version, state, first_raised_at, updated_at, log_index)
		VALUES ('R018', 'ocds-gm0000-1', '', '330106', 'CN-USCC-X', '', 1, '', '{"releases":[],"detail":{"zh":"","en":""}}', 'v', 'active',
		'2026-03-02T02:00:00.000000Z', '2026-03-02T02:00:00.000000Z', 1)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	run(1, "330106 2026-03 red_flag/raised: stored 0, 0 fen; recomputed 1, 0 fen", "stats", "rebuild", "--db", db, "--check")
	run(0, "cells recomputed from the log", "stats", "rebuild", "--db", db)
	run(0, "stats rebuild --check OK", "stats", "rebuild", "--db", db, "--check")
	run(2, "usage", "stats", "rebuild", "--db", db, "extra-argument")
	run(2, "usage", "stats")
}

// migratedCmdDB migrates a new SQLite database and returns it with a runner
// that expects a command's exit code and a piece of its output.
func migratedCmdDB(t *testing.T) (string, func(wantCode int, want string, args ...string)) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "goumai.db")
	if code, _, errs := runCmd(t, nil, "migrate", "--db", db); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	return db, func(wantCode int, want string, args ...string) {
		t.Helper()
		code, out, errs := runCmd(t, nil, args...)
		if code != wantCode || !strings.Contains(out+errs, want) {
			t.Errorf("%v: exit %d, want %d with %q:\n%s%s", args, code, wantCode, want, out, errs)
		}
	}
}
