package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/goumai/goumai/ocds/validate"
)

func init() {
	ocdsSubcommands["validate"] = command{
		summary: "check a release or record package like the OCDS Data Review Tool (with its declared extensions)",
		run:     runOCDSValidate,
	}
}

// validateJSON is the --json output. Its fields are stable:
//
//	file        the input name ("-" for stdin)
//	readable    false when the input is not JSON or not a package (then only "error" follows)
//	valid       true when there are no errors (warnings and infos are allowed)
//	error       {message, offset, line, column, path} when readable is false
//	package_type, version, extensions (the names of the extensions applied, if any),
//	count, unique_ocids_count, errors, warnings, infos,
//	omitted, problems[{severity, type, keyword, path, message, value, count}]
//	            as validate.Result and validate.Problem document them
type validateJSON struct {
	File     string         `json:"file"`
	Readable bool           `json:"readable"`
	Valid    bool           `json:"valid"`
	Error    *readErrorJSON `json:"error,omitempty"`
	*validate.Result
}

type readErrorJSON struct {
	Message string `json:"message"`
	Offset  int64  `json:"offset"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Path    string `json:"path,omitempty"`
}

// runOCDSValidate implements
//
//	goumai ocds validate [--json] [--max-problems N] [--extension DIR]... [FILE|-]
//
// It prints one line per problem (severity, JSON Pointer, message; tab
// separated) and a summary line on stderr.
//
// Extensions: the ones built into goumai (ocds/extensions: the official
// extensions goumai declares and goumai's own) are applied when the package's
// "extensions" list names them by goumai's stable URL
// (https://HOST/ocds/extensions/NAME/extension.json) or, for an official one,
// by its raw GitHub URL at the copied commit or tag. Each --extension DIR (a
// folder with extension.json, release-schema.json, codelists/*.csv) is applied
// to every package. No extension is ever fetched: a declared one that is not
// applied gets an extension_not_applied warning. Exit status: 0 valid (warnings
// allowed), 1 invalid, 2 unreadable input or bad usage.
func runOCDSValidate(e *env) int {
	fs := newFlags(e, "ocds validate")
	asJSON := fs.Bool("json", false, "print one JSON object (see the command's documentation) instead of lines")
	maxProblems := fs.Int("max-problems", validate.DefaultMaxProblems, "list at most N problems, all are counted (0: no limit)")
	var extDirs stringList
	fs.Var(&extDirs, "extension", "apply the OCDS extension in local folder `DIR` (extension.json, release-schema.json, codelists/); may be repeated")
	files, ok := parseInterspersed(e, fs, e.args)
	if !ok {
		return 2
	}
	if len(files) > 1 {
		fmt.Fprintf(e.stderr, "goumai ocds validate: one input file expected, got %d\n", len(files))
		return 2
	}
	if *maxProblems < 0 {
		fmt.Fprintln(e.stderr, "goumai ocds validate: --max-problems must be 0 or more")
		return 2
	}
	in, name := e.stdin, "-"
	if len(files) == 1 && files[0] != "-" {
		f, err := os.Open(files[0])
		if err != nil {
			fmt.Fprintf(e.stderr, "goumai ocds validate: %v\n", err)
			return 2
		}
		defer f.Close()
		in, name = f, files[0]
	}
	opts := validate.Options{MaxProblems: *maxProblems}
	if *maxProblems == 0 {
		opts.MaxProblems = -1
	}
	for _, dir := range extDirs {
		x, err := validate.LoadExtensionDir(dir)
		if err != nil {
			fmt.Fprintf(e.stderr, "goumai ocds validate: --extension %s: %v\n", dir, err)
			return 2
		}
		opts.Extensions = append(opts.Extensions, x)
	}
	builtins, err := validate.BuiltinExtensions()
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai ocds validate: %v\n", err)
		return 2
	}
	opts.Known = builtins
	res, err := opts.Package(e.ctx, in)
	if err != nil {
		var ie *validate.InputError
		if *asJSON && errors.As(err, &ie) {
			writeJSON(e.stdout, validateJSON{File: name, Error: &readErrorJSON{
				Message: ie.Error(), Offset: ie.Offset, Line: ie.Line, Column: ie.Column, Path: ie.Path}})
		}
		fmt.Fprintf(e.stderr, "goumai ocds validate: %s: %v\n", name, err)
		return 2
	}
	if *asJSON {
		if err := writeJSON(e.stdout, validateJSON{File: name, Readable: true, Valid: res.Valid(), Result: &res}); err != nil {
			fmt.Fprintf(e.stderr, "goumai ocds validate: %v\n", err)
			return 2
		}
	} else {
		for _, p := range res.Problems {
			fmt.Fprintln(e.stdout, p.String())
		}
		fmt.Fprintf(e.stderr, "goumai ocds validate: %s: %s\n", name, res.Summary())
	}
	if !res.Valid() {
		return 1
	}
	return 0
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
