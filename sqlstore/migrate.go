package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrationFS embed.FS

// migration is one embedded SQL file, named NNNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

func (s *Store) migrations() ([]migration, error) {
	dir := "migrations/" + string(s.dialect)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and _", name)
		}
		b, err := migrationFS.ReadFile(dir + "/" + name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// Migrate applies the pending migrations, each in its own transaction and
// recorded in schema_migrations, then loads reference data (regions), creates
// the log's signing key on first start, and records the checkpoints signed
// before the log recorded them. It returns the names of the migrations applied.
func (s *Store) Migrate(ctx context.Context) ([]string, error) {
	return s.migrateUpTo(ctx, math.MaxInt)
}

// migrateUpTo is Migrate stopping after version last (tests of a migration).
func (s *Store) migrateUpTo(ctx context.Context, last int) ([]string, error) {
	applied, err := s.migrateTo(ctx, last)
	if err != nil {
		return applied, err
	}
	if err := s.initLog(ctx); err != nil {
		return applied, err
	}
	if err := s.loadRegions(ctx); err != nil {
		return applied, err
	}
	if last >= publisherMigration { // a test stopping before it has no table yet
		if err := s.initPublisher(ctx); err != nil {
			return applied, err
		}
	}
	if err := s.recordOldCheckpoints(ctx); err != nil {
		return applied, err
	}
	if last >= redFlagsVersion && (slices.Contains(applied, redFlagsMigration) || slices.Contains(applied, redFlagFactsMigration)) {
		if err := s.RecomputeRedFlags(ctx); err != nil {
			return applied, err
		}
	}
	if slices.Contains(applied, cardinalMigration) {
		if err := s.RecomputeCardinal(ctx); err != nil {
			return applied, err
		}
	}
	if slices.Contains(applied, searchMigration) {
		if err := s.reindexSearch(ctx); err != nil {
			return applied, err
		}
	}
	if slices.Contains(applied, statsMigration) || slices.Contains(applied, statsRedFlagsMigration) {
		if _, err := s.RebuildStats(ctx); err != nil {
			return applied, err
		}
	}
	return applied, nil
}

// migrateTo applies the pending migrations up to version last.
func (s *Store) migrateTo(ctx context.Context, last int) ([]string, error) {
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	ms, err := s.migrations()
	if err != nil {
		return nil, err
	}
	var applied []string
	for _, m := range ms {
		if m.version > last {
			break
		}
		done, err := s.applyMigration(ctx, m)
		if err != nil {
			return applied, err
		}
		if done {
			applied = append(applied, m.name)
		}
	}
	return applied, nil
}

// foreignKeysOff, as the first line of a SQLite migration, marks one that
// rebuilds tables by SQLite's twelve-step procedure
// (https://www.sqlite.org/lang_altertable.html#otheralter): foreign keys are
// turned off outside its transaction (PRAGMA foreign_keys is a no-op inside
// one) and PRAGMA foreign_key_check must find nothing before it commits.
const foreignKeysOff = "-- goumai: foreign_keys off\n"

func (s *Store) applyMigration(ctx context.Context, m migration) (done bool, err error) {
	if tables, ok := restated[m.version]; ok {
		return s.applyRestating(ctx, m, tables)
	}
	conn, err := s.w.Conn(ctx) // the pragma and the transaction need the same connection
	if err != nil {
		return false, err
	}
	defer conn.Close()
	rebuild := s.dialect == SQLite && strings.HasPrefix(m.sql, foreignKeysOff)
	if rebuild {
		if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
			return false, fmt.Errorf("migration %s: %w", m.name, err)
		}
		defer func() {
			if _, e := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`); e != nil && err == nil {
				err = fmt.Errorf("migration %s: turn foreign keys back on: %w", m.name, e)
			}
		}()
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var n, newest int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(sum(CASE WHEN version = $1 THEN 1 ELSE 0 END), 0), coalesce(max(version), 0) FROM schema_migrations`,
		m.version).Scan(&n, &newest); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	if n > 0 {
		return false, nil
	}
	// A rebuild copies the columns it knows: after a later migration that
	// added columns, it would drop them.
	if rebuild && newest > m.version {
		return false, fmt.Errorf("migration %s rebuilds tables but the later migration %d is already applied: apply migrations in order", m.name, newest)
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	if rebuild {
		if err := foreignKeyCheck(ctx, tx); err != nil {
			return false, fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
		m.version, m.name, formatTime(s.clock.Now())); err != nil {
		return false, fmt.Errorf("record migration %s: %w", m.name, err)
	}
	return true, tx.Commit()
}

// foreignKeyCheck fails if PRAGMA foreign_key_check finds a row whose
// reference points nowhere (SQLite).
func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return err
		}
		return fmt.Errorf("foreign key check: %s row %d refers to a missing %s row", table, rowid.Int64, parent)
	}
	return rows.Err()
}
