package main

import (
	"fmt"
	"sort"
)

// ocdsSubcommands holds the sub-commands of "goumai ocds"; files register in init.
var ocdsSubcommands = map[string]command{}

func init() {
	commands["ocds"] = command{summary: "Open Contracting Data Standard tools (compile, validate, rebuild)", run: runOCDS}
}

func runOCDS(e *env) int {
	if len(e.args) == 0 {
		fmt.Fprintln(e.stderr, "usage: goumai ocds <subcommand> [flags] [FILE|-]\n\nSubcommands:")
		names := make([]string, 0, len(ocdsSubcommands))
		for n := range ocdsSubcommands {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(e.stderr, "  %-10s %s\n", n, ocdsSubcommands[n].summary)
		}
		return 2
	}
	c, ok := ocdsSubcommands[e.args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "goumai ocds: unknown subcommand %q\n", e.args[0])
		return 2
	}
	sub := *e
	sub.args = e.args[1:]
	return c.run(&sub)
}
