package ocds

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"runtime"
	"sync"
)

// Record is the merge of the releases of one ocid, in input order.
type Record struct {
	OCID      string
	Releases  []*RawRelease
	Compiled  []byte
	Versioned []byte
	Warnings  []Warning
	// Err is a merge error (e.g. releases without dates, inconsistent types); the record has
	// no compiled release, and compiling went on with the next ocid.
	Err error
}

// CompileOptions configure Compile.
type CompileOptions struct {
	Versioned bool // also build versioned releases
	Workers   int  // merging goroutines; 0 means GOMAXPROCS
	// Unsorted groups releases whose ocids are not consecutive by first writing every release to
	// a temporary file in TempDir and keeping an index in memory (about 40 bytes per release plus
	// each ocid once). Without it, Compile streams and requires the releases of each ocid to be
	// consecutive (as in input sorted by ocid), failing with ErrNotGrouped otherwise.
	Unsorted bool
	TempDir  string
	// Skipped receives input problems that left a release or line out, and warnings (e.g.
	// non-RFC 3339 dates), in input order. It may be nil only if the caller accepts losing them.
	Skipped func(error)
}

// ErrNotGrouped is returned (wrapped, with the location) when streaming finds an ocid whose
// releases are not consecutive.
var ErrNotGrouped = errors.New("releases of this ocid are not consecutive: the input is not grouped by ocid (compile with the unsorted option)")

// batch is a unit of work of the pipeline: consecutive groups of releases, each of one ocid.
type batch struct {
	seq     int
	groups  [][]*RawRelease
	records []Record
}

// batchReleases is about how many releases go in one batch: large enough to amortise the
// channel operations, small enough to keep memory low.
const batchReleases = 96

// Compile reads releases from src, groups them by ocid, merges each group with m on several
// goroutines and calls emit with each record, in input order, from the calling goroutine.
// Memory does not grow with the number of ocids beyond a hash of each ocid (8 bytes) used to
// detect ungrouped input.
func Compile(ctx context.Context, src *Reader, m *Merger, opts CompileOptions, emit func(*Record) error) error {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan *batch, workers)
	results := make(chan *batch, workers)
	// tokens bounds the batches in flight, so a slow batch cannot let the others pile up.
	tokens := make(chan struct{}, 4*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range jobs {
				b.records = mergeBatch(m, b.groups, opts.Versioned)
				results <- b
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		err := group(ctx, src, opts, jobs, tokens)
		close(jobs)
		wg.Wait()
		close(results)
		readErr <- err
	}()
	err := writeInOrder(results, tokens, emit)
	if err != nil {
		cancel()
		for range results {
			<-tokens
		}
	}
	if rerr := <-readErr; err == nil {
		err = rerr
	}
	return err
}

// writeInOrder emits the records of the batches in sequence order.
func writeInOrder(results <-chan *batch, tokens <-chan struct{}, emit func(*Record) error) error {
	waiting := map[int]*batch{}
	next := 0
	for b := range results {
		waiting[b.seq] = b
		for waiting[next] != nil {
			b := waiting[next]
			delete(waiting, next)
			next++
			for i := range b.records {
				if err := emit(&b.records[i]); err != nil {
					<-tokens
					return err
				}
			}
			<-tokens
		}
	}
	return nil
}

func mergeBatch(m *Merger, groups [][]*RawRelease, versioned bool) []Record {
	out := make([]Record, len(groups))
	raws := make([][]byte, 0, 8)
	for i, g := range groups {
		rec := Record{OCID: g[0].OCID, Releases: g}
		raws = raws[:0]
		for _, r := range g {
			raws = append(raws, r.JSON)
		}
		merged, err := m.mergeTrusted(raws, versioned)
		if err != nil {
			var re *ReleaseError
			if errors.As(err, &re) && re.Index < len(g) {
				err = fmt.Errorf("%s: %w", g[re.Index].Location(), re.Err)
			}
			rec.Err = err
		} else {
			rec.Compiled, rec.Versioned, rec.Warnings = merged.Compiled, merged.Versioned, merged.Warnings
		}
		out[i] = rec
	}
	return out
}

// group reads src and sends batches of whole ocid groups to jobs.
func group(ctx context.Context, src *Reader, opts CompileOptions, jobs chan<- *batch, tokens chan<- struct{}) error {
	if opts.Unsorted {
		return groupUnsorted(ctx, src, opts, jobs, tokens)
	}
	g := &grouper{ctx: ctx, jobs: jobs, tokens: tokens}
	seed := maphash.MakeSeed()
	closed := map[uint64]struct{}{}
	var current []*RawRelease
	for {
		rel, err := nextRelease(src, opts.Skipped)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if len(current) > 0 && rel.OCID != current[0].OCID {
			closed[maphash.String(seed, current[0].OCID)] = struct{}{}
			if err := g.add(current); err != nil {
				return err
			}
			current = nil
		}
		if len(current) == 0 {
			if _, seen := closed[maphash.String(seed, rel.OCID)]; seen {
				return fmt.Errorf("%s: ocid %q: %w", rel.Location(), rel.OCID, ErrNotGrouped)
			}
		}
		current = append(current, rel)
	}
	if len(current) > 0 {
		if err := g.add(current); err != nil {
			return err
		}
	}
	return g.flush()
}

// nextRelease returns the next release, passing skipped input and warnings to report.
func nextRelease(src *Reader, report func(error)) (*RawRelease, error) {
	for {
		rel, err := src.Next()
		for _, w := range src.Warnings {
			if report != nil {
				report(w)
			}
		}
		src.Warnings = src.Warnings[:0]
		var ie *InputError
		if errors.As(err, &ie) && ie.Skipped {
			if report != nil {
				report(ie)
			}
			continue
		}
		return rel, err
	}
}

// grouper collects groups into batches.
type grouper struct {
	ctx    context.Context
	jobs   chan<- *batch
	tokens chan<- struct{}
	b      *batch
	n      int
	seq    int
}

func (g *grouper) add(grp []*RawRelease) error {
	if g.b == nil {
		g.b = &batch{seq: g.seq}
	}
	g.b.groups = append(g.b.groups, grp)
	g.n += len(grp)
	if g.n >= batchReleases {
		return g.flush()
	}
	return nil
}

func (g *grouper) flush() error {
	if g.b == nil {
		return nil
	}
	select {
	case g.tokens <- struct{}{}:
	case <-g.ctx.Done():
		return g.ctx.Err()
	}
	g.jobs <- g.b
	g.b, g.n = nil, 0
	g.seq++
	return nil
}
