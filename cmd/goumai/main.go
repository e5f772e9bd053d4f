// Command goumai runs the goumai platform for government purchase of services
// (政府购买服务): the web UI, the JSON API, the public portal, and the operator's
// tools (migrations, demo data, the transparency log, OCDS tooling).
//
// Each sub-command lives in a file of its own and registers itself in commands.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
	"time"
)

// env is what a sub-command may touch: its arguments, the standard streams,
// the environment and the clock. Tests call run with their own env.
type env struct {
	ctx    context.Context
	args   []string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	now    func() time.Time // the indicators judge by the rules in force now
}

// command is one sub-command. run returns the process exit code.
type command struct {
	summary string
	run     func(e *env) int
}

// commands maps a sub-command name to its implementation; files register in init.
var commands = map[string]command{}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(&env{ctx: ctx, args: os.Args[1:], stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, now: time.Now})
	stop()
	os.Exit(code)
}

// run dispatches to a sub-command.
func run(e *env) int {
	if len(e.args) == 0 || e.args[0] == "help" || e.args[0] == "-h" || e.args[0] == "--help" {
		usage(e.stdout)
		if len(e.args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := commands[e.args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "goumai: unknown command %q (run 'goumai help')\n", e.args[0])
		return 2
	}
	sub := *e
	sub.args = e.args[1:]
	return c.run(&sub)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "goumai — government purchase of services (政府购买服务)")
	fmt.Fprintln(w, "\nUsage: goumai <command> [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nEvery flag may also be set as GOUMAI_<FLAG> (e.g. GOUMAI_DB, GOUMAI_ADDR).")
}
