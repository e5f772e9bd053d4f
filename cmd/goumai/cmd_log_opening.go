package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/translog"
	"github.com/goumai/goumai/workflow"
)

// runLogCheckOpening checks a procedure's opening from the log alone:
// goumai log check-opening [--log URL --key VKEY | --db DSN] [--receipt FILE]… PROCEDURE.
// With --log it reads the public log over HTTP (checkpoint, tiles, entry
// bundles), trusting nothing but the verifier key; with --db it reads the
// leaves from a database. Each --receipt (a bidder's receipt) must name a
// commitment among the opened bids: what shows that no bid was left out.
func runLogCheckOpening(e *env, args []string) int {
	fs := newFlags(e, "log check-opening")
	src := logSourceFlags(fs)
	var receipts stringList
	fs.Var(&receipts, "receipt", "a bidder's receipt (JSON) whose commitment must have been opened; may be repeated")
	if !parseFlags(e, fs, args) {
		return 2
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if fs.NArg() != 1 || err != nil || id <= 0 {
		fmt.Fprintln(e.stderr, "usage: goumai log check-opening [--log URL --key VKEY | --db DSN] [--receipt FILE]… PROCEDURE_ID")
		return 2
	}
	c := goumai.NewOpeningChecker(id)
	size, err := src.leaves(e, "log check-opening", c.Visit)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai log check-opening: %v\n", err)
		return 1
	}
	r := c.Result()
	opened := map[string]bool{}
	for _, o := range r.Opened {
		opened[o.Commitment] = true
		mark := "ok"
		if !o.Valid() {
			mark = "set aside: " + o.SetAside
		}
		fmt.Fprintf(e.stdout, "lot %d  %-30s  %s  commitment %s (logged as %d)  %s\n", o.LotID, o.Supplier, "¥"+o.Price.Yuan(), o.Commitment, o.CommitmentID, mark)
	}
	for _, f := range receipts {
		b, err := readBounded(f, e.stdin, maxReceipt)
		if err != nil {
			fmt.Fprintf(e.stderr, "goumai log check-opening: %v\n", err)
			return 1
		}
		rc, err := workflow.ParseBidReceipt(b)
		if err != nil {
			fmt.Fprintf(e.stderr, "goumai log check-opening: %s: %v\n", f, err)
			return 1
		}
		if !opened[rc.Commitment] {
			r.Problems = append(r.Problems, fmt.Sprintf("receipt %s: commitment %s was not opened", f, rc.Commitment))
		}
	}
	for _, p := range r.Problems {
		fmt.Fprintln(e.stdout, "FAIL:", p)
	}
	if !r.OK() {
		fmt.Fprintf(e.stdout, "check-opening FAILED: procedure %d, %d problem(s) in %d leaves\n", id, len(r.Problems), size)
		return 1
	}
	fmt.Fprintf(e.stdout, "check-opening OK: procedure %d closed at leaf %d; %d bid(s) opened, each a commitment logged before the close and not withdrawn (%d leaves read)\n",
		id, r.CloseLeaf, len(r.Opened), size)
	return 0
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// logSource is where a log check reads the leaves: the public log over HTTP,
// or a database.
type logSource struct {
	url, key, db, origin *string
}

func logSourceFlags(fs *flag.FlagSet) logSource {
	return logSource{
		url:    fs.String("log", "", "the public log's URL prefix (e.g. https://example.org/log); read over HTTP and checked against --key"),
		key:    fs.String("key", "", "with --log: the log's verifier key (note format), from a source you trust"),
		db:     dbFlag(fs),
		origin: originFlag(fs),
	}
}

// leaves calls visit with every leaf of the log in order and returns how many there were.
func (s logSource) leaves(e *env, cmd string, visit func(n int64, leaf []byte) error) (int64, error) {
	if *s.url != "" {
		if *s.key == "" {
			return 0, fmt.Errorf("--log needs --key, the log's verifier key")
		}
		v, err := translog.NewVerifier(*s.key)
		if err != nil {
			return 0, fmt.Errorf("--key: %w", err)
		}
		c := translog.NewClient(httpFetcher(e.ctx, strings.TrimSuffix(*s.url, "/")), v)
		cp, err := c.Checkpoint()
		if err != nil {
			return 0, err
		}
		return cp.Size, c.Audit(cp, visit)
	}
	store, ok := openStore(e, cmd, *s.db, *s.origin)
	if !ok {
		return 0, fmt.Errorf("cannot open the database")
	}
	defer store.Close()
	size, err := store.TreeSize(e.ctx)
	if err != nil {
		return 0, err
	}
	const page = 1000
	for start := int64(0); start < size; start += page {
		leaves, err := store.ReadEntries(e.ctx, start, min(start+page, size))
		if err != nil {
			return 0, err
		}
		for i, l := range leaves {
			if err := visit(start+int64(i), l); err != nil {
				return 0, err
			}
		}
	}
	return size, nil
}

// httpFetcher GETs a log's resources below prefix.
func httpFetcher(ctx context.Context, prefix string) translog.Fetcher {
	return func(path string) ([]byte, error) { return httpGet(ctx, prefix+"/"+path, 64<<20) }
}

// httpGet fetches url, at most limit bytes, within 30 seconds.
func httpGet(ctx context.Context, url string, limit int64) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", url, err)
	}
	return b, nil
}
