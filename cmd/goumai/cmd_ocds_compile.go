package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/goumai/goumai/ocds"
)

func init() {
	ocdsSubcommands["compile"] = command{summary: "merge releases into compiled (and versioned) releases", run: runOCDSCompile}
}

const compileHelp = `usage: goumai ocds compile [--versioned] [--schema 1.0|1.1|FILE] [--lines] [--package]
                           [--linked-releases] [--unsorted] [FILE|-]

Reads OCDS releases from FILE (or standard input): release packages ({"releases": [...]}, one or
many, of any size), a JSON array of releases, or JSON Lines of releases or of release packages.
Merges the releases of each ocid as the OCDS merging specification (ocdsmerge 0.8.0) does and
writes a record package: {"records": [{"ocid", "releases", "compiledRelease", "versionedRelease"}],
"uri", "publishedDate", "version", ...} (metadata from the input packages, written after the
records). With --lines it writes one compiled release per line instead (one versioned release
per line with --versioned).

Grouping: input is streamed and the releases of each ocid must be consecutive (as in a file
sorted by ocid); memory then stays flat whatever the number of ocids (8 bytes per ocid are kept
to detect ungrouped input). If an ocid reappears after other ocids, compile stops with an error
(exit 1) naming the place. With --unsorted, every release is first written to a temporary file
($TMPDIR) with an in-memory index (about 40 bytes per release plus each ocid once), and records
are written in order of each ocid's first appearance.

Merge rules: with no --schema, those of the OCDS version the input declares, as ocdskit does: a
package's "version" (1.0 when it has none), or for bare releases 1.1 if the first release has
"parties", else 1.0.

Problems: a release or JSON Lines line that cannot be used (bad JSON on the line, no ocid, not an
object, ...) is reported on standard error with its line number or byte offset and JSON path,
and left out; an ocid whose releases cannot be merged (missing dates, inconsistent types) is
reported and left out. Exit status: 0 all merged, 1 something was reported, 2 unreadable input
or bad usage.

Flags:
`

func runOCDSCompile(e *env) int {
	fs := flag.NewFlagSet("goumai ocds compile", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported in one line below; -h prints the help
	versioned := fs.Bool("versioned", false, "also build versioned releases")
	schemaArg := fs.String("schema", "", "release schema for the merge rules: 1.0, 1.1 or a patched schema FILE (default: the version the input declares)")
	lines := fs.Bool("lines", false, "write one compiled (or, with --versioned, versioned) release per line")
	pkg := fs.Bool("package", false, "write a record package (the default; conflicts with --lines)")
	linked := fs.Bool("linked-releases", false, "in the record package, link releases (url, date, tag) instead of embedding them")
	unsorted := fs.Bool("unsorted", false, "accept input whose releases are not grouped by ocid (uses a temporary file)")
	if err := fs.Parse(e.args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(e.stdout, compileHelp)
			fs.SetOutput(e.stdout)
			fs.PrintDefaults()
			return 0
		}
		fmt.Fprintf(e.stderr, "goumai ocds compile: %v (see goumai ocds compile -h)\n", err)
		return 2
	}
	if *pkg && *lines {
		fmt.Fprintln(e.stderr, "goumai ocds compile: --package and --lines are exclusive")
		return 2
	}
	if fs.NArg() > 1 {
		fmt.Fprintln(e.stderr, "goumai ocds compile: at most one input FILE")
		return 2
	}
	in, size, closeIn, err := openInput(e, fs.Arg(0))
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai ocds compile: %v\n", err)
		return 2
	}
	defer closeIn()
	if *schemaArg == "" {
		// As ocdskit: the rules of the version the input declares.
		v, r, done, err := inputVersion(fs.Arg(0), in)
		if err != nil {
			fmt.Fprintf(e.stderr, "goumai ocds compile: %v\n", err)
			return 2
		}
		defer done()
		if v != "1.0" {
			v = "1.1" // an unknown version is reported by the reader, with its place
		}
		*schemaArg, in = v, r
	}
	rules, version, err := compileRules(*schemaArg)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai ocds compile: %v\n", err)
		return 2
	}
	c := &compileRun{e: e, lines: *lines, versioned: *versioned, linked: *linked, version: version}
	return c.run(ocds.NewReader(progressReader(e, in, size)), ocds.NewMerger(rules), *unsorted)
}

// compileRules returns the merge rules and the OCDS version named by --schema.
func compileRules(arg string) (*ocds.Rules, string, error) {
	switch arg {
	case "1.0", "1.1":
		r, err := ocds.RulesForVersion(arg)
		return r, arg, err
	}
	b, err := os.ReadFile(arg)
	if err != nil {
		return nil, "", fmt.Errorf("--schema: %w", err)
	}
	r, err := ocds.NewRules(b)
	if err != nil {
		return nil, "", fmt.Errorf("--schema %s: %w", arg, err)
	}
	return r, "1.1", nil
}

// openInput opens FILE or standard input ("-" or none) and returns its size when known.
func openInput(e *env, name string) (io.Reader, int64, func(), error) {
	if name == "" || name == "-" {
		return e.stdin, -1, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, nil, err
	}
	size := int64(-1)
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		size = st.Size()
	}
	return f, size, func() { f.Close() }, nil
}

// progressReader shows a progress bar of the bytes read, only when standard error is a terminal.
func progressReader(e *env, in io.Reader, size int64) io.Reader {
	f, ok := e.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return in
	}
	bar := progressbar.NewOptions64(size, progressbar.OptionSetWriter(f), progressbar.OptionShowBytes(true),
		progressbar.OptionSetDescription("compiling"), progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionClearOnFinish())
	r := progressbar.NewReader(in, bar)
	return &r
}

// compileRun is one run of the command: its options, output and count of problems.
type compileRun struct {
	e                        *env
	lines, versioned, linked bool
	version                  string
	problems                 int
}

func (c *compileRun) report(err error) {
	c.problems++
	fmt.Fprintf(c.e.stderr, "goumai ocds compile: %v\n", err)
}

func (c *compileRun) run(src *ocds.Reader, m *ocds.Merger, unsorted bool) int {
	out := bufioWriter(c.e.stdout)
	var pw *ocds.RecordPackageWriter
	if !c.lines {
		pw = ocds.NewRecordPackageWriter(out, c.linked, func() string { return src.Package.URI })
	}
	emit := func(rec *ocds.Record) error {
		if rec.Err != nil {
			c.report(fmt.Errorf("ocid %q not compiled: %w", rec.OCID, rec.Err))
			return nil
		}
		for _, w := range rec.Warnings {
			fmt.Fprintf(c.e.stderr, "goumai ocds compile: ocid %q: warning: %s\n", rec.OCID, w)
		}
		if pw != nil {
			return pw.Write(rec)
		}
		line := rec.Compiled
		if c.versioned {
			line = rec.Versioned
		}
		if _, err := out.Write(line); err != nil {
			return err
		}
		return out.WriteByte('\n')
	}
	opts := ocds.CompileOptions{Versioned: c.versioned, Unsorted: unsorted, Skipped: c.report}
	err := ocds.Compile(c.e.ctx, src, m, opts, emit)
	if err == nil && pw != nil {
		err = pw.Close(c.packageMeta(src.Package))
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		fmt.Fprintf(c.e.stderr, "goumai ocds compile: %v\n", err)
		var ie *ocds.InputError
		if errors.As(err, &ie) {
			return 2
		}
		return 1
	}
	if c.problems > 0 {
		return 1
	}
	return 0
}

// packageMeta fills what the input packages did not say.
func (c *compileRun) packageMeta(p ocds.Package) ocds.Package {
	if p.PublishedDate == "" {
		p.PublishedDate = time.Now().UTC().Format(time.RFC3339)
	}
	if p.Version == "" || c.version == "1.0" {
		p.Version = c.version
	}
	return p
}

func bufioWriter(w io.Writer) *bufio.Writer { return bufio.NewWriterSize(w, 1<<16) }
