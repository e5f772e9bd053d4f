package main

import (
	"fmt"

	"github.com/goumai/goumai/sqlstore"
)

func init() {
	commands["migrate"] = command{summary: "apply database migrations (serve does this too)", run: runMigrate}
	commands["version"] = command{summary: "print the version", run: func(e *env) int { fmt.Fprintln(e.stdout, "goumai", version()); return 0 }}
}

func runMigrate(e *env) int {
	fs := newFlags(e, "migrate")
	db := dbFlag(fs)
	origin := originFlag(fs)
	if !parseFlags(e, fs, e.args) {
		return 2
	}
	dsn, err := sqlstore.ParseDSN(*db)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai migrate: --db: %v\n", err)
		return 2
	}
	s, err := sqlstore.Open(e.ctx, dsn, sqlstore.Options{LogOrigin: *origin})
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai migrate: %v\n", err)
		return 1
	}
	defer s.Close()
	applied, err := s.Migrate(e.ctx)
	for _, m := range applied {
		fmt.Fprintln(e.stdout, "applied", m)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai migrate: %v\n", err)
		return 1
	}
	if len(applied) == 0 {
		fmt.Fprintln(e.stdout, "database is up to date")
	}
	return 0
}
