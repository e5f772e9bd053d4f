// Package sqltest opens migrated goumai databases for tests: SQLite always, and
// PostgreSQL when GOUMAI_TEST_POSTGRES holds a DSN (each test gets a fresh
// database cloned from a migrated template). Without the variable the postgres
// subtests skip and say why; with it, an unreachable server fails them.
package sqltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// Start is the fake clock's start for test stores: 2026-03-02 09:00 in Shanghai (a Monday).
var Start = time.Date(2026, 3, 2, 9, 0, 0, 0, goumai.Shanghai)

// EnvPostgres names the variable holding the PostgreSQL DSN for tests.
const EnvPostgres = "GOUMAI_TEST_POSTGRES"

// Each runs fn as the subtests "sqlite" and "postgres", each with its own fresh
// migrated store and fake clock.
func Each(t *testing.T, fn func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock)) {
	t.Helper()
	each(t, fn)
}

// EachBench runs fn as the sub-benchmarks "sqlite" and "postgres", as Each
// runs subtests.
func EachBench(b *testing.B, fn func(b *testing.B, s *sqlstore.Store, clock *goumai.FakeClock)) {
	b.Helper()
	each(b, fn)
}

// each is Each for a test or a benchmark.
func each[T interface {
	testing.TB
	Run(name string, f func(T)) bool
}](t T, fn func(t T, s *sqlstore.Store, clock *goumai.FakeClock)) {
	t.Helper()
	t.Run("sqlite", func(t T) {
		clock := goumai.NewFakeClock(Start)
		fn(t, SQLite(t, clock), clock)
	})
	t.Run("postgres", func(t T) {
		clock := goumai.NewFakeClock(Start)
		fn(t, Postgres(t, clock), clock)
	})
}

var (
	sqliteOnce sync.Once
	sqliteTpl  string
	sqliteErr  error
)

// SQLite returns a fresh migrated SQLite store in a temporary directory (copied
// from a template migrated once per test binary).
func SQLite(t testing.TB, clock goumai.Clock) *sqlstore.Store {
	t.Helper()
	sqliteOnce.Do(func() {
		dir, err := os.MkdirTemp("", "goumai-sqltest-")
		if err != nil {
			sqliteErr = err
			return
		}
		sqliteTpl = filepath.Join(dir, "template.db")
		sqliteErr = migrateOnce(sqlstore.DSN{Dialect: sqlstore.SQLite, Path: sqliteTpl})
	})
	if sqliteErr != nil {
		t.Fatalf("sqlite template: %v", sqliteErr)
	}
	path := filepath.Join(t.TempDir(), "goumai.db")
	if err := copyFile(sqliteTpl, path); err != nil {
		t.Fatal(err)
	}
	return open(t, sqlstore.DSN{Dialect: sqlstore.SQLite, Path: path}, clock)
}

// Another opens a second store on s's database, as another process would.
func Another(t testing.TB, s *sqlstore.Store, clock goumai.Clock) *sqlstore.Store {
	t.Helper()
	return open(t, s.DSN(), clock)
}

func open(t testing.TB, dsn sqlstore.DSN, clock goumai.Clock) *sqlstore.Store {
	t.Helper()
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Clock: clock, LogOrigin: "goumai.test/log"})
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", dsn, err)
	}
	return s
}

func migrateOnce(dsn sqlstore.DSN) error {
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Clock: goumai.NewFakeClock(Start), LogOrigin: "goumai.test/log"})
	if err != nil {
		return err
	}
	defer s.Close()
	_, err = s.Migrate(ctx)
	if err == nil && dsn.Dialect == sqlstore.SQLite {
		_, err = s.DB().ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	return err
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

var (
	pgOnce sync.Once
	pgTpl  string
	pgErr  error
)

// Postgres returns a fresh migrated PostgreSQL store in a new database, or skips
// the test when GOUMAI_TEST_POSTGRES is unset.
func Postgres(t testing.TB, clock goumai.Clock) *sqlstore.Store {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" && os.Getenv("CI") != "" {
		t.Fatal("CI is set but GOUMAI_TEST_POSTGRES is not: under CI the PostgreSQL tests must run (.ci/run sets it)")
	}
	if base == "" {
		t.Skip("PostgreSQL tests skipped: set GOUMAI_TEST_POSTGRES=postgres://user@host:port/db to run them (.ci/run does)")
	}
	pgOnce.Do(func() {
		pgTpl = "goumai_tpl_" + randHex(4)
		if pgErr = adminExec(base, "CREATE DATABASE "+pgTpl); pgErr != nil {
			return
		}
		pgErr = migrateOnce(sqlstore.DSN{Dialect: sqlstore.Postgres, URL: withDB(base, pgTpl)})
	})
	if pgErr != nil {
		t.Fatalf("postgres template (GOUMAI_TEST_POSTGRES=%s): %v", base, pgErr)
	}
	name := "goumai_t_" + randHex(6)
	if err := adminExec(base, "CREATE DATABASE "+name+" TEMPLATE "+pgTpl); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() { adminExec(base, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	return open(t, sqlstore.DSN{Dialect: sqlstore.Postgres, URL: withDB(base, name)}, clock)
}

// DropTemplates removes the PostgreSQL template database; call from TestMain.
func DropTemplates() {
	if base := os.Getenv(EnvPostgres); base != "" && pgTpl != "" {
		adminExec(base, "DROP DATABASE IF EXISTS "+pgTpl+" WITH (FORCE)")
	}
}

func adminExec(base, stmt string) error {
	db, err := sql.Open("pgx", base)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err = db.ExecContext(ctx, stmt)
	return err
}

func withDB(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	return u.String()
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Must fails the test on error.
func Must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
