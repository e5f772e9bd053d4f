package sqlstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// The releases the store published while the demo world was written, event by
// event inside their transactions, are exactly those recomputed from the log
// alone; a release changed behind goumai's back is reported, by the rebuild
// and by log verify, and a rewrite restores it.
func TestRebuildReleasesDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo world")
	}
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			ctx := context.Background()
			s := loadDemoWorld(t, db)
			rep, err := s.RebuildReleases(ctx, false)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Releases < 100 || rep.Stored != rep.Releases {
				t.Fatalf("%d releases from the log, %d stored", rep.Releases, rep.Stored)
			}
			for _, d := range rep.Diffs {
				t.Errorf("%s", d)
			}
			if t.Failed() {
				t.FailNow()
			}

			// Tamper with one release and delete another.
			var changed, deleted int64
			sqltest.Must(t, s.DB().QueryRowContext(ctx, `SELECT MIN(log_index), MAX(log_index) FROM ocds_releases`).Scan(&changed, &deleted))
			if _, err := s.DB().ExecContext(ctx, `UPDATE ocds_releases SET body = REPLACE(body, '"zh"', '"en"') WHERE log_index = $1`, changed); err != nil {
				t.Fatal(err)
			}
			if _, err := s.DB().ExecContext(ctx, `DELETE FROM ocds_releases WHERE log_index = $1`, deleted); err != nil {
				t.Fatal(err)
			}
			rep, err = s.RebuildReleases(ctx, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Diffs) != 2 || rep.Diffs[0].LogIndex != changed || rep.Diffs[0].Kind != "different" ||
				!strings.Contains(rep.Diffs[0].Detail, "body") || rep.Diffs[1].LogIndex != deleted || rep.Diffs[1].Kind != "missing" {
				t.Fatalf("after tampering: %v", rep.Diffs)
			}
			vr, err := s.Verify(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			found := 0
			for _, p := range vr.Problems {
				if strings.Contains(p, "ocds release of event") {
					found++
				} else {
					t.Errorf("log verify: %s", p)
				}
			}
			if found != 2 {
				t.Errorf("log verify reports %d release problems, want 2: %v", found, vr.Problems)
			}

			// The rewrite restores them; afterwards the check finds nothing.
			if rep, err = s.RebuildReleases(ctx, true); err != nil || !rep.Rewritten || len(rep.Diffs) != 2 {
				t.Fatalf("rewrite: %v, %+v", err, rep)
			}
			if rep, err = s.RebuildReleases(ctx, false); err != nil || !rep.OK() {
				t.Fatalf("after the rewrite: %v, %v", err, rep.Diffs)
			}

			// A database from before releases were published: log verify says
			// so once, and the rewrite writes them all.
			if _, err := s.DB().ExecContext(ctx, `DELETE FROM ocds_releases`); err != nil {
				t.Fatal(err)
			}
			if vr, err = s.Verify(ctx, nil); err != nil || len(vr.Problems) != 1 || !strings.Contains(vr.Problems[0], "none stored") {
				t.Fatalf("log verify without releases: %v, %v", err, vr.Problems)
			}
			all := rep.Releases
			if rep, err = s.RebuildReleases(ctx, true); err != nil || rep.Stored != 0 || len(rep.Diffs) != all || rep.Diffs[0].Kind != "missing" {
				t.Fatalf("rewrite of an empty table: %v, %d stored, %d differences for %d releases", err, rep.Stored, len(rep.Diffs), all)
			}
			if rep, err = s.RebuildReleases(ctx, false); err != nil || !rep.OK() || rep.Stored != all {
				t.Fatalf("after rewriting all: %v, %v", err, rep.Diffs)
			}
		})
	}
}

// The publisher reads an object as the log recorded it at the event
// published, not as a later event of the same transaction left its row: an
// organisation renamed after an event of it, in the same transaction, keeps
// its former name for that event.
func TestPublishLookupAtEvent(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		var id int64
		err := s.Update(ctx, func(tx *sqlstore.Tx) error {
			o := goumai.Org{Name: "甲社会服务中心", Kind: goumai.KindSocialOrg, Region: "330106", Active: true}
			var err error
			if o.ID, err = tx.InsertOrg(ctx, o); err != nil {
				return err
			}
			id = o.ID
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "org.create", Table: "orgs", Key: o.ID, Region: "330106", Public: true}); err != nil {
				return err
			}
			o.Name = "乙社会服务中心"
			if err := tx.UpdateOrg(ctx, o); err != nil {
				return err
			}
			_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "org.update", Table: "orgs", Key: o.ID, Region: "330106", Public: true})
			return err
		})
		sqltest.Must(t, err)
		var first, second int64
		sqltest.Must(t, s.DB().QueryRowContext(ctx, `SELECT MIN(id), MAX(id) FROM events WHERE object_type = 'orgs' AND object_id = $1`, fmt.Sprint(id)).Scan(&first, &second))
		if first == second {
			t.Fatalf("one event of the organisation")
		}
		sqltest.Must(t, s.Update(ctx, func(tx *sqlstore.Tx) error {
			for at, want := range map[int64]string{first: "甲社会服务中心", second: "乙社会服务中心", first - 1: ""} {
				st, err := sqlstore.PublishStateAt(ctx, tx, at, "orgs", id)
				if err != nil {
					return err
				}
				var o struct{ Name string }
				if st != nil {
					if err := json.Unmarshal(st, &o); err != nil {
						return err
					}
				}
				if o.Name != want {
					t.Errorf("at event %d: %q, want %q", at, o.Name, want)
				}
			}
			return nil
		}))
	})
}
