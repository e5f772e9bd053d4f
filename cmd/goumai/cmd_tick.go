package main

import (
	"fmt"

	"github.com/goumai/goumai/workflow"
)

func init() {
	commands["tick"] = command{summary: "apply every due time-driven transition now (serve does this every few seconds)", run: runTick}
}

// runTick applies the due transitions once: bids closed at their deadline, a
// single-source publicity ended, an approval past its time limit. It is
// idempotent: run twice, or beside a running serve, the work is done once.
func runTick(e *env) int {
	fs := newFlags(e, "tick")
	db := dbFlag(fs)
	origin := originFlag(fs)
	if !parseFlags(e, fs, e.args) {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "goumai tick: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	store, ok := openStore(e, "tick", *db, *origin)
	if !ok {
		return 1
	}
	defer store.Close()
	svc := workflow.New(store)
	moved, err := svc.Tick(e.ctx)
	fmt.Fprintf(e.stdout, "%d procedures moved\n", moved)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai tick: %v\n", err)
		return 1
	}
	if moved > 0 {
		if _, err := store.Checkpoint(e.ctx); err != nil {
			fmt.Fprintf(e.stderr, "goumai tick: sign checkpoint: %v\n", err)
			return 1
		}
	}
	return 0
}
