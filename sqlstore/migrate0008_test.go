package sqlstore

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestMigration0008 applies 0008 (the negative-list answers and their
// confirmation) to a database holding a project and a step of its trail written
// before it: the new columns take their defaults, each changed row's new state
// is recorded in the same transaction, and the log verifies.
func TestMigration0008(t *testing.T) {
	ctx := context.Background()
	s := openBare(t)
	if _, err := s.migrateTo(ctx, 4); err != nil {
		t.Fatal(err)
	}
	writeOldLog(t, s)
	applied, err := s.migrateUpTo(ctx, 8)
	if err != nil || !slices.Contains(applied, "0008_negative_answers.sql") {
		t.Fatalf("migrate to 0008: %v, %v", applied, err)
	}
	for _, c := range []struct{ table, want string }{
		{"projects", `"negative_answers":{}`},
		{"project_reviews", `"negative_list_confirmed":false`},
	} {
		evs, err := s.FindEvents(ctx, EventFilter{ObjectType: c.table, ObjectID: "1", Limit: 1})
		if err != nil || len(evs) != 1 || evs[0].Action != "schema.upgrade" || !strings.Contains(string(evs[0].State), c.want) {
			t.Errorf("%s 1: latest event after 0008 %+v, %v; want schema.upgrade with %s", c.table, evs, err, c.want)
		}
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if rep, err := s.Verify(ctx, nil); err != nil || !rep.OK() {
		t.Fatalf("Verify after every migration = %+v, %v", rep, err)
	}
}
