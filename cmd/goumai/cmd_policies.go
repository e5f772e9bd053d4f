package main

import (
	"fmt"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

func init() {
	commands["policies"] = command{summary: "load the policy library's documents (package policydata) into a database", run: runPolicies}
}

const policiesUsage = "usage: goumai policies load [--db DSN] [--origin ORIGIN]"

// runPolicies implements
//
//	goumai policies load [--db DSN]
//
// which adds the documents of package policydata (the founding notice and the
// regulations, with their provenance) that the library does not hold yet, as
// public events of goumai itself. Exit status: 0 done, 1 failed, 2 bad usage.
func runPolicies(e *env) int {
	if len(e.args) == 0 || e.args[0] != "load" {
		fmt.Fprintln(e.stderr, policiesUsage)
		return 2
	}
	fs := newFlags(e, "policies load")
	db := dbFlag(fs)
	origin := originFlag(fs)
	if !parseFlags(e, fs, e.args[1:]) || fs.NArg() != 0 {
		fmt.Fprintln(e.stderr, policiesUsage)
		return 2
	}
	s, ok := openStore(e, "policies load", *db, *origin)
	if !ok {
		return 1
	}
	defer s.Close()
	n, err := workflow.New(s).LoadPolicyLibrary(e.ctx, goumai.System)
	if err != nil {
		printError(e, "policies load", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "goumai policies load: %d documents added\n", n)
	return 0
}
