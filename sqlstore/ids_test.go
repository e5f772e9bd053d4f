package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// keyedByGoumai are the tables whose integer key goumai assigns itself: the
// leaf index, the single row 1, the tree size, the migration number.
// SQLite's FTS5 keeps the search index and the policy library's in shadow
// tables of its own (search.go, policies.go).
var keyedByGoumai = map[string]bool{"events": true, "log_head": true, "log_key": true, "log_checkpoints": true, "schema_migrations": true,
	"ocds_publisher": true, "search_fts_data": true, "search_fts_content": true, "search_fts_docsize": true,
	"policy_fts_data": true, "policy_fts_content": true, "policy_fts_docsize": true, // the policy library's FTS5 shadow tables
	"supplier_data_version": true} // the single row 1 (migration 0050)

// TestIDsNeverReused checks that a deleted id is never given to a new object
// (AUTOINCREMENT on SQLite, identity sequences on PostgreSQL) and that verify
// refuses a history in which one id names two objects.
func TestIDsNeverReused(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		t.Run("every id the database assigns comes from a sequence", func(t *testing.T) {
			keys, err := generatedKeys(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			if len(keys) < 15 {
				t.Fatalf("found only %d tables with generated ids: %v", len(keys), keys)
			}
			for table, fromSequence := range keys {
				if !fromSequence {
					t.Errorf("%s: its id is not drawn from a sequence (AUTOINCREMENT on SQLite, an identity on PostgreSQL)", table)
				}
			}
		})

		t.Run("the event of a new object says it created it", func(t *testing.T) {
			var id int64
			err := s.Update(ctx, func(tx *sqlstore.Tx) error {
				o := goumai.Org{Name: "新建", Kind: goumai.KindSocialOrg, Region: "330106", Active: true}
				var err error
				if o.ID, err = tx.InsertOrg(ctx, o); err != nil {
					return err
				}
				id, o.Name = o.ID, "新建后改名" // written again before it is recorded: still its creation
				if err := tx.UpdateOrg(ctx, o); err != nil {
					return err
				}
				_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "org.create", Table: "orgs", Key: id, Region: "330106", Public: true})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			evs, err := s.FindEvents(ctx, sqlstore.EventFilter{ObjectType: "orgs", ObjectID: fmt.Sprint(id)})
			if err != nil || len(evs) != 1 || !evs[0].Created || !strings.Contains(string(evs[0].LeafData()), `"created":true`) {
				t.Fatalf("events of the new org: %+v, %v", evs, err)
			}
			if _, err := s.DB().ExecContext(ctx, `UPDATE events SET created = $1 WHERE id = $2`, false, evs[0].ID); err != nil {
				t.Fatal(err)
			}
			wantProblems(t, s, fmt.Sprintf("events: event %d does not match its leaf hash", evs[0].ID))
			if _, err := s.DB().ExecContext(ctx, `UPDATE events SET created = $1 WHERE id = $2`, true, evs[0].ID); err != nil {
				t.Fatal(err)
			}
		})

		first := mustOrg(t, s, goumai.Org{Name: "第一", Kind: goumai.KindSocialOrg, Region: "330106", Active: true})
		highest := mustOrg(t, s, goumai.Org{Name: "最高", Kind: goumai.KindSocialOrg, Region: "330106", Active: true})
		if highest <= first {
			t.Fatalf("ids %d then %d", first, highest)
		}
		t.Run("deleting the highest row behind goumai's back frees no id", func(t *testing.T) {
			if _, err := s.DB().ExecContext(ctx, `DELETE FROM orgs WHERE id = $1`, highest); err != nil {
				t.Fatal(err)
			}
			next := mustOrg(t, s, goumai.Org{Name: "其后", Kind: goumai.KindSocialOrg, Region: "330106", Active: true})
			if next == highest {
				t.Errorf("the new org got id %d, the deleted org's", next)
			}
			wantProblems(t, s, fmt.Sprintf("orgs %d: row is missing but event", highest))
		})
		t.Run("verify refuses an id created twice", func(t *testing.T) {
			// The tampering AUTOINCREMENT alone cannot stop: delete the highest
			// row and set the sequence back.
			last := mustOrg(t, s, goumai.Org{Name: "最后", Kind: goumai.KindSocialOrg, Region: "330106", Active: true})
			if _, err := s.DB().ExecContext(ctx, `DELETE FROM orgs WHERE id = $1`, last); err != nil {
				t.Fatal(err)
			}
			resetSequence(t, s, "orgs", last-1)
			again := mustOrg(t, s, goumai.Org{Name: "冒名", Kind: goumai.KindSocialOrg, Region: "330106", Active: true})
			if again != last {
				t.Fatalf("after resetting the sequence the new org got id %d, want %d", again, last)
			}
			wantProblems(t, s, fmt.Sprintf("orgs %d: event", last), "creates it again", "its id was reused")
		})
		t.Run("verify refuses an object that continues after its deletion", func(t *testing.T) {
			put := func(min goumai.Fen) int64 {
				var id int64
				err := s.Update(ctx, func(tx *sqlstore.Tx) error {
					var err error
					id, err = tx.PutReviewChain(ctx, goumai.ReviewChain{Region: "330106", MinAmount: min, Steps: goumai.DefaultReviewChain})
					if err != nil {
						return err
					}
					_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "review.chain_set", Table: "review_chains", Key: id, Region: "330106", Public: true})
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				return id
			}
			put(0)
			id := put(100)
			err := s.Update(ctx, func(tx *sqlstore.Tx) error {
				if err := tx.DeleteReviewChain(ctx, id); err != nil {
					return err
				}
				_, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "review.chain_delete", Table: "review_chains", Key: id, Region: "330106", Public: true})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			resetSequence(t, s, "review_chains", id-1)
			if again := put(200); again != id {
				t.Fatalf("after resetting the sequence the new chain got id %d, want %d", again, id)
			}
			wantProblems(t, s, fmt.Sprintf("review_chains %d: event", id), "after event", "deleted it: its id was reused")
		})
	})
}

// wantProblems checks that Verify reports a problem containing every part.
func wantProblems(t *testing.T, s *sqlstore.Store, parts ...string) {
	t.Helper()
	rep, err := s.Verify(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		found := true
		for _, part := range parts {
			found = found && strings.Contains(p, part)
		}
		if found {
			return
		}
	}
	t.Errorf("verify problems %q; want one containing %q", rep.Problems, parts)
}

// resetSequence sets a table's id sequence so that the next id is to+1.
func resetSequence(t *testing.T, s *sqlstore.Store, table string, to int64) {
	t.Helper()
	q := `UPDATE sqlite_sequence SET seq = $1 WHERE name = $2`
	if s.Dialect() == sqlstore.Postgres {
		q = `SELECT setval(pg_get_serial_sequence($2, 'id'), $1)`
	}
	if _, err := s.DB().ExecContext(context.Background(), q, to, table); err != nil {
		t.Fatal(err)
	}
}

// generatedKeys finds every table whose single-column integer primary key is
// assigned by the database (not a reference to another table, not one of
// keyedByGoumai) and reports whether it is drawn from a sequence that never
// hands out a value twice.
func generatedKeys(ctx context.Context, s *sqlstore.Store) (map[string]bool, error) {
	q := `SELECT m.name, p.name, m.sql LIKE '%AUTOINCREMENT%'
		FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND p.pk = 1 AND upper(p.type) = 'INTEGER'
		  AND NOT EXISTS (SELECT 1 FROM pragma_table_info(m.name) p2 WHERE p2.pk > 1)
		  AND NOT EXISTS (SELECT 1 FROM pragma_foreign_key_list(m.name) f WHERE f."from" = p.name)`
	if s.Dialect() == sqlstore.Postgres {
		q = `SELECT c.relname, a.attname, pg_get_serial_sequence(c.oid::regclass::text, a.attname) IS NOT NULL
		FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
		WHERE i.indisprimary AND i.indnatts = 1 AND c.relnamespace = current_schema()::regnamespace
		  AND a.atttypid IN ('bigint'::regtype, 'integer'::regtype)
		  AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conrelid = c.oid AND a.attnum = ANY (f.conkey))`
	}
	rows, err := s.DB().QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var table, col string
		var seq sql.NullBool
		if err := rows.Scan(&table, &col, &seq); err != nil {
			return nil, err
		}
		if !keyedByGoumai[table] {
			out[table] = seq.Bool
		}
	}
	return out, rows.Err()
}
