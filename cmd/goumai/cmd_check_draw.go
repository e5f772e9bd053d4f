package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/goumai/goumai/workflow"
)

// drawLogAnswer is the API's answer of GET /api/v1/panel-draws/{id}/log.
type drawLogAnswer struct {
	Log    *workflow.DrawLog `json:"log"`
	LogKey string            `json:"log_key"`
}

// runLogCheckDraw re-runs an expert draw from the log alone: goumai log
// check-draw [--db DSN | --log URL | --file FILE] [--key VKEY] DRAW_ID. It
// prints the panel (experts by their pool ids) and exits 1 when anything
// logged disagrees (a commitment after the request, a reveal before the
// checkpoint or not opening its commitment, another seed or panel).
func runLogCheckDraw(e *env, args []string) int {
	fs := newFlags(e, "log check-draw")
	db := fs.String("db", "", "read the log from this database (a SQLite file path, sqlite:PATH, or a postgres:// URL)")
	origin := originFlag(fs)
	logURL := fs.String("log", "", "read the draw's log from a goumai server at this base URL (GET /api/v1/panel-draws/ID/log)")
	file := fs.String("file", "", "read the draw's log from a file saved from that address")
	key := fs.String("key", "", "the log's verifier key (note format), from a source you trust")
	if !parseFlags(e, fs, args) {
		return 2
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if fs.NArg() != 1 || err != nil || (*db == "") == (*logURL == "" && *file == "") {
		fmt.Fprintln(e.stderr, "usage: goumai log check-draw (--db DSN | --log URL | --file FILE) [--key VKEY] DRAW_ID")
		return 2
	}
	var l workflow.DrawLog
	vkey, trusted := *key, *key != ""
	if *db != "" {
		store, ok := openStore(e, "log check-draw", *db, *origin)
		if !ok {
			return 1
		}
		defer store.Close()
		if l, err = workflow.LoadDrawLog(e.ctx, store, id); err != nil {
			fmt.Fprintf(e.stderr, "goumai log check-draw: %v\n", err)
			return 1
		}
		if vkey == "" {
			vkey = store.VerifierKey()
		}
	} else {
		src := *file
		if src == "" {
			src = strings.TrimRight(*logURL, "/") + "/api/v1/panel-draws/" + strconv.FormatInt(id, 10) + "/log"
		}
		b, err := readCheckpoint(e.ctx, src)
		if err != nil {
			fmt.Fprintf(e.stderr, "goumai log check-draw: %v\n", err)
			return 1
		}
		var ans drawLogAnswer
		if err := json.Unmarshal(b, &ans); err != nil || ans.Log == nil {
			fmt.Fprintf(e.stderr, "goumai log check-draw: %s is not a draw's log: %v\n", src, err)
			return 1
		}
		l = *ans.Log
		if vkey == "" {
			vkey = ans.LogKey
		}
	}
	chk, err := workflow.CheckDraw(l, vkey)
	if err != nil {
		fmt.Fprintf(e.stdout, "check-draw FAILED: draw %d: %v\n", id, err)
		return 1
	}
	fmt.Fprintf(e.stdout, "draw %d OK: seed %s (checkpoint of %d leaves, %d secret(s) revealed)\n", id, chk.Seed, chk.Checkpoint, chk.Revealed)
	fmt.Fprintf(e.stdout, "pool: %v\npanel: %v\n", chk.Pool, chk.Drawn)
	if !trusted && *db == "" {
		fmt.Fprintln(e.stdout, "note: checked with the key the server gave; give --key with the log's key from a source you trust")
	}
	return 0
}
