package sqlstore

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestMigration0029 applies 0029 (the organisations' address and telephone)
// to a database holding an organisation written before it: the new columns
// take their defaults, the row's new state is recorded in the same
// transaction, and the log verifies.
func TestMigration0029(t *testing.T) {
	ctx := context.Background()
	s := openBare(t)
	if _, err := s.migrateTo(ctx, 4); err != nil {
		t.Fatal(err)
	}
	writeOldLog(t, s)
	applied, err := s.migrateUpTo(ctx, 29)
	if err != nil || !slices.Contains(applied, "0029_org_contact.sql") {
		t.Fatalf("migrate to 0029: %v, %v", applied, err)
	}
	evs, err := s.FindEvents(ctx, EventFilter{ObjectType: "orgs", ObjectID: "1", Limit: 1})
	if err != nil || len(evs) != 1 || evs[0].Action != "schema.upgrade" || !strings.Contains(string(evs[0].State), `"address":""`) {
		t.Errorf("orgs 1: latest event after 0029 %+v, %v; want schema.upgrade with an empty address", evs, err)
	}
	if rep, err := s.Verify(ctx, nil); err != nil || !rep.OK() {
		t.Fatalf("Verify after 0029 = %+v, %v", rep, err)
	}
}
