package main

import (
	"fmt"

	"github.com/goumai/goumai/sqlstore"
)

func init() {
	commands["stats"] = command{summary: "statistics for every region subtree: rebuild [--check] recomputes them from the log", run: runStats}
}

func runStats(e *env) int {
	if len(e.args) == 0 || e.args[0] != "rebuild" {
		fmt.Fprintln(e.stderr, "usage: goumai stats rebuild --db DSN [--check]")
		return 2
	}
	fs := newFlags(e, "stats rebuild")
	db := dbFlag(fs)
	origin := originFlag(fs)
	check := fs.Bool("check", false, "only compare: report every cell that differs from the recompute, change nothing (exit 1 on a difference)")
	if !parseFlags(e, fs, e.args[1:]) {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(e.stderr, "usage: goumai stats rebuild --db DSN [--check]")
		return 2
	}
	store, ok := openStoreWith(e, "stats rebuild", *db, sqlstore.Options{LogOrigin: *origin})
	if !ok {
		return 1
	}
	defer store.Close()
	if !*check {
		n, err := store.RebuildStats(e.ctx)
		if err != nil {
			fmt.Fprintf(e.stderr, "goumai stats rebuild: %v\n", err)
			return 1
		}
		fmt.Fprintf(e.stdout, "stats rebuild: %d cells recomputed from the log\n", n)
		return 0
	}
	diffs, err := store.CheckStats(e.ctx)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai stats rebuild: %v\n", err)
		return 1
	}
	for _, d := range diffs {
		fmt.Fprintln(e.stdout, d)
	}
	if len(diffs) > 0 {
		fmt.Fprintf(e.stdout, "stats rebuild --check FAILED: %d cell(s) differ from the recompute\n", len(diffs))
		return 1
	}
	fmt.Fprintln(e.stdout, "stats rebuild --check OK: the stored statistics equal the recompute from the log")
	return 0
}
