package sqlstore

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestMigration0030After0032: 0030 (the contracts) rebuilds no table, so a
// database that applied 0032 (the notices' kinds, 'contract' among them)
// before 0030 arrived takes it; the notices allow both the complaint decision
// and the contract notice in either order, and the log verifies.
func TestMigration0030After0032(t *testing.T) {
	ctx := context.Background()
	kinds := func(s *Store) string {
		t.Helper()
		var sql string
		if err := s.DB().QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'notices'`).Scan(&sql); err != nil {
			t.Fatal(err)
		}
		return sql
	}
	both := func(what, sql string) {
		t.Helper()
		if !strings.Contains(sql, "'complaint_decision'") || !strings.Contains(sql, "'contract'") {
			t.Errorf("%s: the notices' kinds lack one of complaint_decision and contract: %s", what, sql)
		}
	}
	// 0032 first, then 0030 and the rest.
	s := openBare(t)
	if _, err := s.migrateTo(ctx, 29); err != nil {
		t.Fatal(err)
	}
	ms, err := s.migrations()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(ms, func(m migration) bool { return m.version == 32 })
	if i < 0 {
		t.Fatal("no migration 0032")
	}
	if _, err := s.applyMigration(ctx, ms[i]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	both("0032 before 0030", kinds(s))
	if rep, err := s.Verify(ctx, nil); err != nil || !rep.OK() {
		t.Fatalf("Verify = %+v, %v", rep, err)
	}
	// In order.
	s = openBare(t)
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	both("in order", kinds(s))
}
