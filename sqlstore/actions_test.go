package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// TestRecordRefusesUnknownActions: an action that is not in goumai.EventActions
// cannot be recorded, so none can go undocumented; nothing is written.
func TestRecordRefusesUnknownActions(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		before, err := s.TreeSize(ctx)
		if err != nil {
			t.Fatal(err)
		}
		err = s.Update(ctx, func(tx *sqlstore.Tx) error {
			_, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "org.rename", Table: "regions", Key: "100000", Region: goumai.NationalCode})
			return err
		})
		if err == nil || !strings.Contains(err.Error(), "not in goumai.EventActions") {
			t.Errorf("recording an unknown action: %v", err)
		}
		if after, err := s.TreeSize(ctx); err != nil || after != before {
			t.Errorf("the log grew from %d to %d (%v)", before, after, err)
		}
	})
}
