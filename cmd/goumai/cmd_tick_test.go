package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestTick: the demo world written as of 2 March 2026 holds procedures open
// for bids, a single-source publicity, a prequalification and an approval
// request with deadlines
// in March 2026; goumai tick, on the wall clock (later), applies them all,
// a second run finds nothing, and the log verifies.
func TestTick(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "goumai.db")
	s, err := sqlstore.Open(ctx, sqlstore.DSN{Dialect: sqlstore.SQLite, Path: db}, sqlstore.Options{Clock: goumai.NewFakeClock(sqltest.Start)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, workflow.New(s)); err != nil {
		t.Fatal(err)
	}
	open, err := s.FindProcurements(ctx, sqlstore.ProcurementFilter{Statuses: []goumai.ProcurementStatus{goumai.ProcTendering, goumai.ProcPublicity, goumai.ProcPrequal}, Limit: 50})
	if err != nil || len(open) != 4 {
		t.Fatalf("open procedures before the tick: %d %v", len(open), err)
	}
	s.Close()

	code, out, errs := runCmd(t, nil, "tick", "--db", db)
	if code != 0 || !strings.HasPrefix(out, "6 procedures moved") {
		t.Fatalf("tick: exit %d, %q %q; want 6 moved (two closed and opened, a publicity and a prequalification ended, an approval and a challenge's answer overdue)", code, out, errs)
	}
	if code, out, errs := runCmd(t, nil, "tick", "--db", db); code != 0 || !strings.HasPrefix(out, "0 procedures moved") {
		t.Fatalf("second tick: exit %d, %q %q", code, out, errs)
	}
	if code, out, errs := runCmd(t, nil, "log", "verify", "--db", db); code != 0 {
		t.Fatalf("log verify: %d %s %s", code, out, errs)
	}
	if code, _, errs := runCmd(t, nil, "tick", "--db", db, "extra"); code != 2 || !strings.Contains(errs, "unexpected argument") {
		t.Errorf("tick with an argument: %d %q", code, errs)
	}
}
