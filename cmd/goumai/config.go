package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/ocds/publish"
	"github.com/goumai/goumai/sqlstore"
)

// defaultDB is the embedded SQLite file used when no --db is given.
var defaultDB = filepath.Join("goumai-data", "goumai.db")

// newFlags returns a FlagSet for a sub-command that reports errors in one line.
func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("goumai "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses args, letting GOUMAI_<FLAG> environment variables supply
// flags not given on the command line (e.g. GOUMAI_DB for --db,
// GOUMAI_LOG_ORIGIN for --log-origin). It prints one line and returns false on error.
func parseFlags(e *env, fs *flag.FlagSet, args []string) bool {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(e.stdout)
			fmt.Fprintf(e.stdout, "Usage of %s:\n", fs.Name())
			fs.PrintDefaults()
			return false
		}
		fmt.Fprintf(e.stderr, "%s: %v (see %s -h)\n", fs.Name(), err, fs.Name())
		return false
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var bad error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] || bad != nil {
			return
		}
		name := "GOUMAI_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v := e.getenv(name); v != "" {
			if err := fs.Set(f.Name, v); err != nil {
				bad = fmt.Errorf("%s=%q: %v", name, v, err)
			}
		}
	})
	if bad != nil {
		fmt.Fprintf(e.stderr, "%s: %v\n", fs.Name(), bad)
		return false
	}
	return true
}

// openStore parses a DSN and opens and migrates the database, printing one
// clear line on failure.
func openStore(e *env, cmd, dsnText, origin string) (*sqlstore.Store, bool) {
	return openStoreClock(e, cmd, dsnText, origin, nil)
}

// openStoreClock is openStore with a clock of the caller's: a goumai.ShiftClock
// for the demo loader, which writes the demo world with its history (nil: the
// system clock).
func openStoreClock(e *env, cmd, dsnText, origin string, clock goumai.Clock) (*sqlstore.Store, bool) {
	return openStoreWith(e, cmd, dsnText, sqlstore.Options{LogOrigin: origin, Clock: clock})
}

// openStoreWith is openStore with every option (the ocid prefix of serve and
// demo, fixed at the first start as the log's origin is).
func openStoreWith(e *env, cmd, dsnText string, opt sqlstore.Options) (*sqlstore.Store, bool) {
	dsn, err := sqlstore.ParseDSN(dsnText)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai %s: --db: %v\n", cmd, err)
		return nil, false
	}
	clock := opt.Clock
	if clock == nil && e.now != nil {
		opt.Clock = envClock(e.now) // the time of what the command records
	}
	s, err := sqlstore.Open(e.ctx, dsn, opt)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai %s: %v\n", cmd, err)
		return nil, false
	}
	if _, err := s.Migrate(e.ctx); err != nil {
		s.Close()
		fmt.Fprintf(e.stderr, "goumai %s: migrate %s: %v\n", cmd, dsn, err)
		return nil, false
	}
	return s, true
}

// envClock is the env's clock as a goumai.Clock (the store's time of action).
type envClock func() time.Time

func (f envClock) Now() time.Time { return f() }

// dbFlag adds the common --db flag.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", defaultDB, "database: a SQLite file path, sqlite:PATH, or a postgres:// URL")
}

// originFlag adds the transparency log's origin (fixed at the first start).
func originFlag(fs *flag.FlagSet) *string {
	return fs.String("log-origin", "goumai.local/log", "transparency log origin line, fixed when the database is created")
}

// ocidPrefixFlag adds the OCDS ocid prefix (fixed at the first start).
func ocidPrefixFlag(fs *flag.FlagSet) *string {
	return fs.String("ocid-prefix", "", "OCDS ocid prefix registered with the Open Contracting Partnership (ocds- and six characters; default "+publish.DefaultPrefix+"), fixed when the database is created")
}

// isTerminal reports whether w is an interactive terminal (progress bars only there).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
