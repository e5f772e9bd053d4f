package main

import (
	"fmt"

	"github.com/schollz/progressbar/v3"

	"github.com/goumai/goumai/sqlstore"
)

func init() {
	commands["log"] = command{summary: "transparency log: verify, checkpoint, verify-receipt, check-opening, check-draw", run: runLog}
}

func runLog(e *env) int {
	if len(e.args) == 0 {
		fmt.Fprintln(e.stderr, "usage: goumai log verify [--checkpoint FILE|URL [--key VKEY]] [--public-url URL] | checkpoint --db DSN | verify-receipt [--key VKEY] RECEIPT.json | check-opening [--log URL --key VKEY | --db DSN] PROCEDURE | check-draw [--log URL | --db DSN | --file FILE] REQUEST")
		return 2
	}
	switch e.args[0] {
	case "verify":
		return runLogVerify(e, e.args[1:])
	case "checkpoint":
		return runLogCheckpoint(e, e.args[1:])
	case "verify-receipt":
		return runLogVerifyReceipt(e, e.args[1:])
	case "check-opening":
		return runLogCheckOpening(e, e.args[1:])
	case "check-draw":
		return runLogCheckDraw(e, e.args[1:])
	}
	fmt.Fprintf(e.stderr, "goumai log: unknown subcommand %q (verify, checkpoint, verify-receipt, check-opening, check-draw)\n", e.args[0])
	return 2
}

func runLogVerify(e *env, args []string) int {
	fs := newFlags(e, "log verify")
	db := dbFlag(fs)
	origin := originFlag(fs)
	publicURL := publicURLFlag(fs)
	unaudited := fs.Bool("unaudited", false, "print the tables left out of the log (no business data), one per line, and exit")
	outside := fs.String("checkpoint", "", "also check the log against this signed checkpoint kept outside the database (a file an auditor saved, or an http(s) URL where a witness serves it): the only check that catches a database restored to an earlier copy")
	key := fs.String("key", "", "with --checkpoint: the log's verifier key as the auditor holds it (note format); the database's key must be this one")
	if !parseFlags(e, fs, args) {
		return 2
	}
	if *unaudited {
		for _, t := range sqlstore.UnauditedTables() {
			fmt.Fprintln(e.stdout, t)
		}
		return 0
	}
	if *key != "" && *outside == "" {
		fmt.Fprintln(e.stderr, "goumai log verify: --key needs --checkpoint")
		return 2
	}
	var note []byte
	if *outside != "" {
		var err error
		if note, err = readCheckpoint(e.ctx, *outside); err != nil {
			fmt.Fprintf(e.stderr, "goumai log verify: --checkpoint: %v\n", err)
			return 1
		}
	}
	// The OCDS releases are checked against the log's: their links are
	// made from serve's --public-url.
	store, ok := openStoreWith(e, "log verify", *db, sqlstore.Options{LogOrigin: *origin, PublicURL: *publicURL})
	if !ok {
		return 1
	}
	defer store.Close()
	var bar *progressbar.ProgressBar
	progress := func(done, total int64) {
		if !isTerminal(e.stderr) {
			return
		}
		if bar == nil {
			bar = progressbar.NewOptions64(total, progressbar.OptionSetWriter(e.stderr), progressbar.OptionSetDescription("verifying events"),
				progressbar.OptionShowCount(), progressbar.OptionThrottle(100_000_000))
		}
		bar.Set64(done)
	}
	rep, err := store.Verify(e.ctx, progress)
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(e.stderr)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai log verify: %v\n", err)
		return 1
	}
	if note != nil {
		cp, size, err := store.CheckCheckpoint(e.ctx, note, *key)
		if err != nil {
			rep.Problems = append(rep.Problems, fmt.Sprintf("checkpoint %s: %v", *outside, err))
		} else {
			fmt.Fprintf(e.stdout, "checkpoint OK: the log of %d events extends the checkpoint of %d events from %s\n", size, cp.Size, *outside)
		}
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(e.stdout, "FAIL:", p)
	}
	if !rep.OK() {
		fmt.Fprintf(e.stdout, "log verify FAILED: %d problem(s) in %d events, %d checkpoints, %d objects\n", len(rep.Problems), rep.Events, rep.Checkpoints, rep.Objects)
		return 1
	}
	fmt.Fprintf(e.stdout, "log verify OK: %d events, %d checkpoints (%d events after the latest), %d objects match their latest events, OCDS releases match the log\n",
		rep.Events, rep.Checkpoints, rep.Unsigned, rep.Objects)
	return 0
}

func runLogCheckpoint(e *env, args []string) int {
	fs := newFlags(e, "log checkpoint")
	db := dbFlag(fs)
	origin := originFlag(fs)
	if !parseFlags(e, fs, args) {
		return 2
	}
	store, ok := openStore(e, "log checkpoint", *db, *origin)
	if !ok {
		return 1
	}
	defer store.Close()
	msg, err := store.Checkpoint(e.ctx)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai log checkpoint: %v\n", err)
		return 1
	}
	fmt.Fprint(e.stdout, string(msg))
	return 0
}
