package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

func init() {
	commands["demo"] = command{summary: "load the demo world into an empty database; --scale N adds N organisations and users", run: runDemo}
}

// runDemo loads the demo world (when the database has no organisation yet),
// optionally adds --scale random organisations and users, signs a checkpoint,
// and prints a summary and the demo accounts.
func runDemo(e *env) int {
	fs := newFlags(e, "demo")
	db := dbFlag(fs)
	origin := originFlag(fs)
	scale := fs.Int("scale", 0, "add N random organisations and N users (batched, for load tests)")
	seed := fs.Uint64("seed", 1, "random seed for --scale (the same seed on the same database gives the same data)")
	sealKey := sealKeyFlag(fs)
	ocidPrefix := ocidPrefixFlag(fs)
	if !parseFlags(e, fs, e.args) {
		return 2
	}
	if *scale < 0 {
		fmt.Fprintf(e.stderr, "goumai demo: --scale must not be negative\n")
		return 2
	}
	s, ok := openStoreWith(e, "demo", *db, sqlstore.Options{LogOrigin: *origin, Clock: &goumai.ShiftClock{}, OCIDPrefix: *ocidPrefix})
	if !ok {
		return 1
	}
	defer s.Close()
	svc := workflow.New(s)
	if svc.Sealer, ok = loadSealer(e, "demo", *sealKey, *db, true); !ok {
		return 1
	}
	start := time.Now()

	accounts, err := demo.Load(e.ctx, svc)
	switch {
	case errors.Is(err, demo.ErrNotEmpty):
		fmt.Fprintln(e.stdout, "The database already has organisations; the demo world was not loaded.")
		if loaded, err := demo.Loaded(e.ctx, s); err != nil {
			fmt.Fprintf(e.stderr, "goumai demo: %v\n", err)
			return 1
		} else if loaded {
			accounts = demo.List()
		}
	case err != nil:
		fmt.Fprintf(e.stderr, "goumai demo: %v\n", err)
		return 1
	default:
		fmt.Fprintf(e.stdout, "Loaded the demo world: %d accounts in %s.\n", len(accounts), time.Since(start).Round(time.Millisecond))
	}

	if *scale > 0 {
		t0 := time.Now()
		orgs, users, err := demo.Scale(e.ctx, svc, demo.ScaleOptions{N: *scale, Seed: *seed, Progress: demoProgressBar(e, int64(2**scale), "scale")})
		if err != nil {
			fmt.Fprintf(e.stderr, "goumai demo: %v\n", err)
			return 1
		}
		d := time.Since(t0)
		fmt.Fprintf(e.stdout, "Added %d organisations and %d users in %s (%.0f objects/s).\n",
			orgs, users, d.Round(time.Millisecond), float64(orgs+users)/d.Seconds())
	}

	if _, err := s.Checkpoint(e.ctx); err != nil {
		fmt.Fprintf(e.stderr, "goumai demo: sign checkpoint: %v\n", err)
		return 1
	}
	size, err := s.TreeSize(e.ctx)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai demo: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "Done in %s; the transparency log has %d events, all covered by a signed checkpoint.\n",
		time.Since(start).Round(time.Millisecond), size)
	if len(accounts) > 0 {
		fmt.Fprintf(e.stdout, "\nDemo accounts (password %s):\n\n", demo.Password)
		if err := accounts.WriteTable(e.stdout); err != nil {
			fmt.Fprintf(e.stderr, "goumai demo: %v\n", err)
			return 1
		}
	}
	return 0
}

// demoProgressBar returns a callback that advances a progress bar on a terminal, or
// nil (no output) when stderr is not one, e.g. in logs.
func demoProgressBar(e *env, total int64, what string) func(n int) {
	if !isTerminal(e.stderr) {
		return nil
	}
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(e.stderr),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("objects"),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	return func(n int) { _ = bar.Add(n) } // a failed write to the terminal must not stop the load
}
