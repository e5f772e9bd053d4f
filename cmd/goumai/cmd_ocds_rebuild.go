package main

import (
	"flag"
	"fmt"

	"github.com/goumai/goumai/sqlstore"
)

func init() {
	ocdsSubcommands["rebuild"] = command{summary: "recompute the published OCDS releases from the log (--check: only compare)", run: runOCDSRebuild}
}

// publicURLFlag is serve's --public-url, which release links (a notice's
// page) are made from: a rebuild must be given the one serve runs with.
func publicURLFlag(fs *flag.FlagSet) *string {
	return fs.String("public-url", "", "the --public-url goumai serve runs with: release links (a notice's page) are made from it")
}

func runOCDSRebuild(e *env) int {
	fs := newFlags(e, "ocds rebuild")
	db := dbFlag(fs)
	origin := originFlag(fs)
	publicURL := publicURLFlag(fs)
	check := fs.Bool("check", false, "only compare: report every release missing, extra or different from the log's, change nothing (exit 1 on a difference)")
	if !parseFlags(e, fs, e.args) {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(e.stderr, "usage: goumai ocds rebuild --db DSN [--public-url URL] [--check]")
		return 2
	}
	// The ocid prefix is the one fixed at the database's first start: a
	// rebuild never changes it (published ocids must not change).
	store, ok := openStoreWith(e, "ocds rebuild", *db, sqlstore.Options{LogOrigin: *origin, PublicURL: *publicURL})
	if !ok {
		return 1
	}
	defer store.Close()
	rep, err := store.RebuildReleases(e.ctx, !*check)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai ocds rebuild: %v\n", err)
		return 1
	}
	for _, d := range rep.Diffs {
		fmt.Fprintln(e.stdout, d)
	}
	switch {
	case rep.Rewritten:
		fmt.Fprintf(e.stdout, "ocds rebuild: %d releases from %d events written (ocid prefix %s); %d differed from those stored\n",
			rep.Releases, rep.Events, store.OCIDPrefix(), len(rep.Diffs))
	case rep.OK():
		fmt.Fprintf(e.stdout, "ocds rebuild --check OK: the %d stored releases are the %d the log's %d events yield\n", rep.Stored, rep.Releases, rep.Events)
	default:
		fmt.Fprintf(e.stdout, "ocds rebuild --check FAILED: %d difference(s) between the %d stored releases and the %d the log's %d events yield\n",
			len(rep.Diffs), rep.Stored, rep.Releases, rep.Events)
		return 1
	}
	return 0
}
