// Package sqlstore is goumai's storage on SQLite (modernc.org/sqlite, the embedded
// default) and PostgreSQL (pgx, production). The same plain SQL, with $n
// placeholders, runs on both; migrations are embedded per dialect. Every change is
// written in one transaction together with its event row and transparency-log
// leaf (see Tx.Record), so the database is always consistent with its log.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers driver "pgx"
	_ "modernc.org/sqlite"             // registers driver "sqlite"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/ocds/publish"
)

// Dialect is the SQL dialect of a database.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DSN is a parsed data-source name: a file path or sqlite:PATH for SQLite, a
// postgres:// or postgresql:// URL for PostgreSQL.
type DSN struct {
	Dialect Dialect
	Path    string // SQLite file
	URL     string // PostgreSQL URL
}

// ParseDSN parses a data-source name, refusing anything else with a clear error.
func ParseDSN(s string) (DSN, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return DSN{}, errors.New("empty database DSN")
	case strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://"):
		u, err := url.Parse(s)
		if err != nil || u.Host == "" && u.Query().Get("host") == "" {
			return DSN{}, fmt.Errorf("invalid PostgreSQL URL %q (want postgres://user@host:port/dbname)", redact(s))
		}
		return DSN{Dialect: Postgres, URL: s}, nil
	case strings.HasPrefix(s, "sqlite:"):
		p := strings.TrimPrefix(strings.TrimPrefix(s, "sqlite:"), "//")
		if p == "" {
			return DSN{}, errors.New("sqlite: DSN needs a file path")
		}
		return DSN{Dialect: SQLite, Path: p}, nil
	case strings.Contains(s, "://"):
		return DSN{}, fmt.Errorf("unsupported database DSN %q: use a file path, sqlite:PATH or postgres://…", redact(s))
	default:
		return DSN{Dialect: SQLite, Path: s}, nil
	}
}

// redact hides a password in a URL for messages.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// String returns the DSN with any password hidden.
func (d DSN) String() string {
	if d.Dialect == Postgres {
		return redact(d.URL)
	}
	return "sqlite:" + d.Path
}

// Store is an open goumai database.
type Store struct {
	dsn       DSN
	dialect   Dialect
	w         *sql.DB // the writer: one connection on SQLite
	r         *sql.DB // readers: a pool (the same as w on PostgreSQL)
	clock     goumai.Clock
	regions   *goumai.Regions
	log       logConfig
	hashes    hashCache
	head      atomic.Int64 // the log size this process last wrote, -1 if unknown
	stmts     stmtCache    // prepared on SQLite's writer (see prepared.go)
	readStmts stmtCache    // prepared on SQLite's read pool (see prepared.go)
	retry     retryPolicy  // re-runs of a transaction that failed for contention (see tx.go)
	groups    commitGroups // calls of UpdateGrouped waiting for their shared transaction (see group.go)

	// calendar is the working-day calendar with the loaded arrangements (see calendar.go).
	calendar calendarCache

	// pub builds the OCDS releases of public events (see ocds.go).
	pub publish.Publisher

	// outbox is set when the instance federates: public events go to fed_outbox (see federation.go).
	outbox     atomic.Bool
	outboxWake chan struct{} // signalled when a commit wrote outbox rows

	// searchReady is set once the search index's migration is known to be applied (see search.go).
	searchReady atomic.Bool
	// redFlagsReady is set once the red flags' migration is known to be applied (see redflags_update.go).
	redFlagsReady atomic.Bool
	// cardinalReady: the same for Cardinal's live indicators (cardinal_live.go).
	cardinalReady atomic.Bool
	// cardinalPopulation is one past the latest release the population
	// indicators' last pass covered (0: none since start).
	cardinalPopulation atomic.Int64
	// statsReady is set once the statistics' migration is known to be applied (see stats.go).
	statsReady atomic.Bool
}

// Options configure Open.
type Options struct {
	Clock goumai.Clock // defaults to the system clock
	// LogOrigin names the transparency log in checkpoints (C2SP origin line), e.g.
	// "goumai.example.gov.cn/log". It is fixed at the first start.
	LogOrigin string
	// OCIDPrefix starts the ocid of every OCDS release this instance publishes
	// (publish.DefaultPrefix when empty); see the data guide.
	OCIDPrefix string
	// PublicURL is the portal's public address, for the links in releases
	// (a notice's page); none when empty.
	PublicURL string
	// Outbox writes every public event to the federation outbox in its
	// transaction, for the drainer to publish (serve --nats).
	Outbox bool
}

// Open connects to the database (creating a SQLite file and its directory if
// needed) and checks that it answers. It does not migrate: call Migrate.
func Open(ctx context.Context, dsn DSN, opt Options) (*Store, error) {
	if opt.Clock == nil {
		opt.Clock = goumai.SystemClock{}
	}
	if opt.LogOrigin == "" {
		opt.LogOrigin = "goumai.local/log"
	}
	s := &Store{dsn: dsn, dialect: dsn.Dialect, clock: opt.Clock, log: logConfig{origin: opt.LogOrigin}, retry: defaultRetry, pub: publish.Publisher{Prefix: opt.OCIDPrefix, BaseURL: opt.PublicURL}}
	s.head.Store(-1)
	s.outbox.Store(opt.Outbox)
	s.outboxWake = make(chan struct{}, 1)
	switch dsn.Dialect {
	case SQLite:
		if dir := filepath.Dir(dsn.Path); dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("create data directory: %w", err)
			}
		}
		// WAL, foreign keys, a busy timeout, synchronous=NORMAL; transactions take
		// the write lock at BEGIN so that a single writer never deadlocks readers.
		q := "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
		w, err := sql.Open("sqlite", "file:"+dsn.Path+q)
		if err != nil {
			return nil, fmt.Errorf("open sqlite %s: %w", dsn.Path, err)
		}
		w.SetMaxOpenConns(1)
		if err := w.PingContext(ctx); err != nil { // creates the file in WAL mode before readers open it
			w.Close()
			return nil, fmt.Errorf("open sqlite %s: %w", dsn.Path, err)
		}
		r, err := sql.Open("sqlite", "file:"+dsn.Path+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&mode=ro")
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("open sqlite %s: %w", dsn.Path, err)
		}
		r.SetMaxOpenConns(8)
		// Keep them all idle (database/sql keeps 2): a new connection reads the
		// whole schema again at its first statement, so concurrent reads beyond
		// two paid that on every query.
		r.SetMaxIdleConns(8)
		s.w, s.r = w, r
	case Postgres:
		db, err := sql.Open("pgx", dsn.URL)
		if err != nil {
			return nil, fmt.Errorf("open postgres %s: %w", dsn, err)
		}
		db.SetMaxOpenConns(16)
		// Keep as many idle as may be open: with database/sql's default of 2, a
		// burst of 16 requests opened and closed a connection per transaction.
		db.SetMaxIdleConns(16)
		db.SetConnMaxIdleTime(5 * time.Minute)
		s.w, s.r = db, db
	default:
		return nil, fmt.Errorf("unknown dialect %q", dsn.Dialect)
	}
	if err := s.Ping(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("connect to %s: %w", dsn, err)
	}
	return s, nil
}

// Ping checks that the database answers (for /healthz).
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var one int
	return s.r.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Close closes the connections.
func (s *Store) Close() error {
	s.closeStmts()
	err := s.w.Close()
	if s.r != s.w {
		if e := s.r.Close(); err == nil {
			err = e
		}
	}
	return err
}

// DSN returns the data-source name the store was opened with.
func (s *Store) DSN() DSN { return s.dsn }

// Dialect returns the database's dialect.
func (s *Store) Dialect() Dialect { return s.dialect }

// Clock returns the store's clock.
func (s *Store) Clock() goumai.Clock { return s.clock }

// Regions returns the administrative divisions loaded by Migrate.
func (s *Store) Regions() *goumai.Regions { return s.regions }

// DB returns the writer pool, for tests and benchmarks that need raw SQL.
func (s *Store) DB() *sql.DB { return s.w }
