package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/workflow"
)

func init() {
	commands["calendar"] = command{summary: "working-day calendar: add, is-working-day, years, load (a year's holiday arrangement)", run: runCalendar}
}

const calendarUsage = `usage: goumai calendar add [--db DSN] DATE N[d|wd]
       goumai calendar is-working-day [--db DSN] DATE
       goumai calendar years [--db DSN]
       goumai calendar load [--db DSN] FILE
Without --db (or GOUMAI_DB), add, is-working-day and years use lunar-go's table only.`

func runCalendar(e *env) int {
	if len(e.args) == 0 {
		fmt.Fprintln(e.stderr, calendarUsage)
		return 2
	}
	switch e.args[0] {
	case "add":
		return calendarAsk(e, "add", 2, calendarAdd)
	case "is-working-day":
		return calendarAsk(e, "is-working-day", 1, calendarIsWorkingDay)
	case "years":
		return calendarAsk(e, "years", 0, calendarYears)
	case "load":
		return runCalendarLoad(e, e.args[1:])
	}
	fmt.Fprintf(e.stderr, "goumai calendar: unknown subcommand %q (add, is-working-day, years, load)\n", e.args[0])
	return 2
}

// lang is the language of the calendar's answers: Chinese when LANG says so.
func (e *env) lang() string {
	if strings.HasPrefix(e.getenv("LANG"), "zh") {
		return "zh"
	}
	return "en"
}

// calendarAsk runs a question with want arguments on the calendar: lunar-go's,
// or the database's with its loaded arrangements when --db is given.
func calendarAsk(e *env, name string, want int, ask func(e *env, c *rules.Calendar, args []string) error) int {
	fs := newFlags(e, "calendar "+name)
	db := fs.String("db", "", "database whose loaded arrangements to use (a SQLite file path, sqlite:PATH or a postgres:// URL); none: lunar-go's table only")
	if !parseFlags(e, fs, e.args[1:]) {
		return 2
	}
	if fs.NArg() != want {
		fmt.Fprintln(e.stderr, calendarUsage)
		return 2
	}
	c, err := rules.NewCalendar()
	if *db != "" {
		s, ok := openStore(e, "calendar "+name, *db, "goumai.local/log")
		if !ok {
			return 1
		}
		defer s.Close()
		c, err = s.Calendar(e.ctx)
	}
	if err == nil {
		err = ask(e, c, fs.Args())
	}
	if err != nil {
		printError(e, "calendar "+name, err)
		return 1
	}
	return 0
}

// printError prints an error of goumai's on one line per message, in e's language.
func printError(e *env, cmd string, err error) {
	ge := goumai.AsError(err)
	if ge.Code == goumai.EInternal {
		fmt.Fprintf(e.stderr, "goumai %s: %v\n", cmd, err)
		return
	}
	lang := e.lang()
	fmt.Fprintf(e.stderr, "goumai %s: %s\n", cmd, ge.Message.In(lang))
	keys := make([]string, 0, len(ge.Fields))
	for k := range ge.Fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(e.stderr, "  %s: %s\n", k, ge.Fields[k].In(lang))
	}
}

// deadlineLayout prints the end of a period: its last second in Asia/Shanghai.
const deadlineLayout = "2006-01-02 15:04:05 -07:00"

// calendarAdd prints the deadline of N days (or working days) after DATE.
func calendarAdd(e *env, c *rules.Calendar, args []string) error {
	from, err := rules.ParseDay("DATE", args[0])
	if err != nil {
		return err
	}
	n, unit, err := rules.ParsePeriod("N", args[1])
	if err != nil {
		return err
	}
	p, err := c.Count(from, n, unit)
	if err != nil {
		return err
	}
	what := map[rules.CountUnit][2]string{rules.CountDays: {"日（自然日）", "calendar days"}, rules.CountWorkingDays: {"个工作日", "working days"}}[unit]
	if e.lang() == "zh" {
		fmt.Fprintf(e.stdout, "%s（%s后第%d%s的最后一秒，当日不计入）\n", p.End.Format(deadlineLayout), p.From, n, what[0])
	} else {
		fmt.Fprintf(e.stdout, "%s  (the end of %d %s after %s, that day not counted)\n", p.End.Format(deadlineLayout), n, what[1], p.From)
	}
	if p.Civil != nil {
		why := c.Day(p.End).Why.In(e.lang())
		if e.lang() == "zh" {
			fmt.Fprintf(e.stdout, "%s是休息日（%s）：作为办理某事的期限，顺延至 %s（民法典第二百零三条）\n", p.Date, why, p.Civil.Format(deadlineLayout))
		} else {
			fmt.Fprintf(e.stdout, "%s is a rest day (%s): as a time limit for an act it ends at %s (Civil Code art. 203)\n", p.Date, why, p.Civil.Format(deadlineLayout))
		}
	}
	return nil
}

// calendarIsWorkingDay prints yes or no and why.
func calendarIsWorkingDay(e *env, c *rules.Calendar, args []string) error {
	t, err := rules.ParseDay("DATE", args[0])
	if err != nil {
		return err
	}
	d := c.Day(t)
	answer := map[bool][2]string{true: {"是", "yes"}, false: {"否", "no"}}[d.Working]
	if e.lang() == "zh" {
		fmt.Fprintf(e.stdout, "%s 是否工作日：%s。%s\n", d.Date, answer[0], d.Why.ZH)
	} else {
		fmt.Fprintf(e.stdout, "%s is a working day: %s. %s\n", d.Date, answer[1], d.Why.EN)
	}
	return nil
}

// calendarYears prints the arranged years, lunar-go's runs of years on one line.
func calendarYears(e *env, c *rules.Calendar, _ []string) error {
	years := c.ArrangedYears()
	for i := 0; i < len(years); {
		y := years[i]
		j := i + 1
		for j < len(years) && !y.Loaded && !years[j].Loaded && years[j].Year == years[j-1].Year+1 {
			j++
		}
		span := fmt.Sprint(y.Year)
		if j-i > 1 {
			span = fmt.Sprintf("%d–%d", y.Year, years[j-1].Year)
		}
		switch {
		case !y.Loaded:
			fmt.Fprintf(e.stdout, "%-10s %s\n", span, y.Source)
		case e.lang() == "zh":
			fmt.Fprintf(e.stdout, "%-10s %s（%s发布，已载入）\n", span, y.Source, y.Issued)
		default:
			fmt.Fprintf(e.stdout, "%-10s %s (issued %s, loaded)\n", span, y.Source, y.Issued)
		}
		i = j
	}
	return nil
}

// runCalendarLoad loads a year's arrangement from a file (README, "Calendar")
// into the database, as goumai itself: whoever runs the command holds the
// database already. The event records the actor "system".
func runCalendarLoad(e *env, args []string) int {
	fs := newFlags(e, "calendar load")
	db := dbFlag(fs)
	origin := originFlag(fs)
	if !parseFlags(e, fs, args) {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(e.stderr, calendarUsage)
		return 2
	}
	name := fs.Arg(0)
	b, err := readArrangementFile(e, name)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai calendar load: %v\n", err)
		return 1
	}
	arr, err := rules.ParseArrangement(b)
	if err != nil {
		printError(e, "calendar load: "+name, err)
		return 1
	}
	s, ok := openStore(e, "calendar load", *db, *origin)
	if !ok {
		return 1
	}
	defer s.Close()
	res, err := workflow.New(s).LoadCalendar(e.ctx, goumai.System, arr)
	if err != nil {
		printError(e, "calendar load: "+name, err)
		return 1
	}
	printLoad(e, res)
	return 0
}

// readArrangementFile reads FILE ("-" for the standard input) within the size limit.
func readArrangementFile(e *env, name string) ([]byte, error) {
	var r io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	// One byte more than the limit, so that ParseArrangement sees a file too large.
	return io.ReadAll(io.LimitReader(r, rules.MaxArrangementBytes+1))
}

// printLoad says what a load did: the version, the one it replaced, the days changed.
func printLoad(e *env, res workflow.CalendarLoad) {
	n, zh := res.Notice, e.lang() == "zh"
	if zh {
		fmt.Fprintf(e.stdout, "已载入%d年的节假日安排：%s（%s发布），%d天，版本 %d\n", n.Year, n.Notice, n.Issued, len(n.Days), n.ID)
	} else {
		fmt.Fprintf(e.stdout, "loaded the holiday arrangement of %d: %s (issued %s), %d days, version %d\n", n.Year, n.Notice, n.Issued, len(n.Days), n.ID)
	}
	if r := res.Replaced; r != nil {
		if zh {
			fmt.Fprintf(e.stdout, "取代版本 %d（%s），原版本保留备查\n", r.ID, r.Notice)
		} else {
			fmt.Fprintf(e.stdout, "supersedes version %d (%s), which stays on record\n", r.ID, r.Notice)
		}
	}
	state := map[bool][2]string{true: {"工作日", "working day"}, false: {"休息日", "rest day"}}
	if zh {
		fmt.Fprintf(e.stdout, "工作日状态改变的日期：%d\n", len(res.Changes))
	} else {
		fmt.Fprintf(e.stdout, "days whose working status changes: %d\n", len(res.Changes))
	}
	for _, c := range res.Changes {
		i := 1
		if zh {
			i = 0
		}
		fmt.Fprintf(e.stdout, "  %s  %s → %s\n", c.Date, state[c.Before][i], state[c.After][i])
	}
}
