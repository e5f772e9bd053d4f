package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/translog"
)

// oldRows fills a database migrated to 0004 with at least one row of every
// table that migration 0005 rebuilds; each is followed by the table it is in and
// its key, so that its event can be recorded.
var oldRows = []struct {
	table string
	key   any
	sql   string
}{
	{"regions", "100000", `INSERT INTO regions (code, name, level, parent) VALUES ('100000', '全国', 0, NULL)`},
	{"regions", "330000", `INSERT INTO regions (code, name, level, parent) VALUES ('330000', '浙江省', 1, '100000')`},
	{"regions", "330100", `INSERT INTO regions (code, name, level, parent) VALUES ('330100', '杭州市', 2, '330000')`},
	{"regions", "330106", `INSERT INTO regions (code, name, level, parent) VALUES ('330106', '西湖区', 3, '330100')`},
	{"orgs", 1, `INSERT INTO orgs (id, name, kind, staffing, region, finance_dept, created_at) VALUES (1, '浙江省财政厅', 'state_organ', 'administrative', '330000', 1, $1)`},
	{"orgs", 2, `INSERT INTO orgs (id, name, kind, region, parent_id, created_at) VALUES (2, '西湖区民政局', 'state_organ', '330106', 1, $1)`},
	{"users", 1, `INSERT INTO users (id, username, display_name, created_at) VALUES (1, 'zj.admin', '管理员', $1)`},
	{"users", 2, `INSERT INTO users (id, username, display_name, created_at) VALUES (2, 'xihu', '西湖', $1)`},
	{"credentials", 1, `INSERT INTO credentials (user_id, password_hash, changed_at) VALUES (1, 'x', $1)`},
	{"memberships", 1, `INSERT INTO memberships (id, user_id, org_id, role) VALUES (1, 1, 1, 'admin')`},
	{"memberships", 2, `INSERT INTO memberships (id, user_id, org_id, role) VALUES (2, 2, 2, 'purchaser_staff')`},
	{"memberships", 3, `INSERT INTO memberships (id, user_id, org_id, role) VALUES (3, 2, 2, 'purchaser_approver')`},
	{"memberships", 3, `DELETE FROM memberships WHERE id = 3`}, // the highest id, deleted and logged: never to be given again
	{"catalog_versions", 1, `INSERT INTO catalog_versions (id, region, number, title, status, effective_from, created_at) VALUES (1, '330000', 1, '目录', 'published', '2026-01-01', $1)`},
	{"catalog_items", 1, `INSERT INTO catalog_items (id, version_id, code, level, name, class) VALUES (1, 1, 'A', 1, '养老服务', 'public_service')`},
	{"catalog_reviews", 1, `INSERT INTO catalog_reviews (id, version_id, action, actor, actor_name, org_name, at) VALUES (1, 1, 'create', 'zj.admin', '管理员', '浙江省财政厅', $1)`},
	{"catalog_suggestions", 1, `INSERT INTO catalog_suggestions (id, region, title, body, submitter, status, created_at) VALUES (1, '330000', '建议', '内容', '张三', 'open', $1)`},
	{"catalog_suggestion_contacts", 1, `INSERT INTO catalog_suggestion_contacts (suggestion_id, contact) VALUES (1, 'zhang@example.cn')`},
	{"budget_lines", 1, `INSERT INTO budget_lines (id, org_id, region, fiscal_year, name, created_at) VALUES (1, 2, '330106', 2026, '养老', $1)`},
	{"budget_lines", 2, `INSERT INTO budget_lines (id, org_id, region, fiscal_year, name, created_at) VALUES (2, 2, '330106', 2026, '助残', $1)`},
	{"budget_balances", 1, `INSERT INTO budget_balances (line_id, appropriated, entries) VALUES (1, 900, 2)`},
	{"budget_balances", 2, `INSERT INTO budget_balances (line_id, appropriated, entries) VALUES (2, 100, 1)`},
	{"budget_transfers", 1, `INSERT INTO budget_transfers (id, from_line, to_line, amount, at) VALUES (1, 1, 2, 100, $1)`},
	{"ledger_entries", 1, `INSERT INTO ledger_entries (id, line_id, kind, amount, actor, at) VALUES (1, 1, 'appropriate', 1000, 'zj.admin', $1)`},
	{"ledger_entries", 2, `INSERT INTO ledger_entries (id, line_id, kind, amount, transfer_id, actor, at) VALUES (2, 1, 'transfer_out', 100, 1, 'zj.admin', $1)`},
	{"ledger_entries", 3, `INSERT INTO ledger_entries (id, line_id, kind, amount, transfer_id, actor, at) VALUES (3, 2, 'transfer_in', 100, 1, 'zj.admin', $1)`},
	{"reform_functions", 1, `INSERT INTO reform_functions (id, org_id, region, name, catalog_code, transfer_id, created_at) VALUES (1, 2, '330106', '职能', 'A', 1, $1)`},
	{"projects", 1, `INSERT INTO projects (id, code, purchaser_org_id, region, budget_line_id, status, created_by, created_at, updated_at) VALUES (1, 'GM-330106-2026-0001', 2, '330106', 1, 'draft', 2, $1, $1)`},
	{"project_counters", "330106-2026", `INSERT INTO project_counters (scope, last) VALUES ('330106-2026', 1)`},
	{"project_reviews", 1, `INSERT INTO project_reviews (id, project_id, step, actor_user_id, actor_name, org_id, action, at) VALUES (1, 1, 0, 2, '西湖', 2, 'submit', $1)`},
	{"review_chains", 1, `INSERT INTO review_chains (id, region, min_amount, steps, updated_at) VALUES (1, '330106', 0, '[]', $1)`},
	{"unit_cost_standards", 1, `INSERT INTO unit_cost_standards (id, region, catalog_code, max_unit_cost, effective_from) VALUES (1, '330106', 'A', 100, '2026-01-01')`},
}

// oldEventCols are the events' columns before migration 0005.
const oldEventCols = `id, at, actor_user_id, actor, org_id, region, action, object_type, object_id, public, state, hashes`

// TestMigration0005 applies migration 0005 to a database built by migrations
// 0001–0004 holding data and a log written as goumai wrote it then: every id and
// row is kept, foreign keys, CHECKs, indexes and triggers are exactly as before,
// the ids SQLite assigns are never reused (not even an id the log alone still
// names), and the log verifies.
func TestMigration0005(t *testing.T) {
	ctx := context.Background()
	s := openBare(t)
	if _, err := s.migrateTo(ctx, 4); err != nil {
		t.Fatal(err)
	}
	size := writeOldLog(t, s)
	before := snapshot(t, s.w, size)

	applied, err := s.migrateUpTo(ctx, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) != 1 || !strings.HasPrefix(applied[0], "0005_") {
		t.Fatalf("applied %v, want only 0005", applied)
	}
	after := snapshot(t, s.w, size)
	for k, want := range before {
		if got := after[k]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s changed:\nbefore %v\nafter  %v", k, want, got)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			t.Errorf("%s appeared", k)
		}
	}
	// Verify reads tables as the newest migration shapes them: it runs once all are applied, below.

	var fk int
	if err := s.w.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign keys after the migration: %d, %v; want back on", fk, err)
	}
	if _, err := s.w.ExecContext(ctx, `INSERT INTO memberships (user_id, org_id, role) VALUES (1, 99, 'admin')`); err == nil {
		t.Error("a membership of a missing org was stored: foreign keys lost")
	}
	var seq int64
	if err := s.w.QueryRowContext(ctx, `SELECT seq FROM sqlite_sequence WHERE name = 'memberships'`).Scan(&seq); err != nil || seq != 3 {
		t.Errorf("memberships sequence = %d, %v; want 3, the deleted id the log names", seq, err)
	}
	var id int64
	err = s.Update(ctx, func(tx *Tx) error {
		var err error
		id, err = tx.InsertMembership(ctx, goumai.Membership{UserID: 1, OrgID: 2, Role: goumai.RoleAuditor})
		if err != nil {
			return err
		}
		_, err = tx.Record(ctx, Change{Actor: goumai.System, Action: "membership.create", Table: "memberships", Key: id, Region: "330106"})
		return err
	})
	if err != nil || id != 4 {
		t.Errorf("new membership id %d, %v; want 4", id, err)
	}

	// The later migrations: 0009 adds columns to budget_transfers, and records
	// the changed rows' new states in the same transaction, so the log still
	// verifies.
	if applied, err = s.Migrate(ctx); err != nil || !slices.Contains(applied, "0009_separation.sql") {
		t.Fatalf("the later migrations: %v, %v", applied, err)
	}
	evs, err := s.FindEvents(ctx, EventFilter{ObjectType: "budget_transfers", ObjectID: "1", Limit: 1})
	if err != nil || len(evs) != 1 || evs[0].Action != "schema.upgrade" || !strings.Contains(string(evs[0].State), `"status":"posted"`) || !evs[0].Public {
		t.Errorf("the transfer's latest event after 0009: %+v, %v", evs, err)
	}
	if rep, err := s.Verify(ctx, nil); err != nil || !rep.OK() || rep.Checkpoints != 1 {
		t.Fatalf("Verify after every migration = %+v, %v", rep, err)
	}
}

// presentColumns is t as goumai recorded it before: only the columns its
// table has now (a database migrated part of the way), and JSON columns
// recorded as strings of JSON, as they were until the log recorded JSON.
func presentColumns(t *testing.T, s *Store, tb table) table {
	t.Helper()
	have := map[string]bool{}
	cols, err := queryList(context.Background(), s.w, testList, func(sc scanner) (string, error) {
		var cid, notnull, pk int
		var name, typ string
		var def sql.NullString
		return name, sc.Scan(&cid, &name, &typ, &notnull, &def, &pk)
	}, `PRAGMA table_info(`+tb.name+`)`)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cols {
		have[c] = true
	}
	out := tb
	out.cols = nil
	for _, c := range tb.cols {
		switch c.kind {
		case colJSON:
			c.kind = colText
		case colNullJSON:
			c.kind = colNullText
		}
		if have[c.name] {
			out.cols = append(out.cols, c)
		}
	}
	return out
}

// TestMigrationRebuildRefuses checks the runner's guards around a rebuild: it is
// not applied after a later migration (whose columns it would drop), and not
// over rows whose references point nowhere.
func TestMigrationRebuildRefuses(t *testing.T) {
	ctx := context.Background()
	t.Run("after a later migration", func(t *testing.T) {
		s := openBare(t)
		if _, err := s.migrateTo(ctx, 4); err != nil {
			t.Fatal(err)
		}
		if _, err := s.w.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (6, '0006_later.sql', '2026-01-01T00:00:00.000000Z')`); err != nil {
			t.Fatal(err)
		}
		if _, err := s.migrateTo(ctx, 5); err == nil || !strings.Contains(err.Error(), "apply migrations in order") {
			t.Errorf("migrate = %v, want a refusal", err)
		}
	})
	t.Run("over a broken reference", func(t *testing.T) {
		s := openBare(t)
		if _, err := s.migrateTo(ctx, 4); err != nil {
			t.Fatal(err)
		}
		conn, err := s.w.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`PRAGMA foreign_keys = OFF`, `INSERT INTO users (id, username, display_name, created_at) VALUES (1, 'u', 'u', 'x')`,
			`INSERT INTO memberships (user_id, org_id, role) VALUES (1, 42, 'admin')`, `PRAGMA foreign_keys = ON`} {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		conn.Close()
		if _, err := s.migrateTo(ctx, 5); err == nil || !strings.Contains(err.Error(), "memberships row 1 refers to a missing orgs row") {
			t.Errorf("migrate = %v, want the foreign key check to refuse", err)
		}
		var n int
		if err := s.w.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = 5`).Scan(&n); err != nil || n != 0 {
			t.Errorf("0005 recorded as applied (%d, %v) after failing", n, err)
		}
	})
}

// openBare opens a new, unmigrated SQLite store.
func openBare(t *testing.T) *Store {
	t.Helper()
	clock := goumai.NewFakeClock(time.Date(2026, 3, 2, 9, 0, 0, 0, goumai.Shanghai))
	s, err := Open(context.Background(), DSN{Dialect: SQLite, Path: filepath.Join(t.TempDir(), "old.db")}, Options{Clock: clock, LogOrigin: "goumai.test/log"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// writeOldLog writes the log key, oldRows and a signed checkpoint as goumai
// wrote them before migration 0005: each change followed by its event and leaf.
// It returns the log's size.
func writeOldLog(t *testing.T, s *Store) int64 {
	t.Helper()
	ctx := context.Background()
	now := formatTime(s.clock.Now())
	var hashes memHashes
	record := func(table string, key any, action string) {
		t.Helper()
		tb, _ := tableByName(table)
		tb = presentColumns(t, s, tb)
		state, err := rowState(ctx, s.w, tb, key)
		if err != nil {
			t.Fatal(err)
		}
		if state == nil {
			state = []byte("null")
		}
		e := goumai.Event{ID: countEvents(t, s), At: s.clock.Now(), Actor: "system", Region: goumai.NationalCode,
			Action: action, ObjectType: table, ObjectID: fmt.Sprint(key), Public: !tb.secret, State: state}
		hs, err := translog.StoredHashesForLeaf(e.ID, e.LeafData(), hashes)
		if err != nil {
			t.Fatal(err)
		}
		var blob []byte
		for _, h := range hs {
			blob = append(blob, h[:]...)
		}
		hashes = append(hashes, hs...)
		if _, err := s.w.ExecContext(ctx, `INSERT INTO events (`+oldEventCols+`) VALUES ($1, $2, NULL, $3, NULL, $4, $5, $6, $7, $8, $9, $10)`,
			e.ID, formatTime(e.At), e.Actor, e.Region, e.Action, e.ObjectType, e.ObjectID, e.Public, string(e.State), blob); err != nil {
			t.Fatalf("event %+v: %v", e, err)
		}
	}
	skey, vkey, err := translog.GenerateKey("goumai.test/log")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, `INSERT INTO log_key (id, origin, vkey, skey) VALUES (1, 'goumai.test/log', $1, $2)`, vkey, skey); err != nil {
		t.Fatal(err)
	}
	record("log_key", 1, "log.init")
	for _, r := range oldRows {
		var args []any
		if strings.Contains(r.sql, "$1") {
			args = append(args, now)
		}
		if _, err := s.w.ExecContext(ctx, r.sql, args...); err != nil {
			t.Fatalf("%s: %v", r.sql, err)
		}
		record(r.table, r.key, strings.TrimSuffix(r.table, "s")+".change")
	}
	size := countEvents(t, s)
	root, err := tlog.TreeHash(size, hashes)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := translog.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := translog.SignCheckpoint("goumai.test/log", size, root, signer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, `INSERT INTO log_checkpoints (size, note, created_at) VALUES ($1, $2, $3)`, size, string(msg), now); err != nil {
		t.Fatal(err)
	}
	return size
}

func countEvents(t *testing.T, s *Store) int64 {
	t.Helper()
	var n int64
	if err := s.w.QueryRow(`SELECT count(*) FROM events`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// snapshot reads what migration 0005 must keep: every table's rows (the first
// size events, in their old columns; not the log's head nor the migrations
// applied), the schema of every table but events
// (with AUTOINCREMENT and quoting set aside), every index and trigger, and
// every table's foreign keys.
func snapshot(t *testing.T, db *sql.DB, size int64) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	read := func(key, q string, args ...any) {
		t.Helper()
		rows, err := db.Query(q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out[key] = append(out[key], fmt.Sprintf("%#v", vals))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	tables, err := queryList(context.Background(), db, testList, func(sc scanner) ([2]string, error) {
		var r [2]string
		return r, sc.Scan(&r[0], &r[1])
	}, `SELECT type || ' ' || name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name <> 'sqlite_sequence' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		kind, name, _ := strings.Cut(tb[0], " ")
		ddl := strings.ReplaceAll(strings.ReplaceAll(tb[1], " AUTOINCREMENT", ""), `"`+name+`"`, name)
		if name != "events" {
			out["schema "+tb[0]] = []string{ddl}
		}
		if kind != "table" {
			continue
		}
		read("foreign keys of "+name, `SELECT * FROM pragma_foreign_key_list($1) ORDER BY id, seq`, name)
		switch name {
		case "events":
			read("rows of events", `SELECT `+oldEventCols+` FROM events WHERE id < $1 ORDER BY id`, size)
		case "log_head", "schema_migrations":
		default:
			read("rows of "+name, `SELECT * FROM `+name+` ORDER BY 1`)
		}
	}
	return out
}
