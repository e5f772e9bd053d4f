package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/goumai/goumai/redflag"
	"github.com/goumai/goumai/rules"
)

func init() {
	commands["indicators"] = command{summary: "red-flag indicators over OCDS compiled releases (as Cardinal)", run: runIndicators}
}

// runIndicators implements
//
//	goumai indicators --settings FILE.ini [--no-meta] [--map] [FILE.jsonl|-]
//	goumai indicators --goumai [--params PARAMS.json] [FILE|-]
//
// with Cardinal's input (one compiled release per line) and output (one JSON
// object); with --goumai, goumai's own rules (redflag.Own) over any OCDS
// release input (JSON Lines, an array or packages, of releases or compiled
// releases), judged by the national parameters (or, with --params, by the
// values of one JSON object of rules.Params, the national ones filling the
// keys it leaves out, whatever the region and date), one flag per output line in
// the order of indicator, ocid and subject: what the store's incremental
// flags equal for goumai's own bulk file. Exit status: 0 done, 1 the input
// could not be read to its end, 2 a bad flag, settings file or input file name.
func runIndicators(e *env) int {
	fs := newFlags(e, "indicators")
	settings := fs.String("settings", "", "Cardinal settings file (INI); a [R0NN] section enables that indicator")
	fs.StringVar(settings, "s", "", "shorthand for --settings")
	noMeta := fs.Bool("no-meta", false, `leave out the "Meta" key (quartiles and fences)`)
	withMaps := fs.Bool("map", false, `add the "Maps" key (contracting processes to flagged organizations)`)
	own := fs.Bool("goumai", false, "run goumai's own rules (化整为零, 豪华购买, 层层转包, …) instead of Cardinal's; one flag per line")
	paramsFile := fs.String("params", "", "with --goumai: a JSON object of rule parameters (rules.Params keys, e.g. {\"repeat_min_wins\": 2}); the national defaults fill the others")
	files, ok := parseInterspersed(e, fs, e.args)
	if !ok {
		return 2
	}
	if len(files) > 1 {
		fmt.Fprintf(e.stderr, "goumai indicators: one input file expected, got %d\n", len(files))
		return 2
	}
	if *own {
		if *settings != "" || *withMaps || *noMeta {
			fmt.Fprintf(e.stderr, "goumai indicators: --goumai takes no --settings, --map or --no-meta (its parameters are the national ones or --params)\n")
			return 2
		}
		params, err := loadOwnParams(*paramsFile)
		if err != nil {
			fmt.Fprintf(e.stderr, "goumai indicators: %v\n", err)
			return 2
		}
		return runOwnIndicators(e, files, params)
	}
	if *paramsFile != "" {
		fmt.Fprintf(e.stderr, "goumai indicators: --params is for --goumai\n")
		return 2
	}
	s, err := loadIndicatorSettings(*settings)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai indicators: %v\n", err)
		return 2
	}
	for _, w := range s.Warnings {
		fmt.Fprintf(e.stderr, "goumai indicators: warning: %s\n", w)
	}
	in, name := e.stdin, "-"
	if len(files) == 1 && files[0] != "-" {
		f, err := os.Open(files[0])
		if err != nil {
			fmt.Fprintf(e.stderr, "goumai indicators: %v\n", err)
			return 2
		}
		defer f.Close()
		in, name = f, files[0]
	}
	acc, err := redflag.New(s, redflag.Options{At: e.now(), Map: *withMaps, Warn: func(line int64, msg string) {
		fmt.Fprintf(e.stderr, "goumai indicators: %s: line %d: %s\n", name, line, msg)
	}})
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai indicators: %v\n", err)
		return 2
	}
	if err := acc.Consume(in); err != nil {
		fmt.Fprintf(e.stderr, "goumai indicators: %s: %v\n", name, err)
		return 1
	}
	if err := acc.Result().WriteJSON(e.stdout, redflag.Output{Meta: !*noMeta, Maps: *withMaps}); err != nil {
		fmt.Fprintf(e.stderr, "goumai indicators: %v\n", err)
		return 1
	}
	return 0
}

// loadOwnParams reads --params: one JSON object of rules.Params values over
// the national defaults for services, checked as a stored set is; nil (the
// national defaults) without a file.
func loadOwnParams(path string) (redflag.ParamsFunc, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	p := rules.NationalDefaults(rules.Services)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := p.Check(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	version := redflag.ParamsVersion(p, 0)
	return func(string, time.Time) (rules.Params, string, error) { return p, version, nil }, nil
}

// runOwnIndicators runs goumai's own rules over the input file.
func runOwnIndicators(e *env, files []string, params redflag.ParamsFunc) int {
	in, name := e.stdin, "-"
	if len(files) == 1 && files[0] != "-" {
		f, err := os.Open(files[0])
		if err != nil {
			fmt.Fprintf(e.stderr, "goumai indicators: %v\n", err)
			return 2
		}
		defer f.Close()
		in, name = f, files[0]
	}
	flags, err := redflag.NewEngine(params).Recompute(in)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai indicators: %s: %v\n", name, err)
		return 1
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	for _, f := range flags {
		if err := enc.Encode(f); err != nil {
			fmt.Fprintf(e.stderr, "goumai indicators: %v\n", err)
			return 1
		}
	}
	return 0
}

// loadIndicatorSettings reads the settings file; no file means no indicator.
func loadIndicatorSettings(path string) (*redflag.Settings, error) {
	var r io.Reader = strings.NewReader("")
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("--settings: %w", err)
		}
		defer f.Close()
		r = f
	}
	s, err := redflag.ParseSettings(r, redflag.Default)
	if err != nil {
		return nil, fmt.Errorf("--settings %s: %w", path, err)
	}
	return s, nil
}

// parseInterspersed parses flags placed before or after the positional
// arguments (as Cardinal's command line allows) and returns the positionals.
func parseInterspersed(e *env, fs *flag.FlagSet, args []string) ([]string, bool) {
	var positional []string
	for {
		if !parseFlags(e, fs, args) {
			return nil, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, true
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}
