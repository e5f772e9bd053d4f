package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// TestSupplierDataVersion: every insert, update and delete of a row of the
// tables the supplier check and the signing key read bumps the supplier
// data's version, by trigger — even a write that goes round the store's own
// functions (raw SQL here); a new file row does not (it changes no evidence
// already read), nor does a write to another table. Inside a grouped
// transaction the version is read once, and read again once the transaction
// wrote a counted table (its own write bumped it).
func TestSupplierDataVersion(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		db := sqlstore.Writer(s)
		version := func() int64 {
			t.Helper()
			var v int64
			if err := s.ReadSnapshot(ctx, func(r *sqlstore.Snapshot) error {
				var err error
				v, err = r.SupplierDataVersion(ctx)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return v
		}
		now := "2026-03-02T01:00:00Z"
		sha := strings.Repeat("a", 64)
		var evID, listID, entryID int64
		steps := []struct {
			name  string
			bumps bool
			do    func() error
		}{
			{"insert orgs", true, func() error {
				_, err := db.ExecContext(ctx, `INSERT INTO orgs (id, name, kind, region, created_at) VALUES (9001, '触发器测试公司', 'enterprise', '330106', $1)`, now)
				return err
			}},
			{"insert files", false, func() error {
				_, err := db.ExecContext(ctx, `INSERT INTO files (sha256, size, content_type, content, created_at) VALUES ($1, 1, 'text/plain', $2, $3)`, sha, []byte("x"), now)
				return err
			}},
			{"insert supplier_evidence", true, func() error {
				return db.QueryRowContext(ctx, `INSERT INTO supplier_evidence (org_id, kind, title, file_sha256, file_name, valid_from, created_at)
					VALUES (9001, 'licence', '营业执照', $1, 'a.pdf', '2026-01-01', $2) RETURNING id`, sha, now).Scan(&evID)
			}},
			{"insert credit_lists", true, func() error {
				return db.QueryRowContext(ctx, `INSERT INTO credit_lists (kind, source_org_id, region, version, source, file_sha256, entries, imported_at)
					VALUES ('ban', 9001, '330106', 1, 'test', $1, 1, $2) RETURNING id`, sha, now).Scan(&listID)
			}},
			{"insert credit_list_entries", true, func() error {
				return db.QueryRowContext(ctx, `INSERT INTO credit_list_entries (list_id, row_no, credit_code, name, authority, doc_no, penalty, reason)
					VALUES ($1, 1, '91330106MA2B000001', '某公司', '某局', '第1号', '', '') RETURNING id`, listID).Scan(&entryID)
			}},
			{"insert signing_keys", true, func() error {
				_, err := db.ExecContext(ctx, `INSERT INTO signing_keys (id, org_id, algorithm, public_key, label, created_at) VALUES ($1, 9001, 'ed25519', 'AAAA', 'k', $2)`, strings.Repeat("b", 64), now)
				return err
			}},
			{"update orgs", true, exec(ctx, db, `UPDATE orgs SET name = '触发器测试公司二' WHERE id = 9001`)},
			{"update files", true, exec(ctx, db, `UPDATE files SET content_type = 'application/pdf' WHERE sha256 = $1`, sha)},
			{"update supplier_evidence", true, func() error {
				return exec(ctx, db, `UPDATE supplier_evidence SET title = '执照' WHERE id = $1`, evID)()
			}},
			{"update credit_lists", true, func() error {
				return exec(ctx, db, `UPDATE credit_lists SET source = 'test 2' WHERE id = $1`, listID)()
			}},
			{"update credit_list_entries", true, func() error {
				return exec(ctx, db, `UPDATE credit_list_entries SET reason = '失信' WHERE id = $1`, entryID)()
			}},
			{"update signing_keys", true, exec(ctx, db, `UPDATE signing_keys SET revoked_at = $1 WHERE id = $2`, now, strings.Repeat("b", 64))},
			{"delete signing_keys", true, exec(ctx, db, `DELETE FROM signing_keys WHERE id = $1`, strings.Repeat("b", 64))},
			{"delete credit_list_entries", true, func() error { return exec(ctx, db, `DELETE FROM credit_list_entries WHERE id = $1`, entryID)() }},
			{"delete credit_lists", true, func() error { return exec(ctx, db, `DELETE FROM credit_lists WHERE id = $1`, listID)() }},
			{"delete supplier_evidence", true, func() error { return exec(ctx, db, `DELETE FROM supplier_evidence WHERE id = $1`, evID)() }},
			{"delete files", true, exec(ctx, db, `DELETE FROM files WHERE sha256 = $1`, sha)},
			{"delete orgs", true, exec(ctx, db, `DELETE FROM orgs WHERE id = 9001`)},
			{"insert fed_credit_lists", true, exec(ctx, db, `INSERT INTO fed_credit_lists (publisher, list_id, kind, current, log_index) VALUES ('jiangsu', 1, 'ban', TRUE, 7)`)},
			{"insert fed_credit_entries", true, exec(ctx, db, `INSERT INTO fed_credit_entries (publisher, entry_id, list_id, log_index, credit_code, name, state)
				VALUES ('jiangsu', 1, 1, 7, '91330106MA2XXXXX0X', '触发器测试公司', '{}')`)},
			{"update fed_credit_lists", true, exec(ctx, db, `UPDATE fed_credit_lists SET current = FALSE WHERE publisher = 'jiangsu'`)},
			{"delete fed_credit_entries", true, exec(ctx, db, `DELETE FROM fed_credit_entries WHERE publisher = 'jiangsu'`)},
			{"delete fed_credit_lists", true, exec(ctx, db, `DELETE FROM fed_credit_lists WHERE publisher = 'jiangsu'`)},
			{"a write to another table", false, exec(ctx, db, `DELETE FROM sessions WHERE 1 = 0`)},
		}
		for _, st := range steps {
			before := version()
			if err := st.do(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if after := version(); (after > before) != st.bumps {
				t.Errorf("%s: version %d → %d; bumps %v", st.name, before, after, st.bumps)
			}
		}

		// In a grouped transaction: once, then again after its own write.
		var first, memo, afterWrite int64
		err := s.UpdateGrouped(ctx, "version", func(tx *sqlstore.Tx) error {
			var err error
			if first, err = tx.SupplierDataVersion(ctx); err != nil {
				return err
			}
			if memo, err = tx.SupplierDataVersion(ctx); err != nil {
				return err
			}
			if _, err := tx.InsertOrg(ctx, goumai.Org{Name: "杭州版本测试有限公司", Kind: goumai.KindEnterprise, Region: "330106", Active: true}); err != nil {
				return err
			}
			afterWrite, err = tx.SupplierDataVersion(ctx)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if memo != first || afterWrite <= first {
			t.Errorf("grouped: %d, %d, after its own write %d; want the same twice, then more", first, memo, afterWrite)
		}
	})
}

// exec is a step that runs one statement.
func exec(ctx context.Context, db *sql.DB, q string, args ...any) func() error {
	return func() error {
		_, err := db.ExecContext(ctx, q, args...)
		return err
	}
}

// TestReadSnapshotVersion: the reads of a snapshot see the supplier data as
// of the version it returns. A write to that data committed while it reads
// is not seen by it (SQLite: one read transaction) or makes it fail with
// ErrSnapshotMoved (PostgreSQL: the version read before and after differ);
// a write to another table changes nothing.
func TestReadSnapshotVersion(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		db := sqlstore.Writer(s)
		now := "2026-03-02T01:00:00.000000Z"
		if _, err := db.ExecContext(ctx, `INSERT INTO orgs (id, name, kind, region, created_at) VALUES (9101, '快照测试公司', 'enterprise', '330106', $1)`, now); err != nil {
			t.Fatal(err)
		}
		read := func(write string) (v int64, name string, err error) {
			err = s.ReadSnapshot(ctx, func(r *sqlstore.Snapshot) error {
				var err error
				if v, err = r.SupplierDataVersion(ctx); err != nil {
					return err
				}
				if _, err := db.ExecContext(ctx, write); err != nil {
					t.Fatal(err)
				}
				o, err := r.Org(ctx, 9101)
				name = o.Name
				return err
			})
			return v, name, err
		}
		v1, name, err := read(`UPDATE orgs SET name = '快照测试公司（改）' WHERE id = 9101`)
		switch {
		case s.Dialect() == sqlstore.Postgres && !errors.Is(err, sqlstore.ErrSnapshotMoved):
			t.Errorf("a write to the supplier data during the read: %v, want ErrSnapshotMoved", err)
		case s.Dialect() != sqlstore.Postgres && (err != nil || name != "快照测试公司"):
			t.Errorf("a write to the supplier data during the read: name %q, %v; want the name as of the snapshot", name, err)
		}
		v2, name, err := read(`INSERT INTO files (sha256, size, content_type, content, created_at) VALUES ('` + strings.Repeat("b", 64) + `', 1, 'text/plain', 'x', '` + now + `')`)
		if err != nil || name != "快照测试公司（改）" || v2 <= v1 {
			t.Errorf("a write elsewhere during the read: version %d (before %d), name %q, %v; want the new name and a later version", v2, v1, name, err)
		}
	})
}
